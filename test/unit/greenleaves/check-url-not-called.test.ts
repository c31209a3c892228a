// Found by the PHP g2g probe (/tmp/probe-g2ggw-php, check_url_skipped): a gateway that never calls
// check_url (off unless the shop profile enables it, digest §3.6) left GL-CB-14 (MUST) and GL-CB-15
// inconclusive, "check_url was not called (GL-CB-11 judges that)", though the result_url call those
// rules are about was there and judged. Only GL-CB-16 (check_url's method) cannot be judged.
import { afterAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { checks } from '../../../suites/greenleaves/index.ts';

const handles: SandboxHandle[] = [];
afterAll(async () => {
  for (const h of handles) await h.close();
});

test.each([
  ['gl.cb.request-method-get', 'GL-CB-14'],
  ['gl.cb.request-method-xml', 'GL-CB-15'],
])('%s without a check_url call judges %s, GL-CB-16 inconclusive', async (id, rule) => {
  const h = await startReference('greenleaves', 'gateway', ['ignores-check-url']);
  handles.push(h);
  const r = await runCheck(
    checks.find((c) => c.id === id)!,
    subjectOf(h, 'gateway'),
    { seed: 1, plan: 'full' },
  );
  const why = JSON.stringify([r.reason, r.ruleReasons]);
  expect(r.ruleOutcomes[rule], why).toBe('passed');
  expect(r.ruleOutcomes['GL-CB-16'], why).toBe('inconclusive');
  expect(r.ruleReasons?.['GL-CB-16'], why).toMatch(/check_url was not called/);
});
