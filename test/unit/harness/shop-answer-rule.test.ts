// A probe's PHP Jysan shop answered a forged result with a 403 page carrying `<!-- debug: base=SECRET… -->`;
// the reports showed "[secret]" and no rule judged it (passed). The rule about what a shop answers
// (shopChecks in suites/shop-answers.ts) is judged on every answer of every merchant check as it arrives
// (HttpClient.onAnswer): a leak fails it wherever in the answer it shows, names the call and the place
// without quoting the secret, and ends nothing; an edge's page for a shop that did not answer asserts
// nothing, so a check that got only such answers has no result for it, and the rule's own check is
// inconclusive (an empty body is the shop's own answer: judged); paycert's control API and other hosts
// are not the shop's answers.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import fc from 'fast-check';
import { runCheck } from '../../../src/harness/runner.ts';
import { LIMITS, type Subject } from '../../../src/harness/subject.ts';
import type { CheckContext, CheckSpec } from '../../../src/harness/check.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { SHOP_ANSWER_RULES, secretInReply, shopChecks } from '../../../suites/shop-answers.ts';

const RULE = SHOP_ANSWER_RULES.jysan.rule;
const OWN = 'JY-MRD-01'; // any merchant rule id: the harness reads only the checks' citations
const secret = credentials('jysan').sharedSecret;

/** A shop at /shop/back answering as `?m=` says, its control API at /__paycert (which shows the secret),
 *  and another host (where a redirect may lead) that shows it too. */
const page = (title: string) => `<!doctype html><html><body><h1>${title}</h1></body></html>`;
let shop: Server;
let other: Server;
let base = '';
let elsewhere = '';
beforeAll(async () => {
  shop = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://shop');
    if (url.pathname.startsWith('/__paycert')) return res.end(JSON.stringify({ secret }));
    const m = url.searchParams.get('m');
    switch (m) {
      case 'comment':
        res.writeHead(403, { 'content-type': 'text/html' });
        return res.end(`<html><body><h1>Неверная подпись</h1><!-- debug: base=${secret}0001;1;2; --></body></html>`);
      case 'status':
        res.writeHead(403, `Forbidden ${secret}`, { 'content-type': 'text/plain' });
        return res.end('forbidden');
      case 'header':
        res.writeHead(200, { 'content-type': 'text/html', 'x-debug-key': secret });
        return res.end(page('Заказ оплачен'));
      case 'basic':
        res.writeHead(403, { 'content-type': 'application/json' });
        return res.end(
          JSON.stringify({ error: 'bad sign', auth: `Basic ${Buffer.from(`TEST_ECOM:${secret}`).toString('base64')}` }),
        );
      case 'hex':
        res.writeHead(403, { 'content-type': 'text/plain' });
        return res.end(`bad sign; key ${Buffer.from(secret).toString('hex')}`);
      case 'empty':
        res.writeHead(403);
        return res.end();
      case 'edge':
        res.writeHead(503, { 'content-type': 'text/html' });
        return res.end(
          '<html><body><h1>503 Service Temporarily Unavailable</h1><hr><center>nginx</center></body></html>',
        );
      case 'split':
        // probe 23: a "pay again" widget with the key in quoted pieces joined by +
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end(
          `<html><body><h1>Оплата не прошла</h1><script>\nvar C_SHARED_KEY = ${secret
            .match(/.{1,5}/g)!
            .map((p) => `'${p}'`)
            .join(' +\n  ')};\n</script></body></html>`,
        );
      // probe 23: an edge answering every call itself (nginx's 404 for a path it does not route, its 413,
      // a firewall's block page): V5-MCB-10 passed "partly" on nginx's pages, none of them the shop's
      case 'notserved':
        res.writeHead(404, { 'content-type': 'text/html', server: 'nginx' });
        return res.end(
          '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
        );
      case 'toolarge':
        res.writeHead(413, { 'content-type': 'text/html', server: 'nginx' });
        return res.end(
          '<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
        );
      case 'waf':
        res.writeHead(403, { 'content-type': 'text/html', server: 'nginx' });
        return res.end(
          '<!DOCTYPE html><html><head><title>403 Forbidden</title></head><body><h1>Request blocked</h1><p>Your request was blocked by the web application firewall (ModSecurity).</p><hr><center>nginx</center></body></html>',
        );
      case 'empty-leak':
        res.writeHead(403, { 'x-debug-key': secret });
        return res.end();
      default:
        return res.end(page('Заказ оплачен'));
    }
  });
  other = createServer((_req, res) => res.end(`<p>${secret}</p>`));
  const listen = async (s: Server) => {
    await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  };
  base = await listen(shop);
  elsewhere = await listen(other);
});
afterAll(async () => {
  await Promise.all([shop, other].map((s) => new Promise((done) => s.close(done))));
});

const subject = (): Subject => ({
  profile: 'jysan',
  kind: 'merchant',
  target: 'reference',
  baseUrl: `${base}/shop/back?redirect=true`,
  controlUrl: `${base}/__paycert`,
  capabilities: [],
  limits: LIMITS.reference,
  slow: false,
});

type Ctx = CheckContext<'jysan'>;
const judge = (rules: string[], run: (t: Ctx) => Promise<void>) => {
  const spec: CheckSpec<'jysan'> = { id: 'test.shop', title: 't', rules, run };
  const [check] = shopChecks({ profile: 'jysan', subject: 'merchant', area: 'merchant-redirect' }, [spec]);
  return runCheck(check!, subject(), { seed: 1, plan: 'full', runs: 5 });
};
const land = (t: Ctx, m: string, note?: string) =>
  t.http.send({ url: `${base}/shop/back?redirect=true&m=${m}`, statuses: 'any', ...(note && { note }) });

test('every check cites the rule; a secret in a refusal page fails it, named by call and place, once', async () => {
  const r = await judge([OWN], async (t) => {
    await land(t, 'clean', 'a genuine redirect');
    await land(t, 'comment', 'forged sign');
    await land(t, 'comment', 'forged sign');
    t.expect(OWN, true, '');
  });
  expect(r.rules).toEqual([OWN, RULE]);
  expect(r.ruleOutcomes).toEqual({ [OWN]: 'passed', [RULE]: 'failed' });
  expect(r.failures.map((f) => f.message)).toEqual([
    "the shop's answer to GET /shop/back (forged sign) shows the SHARED_SECRET in the body: whoever reads it can sign any result the shop takes as the bank's",
  ]);
  expect(JSON.stringify(r)).not.toContain(secret);
  expect(JSON.stringify(r.evidence)).not.toContain(secret);
  expect(JSON.stringify(r.evidence)).toContain('[secret]');
});

test.each([
  ['status', 'the status line'],
  ['header', 'header x-debug-key'],
  ['basic', 'the body, Base64-encoded'],
  ['hex', 'the body, hex-encoded'],
  ['split', 'the body, as string literals joined by +'],
  // a body that carries nothing asserts nothing, but its headers are judged all the same
  ['empty-leak', 'header x-debug-key'],
])('a secret in an answer (%s) is found in %s', async (m, where) => {
  const r = await judge([OWN], async (t) => {
    await land(t, m, 'forged sign');
    t.expect(OWN, true, '');
  });
  expect(r.ruleOutcomes[RULE]).toBe('failed');
  expect(r.failures.map((f) => f.message)).toEqual([
    `the shop's answer to GET /shop/back (forged sign) shows the SHARED_SECRET in ${where}: whoever reads it can sign any result the shop takes as the bank's`,
  ]);
  // the evidence shows no piece of it
  if (m === 'split') for (const p of secret.match(/.{5}/g)!) expect(JSON.stringify(r.evidence)).not.toContain(`'${p}'`);
});

test("clean answers pass it, empty ones too; an edge's pages assert nothing", async () => {
  const clean = await judge([OWN], async (t) => {
    await land(t, 'clean');
    t.expect(OWN, true, '');
  });
  expect(clean.ruleOutcomes).toEqual({ [OWN]: 'passed', [RULE]: 'passed' });
  // an empty 403 is the shop's answer: its status line and headers show no secret
  const empty = await judge([RULE], async (t) => {
    await land(t, 'empty');
  });
  expect(empty.ruleOutcomes).toEqual({ [RULE]: 'passed' });
  const edge = async (t: Ctx) => {
    await land(t, 'edge');
    await land(t, 'edge');
    if (t.check.rules.includes(OWN)) t.expect(OWN, true, '');
  };
  // another check has no result for it
  const other = await judge([OWN], edge);
  expect(other.ruleOutcomes).toEqual({ [OWN]: 'passed' });
  expect(other.rules).toEqual([OWN]);
  // the rule's own check is inconclusive, saying why
  const own = await judge([RULE], edge);
  expect(own.ruleOutcomes).toEqual({ [RULE]: 'inconclusive' });
  expect(own.ruleReasons?.[RULE]).toBe(
    "test.shop: none of the shop's 2 answers was its own (each an edge's page for a shop that did not answer): nothing of the SHARED_SECRET was judged",
  );
  const none = await judge([RULE], async () => {});
  expect(none.ruleOutcomes).toEqual({ [RULE]: 'inconclusive' });
  expect(none.ruleReasons?.[RULE]).toBe('test.shop: the shop gave no answer to judge for the SHARED_SECRET');
  // skipped (not applicable) stays skipped
  const skipped = await judge([RULE], async (t) => t.skip('BACKREF has no redirect=true'));
  expect(skipped.ruleOutcomes).toEqual({ [RULE]: 'skipped' });
});

test("an edge's own pages (nginx's 404 and 413, a firewall's block page) are no answer of the shop's: the rule is not passed on them", async () => {
  const own = await judge([RULE], async (t) => {
    for (const m of ['notserved', 'toolarge', 'waf']) await land(t, m);
  });
  expect(own.ruleOutcomes).toEqual({ [RULE]: 'inconclusive' });
  // what answered is named (session 23 review: "each an edge's page for a shop that did not answer" was said of these too)
  expect(own.ruleReasons?.[RULE]).toMatch(
    /none of the shop's 3 answers was its own \(each an edge's own HTTP 404 page \(a path it does not serve\), or an edge's own HTTP 413 page \(a limit of its own\), or a web application firewall's block page\)/,
  );
  expect(own.ruleReasons?.[RULE]).not.toMatch(/did not answer/);
  const other = await judge([OWN], async (t) => {
    await land(t, 'notserved');
    t.expect(OWN, true, '');
  });
  expect(other.ruleOutcomes).toEqual({ [OWN]: 'passed' });
});

test("paycert's control API and other hosts are not the shop's answers", async () => {
  const r = await judge([OWN], async (t) => {
    await t.http.send({ url: `${base}/__paycert/orders`, statuses: 'any' });
    await t.http.send({ url: `${elsewhere}/orders/1`, statuses: 'any', note: 'where the redirect leads' });
    t.expect(OWN, true, '');
  });
  expect(r.ruleOutcomes).toEqual({ [OWN]: 'passed' });
});

test('a leak inside a property ends no case, and an answer judged stands however the check ends', async () => {
  let cases = 0;
  const r = await judge([OWN], async (t) => {
    await t.property(OWN, fc.integer(), async () => {
      cases++;
      await land(t, 'comment', `forged sign ${cases}`);
      t.expect(OWN, true, '');
    });
  });
  expect(cases).toBe(5);
  expect(r.ruleOutcomes).toEqual({ [OWN]: 'passed', [RULE]: 'failed' });
  expect(r.failures).toHaveLength(1);
  const ended = await judge([OWN], async (t) => {
    await land(t, 'clean');
    t.inconclusive('then nothing more');
  });
  expect(ended.ruleOutcomes).toEqual({ [OWN]: 'inconclusive', [RULE]: 'passed' });
});

test('secretInReply never finds a secret too short to look for, nor one that is not there', () => {
  const reply = { status: 200, statusText: 'OK', headers: { 'x-a': 'abc' }, text: 'abcdef abc' };
  expect(secretInReply(reply, 'abc')).toBeUndefined();
  expect(secretInReply(reply, 'zzzzzzzz')).toBeUndefined();
  expect(secretInReply({ ...reply, text: 'xx ABCDEFGH yy' }, 'abcdefgh')).toBe('the body, in another case');
});
