// A payment request answered with a redirect that is neither the result to BACKREF nor carries one
// (an error page of the gateway's own domain, a WAF challenge, the card page on another path) is
// followed as the payer's browser follows it, and read where the payer lands; but only on the
// target's own origin. Before, such a 302 was read as kind 'redirect' (the payment going on): a
// gateway redirecting every request to a WAF challenge failed JY-SIG-07 (a tampered request "not
// refused"), JY-SIG-01 and JY-PAY-01, and passed JY-PAY-16, on a page nobody read. And a 307 to
// another host was followed with the signed form (and crd_*) re-POSTed there, whose answer was then
// judged as the gateway's (probe 16: 240 signed forms to a stranger, 37 rules failed on its page).
import { expect, test } from 'vitest';
import { JysanClient, PAYER_HOPS } from '../../../src/sdk/jysan.ts';
import { describe as describeReply } from '../../../suites/jysan/support.ts';
import type { Request, Response } from '../../../src/sdk/transport.ts';

const html = (text: string, status = 200, headers: Record<string, string> = {}): Response => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8', ...headers },
  text,
  body: new TextEncoder().encode(text),
});
const to = (location: string, status = 302) => html('', status, { location });

const CARD_PAGE = '<form method="post" action="/pay"><input name="card_pan"><input name="card_cvc"></form>';
const WAF = '<!doctype html><title>Just a moment...</title><h1>Checking your browser</h1>';
const BACKREF = 'https://shop.example/back?redirect=true';

/** A client whose transport answers by URL (`routes`), recording what was sent. */
function client(routes: Record<string, Response>) {
  const sent: Request[] = [];
  const send = async (r: Request): Promise<Response> => {
    sent.push(r);
    const hit = routes[r.url];
    if (!hit) throw new Error(`unexpected request to ${r.url}`);
    return hit;
  };
  return { c: new JysanClient(send, 'https://gw.example', 'TEST_ECOM', 'WEB10004', 'k'), sent };
}

const API = 'https://gw.example/ecom/api';
const pay = (c: JysanClient, extra: Record<string, string> = {}) =>
  c.payment({ ORDER: '1234567', AMOUNT: '1', CURRENCY: 'KZT', DESC: 'x', ...extra });

test('a 302 to the card page on the same origin: followed with a GET, read as the card page', async () => {
  const { c, sent } = client({
    [API]: to('https://gw.example/card/77'),
    'https://gw.example/card/77': html(CARD_PAGE),
  });
  const r = await pay(c);
  expect(r).toMatchObject({ kind: 'card-page', via: ['https://gw.example/card/77'] });
  expect(sent[1]).toMatchObject({ url: 'https://gw.example/card/77', method: 'GET' });
  expect(describeReply(r)).toMatch(/^the payer redirected via https:\/\/gw\.example\/card\/77, then HTTP 200/);
});

test("a redirect to another origin than the target's is not followed, whatever its status: kind other naming it", async () => {
  for (const status of [301, 302, 303, 307, 308]) {
    const { c, sent } = client({ [API]: to('https://pay.bank.example/card/77', status) });
    const r = await pay(c);
    expect(r).toMatchObject({ kind: 'other' });
    expect(r.unfollowed).toMatch(
      /another origin than the target's; if it is the gateway's own page host, name it with --page-origin https:\/\/pay\.bank\.example /,
    );
    expect(describeReply(r)).toMatch(
      new RegExp(
        `^HTTP ${status}, a redirect to "https://pay\\.bank\\.example/card/77" \\(neither BACKREF nor a result\\), not followed: `,
      ),
    );
    // nothing at all leaves for the other origin: neither the form nor a GET
    expect(sent.map((x) => x.url)).toEqual([API]);
  }
  // another port, another scheme: another origin
  for (const other of ['https://gw.example:8443/ecom/api', 'http://gw.example/ecom/api']) {
    const { c, sent } = client({ [API]: to(other, 307) });
    expect(await pay(c)).toMatchObject({ kind: 'other' });
    expect(sent).toHaveLength(1);
  }
});

// --page-origin: the gateway's own page host, followed as the target's origin is (a 307 repeats the POST)
test('a redirect to a page origin the client was given is followed; a third origin still is not', async () => {
  const sent: Request[] = [];
  const routes: Record<string, Response> = {
    [API]: to('https://pay.bank.example/card/77', 307),
    'https://pay.bank.example/card/77': to('https://third.example/x'),
  };
  const send = async (r: Request): Promise<Response> => (sent.push(r), routes[r.url]!);
  const c = new JysanClient(send, 'https://gw.example', 'TEST_ECOM', 'WEB10004', 'k', ['https://pay.bank.example']);
  const r = await pay(c);
  expect(sent.map((x) => [x.url, x.method])).toEqual([
    [API, 'POST'],
    ['https://pay.bank.example/card/77', 'POST'],
  ]);
  expect(r.unfollowed).toMatch(
    /another origin than the target's and the --page-origin ones; if it is the gateway's own page host, name it with --page-origin https:\/\/third\.example /,
  );
  routes['https://pay.bank.example/card/77'] = html(CARD_PAGE);
  expect(await pay(c)).toMatchObject({ kind: 'card-page', via: ['https://pay.bank.example/card/77'] });
});

test('a 302 to an error page of the gateway (relative Location): read as the error it shows', async () => {
  const { c } = client({
    [API]: to('/ecom/error?id=5'),
    'https://gw.example/ecom/error?id=5': html('<p>Ошибка 21: Неправильная подпись!</p>'),
  });
  expect(await pay(c)).toMatchObject({ kind: 'error', code: 21, via: ['https://gw.example/ecom/error?id=5'] });
});

test('a 302 to a WAF challenge: a page of kind other (neither accepted nor refused), naming the redirect', async () => {
  const { c } = client({
    [API]: to('https://gw.example/waf/challenge'),
    'https://gw.example/waf/challenge': html(WAF),
  });
  const r = await pay(c);
  expect(r.kind).toBe('other');
  expect(describeReply(r)).toMatch(
    /redirected via https:\/\/gw\.example\/waf\/challenge, then HTTP 200, other: .*Just a moment/,
  );
});

test('the result to BACKREF, or a redirect carrying res_code, is not followed (the checks follow it to their listener)', async () => {
  const { c, sent } = client({ [API]: to(`${BACKREF}&order=1234567&res_code=0`) });
  expect(await pay(c, { BACKREF })).toMatchObject({ kind: 'redirect', resCode: '0' });
  const other = client({ [API]: to('https://elsewhere.example/r?res_code=05') });
  expect(await pay(other.c)).toMatchObject({ kind: 'redirect', resCode: '05' });
  // to BACKREF without res_code (a vendor's own field names): still the result, not followed
  const vendor = client({ [API]: to(`${BACKREF}&RESULT=0`) });
  expect(await pay(vendor.c, { BACKREF })).toMatchObject({ kind: 'redirect', next: `${BACKREF}&RESULT=0` });
  expect(sent).toHaveLength(1);
  expect(vendor.sent).toHaveLength(1);
});

test('a 307 on the same origin repeats the POST with the same form; the hops are followed in turn', async () => {
  const { c, sent } = client({
    [API]: to('https://gw.example/ecom/v2/api', 307),
    'https://gw.example/ecom/v2/api': to('/card'),
    'https://gw.example/card': html(CARD_PAGE),
  });
  expect(await pay(c)).toMatchObject({
    kind: 'card-page',
    via: ['https://gw.example/ecom/v2/api', 'https://gw.example/card'],
  });
  expect(sent[1]!.method).toBe('POST');
  expect(sent[1]!.form).toEqual(sent[0]!.form);
  expect(sent[2]!.method).toBe('GET');
});

test('a hop on the same origin that then leaves it: stopped there, the form never sent off the origin', async () => {
  const { c, sent } = client({
    [API]: to('/ecom/v2/api', 307),
    'https://gw.example/ecom/v2/api': to('https://evil.example/steal', 307),
  });
  const r = await pay(c, { crd_pan: 'ENC', crd_exp: 'ENC', crd_cvc: 'ENC' });
  expect(r).toMatchObject({ kind: 'other', via: ['https://gw.example/ecom/v2/api'] });
  expect(describeReply(r)).toMatch(
    /redirected via https:\/\/gw\.example\/ecom\/v2\/api, then HTTP 307, a redirect to "https:\/\/evil\.example\/steal"/,
  );
  expect(sent.map((x) => new URL(x.url).origin)).toEqual(['https://gw.example', 'https://gw.example']);
});

test('not followed: file://, a loop, too many hops; kind other with the reason', async () => {
  const file = client({ [API]: to('file:///etc/passwd') });
  const f = await pay(file.c);
  expect(f).toMatchObject({ kind: 'other' });
  expect(describeReply(f)).toMatch(
    /"file:\/\/\/etc\/passwd" \(neither BACKREF nor a result\), not followed: a file: URL/,
  );
  expect(file.sent).toHaveLength(1);

  // back to /ecom/api itself (the GET answered with the same redirect)
  const loop = client({ [API]: to('/ecom/api') });
  expect(describeReply(await pay(loop.c))).toMatch(/not followed: a redirect loop/);

  const routes: Record<string, Response> = { [API]: to('https://gw.example/h/0') };
  for (let i = 0; i <= PAYER_HOPS + 1; i++) routes[`https://gw.example/h/${i}`] = to(`/h/${i + 1}`);
  const many = client(routes);
  expect(describeReply(await pay(many.c))).toMatch(new RegExp(`not followed: more than ${PAYER_HOPS} redirects`));
  expect(many.sent).toHaveLength(PAYER_HOPS + 1);
});
