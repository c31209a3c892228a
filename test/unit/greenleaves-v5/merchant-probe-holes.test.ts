// A probe's v5 shop (check_url, result_url) with one planted bug each passed the merchant suite:
//   attached   verifies the signature over a payload the token carries (`token.replace("..", …)`, a
//              no-op on a token that has one) and processes the body received: any captured
//              callback's signature then authenticates any body (V5-MCB-02, "the body changed after signing")
//   dedupe     answers a payment id it knows from its store before verifying (V5-MCB-02: "never answered ok")
//   presence   check_url only looks for an X-JWS-Signature header (V5-MCB-02: check_url only got an unsigned call)
//   underpay   refuses an amount above the order's only (V5-MCB-07: only the order's amount + 0.01 was sent)
//   success    check_url answers {"status":"success"} for a payable order (V5-MCB-05 was inconclusive)
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

type Bug = '' | 'attached' | 'dedupe' | 'presence' | 'underpay' | 'success';
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

async function verified(bug: Bug, path: string, token: string | undefined, raw: Buffer): Promise<boolean> {
  const { authId, secretKey } = credentials('greenleaves-v5');
  if (bug === 'presence' && path === CHECK) return !!token;
  const [h, p, s] = (token ?? '').split('.');
  if (bug === 'attached' && p) {
    const want = createHmac('sha256', secretKey).update(`${h}.${p}`).digest();
    const got = Buffer.from(s ?? '', 'base64url');
    return got.length === want.length && timingSafeEqual(got, want);
  }
  return (await verifyCallback(token, raw, path, authId, secretKey)).ok;
}

/** The shop on a free port, and the subject (with its declaration) paycert judges. */
async function shop(name: string, bug: Bug): Promise<Subject> {
  const orders = new Map<string, { amount: string; paidBy: string }>(
    Array.from({ length: 16 }, (_, i) => [`P${i + 1}`, { amount: `${1000 + i * 10}.50`, paidBy: '' }]),
  );
  const payments = new Map<string, Json>();
  const decide = (path: string, b: Json): Json => {
    const o = orders.get(String(b.order_id));
    const a = cents(b.amount);
    const want = o && cents(Number(o.amount))!;
    const amountOk = a !== undefined && want !== undefined && (bug === 'underpay' ? a <= want : a === want);
    const matches = !!o && amountOk && b.currency === 'KZT';
    if (path === CHECK)
      return matches && !o.paidBy ? { status: bug === 'success' ? 'success' : 'ok' } : { status: 'rejected' };
    const id = String(b.id);
    const known = payments.get(id);
    if (known) return known;
    let answer: Json;
    if (b.status === 'declined') answer = { status: 'ok' };
    else if (!matches || (o.paidBy && o.paidBy !== id)) answer = { status: 'rejected' };
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
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ description: '', ...a }));
        let b: Json;
        try {
          b = JSON.parse(raw.toString('utf8')) as Json;
        } catch {
          return send({ status: 'error' });
        }
        if (bug === 'dedupe' && path === RESULT && payments.has(String(b.id))) return send(payments.get(String(b.id))!);
        const token = req.headers['x-jws-signature'];
        if (!(await verified(bug, path, typeof token === 'string' ? token : undefined, raw)))
          return send({ status: 'error', description: 'bad signature' });
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
        ...[...orders].map(([orderId, o]) => ({ orderId, amount: o.amount, currency: 'KZT', state: 'payable' })),
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

const IDS = ['v5.mcb.forged', 'v5.mcb.check', 'v5.mcb.amount'];

describe('a v5 shop', () => {
  test('without the bugs passes every rule of the checks (the new forgeries and amounts accuse no one)', async () => {
    const { verdicts, shown } = await judgeChecks('greenleaves-v5', IDS, await shop('clean', ''));
    expect(Object.keys(verdicts), shown).toEqual(['passed']);
  });

  test.each([
    // one verification for both endpoints: both take it
    ['attached', ['v5.mcb.forged V5-MCB-02', 'v5.mcb.check V5-MCB-02'], /carrying the payload it was signed over/],
    ['dedupe', ['v5.mcb.forged V5-MCB-02'], /after the genuine call was answered ok/],
    ['presence', ['v5.mcb.check V5-MCB-02'], /a check_url call signed with another key/],
    ['underpay', ['v5.mcb.amount V5-MCB-07'], /amount - 0\.01/],
    ['success', ['v5.mcb.check V5-MCB-05'], /check_url answered HTTP 200, status \\"success\\"/],
  ] as const)('with bug %s fails exactly %j', async (bug, failed, why) => {
    const { verdicts, shown } = await judgeChecks('greenleaves-v5', IDS, await shop(bug, bug));
    expect(verdicts.failed ?? [], shown).toEqual(failed);
    expect(shown).toMatch(why);
  });
});
