// Per profile and subject: how many rules there are, how many a defect of the reference proves
// (the meta-tests require each defect to fail exactly its rules), how many say why no single
// defect can exist (noDefect), and which have neither. `npm run rule-coverage`; --json for scripts.
import { PROFILES, type ProfileId } from '../src/spec/paths.ts';
import { loadRules } from '../src/spec/load.ts';
import { SANDBOXES } from '../src/sandbox/registry.ts';
import { MERCHANTS } from '../src/merchant/registry.ts';
import { SDK_DEFECTS } from '../src/sdk-adapter/defects.ts';
import type { Defect } from '../src/reference/defects.ts';

export interface Coverage {
  profile: ProfileId;
  subject: string;
  rules: number;
  must: number;
  withDefect: number;
  mustWithDefect: number;
  noDefect: number;
  neither: string[];
}

export function ruleCoverage(): Coverage[] {
  const out: Coverage[] = [];
  for (const profile of PROFILES) {
    const catalogues: Record<string, readonly Defect[]> = {
      gateway: SANDBOXES[profile]?.defects ?? [],
      merchant: MERCHANTS[profile]?.defects ?? [],
      sdk: SDK_DEFECTS[profile] ?? [],
    };
    const rules = loadRules(profile).rules;
    for (const subject of ['gateway', 'merchant', 'sdk']) {
      const mine = rules.filter((r) => r.subject === subject);
      if (mine.length === 0) continue;
      const proven = new Set(catalogues[subject]!.flatMap((d) => d.rules));
      const withDefect = mine.filter((r) => proven.has(r.id));
      const noDefect = mine.filter((r) => !proven.has(r.id) && r.noDefect);
      out.push({
        profile,
        subject,
        rules: mine.length,
        must: mine.filter((r) => r.level === 'MUST').length,
        withDefect: withDefect.length,
        mustWithDefect: withDefect.filter((r) => r.level === 'MUST').length,
        noDefect: noDefect.length,
        neither: mine.filter((r) => !proven.has(r.id) && !r.noDefect).map((r) => r.id),
      });
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = ruleCoverage();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(rows, null, 2));
  } else {
    const pct = (a: number, b: number) => (b === 0 ? '–' : `${Math.round((100 * a) / b)} %`);
    console.log('profile          subject   rules  MUST  with defect       MUST with defect  noDefect  neither');
    let t = { rules: 0, must: 0, withDefect: 0, mustWithDefect: 0, noDefect: 0, neither: 0 };
    for (const r of rows) {
      console.log(
        `${r.profile.padEnd(16)} ${r.subject.padEnd(9)} ${String(r.rules).padStart(5)} ${String(r.must).padStart(5)}  ${`${r.withDefect} (${pct(r.withDefect, r.rules)})`.padEnd(17)} ${`${r.mustWithDefect}/${r.must}`.padEnd(17)} ${String(r.noDefect).padStart(8)}  ${r.neither.join(' ') || '-'}`,
      );
      t = {
        rules: t.rules + r.rules,
        must: t.must + r.must,
        withDefect: t.withDefect + r.withDefect,
        mustWithDefect: t.mustWithDefect + r.mustWithDefect,
        noDefect: t.noDefect + r.noDefect,
        neither: t.neither + r.neither.length,
      };
    }
    console.log(
      `${'all'.padEnd(26)} ${String(t.rules).padStart(5)} ${String(t.must).padStart(5)}  ${`${t.withDefect} (${pct(t.withDefect, t.rules)})`.padEnd(17)} ${`${t.mustWithDefect}/${t.must}`.padEnd(17)} ${String(t.noDefect).padStart(8)}  ${t.neither} rule(s)`,
    );
  }
}
