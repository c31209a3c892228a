import { expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runChecks } from '../../../src/harness/runner.ts';
import { checks } from '../../../suites/greenleaves/returns.checks.ts';

// the tolerance meta-tests judge variants as real targets, which have no scripted payer: the return
// checks are judged here against the variant on the reference, payer included
test('greenleaves: the payer-return checks pass against the variant return-error-fields', async () => {
  const h = await startReference('greenleaves', 'gateway', [], ['return-error-fields']);
  try {
    const results = await runChecks(checks, subjectOf(h, 'gateway'), { seed: 20261129, plan: 'full' });
    expect(results.map((r) => `${r.id} ${r.outcome} ${r.reason ?? ''}`.trim()).sort()).toEqual(
      checks.map((c) => `${c.id} passed`).sort(),
    );
  } finally {
    await h.close();
  }
});
