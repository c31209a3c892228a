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
// The shop is written here from the callback model, independently of the reference merchant.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { LIMITS, type Subject } from '../../../src/harness/subject.ts';
import { verifyCallback } from '../../../src/protocols/greenleaves-v5/index.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { judgeChecks } from '../harness/judge-checks.ts';

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
  | 'refuse-all';
type Json = Record<string, unknown>;

const RESULT = '/shop/v5/result';
const CHECK = '/shop/v5/check';
const dir = mkdtempSync(join(tmpdir(), 'paycert-v5-probe-holes-'));
const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  rmSync(dir, { recursive: true, force: true });
});

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
  const { authId, secretKey } = credentials('greenleaves-v5');
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
  const signed = bug === 'reencode' ? reencoded(raw) : raw;
  return (await verifyCallback(token, signed, path, authId, secretKey)).ok ? raw : undefined;
}

/** The shop on a free port, and the subject (with its declaration) paycert judges. */
async function shop(name: string, bug: Bug): Promise<Subject> {
  const orders = new Map<string, { amount: string; paidBy: string; expired?: boolean }>([
    ...Array.from({ length: 30 }, (_, i) => [`P${i + 1}`, { amount: `${1000 + i * 10}.50`, paidBy: '' }] as const),
    ...Array.from({ length: 3 }, (_, i) => [`E${i + 1}`, { amount: '300', paidBy: '', expired: true }] as const),
  ]);
  const payments = new Map<string, Json>();
  const decide = (path: string, b: Json): Json => {
    const o = orders.get(String(b.order_id));
    const a = cents(bug === 'cleared' && b.status === 'cleared' ? b.cleared_amount : b.amount);
    const want = o && cents(Number(o.amount))!;
    const amountOk = a !== undefined && want !== undefined && (bug === 'underpay' ? a <= want : a === want);
    const matches = !!o && ((bug === 'check-amount' && path === CHECK) || (amountOk && b.currency === 'KZT'));
    const open = !!o && (!o.expired || bug === (path === CHECK ? 'check-expired' : 'expired'));
    if (path === CHECK)
      return matches && open && (!o.paidBy || bug === 'check-paid')
        ? { status: bug === 'success' ? 'success' : 'ok' }
        : { status: 'rejected' };
    const id = String(b.id);
    const known = payments.get(id);
    if (known) return known;
    let answer: Json;
    if (b.status === 'declined') answer = { status: 'ok' };
    else if (!matches || !open || (o.paidBy && o.paidBy !== id)) answer = { status: 'rejected' };
    else {
      o.paidBy = id;
      answer = { status: 'ok' };
    }
    payments.set(id, answer);
    return answer;
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const raw = Buffer.concat(chunks);
        const path = (req.url ?? '').split('?')[0]!;
        const send = (a: Json) =>
          res
            .writeHead(200, { 'content-type': bug === 'html' ? 'text/html; charset=UTF-8' : 'application/json' })
            .end(`${bug === 'bom' ? '\ufeff' : ''}${JSON.stringify({ description: '', ...a })}`);
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
        const token = req.headers['x-jws-signature'];
        const signed = await verified(bug, path, typeof token === 'string' ? token : undefined, raw);
        const b = signed && parse(signed);
        if (!b) return send({ status: 'error', description: 'bad signature' });
        send(decide(path, b));
      })();
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const base = `http://127.0.0.1:${port}`;
  const declarationPath = join(dir, `${name}.json`);
  writeFileSync(
    declarationPath,
    JSON.stringify({
      profile: 'greenleaves-v5',
      resultUrl: `${base}${RESULT}`,
      checkUrl: `${base}${CHECK}`,
      orders: [
        ...[...orders].map(([orderId, o]) => ({
          orderId,
          amount: o.amount,
          currency: 'KZT',
          state: o.expired ? 'expired' : 'payable',
        })),
        { orderId: 'NO-SUCH-ORDER-1', state: 'unknown' },
      ],
    }),
  );
  return {
    profile: 'greenleaves-v5',
    kind: 'merchant',
    target: 'reference',
    baseUrl: `${base}${RESULT}`,
    checkUrl: `${base}${CHECK}`,
    declarationPath,
    capabilities: [],
    limits: LIMITS.reference,
    slow: true,
    info: { implementation: `probe shop (${bug || 'clean'})`, defects: [] },
  };
}

const IDS = [
  'v5.mcb.genuine',
  'v5.mcb.forged',
  'v5.mcb.repeat',
  'v5.mcb.check',
  'v5.mcb.check-cannot-take',
  'v5.mcb.declined',
  'v5.mcb.amount',
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
    ['check-paid', ['v5.mcb.check-cannot-take V5-MCB-09'], /already paid/],
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
