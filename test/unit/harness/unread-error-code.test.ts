// Probe 24: a front gzipping the gateway's replies without Content-Encoding. Every rule of the check was
// inconclusive on the body paycert could not read, but V5-ERR-01 was warned from it ("HTTP 422, a body
// that is not JSON …; want error.code 2001"): a refusal whose body cannot be read shows no error code.
import { expect, test } from 'vitest';
import { rewrittenReference } from '../greenleaves-v5/rewritten-reference.ts';

const judge = rewrittenReference();

test('v5.body.violations: a refusal whose body paycert cannot read judges no error code (V5-ERR-01 inconclusive, the refusal and its HTTP status still judged)', async () => {
  // every error reply's body replaced by bytes that are no JSON (what a gzip body without its header reads as)
  const [r] = await judge(['v5.body.violations'], (b) => (b.includes('"error"') ? '\x1f\x8b\x08\x00garbled' : b));
  expect([r!.ruleOutcomes['V5-ERR-01'], r!.ruleOutcomes['V5-BODY-02'], r!.ruleOutcomes['V5-ERR-04']]).toEqual([
    'inconclusive',
    'passed',
    'passed',
  ]);
  expect(r!.ruleReasons?.['V5-ERR-01']).toMatch(/a body paycert could not read as JSON carries no error code to judge/);
});

// review A #7: a refusal whose body cannot be read, beside others whose code is read and right: the rule
// passed on the readable ones, marked partly with why (cannotJudge alone was undone by the other cases'
// judgement, and V5-ERR-01 read as passed in full)
test('v5.body.violations: some refusals unreadable, the others read: V5-ERR-01 passed partly, naming the unreadable body', async () => {
  let n = 0;
  const [r] = await judge(['v5.body.violations'], (b) =>
    b.includes('"error"') && n++ % 2 === 0 ? '\x1f\x8b\x08\x00garbled' : b,
  );
  expect(n).toBeGreaterThan(2);
  expect([r!.ruleOutcomes['V5-ERR-01'], r!.ruleOutcomes['V5-BODY-02'], r!.ruleOutcomes['V5-ERR-04']]).toEqual([
    'passed',
    'passed',
    'passed',
  ]);
  expect(r!.partly?.['V5-ERR-01']).toMatch(/a body paycert could not read as JSON carries no error code to judge/);
});
