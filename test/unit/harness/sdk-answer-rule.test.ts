// A probe's Python v5 SDK put its key into the error messages it gave its caller; the reports showed
// "[secret]" and no rule judged it. The rule about what an SDK reports (sdkChecks in suites/sdk-support.ts)
// is judged on every answer of every SDK check as it arrives (CheckContext.onSdkAnswer): a leak fails it
// wherever it shows, names the operation and the answer's field without quoting the secret, and ends
// nothing (a property runs on, the check's other rules are judged as before); a check that got no answer
// had nothing of it to judge (skipped), unless it is the rule's own check (inconclusive there).
import { afterAll, expect, test } from 'vitest';
import fc from 'fast-check';
import { runCheck } from '../../../src/harness/runner.ts';
import { closeAdapters } from '../../../src/harness/sdk.ts';
import { LIMITS, type Subject } from '../../../src/harness/subject.ts';
import type { CheckContext, CheckSpec } from '../../../src/harness/check.ts';
import { sdkCredentials } from '../../../src/spec/credentials.ts';
import { sdkChecks } from '../../../suites/sdk-support.ts';

afterAll(() => closeAdapters());

const RULE = 'GL-SDK-09'; // any sdk rule id: the harness reads only the checks' citations
const OWN = 'GL-SDK-01';

/** An adapter that answers `leak` with an error naming the secret key it was given, `exit` by exiting,
 *  any other operation with a success. */
const ADAPTER = `require('readline').createInterface({ input: process.stdin }).on('line', (l) => {
  const r = JSON.parse(l);
  if (r.op === 'exit') process.exit(3);
  const a = r.op === 'leak'
    ? { ok: false, error: { kind: 'rejected', code: '3003', message: 'already exists (auth 1 key ' + r.credentials.secretKey + ')' } }
    : { ok: true, output: { fields: { pg_status: 'ok' } } };
  process.stdout.write(JSON.stringify({ id: r.id, ...a }) + '\\n');
});`;

const subject: Subject = {
  profile: 'greenleaves',
  kind: 'sdk',
  target: 'reference',
  baseUrl: 'http://127.0.0.1:9',
  capabilities: [],
  limits: LIMITS.reference,
  slow: false,
  sdk: { command: [process.execPath, '-e', ADAPTER] },
};

const judge = (rules: string[], run: (t: CheckContext<'greenleaves'>) => Promise<void>) => {
  const spec: CheckSpec<'greenleaves'> = { id: 'test.sdk', title: 't', rules, run };
  const [check] = sdkChecks({ profile: 'greenleaves', subject: 'sdk', area: 'sdk' }, [spec], {
    rule: RULE,
    secret: 'secret key',
  });
  return runCheck(check!, subject, { seed: 1, plan: 'full', runs: 5 });
};

test('every check cites the rule; a secret in an error message fails it, named by operation and field', async () => {
  const r = await judge([OWN], async (t) => {
    const sdk = await t.sdk();
    await sdk.call('status.get', { fields: {} });
    await sdk.call('leak', { fields: {} });
    await sdk.call('leak', { fields: {} });
    t.expect(OWN, true, '');
  });
  expect(r.rules).toEqual([OWN, RULE]);
  expect(r.ruleOutcomes).toEqual({ [OWN]: 'passed', [RULE]: 'failed' });
  // once per place, whatever the number of answers showing it
  expect(r.failures.map((f) => f.message)).toEqual([
    "leak: the SDK's answer shows the secret key (error.message): every log and error report of its caller keeps it",
  ]);
  const secret = sdkCredentials('greenleaves').secretKey;
  expect(JSON.stringify(r)).not.toContain(secret);
  expect(JSON.stringify(r.evidence)).not.toContain(secret);
  expect(JSON.stringify(r.evidence)).toContain('[secret]');
});

test('clean answers pass it; a leak inside a property ends no case', async () => {
  const clean = await judge([OWN], async (t) => {
    const sdk = await t.sdk();
    await sdk.call('status.get', { fields: {} });
    t.expect(OWN, true, '');
  });
  expect(clean.ruleOutcomes).toEqual({ [OWN]: 'passed', [RULE]: 'passed' });
  let cases = 0;
  const r = await judge([OWN], async (t) => {
    const sdk = await t.sdk();
    await t.property(OWN, fc.integer(), async () => {
      cases++;
      await sdk.call('leak', { fields: {} });
      t.expect(OWN, true, '');
    });
  });
  expect(cases).toBe(5);
  expect(r.ruleOutcomes).toEqual({ [OWN]: 'passed', [RULE]: 'failed' });
});

test('a check that got no answer has no result for it; the rule’s own check, inconclusive', async () => {
  const none = async (t: CheckContext<'greenleaves'>) => {
    await (await t.sdk()).call('exit', { fields: {} });
  };
  const other = await judge([OWN], none);
  expect(other.outcome).toBe('inconclusive');
  // nothing of it judged: not among the check's rules, so a rule passed by other checks is not "partly"
  expect(other.ruleOutcomes).toEqual({ [OWN]: 'inconclusive' });
  expect(other.rules).toEqual([OWN]);
  const own = await judge([RULE], none);
  expect(own.ruleOutcomes).toEqual({ [RULE]: 'inconclusive' });
});

test('an answer judged stands however the check ends, and is never marked judged in part', async () => {
  const r = await judge([OWN], async (t) => {
    const sdk = await t.sdk();
    await sdk.call('status.get', { fields: {} });
    for (const rule of t.check.rules) t.judgedInPart(rule, 'the SDK does not support payment.refund');
    t.expect(OWN, true, '');
    t.inconclusive('then nothing more');
  });
  expect(r.ruleOutcomes[RULE]).toBe('passed');
  expect(r.partly ?? {}).toEqual({});
});
