// Jysan XML replies of another shape than the rules expect (scripts/probe: nest, dup, huge-one).
// A status reply read back to see another request's effect (3-D Secure's second step, confirm, a
// decline) that shows no state of the order ends the check inconclusive; it used to fail the rule
// the read-back served (JY-3DS-03, JY-CNF-01: "status undefined") or pass one (JY-3DS-01: "not S").
// The status reply's own form stays judged where JY-STA-03 is: a nested <status> fails it there.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { replyRewritingProxy } from '../harness/request-proxy.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runChecks } from '../../../src/harness/runner.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { CHECKS } from '../../../suites/registry.ts';

let h: SandboxHandle;
let proxy: { url: string; close: () => void };
let proxyUrl: string;
let rewrite = (b: string) => b;
// which requests' replies are rewritten: status requests, or every XML operation (not a payment)
let which = (sent: string) => /(^|&)GETSTATUS=1(&|$)/.test(sent);

beforeAll(async () => {
  h = await startReference('jysan', 'gateway');
  // rewrite the replies to the requests `which` picks
  proxy = await replyRewritingProxy(h.url, (body, { url, sent }) =>
    url === '/ecom/api' && which(sent.toString('latin1')) ? rewrite(body) : body,
  );
  proxyUrl = proxy.url;
});
afterAll(async () => {
  proxy?.close();
  await h?.close();
});

async function run(how: (b: string) => string, ids: string[], only = which) {
  rewrite = how;
  which = only;
  const subject = { ...subjectOf(h, 'gateway'), baseUrl: proxyUrl };
  const checks = CHECKS.jysan.filter((c) => ids.includes(c.id));
  expect(checks).toHaveLength(ids.length);
  return runChecks(checks, subject, { seed: 1, plan: 'full', runs: 1 });
}

const nestCode = (b: string) => b.replace(/<code>([^<]*)<\/code>/, '<code><v>$1</v></code>');
const nestStatus = (b: string) => b.replace(/<status>([^<]*)<\/status>/, '<status><v>$1</v></status>');

describe('status replies the read-back cannot read', () => {
  test('no <code> (nested): inconclusive, nothing failed', async () => {
    const results = await run(nestCode, ['jy.3ds.challenge', 'jy.flow.confirm', 'jy.flow.declined']);
    for (const r of results) {
      expect(r.failures, r.id).toEqual([]);
      expect(r.outcome, r.id).toBe('inconclusive');
      expect(r.reason, r.id).toMatch(/status reply carries no single code/);
    }
  });

  test('an element for <status>: the read-backs inconclusive, JY-STA-03 failed where it is judged', async () => {
    const results = await run(nestStatus, ['jy.3ds.challenge', 'jy.flow.confirm', 'jy.flow.declined']);
    const by = new Map(results.map((r) => [r.id, r]));
    for (const id of ['jy.3ds.challenge', 'jy.flow.confirm']) {
      expect(by.get(id)!.failures, id).toEqual([]);
      expect(by.get(id)!.outcome, id).toBe('inconclusive');
      expect(by.get(id)!.reason, id).toMatch(/<operation> holds an element where <status> has text/);
    }
    const declined = by.get('jy.flow.declined')!;
    expect(declined.outcome).toBe('failed');
    expect(new Set(declined.failures.map((f) => f.rule))).toEqual(new Set(['JY-STA-03']));
  });
});

// every XML operation's reply with its <code> nested, or followed by a second <code> with a child
const xmlOps = (sent: string) => /(^|&)(GETSTATUS|REV_AMOUNT|DATE_FROM)=/.test(sent) || !/(^|&)TERMINAL=/.test(sent);
const dupCode = (b: string) => b.replace(/(<code>[^<]*<\/code>)/, '$1<code><v>x</v></code>');

describe.each([
  ['nested', nestCode, /<code> holds elements, not text/],
  ['doubled', dupCode, /a duplicated <code> \(2 in <result>\)/],
])('XML replies with their <code> %s', (_, how, why) => {
  test('the signature rules are not failed on a reply showing neither acceptance nor refusal; routing passes', async () => {
    const results = await run(how, ['jy.kat.vectors', 'jy.sig.xml-operations', 'jy.flow.routing'], xmlOps);
    const by = new Map(results.map((r) => [r.id, r]));
    for (const id of ['jy.kat.vectors', 'jy.sig.xml-operations']) {
      expect(by.get(id)!.failures, id).toEqual([]);
      expect(by.get(id)!.outcome, id).toBe('inconclusive');
      expect(by.get(id)!.reason, id).toMatch(/carries no single code, so it shows neither acceptance nor refusal/);
      // the reply is well-formed XML: said as what it is, not "no <result><code>"
      expect(by.get(id)!.reason, id).toMatch(why);
      expect(by.get(id)!.reason, id).not.toMatch(/no <result><code>|not an XML <result>/);
    }
    expect(by.get('jy.flow.routing')!.failures).toEqual([]);
    expect(by.get('jy.flow.routing')!.outcome).toBe('passed');
  });
});

// probe 16 (G-dup-code-jy): a second <code> of text after the first, in every XML reply. JY-STA-02
// failed "not well-formed XML" on well-formed XML, every other reason said "no <result><code>"
describe.each([
  ['after', (b: string) => b.replace(/<code>([^<]*)<\/code>/, '<code>$1</code><code>X$1X</code>')],
  ['before', (b: string) => b.replace(/<code>([^<]*)<\/code>/, '<code>X$1X</code><code>$1</code>')],
])('XML replies with a second <code> of text %s the first', (_, how) => {
  test('the status form rule (JY-STA-02, INFERRED) fails on the duplicated <code>, not on well-formedness', async () => {
    const [r] = await run(how, ['jy.flow.status'], xmlOps);
    expect(new Set(r!.failures.map((f) => f.rule))).toEqual(new Set(['JY-STA-02']));
    const message = r!.failures[0]!.message;
    expect(message).toMatch(
      /^the <result> has no single <code>: HTTP 200, a <result> paycert cannot read \(reply has a duplicated <code> \(2 in <result>\)\): <\?xml/,
    );
    expect(message).not.toMatch(/well-formed|no <result><code>|not an XML <result>/);
    expect(r!.ruleOutcomes).toMatchObject({ 'JY-STA-01': 'inconclusive', 'JY-STA-03': 'inconclusive' });
    expect(r!.ruleReasons?.['JY-STA-03']).toMatch(/carries no single code.*duplicated <code>/);
  });
});

test('a refusal code written other than in digits ("0x18") is no documented code (Number() read it as 24)', async () => {
  const hex = (b: string) =>
    b.replace(/<code>([1-9][0-9]*)<\/code>/, (_, c: string) => `<code>0x${Number(c).toString(16)}</code>`);
  const [r] = await run(hex, ['jy.fields.list.violations'], xmlOps);
  const err01 = r!.failures.filter((f) => f.rule === 'JY-ERR-01');
  expect(err01.length).toBeGreaterThan(0);
  expect(err01[0]!.message).toMatch(/code 0x[0-9a-f]+ is not a documented error code/);
});

// XML replies that are not well-formed: fast-xml-parser read them without validation as a <result>,
// and the rules about the reply's form passed on them
describe.each([
  [
    'a PHP notice before the document',
    (b: string) => `<br />\n<b>Notice</b>: Undefined index: LANGUAGE in <b>/var/www/api.php</b><br />\n${b}`,
  ],
  ['cut before its end tag', (b: string) => b.replace(/<\/result>\s*$/, '')],
  ['a bare "<" in a value', (b: string) => b.replace(/<description>/, '<description>a < b ')],
  // XML 1.0 forbids U+0000 (§2.2 Char): fast-xml-parser's validator took it
  ['NULs inside the document', (b: string) => b.replace(/<result>/, '<result>\0\0')],
])('XML replies that are not well-formed: %s', (_, how) => {
  test("the status reply's form rule fails, nothing is passed on the reply, the rest inconclusive", async () => {
    const [r] = await run(how, ['jy.flow.status'], xmlOps);
    expect(new Set(r!.failures.map((f) => f.rule))).toEqual(new Set(['JY-STA-02']));
    // the parser's words, or the PHP notice that made the reply no XML
    expect(r!.failures[0]!.message).toMatch(
      /not well-formed XML: HTTP 200, not an XML <result> \((reply is not well-formed XML: |PHP printed "Notice: Undefined index: LANGUAGE in \/var\/www\/api\.php" before its answer)/,
    );
    expect(r!.ruleOutcomes).toMatchObject({ 'JY-STA-01': 'inconclusive', 'JY-STA-03': 'inconclusive' });
  });
  test('no rule about a reply passed on one (cancel and list read statuses first), routing passes', async () => {
    const results = await run(how, ['jy.flow.routing', 'jy.flow.cancel', 'jy.flow.list'], xmlOps);
    const routing = results.find((r) => r.id === 'jy.flow.routing');
    const rest = results.filter((r) => r !== routing);
    // the requests reached the XML operations: the routing is not blamed for the form
    expect(routing!.failures).toEqual([]);
    expect(routing!.outcome).toBe('passed');
    for (const r of rest) {
      expect(r.failures, r.id).toEqual([]);
      expect(r.outcome, r.id).toBe('inconclusive');
    }
  });
});
