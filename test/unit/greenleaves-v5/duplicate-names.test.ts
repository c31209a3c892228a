// A probe's proxy wrote a member of the v5 replies and of the merchant's answers twice, the other value
// first ({"amount":507,"amount":500}, {"status":"XokX","status":"ok"}): JSON.parse keeps the last copy,
// so paycert read the reference's own values and passed, where a gateway or a shop keeping the first
// copy (many parsers do) reads another. RFC 8259 §4: "The names within an object SHOULD be unique",
// and "When the names within an object are not unique, the behavior of software that receives such an
// object is unpredictable". Now the format rule fails (V5-RSP-07 for replies, V5-MCB-01 for answers)
// and the rules judging a value whose copies differ are not judged (inconclusive), never passed on
// the last copy.
import { afterEach, describe, expect, test } from 'vitest';
import { failed, rewrittenReference } from './rewritten-reference.ts';
import { cpuMsSince } from '../../cpu-time.ts';
import { replyRewritingProxy } from '../harness/request-proxy.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runChecks, type CheckResult } from '../../../src/harness/runner.ts';
import { CHECKS } from '../../../suites/registry.ts';
import { describeDuplicates, duplicateNames, readJson } from '../../../src/protocols/common/json-names.ts';
import { parseAnswer } from '../../../src/protocols/greenleaves-v5/callbacks.ts';

const outcomes = (results: CheckResult[]) =>
  Object.fromEntries(results.flatMap((r) => Object.entries(r.ruleOutcomes).map(([rule, o]) => [`${r.id} ${rule}`, o])));
const shown = (results: CheckResult[]) =>
  JSON.stringify(
    results.map((r) => [r.id, r.ruleOutcomes, r.reason]),
    null,
    1,
  );

describe('the reader', () => {
  test('finds a name written twice at any depth, with its object and copies; none in JSON without', () => {
    expect(duplicateNames('{"a":1,"b":{"c":[1,{"d":"x","d" : "y"}]},"e":[]}')).toEqual([
      { at: '/b/c/1', name: 'd', count: 2, copies: ['"x"', '"y"'], differ: true },
    ]);
    expect(duplicateNames('{"amount":500,"amount": 500 }')).toEqual([
      { at: '', name: 'amount', count: 2, copies: ['500', '500'], differ: false },
    ]);
    // names compared as decoded: "\u0061" is "a"; names like those of Object.prototype are names
    expect(duplicateNames('{"a":1,"\\u0061":2}')).toMatchObject([{ name: 'a', differ: true }]);
    expect(duplicateNames('{"__proto__":1,"constructor":2,"__proto__":1}')).toMatchObject([
      { name: '__proto__', differ: false },
    ]);
    // a string value that looks like a name, a name in another object, arrays of objects: no duplicates
    expect(duplicateNames('{"a":"a","b":{"a":1},"c":[{"a":1},{"a":2}],"d":"\\"a\\":"}')).toEqual([]);
    // a nested object as the copies: its text is compared
    expect(duplicateNames('{"o":{"x":1},"o":{"x":1}}')).toMatchObject([{ name: 'o', differ: false }]);
    expect(duplicateNames('{"o":{"x":1},"o":{"x":2}}')).toMatchObject([{ name: 'o', differ: true }]);
    // the JSON Pointer escapes "~" and "/"
    expect(duplicateNames('{"a/b":{"c~d":{"e":1,"e":2}}}')).toMatchObject([{ at: '/a~1b/c~0d', name: 'e' }]);
    expect(describeDuplicates(duplicateNames('{"a":{"t":"x","t":"y","t":"z","t":"w"},"n":1,"n":1}'))).toBe(
      '"t" 4 times in the object at /a ("x", then "y", then "z", …), "n" twice (1 each time)',
    );
    expect(readJson('{"x":1,"x":2}')).toMatchObject({ value: { x: 2 }, duplicates: [{ name: 'x' }] });
    expect(() => readJson('{"x":')).toThrow(SyntaxError);
  });

  test('linear: 200,000 names, all distinct or all one name, in one object and nested', () => {
    const n = 200_000;
    const distinct = `{${Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(',')}}`;
    const same = `{${Array.from({ length: n }, () => '"k":1').join(',')}}`;
    const nested = `${'{"a":'.repeat(90)}{"b":1,"b":2}${'}'.repeat(90)}`;
    const started = process.cpuUsage();
    expect(duplicateNames(distinct)).toEqual([]);
    const d = duplicateNames(same);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ count: n, copies: ['1', '1', '1'], differ: false }); // every copy compared, 3 shown
    expect(duplicateNames(nested)[0]!.at).toBe('/a'.repeat(90));
    // CPU time, not wall: a loaded machine stretched the wall time of this linear work to 8.9 s
    expect(cpuMsSince(started)).toBeLessThan(5000); // quadratic would be minutes
  });

  test('the reference gateway reads an answer whose status copies differ as no answer', () => {
    expect(parseAnswer('{"status":"XokX","status":"ok"}')).toBeUndefined();
    expect(parseAnswer('{"status":"ok","status":"ok"}')).toEqual({ status: 'ok' });
    expect(parseAnswer('{"status":"ok","shop":1,"shop":2}')).toEqual({ status: 'ok' });
  });
});

describe('gateway replies', () => {
  const judge = rewrittenReference();
  /** the first (top-level) amount of a payment reply written twice: `first` before the reply's own */
  const amountTwice =
    (first: (v: string) => string) =>
    (b: string): string =>
      b.replace(/"amount":(-?[\d.]+)/, (_m, v: string) => `"amount":${first(v)},"amount":${v}`);

  test('amount twice, another value first: V5-RSP-07 fails, the rules reading amounts are not judged', async () => {
    const r = await judge(
      ['v5.rsp.headers', 'v5.fmt.payment-replies', 'v5.flow.refund'],
      amountTwice((v) => String(Number(v) + 7)),
    );
    expect(failed(r), shown(r)).toEqual(['V5-RSP-07']);
    const o = outcomes(r);
    expect(o['v5.fmt.payment-replies V5-FMT-02'], shown(r)).toBe('inconclusive');
    expect(o['v5.flow.refund V5-FLOW-04'], shown(r)).toBe('inconclusive');
    expect(r.find((x) => x.id === 'v5.rsp.headers')!.reason).toMatch(/"amount" twice .*\(\d+(\.\d+)?, then \d/);
    expect(r.find((x) => x.id === 'v5.fmt.payment-replies')!.reason).toMatch(/"amount" twice/);
  });

  test('status twice, another word last; an operation type twice: the same', async () => {
    const r = await judge(['v5.rsp.headers', 'v5.fmt.payment-replies'], (b) =>
      b.replace(/"status":("[a-z_]+")/, '"status":$1,"status":"success"'),
    );
    expect(failed(r), shown(r)).toEqual(['V5-RSP-07']);
    expect(outcomes(r)['v5.fmt.payment-replies V5-FMT-02'], shown(r)).toBe('inconclusive');
    const nested = await judge(['v5.rsp.headers', 'v5.obj.history'], (b) =>
      b.replace(/"type":"create"/, '"type":"refund","type":"create"'),
    );
    expect(failed(nested), shown(nested)).toEqual(['V5-RSP-07']);
    expect(nested.find((x) => x.id === 'v5.rsp.headers')!.reason).toMatch(
      /"type" twice in the object at \/operations\/0/,
    );
    expect(outcomes(nested)['v5.obj.history V5-OBJ-01'], shown(nested)).toBe('inconclusive');
  });

  test('amount twice, the same value: only V5-RSP-07 fails, the amounts are judged', async () => {
    const r = await judge(
      ['v5.rsp.headers', 'v5.fmt.payment-replies'],
      amountTwice((v) => v),
    );
    expect(failed(r), shown(r)).toEqual(['V5-RSP-07']);
    expect(outcomes(r)['v5.fmt.payment-replies V5-FMT-02'], shown(r)).toBe('passed');
  });
});

describe('merchant answers', () => {
  const closing: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of closing.splice(0)) await c();
  });

  /** Every merchant check against a fresh reference merchant whose answers' status is rewritten. */
  async function judgeMerchant(status: (word: string) => string): Promise<CheckResult[]> {
    const h = await startReference('greenleaves-v5', 'merchant');
    closing.push(() => h.close());
    const proxy = await replyRewritingProxy(new URL(h.url).origin, (b) =>
      b.replace(/^\{"status":"([a-z]+)"/, (_m, w: string) => `{${status(w)}`),
    );
    closing.push(() => proxy.close());
    const at = (u: string) => `${proxy.url}${new URL(u).pathname}`;
    const s = subjectOf(h, 'merchant');
    const subject = { ...s, baseUrl: at(s.baseUrl), checkUrl: at(s.checkUrl!) };
    const checks = CHECKS['greenleaves-v5'].filter((c) => c.subject === 'merchant');
    return runChecks(checks, subject, { seed: 1, plan: 'full', runs: 2 });
  }

  const judgedOk = (r: CheckResult[]) =>
    Object.entries(outcomes(r))
      // V5-MCB-10 is no decision: what every answer shows of the secret key (none here)
      .filter(([k, o]) => o === 'passed' && !k.endsWith('V5-MCB-01') && !k.endsWith('V5-MCB-10'))
      .map(([k]) => k);

  test.each([
    ['another word first', (w: string) => `"status":"X${w}X","status":"${w}"`],
    ['another word last', (w: string) => `"status":"${w}","status":"X${w}X"`],
  ])('status twice, %s: V5-MCB-01 fails, no decision is judged', async (_what, status) => {
    const r = await judgeMerchant(status);
    expect(failed(r), shown(r)).toEqual(['V5-MCB-01']);
    expect(judgedOk(r), shown(r)).toEqual([]);
    expect(r.find((x) => x.id === 'v5.mcb.genuine')!.reason).toMatch(/"status" twice \("X?okX?", then "X?okX?"\)/);
  });

  test('status twice, the same word: only V5-MCB-01 fails, the decisions are judged', async () => {
    const r = await judgeMerchant((w) => `"status":"${w}","status":"${w}"`);
    expect(failed(r), shown(r)).toEqual(['V5-MCB-01']);
    expect(outcomes(r)['v5.mcb.check-cannot-take V5-MCB-09'], shown(r)).toBe('passed');
    expect(outcomes(r)['v5.mcb.forged V5-MCB-02'], shown(r)).toBe('passed');
  });
});
