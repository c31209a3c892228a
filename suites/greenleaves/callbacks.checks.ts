import { maskShape } from '../pan.ts';
import type { Listener, Received, Reply } from '../../src/harness/listener.ts';
import type { TestCard } from '../../src/spec/greenleaves-cards.ts';
import { Inconclusive } from '../../src/harness/outcome.ts';
import { describeErrors } from '../../src/spec/ajv.ts';
import { buildXml, fromForm, sign, verify, without, type PgMessage } from '../../src/protocols/greenleaves/index.ts';
import {
  advance,
  card,
  paid,
  cardFields,
  cardValues,
  client,
  describe,
  ok,
  pageFields,
  pay,
  paymentStatus,
  refused,
  SCRIPTS,
  settle,
  stateAfterAnswer,
  clockMovedBetween,
  type Ctx,
  signatureRefused,
  lowercaseSig,
  validateReply,
  gatewayChecks,
  shownValue,
  saltFor,
} from './support.ts';
import { signatureFault } from './reply-script.ts';
import { has } from '../../src/harness/subject.ts';

const MIN = 60_000;

/** GL-CB-19 (INFERRED): how soon after a payment ended its first result_url call comes. */
const TIMING_RULE = 'GL-CB-19';
/** GL-CB-19's 60 s, on a reference's clock; against a real target the subject's wait (limits.callbackWaitMs,
 *  60 s) is the measure. */
const CALL_WITHIN_MS = 60_000;
/** The documented retries' span (seed 001: every 30 minutes for 2 hours): a first call lost on the way is
 *  made again within it, so one not come by its end is not coming. */
const RETRY_SPAN_MS = 120 * MIN;

const revokedOrRefunded = (state: string) => state === 'revoked' || state === 'refunded';

/** The merchant's signed XML answer, as the suite plays the merchant. */
export function answer(t: Ctx, script: string, status: 'ok' | 'rejected' | 'error', description?: string) {
  const bare: PgMessage = {
    pg_status: status,
    pg_description: description ?? (status === 'ok' ? 'Заказ оплачен' : 'Платеж отменен'),
  };
  const m: PgMessage = { ...bare, pg_salt: saltFor(script, bare, t.credentials.secretKey) };
  m.pg_sig = sign(script, m, t.credentials.secretKey);
  return { status: 200, headers: { 'content-type': 'application/xml; charset=utf-8' }, body: buildXml(m) };
}

/** The path a call came to (the script name is its last segment). */
const pathOf = (r: Received): string => new URL(r.path, 'http://listener').pathname;

function fields(r: Received): PgMessage {
  return fromForm(r.form);
}

/** The pg_payment_id a call names ('' for none). */
function paymentOf(r: Received): string {
  const id = fields(r).pg_payment_id;
  return typeof id === 'string' ? id : '';
}

/** A call is of the payment `id` unless it names another pg_payment_id: one naming none is counted as the
 *  payment's (GL-CB-02 judges its fields), and with `id` unknown every call is. */
const isOf = (r: Received, id: string | undefined): boolean =>
  id === undefined || id === '' || paymentOf(r) === '' || paymentOf(r) === id;

/** The calls of the payment `id` among `received` (isOf). Retries are judged within one payment: a call for
 *  another pg_payment_id of the order is a call for another payment, made when the gateway took the request
 *  more than once, not a retry (GL-CB-05, -06, -07, -09, -10). Was: an edge retrying each POST made two
 *  payments per order, and the second payment's first call was read as a retry of the first's: GL-CB-06
 *  "the retry … allows rejection", GL-CB-07 "other payment data", GL-CB-10 "2 calls after … HTTP 200",
 *  GL-CB-05 "2 calls, want 1" (probe20). */
const ofPayment = (received: readonly Received[], id: string | undefined): Received[] =>
  received.filter((r) => isOf(r, id));

/** The calls for payments other than `id` (calls() counted: copies once): no retries of its calls. No rule
 *  of the seed forbids a second payment of an order (it asks nothing of one payment per request), so each of
 *  `rules` is judged on the payment's own calls and marked not judged on these, with why (partNotJudged:
 *  inconclusive if nothing else was judged). */
function otherPayments(t: Ctx, l: Listener, id: string | undefined, order: unknown, rules: string[]): void {
  const others = calls(t, l.received).filter((r) => !isOf(r, id));
  if (others.length === 0) return;
  const ids = [...new Set(others.map(paymentOf))];
  const sameOrder = others.every((r) => fields(r).pg_order_id === order);
  const why = sameOrder
    ? `calls for ${ids.length + 1} payments of order ${String(order)}: the request was taken more than once (${others.length} call(s) for pg_payment_id ${ids.join(', ')} besides the payment's ${String(id)}); those calls are no retries of the payment's and are not judged`
    : `${others.length} call(s) for pg_payment_id ${ids.join(', ')}, not the payment's ${String(id)} (order ${String(order)}): no retries of its calls, not judged`;
  for (const rule of rules) t.partNotJudged(rule, why);
}

/** How soon an edge or a proxy sends a call again (at once, or after a timeout of its own); the gateway
 *  repeats a call half an hour later (seed 001: "каждые полчаса"). */
const COPY_MS = 60_000;

/** `b`, received after `a`, is a copy of it: the same method, path and body byte for byte, come within
 *  COPY_MS of it. A call carrying a pg_salt ("случайная строка", drawn for each call) is not sent twice by
 *  the gateway with the same one; one without a salt may be: then no move of the subject's clock may have
 *  ended in between (a repeat the move made due would have come then). Not the clock alone: a reference
 *  that gave up waiting for a slow edge (its answer timeout, a loaded machine) ended its move while the
 *  edge still delivered its copy, which was then counted as a retry (GL-CB-05 "5 calls, want 4", CI). */
function copyOf(t: Ctx, a: Received, b: Received): boolean {
  if (a.unread !== undefined || b.unread !== undefined) return false;
  return (
    a.method === b.method &&
    a.path === b.path &&
    a.body === b.body &&
    b.at - a.at < COPY_MS &&
    (salted(a) || !clockMovedBetween(t, a.at, b.at))
  );
}

function salted(r: Received): boolean {
  const salt = fields(r).pg_salt;
  return typeof salt === 'string' && salt !== '';
}

const noted = new WeakSet<Received>();

/** The calls received, each copy counted once: a call that comes again byte for byte before the gateway
 *  could repeat it (copyOf) was sent again on the way (an edge, a proxy retrying), not by the gateway, whose
 *  repeats come half an hour apart (GL-CB-05) and may differ in pg_salt, pg_sig and pg_can_reject (GL-CB-07).
 *  Was: an edge delivering every call twice failed GL-CB-05, GL-CB-06 ("the retry … allows rejection": the
 *  first call's copy) and GL-CB-10 (probe16). Each copy is noted in the evidence once. */
function calls(t: Ctx, received: readonly Received[]): Received[] {
  const out: Received[] = [];
  for (const r of received) {
    const original = out.find((o) => copyOf(t, o, r));
    if (!original) out.push(r);
    else if (!noted.has(r)) {
      noted.add(r);
      t.note(
        `the call to ${r.path} came again byte for byte (the same pg_salt and pg_sig) ${r.at - original.at} ms later: a copy made on the way, counted once`,
      );
    }
  }
  return out;
}

/** Wait until `count` calls of the payment `id` (calls(): copies not counted; ofPayment: another payment's
 *  not counted) have come and been answered, or `ms` have passed. */
async function waitForCalls(
  t: Ctx,
  l: Listener,
  count: number,
  ms: number,
  id: string | undefined,
): Promise<Received[]> {
  const until = Date.now() + ms;
  for (let raw = count; ;) {
    const got = await l.waitFor(raw, Math.max(0, until - Date.now()));
    const own = ofPayment(calls(t, got), id);
    if (own.length >= count || got.length < raw) return own;
    raw = got.length + count - own.length;
  }
}

/** A responder answering each call by its place among its payment's calls (calls(), by pg_payment_id): a
 *  copy as its original, another payment's first call as a first call. */
function byCall(t: Ctx, l: Listener, answer: (index: number) => Reply): (r: Received) => Reply {
  return (r) =>
    answer(
      calls(t, l.received)
        .filter((o) => paymentOf(o) === paymentOf(r))
        .findIndex((o) => o === r || copyOf(t, o, r)),
    );
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/** The first result_url call after `what` (a payment whose reply has been read), owed under `rule` (GL-CB-01,
 *  GL-PAGE-01). The seed names no deadline ("После приема оплаты … вызывает Result URL магазина"), so a call
 *  that has not come when paycert's wait ends fails only GL-CB-19 (INFERRED, in the checks citing it); `rule`
 *  fails only where the call is known absent: a reference's clock moved through the retry schedule with every
 *  job due run, or, with --slow against a real target, that schedule waited in real time. Otherwise `rule` is
 *  inconclusive and the check ends there. (Was: GL-CB-01 failed "result_url was not called after a failed
 *  payment" against a gateway calling 75 s after the payment, probe16.) */
export async function awaitResultCall(
  t: Ctx,
  l: Listener,
  rule: string,
  what: string,
  paymentId?: string,
): Promise<Received> {
  const clock = has(t.subject, 'clock') && t.control !== undefined;
  const wait = clock ? CALL_WITHIN_MS : t.subject.limits.callbackWaitMs;
  // the payment's own call (ofPayment), not another payment's of the order; a call naming another
  // pg_payment_id where none names the payment's is taken as its call (GL-CB-02 judges that pg_payment_id)
  const own = () => ofPayment(l.received, paymentId)[0] ?? l.received[0];
  let got: Received | undefined;
  if (clock) {
    await settle(t, paymentId, 0);
    if (ofPayment(l.received, paymentId).length === 0) await advance(t, CALL_WITHIN_MS);
    got = own();
  } else got = (await waitForCalls(t, l, 1, wait, paymentId))[0] ?? l.received[0];
  const others = l.received.filter((r) => !isOf(r, paymentId));
  const otherIds = [...new Set(others.map(paymentOf))];
  if (others.length > 0)
    t.note(
      `result_url was called for ${otherIds.length} other payment(s) too (pg_payment_id ${otherIds.join(', ')}, order ${String(fields(others[0]!).pg_order_id)}), besides ${paymentId}: the request was taken more than once; the payment's own call is judged`,
    );
  const on = clock ? " on the gateway's clock" : '';
  if (t.check.rules.includes(TIMING_RULE))
    t.expect(TIMING_RULE, got !== undefined, `result_url was not called within ${seconds(wait)} of ${what}${on}`);
  if (got) {
    t.pass(rule);
    return got;
  }
  if (clock) await advance(t, RETRY_SPAN_MS);
  else if (t.subject.slow) await l.waitFor(1, RETRY_SPAN_MS);
  else {
    const why = `no result_url call within ${seconds(wait)} of ${what} (the seed names no deadline; with --slow paycert waits through the retry schedule, every 30 minutes for 2 hours)`;
    t.cannotJudge(rule, why);
    t.inconclusive(why);
  }
  got = own();
  t.require(
    rule,
    got !== undefined,
    `result_url was not called after ${what}: not within ${seconds(wait + RETRY_SPAN_MS)}${on}, the retry schedule (every 30 minutes for 2 hours) included`,
  );
  t.note(`the first result_url call came after the wait of ${seconds(wait)}${on}`);
  return got!;
}

/** The first result_url call of a payment, for checks about what follows it (retries, answers): one that has
 *  not come within the wait leaves them nothing to judge (how soon and whether it comes are GL-CB-19's and
 *  GL-CB-01's). */
async function firstCall(t: Ctx, l: Listener, what: string, paymentId: string | undefined): Promise<Received> {
  const [got] = await waitForCalls(t, l, 1, t.subject.limits.callbackWaitMs, paymentId);
  if (got === undefined) {
    const others = l.received.length;
    t.inconclusive(
      `result_url was not called within ${seconds(t.subject.limits.callbackWaitMs)} of ${what}${others ? ` for its pg_payment_id ${String(paymentId)} (${others} call(s) naming another pg_payment_id came: another payment of the order, the request taken more than once, or a wrong pg_payment_id, GL-CB-02's)` : ''} (GL-CB-01 and GL-CB-19 judge that)`,
    );
  }
  // a reference with a clock finishes delivering that call before the check moves its clock: a copy an
  // edge on the way makes of it comes before the move, and is counted once (else it raced the move and
  // was read as a retry under Node 24)
  const id = paymentOf(got);
  await settle(t, id === '' ? undefined : id, 0);
  return got;
}

/** A paid payment whose result_url answers HTTP 500: its first call, and the listener for the retries. */
async function failingPayment(t: Ctx) {
  const l = await t.listener();
  l.respond(() => ({ status: 500, body: 'merchant down' }));
  const sent = cardFields(card({ auth: true, threeDs: false }), { pg_result_url: l.url(SCRIPTS.result) });
  const p = await client(t).call('/g2g/payment', sent);
  if (!paid(p)) t.inconclusive(`the payment was not accepted with a pg_payment_id: ${describe(p)}`);
  const id = p.field('pg_payment_id');
  const first = fields(await firstCall(t, l, 'the payment', id));
  return { l, p, id, order: sent.pg_order_id, first };
}

/** GL-CB-12: no field of a callback carries the full card number (spaces and dashes aside). */
function expectNoPan(t: Ctx, m: PgMessage, pan: string, what: string): void {
  const leaks = Object.entries(m).filter(([, v]) => String(v).replace(/[\s-]/g, '').includes(pan));
  t.expect('GL-CB-12', leaks.length === 0, `${what} carries the full PAN in ${leaks.map(([k]) => k).join(', ')}`);
}

/** What a call's pg_can_reject says: '1' (rejection allowed), 'with pg_can_reject=0' or 'without
 *  pg_can_reject' (seed 001: "в противном случае … платеж будет считаться совершенным", so absent allows
 *  none), or undefined for another value, which shows nothing. */
function canRejectSaid(v: unknown): '1' | 'with pg_can_reject=0' | 'without pg_can_reject' | undefined {
  if (v === '1') return '1';
  if (v === '0') return 'with pg_can_reject=0';
  if (v === undefined) return 'without pg_can_reject';
  return undefined;
}

/** Two calls carry the same payment data (salt, signature and pg_can_reject aside). */
function samePayment(a: PgMessage, b: PgMessage): boolean {
  const data = (m: PgMessage) => JSON.stringify(without(m, 'pg_salt', 'pg_sig', 'pg_can_reject'));
  return data(a) === data(b);
}

/** GL-CB-18: the call's pg_order_id, pg_amount (as a number), pg_currency and pg_description are the
 *  payment's as sent; a field the call leaves out is GL-CB-02's to judge. */
export function samePaymentData(t: Ctx, m: PgMessage, sent: PgMessage): void {
  const fields = ['pg_order_id', 'pg_amount', 'pg_currency', 'pg_description'].filter((k) => m[k] !== undefined);
  if (fields.length === 0) t.cannotJudge('GL-CB-18', 'the result_url call carries none of the payment fields');
  for (const k of fields) {
    const got = String(m[k]);
    const want = String(sent[k]);
    const same = k === 'pg_amount' ? /^\d+(\.\d+)?$/.test(got) && Number(got) === Number(want) : got === want;
    t.expect(
      'GL-CB-18',
      same,
      `${k}=${JSON.stringify(got)} in the result_url call, the payment sent ${JSON.stringify(want)}`,
    );
  }
}

/** GL-CB-18 on a second payment, of an amount with tiyn, so that a call cutting it to a whole number shows
 *  (probe23, BUG=cb_amount_int). Judged for GL-CB-18 only, and only where it is taken and called: the
 *  first payment, of a whole amount, judges the call's other rules, so that a terminal refusing tiyn (or
 *  a payment whose outcome does not show) leaves none of them undecided. */
async function fractionalAmount(t: Ctx, l: Listener, c: TestCard): Promise<void> {
  const sent = cardFields(c, { pg_amount: '500.50', pg_result_url: l.url(SCRIPTS.result) });
  const p = await client(t).call('/g2g/payment', sent, { note: 'a payment with tiyn (GL-CB-18 only)' });
  let taken: boolean;
  try {
    taken = paid(p);
  } catch (e) {
    if (!(e instanceof Inconclusive)) throw e;
    taken = false;
  }
  const id = p.field('pg_payment_id');
  if (!taken)
    return t.note(`the payment of 500.50 was not taken (${describe(p)}): GL-CB-18 is judged on the whole amount only`);
  const clock = has(t.subject, 'clock') && t.control !== undefined;
  if (clock) {
    await settle(t, id, 0);
    if (ofPayment(l.received, id).length === 0) await advance(t, CALL_WITHIN_MS);
  }
  const [call] = clock ? ofPayment(l.received, id) : await waitForCalls(t, l, 1, t.subject.limits.callbackWaitMs, id);
  if (!call)
    return t.note(`result_url was not called for the payment of 500.50: GL-CB-18 is judged on the whole amount only`);
  samePaymentData(t, fields(call), sent);
}

export const checks = gatewayChecks('callbacks', [
  {
    id: 'gl.cb.result-call',
    title:
      'result_url is called with the documented fields, signed with its own script name, the PAN masked, extra fields echoed',
    rules: [
      'GL-CB-01',
      'GL-CB-02',
      'GL-CB-03',
      'GL-CB-04',
      'GL-CB-12',
      'GL-CB-13',
      'GL-CB-18',
      'GL-CB-19',
      'GL-SIG-07',
    ],
    needs: ['callbacks'],
    plans: ['smoke', 'full'],
    async run(t) {
      const l = await t.listener();
      l.respond(() => answer(t, SCRIPTS.result, 'ok'));
      const c = card({ auth: true, threeDs: false });
      // the seed's own sample description: Cyrillic, so that a call mangling it (ISO-8859-1 "?") shows
      const sent = cardFields(c, {
        pg_description: 'Покупка в интернет магазине Site.kz',
        pg_result_url: l.url(SCRIPTS.result),
        shop_ref: 'R-77',
        pg_param1: 'p1',
      });
      const p = await client(t).call('/g2g/payment', sent);
      if (!paid(p)) t.inconclusive(`the payment was not accepted with a pg_payment_id: ${describe(p)}`);
      const call = await awaitResultCall(t, l, 'GL-CB-01', 'a successful payment', p.field('pg_payment_id'));
      const m = fields(call);
      const v = validateReply('result-callback', m);
      t.expect('GL-CB-02', v.ok, `the result_url call does not match result-callback: ${describeErrors(v.errors)}`);
      t.expect(
        'GL-CB-02',
        m.pg_payment_id === p.field('pg_payment_id'),
        `pg_payment_id ${String(m.pg_payment_id)} is not the payment's ${p.field('pg_payment_id')}`,
      );
      const fault = signatureFault(t, m, pathOf(call), SCRIPTS.result, 'the last segment of the result_url');
      t.expect('GL-CB-03', fault === undefined, `the result_url call: ${fault}`);
      lowercaseSig(t, m, 'the result_url call');
      t.expect('GL-CB-04', m.pg_result === '1', `pg_result=${String(m.pg_result)} for a payment that was taken`);
      samePaymentData(t, m, sent);
      // GL-CB-12 forbids the full number in any field; pg_card_pan, when sent (it is optional), is masked
      expectNoPan(t, m, c.pan, "the successful payment's call");
      if (m.pg_card_pan !== undefined)
        t.expect(
          'GL-CB-12',
          /X|\*/.test(String(m.pg_card_pan)),
          `pg_card_pan is not masked with X or *: it ${maskShape(String(m.pg_card_pan))} (not quoted here: a report masks card numbers)`,
        );
      const own = { shop_ref: 'R-77', pg_param1: 'p1' };
      const wrong = Object.entries(own)
        .filter(([k, v]) => m[k] !== v)
        .map(([k]) =>
          m[k] === undefined ? `${k} missing` : `${k}=${shownValue(k, m[k])}, not "${own[k as keyof typeof own]}"`,
        );
      t.expect('GL-CB-13', wrong.length === 0, `the merchant's own fields were not sent back: ${wrong.join(', ')}`);
      // the signature's cover shows only on a field sent back
      if (m.shop_ref !== undefined)
        t.expect(
          'GL-CB-13',
          !verify(SCRIPTS.result, without(m, 'shop_ref'), t.credentials.secretKey, m.pg_sig as string),
          "the signature does not cover the merchant's own field",
        );
      await fractionalAmount(t, l, c);
    },
  },
  {
    id: 'gl.cb.failure-call',
    title: 'result_url is called with pg_result=0 for a payment that failed, the card number not in it',
    rules: ['GL-CB-01', 'GL-CB-04', 'GL-CB-12', 'GL-CB-19'],
    needs: ['callbacks'],
    async run(t) {
      const l = await t.listener();
      l.respond(() => answer(t, SCRIPTS.result, 'ok'));
      const c = card({ auth: false });
      const p = await client(t).call('/g2g/payment', cardFields(c, { pg_result_url: l.url(SCRIPTS.result) }));
      signatureRefused(t, p, 'the payment with the declining card');
      if (!refused(p))
        t.inconclusive(
          `the declining test card was accepted, so there is no failed payment to report (GL-PAY-04 judges that): ${describe(p)}`,
        );
      const call = await awaitResultCall(t, l, 'GL-CB-01', 'a failed payment', p.field('pg_payment_id'));
      t.expect(
        'GL-CB-04',
        fields(call).pg_result === '0',
        `pg_result=${String(fields(call).pg_result)} for a failed payment`,
      );
      // a decline path may build its fields apart from the success path's masking
      expectNoPan(t, fields(call), c.pan, "the failed payment's call");
    },
  },
  {
    // the half of the schedule that one retry shows: 30 minutes against a real gateway, not 2.5 hours
    id: 'gl.cb.first-retry',
    title:
      'the first retry of a failing result_url comes within 30 minutes, without pg_can_reject=1, with the same payment data',
    rules: ['GL-CB-06', 'GL-CB-07'],
    needs: ['callbacks'],
    slow: true,
    async run(t) {
      const { l, id, order, first } = await failingPayment(t);
      await advance(t, 30 * MIN);
      const got = await waitForCalls(t, l, 2, t.subject.limits.callbackWaitMs, id);
      otherPayments(t, l, id, order, ['GL-CB-06', 'GL-CB-07']);
      if (got.length < 2)
        t.inconclusive('no retry came within 30 minutes of a failed first call (GL-CB-05 judges the schedule)');
      const retry = fields(got[1]!);
      t.expect(
        'GL-CB-06',
        retry.pg_can_reject !== '1',
        'the retry after a failed first call allows rejection (pg_can_reject=1)',
      );
      t.expect('GL-CB-07', samePayment(retry, first), 'the retry carries other payment data than the first call');
    },
  },
  {
    id: 'gl.cb.retry-schedule',
    title:
      'a failing result_url is called again every 30 minutes for 2 hours, never with pg_can_reject=1, with the same payment data',
    rules: ['GL-CB-05', 'GL-CB-06', 'GL-CB-07'],
    needs: ['callbacks'],
    slow: true,
    async run(t) {
      const { l, p, id, order, first } = await failingPayment(t);
      const received = async () => {
        await settle(t, id, 300);
        return ofPayment(calls(t, l.received), id);
      };
      for (let k = 1; k <= 4; k++) {
        await advance(t, 29 * MIN);
        const early = (await received()).length;
        t.expect(
          'GL-CB-05',
          early === k,
          `${k * 30 - 1} minutes after the first call there were ${early} calls, want ${k}`,
        );
        await advance(t, 1 * MIN);
        await waitForCalls(t, l, k + 1, t.subject.limits.callbackWaitMs, id);
        // counted once the reference has delivered that retry in full (a copy an edge makes of it comes
        // before the next move of the clock, and is counted once)
        const on = (await received()).length;
        t.expect(
          'GL-CB-05',
          on === k + 1,
          `${k * 30} minutes after the first call there were ${on} calls, want ${k + 1}`,
        );
      }
      await advance(t, 60 * MIN);
      const total = (await received()).length;
      t.expect(
        'GL-CB-05',
        total === 5,
        `3 hours after the first call there were ${total} calls, want 5 (first + 4 retries in 2 hours)`,
      );
      otherPayments(t, l, id, order, ['GL-CB-05', 'GL-CB-06', 'GL-CB-07']);
      for (const [i, r] of ofPayment(calls(t, l.received), id).slice(1).entries()) {
        const m = fields(r);
        t.expect(
          'GL-CB-06',
          m.pg_can_reject !== '1',
          `retry ${i + 1} after a failed first call allows rejection (pg_can_reject=1)`,
        );
        t.expect('GL-CB-07', samePayment(m, first), `retry ${i + 1} carries other payment data than the first call`);
      }
      const state = await paymentStatus(t, p.field('pg_payment_id')!);
      t.expect('GL-CB-06', state === 'success', `after the failed calls the payment is ${state}, not kept`);
    },
  },
  {
    id: 'gl.cb.retry-after-lifetime',
    title: 'retries go on after pg_lifetime has passed',
    rules: ['GL-CB-05'],
    needs: ['callbacks', 'payer', 'clock'],
    async run(t) {
      const l = await t.listener();
      l.respond(() => ({ status: 503, body: 'busy' }));
      // hold the reference's clock before the page exists: a check beside this one moving the shared
      // clock by minutes would expire a 300-second page before the payer gets to it (HTTP 410)
      await advance(t, 0);
      const sent = pageFields({ pg_lifetime: '300', pg_result_url: l.url(SCRIPTS.result) });
      const r = await client(t).call('/g2g/payment_page', sent);
      // the page payment is the set-up: its refusal says nothing about retries
      const url = r.field('pg_redirect_url');
      if (!ok(r) || !url) return t.inconclusive(`payment_page was not accepted with a pg_redirect_url: ${describe(r)}`);
      const done = await pay(t, url, cardValues(card({ auth: true, threeDs: false })));
      if (!done.text.includes('data-result="ok"'))
        t.inconclusive(`set-up: the hosted page did not take the payment (HTTP ${done.status})`);
      const id = r.field('pg_payment_id');
      await firstCall(t, l, 'the page payment', id);
      await advance(t, 30 * MIN);
      const got = await waitForCalls(t, l, 2, t.subject.limits.callbackWaitMs, id);
      otherPayments(t, l, id, sent.pg_order_id, ['GL-CB-05']);
      t.expect(
        'GL-CB-05',
        got.length === 2,
        `30 minutes later, with pg_lifetime=300 long gone, there were ${got.length} calls, want 2`,
      );
    },
  },
  {
    id: 'gl.cb.no-retry-after-200',
    title: 'a result_url call answered with HTTP 200 is not repeated',
    rules: ['GL-CB-10'],
    needs: ['callbacks'],
    slow: true,
    async run(t) {
      const l = await t.listener();
      l.respond(() => answer(t, SCRIPTS.result, 'ok'));
      const sent = cardFields(card({ auth: true, threeDs: false }), { pg_result_url: l.url(SCRIPTS.result) });
      const p = await client(t).call('/g2g/payment', sent);
      if (!paid(p)) t.inconclusive(`the payment was not accepted with a pg_payment_id: ${describe(p)}`);
      const id = p.field('pg_payment_id');
      await firstCall(t, l, 'the payment', id);
      await advance(t, 150 * MIN);
      await settle(t, id, 300);
      otherPayments(t, l, id, sent.pg_order_id, ['GL-CB-10']);
      const got = ofPayment(calls(t, l.received), id);
      t.expect('GL-CB-10', got.length === 1, `${got.length} calls after a first call answered with HTTP 200`);
    },
  },
  {
    id: 'gl.cb.reject',
    title:
      'a signed "rejected" answer to a call with pg_can_reject=1 revokes the payment; with pg_can_reject=0 it is ignored',
    // GL-CB-09 is slow where the first call allows rejection (only a retry says 0); a gateway whose first
    // call already says pg_can_reject=0 is judged on it here, at once
    rules: ['GL-CB-08', 'GL-CB-09'],
    needs: ['callbacks'],
    async run(t) {
      const l = await t.listener();
      l.respond(() => answer(t, SCRIPTS.result, 'rejected'));
      const p = await client(t).call(
        '/g2g/payment',
        cardFields(card({ auth: true, threeDs: false, reverse: true }), { pg_result_url: l.url(SCRIPTS.result) }),
      );
      if (!paid(p)) t.inconclusive(`the payment was not accepted with a pg_payment_id: ${describe(p)}`);
      // the payment's own call: another payment's of the order (the request taken twice) is not it
      const [call] = await waitForCalls(t, l, 1, t.subject.limits.callbackWaitMs, p.field('pg_payment_id'));
      // no call at all is GL-CB-01's (gl.cb.result-call); neither rejection rule can be judged without one
      if (call === undefined) t.inconclusive('result_url was not called after the payment (GL-CB-01 judges that)');
      const first = fields(call!);
      // seed 001: only a call "в котором был указан параметр pg_can_reject равный 1" allows rejection, so a
      // call without it allows none (GL-CB-09); anything else but 1 is GL-CB-02's to judge
      const said = canRejectSaid(first.pg_can_reject);
      if (said === undefined)
        t.inconclusive(
          `the result_url call's pg_can_reject is ${shownValue('pg_can_reject', first.pg_can_reject)}, neither 0 nor 1 (GL-CB-02 judges that): whether it allowed rejection is not shown`,
        );
      if (said !== '1') {
        // watched for the revocation the rule forbids, as long as a callback that must not come is
        const state = await stateAfterAnswer(
          t,
          p.field('pg_payment_id')!,
          (s) => s !== 'success',
          t.subject.limits.quietMs,
        );
        t.expect(
          'GL-CB-09',
          state === 'success',
          `the merchant answered "rejected" to a call ${said}, and the payment is ${state}`,
        );
        t.notJudged('GL-CB-08', `the gateway did not allow rejection on this call (${said})`);
        return;
      }
      t.notJudged(
        'GL-CB-09',
        'the first call allowed rejection (pg_can_reject=1): gl.cb.late-reject-ignored judges GL-CB-09',
      );
      // the revocation may come after the answer (a queue, a loaded machine): waited for as a callback is
      const state = await stateAfterAnswer(
        t,
        p.field('pg_payment_id')!,
        revokedOrRefunded,
        t.subject.limits.callbackWaitMs,
      );
      t.expect('GL-CB-08', revokedOrRefunded(state), `after the merchant rejected, the payment is ${state}`);
    },
  },
  {
    id: 'gl.cb.late-reject-ignored',
    title: 'a "rejected" answer to a call with pg_can_reject=0 is ignored',
    rules: ['GL-CB-09'],
    needs: ['callbacks'],
    slow: true,
    async run(t) {
      const l = await t.listener();
      l.respond(byCall(t, l, (i) => (i === 0 ? { status: 500, body: 'down' } : answer(t, SCRIPTS.result, 'rejected'))));
      const sent = cardFields(card({ auth: true, threeDs: false, reverse: true }), {
        pg_result_url: l.url(SCRIPTS.result),
      });
      const p = await client(t).call('/g2g/payment', sent);
      if (!paid(p)) t.inconclusive(`the payment was not accepted with a pg_payment_id: ${describe(p)}`);
      const id = p.field('pg_payment_id');
      await firstCall(t, l, 'the payment', id);
      await advance(t, 30 * MIN);
      const got = await waitForCalls(t, l, 2, t.subject.limits.callbackWaitMs, id);
      // what became of another payment of the order (the request taken twice) is not judged here
      otherPayments(t, l, id, sent.pg_order_id, ['GL-CB-09']);
      // a retry not come is GL-CB-05's (a late one is no rejection honoured)
      if (got.length < 2)
        t.inconclusive('no retry came within 30 minutes of a failed first call (GL-CB-05 judges the schedule)');
      const retryCanReject = fields(got[1]!).pg_can_reject;
      const said = canRejectSaid(retryCanReject);
      if (said === '1') t.inconclusive('the retry still allowed rejection (judged by GL-CB-06)');
      if (said === undefined)
        t.inconclusive(
          `the retry's pg_can_reject is ${shownValue('pg_can_reject', retryCanReject)}, neither 0 nor 1 (GL-CB-02 judges that): whether it allowed rejection is not shown`,
        );
      const state = await stateAfterAnswer(
        t,
        p.field('pg_payment_id')!,
        (s) => s !== 'success',
        t.subject.limits.quietMs,
      );
      t.expect(
        'GL-CB-09',
        state === 'success',
        `after a rejection the gateway had not allowed, the payment is ${state}`,
      );
    },
  },
  {
    id: 'gl.cb.check-url',
    title: 'check_url is called before the money is taken; "rejected" stops the payment, "ok" lets it through',
    rules: ['GL-CB-11', 'GL-SIG-07'],
    needs: ['callbacks'],
    async run(t) {
      const gl = client(t);
      const l = await t.listener();
      l.respond(() => answer(t, SCRIPTS.check, 'rejected'));
      const c = card({ auth: true, threeDs: false });
      const no = await gl.call('/g2g/payment', cardFields(c, { pg_check_url: l.url(SCRIPTS.check) }));
      if (l.received.length === 0) signatureRefused(t, no, 'the payment with a check_url');
      t.require('GL-CB-11', l.received.length >= 1, 'check_url was not called before the payment');
      const m = fields(l.received[0]!);
      const v = validateReply('check-callback', m);
      t.expect('GL-CB-11', v.ok, `the check_url call does not match check-callback: ${describeErrors(v.errors)}`);
      const fault = signatureFault(t, m, pathOf(l.received[0]!), SCRIPTS.check, 'the last segment of the check_url');
      t.expect('GL-CB-11', fault === undefined, `the check_url call: ${fault}`);
      lowercaseSig(t, m, 'the check_url call');
      t.expect(
        'GL-CB-11',
        refused(no),
        `the payment went through although check_url answered rejected: ${describe(no)}`,
      );
      l.respond(() => answer(t, SCRIPTS.check, 'ok'));
      const yes = await gl.call('/g2g/payment', cardFields(c, { pg_check_url: l.url(SCRIPTS.check) }));
      t.expect('GL-CB-11', ok(yes), `the payment was refused although check_url answered ok: ${describe(yes)}`);
    },
  },
]);
