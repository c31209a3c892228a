import fc from 'fast-check';
import type { Check } from '../../../src/harness/check.ts';
import { scriptName, type PgMessage } from '../../../src/protocols/greenleaves/index.ts';
import { advance } from '../support.ts';
import { checkCall, optionalCallFields, declaration, describeAnswer, gist, orders, payment, randomPaymentId, resultCall, resultUrl, send, signCall, type Ctx } from './support.ts';

const STATUSES = ['ok', 'rejected', 'error'];

/** A genuine call, signed for the merchant's URL. */
function genuine(t: Ctx, url: string, fields: PgMessage) {
  return send(t, url, signCall(t, url, fields));
}

function wellFormed(t: Ctx, a: Awaited<ReturnType<typeof send>>, url: string, what: string): void {
  t.expect('GL-MCB-01', a.http.status === 200, `${what}: HTTP ${a.http.status}, want 200`);
  t.expect('GL-MCB-01', !!a.message && a.root === 'response', `${what}: the answer is not an XML <response>: ${a.parseError ?? a.http.text.slice(0, 100)}`);
  t.expect('GL-MCB-01', STATUSES.includes(a.field('pg_status') ?? ''), `${what}: pg_status "${a.field('pg_status')}" is not ok, rejected or error`);
  t.expect('GL-MCB-01', a.field('pg_description') !== undefined && !!a.field('pg_salt') && !!a.field('pg_sig'), `${what}: pg_description, pg_salt or pg_sig missing`);
  if (a.field('pg_sig')) t.expect('GL-MCB-02', a.signedAs(scriptName(url)), `${what}: pg_sig does not verify with the script name "${scriptName(url)}"`);
}

const extraName = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/).filter((n) => !n.startsWith('pg'));

export const checks: Check<'greenleaves'>[] = [
  {
    id: 'gl.merchant.result-ok',
    title: 'a genuine call for a payable order is answered 200 with the signed XML, status ok, without authentication',
    profile: 'greenleaves', subject: 'merchant', area: 'merchant-callbacks', rules: ['GL-MCB-01', 'GL-MCB-02', 'GL-MCB-11', 'GL-MCB-14', 'GL-MCB-15'], plans: ['smoke', 'full'],
    async run(t) {
      const url = resultUrl(t);
      const o = orders(t).take('payable', 'a genuine call');
      const a = await genuine(t, url, resultCall(t, o, payment(o, 'result-ok')));
      t.expect('GL-MCB-11', a.http.status !== 401 && a.http.status !== 403, `result_url wants authentication (HTTP ${a.http.status})`);
      // "error" means the merchant could not interpret the data (seed): it did not read the form
      const read = a.http.status === 200 && (a.field('pg_status') === 'ok' || a.field('pg_status') === 'rejected');
      t.expect('GL-MCB-15', read, `a genuine call sent as ${declaration(t).requestMethod ?? 'POST'} (multipart for POST) was not read: ${describeAnswer(a)}`);
      wellFormed(t, a, url, 'answer to a genuine call');
      t.expect('GL-MCB-14', a.field('pg_status') === 'ok', `a payable order was answered ${describeAnswer(a)}`);
    },
  },
  {
    id: 'gl.merchant.forged',
    title: 'a call with a wrong pg_sig is not accepted and changes nothing',
    profile: 'greenleaves', subject: 'merchant', area: 'merchant-callbacks', rules: ['GL-MCB-03', 'GL-MCB-04'], plans: ['smoke', 'full'],
    async run(t) {
      const url = resultUrl(t);
      const o = orders(t).take('payable', 'a forged, then a genuine call');
      const fields = resultCall(t, o, payment(o, 'forged'));
      const forged = await send(t, url, { ...signCall(t, url, fields), pg_sig: '0123456789abcdef0123456789abcdef' }, 'forged call');
      t.expect('GL-MCB-03', forged.field('pg_status') !== 'ok', `a forged call was accepted: ${describeAnswer(forged)}`);
      const real = await genuine(t, url, fields);
      t.expect('GL-MCB-04', real.field('pg_status') === 'ok', `after a forged call, the genuine call for the same payment was answered ${describeAnswer(real)}`);
      const unknown = orders(t).unknown('forged');
      await t.property('GL-MCB-03', fc.tuple(fc.nat(), fc.nat({ max: 30 }), fc.string({ minLength: 1, maxLength: 6 })), async ([n, pick, junk]) => {
        const m = signCall(t, url, resultCall(t, { orderId: unknown, amount: '100' }, randomPaymentId(n), { canReject: '0' }));
        const keys = Object.keys(m).filter((k) => k !== 'pg_sig');
        const k = keys[pick % keys.length]!;
        const a = await send(t, url, { ...m, [k]: `${m[k] as string}${junk}` });
        t.expect('GL-MCB-03', a.field('pg_status') !== 'ok', `the call with ${k} changed after signing was accepted`);
      });
    },
  },
  {
    id: 'gl.merchant.can-reject',
    title: '"rejected" only with pg_can_reject=1: an undeliverable order is rejected when it may be, accepted when it may not',
    profile: 'greenleaves', subject: 'merchant', area: 'merchant-callbacks', rules: ['GL-MCB-05', 'GL-MCB-13'],
    async run(t) {
      const url = resultUrl(t);
      const e1 = orders(t).take('expired', 'rejection with pg_can_reject=1');
      const r1 = await genuine(t, url, resultCall(t, e1, payment(e1, 'reject-1'), { canReject: '1' }));
      t.expect('GL-MCB-13', r1.field('pg_status') === 'rejected', `an expired order with pg_can_reject=1 was answered ${describeAnswer(r1)}`);
      const r2 = await genuine(t, url, resultCall(t, { orderId: orders(t).unknown('reject'), amount: '100' }, payment(e1, 'unknown-1'), { canReject: '1' }));
      t.expect('GL-MCB-13', r2.field('pg_status') === 'rejected', `an unknown order with pg_can_reject=1 was answered ${describeAnswer(r2)}`);
      const e2 = orders(t).take('expired', 'acceptance with pg_can_reject=0');
      const r3 = await genuine(t, url, resultCall(t, e2, payment(e2, 'reject-0'), { canReject: '0' }));
      t.expect('GL-MCB-05', r3.field('pg_status') === 'ok', `an expired order with pg_can_reject=0 was answered ${describeAnswer(r3)}`);
      // any payment with pg_can_reject=0 is complete: whatever the order and the documented
      // optional fields that come with it, never "rejected"
      const unknown = orders(t).unknown('can-reject');
      const cases = fc.tuple(fc.nat(), fc.integer({ min: 1, max: 99_999_999 }), fc.boolean(), optionalCallFields());
      await t.property('GL-MCB-05', cases, async ([n, cents, known, optional]) => {
        const order = known ? e2 : { orderId: unknown };
        const amount = (cents / 100).toFixed(2);
        const a = await genuine(t, url, { ...resultCall(t, order, randomPaymentId(n), { canReject: '0', amount }), ...optional });
        t.expect('GL-MCB-05', a.field('pg_status') === 'ok', `pg_can_reject=0 for ${order.orderId} (${amount}, with ${Object.keys(optional).join(', ') || 'no optional fields'}) was answered ${describeAnswer(a)}`);
      });
    },
  },
  {
    id: 'gl.merchant.repeat',
    title: 'repeated calls for a payment get the first answer',
    profile: 'greenleaves', subject: 'merchant', area: 'merchant-callbacks', rules: ['GL-MCB-06'], plans: ['smoke', 'full'],
    async run(t) {
      const url = resultUrl(t);
      for (const state of ['payable', 'expired'] as const) {
        const o = orders(t).take(state, 'repeated calls');
        const fields = resultCall(t, o, payment(o, 'repeat'));
        const first = await genuine(t, url, fields);
        for (let i = 1; i <= 3; i++) {
          const again = await genuine(t, url, fields);
          t.expect('GL-MCB-06', gist(again) === gist(first), `repeat ${i} for a ${state} order: ${describeAnswer(again)}, the first was ${describeAnswer(first)}`);
        }
      }
    },
  },
  {
    id: 'gl.merchant.repeat-after-lifetime',
    title: 'repeats after pg_lifetime has passed still get the first answer',
    profile: 'greenleaves', subject: 'merchant', area: 'merchant-callbacks', rules: ['GL-MCB-07'], slow: true,
    async run(t) {
      const url = resultUrl(t);
      const lifetime = declaration(t).lifetimeSeconds ?? 86_400;
      if (!t.control && lifetime > 3 * 3600) t.skip(`pg_lifetime ${lifetime} s is too long to wait for without the merchant's clock`);
      const o = orders(t).take('payable', 'a repeat after pg_lifetime');
      const fields = resultCall(t, o, payment(o, 'lifetime'));
      const first = await genuine(t, url, fields);
      await advance(t, (lifetime + 60) * 1000);
      const again = await genuine(t, url, fields);
      t.expect('GL-MCB-07', gist(again) === gist(first), `after pg_lifetime: ${describeAnswer(again)}, the first was ${describeAnswer(first)}`);
    },
  },
  {
    id: 'gl.merchant.concurrent',
    title: 'repeats arriving at the same time all get 200 and the same answer',
    profile: 'greenleaves', subject: 'merchant', area: 'merchant-callbacks', rules: ['GL-MCB-08'],
    async run(t) {
      const url = resultUrl(t);
      const o = orders(t).take('payable', 'concurrent repeats');
      const fields = resultCall(t, o, payment(o, 'concurrent'));
      const answers = await Promise.all(Array.from({ length: 6 }, () => send(t, url, signCall(t, url, fields), 'concurrent repeat', true)));
      const kinds = new Set(answers.map(gist));
      t.expect('GL-MCB-08', answers.every((a) => a.http.status === 200), `concurrent repeats got ${answers.map((a) => a.http.status).join(', ')}`);
      t.expect('GL-MCB-08', kinds.size === 1, `concurrent repeats got different answers: ${[...kinds].join(' / ')}`);
      const later = await genuine(t, url, fields);
      t.expect('GL-MCB-08', gist(later) === gist(answers[0]!), `a later repeat: ${describeAnswer(later)}`);
    },
  },
  {
    id: 'gl.merchant.failed-payment',
    title: 'a call for a failed payment (pg_result=0) is acknowledged with ok',
    profile: 'greenleaves', subject: 'merchant', area: 'merchant-callbacks', rules: ['GL-MCB-09'],
    async run(t) {
      const url = resultUrl(t);
      const o = orders(t).take('payable', 'a failed payment');
      const a = await genuine(t, url, resultCall(t, o, payment(o, 'failed'), { result: '0', canReject: '0' }));
      t.expect('GL-MCB-09', a.field('pg_status') === 'ok', `pg_result=0 for a payable order was answered ${describeAnswer(a)}`);
      const unknown = orders(t).unknown('failed');
      await t.property('GL-MCB-09', fc.tuple(fc.nat(), fc.constantFrom('0', '1') as fc.Arbitrary<'0' | '1'>), async ([n, canReject]) => {
        const r = await genuine(t, url, resultCall(t, { orderId: unknown, amount: '100' }, randomPaymentId(n), { result: '0', canReject }));
        t.expect('GL-MCB-09', r.field('pg_status') === 'ok', `pg_result=0 (pg_can_reject=${canReject}) was answered ${describeAnswer(r)}`);
      });
    },
  },
  {
    id: 'gl.merchant.extra-fields',
    title: "the merchant's own extra fields take part in the signature it verifies",
    profile: 'greenleaves', subject: 'merchant', area: 'merchant-callbacks', rules: ['GL-MCB-10'],
    async run(t) {
      const url = resultUrl(t);
      const unknown = orders(t).unknown('extra');
      const extras = fc.dictionary(extraName, fc.string({ maxLength: 12 }), { minKeys: 1, maxKeys: 3 });
      await t.property('GL-MCB-10', fc.tuple(fc.nat(), extras), async ([n, extra]) => {
        const m = signCall(t, url, resultCall(t, { orderId: unknown, amount: '100' }, randomPaymentId(n), { canReject: '0', extra }));
        const ok = await send(t, url, m);
        t.expect('GL-MCB-10', ok.field('pg_status') === 'ok', `a correctly signed call with extra fields ${JSON.stringify(extra)} was answered ${describeAnswer(ok)}`);
        const k = Object.keys(extra)[0]!;
        const changed = await send(t, url, { ...m, pg_payment_id: randomPaymentId(n + 1), [k]: `${extra[k]}x` });
        t.expect('GL-MCB-10', changed.field('pg_status') !== 'ok', `a call with the extra field ${k} changed after signing was accepted`);
      });
    },
  },
  {
    id: 'gl.merchant.out-of-order',
    title: 'calls out of order: a retry before its first attempt, and repeats interleaved with other payments, get consistent answers',
    profile: 'greenleaves', subject: 'merchant', area: 'merchant-callbacks', rules: ['GL-MCB-05', 'GL-MCB-06'],
    async run(t) {
      const url = resultUrl(t);
      // the first attempt (pg_can_reject=1) was lost; its retry (pg_can_reject=0) arrives first
      const a = orders(t).take('payable', 'a retry that overtakes its first attempt');
      const fields = resultCall(t, a, payment(a, 'out-of-order'), { canReject: '0' });
      const retry = await genuine(t, url, fields);
      t.expect('GL-MCB-05', retry.field('pg_status') === 'ok', `a retry with pg_can_reject=0 seen first was answered ${describeAnswer(retry)}`);
      const late = await genuine(t, url, { ...fields, pg_can_reject: '1' });
      t.expect('GL-MCB-06', gist(late) === gist(retry), `the late first attempt was answered ${describeAnswer(late)}, the retry ${describeAnswer(retry)}`);
      // repeats of one payment interleaved with calls for other payments
      const [b, c] = [orders(t).take('payable', 'interleaved calls'), orders(t).take('payable', 'interleaved calls')];
      const fb = resultCall(t, b, payment(b, 'interleaved'));
      const first = await genuine(t, url, fb);
      await genuine(t, url, resultCall(t, c, payment(c, 'interleaved')));
      await genuine(t, url, resultCall(t, { orderId: orders(t).unknown('interleaved') }, payment(b, 'interleaved-other'), { canReject: '1' }));
      const again = await genuine(t, url, fb);
      t.expect('GL-MCB-06', gist(again) === gist(first), `a repeat after calls for other payments: ${describeAnswer(again)}, the first was ${describeAnswer(first)}`);
    },
  },
  {
    id: 'gl.merchant.check-url',
    title: 'check_url answers ok for an order it can take, rejected otherwise, signed with its own script name',
    profile: 'greenleaves', subject: 'merchant', area: 'merchant-callbacks', rules: ['GL-MCB-12', 'GL-MCB-11'],
    async run(t) {
      const url = t.subject.checkUrl ?? declaration(t).checkUrl;
      if (!url) t.skip('the merchant declares no check_url');
      const o = orders(t).take('payable', 'check_url');
      const yes = await genuine(t, url!, checkCall(o, payment(o, 'check')));
      t.expect('GL-MCB-11', yes.http.status !== 401 && yes.http.status !== 403, `check_url wants authentication (HTTP ${yes.http.status})`);
      t.expect('GL-MCB-12', yes.http.status === 200 && yes.field('pg_status') === 'ok', `check for a payable order: ${describeAnswer(yes)}`);
      t.expect('GL-MCB-12', yes.signedAs(scriptName(url!)), `the check answer is not signed with "${scriptName(url!)}"`);
      const unknown = { orderId: orders(t).unknown('check'), amount: '100' };
      const no = await genuine(t, url!, checkCall(unknown, payment(unknown, 'check-unknown')));
      t.expect('GL-MCB-12', no.field('pg_status') === 'rejected' || no.field('pg_status') === 'error', `check for an unknown order: ${describeAnswer(no)}`);
      const e = orders(t).take('expired', 'check_url of an expired order');
      const late = await genuine(t, url!, checkCall(e, payment(e, 'check-expired')));
      t.expect('GL-MCB-12', late.field('pg_status') === 'rejected', `check for an expired order: ${describeAnswer(late)}`);
    },
  },
];
