import fc from 'fast-check';
import { baseString, sign, verify } from '../../../src/protocols/jysan/index.ts';
import { orderId } from '../support.ts';
import {
  ANSWER_RULES,
  describeAnswer,
  sdkChecks,
  secretIn,
  sentForm,
  sentSince,
  verifiedAsGenuine,
  endedOnFailure,
  failEveryResend,
} from '../../sdk-support.ts';
import { secretValues } from '../../../src/spec/credentials.ts';
import { findKeyMaterial, keyMaterial, materialPlace, secretInForm, theForm } from './key-material.ts';
import {
  formAddressBreak,
  formText,
  signNotText,
  unreadRules,
  xmlAddressBreak,
  xmlMethodBreak,
} from './form-address.ts';
import {
  NOT_XML_REPLIES,
  REPLY_CODES,
  operationBreaks,
  recoded,
  refusalOf,
  replyCode,
  shapeOf,
  type ReplyShape,
  type StatusOk,
} from './xml-replies.ts';
import type { CheckContext } from '../../../src/harness/check.ts';
import type { SdkSession } from '../../../src/harness/sdk.ts';
import { sameRequest, type Recorded, type Upstream } from '../../../src/harness/recorder.ts';
import { quote } from '../../../src/harness/clip.ts';
import { refusesForeignCertificate } from '../../sdk-tls.ts';
import { HTTPS_ONLY_HINT, seemsHttpsOnly } from '../../../src/harness/sdk-tls.ts';
import type { AdapterAnswer } from '../../../src/sdk-adapter/protocol.ts';
import {
  NONCE_RUN,
  countingNonces,
  documentedFormFields,
  expectedSign,
  fieldTableBreaks,
  missingFields,
  notConfigured,
  orderChanges,
  orderCurrencies,
  requestChanges,
  requestFormBreaks,
} from './order-fields.ts';

const base = { profile: 'jysan', subject: 'sdk', area: 'sdk' } as const;

// JY-SDK-01/03 compare P_SIGN exactly: the seed's only written form of the SHA-512 value is its PHP example's
// hash("sha512", …), lowercase hex (an uppercase one is named as such by expectedSign). They judged the value
// alone before, and a JY-SDK-08 (INFERRED) the case, while paycert's gateway refuses uppercase (code 21).

/** Text with the characters a template or a form treats specially ("C(1 – 50)" allows any; P_SIGN removes only
 *  line breaks): an SDK signing them HTML-escaped ('&amp;') or cut (';') signs another text than it sends.
 *  A word, then one to four of them each followed by a short word: at most 16 + 4 × 7 characters. */
const SPECIAL = [...`&<>"';%+#`];
const specialText = fc
  .tuple(
    fc.stringMatching(/^[A-Za-zА-Яа-я0-9][A-Za-z0-9 .,А-Яа-я-]{0,15}$/),
    fc.array(fc.tuple(fc.constantFrom(...SPECIAL), fc.stringMatching(/^[A-Za-z0-9 а-я]{0,6}$/)), {
      minLength: 1,
      maxLength: 4,
    }),
  )
  .map(([a, rest]) => a + rest.map(([c, w]) => c + w).join(''));

// DESC as shops write it: short Latin/Cyrillic text, a long Cyrillic one (50 characters are 100 UTF-8
// bytes), line breaks the SDK must leave out of P_SIGN (at most 50 characters with them), and text with
// '&', '"', ';' and the like (one case in four: none before, and an SDK signing DESC HTML-escaped passed)
export const descArb = fc.oneof(
  fc.stringMatching(/^[A-Za-zА-Яа-я0-9][A-Za-z0-9 .,А-Яа-я-]{0,49}$/),
  fc
    .array(fc.constantFrom(...'Оплата заказа в магазине ёЁ №'), { minLength: 26, maxLength: 50 })
    .map((a) => `З${a.join('')}`.slice(0, 50)),
  fc
    .tuple(
      fc.stringMatching(/^[A-Za-zА-Я0-9]{1,20}$/),
      fc.constantFrom('\n', '\r\n', '\r'),
      fc.stringMatching(/^[a-zа-я0-9]{1,20}$/),
    )
    .map(([a, nl, b]) => `${a}${nl}${b}`),
  specialText,
);

/** A whole number of 1 to `max` digits, each length alike likely (fc.stringMatching draws 11 digits at most). */
const wholeArb = (max: number) =>
  fc
    .integer({ min: 1, max })
    .chain((n) =>
      fc.tuple(
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n - 1, maxLength: n - 1 }),
      ),
    )
    .map(([head, tail]) => `${head}${tail.join('')}`);

// AMOUNT as the field table allows it ("AMOUNT Да N(1 - 13) Сумма заказа, разделитель - точка"): a whole number, one
// or two decimals, of up to 13 characters as the payment-request schema counts them (its maxLength, the '.'
// counted), from 1 up. Two decimals up to 9,999,999.99 alone before: an SDK signing number_format($amount, 2) of
// an amount it sent as given, or refusing 100 or 1234567890123 as invalid, passed
const amountArb = fc.oneof(
  wholeArb(13),
  fc.tuple(wholeArb(11), fc.integer({ min: 0, max: 9 })).map(([w, d]) => `${w}.${d}`),
  fc.tuple(wholeArb(10), fc.integer({ min: 0, max: 99 })).map(([w, d]) => `${w}.${String(d).padStart(2, '0')}`),
);

// The optional fields a shop gives (seed 002's table; crd_* are the payer's, encrypted in the browser): each
// present or not, DESC_ORDER with line breaks the SDK must leave out of P_SIGN and, in most cases, '&', '"',
// ';' and the like after them; BACKREF, in most cases, with a second query parameter ('&'); EMAIL a dot-atom
// address ("Адрес Email": 'qw.@example.kz' was refused, rightly, by an SDK validating addresses). Before, no form
// carried one, and an SDK signing EMAIL and BACKREF swapped, or DESC_ORDER with its CR/LF, passed JY-SDK-01.
// EMAIL with capitals and BACKREF without redirect=true too (the shop's choice: without it the shop gets the
// server POST alone, digest A10): an SDK lowercasing EMAIL or appending redirect=true to BACKREF passed JY-SDK-16.
const emailAtom = fc.stringMatching(/^[A-Za-z0-9_+-]{1,8}$/);
export const optionalArb = fc.record(
  {
    CLIENT_ID: fc.stringMatching(/^[1-9][0-9]{0,11}$/),
    DESC_ORDER: fc
      .tuple(
        fc.stringMatching(/^[A-Za-zА-Яа-я0-9][A-Za-z0-9 .,А-Яа-я-]{0,40}$/),
        fc.constantFrom('\n', '\r\n', '\r', ' '),
        fc.stringMatching(/^[a-zа-я0-9 ]{1,40}$/),
        fc.option(specialText, { nil: '' }),
      )
      .map(([a, nl, b, c]) => `${a}${nl}${b}${c}`),
    EMAIL: fc
      .tuple(fc.stringMatching(/^[A-Za-z]$/), emailAtom, fc.array(emailAtom, { maxLength: 2 }))
      .map(([first, a, rest]) => `${[first + a, ...rest].join('.')}@example.kz`),
    BACKREF: fc
      .tuple(
        fc.stringMatching(/^[a-z0-9]{1,20}$/),
        fc.boolean(),
        fc.option(fc.stringMatching(/^[0-9]{1,10}$/), { nil: undefined }),
      )
      .map(([p, redirect, o]) => {
        const query = [...(redirect ? ['redirect=true'] : []), ...(o === undefined ? [] : [`order=${o}`])];
        return `https://shop.example.kz/result/${p}${query.length ? `?${query.join('&')}` : ''}`;
      }),
    Ucaf_Flag: fc.constantFrom('0', '1', '2'),
    Ucaf_Authentication_Data: fc.stringMatching(/^[A-Za-z0-9+/]{4,40}$/),
  },
  { requiredKeys: [] },
);
/** The amounts of the cancels (each input's in turn): as a shop spells them, with two, one or no decimals. */
const CANCEL_AMOUNTS = ['12.50', '10.00', '1500.75', '7.5', '250'];

/** The REV_DESCs of the cancels (each input's in turn), C(1-400): Cyrillic (an SDK encoding it twice signs another
 *  text than the gateway receives), the characters a form must encode ('&', '=', '+', '%'), and line breaks,
 *  which the bank removes before checking P_SIGN (digest §A8). One fixed text before: an SDK posting the form
 *  unencoded, signing REV_DESC with its CR/LF or writing its own text passed JY-SDK-03 and -19. */
export const CANCEL_DESCS = [
  'Возврат paycert',
  'Возврат 50% & комиссия=0',
  'Refund A+B, 100%',
  'Возврат\r\nзаказа №17',
  'Return\nitem 2',
  // blanks at either end, signed as sent: an SDK signing REV_DESC trimmed passed
  ' Возврат по заявке №5 ',
];

const optionalExample = {
  CLIENT_ID: '42',
  DESC_ORDER: 'Товар 1: 2 шт.\r\nТовар "2" <XL>: 1 шт.; 5% + #7 & Ко',
  EMAIL: 'Buyer.Name@Example.kz',
  // without redirect=true: the shop gets the server POST alone (digest A10), as it chose
  BACKREF: 'https://shop.example.kz/result?order=18&lang=ru',
  Ucaf_Flag: '1',
  Ucaf_Authentication_Data: 'jJJLtQa+Iws8AREAEbjsA1MAAAA=',
};

/** How many times in a row the SDK (or a proxy before the gateway) may send one request for a call and get the
 *  same changed reply to each. */
const REPEATS = 3;

/** The gateway's reply to the next request changed by `change`, and to each identical request after it (the same
 *  method, path and body: a resend, by the SDK or a proxy) within REPEATS: the SDK gets the reply meant, whichever
 *  of them it reads (probe 22: a proxy resending each POST got the gateway's own reply, and JY-SDK-17, -22 and -23
 *  were left inconclusive). Another request passes as it is; the caller forgets what is left after the call. */
function sameToRepeats(gateway: SdkSession['gateway'], change: (reply: Upstream, req: Recorded) => Upstream): void {
  let first: Recorded | undefined;
  // undefined: the reply passes as it is (not logged as changed)
  const once = (reply: Upstream, req: Recorded): Upstream | undefined => {
    if (first && !sameRequest(first, req)) return undefined;
    first ??= req;
    return change(reply, req);
  };
  gateway.next(...Array.from({ length: REPEATS }, () => ({ kind: 'transform' as const, change: once })));
}

/** Why forms with an empty NONCE are left out of JY-SDK-02, in parentheses ('' for none). */
const emptyNonce = (n: number): string =>
  n ? ` (${n} payment form(s) carried an empty NONCE: no number reused or counted, its length is JY-SDK-09's)` : '';

/** A status success for JY-SDK-23: the reply given and the operation the SDK reported. */
const statusOk = (shape: ReplyShape, amount: string, output: unknown): StatusOk => ({
  reply: `${shape.mpi === false ? 'without' : 'with'} the MPI <result> in its <operation>`,
  amount,
  reported: (output as { operation?: unknown }).operation,
});

/** JY-SDK-23 on the status successes the SDK reported (`why`: why there were none). */
function judgeOperations(t: CheckContext, oks: readonly StatusOk[], why: string): void {
  if (oks.length === 0)
    return t.cannotJudge('JY-SDK-23', `no status reply with code 0 reached the caller as a success: ${why}`);
  const { judged, breaks } = operationBreaks(oks);
  if (!judged)
    return t.notJudged(
      'JY-SDK-23',
      'the SDK reports no operation for a status reply with code 0 (optional in the adapter protocol, specs/jysan/sdk.json)',
    );
  t.expect(
    'JY-SDK-23',
    breaks.length === 0,
    `status.get: ${breaks.length} of ${oks.length} replies with code 0; the first: ${breaks[0] ?? ''}`,
  );
}

export const checks = sdkChecks(base, [
  {
    id: 'jy.sdk.payment-form',
    title:
      'the payment form is addressed to /ecom/api and carries a P_SIGN that verifies (LANGUAGE left out), a fresh random NONCE and no secret',
    rules: [
      'JY-SDK-01',
      'JY-SDK-02',
      'JY-SDK-05',
      'JY-SDK-09',
      'JY-SDK-11',
      'JY-SDK-13',
      'JY-SDK-14',
      'JY-SDK-15',
      'JY-SDK-16',
      'JY-SDK-20',
    ],
    plans: ['smoke', 'full'],
    async run(t) {
      const sdk = await t.sdk();
      const nonces: string[] = [];
      // forms whose NONCE was sent empty: no number to be reused or counted, its length JY-SDK-09's (probe 23)
      let emptyNonces = 0;
      const tableBreaks: string[] = [];
      const inferredBreaks: string[] = [];
      const otherOrder: string[] = [];
      const otherText: string[] = [];
      const otherShop: string[] = [];
      let judgedShop = false;
      let judgedOrder = false;
      let judgedText = false;
      const refusedValid: string[] = [];
      let refusedHttp = 0;
      const addressBreaks: string[] = [];
      const leaks: string[] = [];
      let forms = 0;
      // the forms the field table was judged on (JY-SDK-09, -14), and per rule why some forms were not
      let tableForms = 0;
      const unreadWhy = new Map<string, { why: string; forms: number }>();
      const documented = documentedFormFields();
      // the first case of a tally is the example its reason gives: pinned, so that the evidence shows it
      const tally = (list: string[], item: string) => {
        if (list.length === 0) t.evidence.pinLast();
        list.push(item);
      };
      const arb = fc.record({
        AMOUNT: amountArb,
        // KZT alone before: an SDK writing KZT whatever the order's currency passed JY-SDK-15
        CURRENCY: fc.constantFrom(...orderCurrencies()),
        DESC: descArb,
        LANGUAGE: fc.constantFrom('ru', 'en'),
        // N(6-10) allows leading zeros: an SDK that keeps ORDER as an integer drops them; of every length, not 6
        // alone (an SDK writing it back with %06d passed, probe 22), with four digits after them, so that one
        // dropping them breaks the field table (JY-SDK-09) and one re-padding to six gives another order (-15)
        zeros: fc.boolean(),
        orderLength: fc.integer({ min: 6, max: 10 }),
        optional: optionalArb,
      });
      // tried first in every run: line breaks in DESC (one case in three otherwise: 5 runs, as the
      // meta-tests' or `--runs 5`, missed them once in eight), a 50-character Cyrillic DESC and an ORDER with leading zeros
      const examples = [
        {
          AMOUNT: '1500.50',
          CURRENCY: 'KZT',
          DESC: 'Заказ 17\r\nдоставка',
          LANGUAGE: 'ru',
          zeros: true,
          orderLength: 6,
          optional: {},
        },
        {
          AMOUNT: '7.05',
          CURRENCY: 'KZT',
          // its 50th UTF-8 byte is inside a character: an SDK cutting DESC at 50 bytes cuts one in two
          DESC: 'Оплата заказа №17 в магазине, ёЁ'.padEnd(50, 'я'),
          LANGUAGE: 'en',
          // ten digits, six of them leading zeros
          zeros: true,
          orderLength: 10,
          optional: {},
        },
        // every optional field, DESC_ORDER with a CR/LF: EMAIL and BACKREF swapped, or DESC_ORDER signed with its
        // line breaks, fail JY-SDK-01; any of them left out, JY-SDK-16. DESC, DESC_ORDER and BACKREF with '&', '"',
        // ';' (DESC escaped stays within its 50): signed HTML-escaped or without ';', JY-SDK-01; written so, -16
        {
          AMOUNT: '250.10',
          CURRENCY: 'KZT',
          DESC: 'Заказ "18" & Ко; 5% + #2',
          LANGUAGE: 'ru',
          zeros: false,
          orderLength: 6,
          optional: optionalExample,
        },
        // a whole amount in dollars, and one of 13 digits in euros: signed as number_format() writes it (100.00)
        // fails JY-SDK-01, written in KZT JY-SDK-15, refused as invalid JY-SDK-13; written with decimals, the
        // 13 digits are more than N(1 - 13) allows (JY-SDK-09)
        {
          AMOUNT: '100',
          CURRENCY: 'USD',
          DESC: 'Order 19',
          LANGUAGE: 'en',
          zeros: false,
          orderLength: 6,
          optional: {},
        },
        {
          AMOUNT: '1234567890123',
          CURRENCY: 'EUR',
          DESC: 'Заказ 20',
          LANGUAGE: 'ru',
          zeros: false,
          orderLength: 6,
          optional: {},
        },
      ];
      await t.property(
        'JY-SDK-01',
        arb,
        async ({ zeros, orderLength, optional, ...v }) => {
          const ORDER = zeros ? `${'0'.repeat(orderLength - 4)}${orderId().slice(-4)}` : orderId();
          const order: Record<string, string> = { ORDER, ...v, ...optional };
          const a = await sdk.call('payment.form', { fields: order });
          // JY-SDK-09 and -13 to -16 are judged after the property on the cases it saw, so that JY-SDK-01 is
          // judged on every case; each is marked judged in the case that judges it, so that a property another
          // rule's failure stops leaves them undecided (runner.ts), not passed on the cases before it
          t.pass('JY-SDK-13');
          if (!a.ok && a.error.kind === 'validation') {
            // refused for the gateway's plain http (the refusal names https or TLS, probe 26): no refusal of the order
            if (seemsHttpsOnly(t.subject, a)) refusedHttp++;
            tally(refusedValid, `a valid order was refused: ${describeAnswer(a)}; the order ${JSON.stringify(order)}`);
            return;
          }
          if (!a.ok) return t.inconclusive(`payment.form failed: ${describeAnswer(a)}`);
          const given = a.output.fields as Record<string, unknown> | undefined;
          if (!given || typeof given !== 'object') return t.inconclusive('payment.form gave no fields');
          const text = formText(given);
          const f = text.fields;
          forms++;
          // a field that is no text (a JSON number the adapter wrote for "7.05") leaves unjudged on this form only
          // the rules that need its text; the others are judged on the fields read
          const skipped = new Set<string>();
          for (const u of text.unread)
            for (const rule of unreadRules(u.name, documented, Object.keys(order), given[u.name])) {
              skipped.add(rule);
              if (!unreadWhy.has(rule)) unreadWhy.set(rule, { why: u.why, forms: 0 });
            }
          for (const rule of skipped) unreadWhy.get(rule)!.forms++;
          const unreadNames = new Set(text.unread.map((u) => u.name));
          const shown = JSON.stringify({ ...f, P_SIGN: undefined });
          if (!skipped.has('JY-SDK-09')) {
            const broken = fieldTableBreaks(f);
            // what differs first, the form after it: a certificate's reason is cut (400 characters)
            if (broken.seed.length)
              tally(tableBreaks, `${broken.seed.join('; ')}, breaking the field table, in the form ${shown}`);
            if (broken.inferred.length) tally(inferredBreaks, `${broken.inferred.join('; ')}, in the form ${shown}`);
            tableForms++;
            t.pass('JY-SDK-09');
            t.pass('JY-SDK-14');
          }
          // a given field the form carries as no text is not compared (unreadWhy says so)
          const readable = Object.fromEntries(Object.entries(order).filter(([k]) => !unreadNames.has(k)));
          const changes = orderChanges(readable, f);
          judgedOrder ||= changes.judgedOrder;
          judgedText ||= changes.judgedText;
          if (changes.judgedOrder) t.pass('JY-SDK-15');
          if (changes.judgedText) t.pass('JY-SDK-16');
          if (changes.order.length)
            tally(otherOrder, `${changes.order.join('; ')}, for the order ${JSON.stringify(order)}`);
          if (changes.text.length)
            tally(otherText, `${changes.text.join('; ')}, for the order ${JSON.stringify(order)}`);
          // JY-SDK-20: of the merchant and terminal configured (t.credentials), as V5-SDK-01 judges auth_id
          const shop = notConfigured({ MERCHANT: t.credentials.merchant, TERMINAL: t.credentials.terminal }, f);
          judgedShop ||= shop.judged;
          if (shop.judged) t.pass('JY-SDK-20');
          if (shop.changes.length) tally(otherShop, `${shop.changes.join('; ')}, in the form ${shown}`);
          // JY-SDK-11 and -05 are tallied as -09 is: a form sent to another address, or one leaking the
          // secret, is still judged for its P_SIGN (else one bug left the others undecided)
          const address = formAddressBreak(a.output, sdk.gateway.url);
          if (address !== undefined) tally(addressBreaks, address);
          t.pass('JY-SDK-11');
          const leak = secretInForm(a.output, secretValues());
          if (leak !== undefined) tally(leaks, leak);
          t.pass('JY-SDK-05');
          if (f.NONCE === '') emptyNonces++;
          else if (f.NONCE !== undefined) nonces.push(f.NONCE);
          // null, a boolean, an object: no spelling of it verifies, whatever the other fields' text (a JSON
          // number stays unread above)
          const notText = signNotText(given.P_SIGN);
          if (notText !== undefined) {
            t.expect('JY-SDK-01', false, `no P_SIGN that verifies: it is ${notText}, in the form ${shown}`);
            return;
          }
          if (skipped.has('JY-SDK-01')) return;
          const right = typeof f.P_SIGN === 'string' && verify('payment', f, t.credentials.sharedSecret, f.P_SIGN);
          // the expected base string beside the fields: whether the order, a CR/LF, LANGUAGE or a trailing ';'
          // differs shows at once (the secret is named, never written)
          t.expect(
            'JY-SDK-01',
            right,
            right
              ? ''
              : `P_SIGN does not verify: ${expectedSign('payment', f, t.credentials.sharedSecret, f.P_SIGN)}; the form's P_SIGN ${f.P_SIGN ?? '(none)'} over ${JSON.stringify({ ...f, P_SIGN: undefined })}`,
          );
        },
        { examples },
      );
      // NONCE_RUN forms built in a row, the first two of one order (a reloaded checkout page: a cache keyed by
      // the order is no excuse): no NONCE twice, and their NONCEs in the order built not only counting up or
      // down (a counter from 100001 passed, being unique)
      const same = { ORDER: orderId(), AMOUNT: '1500.50', CURRENCY: 'KZT', DESC: 'paycert order' };
      const inRow: string[] = [];
      for (let i = 0; i < NONCE_RUN; i++) {
        const a = await sdk.call('payment.form', { fields: i < 2 ? same : { ...same, ORDER: orderId() } });
        const n = a.ok ? formText((a.output.fields ?? {}) as Record<string, unknown>).fields.NONCE : undefined;
        if (n === '') emptyNonces++;
        else if (n !== undefined) {
          nonces.push(n);
          inRow.push(n);
        }
      }
      if (nonces.length > 1) {
        const dup = nonces.find((n, i) => nonces.indexOf(n) !== i);
        const counting = dup === undefined ? countingNonces(inRow) : undefined;
        t.expect(
          'JY-SDK-02',
          dup === undefined && counting === undefined,
          dup !== undefined ? `NONCE ${dup} was used for two payment forms` : (counting ?? ''),
        );
      } else
        t.notJudged(
          'JY-SDK-02',
          `${nonces.length ? 'one payment form' : 'no payment form'} carried a${emptyNonces ? ' non-empty' : ''} NONCE (optional; the rule needs two)${emptyNonce(emptyNonces)}`,
        );
      if (nonces.length > 1 && emptyNonces > 0) t.partNotJudged('JY-SDK-02', emptyNonce(emptyNonces).slice(2, -1));
      // every valid order refused as an SDK refusing plain http does
      const httpsOnly = refusedValid.length > 0 && refusedHttp === refusedValid.length;
      if (httpsOnly)
        t.cannotJudge(
          'JY-SDK-13',
          `${HTTPS_ONLY_HINT}; the SDK refused ${refusedValid.length} of the orders so (the first: ${refusedValid[0]})`,
        );
      else
        t.expect(
          'JY-SDK-13',
          refusedValid.length === 0,
          `${refusedValid.length} of the orders; the first: ${refusedValid[0] ?? ''}`,
        );
      // the rules some forms left unjudged, a field of theirs no text: passed on the others (partly), else inconclusive
      for (const [rule, { why, forms: n }] of unreadWhy)
        t.partNotJudged(rule, `${n} of the payment forms not judged: ${why}`);
      // a rule about the forms built: judged on the forms there are (none: see below)
      if (forms > 0) {
        t.expect(
          'JY-SDK-11',
          addressBreaks.length === 0,
          `${addressBreaks.length} of the forms; the first: ${addressBreaks[0] ?? ''}`,
        );
        t.expect(
          'JY-SDK-05',
          leaks.length === 0,
          `${leaks.length} of the payment forms carry a configured secret; the first in ${leaks[0] ?? ''}`,
        );
      }
      if (tableForms > 0) {
        t.expect(
          'JY-SDK-09',
          tableBreaks.length === 0,
          `${tableBreaks.length} of the forms; the first: ${tableBreaks[0] ?? ''}`,
        );
        t.expect(
          'JY-SDK-14',
          inferredBreaks.length === 0,
          `${inferredBreaks.length} of the forms; the first: ${inferredBreaks[0] ?? ''}`,
        );
      }
      // of the values the form carries in the table's shape; none such: JY-SDK-09 has said why
      if (judgedOrder)
        t.expect(
          'JY-SDK-15',
          otherOrder.length === 0,
          `${otherOrder.length} of the forms are of another order; the first: ${otherOrder[0] ?? ''}`,
        );
      else if (forms > 0)
        t.notJudged('JY-SDK-15', 'no form carried ORDER, AMOUNT or CURRENCY in the shape of the field table');
      if (judgedText)
        t.expect(
          'JY-SDK-16',
          otherText.length === 0,
          `${otherText.length} of the forms do not carry what the shop gave; the first: ${otherText[0] ?? ''}`,
        );
      else if (forms > 0) t.notJudged('JY-SDK-16', 'no form carried a DESC to compare');
      if (judgedShop)
        t.expect(
          'JY-SDK-20',
          otherShop.length === 0,
          `${otherShop.length} of the forms are of another merchant or terminal; the first: ${otherShop[0] ?? ''}`,
        );
      else if (forms > 0) t.notJudged('JY-SDK-20', 'no form carried MERCHANT or TERMINAL (both required: JY-SDK-09)');
      // t.property counts JY-SDK-01 as judged: with no form at all it was not
      if (forms === 0)
        t.inconclusive(
          `${httpsOnly ? `${HTTPS_ONLY_HINT}; ` : ''}payment.form built no form to judge: every order was refused (the first: ${refusedValid[0] ?? 'none'})`,
        );
    },
  },
  {
    id: 'jy.sdk.no-key-in-form',
    title: 'the payment form for the browser carries no encoding of SHARED_SECRET and no key derived from it',
    rules: ['JY-SDK-07'],
    plans: ['smoke', 'full'],
    async run(t) {
      const sdk = await t.sdk();
      const material = keyMaterial(t.credentials.sharedSecret);
      for (const LANGUAGE of ['ru', 'en']) {
        const fields = { ORDER: orderId(), AMOUNT: '1500.50', CURRENCY: 'KZT', DESC: 'paycert order', LANGUAGE };
        const a = await sdk.call('payment.form', { fields });
        if (!a.ok) return t.inconclusive(`payment.form failed: ${describeAnswer(a)}`);
        // every string of the form (action, method, fields), compared case-insensitively (hex); another
        // member of the answer is what the SDK reports to its caller, JY-SDK-24's
        const text = JSON.stringify(theForm(a.output)).toLowerCase();
        const found = findKeyMaterial(text, material);
        // the value itself is never printed: it is key material; where it stands is
        t.expect(
          'JY-SDK-07',
          found === undefined,
          `the payment form carries ${found?.what ?? ''} in ${found ? materialPlace(a.output, found.value) : ''}`,
        );
      }
    },
  },
  {
    id: 'jy.sdk.status-cancel',
    title:
      'status and cancel requests go to /ecom/api with the P_SIGN of their operation and the order and text given, and their replies reach the caller as what their code says, a status with its operation; a reply that is no XML as an error',
    rules: [
      'JY-SDK-03',
      'JY-SDK-05',
      'JY-SDK-06',
      'JY-SDK-17',
      'JY-SDK-18',
      'JY-SDK-19',
      'JY-SDK-21',
      'JY-SDK-22',
      'JY-SDK-23',
      'JY-SDK-26',
    ],
    async run(t) {
      const sdk = await t.sdk();
      // the first reply to a status or cancel the SDK got without a <code>, with what the SDK answered
      let unreached: string | undefined;
      // the first refusal by the gateway of a status or cancel request itself (its own reply, before any
      // change): a code-0 reply to such a request is no reply the bank gives, so JY-SDK-17 is not judged on it
      let refused: string | undefined;
      const own = new Map<object, string | undefined>();
      let errorJudged = false;
      let successJudged = false;
      // JY-SDK-23: each status success, with what the bank's <operation> said and what the SDK reported
      const statusOks: StatusOk[] = [];
      let statusWhy: string | undefined;
      // JY-SDK-22: the replies that are no XML which reached the SDK as given, and why others did not
      let pages = 0;
      const pagesNotJudged: string[] = [];
      // the codes of the last replies the SDK got, for a reason
      const codesGot = new Set<string>();
      // an operation the SDK does not have: the rules are judged on the other (docs/sdk-adapter.md), marked partly
      const lacks: string[] = [];
      for (const [op, sigOp] of [
        ['status.get', 'status'],
        ['payment.cancel', 'cancel'],
      ] as const) {
        // the gateway's own reply (code 12: it has no order of the SDK's; an ORDER with leading zeros, which
        // an integer cast loses), then that reply with its code made another (REPLY_CODES); a status gets a
        // second code 0 whose <operation> has no MPI <result> (JY-SDK-23: a non-greedy <result>…</result>
        // reads that one whole and loses the other's operation)
        // code 0 also in English (whatever LANGUAGE: the bank's choice; an SDK matching "Обработано успешно"
        // passed) and, for a cancel, without <operation>, as the seed's /en/cancel reply (digest §A8)
        const cases: Array<{ code?: string } & ReplyShape> = [
          {},
          ...REPLY_CODES.map((code) => ({ code })),
          ...(op === 'status.get' ? [{ code: '0', mpi: false }] : [{ code: '0', bare: true }]),
          { code: '0', lang: 'en' as const },
        ];
        let unsupported = false;
        for (const [i, { code, ...shape }] of cases.entries()) {
          const order = code === undefined ? `00${orderId().slice(-6)}` : orderId();
          // amounts with decimals, spelt as a shop does: 10.00 alone before, and an SDK casting REV_AMOUNT
          // to an integer sent it unchanged (JY-SDK-19)
          const amount = CANCEL_AMOUNTS[i % CANCEL_AMOUNTS.length]!;
          const description = CANCEL_DESCS[i % CANCEL_DESCS.length]!;
          const input = op === 'status.get' ? { order } : { order, amount, description };
          if (code !== undefined)
            sameToRepeats(
              sdk.gateway,
              (reply, req) => (own.set(req, reply.text), recoded(code, sigOp, amount, shape)(reply, req)),
            );
          const from = sdk.gateway.requests.length;
          const a = await sdk.call(op, input, { unsupported: 'answer' });
          sdk.gateway.forget();
          if (!a.ok && a.error.kind === 'unsupported') {
            lacks.push(`${op} (${a.error.message ?? 'unsupported'})`);
            unsupported = true;
            break;
          }
          const sent = sentSince(t, sdk.gateway.requests, from, op, a);
          for (const r of sent) {
            const f = sentForm(r);
            const right = typeof f.P_SIGN === 'string' && verify(sigOp, f, t.credentials.sharedSecret, f.P_SIGN);
            // the fields as the gateway received them: a value sent otherwise than signed (REV_DESC's Cyrillic
            // UTF-8-encoded twice, its '&' not encoded) shows there
            // a documented field missing is named first (a cancel sending AMOUNT for REV_AMOUNT was blamed on
            // P_SIGN alone), then the base string paycert expected
            const missing = missingFields(sigOp, f);
            t.expect(
              'JY-SDK-03',
              right,
              right
                ? ''
                : `${op}: ${missing ? `${missing}; ` : ''}P_SIGN does not verify as ${sigOp}: ${expectedSign(sigOp, f, t.credentials.sharedSecret, f.P_SIGN)}; the request's P_SIGN ${f.P_SIGN ?? '(none)'} over ${JSON.stringify({ ...f, P_SIGN: undefined })}`,
            );
            const form = requestFormBreaks(sigOp, f);
            t.expect(
              'JY-SDK-21',
              form.length === 0,
              `${op}: ${form.join('; ')} (the request's fields ${JSON.stringify({ ...f, P_SIGN: undefined })})`,
            );
            const where = secretIn(r);
            t.expect('JY-SDK-05', where === undefined, `${op}: the secret is in ${where}`);
            const elsewhere = xmlAddressBreak(r.path, sdk.gateway.url);
            t.expect('JY-SDK-18', elsewhere === undefined, `${op}: ${elsewhere ?? ''}`);
            const how = xmlMethodBreak(r.method, r.path);
            t.expect('JY-SDK-26', how === undefined, `${op}: ${how ?? ''}`);
            const { changes, judged } = requestChanges({ ...input, merchant: t.credentials.merchant }, f);
            if (judged)
              t.expect(
                'JY-SDK-19',
                changes.length === 0,
                `${op}: ${changes.join('; ')} (the request's fields ${JSON.stringify({ ...f, P_SIGN: undefined })})`,
              );
          }
          // the SDK's answer is of the last reply it got (an SDK may ask again after code 11, "try again later")
          const last = sent[sent.length - 1];
          if (last === undefined) continue;
          const got = replyCode(last.replyText);
          codesGot.add(got ?? 'none');
          const refusal = refusalOf(own.has(last) ? own.get(last) : last.replyText);
          const refusedWith = refusal && `${op}: the gateway refused the request itself with ${refusal}`;
          refused ??= refusedWith;
          // why a status meant to get code 0 brought no success to judge its operation on (JY-SDK-23)
          const noStatusOk = (why: string | undefined) => {
            if (op === 'status.get' && code === '0') statusWhy ??= why;
          };
          if (got === undefined) {
            unreached ??= `${op}: the gateway answered ${last.method} ${quote(last.path, 80)} with HTTP ${last.status ?? '(none)'} ${quote(last.replyText ?? '', 120)}, and the SDK answered ${describeAnswer(a)}`;
            noStatusOk(unreached);
          } else if (got === '0') {
            // a success to a request the gateway refuses is no reply the SDK could get
            if (refusal !== undefined) {
              // JY-SDK-23 is of the reply the SDK got, whatever its request's signature (probe 23): judged
              if (op === 'status.get' && a.ok) statusOks.push(statusOk(shape, amount, a.output));
              else noStatusOk(refusedWith);
              continue;
            }
            successJudged = true;
            t.expect(
              'JY-SDK-17',
              a.ok,
              `${op}: the bank answered code 0${shapeOf(shape)}; the SDK reported ${describeAnswer(a)}`,
            );
            if (!a.ok) noStatusOk(`the SDK reported the bank's code 0 as ${describeAnswer(a)} (JY-SDK-17)`);
            if (op === 'status.get' && a.ok) statusOks.push(statusOk(shape, amount, a.output));
          } else {
            errorJudged = true;
            t.expect(
              'JY-SDK-06',
              !a.ok && a.error.code === got,
              `${op}: the bank answered code ${got}; the SDK reported ${describeAnswer(a)}`,
            );
          }
        }
        if (unsupported) continue;
        // replies no bank gives (digest §A7, §A8: XML): a proxy's 5xx page, a 5xx with no body, an HTML page
        // with 200, each in place of the gateway's reply. An SDK that sends the same request again gets the
        // same page, up to REPEATS sends in all (sameToRepeats); one that sends it otherwise, or more often,
        // gets the gateway's own reply (an error, code 12): that case is not judged (noted)
        for (const [status, type, text] of NOT_XML_REPLIES) {
          sameToRepeats(sdk.gateway, () => ({ status, headers: { 'content-type': type }, text }));
          const shown = `HTTP ${status} ${text ? quote(text, 80) : '(no body)'}`;
          const input =
            op === 'status.get'
              ? { order: orderId() }
              : { order: orderId(), amount: CANCEL_AMOUNTS[0]!, description: CANCEL_DESCS[0]! };
          const from = sdk.gateway.requests.length;
          const a = await sdk.call(op, input, { unsupported: 'answer' });
          sdk.gateway.forget();
          const last = sdk.gateway.requests.slice(from).at(-1);
          if (last === undefined) {
            pagesNotJudged.push(`the SDK sent no ${op} to get ${shown} (it answered ${describeAnswer(a)})`);
            continue;
          }
          if (last.status !== status || last.replyText !== text) {
            // what the SDK got is the gateway's last reply only if nothing between them answered for it
            const again = `after ${shown} the SDK sent ${op} again, otherwise, and the gateway answered that with HTTP ${last.status}; it reported ${describeAnswer(a)}`;
            pagesNotJudged.push(again);
            t.note(again);
            continue;
          }
          pages++;
          t.expect(
            'JY-SDK-22',
            !a.ok,
            `${op}: the reply ${shown} (no XML <result> of the bank) reached the caller as ${describeAnswer(a)}`,
          );
        }
      }
      if (lacks.length === 2) t.skip(`the SDK does not support ${lacks.join(' nor ')}`);
      // JY-SDK-23 is of the status alone: judged in full without a cancel, not at all without a status
      const noStatus = lacks.some((l) => l.startsWith('status.get'));
      if (lacks.length === 1)
        for (const rule of t.check.rules)
          if (rule !== 'JY-SDK-23')
            t.judgedInPart(rule, `the SDK does not support ${lacks[0]}: judged on the other operation alone`);
      // why no reply of a kind was judged: the first reply that was no XML operation, else the codes it got
      const none = (what: string) =>
        `no reply with ${what} reached the SDK: ${
          unreached !== undefined
            ? `its requests reached no XML operation: ${unreached}`
            : `the replies it got carried ${codesGot.size ? `the codes ${[...codesGot].join(', ')}` : 'no code'}`
        }`;
      if (!errorJudged) t.cannotJudge('JY-SDK-06', none('an error code'));
      if (!successJudged)
        t.cannotJudge(
          'JY-SDK-17',
          refused !== undefined
            ? `no code-0 reply answered a request the gateway takes (the bank gives none to a request it refuses): ${refused}`
            : none('code 0'),
        );
      if (pages === 0)
        t.cannotJudge(
          'JY-SDK-22',
          // not empty: with neither operation the check skipped above, and each page an operation was
          // given to get (NOT_XML_REPLIES) was judged (pages) or says why not (pagesNotJudged)
          `no status or cancel got a reply that is no XML: ${pagesNotJudged.join('; ')}`,
        );
      if (noStatus) t.notJudged('JY-SDK-23', `the SDK does not support ${lacks[0]}`);
      else judgeOperations(t, statusOks, statusWhy ?? none('code 0'));
    },
  },
  {
    id: 'jy.sdk.backref',
    title:
      'a genuine result redirect is verified whatever res_desc holds, reported as its order and paid only with res_code 0; one whose sign does not verify is refused',
    rules: ['JY-SDK-04', 'JY-SDK-10', 'JY-SDK-12', 'JY-SDK-25'],
    plans: ['smoke', 'full'],
    async run(t) {
      const sdk = await t.sdk();
      const secret = t.credentials.sharedSecret;
      const redirect = (res_desc: string): Record<string, string> => {
        const q: Record<string, string> = {
          order: orderId(),
          mpi_order: '12345',
          rrn: '123456789012',
          res_code: '0',
          amount: '1500.50',
          currency: 'KZT',
          res_desc,
        };
        return { ...q, sign: sign('redirect', q, secret) };
      };
      // the values as the redirect carries them, already URL-decoded once: signed as they are (JY-SDK-10).
      // A '+' also stands alone: a second decoding that keeps the raw value when it throws on a '%' not
      // followed by two hex digits (Java's URLDecoder.decode in a try/catch) survives '+' and '%' together
      let q: Record<string, string> | undefined;
      // JY-SDK-12 judges the paid flag of the answers that carry one (it is optional in the adapter protocol)
      const paidOf = (a: AdapterAnswer): unknown => (a.ok ? (a.output as { paid?: unknown }).paid : undefined);
      let paidJudged = false;
      // JY-SDK-25: the order and result code it reports of a verified redirect (each optional), against the
      // redirect's own (its mpi_order is another number)
      const reportedBreaks: string[] = [];
      let reportedJudged = false;
      // "verifies": the genuine redirects it reports as verified count only where a forged one is refused
      let genuineRefused = false;
      const genuine: Array<[string, Record<string, string>]> = [
        'Approved',
        'Транзакция одобрена',
        '3-D Secure+ok',
        '3-D Secure+ok 100%',
        // blanks at either end, signed as carried: an SDK trimming the values before verifying refuses it
        ' Одобрено ',
      ].map((desc) => [`res_code 0 and res_desc ${JSON.stringify(desc)}`, redirect(desc)]);
      // a genuine redirect of a declined payment (res_code 05, no rrn: it is sent only on success), its sign over
      // the empty rrn (';;'): verified, or refused as an error other than a bad signature, as the SDK likes; never
      // handed to the shop as paid. Several codes and texts (digest §A10: res_code "anything else = error code",
      // res_desc the MPI's text): with "Транзакция отклонена" alone, an SDK deciding paid by matching res_desc
      // against /отклон|declin|error/ passed (probe 22)
      for (const [code, desc] of [
        ['05', 'Транзакция отклонена'],
        ['51', 'Недостаточно средств'],
        ['29', 'Invalid card type'],
      ] as const) {
        const { rrn: _rrn, sign: _sign, ...rest } = redirect(desc);
        const declinedQ = { ...rest, res_code: code };
        genuine.push([
          `res_code ${code}, res_desc ${JSON.stringify(desc)} and no rrn`,
          { ...declinedQ, sign: sign('redirect', declinedQ, secret) },
        ]);
      }
      for (const [what, g] of genuine) {
        const a = await sdk.call('backref.verify', { query: g });
        const ok = verifiedAsGenuine(a);
        const success = g.res_code === '0';
        // a declined one is refused when the SDK holds its sign bad (or says it is not verified); another error
        // (the payment declined) is the SDK's way to say "not paid" (JY-SDK-12)
        const refused = success ? !ok : (!a.ok && a.error.kind === 'signature') || (a.ok && !ok);
        if (refused) {
          genuineRefused = true;
          t.expect(
            'JY-SDK-10',
            false,
            `a genuine redirect with ${what} was reported as ${describeAnswer(a)}; its sign is sha512(SHARED_SECRET + ${JSON.stringify(baseString('redirect', g))})`,
          );
        }
        if (success && ok) q ??= g;
        if (ok && a.ok) {
          const { order, resCode } = a.output as { order?: unknown; resCode?: unknown };
          if (order !== undefined || resCode !== undefined) reportedJudged = true;
          if (order !== undefined && order !== g.order)
            reportedBreaks.push(
              `order ${JSON.stringify(order)} for a redirect of order ${g.order} (mpi_order ${g.mpi_order})`,
            );
          if (resCode !== undefined && resCode !== g.res_code)
            reportedBreaks.push(`resCode ${JSON.stringify(resCode)} for a redirect with res_code ${g.res_code}`);
        }
        // of a verified redirect, the paid flag; a declined one refused as an error other than a bad sign is not
        // paid; one refused for its sign tells nothing of what the SDK tells the shop (JY-SDK-10's failure)
        const paid = paidOf(a);
        if (success ? ok && typeof paid === 'boolean' : !refused && (typeof paid === 'boolean' || !a.ok)) {
          paidJudged = true;
          t.expect(
            'JY-SDK-12',
            success ? paid === true : paid !== true,
            `a genuine redirect with ${what} was reported as ${success ? 'not paid' : describeAnswer(a)}`,
          );
        }
      }
      // JY-SDK-04 needs an SDK that accepts some genuine redirect: refusing everything proves no verification
      if (!q) return t.inconclusive('no genuine redirect was verified: the refusal of forged ones proves nothing');
      if (!paidJudged) t.notJudged('JY-SDK-12', 'the SDK reports no paid flag for a verified redirect');
      if (reportedJudged)
        t.expect(
          'JY-SDK-25',
          reportedBreaks.length === 0,
          `${reportedBreaks.length} of the verified redirects were reported as another's: ${reportedBreaks.join('; ')}`,
        );
      else t.notJudged('JY-SDK-25', 'the SDK reports neither an order nor a result code for a verified redirect');
      const forged: Array<[string, Record<string, string>]> = [
        ['amount changed after signing', { ...q, amount: '1.00' }],
        ['res_code changed after signing', { ...q, res_code: '05' }],
        ['no sign', Object.fromEntries(Object.entries(q).filter(([k]) => k !== 'sign'))],
        // compared over the length given (a guard for crypto.timingSafeEqual's RangeError)
        ['its sign cut to the first 16 characters', { ...q, sign: q.sign!.slice(0, 16) }],
        ['signed with another secret', { ...q, sign: sign('redirect', q, `${secret}x`) }],
      ];
      let forgedRefused = false;
      for (const [what, query] of forged) {
        const a = await sdk.call('backref.verify', { query });
        if (!verifiedAsGenuine(a)) forgedRefused = true;
        t.expect('JY-SDK-04', !verifiedAsGenuine(a), `a redirect with ${what} was reported as ${describeAnswer(a)}`);
      }
      if (forgedRefused) t.pass('JY-SDK-10');
      else if (!genuineRefused)
        t.cannotJudge(
          'JY-SDK-10',
          'every forged redirect was reported as verified too (JY-SDK-04): whether the SDK verifies the genuine ones over their values as the redirect carries them does not show',
        );
    },
  },
  {
    id: 'jy.sdk.secret-in-answers',
    title: 'nothing the SDK reports to its caller, its errors included, shows SHARED_SECRET',
    rules: [ANSWER_RULES.jysan.rule],
    async run(t) {
      const sdk = await t.sdk();
      // the SDK's error paths; each answer is judged as it arrives (sdkChecks), what it says is other rules'
      const call = (op: string, input: Record<string, unknown>, note: string) =>
        sdk.call(op, input, { unsupported: 'answer', note });
      await call('status.get', { order: orderId() }, 'the status of an order the bank does not have (code 12)');
      // to the status request and its resends (failEveryResend: a failure that lasts, probe 25); an SDK that got
      // the bank's own reply at last leaves that error path unjudged (never passed on absence)
      const [status, type, text] = NOT_XML_REPLIES[0]!;
      failEveryResend(sdk.gateway, () => ({ status, headers: { 'content-type': type }, text }));
      const from = sdk.gateway.requests.length;
      const a = await call('status.get', { order: orderId() }, `its reply: HTTP ${status}, no XML`);
      sdk.gateway.forget();
      const sent = sdk.gateway.requests.slice(from);
      // reached only when the last reply it got for the status request was the failure
      if (endedOnFailure(sent) === false)
        t.partNotJudged(
          ANSWER_RULES.jysan.rule,
          `the SDK's error for an HTTP ${status} reply was never reached: after ${sent.length} requests, the last answered HTTP ${sent[sent.length - 1]!.status}, it reported ${describeAnswer(a)}`,
        );
      const q = { order: orderId(), rrn: '123456789012', res_code: '0', amount: '1500.50', currency: 'KZT' };
      const query = { ...q, sign: sign('redirect', q, `${t.credentials.sharedSecret}x`) };
      await call('backref.verify', { query }, 'a redirect signed with another secret');
      await call('payment.form', { fields: {} }, 'an order without its fields');
    },
  },
  {
    id: 'jy.sdk.tls-verify',
    title: 'the SDK refuses a gateway whose certificate does not verify (paycert run --sdk-tls)',
    rules: ['JY-SDK-27'],
    async run(t) {
      await refusesForeignCertificate(t, 'JY-SDK-27', 'status.get', () => ({ order: orderId() }));
    },
  },
]);
