import type { Check } from './check.ts';

/** The most checks a rule may be cited by and still keep them in one shard (a check and its companion).
 *  A rule judged beside many others (JY-ERR-01 on every coded refusal, GL-TX-09 on every reply's pg_status, V5-ERR-01 on
 *  every refusal) would glue a profile's checks into one group and leave the other shards empty; its
 *  verdict is whole in the merge, which judges every shard's results together. */
export const GLUING_CITATIONS = 2;

/** Checks that cite a common rule (one cited by at most GLUING_CITATIONS of them), transitively: a
 *  shard takes such a group whole, so the rule's verdict in that shard's own certificate is whole. */
export function ruleGroups(checks: Check[]): Check[][] {
  const parent = checks.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const key = (c: Check, r: string) => `${c.profile}/${c.subject}/${r}`;
  const cited = new Map<string, number>();
  for (const c of checks) for (const r of new Set(c.rules)) cited.set(key(c, r), (cited.get(key(c, r)) ?? 0) + 1);
  const byRule = new Map<string, number>();
  checks.forEach((c, i) => {
    for (const r of c.rules) {
      if (cited.get(key(c, r))! > GLUING_CITATIONS) continue;
      const j = byRule.get(key(c, r));
      if (j === undefined) byRule.set(key(c, r), i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, Check[]>();
  checks.forEach((c, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), c]));
  return [...groups.values()];
}

/** `--shard i/n` (1-based): the check ids of shard i. Deterministic: groups sorted by size then
 *  first id, each to the shard with the fewest checks so far (lowest index on ties). */
export function shardChecks(checks: Check[], index: number, count: number): string[] {
  const groups = ruleGroups(checks)
    .map((g) => g.map((c) => c.id).sort())
    .sort((a, b) => b.length - a.length || (a[0]! < b[0]! ? -1 : 1));
  const load = Array.from({ length: count }, () => 0);
  const out: string[][] = Array.from({ length: count }, () => []);
  for (const g of groups) {
    const k = load.indexOf(Math.min(...load));
    load[k]! += g.length;
    out[k]!.push(...g);
  }
  return out[index - 1]!.sort();
}

/** The most shards a run may be split into: far above the rule groups of any plan, and small enough
 *  that shardChecks' per-shard arrays stay cheap (`1/1000000` overflowed the stack, `1/1e23` was an
 *  invalid array length, `1/100000000` ran for minutes). */
export const MAX_SHARDS = 1000;

export function parseShard(s: string): { index: number; count: number } | undefined {
  const m = /^(\d{1,4})\/(\d{1,4})$/.exec(s);
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return index >= 1 && index <= count && count <= MAX_SHARDS ? { index, count } : undefined;
}
