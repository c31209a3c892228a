import type { Check } from '../../src/harness/check.ts';
import { has } from '../../src/harness/subject.ts';
import { describeErrors, schemaId, validate } from '../../src/spec/ajv.ts';
import { baseString, digest, verify, wantsRedirect, type Fields } from '../../src/protocols/jysan/index.ts';
import { cardFields, type XmlReply } from '../../src/sdk/jysan.ts';
import {
  accepted, advance, backref, card, cardData, client, describe, follow, judgeMessage, order, orderId, payDirect, payOnPage, publicKey, signedOk, statusOf, xmlOk, xmlRefused, type Ctx,
} from './support.ts';

function matches(t: Ctx, rule: string, r: XmlReply, schema: string): void {
  const v = validate(schemaId('jysan', schema), r.reply ?? {});
  t.expect(rule, !!r.reply && v.ok, `the reply does not match ${schema}: ${r.parseError ?? describeErrors(v.errors)}`);
}

/** The result parameters verify with the merchant's secret (digest §A10). */
function signOk(t: Ctx, q: Record<string, string>): boolean {
  return verify('redirect', q, t.credentials.sharedSecret, q.sign ?? '');
}

const cents = (s: unknown) => Math.round(Number(s) * 100);

/** Create an order with its card page open (browser flow). */
async function openOrder(t: Ctx, rule: string, extra: Fields = {}): Promise<Fields> {
  const f = order(extra);
  const r = await client(t).payment(f, 'an order with its card page open');
  t.require('JY-SIG-01', r.code !== 21, `a payment request signed by the documented formula was refused as badly signed: ${describe(r)}`);
  t.require(rule, accepted(r), `a valid payment request was not accepted: ${describe(r)}`);
  return f;
}

/** A paid (or pre-authorised) order, paid host-to-host with a test card. */
async function paidOrder(t: Ctx, rule: string, cardId: string, extra: Fields = {}): Promise<Record<string, string>> {
  const { fields, reply } = await payDirect(t, cardData(card(cardId)), extra);
  t.require(rule, reply.kind === 'redirect' || reply.kind === 'result', `the payment with test card ${cardId} did not complete: ${describe(reply)}`);
  return fields;
}

export const checks: Check<'jysan'>[] = [
  {
    id: 'jy.flow.routing',
    title: 'one URL, told apart by the fields: GETSTATUS, REV_*, DATE_* and confirm get XML, a payment gets HTML',
    profile: 'jysan', subject: 'gateway', area: 'routing', rules: ['JY-PAY-17'],
    async run(t) {
      const c = client(t);
      const o = orderId();
      const xml: Array<[string, Promise<XmlReply>]> = [
        ['GETSTATUS', c.status(o)],
        ['REV_AMOUNT/REV_DESC', c.cancel(o, '1', 'routing')],
        ['DATE_FROM/DATE_TO', c.list('01.01.2025 00:00:00', '02.01.2025 00:00:00')],
        ['ORDER, MERCHANT, AMOUNT only (confirm)', c.confirm(o, '1')],
      ];
      for (const [what, p] of xml) {
        const r = await p;
        t.expect('JY-PAY-17', !r.parseError && r.code !== undefined, `a request with ${what} was not answered with an XML <result>: ${describe(r)}`);
      }
      const p = await c.payment(order(), 'a payment');
      t.expect('JY-PAY-17', accepted(p) && /html/i.test(p.http.headers['content-type'] ?? ''), `a payment request was not answered with the HTML card page: ${describe(p)}`);
    },
  },
  {
    id: 'jy.flow.error-page',
    title: 'a payment request that fails validation gets an HTML error page with the code and its message',
    profile: 'jysan', subject: 'gateway', area: 'payment', rules: ['JY-PAY-19', 'JY-ERR-01', 'JY-ERR-16', 'JY-SIG-04'],
    async run(t) {
      for (const LANGUAGE of ['ru', 'en'] as const) {
        const r = await client(t).payment(order({ DESC: 'x'.repeat(51), LANGUAGE }), `DESC too long, LANGUAGE=${LANGUAGE}`);
        const f = order({ DESC: 'x'.repeat(51), LANGUAGE });
        if (!signedOk(t, 'payment', f, r.code, 'DESC too long')) continue;
        t.expect('JY-PAY-19', /html/i.test(r.http.headers['content-type'] ?? '') && r.kind === 'error' && r.code !== undefined, `DESC of 51 characters: ${describe(r)}, want an HTML error page with a code`);
        if (r.kind === 'error' && r.code !== undefined) judgeMessage(t, 'JY-PAY-19', r.code, r.message, LANGUAGE, ['DESC']);
      }
    },
  },
  {
    id: 'jy.flow.browser',
    title: 'the browser flow: card page, payment, GET redirect to BACKREF with the signed result; status shows it',
    profile: 'jysan', subject: 'gateway', area: 'redirect', rules: ['JY-RED-01', 'JY-RED-02', 'JY-RED-03', 'JY-SIG-15', 'JY-STA-03', 'JY-SIG-11'], needs: ['payer', 'callbacks'], plans: ['smoke', 'full'],
    async run(t) {
      const l = await t.listener();
      const f = order({ BACKREF: backref(l) });
      const page = await client(t).payment(f, 'payment, browser flow');
      t.require('JY-RED-01', accepted(page), `the payment request was not accepted: ${describe(page)}`);
      const done = await payOnPage(t, page, cardData(card('visa-approve')));
      t.expect('JY-RED-02', done.kind === 'redirect', `after the payment the browser is not redirected: ${describe(done)}`);
      const q = await follow(t, l, done, 'JY-RED-01');
      const v = validate(schemaId('jysan', 'redirect'), q);
      t.expect('JY-RED-02', v.ok, `the redirect's parameters do not match redirect.schema.json: ${describeErrors(v.errors)}`);
      t.expect('JY-RED-02', q.redirect === 'true' && q.shop_ref === 'R-77', `BACKREF's own query was not kept (redirect=${q.redirect}, shop_ref=${q.shop_ref})`);
      t.expect('JY-RED-03', q.order === f.ORDER && q.amount === f.AMOUNT, `order ${q.order} / amount ${q.amount} do not echo ORDER ${f.ORDER} / AMOUNT ${f.AMOUNT}`);
      t.expect('JY-RED-03', q.res_code === '0' && !!q.rrn, `a successful payment has res_code ${q.res_code} and rrn ${q.rrn ?? '∅'}`);
      t.expect('JY-SIG-15', signOk(t, q), 'sign does not verify: SHA-512(secret + order;mpi_order;rrn;res_code;amount;currency;res_desc;)');
      const s = await statusOf(t, f.ORDER!);
      t.expect('JY-STA-03', xmlOk(s) && s.operation?.status === 'S' && s.operation?.amount === f.AMOUNT && s.operation?.currency === f.CURRENCY, `status after the payment: ${describe(s)} amount ${String(s.operation?.amount)} ${String(s.operation?.currency)}`);
    },
  },
  {
    id: 'jy.flow.declined',
    title: 'a declined or 3DS-failed payment redirects with a non-zero res_code, no rrn, signed; status shows E',
    profile: 'jysan', subject: 'gateway', area: 'redirect', rules: ['JY-RED-03', 'JY-SIG-15', 'JY-STA-03', 'JY-ERR-01', 'JY-SIG-11', 'JY-ENC-02'], needs: ['payer', 'callbacks'],
    async run(t) {
      const l = await t.listener();
      for (const id of ['visa-decline-funds', 'mc-3ds-fail']) {
        const c = card(id);
        const { fields, reply } = await payDirect(t, cardData(c), { BACKREF: backref(l) });
        const q = await follow(t, l, reply, 'JY-RED-03');
        t.expect('JY-RED-03', q.res_code !== '0' && q.rrn === undefined, `${id}: res_code ${q.res_code}, rrn ${q.rrn ?? '∅'}; want a non-zero code and no rrn`);
        t.expect('JY-ERR-01', q.res_code === c.expect.res_code, `${id}: res_code ${q.res_code}, want ${c.expect.res_code} (errors.json)`);
        t.expect('JY-SIG-15', signOk(t, q), `${id}: sign of the failed result does not verify`);
        const s = await statusOf(t, fields.ORDER!);
        t.expect('JY-STA-03', s.operation?.status === 'E', `${id}: status ${String(s.operation?.status)}, want E`);
      }
    },
  },
  {
    id: 'jy.flow.card-data',
    title: 'with crd_* there is no card page: encrypted PKCS#1 v1.5 card data is paid at once; plaintext is not',
    profile: 'jysan', subject: 'gateway', area: 'encryption', rules: ['JY-PAY-20', 'JY-ENC-01', 'JY-ENC-02', 'JY-ENC-03', 'JY-SIG-11'],
    async run(t) {
      const c = card('visa-approve');
      const { reply } = await payDirect(t, cardData(c));
      t.expect('JY-PAY-20', reply.kind !== 'card-page', `with crd_* the card page was shown: ${describe(reply)}`);
      t.expect('JY-ENC-02', !(reply.kind === 'error' && (reply.code === 19 || reply.code === 27 || reply.code === 21)), `PKCS#1 v1.5 card data was not taken: ${describe(reply)}`);
      if (has(t.subject, 'payer')) {
        const resCode = reply.kind === 'redirect' ? new URL(reply.next!).searchParams.get('res_code') : reply.resCode;
        t.expect('JY-ENC-02', resCode === '0', `the approving test card, encrypted, gave res_code ${resCode}: ${describe(reply)}`);
      }
      const cl = client(t);
      const key = await publicKey(t);
      const enc = cardFields(cardData(c), key);
      for (const [field, value] of [['crd_pan', c.pan], ['crd_exp', c.exp], ['crd_cvc', c.cvc]] as const) {
        const plain = cl.signed('payment', { ...order(), ...enc, [field]: value });
        const r = await cl.postPayment(plain, `${field} in plaintext`);
        t.expect('JY-ENC-01', r.kind === 'error', `a plaintext ${field} was processed: ${describe(r)}`);
        const s = await statusOf(t, plain.ORDER!);
        t.expect('JY-ENC-01', s.operation?.status !== 'S', `the order paid with a plaintext ${field} shows status S`);
      }
      // encrypted before signing: the documented formula leaves crd_* out, a signature that adds the plaintext card data is refused
      const m = cl.signed('payment', { ...order(), ...cardFields(cardData(c), key) });
      const overPlain = digest(t.credentials.sharedSecret, `${baseString('payment', m)}${c.pan};${c.exp};${c.cvc};`);
      const r2 = await cl.postPayment({ ...m, P_SIGN: overPlain }, 'signed over the 13 values and the plaintext card data');
      t.expect('JY-ENC-03', r2.kind === 'error' && r2.code === 21, `a signature over plaintext card data was not refused with 21: ${describe(r2)}`);
      const r3 = await cl.postPayment(m, 'the same request signed by the documented 13 values');
      t.expect('JY-ENC-03', !(r3.kind === 'error' && r3.code === 21), `a crd_* request signed by the documented formula was refused as badly signed: ${describe(r3)}`);
    },
  },
  {
    id: 'jy.flow.error-redirect',
    title: 'a refused payment request also sends its result (res_code, signed) to BACKREF',
    profile: 'jysan', subject: 'gateway', area: 'redirect', rules: ['JY-RED-04', 'JY-SIG-15'], needs: ['callbacks'],
    async run(t) {
      const l = await t.listener();
      const f = order({ DESC: 'x'.repeat(51), BACKREF: backref(l) });
      t.require('JY-RED-04', wantsRedirect(f.BACKREF!), 'own BACKREF lacks redirect=true');
      const r = await client(t).payment(f, 'DESC too long, BACKREF with redirect=true');
      t.require('JY-RED-04', r.kind === 'error', `the invalid request was not refused: ${describe(r)}`);
      const q = await follow(t, l, r, 'JY-RED-04');
      t.expect('JY-RED-04', q.order === f.ORDER && q.res_code === String(r.code), `the result sent to BACKREF: order ${q.order} res_code ${q.res_code}, want ${f.ORDER} and ${r.code}`);
      t.expect('JY-SIG-15', signOk(t, q), 'the refused request\'s result is not signed correctly');
    },
  },
  {
    id: 'jy.flow.status',
    title: 'status of a known order: code 0, one <operation> with its status, amount and currency, as XML',
    profile: 'jysan', subject: 'gateway', area: 'status', rules: ['JY-STA-01', 'JY-STA-02', 'JY-STA-03', 'JY-SIG-11', 'JY-SIG-01'], plans: ['smoke', 'full'],
    async run(t) {
      const f = await openOrder(t, 'JY-STA-01', { AMOUNT: '2500.5', CURRENCY: 'KZT' });
      for (const LANGUAGE of [undefined, 'en']) {
        const s = await statusOf(t, f.ORDER!, { LANGUAGE });
        t.expect('JY-STA-01', xmlOk(s), `status of a known order${LANGUAGE ? ` with LANGUAGE=${LANGUAGE}` : ''}: ${describe(s)}`);
        t.expect('JY-STA-02', /xml/i.test(s.http.headers['content-type'] ?? ''), `content-type ${s.http.headers['content-type']}, want XML`);
        matches(t, 'JY-STA-02', s, 'status-reply');
        t.expect('JY-STA-03', !!s.operation && s.operation.amount === '2500.5' && s.operation.currency === 'KZT' && typeof s.operation.status === 'string' && s.operation.status !== '', `<operation> does not carry the order: ${JSON.stringify(s.operation)}`);
      }
    },
  },
  {
    id: 'jy.flow.status-unknown',
    title: 'status of an unknown ORDER: a non-zero code, a description, no operation',
    profile: 'jysan', subject: 'gateway', area: 'status', rules: ['JY-STA-04', 'JY-ERR-18', 'JY-SIG-11'],
    async run(t) {
      const s = await statusOf(t, orderId());
      t.expect('JY-STA-04', xmlRefused(s) && !s.operation, `status of an ORDER never used: ${describe(s)}`);
      t.expect('JY-ERR-18', !s.parseError && !!s.description, `the XML error reply has no <description>: ${describe(s)}`);
    },
  },
  {
    id: 'jy.flow.cancel',
    title: 'cancel/refund: never more than is left, partial amounts reduce rev_max_amount, the rest refunds all',
    profile: 'jysan', subject: 'gateway', area: 'cancel', rules: ['JY-REV-01', 'JY-REV-02', 'JY-REV-03', 'JY-REV-04', 'JY-SIG-11', 'JY-ENC-02'], needs: ['payer'], plans: ['smoke', 'full'],
    async run(t) {
      const c = client(t);
      const left = async (o: string) => cents((await statusOf(t, o)).operation?.rev_max_amount);
      // more than was paid: refused, the order unchanged
      const a = await paidOrder(t, 'JY-REV-01', 'visa-approve', { AMOUNT: '1000' });
      const over = await c.cancel(a.ORDER!, '1000.01', 'more than paid');
      t.expect('JY-REV-03', xmlRefused(over), `cancel of 1000.01 of 1000 was accepted: ${describe(over)}`);
      t.expect('JY-REV-03', (await left(a.ORDER!)) === 100_000, 'the refused cancel changed rev_max_amount');
      // partial amounts, then the rest, then nothing is left
      const b = await paidOrder(t, 'JY-REV-01', 'visa-approve', { AMOUNT: '1000' });
      const part = await c.cancel(b.ORDER!, '400', 'partial\nrefund');
      t.expect('JY-REV-01', xmlOk(part), `cancel of 400 of 1000 was refused: ${describe(part)}`);
      matches(t, 'JY-REV-02', part, 'cancel-reply');
      t.expect('JY-REV-04', (await left(b.ORDER!)) === 60_000, 'after a cancel of 400 of 1000, rev_max_amount is not 600');
      const rest = await c.cancel(b.ORDER!, '600', 'the rest');
      t.expect('JY-REV-02', xmlOk(rest), `cancel of the 600 left was refused: ${describe(rest)}`);
      const s = await statusOf(t, b.ORDER!);
      t.expect('JY-REV-04', s.operation?.status === 'R' && cents(s.operation?.rev_max_amount) === 0, `after refunding all: status ${String(s.operation?.status)}, rev_max_amount ${String(s.operation?.rev_max_amount)}`);
      const more = await c.cancel(b.ORDER!, '0.01', 'after everything was refunded');
      t.expect('JY-REV-03', xmlRefused(more), `cancel of 0.01 with nothing left was accepted: ${describe(more)}`);
    },
  },
  {
    id: 'jy.flow.cancel-unknown',
    title: 'cancel of an unknown ORDER is refused with a non-zero code',
    profile: 'jysan', subject: 'gateway', area: 'cancel', rules: ['JY-REV-05'],
    async run(t) {
      const r = await client(t).cancel(orderId(), '1', 'unknown order');
      t.expect('JY-REV-05', xmlRefused(r), `cancel of an ORDER never used: ${describe(r)}`);
    },
  },
  {
    id: 'jy.flow.list',
    title: 'the period list returns one rec per order of the terminal created in the period, as XML',
    profile: 'jysan', subject: 'gateway', area: 'list', rules: ['JY-LST-01', 'JY-LST-02', 'JY-SIG-11', 'JY-SIG-01'],
    async run(t) {
      const c = client(t);
      const a = await openOrder(t, 'JY-LST-01');
      const b = await openOrder(t, 'JY-LST-01');
      // the period from the gateway's own create_date, so that neither clock nor time zone matters
      const dates = [];
      for (const o of [a, b]) dates.push(String((await statusOf(t, o.ORDER!)).operation?.create_date ?? ''));
      t.require('JY-LST-01', dates.every((d) => /^[0-9]{2}\.[0-9]{2}\.[0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2}$/.test(d)), `create_date is not dd.MM.yyyy HH:mm:ss: ${dates.join(', ')}`);
      const sorted = [...dates].sort((x, y) => key(x).localeCompare(key(y)));
      const r = await c.list(sorted[0]!, sorted[1]!);
      t.expect('JY-LST-01', xmlOk(r), `list ${sorted.join(' – ')}: ${describe(r)}`);
      matches(t, 'JY-LST-02', r, 'list-reply');
      const ops = r.reply?.result.operations;
      const recs = typeof ops === 'object' ? ops.rec : [];
      const ids = recs.map((x) => String(x.order_id));
      t.expect('JY-LST-02', ids.includes(a.ORDER!) && ids.includes(b.ORDER!), `the list does not hold both orders ${a.ORDER}, ${b.ORDER}: ${ids.join(', ')}`);
      const empty = await c.list('01.01.2001 00:00:00', '01.01.2001 00:00:01');
      t.expect('JY-LST-02', xmlOk(empty) && typeof empty.reply?.result.operations !== 'object', `a period without orders: ${describe(empty)}`);
    },
  },
  {
    id: 'jy.flow.confirm',
    title: 'confirm completes a pre-authorisation, for AMOUNT or the whole amount, once',
    profile: 'jysan', subject: 'gateway', area: 'confirm', rules: ['JY-CNF-01', 'JY-SIG-11', 'JY-ENC-02'], needs: ['payer'],
    async run(t) {
      const c = client(t);
      for (const amount of ['1000', undefined]) {
        const f = await paidOrder(t, 'JY-CNF-01', 'visa-preauth', { AMOUNT: '1500.50' });
        const before = await statusOf(t, f.ORDER!);
        t.expect('JY-CNF-01', before.operation?.status !== 'S', `a pre-authorisation shows status ${String(before.operation?.status)} before the confirm`);
        const r = await c.confirm(f.ORDER!, amount);
        t.expect('JY-CNF-01', xmlOk(r), `confirm ${amount ?? 'without AMOUNT'}: ${describe(r)}`);
        matches(t, 'JY-CNF-01', r, 'confirm-reply');
        const after = await statusOf(t, f.ORDER!);
        const want = cents(amount ?? '1500.50');
        t.expect('JY-CNF-01', after.operation?.status === 'S' && cents(after.operation?.rev_max_amount) === want, `after confirm ${amount ?? 'all'}: status ${String(after.operation?.status)}, rev_max_amount ${String(after.operation?.rev_max_amount)}`);
        const twice = await c.confirm(f.ORDER!, amount);
        t.expect('JY-CNF-01', xmlRefused(twice), `a second confirm was accepted: ${describe(twice)}`);
      }
    },
  },
  {
    id: 'jy.flow.auto-confirm',
    title: 'a pre-authorisation left alone is confirmed when the period ends',
    profile: 'jysan', subject: 'gateway', area: 'confirm', rules: ['JY-CNF-02', 'JY-SIG-11', 'JY-ENC-02'], needs: ['payer', 'clock'], slow: true,
    async run(t) {
      const f = await paidOrder(t, 'JY-CNF-02', 'visa-preauth');
      const c = client(t);
      t.require('JY-CNF-02', (await statusOf(t, f.ORDER!)).operation?.status === 'A', 'the pre-authorisation is not waiting for a confirm');
      await advance(t, 71 * 3_600_000);
      t.expect('JY-CNF-02', (await statusOf(t, f.ORDER!)).operation?.status === 'A', 'confirmed before the period ended');
      await advance(t, 2 * 3_600_000);
      const s = await statusOf(t, f.ORDER!);
      t.expect('JY-CNF-02', s.operation?.status === 'S', `72 h after the authorisation the order is ${String(s.operation?.status)}, want S`);
    },
  },
];

/** yyyyMMddHHmmss of dd.MM.yyyy HH:mm:ss, to order them. */
function key(d: string): string {
  return `${d.slice(6, 10)}${d.slice(3, 5)}${d.slice(0, 2)}${d.slice(11).replace(/:/g, '')}`;
}
