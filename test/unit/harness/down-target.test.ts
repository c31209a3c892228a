import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROFILES } from '../../../src/spec/paths.ts';
import type { SubjectKind } from '../../../src/spec/load.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runChecks } from '../../../src/harness/runner.ts';
import { CHECKS } from '../../../suites/registry.ts';

// A target that is fully down makes every check inconclusive (or skipped): never a failed rule,
// and never a rejection nobody awaited (that alone turns the run into exit 1). The subject is a
// reference that was started and closed again, so every request is refused.
const unhandled: unknown[] = [];
const record = (e: unknown) => void unhandled.push(e);
beforeAll(() => void process.on('unhandledRejection', record));
afterAll(() => void process.off('unhandledRejection', record));

const cases = PROFILES.flatMap((p) =>
  (['gateway', 'merchant'] as SubjectKind[])
    .filter((k) => CHECKS[p].some((c) => c.subject === k))
    .map((k) => [p, k] as const),
);

describe.each(cases)('%s %s down', (profile, kind) => {
  test('no failed rule, no unhandled rejection', async () => {
    unhandled.length = 0;
    const h = await startReference(profile, kind);
    const subject = subjectOf(h, kind);
    await h.close();
    const results = await runChecks(
      CHECKS[profile].filter((c) => c.subject === kind),
      subject,
      { seed: 1, plan: 'full', runs: 1 },
    );
    await new Promise((r) => setTimeout(r, 50)); // let a stray rejection surface
    expect(results.filter((r) => r.outcome === 'failed').map((r) => `${r.id}: ${r.reason}`)).toEqual([]);
    expect(results.some((r) => r.outcome === 'inconclusive')).toBe(true);
    expect(unhandled.map(String)).toEqual([]);
  });
});
