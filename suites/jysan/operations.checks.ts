import { shown } from '../../src/protocols/jysan/xml.ts';
import { quote } from '../../src/harness/clip.ts';
import { defineChecks } from '../../src/harness/check.ts';
import type { XmlReply } from '../../src/sdk/jysan.ts';
import type { XmlNode, XmlValue } from '../../src/protocols/jysan/xml.ts';
import type { Fields } from '../../src/protocols/jysan/index.ts';
import { sameCurrency } from '../../src/protocols/jysan/currency.ts';
import { TARGET_CARDS_VAR, targetCards } from '../../src/spec/jysan-cards.ts';
import {
  MARKUP,
  accepted,
  advance,
  cents,
  client,
  describe,
  judgeRefusal,
  kzDate,
  matches,
  openOrder,
  order,
  orderId,
  paidOrder,
  payDirect,
  card,
  cardData,
  stateOf,
  statusOf,
  resultForm,
  xmlOk,
  xmlRefused,
  xmlSignedOk,
  skipIfNotOffered,
  type Ctx,
  PAN_RULE,
} from './support.ts';

/** Cancel, list and confirm with the documented signature; a code 21 ends the check on its JY-SIG
 *  rule, or on JY-SIG-06 when the same request is taken in uppercase hex (xmlSignedOk). */
async function signedXml(t: Ctx, op: 'cancel' | 'list' | 'confirm', fields: Fields, what: string): Promise<XmlReply> {
  const c = client(t);
  const f = c.signed(op, fields);
  return xmlSignedOk(t, op, f, await c.postXml(f, what), what);
}
const cancelOf = (t: Ctx, order: string, amount: string, desc: string): Promise<XmlReply> =>
  signedXml(t, 'cancel', { ORDER: order, REV_AMOUNT: amount, REV_DESC: desc }, `cancel ${amount} of ${order}`);
const listOf = (t: Ctx, from: string, to: string): Promise<XmlReply> =>
  signedXml(t, 'list', { DATE_FROM: from, DATE_TO: to }, `list ${from} – ${to}`);
const confirmOf = (t: Ctx, order: string, amount?: string): Promise<XmlReply> =>
  signedXml(t, 'confirm', { ORDER: order, AMOUNT: amount }, `confirm ${amount ?? 'all'} of ${order}`);

export const checks = defineChecks({ profile: 'jysan', subject: 'gateway' }, [
  {
    id: 'jy.flow.status',
    title: 'status of a known order: code 0, one <operation> with its status, amount and currency, as XML',
    area: 'status',
    rules: ['JY-STA-01', 'JY-STA-02', 'JY-STA-03', 'JY-SIG-11', 'JY-SIG-01'],
    plans: ['smoke', 'full'],
    async run(t) {
      const f = await openOrder(t, 'JY-STA-01', { AMOUNT: '2500.5', CURRENCY: 'KZT' });
      for (const LANGUAGE of [undefined, 'en']) {
        const s = await statusOf(t, f.ORDER!, { LANGUAGE }, 'JY-STA-02');
        // a refused status carries no order: the reply's form and content are not judged
        if (
          !t.expect(
            'JY-STA-01',
            xmlOk(s),
            `status of a known order${LANGUAGE ? ` with LANGUAGE=${LANGUAGE}` : ''}: ${describe(s)}`,
          )
        )
          continue;
        t.expect(
          'JY-STA-02',
          /xml/i.test(s.http.headers['content-type'] ?? ''),
          `content-type ${s.http.headers['content-type']}, want XML`,
        );
        matches(t, 'JY-STA-02', s, 'status-reply');
        // "with <code>, <description> and, for a known order, one <operation>" (JY-STA-02): without it
        // there is nothing whose content JY-STA-03 could judge
        t.expect('JY-STA-02', s.description !== undefined, 'the status of a known order carries no <description>');
        if (!s.operation) {
          t.expect('JY-STA-02', false, `the status of a known order carries no <operation>: ${describe(s)}`);
          t.cannotJudge('JY-STA-03', 'the status of a known order carries no <operation> (JY-STA-02)');
          continue;
        }
        const currency = s.operation.currency;
        t.expect(
          'JY-STA-03',
          !!s.operation &&
            // the same value: 2500.50 is the amount registered as 2500.5 (the status reply is not signed)
            cents(s.operation.amount) === 250050 &&
            // the same currency: KZT, or its ISO 4217 number 398 (digest §A3: "Responses and redirects may
            // return it differently"; §A10: a public client verifies with 398)
            typeof currency === 'string' &&
            sameCurrency('KZT', currency) &&
            typeof s.operation.status === 'string' &&
            s.operation.status !== '',
          `<operation> does not carry the order's status, amount 2500.5 and currency KZT (or 398): ${JSON.stringify(s.operation)}`,
        );
      }
      // the status of an order whose values hold &, < and > is XML all the same (its form only: a
      // gateway that does not take such a DESC is judged by the field checks, not here)
      const m = order(MARKUP);
      const p = await client(t).payment(m, 'an order whose DESC and DESC_ORDER hold &, < and >');
      if (!accepted(p))
        return t.note(
          `a payment whose DESC holds &, < and > was not accepted (${describe(p)}): its status is not read`,
        );
      const s = await client(t).status(m.ORDER!);
      resultForm(t, 'JY-STA-02', s);
      if (!s.parseError && xmlOk(s)) matches(t, 'JY-STA-02', s, 'status-reply');
    },
  },
  {
    id: 'jy.flow.status-unknown',
    title: 'status of an unknown ORDER: a non-zero code, a description, no operation',
    area: 'status',
    rules: ['JY-STA-04', 'JY-ERR-18', 'JY-ERR-01', 'JY-SIG-11', 'JY-SIG-01'],
    async run(t) {
      const s = await statusOf(t, orderId());
      // an error reply's form (JY-ERR-18) only where an error was given: a <code>0</code> is none; the
      // code and the message in <description> as a pair (JY-ERR-01: that code's template)
      if (xmlRefused(s)) {
        t.expect(
          'JY-ERR-18',
          !s.parseError && !!s.description,
          `the XML error reply has no <description>: ${describe(s)}`,
        );
        judgeRefusal(t, s.code, s.description, 'the status of an ORDER never used');
      } else
        t.cannotJudge(
          'JY-ERR-18',
          `the status of an ORDER never used was not refused (${describe(s)}): there is no error reply to judge`,
        );
      // the refusal is JY-STA-04's only beside the status of an order the gateway created, taken (the
      // control): a gateway refusing every status request refuses this one for no reason the rule names
      const refused = xmlRefused(s) && !s.operation;
      const control = refused ? await statusOf(t, (await openOrder(t, 'JY-STA-04')).ORDER!) : undefined;
      if (control && (!xmlOk(control) || !control.operation))
        t.cannotJudge(
          'JY-STA-04',
          `the status of an order the gateway created was refused too (${describe(control)}): the refusal of an unknown ORDER shows nothing`,
        );
      else t.expect('JY-STA-04', refused, `status of an ORDER never used: ${describe(s)}`);
    },
  },
  {
    id: 'jy.flow.cancel',
    title: 'cancel/refund: never more than is left, partial amounts reduce rev_max_amount, the rest refunds all',
    area: 'cancel',
    rules: ['JY-REV-01', 'JY-REV-02', 'JY-REV-03', 'JY-REV-04', 'JY-SIG-11', 'JY-SIG-13', 'JY-ENC-02', PAN_RULE],
    // no payer needed: the orders are paid host-to-host (crd_*); a target that does not take
    // paycert's test card leaves the check inconclusive (requireCompleted), not skipped unjudged
    plans: ['smoke', 'full'],
    async run(t) {
      // NaN where the status shows no rev_max_amount (optional, digest §A7)
      const left = async (o: string) => cents((await stateOf(t, o)).operation?.rev_max_amount);
      // more than was paid: refused, the order unchanged
      const a = await paidOrder(t, 'JY-REV-01', 'visa-approve', { AMOUNT: '1000' });
      const over = await cancelOf(t, a.ORDER!, '1000.01', 'more than paid');
      const overRefused = xmlRefused(over);
      const leftA = await left(a.ORDER!);
      // partial amounts, then the rest, then nothing is left
      const b = await paidOrder(t, 'JY-REV-01', 'visa-approve', { AMOUNT: '1000' });
      const part = await cancelOf(t, b.ORDER!, '400', 'partial\nrefund');
      resultForm(t, 'JY-REV-02', part);
      const partOk = xmlOk(part);
      // refused, the whole 1000 with the same fields tells whose refusal it was: taken, the partial amount
      // was refused (JY-REV-04: "a partial REV_AMOUNT is accepted"), not the request's fields (JY-REV-01,
      // which it was blamed on); refused too, the fields were (and nothing partial can be judged)
      const whole = partOk ? undefined : await cancelOf(t, b.ORDER!, '1000', 'partial\nrefund');
      const wholeOk = whole !== undefined && xmlOk(whole);
      // the refusal of 1000.01 is JY-REV-03's only beside a cancel of the same amount taken (the control:
      // 400 of 1000, else all 1000): a gateway refusing every cancel refuses it for no reason the rule names
      const controlTaken = partOk || wholeOk;
      if (!overRefused || controlTaken)
        t.expect('JY-REV-03', overRefused, `cancel of 1000.01 of 1000 was accepted: ${describe(over)}`);
      else
        t.cannotJudge(
          'JY-REV-03',
          `the cancel of 400 of 1000 was refused too (${describe(part)}), and so was the whole 1000 (${describe(whole!)}): the refusal of 1000.01 shows nothing`,
        );
      // "the order is unchanged", on a rev_max_amount the status shows (JY-REV-04 judges one missing)
      if (overRefused && controlTaken && !Number.isNaN(leftA))
        t.expect('JY-REV-03', leftA === 100_000, 'the refused cancel changed rev_max_amount');
      // a refused partial cancel has no reply or remainder to judge (JY-REV-02, JY-REV-04)
      if (!partOk) {
        if (wholeOk) {
          t.pass('JY-REV-01');
          t.expect(
            'JY-REV-04',
            false,
            `cancel of 400 of 1000 was refused (${describe(part)}), the whole 1000 with the same fields was taken`,
          );
        } else {
          t.expect(
            'JY-REV-01',
            false,
            `cancel of 400 of 1000 was refused (${describe(part)}), and so was the whole 1000 (${describe(whole!)})`,
          );
          t.cannotJudge('JY-REV-04', 'no cancel of the paid order was taken: a partial one shows nothing');
        }
        return;
      }
      t.pass('JY-REV-01');
      matches(t, 'JY-REV-02', part, 'cancel-reply');
      // the rest is judged only when the partial cancel left it (otherwise JY-REV-04 failed already).
      // rev_max_amount is optional (digest §A7): absent, what is left shows in what a cancel may still take
      const after = (await stateOf(t, b.ORDER!)).operation?.rev_max_amount;
      if (after === undefined) {
        const beyond = await cancelOf(t, b.ORDER!, '600.01', 'more than the 600 left');
        const refused = xmlRefused(beyond);
        const why = `after a cancel of 400 of 1000 (the status shows no rev_max_amount), a cancel of 600.01 was accepted: ${describe(beyond)}`;
        if (!t.expect('JY-REV-04', refused, why)) return;
      } else if (
        !t.expect(
          'JY-REV-04',
          cents(after) === 60_000,
          `after a cancel of 400 of 1000, rev_max_amount is ${shown(after)}, not 600`,
        )
      )
        return;
      const rest = await cancelOf(t, b.ORDER!, '600', 'the rest');
      // with the rest refused, something is left to cancel: the refusal below would show nothing
      if (!t.expect('JY-REV-02', xmlOk(rest), `cancel of the 600 left was refused: ${describe(rest)}`)) return;
      const s = await stateOf(t, b.ORDER!);
      const revMax = s.operation?.rev_max_amount;
      t.expect(
        'JY-REV-04',
        s.operation?.status === 'R' && (revMax === undefined || cents(revMax) === 0),
        `after refunding all: status ${shown(s.operation?.status)}, rev_max_amount ${revMax === undefined ? 'absent' : shown(revMax)}`,
      );
      const more = await cancelOf(t, b.ORDER!, '0.01', 'after everything was refunded');
      t.expect('JY-REV-03', xmlRefused(more), `cancel of 0.01 with nothing left was accepted: ${describe(more)}`);
    },
  },
  {
    id: 'jy.flow.cancel-unknown',
    title: 'cancel of an unknown ORDER is refused with a non-zero code',
    area: 'cancel',
    rules: ['JY-REV-05', 'JY-SIG-13', 'JY-SIG-11', 'JY-ENC-02', PAN_RULE],
    async run(t) {
      const r = await cancelOf(t, orderId(), '1', 'unknown order');
      const refused = xmlRefused(r);
      // the refusal is JY-REV-05's only beside a cancel of a paid order, taken (the control): a gateway
      // refusing every cancel refuses this one for no reason the rule names
      if (refused) {
        const paid = await paidOrder(t, 'JY-REV-05', 'visa-approve', { AMOUNT: '1000' });
        const c = await cancelOf(t, paid.ORDER!, '1', 'a cancel of 1 of a paid order (the control)');
        if (!xmlOk(c))
          return t.cannotJudge(
            'JY-REV-05',
            `a cancel of 1 of a paid order of 1000 was refused too (${describe(c)}): the refusal of an unknown ORDER shows nothing`,
          );
      }
      t.expect('JY-REV-05', refused, `cancel of an ORDER never used: ${describe(r)}`);
    },
  },
  {
    id: 'jy.flow.cancel-declined',
    title: 'a cancel of an order whose payment was declined is refused and refunds nothing',
    area: 'cancel',
    rules: ['JY-REV-06', 'JY-SIG-13', 'JY-SIG-11', 'JY-ENC-02', PAN_RULE],
    async run(t) {
      // which card a real target declines is the operator's to name (as jy.flow.declined)
      const id = 'visa-decline-funds';
      if (t.subject.target === 'real' && !targetCards().has(id))
        t.skip(`a real target's declining card is not known: name ${id} in ${TARGET_CARDS_VAR}`);
      // declined: its result page, or an error page (a bank may show one); the status tells
      const { fields, reply } = await payDirect(t, cardData(card(id)), { AMOUNT: '1000' });
      const was = (await stateOf(t, fields.ORDER!)).operation?.status;
      if (typeof was !== 'string' || ['S', 'A', 'R'].includes(was))
        t.inconclusive(
          `the payment with test card ${id} (${describe(reply)}) left no declined order: status ${shown(was)}`,
        );
      const r = await cancelOf(t, fields.ORDER!, '1000', 'cancel of a declined payment');
      if (!xmlRefused(r))
        return void t.expect('JY-REV-06', false, `a cancel of 1000 of a declined payment was accepted: ${describe(r)}`);
      // the refusal is JY-REV-06's only beside a cancel of a paid order, taken (the control)
      const paid = await paidOrder(t, 'JY-REV-06', 'visa-approve', { AMOUNT: '1000' });
      const c = await cancelOf(t, paid.ORDER!, '1', 'a cancel of 1 of a paid order (the control)');
      if (!xmlOk(c))
        return t.cannotJudge(
          'JY-REV-06',
          `a cancel of 1 of a paid order of 1000 was refused too (${describe(c)}): the refusal of a cancel of a declined payment shows nothing`,
        );
      const now = (await stateOf(t, fields.ORDER!)).operation?.status;
      t.expect(
        'JY-REV-06',
        now === was,
        `after a refused cancel the declined order shows status ${shown(now)}, was ${shown(was)}`,
      );
    },
  },
  {
    id: 'jy.flow.list',
    title: 'the period list returns one rec per order of the terminal created in the period, as XML',
    area: 'list',
    rules: ['JY-LST-01', 'JY-LST-02', 'JY-SIG-11', 'JY-SIG-12', 'JY-SIG-01'],
    async run(t) {
      const started = Date.now();
      const a = await openOrder(t, 'JY-LST-01');
      // an order whose values hold &, < and > (MARKUP), listed with the others: the list is XML all the same
      const m = order(MARKUP);
      const p = await client(t).payment(m, 'an order whose DESC and DESC_ORDER hold &, < and >');
      if (!accepted(p))
        t.note(`a payment whose DESC holds &, < and > was not accepted (${describe(p)}): the list holds no such order`);
      const b = await openOrder(t, 'JY-LST-01');
      const ended = Date.now();
      // the period from the gateway's own create_date where its status shows one (dd.MM.yyyy HH:mm:ss), so
      // that neither clock nor time zone matters; else (create_date is optional, digest §A7) from paycert's
      // clock around the two payments in Kazakhstan time, with a margin for the gateway's clock skew
      const dates: string[] = [];
      for (const o of [a, b]) {
        const date = (await stateOf(t, o.ORDER!)).operation?.create_date;
        if (typeof date === 'string' && /^[0-9]{2}\.[0-9]{2}\.[0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2}$/.test(date))
          dates.push(date);
      }
      const own = dates.length < 2;
      if (own)
        t.note(
          `the status of a new order shows no create_date as dd.MM.yyyy HH:mm:ss: the period is paycert's clock ±${LIST_SKEW_MS / 3_600_000} h`,
        );
      const sorted = own
        ? [kzDate(started - LIST_SKEW_MS), kzDate(ended + LIST_SKEW_MS)]
        : [...dates].sort((x, y) => key(x).localeCompare(key(y)));
      const r = await listOf(t, sorted[0]!, sorted[1]!);
      resultForm(t, 'JY-LST-02', r);
      // a refused list request has no list to judge (JY-LST-02)
      if (!t.expect('JY-LST-01', xmlOk(r), `list ${sorted.join(' – ')}: ${describe(r)}`)) return;
      // what the list holds besides <rec>, said first (the schema's anyOf below says it less plainly)
      const { recs, wrong } = listedRecs(r.reply?.result.operations);
      if (wrong) t.expect('JY-LST-02', false, `${wrong} (JY-LST-02: <operations><rec>…</rec></operations>)`);
      matches(t, 'JY-LST-02', r, 'list-reply');
      const ids = recs.map((x) => shown(x.order_id));
      t.expect(
        'JY-LST-02',
        ids.includes(a.ORDER!) && ids.includes(b.ORDER!),
        `the list does not hold both orders ${a.ORDER}, ${b.ORDER}: it holds ${ids.length > 0 ? ids.join(', ') : 'none'}`,
      );
      // "one rec … per order": an order_id listed twice is a rec too many (whoever's order it is; which
      // other orders the period holds paycert cannot know, so one missing is judged on its own two only)
      // (a rec without a text order_id is the schema's failure above, not a repeat)
      const texts = recs.map((x) => x.order_id).filter((id): id is string => typeof id === 'string' && id !== '');
      const twice = [...new Set(texts.filter((id, i) => texts.indexOf(id) !== i))];
      t.expect(
        'JY-LST-02',
        twice.length === 0,
        `the list holds more than one rec for order ${twice.join(', ')}: ${ids.join(', ')}`,
      );
      const empty = await listOf(t, '01.01.2001 00:00:00', '01.01.2001 00:00:01');
      t.expect(
        'JY-LST-02',
        xmlOk(empty) && typeof empty.reply?.result.operations !== 'object',
        `a period without orders: ${describe(empty)}`,
      );
    },
  },
  {
    id: 'jy.flow.confirm',
    title:
      'confirm completes a pre-authorisation, for AMOUNT or the whole amount, once, never above the amount authorised nor after a cancel',
    area: 'confirm',
    rules: ['JY-CNF-01', 'JY-CNF-03', 'JY-CNF-04', 'JY-SIG-11', 'JY-SIG-13', 'JY-SIG-14', 'JY-ENC-02', PAN_RULE],
    // no payer needed: the pre-authorisation is paid host-to-host (crd_*) with the cards file's
    // visa-preauth; a target that does not take it leaves the check inconclusive (requireCompleted)
    async run(t) {
      // a confirm taken: the control of the refusals below (a gateway refusing every confirm shows nothing)
      let taken = false;
      for (const amount of ['1000', undefined]) {
        const f = await paidOrder(t, 'JY-CNF-01', 'visa-preauth', { AMOUNT: '1500.50' });
        const before = await stateOf(t, f.ORDER!);
        // a status showing no operation says nothing of the order before the confirm
        if (before.operation)
          t.expect(
            'JY-CNF-01',
            before.operation.status !== 'S',
            `a pre-authorisation shows status ${shown(before.operation.status)} before the confirm`,
          );
        const r = await confirmOf(t, f.ORDER!, amount);
        resultForm(t, 'JY-CNF-01', r);
        t.expect('JY-CNF-01', xmlOk(r), `confirm ${amount ?? 'without AMOUNT'}: ${describe(r)}`);
        matches(t, 'JY-CNF-01', r, 'confirm-reply');
        const after = await stateOf(t, f.ORDER!);
        const want = cents(amount ?? '1500.50');
        // rev_max_amount is optional (digest §A7): absent, the status alone is judged
        const revMax = after.operation?.rev_max_amount;
        t.expect(
          'JY-CNF-01',
          after.operation?.status === 'S' && (revMax === undefined || cents(revMax) === want),
          `after confirm ${amount ?? 'all'}: status ${shown(after.operation?.status)}, rev_max_amount ${revMax === undefined ? 'absent' : shown(revMax)}`,
        );
        // a second confirm is refused (JY-CNF-04: JY-CNF-01 states the request's fields only): shown only
        // once the first was taken
        if (!xmlOk(r)) continue;
        taken = true;
        const twice = await confirmOf(t, f.ORDER!, amount);
        t.expect('JY-CNF-04', xmlRefused(twice), `a second confirm was accepted: ${describe(twice)}`);
      }
      if (!taken) {
        for (const rule of ['JY-CNF-03', 'JY-CNF-04'])
          t.cannotJudge(rule, 'no confirm of a pre-authorisation was taken: a refused one shows nothing');
        return;
      }
      // above the amount authorised: refused, the pre-authorisation as it was; the whole amount confirmed
      // after it, taken, shows the refusal was about the amount
      const g = await paidOrder(t, 'JY-CNF-03', 'visa-preauth', { AMOUNT: '1500.50' });
      const over = await confirmOf(t, g.ORDER!, '1500.51');
      if (!xmlRefused(over))
        t.expect(
          'JY-CNF-03',
          false,
          `a confirm of 1500.51 of a pre-authorisation of 1500.50 was accepted: ${describe(over)}`,
        );
      else {
        const kept = (await stateOf(t, g.ORDER!)).operation?.status;
        const whole = await confirmOf(t, g.ORDER!, '1500.50');
        if (!xmlOk(whole))
          t.cannotJudge(
            'JY-CNF-03',
            `the confirm of 1500.51 of a pre-authorisation of 1500.50 was refused, and so was the whole 1500.50 after it (${describe(whole)}): the refusal shows nothing`,
          );
        else
          t.expect(
            'JY-CNF-03',
            kept !== 'S',
            `after a refused confirm of 1500.51 the pre-authorisation of 1500.50 shows status ${shown(kept)}`,
          );
      }
      // cancelled, nothing is left to confirm
      const h = await paidOrder(t, 'JY-CNF-04', 'visa-preauth', { AMOUNT: '1500.50' });
      const cancelled = await cancelOf(t, h.ORDER!, '1500.50', 'cancel of the pre-authorisation');
      if (!xmlOk(cancelled))
        return t.note(
          `the cancel of a pre-authorisation was refused (${describe(cancelled)}): no confirm after a cancel to judge`,
        );
      const late = await confirmOf(t, h.ORDER!, '1500.50');
      t.expect(
        'JY-CNF-04',
        xmlRefused(late),
        `a confirm of a pre-authorisation cancelled before was accepted: ${describe(late)}`,
      );
    },
  },
  {
    id: 'jy.flow.auto-confirm',
    title: 'a pre-authorisation left alone is confirmed when the period ends',
    area: 'confirm',
    rules: ['JY-CNF-02', 'JY-SIG-11', 'JY-ENC-02'],
    needs: ['payer', 'clock'],
    slow: true,
    async run(t) {
      const f = await paidOrder(t, 'JY-CNF-02', 'visa-preauth');
      t.require(
        'JY-CNF-02',
        (await stateOf(t, f.ORDER!)).operation?.status === 'A',
        'the pre-authorisation is not waiting for a confirm',
      );
      await advance(t, 71 * 3_600_000);
      t.expect(
        'JY-CNF-02',
        (await stateOf(t, f.ORDER!)).operation?.status === 'A',
        'confirmed before the period ended',
      );
      await advance(t, 2 * 3_600_000);
      const s = await stateOf(t, f.ORDER!);
      t.expect(
        'JY-CNF-02',
        s.operation?.status === 'S',
        `72 h after the authorisation the order is ${shown(s.operation?.status)}, want S`,
      );
    },
  },
]);

/** The margin around paycert's clock when the list's period cannot come from the gateway's create_date:
 *  wide enough for the gateway's clock skew and for a gateway reading the dates in another time zone
 *  than Kazakhstan's (UTC+5; the seed names none). */
const LIST_SKEW_MS = 12 * 3_600_000;

/** The <rec> elements of a list reply's <operations>, from whatever shape the parsed reply has, and
 *  `wrong` naming what it holds besides (digest §A7: <operations><rec>…</rec></operations>). Never
 *  throws: a list of another shape is JY-LST-02's failure, not paycert's (probe 25: Go's encoding/xml
 *  wrote <operation> for <rec>, and reading ops.rec.map crashed the check). No <operations>, or an
 *  empty one, holds no rec. */
export function listedRecs(ops: XmlValue | undefined): { recs: XmlNode[]; wrong?: string } {
  if (ops === undefined) return { recs: [] };
  if (typeof ops === 'string')
    return ops.trim() === '' ? { recs: [] } : { recs: [], wrong: `<operations> holds the text ${quote(ops, 80)}` };
  if (Array.isArray(ops)) return { recs: [], wrong: `the reply holds ${ops.length} <operations> elements, not one` };
  const rec = ops.rec;
  const all: unknown[] = rec === undefined ? [] : Array.isArray(rec) ? rec : [rec];
  const recs = all.filter((x): x is XmlNode => typeof x === 'object' && x !== null && !Array.isArray(x));
  const others = Object.keys(ops).filter((k) => k !== 'rec');
  if (others.length > 0)
    return { recs, wrong: `<operations> holds ${others.map((k) => `<${k}>`).join(', ')}, not <rec>` };
  if (recs.length < all.length)
    return { recs, wrong: `${all.length - recs.length} <rec> of the list hold text, not an operation` };
  return { recs };
}

/** yyyyMMddHHmmss of dd.MM.yyyy HH:mm:ss, to order them. */
function key(d: string): string {
  return `${d.slice(6, 10)}${d.slice(3, 5)}${d.slice(0, 2)}${d.slice(11).replace(/:/g, '')}`;
}
