import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ruleCoverage } from '../../scripts/rule-coverage.ts';
import { PROFILES, ROOT } from '../../src/spec/paths.ts';
import { hasRules, loadRules } from '../../src/spec/load.ts';
import type { Check } from '../../src/harness/check.ts';
import type { Defect } from '../../src/reference/defects.ts';
import { CHECKS as BY_PROFILE } from '../../suites/registry.ts';
import { SANDBOXES } from '../../src/sandbox/registry.ts';
import { MERCHANTS } from '../../src/merchant/registry.ts';
import { SDK_DEFECTS } from '../../src/sdk-adapter/defects.ts';

const CHECKS: Check[] = Object.values(BY_PROFILE).flat();
const DEFECTS: Array<[string, readonly Defect[]]> = [
  ...Object.entries(SANDBOXES).map(([p, e]): [string, readonly Defect[]] => [`${p} gateway`, e.defects]),
  ...Object.entries(MERCHANTS).flatMap(([p, e]): Array<[string, readonly Defect[]]> =>
    e ? [[`${p} merchant`, e.defects]] : [],
  ),
  ...Object.entries(SDK_DEFECTS).map(([p, d]): [string, readonly Defect[]] => [`${p} sdk`, d]),
];

describe('rule coverage', () => {
  test('every profile has its rules (specs/<profile>/rules.json)', () => {
    expect(PROFILES.filter((p) => !hasRules(p))).toEqual([]);
  });
  for (const profile of PROFILES.filter(hasRules)) {
    const rules = loadRules(profile).rules;
    const checks = CHECKS.filter((c) => c.profile === profile);
    test(`${profile}: every rule has a check`, () => {
      const cited = new Set(checks.flatMap((c) => c.rules));
      expect(rules.filter((r) => !cited.has(r.id)).map((r) => r.id)).toEqual([]);
    });
    test(`${profile}: a reference merchant exists exactly when there are merchant rules, and each reference has its meta-tests`, () => {
      expect(MERCHANTS[profile] !== null, 'MERCHANTS entry (src/merchant/registry.ts)').toBe(
        rules.some((r) => r.subject === 'merchant'),
      );
      const metaFiles = [`${profile}.test.ts`, ...(MERCHANTS[profile] ? [`${profile}-merchant.test.ts`] : [])];
      expect(metaFiles.filter((f) => !existsSync(join(ROOT, 'test', 'meta', f)))).toEqual([]);
    });
    test(`${profile}: every check names known rules of its subject`, () => {
      const known = new Map(rules.map((r) => [r.id, r.subject]));
      const bad = checks.flatMap((c) => c.rules.filter((r) => known.get(r) !== c.subject).map((r) => `${c.id} → ${r}`));
      expect(bad).toEqual([]);
    });
  }
  test('slow flags agree: a slow check cites a slow rule, and a slow rule is judged against a real target only by slow checks', () => {
    const REFERENCE_ONLY = new Set(['clock', 'payer', 'acs', 'inspect']);
    // judged at once only when the target offers the case (a first result_url call saying pg_can_reject=0)
    const QUICK_WHEN_OFFERED: Record<string, string> = { 'GL-CB-09': 'gl.cb.reject' };
    const bad: string[] = [];
    for (const profile of PROFILES.filter(hasRules)) {
      const rules = new Map(loadRules(profile).rules.map((r) => [r.id, r]));
      const checks = CHECKS.filter((c) => c.profile === profile);
      for (const c of checks.filter((x) => x.slow)) {
        if (!c.rules.some((id) => rules.get(id)?.slow)) bad.push(`${c.id} is slow but cites no slow rule`);
      }
      for (const r of [...rules.values()].filter((x) => x.slow)) {
        // checks that could judge the rule against a real target without --slow
        const quick = checks.filter(
          (c) =>
            c.rules.includes(r.id) &&
            !c.slow &&
            !(c.needs ?? []).some((n) => REFERENCE_ONLY.has(n)) &&
            QUICK_WHEN_OFFERED[r.id] !== c.id,
        );
        for (const c of quick) bad.push(`${r.id} is slow but ${c.id} judges it quickly against a real target`);
      }
    }
    expect(bad).toEqual([]);
  });
  test('every rule is proven by a defect or says why none can exist (noDefect); at least 90 % by a defect', () => {
    const rows = ruleCoverage();
    expect(rows.flatMap((r) => r.neither.map((id) => `${r.profile}/${r.subject} ${id}`))).toEqual([]);
    const all = rows.reduce((n, r) => n + r.rules, 0);
    const proven = rows.reduce((n, r) => n + r.withDefect, 0);
    expect(proven / all).toBeGreaterThanOrEqual(0.9);
  });
  test('check ids are unique', () => {
    const ids = CHECKS.map((c) => c.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });
  test.each(DEFECTS)('%s: every defect names known rules that some check cites', (profile, defects) => {
    const known = new Set(loadRules(profile.split(' ')[0] as never).rules.map((r) => r.id));
    const cited = new Set(CHECKS.flatMap((c) => c.rules));
    const bad = defects.flatMap((d) =>
      d.rules.filter((r) => !known.has(r) || !cited.has(r)).map((r) => `${d.id} → ${r}`),
    );
    expect(bad).toEqual([]);
    expect(new Set(defects.map((d) => d.id)).size).toBe(defects.length);
  });
});
