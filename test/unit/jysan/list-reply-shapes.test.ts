// Probe 25 (gateways-go, finding 1): a Go gateway reusing the status reply's struct for the period
// list wrote <operations><operation>…</operation></operations>; jy.flow.list read ops.rec.map and
// crashed ("internal error of paycert"), leaving JY-LST-02 and the signature rules it judges (JY-SIG-01,
// JY-SIG-11, JY-SIG-12) inconclusive on a run that said passed. A list of any shape is now JY-LST-02's
// failure, naming what it holds; and no Jysan gateway check throws on an XML reply of another shape
// than documented (an element where text is, an element repeated, elements left empty or out).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { replyRewritingProxy } from '../harness/request-proxy.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runChecks } from '../../../src/harness/runner.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { parseReply } from '../../../src/protocols/jysan/xml.ts';
import { CHECKS } from '../../../suites/registry.ts';
import { listedRecs } from '../../../suites/jysan/operations.checks.ts';

const opsOf = (inner: string) => parseReply(`<result><code>0</code>${inner}</result>`).result.operations;

describe('listedRecs reads any parsed <operations> without throwing', () => {
  test.each([
    ['absent', '', 0, undefined],
    ['empty', '<operations/>', 0, undefined],
    ['one rec', '<operations><rec><order_id>1</order_id></rec></operations>', 1, undefined],
    [
      'two rec',
      '<operations><rec><order_id>1</order_id></rec><rec><order_id>2</order_id></rec></operations>',
      2,
      undefined,
    ],
    [
      '<operation> for <rec>',
      '<operations><operation><order_id>1</order_id></operation></operations>',
      0,
      /holds <operation>, not <rec>/,
    ],
    ['a single <operation>', '<operations><operation/></operations>', 0, /holds <operation>, not <rec>/],
    ['text', '<operations>none</operations>', 0, /holds the text "?none/],
    [
      'two <operations>',
      '<operations><rec/></operations><operations><rec/></operations>',
      0,
      /2 <operations> elements/,
    ],
    [
      'a <rec> of text',
      '<operations><rec>1</rec><rec><order_id>2</order_id></rec></operations>',
      1,
      /1 <rec> of the list hold text/,
    ],
    [
      'rec beside another element',
      '<operations><rec><order_id>1</order_id></rec><count>1</count></operations>',
      1,
      /holds <count>, not <rec>/,
    ],
  ])('%s', (_, inner, n, wrong) => {
    const { recs, wrong: got } = listedRecs(opsOf(inner));
    expect(recs).toHaveLength(n);
    if (wrong) expect(got).toMatch(wrong);
    else expect(got).toBeUndefined();
  });
});

let h: SandboxHandle;
let proxy: { url: string; close: () => void };
let rewrite = (b: string) => b;
// the XML operations (status, cancel, list, confirm; a payment posts TERMINAL and no DATE_FROM/REV_AMOUNT)
const xmlOp = (sent: string) => /(^|&)(GETSTATUS|REV_AMOUNT|DATE_FROM)=/.test(sent) || !/(^|&)TERMINAL=/.test(sent);
let which = xmlOp;

beforeAll(async () => {
  h = await startReference('jysan', 'gateway');
  proxy = await replyRewritingProxy(h.url, (body, { url, sent }) =>
    url === '/ecom/api' && which(sent.toString('latin1')) ? rewrite(body) : body,
  );
});
afterAll(async () => {
  proxy?.close();
  await h?.close();
});

async function run(how: (b: string) => string, only: (sent: string) => boolean, ids?: string[]) {
  rewrite = how;
  which = only;
  const subject = { ...subjectOf(h, 'gateway'), baseUrl: proxy.url };
  const checks = CHECKS.jysan.filter((c) => c.subject === 'gateway' && (!ids || ids.includes(c.id)));
  return runChecks(checks, subject, { seed: 1, plan: 'full', runs: 1 });
}

const listOnly = (sent: string) => /(^|&)DATE_FROM=/.test(sent);

describe('a period list of another shape fails JY-LST-02 and nothing else; the signature rules stay judged', () => {
  test.each([
    [
      '<operation> for <rec> (Go encoding/xml)',
      (b: string) => b.replace(/<(\/?)rec>/g, '<$1operation>'),
      /<operations> holds <operation>, not <rec>/,
    ],
    [
      '<operations> doubled',
      (b: string) => b.replace(/<operations>.*<\/operations>/s, '$&$&'),
      /2 <operations> elements/,
    ],
    ['<rec> holding text', (b: string) => b.replace(/<rec>.*?<\/rec>/s, '<rec>x</rec>'), /<rec> of the list hold text/],
  ])('%s', async (_, how, why) => {
    const [r] = await run(how, listOnly, ['jy.flow.list']);
    expect(r!.reason ?? '').not.toMatch(/internal error/);
    expect(new Set(r!.failures.map((f) => f.rule))).toEqual(new Set(['JY-LST-02']));
    expect(r!.failures.map((f) => f.message).join('\n')).toMatch(why);
    expect(r!.failures[0]!.message).toMatch(why);
    expect(r!.ruleOutcomes?.['JY-LST-01']).toBe('passed');
    // the signature rules this check cites only for a refusal (code 21): none came, so they are left to the
    // checks that judge them (jy.kat.vectors, jy.sig.xml-operations), never failed nor an internal error
    for (const rule of ['JY-SIG-01', 'JY-SIG-11', 'JY-SIG-12']) {
      expect(r!.ruleOutcomes?.[rule], rule).toBe('inconclusive');
      expect(r!.ruleReasons?.[rule], rule).toMatch(/never reached an assertion of .* after the failure of JY-LST-02/);
    }
  });
});

// every element of the result's content made another shape: no check may throw on it (its rules may
// fail or be inconclusive, as the reply shows)
const inResult = (b: string, f: (inner: string) => string) =>
  b.replace(/(<result>)(.*)(<\/result>)/s, (_, a: string, inner: string, z: string) => a + f(inner) + z);
const leaf = /<([a-z_]+)>([^<]*)<\/\1>/g;
describe.each([
  ['every text element nested', (b: string) => inResult(b, (s) => s.replace(leaf, '<$1><v>$2</v></$1>'))],
  ['every text element repeated', (b: string) => inResult(b, (s) => s.replace(leaf, '$&$&'))],
  ['each list <rec> written <operation> (Go encoding/xml)', (b: string) => b.replace(/<(\/?)rec>/g, '<$1operation>')],
  ['<operation> repeated', (b: string) => b.replace(/<operation>.*<\/operation>/s, '$&$&')],
  [
    '<operations> and <rec> repeated',
    (b: string) => b.replace(/<operations>.*<\/operations>/s, '$&$&').replace(/<rec>.*?<\/rec>/gs, '$&$&'),
  ],
  ['every text element emptied', (b: string) => inResult(b, (s) => s.replace(leaf, '<$1/>'))],
  ['<operation> and <operations> as text', (b: string) => b.replace(/<(operations?)>.*<\/\1>/s, '<$1>x</$1>')],
])('XML replies with %s', (_, how) => {
  test('no Jysan gateway check ends in an internal error', async () => {
    const results = await run((b) => (b.includes('<result>') ? how(b) : b), xmlOp);
    expect(results.length).toBe(CHECKS.jysan.filter((c) => c.subject === 'gateway').length);
    const crashed = results.filter((r) => /internal error/.test(r.reason ?? ''));
    expect(crashed.map((r) => `${r.id}: ${r.reason}`)).toEqual([]);
  });
});
