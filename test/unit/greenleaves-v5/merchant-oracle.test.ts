// A Python probe's v5 shop (/work/probe18/v5-shop-python) was judged wrongly:
//   leak-secret  its refusal of a forged call said "signature mismatch: expected <the right signature for
//                that body>": whoever posts any body with a bad signature reads the signature it should
//                have carried, and replays it (a signing oracle). Every rule passed (V5-MCB-11 now).
//   float-cents  int(float(amount) * 100), 19.99 -> 1998: its refusal of a genuine call for its amount
//                ("rejected", "amount differs") was told "is the signature verified over a re-serialised
//                body?", a guess its own words contradict.
//   check-float  the same bug in check_url only: V5-MCB-05 sent check_url one order's amount alone.
import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { Subject } from '../../../src/harness/subject.ts';
import { verifyCallback } from '../../../src/protocols/greenleaves-v5/index.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { judgeChecks } from '../harness/judge-checks.ts';
import { CHECK, probeOrders, probeShops, type Json } from './probe-shop.ts';

type Bug = '' | 'oracle' | 'oracle-hex' | 'echo' | 'empty-403' | 'float-cents' | 'check-float';

const serve = probeShops('paycert-v5-oracle-');

/** The MAC the token's own header (or the documented one, without a token) should carry over `raw`. */
function expectedMac(path: string, token: string | undefined, raw: Buffer): Buffer {
  const { authId, secretKey } = credentials('greenleaves-v5');
  const header =
    token?.split('.')[0] ||
    Buffer.from(JSON.stringify({ alg: 'HS256', uri: path, auth_id: authId, method: 'POST', params: '' })).toString(
      'base64url',
    );
  return createHmac('sha256', secretKey)
    .update(`${header}.${raw.toString('base64url')}`)
    .digest();
}

async function shop(name: string, bug: Bug, price?: (i: number) => string): Promise<Subject> {
  const { authId, secretKey } = credentials('greenleaves-v5');
  const orders = probeOrders(price);
  const payments = new Map<string, Json>();
  const cents = (v: unknown, path: string): number | undefined =>
    typeof v !== 'number'
      ? undefined
      : bug === 'float-cents' || (bug === 'check-float' && path === CHECK)
        ? Math.trunc(v * 100)
        : Math.round(v * 100);
  const decide = (path: string, b: Json): Json => {
    const o = orders.get(String(b.order_id));
    if (!o) return { status: 'rejected', description: 'no such order' };
    if (cents(b.amount, path) !== Math.round(Number(o.amount) * 100) || b.currency !== 'KZT')
      return { status: 'rejected', description: 'amount differs' };
    if (o.expired) return { status: 'rejected', description: 'expired' };
    if (path === CHECK) return o.paidBy ? { status: 'rejected', description: 'paid' } : { status: 'ok' };
    const id = String(b.id);
    const known = payments.get(id);
    if (known) return known;
    const answer = b.status !== 'cleared' ? { status: 'ok' } : o.paidBy ? { status: 'rejected' } : { status: 'ok' };
    if (b.status === 'cleared' && !o.paidBy) o.paidBy = id;
    payments.set(id, answer);
    return answer;
  };
  return serve(name, `oracle probe shop (${bug || 'clean'})`, orders, async (req, res, raw, path) => {
    const send = (a: Json) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ description: '', ...a }));
    const token = req.headers['x-jws-signature'];
    const t = typeof token === 'string' ? token : undefined;
    if (!(await verifyCallback(t, raw, path, authId, secretKey)).ok) {
      if (bug === 'empty-403') return res.writeHead(403).end();
      const mac = expectedMac(path, t, raw);
      const description =
        bug === 'oracle'
          ? `signature mismatch: expected ${mac.toString('base64url')}`
          : bug === 'oracle-hex'
            ? `signature mismatch: expected ${mac.toString('hex').toUpperCase()}`
            : bug === 'echo'
              ? `signature mismatch: got ${t ?? 'none'}`
              : 'bad signature';
      return send({ status: 'error', description });
    }
    send(decide(path, JSON.parse(raw.toString('utf8')) as Json));
  });
}

/** every failure's message and rule reason of the results, as text */
const said = (results: Awaited<ReturnType<typeof judgeChecks>>['results']): string =>
  JSON.stringify(results.map((r) => [r.id, r.failures.map((f) => f.message), r.ruleReasons]));

describe('a v5 shop answering a forged call', () => {
  // an empty 403 is the shop's own answer too (its status line and headers read): it shows no signature
  test.each(['', 'echo', 'empty-403'] as const)(
    '%j: V5-MCB-11 is judged and passed (an echo of the token sent is no leak, nor is an empty refusal)',
    async (bug) => {
      const { verdicts, shown } = await judgeChecks(
        'greenleaves-v5',
        ['v5.mcb.forged'],
        await shop(bug || 'clean', bug),
      );
      expect(verdicts.passed ?? [], shown).toContain('v5.mcb.forged V5-MCB-11');
      expect(Object.keys(verdicts), shown).toEqual(['passed']);
    },
  );

  test.each(['oracle', 'oracle-hex'] as const)(
    'with the signature it should have carried (%s) fails V5-MCB-11 only, naming where, not the value',
    async (bug) => {
      const { results, verdicts, shown } = await judgeChecks('greenleaves-v5', ['v5.mcb.forged'], await shop(bug, bug));
      expect(verdicts.failed ?? [], shown).toEqual(['v5.mcb.forged V5-MCB-11']);
      const why = said(results);
      expect(why, shown).toMatch(
        /a call signed with another key was answered with the signature it should have carried \(in the body/,
      );
      expect(why, shown).not.toMatch(/signature mismatch: expected/);
    },
  );
});

describe('a v5 shop refusing a genuine call for its amount', () => {
  test('is told the refusal is in its own words, with no re-serialisation guess', async () => {
    const { results, verdicts, shown } = await judgeChecks(
      'greenleaves-v5',
      ['v5.mcb.genuine'],
      await shop('float-cents', 'float-cents', () => '19.99'),
    );
    expect(verdicts.failed ?? [], shown).toEqual(['v5.mcb.genuine V5-MCB-01']);
    const why = said(results);
    expect(why, shown).toMatch(
      /PHP's json_encode .* was answered status rejected \\"amount differs\\", not as the merchant answers a forged call/,
    );
    expect(why, shown).not.toMatch(/re-serialised/);
  });
});
