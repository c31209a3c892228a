import { randomBytes } from 'node:crypto';
import { firstForm } from '../../src/harness/forms.ts';
import type { Listener, Received } from '../../src/harness/listener.ts';
import { describeErrors, schemaId, validate, withValues } from '../../src/spec/ajv.ts';
import { redact } from '../../src/harness/redact.ts';
import { fromForm, verify, type PgMessage } from '../../src/protocols/greenleaves/index.ts';
import { answer } from './callbacks.checks.ts';
import {
  card,
  cardValues,
  client,
  describe,
  ok,
  pageFields,
  pay,
  paymentStatus,
  SCRIPTS,
  settle,
  type Ctx,
  gatewayChecks,
} from './support.ts';
import { quote } from '../../src/harness/clip.ts';

const pathOf = (r: Received): string => new URL(r.path, 'http://listener').pathname;
const unescapeHtml = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The payer's return that reached the merchant (the listener's success or failure path). */
function returned(l: Listener): { to: 'success' | 'failure'; fields: PgMessage; received: Received } | undefined {
  const r = l.received.find((x) => [SCRIPTS.success, SCRIPTS.failure].some((s) => pathOf(x).endsWith(`/${s}`)));
  if (!r) return undefined;
  return {
    to: pathOf(r).endsWith(`/${SCRIPTS.success}`) ? 'success' : 'failure',
    fields: fromForm(r.form),
    received: r,
  };
}

/** Play the payer's browser from the gateway's last page back to the merchant: a redirect was already
 *  followed by pay(); otherwise follow a link or submit a form that leads to the merchant's URLs. */
async function followReturn(t: Ctx, l: Listener, page: string) {
  if (returned(l)) return returned(l);
  const mine = (u: string) => u.startsWith(l.url(SCRIPTS.success)) || u.startsWith(l.url(SCRIPTS.failure));
  const link = [...page.matchAll(/href="([^"]*)"/g)].map((m) => unescapeHtml(m[1]!)).find(mine);
  const form = firstForm(page, l.url(''));
  if (link) await t.http.send({ url: link, note: 'payer follows the link back to the shop', statuses: 'any' });
  else if (form && mine(form.action))
    await t.http.send({
      url: form.action,
      method: form.method,
      form: [...form.fields],
      note: 'payer submits the form back to the shop',
      statuses: 'any',
    });
  return returned(l);
}

/** A hosted-page payment whose result_url answers `status`; the payer pays and goes back to the shop. */
async function payAndReturn(
  t: Ctx,
  rule: string,
  status: 'ok' | 'rejected',
  reason?: string,
  extra: PgMessage = {},
  payer = card({ auth: true, threeDs: false }),
) {
  const l = await t.listener();
  l.respond((r) =>
    pathOf(r).endsWith(`/${SCRIPTS.result}`)
      ? answer(t, SCRIPTS.result, status, reason)
      : { status: 200, body: 'thank you' },
  );
  const request = pageFields({
    pg_result_url: l.url(SCRIPTS.result),
    pg_success_url: l.url(SCRIPTS.success),
    pg_failure_url: l.url(SCRIPTS.failure),
    shop_ref: 'R-42',
    pg_param1: 'p1',
    ...extra,
  });
  const r = await client(t).call('/g2g/payment_page', request);
  if (!ok(r) || !r.field('pg_redirect_url') || !r.field('pg_payment_id'))
    t.inconclusive(`payment_page was not accepted with a pg_payment_id and a pg_redirect_url: ${describe(r)}`);
  const done = await pay(t, r.field('pg_redirect_url')!, cardValues(payer));
  const back = await followReturn(t, l, done.text);
  t.require(rule, !!back, `the payer was not sent back to pg_success_url or pg_failure_url (HTTP ${done.status})`);
  const ids = { id: r.field('pg_payment_id')!, order: String(request.pg_order_id) };
  return { ids, l, back: back!, done };
}

/** The first result_url call of the payment (the answer the return depends on). A reference with a
 *  clock says when the payment's due callbacks have run: a gateway that sends the payer back before
 *  the merchant answered (defect return-ignores-answer) may still be calling, and 5 s of real time
 *  were not always enough for that at load 10. */
async function resultCall(t: Ctx, l: Listener, paymentId: string): Promise<PgMessage> {
  await settle(t, paymentId, 0);
  await l.waitFor(1, t.subject.limits.callbackWaitMs);
  const call = l.received.find((x) => pathOf(x).endsWith(`/${SCRIPTS.result}`));
  if (!call) t.inconclusive('result_url was not called after the page payment (GL-CB-01 judges that)');
  return fromForm(call.form);
}

/** GL-RET-02 and GL-RET-03 on one return. */
function judgeReturn(
  t: Ctx,
  back: { to: 'success' | 'failure'; fields: PgMessage },
  { id, order }: { id: string; order: string },
) {
  const f = back.fields;
  const v = validate(schemaId('greenleaves', 'return'), f);
  t.expect(
    'GL-RET-02',
    v.ok,
    `the ${back.to} return does not match return.schema.json: ${describeErrors(withValues(v.errors, redact(f)))}`,
  );
  t.expect(
    'GL-RET-02',
    f.pg_payment_id === id && f.pg_order_id === order,
    `the ${back.to} return names pg_payment_id ${String(f.pg_payment_id)}, pg_order_id ${String(f.pg_order_id)}, not the payment's ${id}, ${order}`,
  );
  t.expect(
    'GL-RET-02',
    f.shop_ref === 'R-42' && f.pg_param1 === 'p1',
    `the ${back.to} return does not carry the merchant's own fields (shop_ref=${String(f.shop_ref)}, pg_param1=${String(f.pg_param1)})`,
  );
  if (typeof f.pg_sig !== 'string') t.inconclusive(`the ${back.to} return carries no pg_sig (GL-RET-02 judges that)`);
  t.expect(
    'GL-RET-03',
    verify(SCRIPTS[back.to], f, t.credentials.secretKey, f.pg_sig),
    `the ${back.to} return's pg_sig does not verify with the script name "${SCRIPTS[back.to]}" (the last segment of its URL)`,
  );
}

export const checks = gatewayChecks('returns', [
  {
    id: 'gl.ret.accepted',
    title:
      'after an "ok" answer to result_url the payer goes back to pg_success_url, with the documented fields, signed',
    rules: ['GL-RET-01', 'GL-RET-02', 'GL-RET-03'],
    needs: ['payer', 'callbacks'],
    async run(t) {
      const { ids, l, back } = await payAndReturn(t, 'GL-RET-01', 'ok');
      await resultCall(t, l, ids.id);
      t.expect('GL-RET-01', back.to === 'success', 'after an "ok" answer the payer was sent to pg_failure_url');
      judgeReturn(t, back, ids);
    },
  },
  {
    id: 'gl.ret.rejected',
    title:
      'after a "rejected" answer the payer goes back to pg_failure_url, is shown the merchant\'s pg_description, with the documented fields, signed',
    rules: ['GL-RET-01', 'GL-RET-02', 'GL-RET-03', 'GL-RET-04'],
    needs: ['payer', 'callbacks'],
    async run(t) {
      const reason = `Бронь истекла ${randomBytes(3).toString('hex')}`;
      const { ids, l, back, done } = await payAndReturn(t, 'GL-RET-01', 'rejected', reason);
      const call = await resultCall(t, l, ids.id);
      if (call.pg_can_reject !== '1')
        t.inconclusive('the result_url call did not allow rejection (pg_can_reject is not 1)');
      const state = await paymentStatus(t, ids.id);
      if (state !== 'revoked' && state !== 'refunded')
        t.inconclusive(`the gateway did not revoke the rejected payment (it is ${state}; GL-CB-08 judges that)`);
      t.require(
        'GL-RET-01',
        back.to === 'failure',
        'after the merchant rejected the payment the payer was sent to pg_success_url',
      );
      t.expect('GL-RET-04', done.text.includes(reason), `the payer was not shown the merchant's reason "${reason}"`);
      judgeReturn(t, back, ids);
    },
  },
  {
    id: 'gl.ret.post-method',
    title: 'with pg_success_url_method=POST the payer goes back by POST, the return fields in the body',
    rules: ['GL-RET-05'],
    needs: ['payer', 'callbacks'],
    async run(t) {
      const { ids, back } = await payAndReturn(t, 'GL-RET-05', 'ok', undefined, { pg_success_url_method: 'POST' });
      if (back.to !== 'success') t.inconclusive('the payer was not sent to pg_success_url (GL-RET-01 judges that)');
      const r = back.received;
      t.expect('GL-RET-05', r.method === 'POST', `the payer came back by ${r.method}, not POST`);
      const body = fromForm(r.form.filter(([k]) => !new URL(r.path, 'http://listener').searchParams.has(k)));
      t.expect(
        'GL-RET-05',
        body.pg_order_id === ids.order && typeof body.pg_sig === 'string',
        `the POST body does not carry the return's pg_order_id and pg_sig (body: ${quote(r.body, 200)})`,
      );
    },
  },
  {
    id: 'gl.ret.declined',
    title: 'the payer of a payment declined on the hosted page goes back to pg_failure_url',
    rules: ['GL-RET-06'],
    needs: ['payer', 'callbacks'],
    async run(t) {
      const declining = card({ auth: false });
      const { back, done } = await payAndReturn(t, 'GL-RET-06', 'ok', undefined, {}, declining);
      if (done.text.includes('data-result="ok"'))
        t.inconclusive('the page took the declining card (GL-PAY-04 judges that)');
      t.expect('GL-RET-06', back.to === 'failure', 'the payer of a declined payment was sent to pg_success_url');
    },
  },
]);
