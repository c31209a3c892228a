// A probe's v5 shop (check_url, result_url) with one planted bug each passed the merchant suite:
//   attached   verifies the signature over a payload the token carries (`token.replace("..", …)`, a
//              no-op on a token that has one) and processes the body received: any captured
//              callback's signature then authenticates any body (V5-MCB-02, "the body changed after signing")
//   dedupe     answers a payment id it knows from its store before verifying (V5-MCB-02: "never answered ok")
//   presence   check_url only looks for an X-JWS-Signature header (V5-MCB-02: check_url only got an unsigned call)
//   underpay   refuses an amount above the order's only (V5-MCB-07: only the order's amount + 0.01 was sent)
//   success    check_url answers {"status":"success"} for a payable order (V5-MCB-05 was inconclusive)
// A PHP probe's (/tmp/probe-v5shop-php) passed too:
//   tenant     picks the key by the token's auth_id, '' for an unknown one (V5-MCB-02: no forgery used the empty key)
//   doc-key    falls back to the seed's example key 123456 (V5-MCB-02)
//   check-amount, check-paid, check-expired   check_url answers ok whatever the amount, for a paid or an
//              expired order (V5-MCB-09: never asked)
//   bom        a UTF-8 byte order mark before the JSON answer (V5-MCB-01: RFC 8259 §8.1)
// and was misjudged where it was right (freedoms), or blamed on the wrong rule:
//   use-payload  verifies an attached payload and acts on it, not on the body (V5-MCB-02 failed)
//   expired      takes an expired order's payment (ok, then refunds): no rule judges it, v5 has no
//                pg_can_reject (with it, g2g asks rejected; without, ok or error)
//   cleared      compares cleared_amount with the order (V5-MCB-07 failed: amount changed, cleared_amount not)
//   html         answers its JSON as text/html, PHP's default (V5-MCB-01 failed)
//   reencode     verifies over the body re-encoded as json_encode does (\/, \u): a genuine call with raw
//                UTF-8 refused as a forgery is, blamed on V5-MCB-05/06 instead of V5-MCB-01
//   refuse-all   refuses every call for its signature (the header read by exact case): V5-MCB-04 passed
// A Ruby probe's (/work/probe17/v5-shop-ruby) passed, or was misjudged, too:
//   underpay on orders of 0.01   the "below" call carried amount 0, refused by any shop (V5-MCB-07, -09 passed)
//   header-lower   reads X-JWS-Signature only as x-jws-signature (every call was sent in lower case)
//   header-exact   reads it only as X-JWS-Signature (caught only while paycert sent lower case)
//   float          truncates amounts ((amount * 100).to_i: 1.15 -> 114): its refusal of that order was
//                  blamed on V5-MCB-03 (the control call only followed a refusal that looked like a signature's)
//   poisons-terse  a forged call cancels the order, every refusal in one text: V5-MCB-03 inconclusive
//   check-reserves check_url refuses any second check of an order: V5-MCB-05 blamed the amount's spelling
//   rebuild-header verifies over the protected header rebuilt from its parsed JSON
//   alg-any        does not compare the header's alg ("hs256", "HS512" over an HS256 MAC taken)
//   multitenant    picks the key by auth_id among its tenants': another merchant's signed call taken
// The shop is written here from the callback model, independently of the reference merchant.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { Subject } from '../../../src/harness/subject.ts';
import { verifyCallback } from '../../../src/protocols/greenleaves-v5/index.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { judgeChecks } from '../harness/judge-checks.ts';
import { CHECK, RESULT, probeOrders, probeShops, type Json } from './probe-shop.ts';

type Bug =
  | ''
  | 'attached'
  | 'dedupe'
  | 'presence'
  | 'underpay'
  | 'success'
  | 'tenant'
  | 'doc-key'
  | 'check-amount'
  | 'check-paid'
  | 'check-expired'
  | 'expired'
  | 'bom'
  | 'use-payload'
  | 'cleared'
  | 'html'
  | 'reencode'
  | 'refuse-all'
  | 'header-lower'
  | 'header-exact'
  | 'float'
  | 'poisons-terse'
  | 'terse'
  | 'check-reserves'
  | 'rebuild-header'
  | 'alg-any'
  | 'multitenant';

const serve = probeShops('paycert-v5-probe-holes-');

const cents = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 100) : undefined;

/** PHP's json_encode of the body: "/" as "\\/", non-ASCII as \\uXXXX */
const reencoded = (raw: Buffer): Buffer =>
  Buffer.from(
    JSON.stringify(JSON.parse(raw.toString('utf8')))
      .replace(/\//g, '\\/')
      .replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );

const mac = (key: string, input: string): Buffer => createHmac('sha256', key).update(input).digest();
const same = (got: string | undefined, want: Buffer): boolean => {
  const g = Buffer.from(got ?? '', 'base64url');
  return g.length === want.length && timingSafeEqual(g, want);
};

/** The body the shop acts on, or undefined when the call's signature does not verify. */
async function verified(bug: Bug, path: string, token: string | undefined, raw: Buffer): Promise<Buffer | undefined> {
  const { authId, secretKey, otherAuthId, otherSecretKey } = credentials('greenleaves-v5');
  if (bug === 'refuse-all') return undefined;
  if (bug === 'presence' && path === CHECK) return token ? raw : undefined;
  const [h, p, s] = (token ?? '').split('.');
  if ((bug === 'attached' || bug === 'use-payload') && p)
    return same(s, mac(secretKey, `${h}.${p}`)) ? (bug === 'attached' ? raw : Buffer.from(p, 'base64url')) : undefined;
  if (bug === 'tenant' || bug === 'doc-key') {
    const header = JSON.parse(Buffer.from(h ?? '', 'base64url').toString('utf8') || '{}') as Json;
    if (p !== '' || header.uri !== path || header.alg !== 'HS256') return undefined;
    const input = `${h}.${raw.toString('base64url')}`;
    if (bug === 'tenant') return same(s, mac(header.auth_id === authId ? secretKey : '', input)) ? raw : undefined;
    if (header.auth_id !== authId) return undefined;
    return same(s, mac(secretKey, input)) || same(s, mac('123456', input)) ? raw : undefined;
  }
  if (bug === 'rebuild-header' || bug === 'alg-any' || bug === 'multitenant') {
    const header = JSON.parse(Buffer.from(h ?? '', 'base64url').toString('utf8') || '{}') as Json;
    if (p !== '' || header.uri !== path || (bug !== 'alg-any' && header.alg !== 'HS256')) return undefined;
    const keys = new Map([
      [authId, secretKey],
      ...(bug === 'multitenant' ? [[otherAuthId, otherSecretKey] as const] : []),
    ]);
    const key = keys.get(String(header.auth_id));
    // the header as JSON.generate(JSON.parse(header)) spells it, not the bytes received
    const head = bug === 'rebuild-header' ? Buffer.from(JSON.stringify(header)).toString('base64url') : h;
    return key !== undefined && same(s, mac(key, `${head}.${raw.toString('base64url')}`)) ? raw : undefined;
  }
  const signed = bug === 'reencode' ? reencoded(raw) : raw;
  return (await verifyCallback(token, signed, path, authId, secretKey)).ok ? raw : undefined;
}

/** The shop on a free port, and the subject (with its declaration) paycert judges. */
async function shop(name: string, bug: Bug, price?: (i: number) => string): Promise<Subject> {
  const orders = probeOrders(price);
  const payments = new Map<string, Json>();
  const decide = (path: string, b: Json): Json => {
    const o = orders.get(String(b.order_id));
    const v = bug === 'cleared' && b.status === 'cleared' ? b.cleared_amount : b.amount;
    // float: (amount.to_f * 100).to_i, 1.15 -> 114
    const a = bug === 'float' && typeof v === 'number' ? Math.trunc(v * 100) : cents(v);
    const want = o && cents(Number(o.amount))!;
    const amountOk = a !== undefined && want !== undefined && (bug === 'underpay' ? a > 0 && a <= want : a === want);
    const matches = !!o && ((bug === 'check-amount' && path === CHECK) || (amountOk && b.currency === 'KZT'));
    const open = !!o && (!o.expired || bug === (path === CHECK ? 'check-expired' : 'expired'));
    if (path === CHECK) {
      const can = matches && open && (!o.paidBy || bug === 'check-paid');
      // check-reserves: a second check of an order is refused ("payment already in progress")
      if (can && bug === 'check-reserves' && o.checked) return { status: 'rejected', description: 'in progress' };
      if (can) o.checked = true;
      return can ? { status: bug === 'success' ? 'success' : 'ok' } : { status: 'rejected' };
    }
    const id = String(b.id);
    const known = payments.get(id);
    if (known) return known;
    let answer: Json;
    if (b.status === 'declined') answer = { status: 'ok' };
    else if (!matches || !open || o.cancelled || (o.paidBy && o.paidBy !== id)) answer = { status: 'rejected' };
    else {
      o.paidBy = id;
      answer = { status: 'ok' };
    }
    payments.set(id, answer);
    return answer;
  };
  return serve(name, `probe shop (${bug || 'clean'})`, orders, async (req, res, raw, path) => {
    // terse: every refusal in one text (no oracle for forgers)
    const terse = (a: Json): Json =>
      (bug === 'terse' || bug === 'poisons-terse') && a.status !== 'ok'
        ? { status: 'rejected', description: 'payment not accepted' }
        : a;
    const send = (a: Json) =>
      res
        .writeHead(200, { 'content-type': bug === 'html' ? 'text/html; charset=UTF-8' : 'application/json' })
        .end(`${bug === 'bom' ? '\ufeff' : ''}${JSON.stringify({ description: '', ...terse(a) })}`);
    const parse = (bytes: Buffer): Json | undefined => {
      try {
        return JSON.parse(bytes.toString('utf8')) as Json;
      } catch {
        return undefined;
      }
    };
    const received = parse(raw);
    if (!received) return send({ status: 'error' });
    if (bug === 'dedupe' && path === RESULT && payments.has(String(received.id)))
      return send(payments.get(String(received.id))!);
    // the header read in one spelling only (getallheaders()['x-jws-signature']), or as HTTP reads it
    const spelled = { 'header-lower': 'x-jws-signature', 'header-exact': 'X-JWS-Signature' }[bug as string];
    const at = req.rawHeaders.findIndex((n, i) => i % 2 === 0 && n === spelled);
    const token = spelled ? (at >= 0 ? req.rawHeaders[at + 1] : undefined) : req.headers['x-jws-signature'];
    const signed = await verified(bug, path, typeof token === 'string' ? token : undefined, raw);
    const b = signed && parse(signed);
    if (!b) {
      // a forged call cancels its order
      const o = bug === 'poisons-terse' && path === RESULT ? orders.get(String(received.order_id)) : undefined;
      if (o) o.cancelled = true;
      return send({ status: 'error', description: 'bad signature' });
    }
    send(decide(path, b));
  });
}

const IDS = [
  'v5.mcb.genuine',
  'v5.mcb.forged',
  'v5.mcb.repeat',
  'v5.mcb.check',
  'v5.mcb.check-cannot-take',
  'v5.mcb.declined',
  'v5.mcb.amount',
  'v5.mcb.genuine-spellings',
];

describe('a v5 shop', () => {
  test.each(['', 'use-payload', 'cleared', 'html', 'expired'] as const)(
    'with freedom %j passes every rule of the checks (the new forgeries and amounts accuse no one)',
    async (free) => {
      const { verdicts, shown } = await judgeChecks('greenleaves-v5', IDS, await shop(free || 'clean', free));
      expect(Object.keys(verdicts), shown).toEqual(['passed']);
    },
  );

  test.each([
    // one verification for both endpoints: both take it
    ['attached', ['v5.mcb.forged V5-MCB-02', 'v5.mcb.check V5-MCB-02'], /acted on the body sent, not on the payload/],
    ['dedupe', ['v5.mcb.forged V5-MCB-02'], /after the genuine call was answered ok/],
    ['presence', ['v5.mcb.check V5-MCB-02'], /a check_url call signed with another key/],
    // its check_url compares the amount as its result_url does
    ['underpay', ['v5.mcb.amount V5-MCB-07', 'v5.mcb.check-cannot-take V5-MCB-09'], /amount - 0\.01/],
    ['success', ['v5.mcb.check V5-MCB-05'], /check_url answered HTTP 200, status \\"success\\"/],
    ['tenant', ['v5.mcb.forged V5-MCB-02', 'v5.mcb.check V5-MCB-02'], /signed with an empty key for another auth_id/],
    ['doc-key', ['v5.mcb.forged V5-MCB-02', 'v5.mcb.check V5-MCB-02'], /signed with the seed's example key 123456/],
    ['check-amount', ['v5.mcb.check-cannot-take V5-MCB-09'], /amount \+ 0\.01/],
    // v5.mcb.declined asks check_url once the order is paid after a declined payment too (probe 22)
    ['check-paid', ['v5.mcb.declined V5-MCB-09', 'v5.mcb.check-cannot-take V5-MCB-09'], /already paid/],
    ['check-expired', ['v5.mcb.check-cannot-take V5-MCB-09'], /expired order/],
    ['bom', ['v5.mcb.genuine V5-MCB-01'], /byte order mark/],
  ] as const)('with bug %s fails exactly %j', async (bug, failed, why) => {
    const { verdicts, shown } = await judgeChecks('greenleaves-v5', IDS, await shop(bug, bug));
    expect(verdicts.failed ?? [], shown).toEqual(failed);
    expect(shown).toMatch(why);
  });

  // a genuine call refused as the shop refuses a forgery did not verify: V5-MCB-01's, not the rule of the
  // call's purpose (a declined payment, check_url's payable order)
  test('verifying over a re-encoded body fails V5-MCB-01 only, naming the raw UTF-8', async () => {
    const { verdicts, shown } = await judgeChecks('greenleaves-v5', IDS, await shop('reencode', 'reencode'));
    expect(
      (verdicts.failed ?? []).map((v) => v.split(' ')[1]),
      shown,
    ).toEqual(['V5-MCB-01', 'V5-MCB-01', 'V5-MCB-01']);
    expect(verdicts.inconclusive ?? [], shown).toEqual(
      expect.arrayContaining(['v5.mcb.check V5-MCB-05', 'v5.mcb.declined V5-MCB-06']),
    );
    expect(shown).toMatch(/raw UTF-8/);
  });

  // a repeat's answer matching the first is nothing when the first was a refusal of the genuine call
  test('refusing every genuine call leaves V5-MCB-04 unjudged, not passed', async () => {
    const { verdicts, shown } = await judgeChecks('greenleaves-v5', IDS, await shop('refuse-all', 'refuse-all'));
    expect(verdicts.passed ?? [], shown).not.toContain('v5.mcb.repeat V5-MCB-04');
    expect(verdicts.inconclusive ?? [], shown).toContain('v5.mcb.repeat V5-MCB-04');
    expect(verdicts.failed ?? [], shown).not.toEqual(expect.arrayContaining([expect.stringMatching(/V5-MCB-0[3-9]/)]));
  });
});

// The Ruby probe's shop (/work/probe17/v5-shop-ruby), its bugs planted in the shop above.
describe('a v5 shop (the Ruby probe)', () => {
  /** the messages of `id`'s failures and its rules' reasons */
  const said = (results: Awaited<ReturnType<typeof judgeChecks>>['results'], id: string): string => {
    const r = results.find((x) => x.id === id)!;
    return JSON.stringify([r.failures.map((f) => f.message), r.ruleReasons, r.partly]);
  };

  // "below" is the order's amount - 0.01: on an order of 0.01 that is 0, which any shop refuses; every
  // other order costs 0.01 here, so each check has one that allows an amount below and one that does not
  test('taking any amount up to the price, on orders of 0.01, fails V5-MCB-07 and -09 on orders that allow a lower amount', async () => {
    const { verdicts, shown } = await judgeChecks(
      'greenleaves-v5',
      IDS,
      await shop('underpay-cent', 'underpay', (i) => (i % 2 === 0 ? '0.01' : '1000.50')),
    );
    expect(verdicts.failed ?? [], shown).toEqual(['v5.mcb.amount V5-MCB-07', 'v5.mcb.check-cannot-take V5-MCB-09']);
    expect(shown).toMatch(/amount - 0\.01/);
    expect(shown).not.toMatch(/"amount":0[,}]/);
  });

  test('where every order costs 0.01, the amount below is not sent and the rules are judged in part, saying so', async () => {
    const { results, verdicts, shown } = await judgeChecks(
      'greenleaves-v5',
      IDS,
      await shop('underpay-all-cent', 'underpay', () => '0.01'),
    );
    expect(verdicts.failed ?? [], shown).toEqual([]);
    expect(said(results, 'v5.mcb.amount'), shown).toMatch(
      /costs 0\.01: 0\.01 less is no amount \(above 0\), so no amount below the order's was sent/,
    );
    expect(said(results, 'v5.mcb.check-cannot-take'), shown).toMatch(
      /costs 0\.01: 0\.01 less is no amount \(above 0\), so no amount below the order's was sent/,
    );
  });

  // an order the shop refuses for its own reason (its amount misread) is not the forgeries' doing
  test('truncating amounts (1.15 -> 114) is not blamed on V5-MCB-03', async () => {
    const { results, verdicts, shown } = await judgeChecks(
      'greenleaves-v5',
      ['v5.mcb.forged'],
      await shop('float', 'float', (i) => (i === 0 ? '1.15' : `${1000 + i * 10}.50`)),
    );
    expect(verdicts.failed ?? [], shown).toEqual([]);
    expect(verdicts.inconclusive ?? [], shown).toEqual(['v5.mcb.forged V5-MCB-03']);
    expect(said(results, 'v5.mcb.forged'), shown).toMatch(
      /check_url refused the order as it is before any forged call/,
    );
  });

  // one text for every refusal hides why; the order was taken before the forgeries, and is not after them
  test('a forged call that cancels the order fails V5-MCB-03, every refusal in one text', async () => {
    const { results, verdicts, shown } = await judgeChecks(
      'greenleaves-v5',
      ['v5.mcb.forged'],
      await shop('poisons-terse', 'poisons-terse'),
    );
    expect(verdicts.failed ?? [], shown).toEqual(['v5.mcb.forged V5-MCB-03']);
    expect(said(results, 'v5.mcb.forged'), shown).toMatch(/check_url took the order as it is before the forged calls/);
  });

  test('one text for every refusal passes every rule', async () => {
    const { verdicts, shown } = await judgeChecks('greenleaves-v5', IDS, await shop('terse', 'terse'));
    expect(Object.keys(verdicts), shown).toEqual(['passed']);
  });

  test('check_url refusing a second check of an order fails V5-MCB-05 saying so, not blaming the spelling', async () => {
    const { results, verdicts, shown } = await judgeChecks(
      'greenleaves-v5',
      IDS,
      await shop('check-reserves', 'check-reserves'),
    );
    expect(verdicts.failed ?? [], shown).toEqual(['v5.mcb.check V5-MCB-05']);
    const why = said(results, 'v5.mcb.check');
    expect(why, shown).toMatch(/a repeated genuine check of P\d+, which it had answered ok once/);
    expect(why, shown).not.toMatch(/compared by its spelling|re-serialised/);
  });

  // paycert sends X-JWS-Signature as the seed spells it, and once in lower case (an HTTP/2 edge's)
  test.each([
    ['header-exact', ['v5.mcb.genuine-spellings V5-MCB-01'], /header names in lower case/],
    ['rebuild-header', ['v5.mcb.genuine-spellings V5-MCB-01'], /protected header/],
    ['alg-any', ['v5.mcb.forged V5-MCB-02', 'v5.mcb.check V5-MCB-02'], /alg \\"hs256\\"/],
    ['multitenant', ['v5.mcb.forged V5-MCB-02', 'v5.mcb.check V5-MCB-02'], /signed by another merchant of the gateway/],
  ] as const)('with bug %s fails exactly %j', async (bug, failed, why) => {
    const { verdicts, shown } = await judgeChecks('greenleaves-v5', IDS, await shop(bug, bug));
    expect(verdicts.failed ?? [], shown).toEqual(failed);
    expect(shown).toMatch(why);
  });

  test('reading X-JWS-Signature only in lower case fails V5-MCB-01, and nothing else', async () => {
    const { verdicts, shown } = await judgeChecks('greenleaves-v5', IDS, await shop('header-lower', 'header-lower'));
    expect(verdicts.failed ?? [], shown).toContain('v5.mcb.genuine V5-MCB-01');
    expect(new Set((verdicts.failed ?? []).map((v) => v.split(' ')[1])), shown).toEqual(new Set(['V5-MCB-01']));
  });
});
