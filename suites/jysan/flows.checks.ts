import { sameDecimal } from '../../src/protocols/common/decimal.ts';
import { parseXml, shown } from '../../src/protocols/jysan/xml.ts';
import { defineChecks } from '../../src/harness/check.ts';
import { has } from '../../src/harness/subject.ts';
import { describeErrors, schemaId, validate } from '../../src/spec/ajv.ts';
import { PAYMENT_SIGNED_FIELDS, sign, verify, wantsRedirect } from '../../src/protocols/jysan/index.ts';
import { sameCurrency } from '../../src/protocols/jysan/currency.ts';
import { cardFields, type XmlReply } from '../../src/sdk/jysan.ts';
import { TARGET_CARDS_VAR, targetCards } from '../../src/spec/jysan-cards.ts';
import {
  accepted,
  backref,
  card,
  cardData,
  cents,
  client,
  describe,
  expectNotPaid,
  follow,
  formOnly,
  judgeMessage,
  notPaid,
  paidShown,
  order,
  orderId,
  payDirect,
  payOnPage,
  publicKey,
  refusedAsBadSignature,
  refusedAfterSignature,
  requireAuthenticated,
  signedOk,
  stateOf,
  statusOf,
  noOperation,
  noLeak,
  unreadable,
  xmlOk,
  type Ctx,
  PAN_RULE,
} from './support.ts';

/** The result parameters verify with the merchant's secret (digest §A10). */
function signOk(t: Ctx, q: Record<string, string>): boolean {
  return verify('redirect', q, t.credentials.sharedSecret, q.sign ?? '');
}

/** JY-RED-02 "keeping BACKREF's own query", on the fields BACKREF received (`q`) from a BACKREF
 *  made by backref(): judged wherever paycert follows a result there, the host-to-host flows too (it
 *  was judged in the browser flow only, which needs the scripted payer). */
function keptQuery(t: Ctx, q: Record<string, string>, what: string): void {
  t.expect(
    'JY-RED-02',
    q.redirect === 'true' && q.shop_ref === 'R-77',
    `${what}: BACKREF's own query was not kept (redirect=${q.redirect}, shop_ref=${q.shop_ref})`,
  );
}

/** An XML document whose root is <result>: the request reached an XML operation, whatever its
 *  <code> holds (the code's form is the operation's own rule, e.g. JY-STA-02). A <result> that is
 *  not well-formed XML reached it too: its form is that rule's to judge, not the routing's. */
function isResult(r: Pick<XmlReply, 'http' | 'reply'>): boolean {
  if (r.reply) return true;
  try {
    const root = parseXml(r.http.text).result;
    return typeof root === 'object' && !Array.isArray(root);
  } catch {
    return /<result>/.test(r.http.text);
  }
}

export const checks = defineChecks({ profile: 'jysan', subject: 'gateway' }, [
  {
    id: 'jy.flow.routing',
    title: 'one URL, told apart by the fields: GETSTATUS, REV_*, DATE_* and confirm get XML, a payment gets HTML',
    area: 'routing',
    rules: ['JY-PAY-17'],
    async run(t) {
      const c = client(t);
      const o = orderId();
      const what = ['GETSTATUS', 'REV_AMOUNT/REV_DESC', 'DATE_FROM/DATE_TO', 'ORDER, MERCHANT, AMOUNT only (confirm)'];
      // Promise.all, not one await after another: when the target is down every request rejects,
      // and a rejection nobody awaited yet would be unhandled (vitest exits 1 with no failed rule).
      const replies = await Promise.all([
        c.status(o),
        c.cancel(o, '1', 'routing'),
        c.list('01.01.2025 00:00:00', '02.01.2025 00:00:00'),
        c.confirm(o, '1'),
      ]);
      replies.forEach((r, i) => {
        t.expect(
          'JY-PAY-17',
          isResult(r),
          `a request with ${what[i]} was not answered with an XML <result>: ${describe(r)}`,
        );
      });
      const pf = order();
      const p = await c.payment(pf, 'a payment');
      // refused as badly signed, the payment shows nothing about routing: the signature rule at fault
      // is judged elsewhere (signedOk ends this check inconclusive, the XML routing above stays judged)
      if (p.kind === 'error' && Number(p.code) === 21) await signedOk(t, 'payment', pf, p.code, 'a payment');
      // refused, it was still routed as a payment unless an XML <result> came back (the error page's own
      // form is JY-PAY-19's); a gateway refusing every payment routes them all the same
      if (p.kind === 'error')
        t.expect(
          'JY-PAY-17',
          !isResult(p),
          `a payment request was answered with an XML <result>, as an XML operation is: ${describe(p)}`,
        );
      else
        t.expect(
          'JY-PAY-17',
          accepted(p) && /html/i.test(p.http.headers['content-type'] ?? ''),
          `a payment request was not answered with the HTML card page: ${describe(p)}`,
        );
    },
  },
  {
    id: 'jy.flow.error-page',
    title: 'a payment request that fails validation gets an HTML error page with the code and its message',
    area: 'payment',
    rules: ['JY-PAY-19', 'JY-ERR-01', 'JY-ERR-16', 'JY-SIG-01', 'JY-SIG-04', 'JY-PAY-07'],
    async run(t) {
      for (const LANGUAGE of ['ru', 'en'] as const) {
        const what = `DESC of 51 characters, LANGUAGE=${LANGUAGE}: want an HTML error page with a code`;
        // a reply that is neither an error, the card page nor a result fails JY-PAY-19 and shows nothing else
        const r = formOnly(
          t,
          'JY-PAY-19',
          await client(t, { raw: true }).payment(
            order({ DESC: 'x'.repeat(51), LANGUAGE }),
            `DESC too long, LANGUAGE=${LANGUAGE}`,
          ),
          what,
        );
        const f = order({ DESC: 'x'.repeat(51), LANGUAGE });
        if (!(await signedOk(t, 'payment', f, r.code, 'DESC too long', r.kind === 'error' ? r.message : undefined)))
          continue;
        // an invalid request accepted is JY-PAY-09's failure (jy.fields.payment.violations): no error page here to judge
        if (accepted(r))
          t.inconclusive(`the request with a DESC of 51 characters was accepted (JY-PAY-09): ${describe(r)}`);
        t.expect(
          'JY-PAY-19',
          /html/i.test(r.http.headers['content-type'] ?? '') && r.kind === 'error' && r.code !== undefined,
          `DESC of 51 characters: ${describe(r)}, want an HTML error page with a code`,
        );
        if (r.kind === 'error' && r.code !== undefined)
          judgeMessage(t, 'JY-PAY-19', r.code, r.message, LANGUAGE, ['DESC']);
      }
    },
  },
  {
    id: 'jy.flow.browser',
    title: 'the browser flow: card page, payment, GET redirect to BACKREF with the signed result; status shows it',
    area: 'redirect',
    rules: ['JY-RED-01', 'JY-RED-02', 'JY-RED-03', 'JY-SIG-15', 'JY-STA-03', 'JY-SIG-11', PAN_RULE],
    needs: ['payer', 'callbacks'],
    plans: ['smoke', 'full'],
    async run(t) {
      const l = await t.listener();
      const f = order({ BACKREF: backref(l) });
      const page = await client(t).payment(f, 'payment, browser flow');
      if (!accepted(page)) t.inconclusive(`the payment request was not accepted (JY-PAY-16): ${describe(page)}`);
      const done = await payOnPage(t, page, cardData(card('visa-approve')), f.BACKREF);
      t.expect(
        'JY-RED-02',
        done.kind === 'redirect' && done.forward?.method !== 'POST',
        `after the payment the browser is not redirected (GET): ${describe(done)}`,
      );
      const q = await follow(t, l, done, 'JY-RED-01');
      const v = validate(schemaId('jysan', 'redirect'), q);
      t.expect(
        'JY-RED-02',
        v.ok,
        `the redirect's parameters do not match redirect.schema.json: ${describeErrors(v.errors)}`,
      );
      keptQuery(t, q, 'the redirect after the payment');
      t.expect(
        'JY-RED-03',
        q.order === f.ORDER && sameDecimal(q.amount, f.AMOUNT),
        `order ${q.order} / amount ${q.amount} do not echo ORDER ${f.ORDER} / AMOUNT ${f.AMOUNT}`,
      );
      t.expect(
        'JY-RED-03',
        q.res_code === '0' && !!q.rrn,
        `a successful payment has res_code ${q.res_code} and rrn ${q.rrn ?? '∅'}`,
      );
      t.expect(
        'JY-SIG-15',
        signOk(t, q),
        'sign does not verify: SHA-512(secret + order;mpi_order;rrn;res_code;amount;currency;res_desc;)',
      );
      // the status reply's own content is judged here (JY-STA-03), not read back: statusOf, not stateOf
      const s = await statusOf(t, f.ORDER!);
      if (noOperation(t, s)) return;
      t.expect(
        'JY-STA-03',
        xmlOk(s) &&
          s.operation?.status === 'S' &&
          cents(s.operation?.amount) === cents(f.AMOUNT) &&
          typeof s.operation?.currency === 'string' &&
          sameCurrency(f.CURRENCY!, s.operation.currency),
        `status after the payment: ${describe(s)} amount ${shown(s.operation?.amount)} ${shown(s.operation?.currency)}`,
      );
    },
  },
  {
    id: 'jy.flow.declined',
    title: 'a declined or 3DS-failed payment redirects with a non-zero res_code, no rrn, signed; status shows E',
    area: 'redirect',
    rules: ['JY-RED-01', 'JY-RED-02', 'JY-RED-03', 'JY-SIG-15', 'JY-STA-03', 'JY-SIG-11', 'JY-ENC-02', PAN_RULE],
    // host-to-host (crd_*): no card page, no scripted payer
    needs: ['callbacks'],
    async run(t) {
      // which cards a real target declines is the operator's to name: paycert's own mean nothing to it
      const ids = ['visa-decline-funds', 'mc-3ds-fail'].filter(
        (id) => t.subject.target !== 'real' || targetCards().has(id),
      );
      if (ids.length === 0)
        t.skip(
          `a real target's declining cards are not known: name visa-decline-funds or mc-3ds-fail (3-D Secure failed) in ${TARGET_CARDS_VAR}`,
        );
      const l = await t.listener();
      for (const id of ids) {
        const c = card(id);
        const { fields, reply } = await payDirect(t, cardData(c), { BACKREF: backref(l) });
        // a real bank's own page (a 3-D Secure challenge, its result page) shows neither where the result went nor what it was
        const unread = reply.kind === 'other' ? unreadable(t, reply) : undefined;
        if (unread !== undefined) {
          for (const rule of ['JY-RED-01', 'JY-RED-02', 'JY-RED-03', 'JY-SIG-15'])
            t.cannotJudge(rule, `${id}: ${unread}, so no result to follow to BACKREF: ${describe(reply)}`);
          continue;
        }
        const q = await follow(t, l, reply, 'JY-RED-01');
        keptQuery(t, q, `${id}: the result sent to BACKREF`);
        t.expect(
          'JY-RED-03',
          // rrn= empty is no rrn: JY-SIG-15 signs an absent rrn as an empty value, so both read alike
          q.res_code !== '0' && !q.rrn,
          `${id}: res_code ${q.res_code}, rrn ${q.rrn}; want a non-zero code and no rrn`,
        );
        // a declined payment is no refused request: the seed's table ("Возможные коды результата
        // регистрации …") is about refusals, and res_desc is "result text from MPI" (digest §A10), so
        // JY-ERR-01 judges neither; which non-zero code a declined card gets the seed does not say
        if (q.res_code !== c.expect.res_code)
          t.note(`${id}: res_code ${q.res_code}, where paycert's test card expects ${c.expect.res_code}`);
        t.expect('JY-SIG-15', signOk(t, q), `${id}: sign of the failed result does not verify`);
        const s = await statusOf(t, fields.ORDER!);
        if (noOperation(t, s)) continue;
        t.expect('JY-STA-03', s.operation?.status === 'E', `${id}: status ${shown(s.operation?.status)}, want E`);
      }
    },
  },
  {
    id: 'jy.flow.card-data',
    title: 'with crd_* there is no card page: encrypted PKCS#1 v1.5 card data is paid at once; plaintext is not',
    area: 'encryption',
    rules: [
      'JY-PAY-20',
      'JY-ENC-01',
      'JY-ENC-02',
      'JY-ENC-03',
      'JY-SIG-11',
      'JY-ERR-09',
      'JY-ERR-01',
      'JY-SIG-17',
      PAN_RULE,
    ],
    async run(t) {
      const c = card('visa-approve');
      const { fields: paid, reply } = await payDirect(t, cardData(c), {}, true);
      t.expect('JY-PAY-20', reply.kind !== 'card-page', `with crd_* the card page was shown: ${describe(reply)}`);
      t.expect(
        'JY-ENC-02',
        !(reply.kind === 'error' && (reply.code === 19 || reply.code === 27 || reply.code === 21)),
        `PKCS#1 v1.5 card data was not taken: ${describe(reply)}`,
      );
      // a page paycert cannot read shows no res_code: the status query below (the control) tells
      if (has(t.subject, 'payer') && reply.kind !== 'card-page' && unreadable(t, reply) === undefined) {
        const resCode = reply.resCode;
        t.expect(
          'JY-ENC-02',
          resCode === '0',
          `the approving test card, encrypted, gave res_code ${resCode}: ${describe(reply)}`,
        );
      }
      // the control: the payment with the card data encrypted shows as paid. Where it does not, a
      // plaintext one not paid shows nothing of how card data is taken (JY-ENC-01 then only fails)
      const control = await stateOf(t, paid.ORDER!);
      const controlPaid = control.operation?.status === 'S';
      const cl = client(t);
      const key = await publicKey(t);
      const enc = cardFields(cardData(c), key);
      for (const [field, value] of [
        ['crd_pan', c.pan],
        ['crd_exp', c.exp],
        ['crd_cvc', c.cvc],
      ] as const) {
        // an amount of this order's own: a status reply about another order (JY-STA-04's failure) is no evidence here
        const o = order();
        const amount = `${Number(o.ORDER!.slice(-5)) + 1}.25`;
        const plain = cl.signed('payment', { ...o, AMOUNT: amount, ...enc, [field]: value });
        const r = await cl.postPayment(plain, `${field} in plaintext`);
        // a card page (JY-PAY-20's failure) did not process the plaintext either; a page that shows
        // neither payment nor refusal (a bank's own result page) leaves it to the status query below
        const processed = `a plaintext ${field} was processed: ${describe(r)}`;
        if (r.kind !== 'card-page' && unreadable(t, r) === undefined) {
          if (controlPaid) t.expect('JY-ENC-01', notPaid(r), processed);
          else if (paidShown(r)) t.expect('JY-ENC-01', false, processed);
        }
        const s = await stateOf(t, plain.ORDER!);
        if (s.operation && cents(s.operation.amount) !== cents(amount)) {
          t.note(
            `status of ${plain.ORDER} shows another order's amount ${String(s.operation.amount)}: not judged here (JY-STA-04)`,
          );
          continue;
        }
        if (s.operation?.status === 'S')
          t.expect('JY-ENC-01', false, `the order paid with a plaintext ${field} shows status S`);
        else if (controlPaid) t.pass('JY-ENC-01');
      }
      if (!controlPaid)
        t.cannotJudge(
          'JY-ENC-01',
          `the payment with the card data encrypted (${describe(reply)}) shows status ${shown(control.operation?.status)}, not S: that the plaintext ones were not paid shows nothing`,
        );
      // encrypted before signing: the documented formula leaves crd_* out, a signature that adds the plaintext card data is refused
      const m = cl.signed('payment', { ...order(), ...cardFields(cardData(c), key) });
      const overPlain = sign(
        'payment',
        { ...m, crd_pan: c.pan, crd_exp: c.exp, crd_cvc: c.cvc },
        t.credentials.sharedSecret,
        { fields: [...PAYMENT_SIGNED_FIELDS, 'crd_pan', 'crd_exp', 'crd_cvc'] },
      );
      const r2 = await cl.postPayment(
        { ...m, P_SIGN: overPlain },
        'signed over the 13 values and the plaintext card data',
      );
      // a page paycert cannot read (a bank's own error page) is no acceptance: the status query, asked
      // before the twin of the same ORDER is sent, tells whether it was paid (paid fails the rule)
      const unread = unreadable(t, r2);
      const plainNotPaid =
        unread === undefined
          ? undefined
          : await expectNotPaid(t, 'JY-ENC-03', r2, m.ORDER!, 'a signature over plaintext card data was taken', false);
      const r3 = await cl.postPayment(m, 'the same request signed by the documented 13 values');
      t.expect(
        'JY-ENC-03',
        !(r3.kind === 'error' && r3.code === 21),
        `a crd_* request signed by the documented formula was refused as badly signed: ${describe(r3)}`,
      );
      if (unread !== undefined) {
        if (t.check.rules.includes('JY-SIG-17')) noLeak(t);
        // not paid shows the signature checked only where card data encrypted is paid (the control);
        // the refusal's code is not read (JY-ERR-09, JY-ERR-01 are judged on the pages paycert reads)
        if (plainNotPaid === true && controlPaid) {
          t.pass('JY-ENC-03');
          t.note(
            `a signature over plaintext card data got a page paycert cannot read (${describe(r2)}); the status query shows order ${m.ORDER} not paid`,
          );
        } else if (plainNotPaid === true)
          t.partNotJudged(
            'JY-ENC-03',
            `a signature over plaintext card data got a page paycert cannot read (${describe(r2)}) and was not paid, but neither was the payment with the card data encrypted (status ${shown(control.operation?.status)}): that shows nothing of the signature`,
          );
        return;
      }
      // the plaintext-signed request taken fails whatever its twin got; its refusal shows the signature
      // was checked only where the twin signed as documented was not refused too (for its card, an
      // outage): then it is refused with any code (which one is JY-ERR-09's, the pair JY-ERR-01's)
      if (r2.kind === 'error' && r3.kind === 'error' && r3.code !== 21)
        t.note(
          `the crd_* request signed by the documented 13 values was refused too (${describe(r3)}): the refusal of its twin signed over the plaintext card data (${describe(r2)}) shows nothing of the signature`,
        );
      else refusedAsBadSignature(t, 'JY-ENC-03', r2, 'a signature over plaintext card data');
    },
  },
  {
    id: 'jy.flow.error-redirect',
    title: 'a refused payment request also sends its result (res_code, signed) to BACKREF',
    area: 'redirect',
    rules: ['JY-RED-04', 'JY-RED-02', 'JY-SIG-15'],
    needs: ['callbacks'],
    async run(t) {
      const l = await t.listener();
      // paycert's own BACKREF, not a rule of the gateway's
      if (!wantsRedirect(backref(l))) throw new Error("paycert's own BACKREF lacks redirect=true");
      const { f, r } = await refusedAfterSignature(t, async () => backref(l), 'BACKREF with redirect=true');
      if (!r.next && !r.forward) await requireAuthenticated(t, 'the refusal carries no way to BACKREF');
      const q = await follow(t, l, r, 'JY-RED-04');
      keptQuery(t, q, "the refused request's result sent to BACKREF");
      t.expect(
        'JY-RED-04',
        q.order === f.ORDER && q.res_code === String(r.code),
        `the result sent to BACKREF: order ${q.order} res_code ${q.res_code}, want ${f.ORDER} and ${r.code}`,
      );
      t.expect('JY-SIG-15', signOk(t, q), "the refused request's result is not signed correctly");
    },
  },
]);
