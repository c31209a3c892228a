import { quote } from '../../src/harness/clip.ts';
import { defineChecks } from '../../src/harness/check.ts';
import type { TestCard } from '../../src/spec/greenleaves-cards.ts';
import type { V5Payment, V5Reply } from '../../src/sdk/greenleaves-v5.ts';
import {
  allCards,
  card,
  client,
  createBody,
  describe,
  expectRefused,
  IN_PROGRESS,
  declineOf,
  expectDeclined,
  isCleared,
  setUpAs,
  ownWord,
  orderId,
  paymentOf,
  few,
  P,
  processed,
  read,
  type Ctx,
  shown,
  money,
} from './support.ts';

const two = () => card({ auth: true, threeDs: false, clearing: true, refund: true });

/** The payment's status is `want`, or a word of the gateway's own other than `before` (the status it
 *  left) with the amount `field` at `amount`: absent, that amount shows nothing, and the rule is not
 *  judged on this step. */
function reached(
  t: Ctx,
  rule: string,
  p: V5Payment | undefined,
  want: string,
  before: unknown,
  field: 'cleared_amount' | 'refunded_amount',
  amount: number,
): boolean {
  if (!p) return false;
  const got = money(p[field]);
  if (!ownWord(p.status)) return p.status === want && (typeof got !== 'number' || got === amount);
  if (typeof got !== 'number')
    t.inconclusive(
      `status "${String(p.status)}" is a word of the gateway's own (V5-FMT-02) and ${field} is absent, so whether the payment is ${want} cannot be seen (${rule})`,
    );
  return p.status !== before && got === amount;
}

async function created(t: Ctx, rule: string, c: TestCard, extra: Record<string, unknown>): Promise<V5Payment> {
  const r = await client(t).call('create', createBody(c, extra), { note: `create ${JSON.stringify(extra)}` });
  if (!processed(r)) t.inconclusive(`setup: the payment was not created: ${describe(r)}`);
  return r.payment!;
}

/** A declined payment (not `authorized`, settled, nothing cleared): its test card declines it, or, for a
 *  gateway whose test cards differ, its check_url refuses it (when the subject reaches the listener).
 *  With the amount paycert asked for (a later request sends that, never a value copied from a reply:
 *  "500.00" in a reply is V5-FMT-01's, and sent back it is a request of paycert's own making refused). */
async function declinedPayment(t: Ctx, authorized: string): Promise<{ p: V5Payment; amount: number } | undefined> {
  const declined = (q?: V5Payment) =>
    !!q && q.status !== authorized && !IN_PROGRESS.test(String(q.status)) && !(Number(q.cleared_amount) > 0);
  const body = createBody(card({ auth: false, threeDs: false }), { auto_clearing: false });
  const amount = body.amount as number;
  const byCard = paymentOf(await client(t).call('create', body, { note: 'a payment its test card declines' }));
  if (declined(byCard)) return { p: byCard!, amount };
  if (t.subject.capabilities.includes('callbacks')) {
    const no = await t.listener();
    no.respond(() => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'rejected', description: 'paycert: refused' }),
    }));
    const urls = { check_url: no.url('check') };
    const refusedBody = createBody(two(), { auto_clearing: false, urls });
    const r = await client(t).call('create', refusedBody, { note: 'a payment its check_url refuses' });
    if (declined(paymentOf(r))) return { p: paymentOf(r)!, amount: refusedBody.amount as number };
  }
  t.note(`no declined payment to edit: the decline card's payment is ${byCard?.status ?? '?'}`);
  return undefined;
}

/** A payment whose status is text and whose amounts are numbers (or absent): one of another shape
 *  (a hostile reply) shows no state to compare. */
const comparable = (p: V5Payment): boolean =>
  typeof p.status === 'string' &&
  ['cleared_amount', 'refunded_amount'].every((k) =>
    ['number', 'undefined'].includes(typeof money(p[k as keyof V5Payment])),
  );

/** The payment after a refused edit is as it was. */
async function unchanged(t: Ctx, rule: string, before: V5Payment, what: string): Promise<boolean> {
  const r = await read(t, { id: before.id });
  const p = paymentOf(r);
  for (const [when, x] of [
    ['before', before],
    ['after', p],
  ] as const)
    if (x && !comparable(x))
      t.inconclusive(
        `${what}: the payment read ${when} has a status or an amount of another type (${quote(JSON.stringify({ status: x.status, cleared_amount: x.cleared_amount, refunded_amount: x.refunded_amount }), 200)}), so whether it changed cannot be seen`,
      );
  return t.expect(
    rule,
    !!p &&
      p.status === before.status &&
      money(p.cleared_amount) === money(before.cleared_amount) &&
      money(p.refunded_amount) === money(before.refunded_amount),
    `${what} changed the payment: ${before.status}/${before.cleared_amount}/${before.refunded_amount} → ${p ? `${p.status}/${p.cleared_amount}/${p.refunded_amount}` : describe(r)}`,
  );
}

/** Whether a payment created with auto_clearing true was authorised: authorized or cleared (whether it
 *  was cleared at once is V5-FLOW-01's); with a word of the gateway's own, no decline object and cleared
 *  in full. undefined: a word of its own that shows neither (authorised only, or declined without a
 *  decline object). */
function authorised(p: V5Payment): boolean | undefined {
  if (!ownWord(p.status)) return p.status === 'authorized' || p.status === 'cleared';
  if (declineOf(p) !== undefined) return false;
  return isCleared(p) || undefined;
}

/** V5-FLOW-04 on a payment cleared in part (100 authorised, 40 cleared): the refund's limit is what was
 *  cleared, not the amount authorised (a payment cleared in full shows no difference). A refund of 60 is
 *  refused (3004); one of 40 refunds it all. A clearing of 40 that is not processed, or leaves another
 *  cleared_amount (V5-FLOW-02's finding), leaves this part unjudged. */
async function clearedInPart(t: Ctx): Promise<void> {
  const v5 = client(t);
  const p = await created(t, 'V5-FLOW-04', two(), { amount: 100, auto_clearing: false });
  const c = await v5.call('clearing', { id: p.id, amount: 40 }, { note: 'clear 40 of 100' });
  const part = paymentOf(c);
  if (!part || money(part.cleared_amount) !== 40)
    return t.cannotJudge(
      'V5-FLOW-04',
      `a refund above what was cleared needs a payment cleared in part, and a clearing of 40 on an authorisation of 100 ${part ? `left cleared_amount ${shown(part.cleared_amount)}` : `was not processed (${describe(c)})`}`,
    );
  const what = 'a refund of 60 on a payment of 100 cleared for 40';
  const over = await v5.call('refund', { id: p.id, amount: 60 }, { note: 'refund above what was cleared' });
  if (!(await expectRefused(t, over, 'V5-FLOW-04', 3004, what))) return;
  if (!(await unchanged(t, 'V5-FLOW-04', part, what))) return;
  const all = await v5.call('refund', { id: p.id, amount: 40 }, { note: 'refund all that was cleared' });
  t.expect(
    'V5-FLOW-04',
    processed(all) && reached(t, 'V5-FLOW-04', all.payment, 'refunded', part.status, 'refunded_amount', 40),
    `a refund of the 40 cleared of 100: ${describe(all)}, refunded_amount ${String(all.payment?.refunded_amount)}; want refunded, 40`,
  );
}

export const checks = defineChecks({ profile: 'greenleaves-v5', subject: 'gateway' }, [
  {
    id: 'v5.flow.auto-clearing',
    // an absent auto_clearing is not judged: seed 000 shows `"auto_clearing": true` and documents no default
    title: 'auto_clearing true clears at once; false only authorises',
    area: 'flow',
    rules: ['V5-FLOW-01'],
    plans: ['smoke', 'full'],
    async run(t) {
      const got: V5Payment[] = [];
      for (const [what, extra, status, cleared] of [
        ['auto_clearing true', { amount: 250.5, auto_clearing: true }, 'cleared', 250.5],
        ['auto_clearing false', { amount: 250.5, auto_clearing: false }, 'authorized', 0],
      ] as const) {
        const p = await created(t, 'V5-FLOW-01', two(), extra);
        got.push(p);
        t.expect(
          'V5-FLOW-01',
          ownWord(p.status)
            ? money(p.cleared_amount) === cleared
            : // a reply without cleared_amount shows only the status (the field is V5-FMT-01's)
              p.status === status && (p.cleared_amount === undefined || money(p.cleared_amount) === cleared),
          `${what}: status ${shown(p.status)}, cleared_amount ${shown(p.cleared_amount)}; want ${status}, ${cleared}`,
        );
      }
      // a gateway's own words (V5-FMT-02's finding): single-step and authorise-only still differ
      const [yes, no] = got as [V5Payment, V5Payment];
      if ([yes, no].some((p) => ownWord(p.status)))
        t.expect(
          'V5-FLOW-01',
          yes.status !== no.status,
          `statuses of the gateway's own: auto_clearing true ${shown(yes.status)}, false ${shown(no.status)}; want two statuses`,
        );
    },
  },
  {
    id: 'v5.flow.clearing',
    title: 'clearing: only an authorized payment, at most its amount (3002, 3004); cleared_amount is the amount sent',
    area: 'flow',
    rules: ['V5-FLOW-02', 'V5-ERR-04', 'V5-ERR-01'],
    async run(t) {
      const v5 = client(t);
      const p = await created(t, 'V5-FLOW-02', two(), { amount: 100, auto_clearing: false });
      const over = await v5.call('clearing', { id: p.id, amount: 100.01 }, { note: 'clearing above the amount' });
      await expectRefused(t, over, 'V5-FLOW-02', 3004, 'a clearing of 100.01 on an authorisation of 100');
      await unchanged(t, 'V5-FLOW-02', p, 'a clearing above the amount');
      const ok = await v5.call('clearing', { id: p.id, amount: 60 }, { note: 'partial clearing' });
      t.expect(
        'V5-FLOW-02',
        processed(ok) &&
          reached(t, 'V5-FLOW-02', ok.payment, 'cleared', p.status, 'cleared_amount', 60) &&
          (ok.payment!.cleared_amount === undefined || money(ok.payment!.cleared_amount) === 60),
        `a clearing of 60 on 100: ${describe(ok)}, cleared_amount ${ok.payment?.cleared_amount}`,
      );
      const again = await v5.call('clearing', { id: p.id, amount: 10 }, { note: 'clearing a cleared payment' });
      await expectRefused(t, again, 'V5-FLOW-02', 3002, 'a clearing of a cleared payment');
      const found = await declinedPayment(t, p.status);
      if (found) {
        const { p: declined, amount } = found;
        const r = await v5.call('clearing', { id: declined.id, amount }, { note: 'clearing a declined payment' });
        await expectRefused(t, r, 'V5-FLOW-02', 3002, `a clearing of a declined (${shown(declined.status)}) payment`);
        await unchanged(t, 'V5-FLOW-02', declined, 'a clearing of a declined payment');
      }
    },
  },
  {
    id: 'v5.flow.reverse',
    title: 'reverse: an authorized payment becomes reversed; anything else is refused (3002)',
    area: 'flow',
    rules: ['V5-FLOW-03', 'V5-ERR-04', 'V5-ERR-01'],
    async run(t) {
      const v5 = client(t);
      const c = card({ auth: true, threeDs: false, reverse: true });
      const p = await created(t, 'V5-FLOW-03', c, { auto_clearing: false });
      const r = await v5.call('reverse', { id: p.id });
      t.expect(
        'V5-FLOW-03',
        processed(r) &&
          (r.payment!.status === 'reversed' || (ownWord(r.payment!.status) && r.payment!.status !== p.status)),
        `reversing an authorized payment: ${describe(r)}`,
      );
      await expectRefused(
        t,
        await v5.call('reverse', { id: p.id }, { note: 'reverse twice' }),
        'V5-FLOW-03',
        3002,
        'reversing a reversed payment',
      );
      const cleared = await created(t, 'V5-FLOW-03', c, { auto_clearing: true });
      if (!setUpAs(t, 'V5-FLOW-03', cleared, true, 'a payment to reverse once cleared')) return;
      await expectRefused(
        t,
        await v5.call('reverse', { id: cleared.id }, { note: 'reverse a cleared payment' }),
        'V5-FLOW-03',
        3002,
        'reversing a cleared payment',
      );
      await unchanged(t, 'V5-FLOW-03', cleared, 'reversing a cleared payment');
    },
  },
  {
    id: 'v5.flow.refund',
    title:
      'refund: a cleared payment, up to cleared_amount - refunded_amount (3004 above), partially_refunded then refunded; nothing else (3002)',
    area: 'flow',
    rules: ['V5-FLOW-04', 'V5-ERR-04', 'V5-ERR-01'],
    plans: ['smoke', 'full'],
    async run(t) {
      const v5 = client(t);
      // 500.25 then 200.25 leaves 300.00: the last refund sent as 300 must still be the whole rest (a gateway
      // comparing decimals with their scale, BigDecimal.equals, takes 300 for less than 300.00)
      const p = await created(t, 'V5-FLOW-04', two(), { amount: 500.25, auto_clearing: true });
      // one payment through the sequence: once a step went wrong, the next ones would judge a state
      // that step left wrong (a refusal of the right refund, its code), so the sequence stops there
      const steps = async (): Promise<void> => {
        const over = await v5.call('refund', { id: p.id, amount: 500.26 }, { note: 'refund above the amount' });
        if (!(await expectRefused(t, over, 'V5-FLOW-04', 3004, 'a refund of 500.26 on 500.25'))) return;
        if (!(await unchanged(t, 'V5-FLOW-04', p, 'a refund above the amount'))) return;
        const r1 = await v5.call('refund', { id: p.id, amount: 200.25 });
        if (
          !t.expect(
            'V5-FLOW-04',
            processed(r1) &&
              reached(t, 'V5-FLOW-04', r1.payment, 'partially_refunded', p.status, 'refunded_amount', 200.25),
            `a refund of 200.25 on 500.25: ${describe(r1)}, refunded_amount ${String(r1.payment?.refunded_amount)}; want partially_refunded, 200.25`,
          )
        )
          return;
        const left = await v5.call('refund', { id: p.id, amount: 300.01 }, { note: 'refund above what is left' });
        if (!(await expectRefused(t, left, 'V5-FLOW-04', 3004, 'a refund of 300.01 when 300 is left'))) return;
        const r2 = await v5.call('refund', { id: p.id, amount: 300 });
        if (
          !t.expect(
            'V5-FLOW-04',
            // in words of its own, the whole rest refunded is a status other than the partial refund's
            processed(r2) &&
              reached(t, 'V5-FLOW-04', r2.payment, 'refunded', r1.payment!.status, 'refunded_amount', 500.25),
            `a refund of the last 300 (300.00 left): ${describe(r2)}, refunded_amount ${String(r2.payment?.refunded_amount)}; want refunded, 500.25`,
          )
        )
          return;
        await expectRefused(
          t,
          await v5.call('refund', { id: p.id, amount: 0.01 }, { note: 'refund a refunded payment' }),
          'V5-FLOW-04',
          3002,
          'a refund of a refunded payment',
        );
      };
      if (setUpAs(t, 'V5-FLOW-04', p, true, 'a payment of 500.25 to refund')) await steps();
      await clearedInPart(t);
      const held = await created(t, 'V5-FLOW-04', two(), { auto_clearing: false });
      await expectRefused(
        t,
        await v5.call('refund', { id: held.id, amount: 1 }, { note: 'refund an authorized payment' }),
        'V5-FLOW-04',
        3002,
        'a refund of an authorized payment',
      );
    },
  },
  {
    id: 'v5.flow.duplicate-order',
    title:
      'order_id is unique per merchant: a second create with it is refused (3003) and the first payment is unchanged',
    area: 'flow',
    rules: ['V5-FLOW-06', 'V5-ERR-04', 'V5-ERR-01'],
    async run(t) {
      const v5 = client(t);
      // the order_id paycert sent, not the one the reply shows (a hostile reply's may be anything)
      const order = orderId();
      const first = await created(t, 'V5-FLOW-06', two(), { amount: 70, order_id: order });
      const dup = await v5.call('create', createBody(two(), { amount: 80, order_id: order }), {
        note: 'the same order_id again',
      });
      await expectRefused(t, dup, 'V5-FLOW-06', 3003, 'a create reusing an order_id');
      const r = await read(t, { order_id: order });
      // the amount as a number (its type is V5-FMT-01's); a read without one shows only the id
      const amount = r.payment?.amount as unknown;
      t.expect(
        'V5-FLOW-06',
        r.payment?.id === first.id && (amount === undefined || money(amount) === 70),
        `after the duplicate, order ${order} reads as ${describe(r)}, amount ${shown(amount)}`,
      );
      if (r.payment?.id === first.id && amount === undefined)
        t.note(`the read shows no amount: only the payment's id was compared (${describe(r)})`);
    },
  },
  {
    id: 'v5.card.outcomes',
    title:
      'the test card decides: the four decline cards are declined (4001), the others authorised, 3-D Secure ones without a challenge',
    area: 'cards',
    rules: ['V5-CARD-01', 'V5-CARD-04'],
    plans: ['smoke', 'full'],
    async run(t) {
      const cards = allCards();
      const pick =
        t.subject.target === 'real'
          ? [
              cards.find((c) => !c.auth)!,
              cards.find((c) => c.auth && c.threeDs)!,
              cards.find((c) => c.auth && !c.threeDs)!,
            ]
          : cards;
      for (const c of pick) {
        const r: V5Reply = await client(t).call('create', createBody(c, { auto_clearing: true }), {
          note: `test card ${c.pan}`,
        });
        const p = paymentOf(r);
        if (!c.auth) {
          expectDeclined(t, 'V5-CARD-01', r, p, `decline card ${c.pan}`);
          continue;
        }
        const ok = p && authorised(p);
        const rules = c.threeDs ? ['V5-CARD-01', 'V5-CARD-04'] : ['V5-CARD-01'];
        if (ok === undefined && p) {
          const why = `card ${c.pan} (authorises): status "${shown(p.status)}" is a word of the gateway's own (V5-FMT-02), with no decline object and not cleared in full: whether it was authorised cannot be seen (${describe(r)})`;
          for (const rule of rules) t.cannotJudge(rule, why);
          continue;
        }
        t.expect('V5-CARD-01', !!ok && declineOf(p!) === undefined, `card ${c.pan} (authorises): ${describe(r)}`);
        if (c.threeDs)
          t.expect(
            'V5-CARD-04',
            processed(r) && !!ok,
            `3-D Secure card ${c.pan} was not authorised without a challenge: ${describe(r)}`,
          );
      }
    },
  },
  {
    id: 'v5.card.capabilities',
    title:
      "the test card's table decides clearing, reverse and refund: unavailable ones are refused (4001, HTTP 402) and change nothing",
    area: 'cards',
    rules: ['V5-CARD-02', 'V5-ERR-04', 'V5-ERR-01'],
    async run(t) {
      const v5 = client(t);
      const rows = new Map<string, TestCard>();
      for (const c of allCards().filter((x) => x.auth))
        rows.set(`${c.clearing}${c.reverse}${c.refund}`, rows.get(`${c.clearing}${c.reverse}${c.refund}`) ?? c);
      // the rows ordered so that the first ones show each edit both available and unavailable (a gateway
      // clearing on a card whose table says no clearing passed when the first two rows allowed it)
      const ops = ['clearing', 'reverse', 'refund'] as const;
      const ordered: TestCard[] = [];
      const seen = new Set<string>();
      const fresh = (c: TestCard) => ops.filter((op) => !seen.has(`${op}${c[op]}`)).length;
      for (let left = [...rows.values()]; left.length > 0;) {
        const next = left.reduce((a, b) => (fresh(b) > fresh(a) ? b : a));
        for (const op of ops) seen.add(`${op}${next[op]}`);
        ordered.push(next);
        left = left.filter((c) => c !== next);
      }
      const row = (c: TestCard) =>
        `card ${c.pan} (${ops.map((op) => `${op} ${c[op] ? 'available' : 'unavailable'}`).join(', ')})`;
      for (const c of few(t, ordered, 2, { rules: ['V5-CARD-02', 'V5-ERR-04', 'V5-ERR-01'], name: row })) {
        // clearing and reverse of a payment authorised only, refund of one cleared at once
        const cases: Array<['clearing' | 'reverse' | 'refund', boolean]> = [
          ['clearing', c.clearing],
          ['reverse', c.reverse],
          ['refund', c.refund],
        ];
        for (const [op, allowed] of cases) {
          const auto = op === 'refund';
          const p = await created(t, 'V5-CARD-02', c, { auto_clearing: auto, amount: 40 });
          if (!setUpAs(t, 'V5-CARD-02', p, auto, `a payment to ${op} with card ${c.pan}`)) continue;
          const r = await v5.call(op, op === 'reverse' ? { id: p.id } : { id: p.id, amount: 10 }, {
            note: `${op} with card ${c.pan} (${allowed ? 'available' : 'unavailable'})`,
          });
          if (allowed) {
            t.expect(
              'V5-CARD-02',
              processed(r),
              `${op} with card ${c.pan}, marked available, was refused: ${describe(r)}`,
            );
          } else {
            await expectRefused(t, r, 'V5-CARD-02', 4001, `${op} with card ${c.pan}, marked unavailable`);
            await unchanged(t, 'V5-CARD-02', p, `a refused ${op}`);
          }
        }
      }
    },
  },
]);
