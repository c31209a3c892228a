import { firstForm } from '../../src/harness/forms.ts';
import { payerSend } from '../payer-pages.ts';
import { describeErrors, getSchema, schemaId } from '../../src/spec/ajv.ts';
import type { GreenleavesReply } from '../../src/sdk/greenleaves.ts';
import {
  advance,
  card,
  paid,
  cardFields,
  cardValues,
  client,
  describe,
  ok,
  orderId,
  pageFields,
  pay,
  paymentStatus,
  refused,
  declined,
  declinedLater,
  requireEnabled,
  savedCard,
  SCRIPTS,
  taken,
  type Ctx,
  shownField,
  signatureRefused,
  validateReply,
  gatewayChecks,
  PAN_RULE,
} from './support.ts';
import { awaitResultCall } from './callbacks.checks.ts';

function replyMatches(t: Ctx, rule: string, r: GreenleavesReply, schema: string): void {
  if (!ok(r)) return;
  const v = validateReply(schema, r.message);
  t.expect(rule, v.ok, `the reply does not match ${schema}: ${describeErrors(v.errors)}`);
  // a value outside an enum of our own (x-ours: pg_refund_status "1") is no departure from the documents,
  // and the rule is about what the gateway did: noted, never judged (probe17 warned GL-OPS-04/05 on it)
  const props = (getSchema(schemaId('greenleaves', schema)).properties ?? {}) as Record<
    string,
    { enum?: string[]; 'x-ours'?: unknown }
  >;
  for (const [field, p] of Object.entries(props)) {
    const value = r.field(field);
    const ours = p['x-ours'] === true || (Array.isArray(p['x-ours']) && p['x-ours'].includes('enum'));
    if (!ours || !p.enum || value === undefined || p.enum.includes(value)) continue;
    t.note(
      `${field} ${JSON.stringify(value)} is none of ${p.enum.join(', ')} (paycert's own list, INFERRED): noted, not judged`,
    );
  }
}

/** An operation that was not done: refused, or answered pg_status ok with the operation's own status
 *  saying it failed (pg_clearing_status 0, pg_revoke_status / pg_refund_status error: the reply schemas'
 *  values), as a gateway may report a capability the test card lacks. */
function notDone(r: GreenleavesReply, statusField: string): boolean {
  if (refused(r)) return true;
  const st = r.field(statusField);
  return st === '0' || st === 'error';
}

async function status(t: Ctx, id: string) {
  return client(t).call('/g2g/status_v2', { pg_payment_id: id });
}

/** Whether status_v2 says payment `id` is captured (pg_captured 1 or 0), or why that is not shown: the
 *  status refused, or pg_captured left out (optional in its reply, and the seed says nothing of status_v2).
 *  Neither is "captured": paycert once failed GL-PAY-05 on "captured undefined", and called a two-step
 *  payment whose status was refused "captured at once". */
function capturedIn(s: GreenleavesReply, id: string): { captured: boolean } | { why: string } {
  if (!ok(s)) return { why: `status_v2 of payment ${id} was not answered ok (${describe(s)})` };
  const c = s.field('pg_captured');
  if (c === '0' || c === '1') return { captured: c === '1' };
  return {
    why: `status_v2 of payment ${id} gives pg_captured ${shownField(s, 'pg_captured')} (optional in its reply): whether the payment is captured is not shown`,
  };
}

/** GL-OPS-03 on a repeat: the same clearing of 400 sent again for payment `id` of 500, whose first
 *  clearing of 400 was taken (`cleared`: its status_v2 then). Captured twice, 800 would be more than the
 *  500 authorised. Refused holds; so does a repeat answered ok that captured nothing more (the rule says
 *  nothing of how a repeat is answered), which only status_v2's total pg_clearing_amount shows: where it
 *  shows none, the repeat is not judged (the rule passes on the rest, partly). */
async function clearedAgain(t: Ctx, id: string, cleared: GreenleavesReply): Promise<void> {
  const again = await client(t).call(
    '/g2g/clearing',
    { pg_payment_id: id, pg_clearing_amount: '400' },
    { note: 'the same clearing of 400 again' },
  );
  if (notDone(again, 'pg_clearing_status')) return t.pass('GL-OPS-03');
  const total = (r: GreenleavesReply): number | undefined => {
    const v = ok(r) ? r.field('pg_clearing_amount') : undefined;
    return v !== undefined && /^[0-9]+(\.[0-9]{1,2})?$/.test(v) ? Math.round(Number(v) * 100) : undefined;
  };
  const s = await status(t, id);
  const now = total(s);
  const before = total(cleared);
  if (now === undefined)
    return t.judgedInPart(
      'GL-OPS-03',
      `the same clearing of 400 sent again after 400 of 500 were cleared was answered ${describe(again)}, and status_v2 shows no total pg_clearing_amount (${describe(s)}): whether it captured 400 more is not shown`,
    );
  t.expect(
    'GL-OPS-03',
    now <= 50_000,
    `the same clearing of 400 sent again after 400 of 500 were cleared was accepted (${describe(again)}), and status_v2 then gives pg_clearing_amount ${s.field('pg_clearing_amount')}${before === undefined ? '' : ` (${cleared.field('pg_clearing_amount')} before the repeat)`}: more than the 500 authorised is captured`,
  );
}

/** A 3-D Secure payment up to the ACS hop (GL-PAY-06, GL-ACS-03): pg_3ds=1 with the ACS fields, not
 *  complete before paymentAcs, and a PaRes the ACS never issued refused. Needs no scripted ACS. */
async function threeDsStart(t: Ctx) {
  const gl = client(t);
  const c = card({ auth: true, threeDs: true });
  const r = await gl.call('/g2g/payment', cardFields(c));
  signatureRefused(t, r, 'the 3-D Secure card payment');
  t.require(
    'GL-PAY-06',
    taken(r) && r.field('pg_3ds') === '1',
    `a 3-D Secure card did not get pg_3ds=1: ${describe(r)} pg_3ds=${r.field('pg_3ds')}`,
  );
  const [acsurl, md, pareq, id] = ['pg_3d_acsurl', 'pg_3d_md', 'pg_3d_pareq', 'pg_payment_id'].map(
    (f) => r.field(f) ?? '',
  );
  t.require(
    'GL-PAY-06',
    !!acsurl && !!md && !!pareq,
    `pg_3d_acsurl, pg_3d_md and pg_3d_pareq are required when pg_3ds=1: ${[
      ['pg_3d_acsurl', acsurl],
      ['pg_3d_md', md],
      ['pg_3d_pareq', pareq],
    ]
      .filter(([, v]) => !v)
      .map(([n]) => n)
      .join(', ')} missing`,
  );
  // the rule names the ACS fields only; without the payment's id the payment cannot be followed
  // (pg_payment_id in a reply is GL-PAY-01's)
  if (!id)
    t.inconclusive(
      `the 3-D Secure reply carries no pg_payment_id: whether the payment completes only after /g2g/paymentAcs cannot be followed (${describe(r)})`,
    );
  // judged where status_v2 reports the state (an absent pg_payment_status shows nothing)
  const before = (await status(t, id!)).field('pg_payment_status');
  if (before !== undefined)
    t.expect('GL-PAY-06', before !== 'success', 'the payment is complete before the 3-D Secure step');
  const forged = await gl.call('/g2g/paymentAcs', { pg_payment_id: id!, pg_md: md!, pg_pares: 'Zm9yZ2Vk' });
  // taken fails GL-ACS-03 at once; refused shows something only beside a genuine PaRes taken (the
  // caller's control): a paymentAcs refusing every PaRes refuses a forged one for no reason of its own
  if (!refused(forged))
    t.expect('GL-ACS-03', false, `a PaRes that the ACS never issued was accepted: ${describe(forged)}`);
  return { c, acsurl: acsurl!, md: md!, pareq: pareq!, id: id! };
}

export const NOT_FOUND = new Set(['340', '11068']);

/** A fresh payment_page paid at once is taken (the control of a check that a page refuses a payment):
 *  inconclusive on `rule` otherwise. */
async function pagePays(t: Ctx, rule: string, what: string): Promise<void> {
  const r = await client(t).call('/g2g/payment_page', pageFields({ pg_lifetime: '300' }), { note: what });
  const url = r.field('pg_redirect_url');
  if (!ok(r) || !url) t.inconclusive(`${what}: payment_page was not accepted with a pg_redirect_url: ${describe(r)}`);
  const done = await pay(t, url, cardValues(card({ auth: true, threeDs: false })));
  if (!done.text.includes('data-result="ok"'))
    t.inconclusive(
      `${what}: the hosted page did not take that payment either (HTTP ${done.status}), so its refusal after pg_lifetime shows nothing about ${rule}`,
    );
}

export const checks = gatewayChecks('flows', [
  {
    id: 'gl.flow.one-step',
    title: 'a one-step payment is captured at once and status_v2 reports it',
    rules: ['GL-PAY-01', 'GL-PAY-05', 'GL-OPS-01', 'GL-TX-09', PAN_RULE],
    plans: ['smoke', 'full'],
    async run(t) {
      const gl = client(t);
      const fields = cardFields(card({ auth: true, threeDs: false }), { pg_auto_clearing: '1' });
      const r = await gl.call('/g2g/payment', fields);
      signatureRefused(t, r, 'the one-step payment');
      t.require(
        'GL-PAY-01',
        ok(r) && !!r.field('pg_payment_id'),
        `the payment was not accepted with a pg_payment_id: ${describe(r)}`,
      );
      const s = await status(t, r.field('pg_payment_id')!);
      const v = validateReply('status-response', s.message);
      t.expect('GL-OPS-01', ok(s) && v.ok, `status_v2: ${describe(s)} ${describeErrors(v.errors)}`);
      t.expect(
        'GL-OPS-01',
        // the same amount however written: 500, 500.0 and 500.00 (the money format fixes no decimals), in
        // the payment's currency (500 USD is another amount: a status swapping it passed)
        s.field('pg_order_id') === fields.pg_order_id &&
          /^500(\.0{1,2})?$/.test(s.field('pg_amount') ?? '') &&
          s.field('pg_currency') === fields.pg_currency,
        `status_v2 reports other values than the payment's (order ${fields.pg_order_id as string}, 500 ${fields.pg_currency as string}): order ${shownField(s, 'pg_order_id')}, amount ${shownField(s, 'pg_amount')}, currency ${shownField(s, 'pg_currency')}`,
      );
      const byOrder = await gl.call('/g2g/status_v2', { pg_order_id: fields.pg_order_id as string });
      t.expect(
        'GL-OPS-01',
        byOrder.field('pg_payment_id') === r.field('pg_payment_id'),
        `status_v2 by pg_order_id found pg_payment_id ${shownField(byOrder, 'pg_payment_id')}`,
      );
      const state = await paymentStatus(t, r.field('pg_payment_id')!);
      const cap = capturedIn(s, r.field('pg_payment_id')!);
      if ('why' in cap) t.cannotJudge('GL-PAY-05', `after pg_auto_clearing=1: ${cap.why}`);
      else
        t.expect(
          'GL-PAY-05',
          state === 'success' && cap.captured,
          `after pg_auto_clearing=1: status ${state}, captured ${s.field('pg_captured')}`,
        );
    },
  },
  {
    id: 'gl.flow.decline',
    title: 'a card that declines gets pg_status error with code 10001 and no payment is taken',
    rules: ['GL-PAY-04', 'GL-ERR-02', 'GL-ERR-03', PAN_RULE],
    async run(t) {
      const gl = client(t);
      const r = await gl.call('/g2g/payment', cardFields(card({ auth: false })));
      signatureRefused(t, r, 'the payment with the declining card');
      if (!declined(r)) t.fail('GL-PAY-04', `a declining card was accepted: ${describe(r)}`);
      // taken pending, then `failed` on status_v2: a decline with no error reply, whose code shows nothing
      const later = declinedLater(r);
      if (later) {
        const why = `the declining card's payment was taken pending and status_v2 then said "failed": a decline with no error reply, so its pg_error_code and pg_error_description cannot be judged`;
        t.cannotJudge('GL-ERR-02', why);
        t.cannotJudge('GL-ERR-03', why);
      }
      // the refusal's own fields, whatever refused it
      else
        t.expect(
          'GL-ERR-02',
          !!r.field('pg_error_code') && r.field('pg_error_description') !== undefined,
          `the decline has no pg_error_code / pg_error_description`,
        );
      // a refusal is a decline only where the same payment with a card that authorises is taken (a
      // gateway refusing every payment refuses this one too, for no reason of the card's)
      const control = await gl.call('/g2g/payment', cardFields(card({ auth: true, threeDs: false })), {
        note: 'the same payment with a card that authorises (control)',
      });
      if (!ok(control)) {
        const why = `the same payment with a card that authorises was refused too (${describe(control)}), so the refusal of the declining card shows nothing`;
        t.cannotJudge('GL-PAY-04', why);
        t.cannotJudge('GL-ERR-03', why);
        return;
      }
      // refused, and the control shows that it is for the card
      t.expect('GL-PAY-04', declined(r), `a declining card was accepted: ${describe(r)}`);
      if (!later)
        t.expect(
          'GL-ERR-03',
          r.field('pg_error_code') === '10001',
          `a decline with pg_error_code ${shownField(r, 'pg_error_code')}, want 10001`,
        );
      const id = r.field('pg_payment_id');
      if (id) {
        const s = await status(t, id);
        t.expect(
          'GL-PAY-04',
          s.field('pg_captured') !== '1' && s.field('pg_payment_status') !== 'success',
          `the declined payment shows ${describe(s)} ${s.field('pg_payment_status')}`,
        );
      }
    },
  },
  {
    id: 'gl.flow.3ds-reply',
    title:
      '3-D Secure without an ACS to script: pg_3ds=1 with the ACS fields, no completion before the ACS, a forged PaRes refused',
    rules: ['GL-PAY-06', 'GL-ACS-03', PAN_RULE],
    async run(t) {
      await threeDsStart(t);
      t.notJudged(
        'GL-ACS-03',
        'the forged PaRes was refused, but without a scripted ACS no genuine PaRes shows that paymentAcs takes one (gl.flow.3ds judges GL-ACS-03 with it)',
      );
    },
  },
  {
    id: 'gl.flow.3ds',
    title: '3-D Secure: pg_3ds=1 with the ACS fields, the ACS hop, and /g2g/paymentAcs completing the payment',
    rules: ['GL-PAY-06', 'GL-ACS-01', 'GL-ACS-03', 'GL-ACS-04', 'GL-TX-09'],
    needs: ['acs'],
    async run(t) {
      const gl = client(t);
      const { c, acsurl, md, pareq, id } = await threeDsStart(t);
      // the browser hop: POST PaReq, MD, TermUrl to the ACS, enter the password, get PaRes back
      const termUrl = 'https://merchant.example/3ds/return';
      const page = await payerSend(t)({
        url: acsurl,
        method: 'POST',
        form: [
          ['PaReq', pareq],
          ['MD', md],
          ['TermUrl', termUrl],
        ],
        note: 'browser posts to the ACS',
        statuses: 'any',
      });
      const form = firstForm(page.text, acsurl);
      t.require('GL-ACS-04', page.status === 200 && !!form, `the ACS did not show a form: HTTP ${page.status}`);
      const answer = await payerSend(t)({
        url: form!.action,
        method: 'POST',
        form: [...form!.fields].map(([k, v]): [string, string] => [k, k === 'password' ? c.otp : v]),
        note: 'payer enters the 3-D Secure password',
        statuses: 'any',
      });
      const back = firstForm(answer.text, form!.action);
      const pares = back?.fields.get('PaRes');
      t.require(
        'GL-ACS-04',
        !!back && back.action === termUrl && !!pares && back.fields.get('MD') === md,
        `the ACS did not return PaRes and MD to TermUrl (${back?.action})`,
      );
      const done = await gl.call('/g2g/paymentAcs', { pg_payment_id: id, pg_md: md, pg_pares: pares! });
      const v = validateReply('payment-acs-response', done.message);
      t.expect('GL-ACS-01', ok(done) && v.ok, `paymentAcs: ${describe(done)} ${describeErrors(v.errors)}`);
      const after = await paymentStatus(t, id);
      t.expect('GL-ACS-01', after === 'success', `after paymentAcs the payment is ${after}`);
      const again = await gl.call('/g2g/paymentAcs', { pg_payment_id: id, pg_md: md, pg_pares: pares! });
      // the genuine PaRes taken is the control of both refusals (the forged one before it, this repeat)
      if (!ok(done))
        return t.cannotJudge(
          'GL-ACS-03',
          `the genuine PaRes was refused too (${describe(done)}): the refusals of a forged one and of a repeat show nothing`,
        );
      t.expect(
        'GL-ACS-03',
        refused(again),
        `paymentAcs for a payment no longer waiting for 3-D Secure was accepted: ${describe(again)}`,
      );
    },
  },
  {
    id: 'gl.flow.two-step',
    title: 'a two-step payment stays authorised until /g2g/clearing, which cannot capture more than authorised',
    rules: ['GL-PAY-05', 'GL-OPS-03', 'GL-OPS-06', 'GL-TX-09', PAN_RULE],
    async run(t) {
      const gl = client(t);
      const r = await gl.call(
        '/g2g/payment',
        cardFields(card({ auth: true, threeDs: false, clearing: true }), { pg_auto_clearing: '0' }),
      );
      if (!paid(r)) t.inconclusive(`two-step payment not accepted with a pg_payment_id: ${describe(r)}`);
      const id = r.field('pg_payment_id')!;
      const cap = capturedIn(await status(t, id), id);
      if ('why' in cap) t.cannotJudge('GL-PAY-05', `with pg_auto_clearing=0: ${cap.why}`);
      else {
        t.expect('GL-PAY-05', !cap.captured, 'with pg_auto_clearing=0 the payment is captured at once (pg_captured=1)');
        if (cap.captured) t.inconclusive('no authorised, uncaptured payment to clear');
      }
      const over = await gl.call('/g2g/clearing', { pg_payment_id: id, pg_clearing_amount: '500.01' });
      const part = await gl.call('/g2g/clearing', { pg_payment_id: id, pg_clearing_amount: '400' });
      // not known to be uncaptured: a refused clearing may be of a payment captured at once (GL-PAY-05's)
      if ('why' in cap && !ok(part))
        t.inconclusive(
          `${cap.why}, and clearing 400 of 500 was refused (${describe(part)}): no payment is known to wait for clearing`,
        );
      t.expect(
        'GL-OPS-03',
        notDone(over, 'pg_clearing_status'),
        `clearing 500.01 of 500 was accepted: ${describe(over)}`,
      );
      t.expect('GL-OPS-03', ok(part), `clearing 400 of 500 was refused: ${describe(part)}`);
      replyMatches(t, 'GL-OPS-03', part, 'clearing-response');
      const cleared = await status(t, id);
      const after = capturedIn(cleared, id);
      if ('why' in after) t.note(`after clearing: ${after.why}`);
      else t.expect('GL-OPS-03', after.captured, 'after clearing pg_captured=0');
      if (ok(part)) await clearedAgain(t, id, cleared);
      const noClear = await gl.call(
        '/g2g/payment',
        cardFields(card({ auth: true, threeDs: true, clearing: false }), { pg_auto_clearing: '0' }),
      );
      if (ok(noClear) && noClear.field('pg_3ds') === '0') {
        const c = await gl.call('/g2g/clearing', { pg_payment_id: noClear.field('pg_payment_id') ?? '1' });
        t.expect(
          'GL-OPS-06',
          notDone(c, 'pg_clearing_status'),
          `clearing a card whose test capabilities forbid it was accepted: ${describe(c)}`,
        );
      } else {
        const c = await gl.call('/g2g/clearing', { pg_payment_id: noClear.field('pg_payment_id') ?? '1' });
        t.expect(
          'GL-OPS-06',
          notDone(c, 'pg_clearing_status'),
          `clearing a payment still waiting for 3-D Secure was accepted: ${describe(c)}`,
        );
      }
    },
  },
  {
    id: 'gl.flow.cancel',
    title: '/g2g/cancel revokes an authorised two-step payment, and nothing captured',
    rules: ['GL-OPS-04', 'GL-OPS-06', 'GL-TX-09', PAN_RULE],
    async run(t) {
      const gl = client(t);
      const c = card({ auth: true, threeDs: false, reverse: true });
      const a = await gl.call('/g2g/payment', cardFields(c, { pg_auto_clearing: '0' }));
      if (!paid(a)) t.inconclusive(`two-step payment not accepted with a pg_payment_id: ${describe(a)}`);
      const cap = capturedIn(await status(t, a.field('pg_payment_id')!), a.field('pg_payment_id')!);
      if ('captured' in cap && cap.captured)
        t.inconclusive('the two-step payment was captured at once (GL-PAY-05 judges that): nothing to cancel');
      const cancel = await gl.call('/g2g/cancel', { pg_payment_id: a.field('pg_payment_id')! });
      // not known to be uncaptured: a refused cancel may be of a payment captured at once (GL-PAY-05's)
      if ('why' in cap && !ok(cancel))
        t.inconclusive(
          `${cap.why}, and its cancel was refused (${describe(cancel)}): no payment is known to be uncaptured`,
        );
      t.expect('GL-OPS-04', ok(cancel), `cancel of an authorised payment refused: ${describe(cancel)}`);
      replyMatches(t, 'GL-OPS-04', cancel, 'cancel-response');
      const s = await paymentStatus(t, a.field('pg_payment_id')!);
      t.expect('GL-OPS-04', s === 'revoked', `after cancel the payment is ${s}`);
      const b = await gl.call('/g2g/payment', cardFields(c, { pg_auto_clearing: '1' }));
      const late = await gl.call('/g2g/cancel', { pg_payment_id: b.field('pg_payment_id') ?? '1' });
      t.expect(
        'GL-OPS-04',
        notDone(late, 'pg_revoke_status'),
        `cancel of a captured payment accepted: ${describe(late)}`,
      );
      const noRev = await gl.call(
        '/g2g/payment',
        cardFields(card({ auth: true, threeDs: false, reverse: false }), { pg_auto_clearing: '0' }),
      );
      const forbidden = await gl.call('/g2g/cancel', { pg_payment_id: noRev.field('pg_payment_id') ?? '1' });
      t.expect(
        'GL-OPS-06',
        notDone(forbidden, 'pg_revoke_status'),
        `cancel of a card whose test capabilities forbid it was accepted: ${describe(forbidden)}`,
      );
    },
  },
  {
    id: 'gl.flow.refund',
    title: '/g2g/refund returns captured money, never more than captured in total',
    rules: ['GL-OPS-05', 'GL-OPS-06', 'GL-TX-09', PAN_RULE],
    async run(t) {
      const gl = client(t);
      const p = await gl.call(
        '/g2g/payment',
        cardFields(card({ auth: true, threeDs: false, refund: true }), { pg_auto_clearing: '1' }),
      );
      if (!paid(p)) t.inconclusive(`payment not accepted with a pg_payment_id: ${describe(p)}`);
      const id = p.field('pg_payment_id')!;
      const r1 = await gl.call('/g2g/refund', { pg_payment_id: id, pg_amount: '200' });
      t.expect('GL-OPS-05', ok(r1), `refund of 200 of 500 refused: ${describe(r1)}`);
      replyMatches(t, 'GL-OPS-05', r1, 'refund-response');
      const r2 = await gl.call('/g2g/refund', { pg_payment_id: id, pg_amount: '300.01' });
      t.expect(
        'GL-OPS-05',
        notDone(r2, 'pg_refund_status'),
        `refund of 300.01 after 200 of 500 accepted: ${describe(r2)}`,
      );
      const r3 = await gl.call('/g2g/refund', { pg_payment_id: id, pg_amount: '300' });
      t.expect('GL-OPS-05', ok(r3), `refund of the remaining 300 refused: ${describe(r3)}`);
      const s = await paymentStatus(t, id);
      t.expect('GL-OPS-05', s === 'refunded', `after refunding everything the payment is ${s}`);
      const q = await gl.call(
        '/g2g/payment',
        cardFields(card({ auth: true, threeDs: true, refund: false }), { pg_auto_clearing: '1' }),
      );
      const no = await gl.call('/g2g/refund', { pg_payment_id: q.field('pg_payment_id') ?? '1', pg_amount: '1' });
      t.expect(
        'GL-OPS-06',
        notDone(no, 'pg_refund_status'),
        `refund for a card whose test capabilities forbid it accepted: ${describe(no)}`,
      );
      // nothing captured yet: any refund is more than the captured amount (a reversal is /g2g/cancel's, GL-OPS-04)
      const u = await gl.call(
        '/g2g/payment',
        cardFields(card({ auth: true, threeDs: false, refund: true }), { pg_auto_clearing: '0' }),
      );
      const uid = paid(u) ? u.field('pg_payment_id')! : undefined;
      const cap = uid === undefined ? undefined : capturedIn(await status(t, uid), uid);
      if (!uid || !cap)
        t.note(`the uncaptured refund is not judged, the two-step payment was not accepted: ${describe(u)}`);
      else if ('why' in cap) t.note(`the uncaptured refund is not judged: ${cap.why}`);
      else if (cap.captured)
        t.note(
          'the uncaptured refund is not judged: the two-step payment was captured at once (GL-PAY-05 judges that)',
        );
      else {
        const r4 = await gl.call('/g2g/refund', { pg_payment_id: uid, pg_amount: '1' });
        t.expect(
          'GL-OPS-05',
          notDone(r4, 'pg_refund_status'),
          `refund of a payment not captured accepted: ${describe(r4)}`,
        );
      }
    },
  },
  {
    // the older code list's 340 and the current public status_v2 example's 11068 ("Payment not found.")
    id: 'gl.flow.status-unknown',
    title:
      'the status of a payment that does not exist is an error, never another payment; its code says not found (340, or 11068 as the public page shows)',
    rules: ['GL-OPS-02', 'GL-ERR-05'],
    async run(t) {
      const gl = client(t);
      // a payment of this shop exists, so a lookup that lost its condition has one to answer with; its
      // own status read is the control: a status_v2 that refuses every lookup refuses the unknown ones too
      const mine = await gl.call('/g2g/payment', cardFields(card({ auth: true, threeDs: false })), {
        note: 'a payment of this shop',
      });
      const id = ok(mine) ? mine.field('pg_payment_id') : undefined;
      if (id === undefined)
        return t.inconclusive(
          `the shop's own payment was not accepted with a pg_payment_id (${describe(mine)}), so a refused lookup of an unknown one shows nothing`,
        );
      const own = await gl.call('/g2g/status_v2', { pg_payment_id: id }, { note: "the shop's own payment (control)" });
      signatureRefused(t, own, 'the status_v2 request');
      if (!ok(own))
        t.inconclusive(
          `status_v2 refused the status of the shop's own payment ${id} too (${describe(own)}), so its refusal of an unknown one shows nothing`,
        );
      for (const f of [{ pg_payment_id: '1' }, { pg_order_id: 'NOSUCHORDER0000' }] as Array<Record<string, string>>) {
        const r = await gl.call('/g2g/status_v2', f);
        signatureRefused(t, r, 'the status_v2 request');
        // pg_payment_id 0: "the payment does not exist" (digest §3.12), no other payment; no error code to judge
        if (r.field('pg_status') === 'ok' && r.field('pg_payment_id') === '0') {
          t.expect('GL-OPS-02', true, '');
          t.notJudged(
            'GL-ERR-05',
            `status of ${JSON.stringify(f)} answered pg_payment_id 0 (not found), no error code`,
          );
          continue;
        }
        if (!t.expect('GL-OPS-02', refused(r), `status of ${JSON.stringify(f)}: ${describe(r)}`)) continue;
        t.expect(
          'GL-ERR-05',
          NOT_FOUND.has(r.field('pg_error_code') ?? ''),
          `status of ${JSON.stringify(f)}: ${describe(r)}, want pg_error_code ${[...NOT_FOUND].join(' or ')}`,
        );
      }
    },
  },
  {
    id: 'gl.flow.direct-debit',
    title: 'direct debit charges an approved saved card of that pg_user_id without CVC, and nothing else',
    rules: ['GL-TOK-01', 'GL-TOK-02'],
    async run(t) {
      const gl = client(t);
      const { user, token } = await savedCard(t);
      const debit = (u: string, tok: string) =>
        gl.call('/g2g/payment', {
          pg_order_id: orderId(),
          pg_amount: '150',
          pg_description: 'direct debit',
          pg_user_id: u,
          pg_card_token: tok,
        });
      const r = await debit(user, token);
      requireEnabled(t, r, 'direct debit (Безакцептное списание)');
      // GL-TOK-01 says the debit is charged without CVC and without the payer: an ok reply to this request
      // (no CVC, nobody asked) shows it, a refusal breaks it. Its reply fields are not the rule's: a reply
      // without pg_payment_id (digest §3.8, public material) was failed as "refused: pg_status=ok"
      const charged = ok(r);
      if (refused(r)) t.expect('GL-TOK-01', false, `direct debit of an approved card was refused: ${describe(r)}`);
      else if (!charged)
        t.cannotJudge(
          'GL-TOK-01',
          `the direct debit was answered pg_status ${r.field('pg_status')} (${describe(r)}), not ok: whether the card was charged does not show yet`,
        );
      else {
        t.pass('GL-TOK-01');
        if (!r.field('pg_payment_id'))
          t.note(
            `the direct debit was accepted (pg_status ok) without a pg_payment_id: the reply does not name the payment (digest §3.8 lists it; GL-TOK-01 does not)`,
          );
      }
      const other = await debit(`${user}-other`, token);
      const unknown = await debit(user, '0123456789abcdef0123456789abcdef');
      // refusals are GL-TOK-02's only beside the card's own payer charged (the control); a charge fails it regardless
      const control = charged;
      for (const [x, why] of [
        [other, `another pg_user_id charged the card: ${describe(other)}`],
        [unknown, `an unknown token was charged: ${describe(unknown)}`],
      ] as const)
        if (control || !declined(x)) t.expect('GL-TOK-02', declined(x), why);
      if (!control)
        t.cannotJudge(
          'GL-TOK-02',
          `the debit of the card's own pg_user_id was refused too (${describe(r)}): the refusals of another pg_user_id and an unknown token show nothing`,
        );
    },
  },
  {
    id: 'gl.flow.saved-card',
    title: 'saved-card payment: init gives pg_payment_id, pay completes it once',
    rules: ['GL-CARD-01', 'GL-CARD-02', 'GL-TX-09'],
    async run(t) {
      const gl = client(t);
      const { user, token } = await savedCard(t);
      const base = `/v1/merchant/${gl.merchantId}/card`;
      const init = await gl.call(`${base}/init`, {
        pg_order_id: orderId(),
        pg_amount: '90',
        pg_description: 'saved card',
        pg_user_id: user,
        pg_card_token: token,
      });
      const v = validateReply('card-init-response', init.message);
      t.require('GL-CARD-01', ok(init) && v.ok, `init: ${describe(init)} ${describeErrors(v.errors)}`);
      const payment = await gl.call(`${base}/pay`, { pg_payment_id: init.field('pg_payment_id')! });
      t.expect('GL-CARD-01', ok(payment), `pay: ${describe(payment)}`);
      const again = await gl.call(`${base}/pay`, { pg_payment_id: init.field('pg_payment_id')! });
      const unknown = await gl.call(`${base}/pay`, { pg_payment_id: '1' });
      // refusals are GL-CARD-02's only beside the first pay taken (the control); a second one taken fails it regardless
      for (const [x, why] of [
        [again, `paying the same pg_payment_id twice was accepted: ${describe(again)}`],
        [unknown, `paying an unknown pg_payment_id was accepted: ${describe(unknown)}`],
      ] as const)
        if (ok(payment) || !refused(x)) t.expect('GL-CARD-02', refused(x), why);
      if (!ok(payment))
        t.cannotJudge(
          'GL-CARD-02',
          `the first pay of the initialised payment was refused too (${describe(payment)}): the refusals of a repeat and of an unknown pg_payment_id show nothing`,
        );
    },
  },
  {
    id: 'gl.flow.payment-page',
    title: 'payment_page: the payer pays on the hosted page and result_url is called',
    rules: ['GL-PAGE-01'],
    needs: ['payer', 'callbacks'],
    plans: ['smoke', 'full'],
    async run(t) {
      const l = await t.listener();
      const r = await client(t).call('/g2g/payment_page', pageFields({ pg_result_url: l.url(SCRIPTS.result) }));
      t.require('GL-PAGE-01', ok(r) && !!r.field('pg_redirect_url'), `payment_page: ${describe(r)}`);
      const c = card({ auth: true, threeDs: false });
      const done = await pay(t, r.field('pg_redirect_url')!, cardValues(c));
      const took = done.status === 200 && done.text.includes('data-result="ok"');
      t.expect('GL-PAGE-01', took, `the hosted page did not take the payment (HTTP ${done.status})`);
      // no call is owed for a payment not taken; one not come within the wait is no failure (awaitResultCall)
      if (!took) return;
      const call = await awaitResultCall(t, l, 'GL-PAGE-01', 'the page payment', r.field('pg_payment_id'));
      const result = new Map(call.form).get('pg_result');
      t.expect(
        'GL-PAGE-01',
        result === '1',
        `result_url was called with pg_result=${String(result)} after the page payment`,
      );
    },
  },
  {
    id: 'gl.flow.page-lifetime',
    title: 'once pg_lifetime has passed, the hosted page no longer takes a payment',
    rules: ['GL-PAGE-02'],
    needs: ['payer', 'clock'],
    async run(t) {
      const r = await client(t).call('/g2g/payment_page', pageFields({ pg_lifetime: '300' }));
      // a refused payment_page is GL-PAGE-01's to judge; here it leaves nothing to expire
      const url = r.field('pg_redirect_url');
      if (!ok(r) || !url) return t.inconclusive(`payment_page was not accepted with a pg_redirect_url: ${describe(r)}`);
      await advance(t, 301_000);
      const done = await pay(t, url, cardValues(card({ auth: true, threeDs: false })));
      const paidLate = done.text.includes('data-result="ok"');
      // a page refusing the payment is the rule's only where a page within its lifetime takes one: a
      // hosted page that takes none (down, another form) shows nothing about expiry
      if (!paidLate) await pagePays(t, 'GL-PAGE-02', 'a fresh page with pg_lifetime=300, paid at once');
      t.expect('GL-PAGE-02', !paidLate, 'the page took a payment after pg_lifetime had passed');
    },
  },
  {
    id: 'gl.flow.any-amount',
    title: 'any_amount: the payer enters an amount within pg_amount_interval_from/to, then pays',
    rules: ['GL-ANY-01', 'GL-ANY-02'],
    needs: ['payer'],
    async run(t) {
      const r = await client(t).call('/g2g/any_amount', {
        pg_order_id: orderId(),
        pg_description: 'top up',
        pg_amount_interval_from: '100',
        pg_amount_interval_to: '200',
      });
      t.require('GL-ANY-01', ok(r) && !!r.field('pg_redirect_url'), `any_amount: ${describe(r)}`);
      const url = r.field('pg_redirect_url')!;
      const form = await payerSend(t)({ url, note: 'payer opens the amount form', statuses: 'any' });
      t.require(
        'GL-ANY-01',
        form.status === 200 && !!firstForm(form.text, url)?.fields.has('amount'),
        'the redirect does not lead to an amount form',
      );
      const outside: Array<[string, boolean]> = [];
      for (const bad of ['99.99', '200.01']) {
        // a fresh invoice each time: an amount taken by mistake must not use up the one paid below
        const other = await client(t).call('/g2g/any_amount', {
          pg_order_id: orderId(),
          pg_description: 'top up',
          pg_amount_interval_from: '100',
          pg_amount_interval_to: '200',
        });
        if (!ok(other) || !other.field('pg_redirect_url'))
          t.inconclusive(`a second any_amount was refused: ${describe(other)}`);
        const res = await pay(t, other.field('pg_redirect_url')!, {
          amount: bad,
          ...cardValues(card({ auth: true, threeDs: false })),
        });
        outside.push([bad, res.text.includes('data-result="ok"')]);
      }
      const done = await pay(t, url, { amount: '150', ...cardValues(card({ auth: true, threeDs: false })) });
      const inside = done.text.includes('data-result="ok"');
      t.expect('GL-ANY-01', inside, `paying 150 after the amount form failed (HTTP ${done.status})`);
      // an amount outside refused is GL-ANY-02's only where one inside was paid: a form that takes no
      // payment at all refuses every amount for no reason the rule names; one taken fails it regardless
      for (const [bad, paid] of outside)
        if (paid || inside) t.expect('GL-ANY-02', !paid, `the amount ${bad} outside 100–200 was paid`);
      if (!inside && !outside.some(([, paid]) => paid))
        t.cannotJudge(
          'GL-ANY-02',
          `the amount 150 inside 100–200 was not paid either (HTTP ${done.status}): the refusals of 99.99 and 200.01 show nothing about the interval`,
        );
    },
  },
  {
    id: 'gl.flow.invoice',
    title: 'invoiceUrl answers with a payment id and a redirect URL that opens a payment page',
    rules: ['GL-INV-01'],
    async run(t) {
      const r = await client(t).call('/g2g/invoiceUrl', pageFields());
      signatureRefused(t, r, 'the invoiceUrl request');
      t.require(
        'GL-INV-01',
        ok(r) && !!r.field('pg_payment_id') && !!r.field('pg_redirect_url'),
        `invoiceUrl: ${describe(r)}`,
      );
      const page = await payerSend(t)({
        url: r.field('pg_redirect_url')!,
        note: 'open the invoice',
        statuses: 'any',
      });
      t.expect('GL-INV-01', page.status === 200, `the invoice URL answers HTTP ${page.status}`);
    },
  },
]);
