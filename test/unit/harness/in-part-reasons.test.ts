// A rule judged in part for two reasons keeps both: before, the second judgedInPart replaced the first,
// so the certificate named only the last thing not judged (few() joined its own reason by hand).
import { expect, test } from 'vitest';
import { runCheck } from '../../../src/harness/runner.ts';
import { jysanCheck, offlineSubject } from './offline-check.ts';

test('every distinct reason a rule was judged in part is kept, each once', async () => {
  const check = jysanCheck('test.in-part', ['JY-SIG-01', 'JY-SIG-02'], async (t) => {
    t.expect('JY-SIG-01', true, '');
    t.expect('JY-SIG-02', true, '');
    t.judgedInPart('JY-SIG-01', 'the status operation is not supported');
    t.judgedInPart('JY-SIG-01', '3 of 9 cases sent');
    t.judgedInPart('JY-SIG-01', 'the status operation is not supported');
    t.judgedInPart('JY-SIG-02', '3 of 9 cases sent');
  });
  const r = await runCheck(check, offlineSubject('reference'), { seed: 1, plan: 'full' });
  expect(r.outcome).toBe('passed');
  expect(r.partly).toEqual({
    'JY-SIG-01': 'the status operation is not supported; also 3 of 9 cases sent',
    'JY-SIG-02': '3 of 9 cases sent',
  });
});
