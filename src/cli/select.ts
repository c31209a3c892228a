import type { Check, Plan } from '../harness/check.ts';
import type { ProfileId } from '../spec/paths.ts';
import { ruleIndex } from '../spec/load.ts';
import { CHECKS } from '../../suites/registry.ts';
import { UsageError } from './errors.ts';

export interface Filters {
  grep?: string;
  rules?: string[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether --grep and --rule select the check (the same test as the name pattern selectChecks makes). */
export function matchesFilters(c: Pick<Check, 'id' | 'title' | 'rules'>, f: Filters): boolean {
  return (
    (f.grep === undefined || c.id.includes(f.grep) || c.title.includes(f.grep)) &&
    (!f.rules?.length || c.rules.some((r) => f.rules!.includes(r)))
  );
}

/** The checks of these subjects that a run selects: with `plan`, only those in it; with `only` (--check),
 *  only those; with `filters`, only those --grep and --rule select. The one selection every part of a
 *  run uses (the name pattern, the files, the expected checks, the one-worker decision). */
export function pickChecks(
  subjects: ReadonlyArray<{ profile: ProfileId; kind: string }>,
  o: { plan?: Plan; only?: readonly string[]; filters?: Filters } = {},
): Check[] {
  return subjects.flatMap((s) =>
    CHECKS[s.profile].filter(
      (c) =>
        c.subject === s.kind &&
        (o.plan === undefined || (c.plans ?? ['full']).includes(o.plan)) &&
        (!o.only || o.only.includes(c.id)) &&
        (!o.filters || matchesFilters(c, o.filters)),
    ),
  );
}

/** The checks a run's filters select, for these profiles and subjects. A filter that selects nothing
 *  (or names an unknown rule) is a usage error, never an empty pass. Returns the vitest test name
 *  pattern that runs exactly them (undefined without filters). */
export function selectChecks(
  subjects: Array<{ profile: ProfileId; kind: string }>,
  plan: Plan,
  f: Filters,
): RegExp | undefined {
  if (f.grep === undefined && !f.rules?.length) return undefined;
  const profiles = [...new Set(subjects.map((s) => s.profile))];
  for (const id of f.rules ?? []) {
    if (!profiles.some((p) => ruleIndex(p).has(id)))
      throw new UsageError(`--rule ${id} is not a rule of ${profiles.join(', ')} (paycert list shows them)`);
  }
  const selected = pickChecks(subjects, { filters: f });
  const what = [
    f.grep !== undefined ? `--grep ${JSON.stringify(f.grep)}` : '',
    f.rules?.length ? `--rule ${f.rules.join(',')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const where = subjects.map((s) => `${s.profile}/${s.kind}`).join(', ');
  if (selected.length === 0) throw new UsageError(`${what} matches no check of ${where} (paycert list shows them)`);
  if (!selected.some((c) => (c.plans ?? ['full']).includes(plan)))
    throw new UsageError(`${what} matches no check of the ${plan} plan (${selected.length} in other plans)`);
  return new RegExp(`(?:^|\\s)(?:${selected.map((c) => escape(c.id)).join('|')}) — `);
}

/** The whole selection (--check and --shard with --grep, --rule and the plan) must select a check, as
 *  a filter alone must: `--check X --grep Y` that cannot overlap, `--check X --plan smoke` for a check
 *  of the full plan only, or a shard left empty ran nothing and ended exit 3 ("nothing judged"). */
export function requireSelected(
  subjects: Array<{ profile: ProfileId; kind: string }>,
  plan: Plan,
  o: { only?: readonly string[]; check?: readonly string[]; shard?: { index: number; count: number } },
  f: Filters,
): void {
  if (!o.only || pickChecks(subjects, { plan, only: o.only, filters: f }).length > 0) return;
  const where = subjects.map((s) => `${s.profile}/${s.kind}`).join(', ');
  if (o.shard) {
    const split = pickChecks(subjects, { plan, only: o.check, filters: f }).length;
    if (split > 0)
      throw new UsageError(
        `--shard ${o.shard.index}/${o.shard.count} holds no check: the ${split} checks selected (kept together by the rules they share) fill fewer than ${o.shard.count} shards; give a smaller N`,
      );
  }
  const what =
    [
      o.check?.length ? `--check ${o.check.join(' --check ')}` : '',
      f.grep !== undefined ? `--grep ${JSON.stringify(f.grep)}` : '',
      f.rules?.length ? `--rule ${f.rules.join(',')}` : '',
    ]
      .filter(Boolean)
      .join(' ') || `--shard ${o.shard?.index}/${o.shard?.count}`;
  const inOtherPlans = pickChecks(subjects, { only: o.check, filters: f }).length;
  if (inOtherPlans > 0)
    throw new UsageError(`${what} selects no check of the ${plan} plan (${inOtherPlans} in other plans)`);
  throw new UsageError(
    `${what} selects no check of ${where}: no check is selected by all of them (paycert list shows each check's rules)`,
  );
}
