import { shown } from '../../src/protocols/jysan/xml.ts';
import { Inconclusive, SkipCheck } from '../../src/harness/outcome.ts';
import { defineChecks } from '../../src/harness/check.ts';
import { encryptCard, type Fields } from '../../src/protocols/jysan/index.ts';
import type { PageReply } from '../../src/sdk/jysan.ts';
import { TARGET_CARDS_VAR, targetCards } from '../../src/spec/jysan-cards.ts';
import {
  accepted,
  asked,
  card,
  cents,
  cardData,
  client,
  describe,
  documentedCode,
  expectNotPaid,
  judgeMessage,
  order,
  payDirect,
  plainPayment,
  publicKey,
  signedOk,
  stateOf,
  unreadable,
  type Ctx,
  PAN_RULE,
} from './support.ts';

/** Every check here judges messages, and a payment signed correctly but refused as badly signed. */
const MESSAGE_RULES = ['JY-ERR-01', 'JY-ERR-16', 'JY-ERR-19', 'JY-SIG-01', 'JY-SIG-04', 'JY-PAY-07'];

/** The reply to `f` is refused (on `refusalRule`; not paid at all for card data) with a documented
 *  code (JY-ERR-01), `code` on `rule`, and the message is its code's template, with `parts` in it
 *  when it is `code` (JY-ERR-19). When the gateway can verify `f` (its own MERCHANT), code 21 fails
 *  the signature aspect instead. A page that shows no code (unreadable) settles only the refusal,
 *  by the status query; the code's rules are then not judged, with why. */
async function refusedWith(
  t: Ctx,
  rule: string,
  f: Fields,
  r: PageReply,
  code: number,
  what: string,
  o: { parts?: string[]; verifiable?: boolean; refusalRule?: string; alt?: number } = {},
): Promise<void> {
  const { parts = [], verifiable = true, refusalRule = rule, alt } = o;
  if (verifiable && !(await signedOk(t, 'payment', f, r.code, what, r.kind === 'error' ? r.message : undefined)))
    return;
  // a refusal, and its code, are about what `f` gets wrong only where a plain payment is taken: a
  // gateway refusing every payment with one code would pass the rule that wants that code
  const control = r.kind === 'error' ? (await plainPayment(t)).reply : undefined;
  if (control && !accepted(control)) {
    const why = `${what}: refused (${describe(r)}), and so is a plain payment request by the documented formula (${describe(control)}): the refusal is not shown to be about ${what}`;
    t.cannotJudge(rule, why);
    if (refusalRule !== rule) t.cannotJudge(refusalRule, why);
    return;
  }
  const unread = unreadable(t, r);
  if (unread !== undefined) {
    // a page that shows neither payment nor refusal (a bank's own result page after crd_*; any other
    // request's ends the check in the suite's client, noAnswer): the status query of its ORDER settles
    // the refusal where it can, while the code, and so the message, are not shown
    const own = refusalRule !== rule;
    const refused = await expectNotPaid(t, refusalRule, r, f.ORDER!, `${what}: ${describe(r)}, want it refused`, own);
    if (refused === false) {
      if (own) t.expect(rule, false, `${what}: paid (the status query shows it), want an error with code ${code}`);
      return;
    }
    const why = `${what}: ${unread}, so its code (want ${code}) and message are not shown${refused ? ' (the status query shows it not paid)' : ''}: ${describe(r)}`;
    // (the refusal's own rule keeps its reason when the status query did not tell either)
    for (const x of [rule, ...MESSAGE_RULES])
      if (t.check.rules.includes(x) && !(x === refusalRule && refused === undefined)) t.cannotJudge(x, why);
    return;
  }
  if (refusalRule !== rule)
    await expectNotPaid(t, refusalRule, r, f.ORDER!, `${what}: ${describe(r)}, want it refused`);
  if (!t.expect(rule, r.kind === 'error', `${what}: ${describe(r)}, want an error with code ${code}`)) return;
  if (!documentedCode(t, r.code, what)) return;
  t.expect(
    rule,
    r.code === code || r.code === alt,
    `${what}: ${describe(r)}, want code ${code}${alt === undefined ? '' : ` or ${alt}`}`,
  );
  judgeMessage(t, 'JY-ERR-19', r.code!, r.message, asked(f.LANGUAGE), r.code === code || r.code === alt ? parts : []);
}

async function pay(t: Ctx, f: Fields, note: string): Promise<PageReply> {
  return client(t).payment(f, note);
}

export const checks = defineChecks({ profile: 'jysan', subject: 'gateway', area: 'errors' }, [
  {
    id: 'jy.err.reused-order',
    title: 'a second payment request with an ORDER already used gets code 18 and is not processed again',
    rules: ['JY-PAY-15', 'JY-ERR-06', 'JY-SIG-11', ...MESSAGE_RULES],
    plans: ['smoke', 'full'],
    async run(t) {
      const first = order({ AMOUNT: '700' });
      const r0 = await pay(t, first, 'first use of the ORDER');
      if (
        !(await signedOk(
          t,
          'payment',
          first,
          r0.code,
          'the first request',
          r0.kind === 'error' ? r0.message : undefined,
        ))
      )
        return;
      if (!accepted(r0))
        t.inconclusive(`set-up: the first request with a fresh ORDER was not accepted: ${describe(r0)}`);
      // best effort: a target without the status operation, or a status reply that shows nothing of the
      // order, leaves the amount unjudged, not the refusals below (null: not read; undefined: not shown)
      const amountOf = (when: string) =>
        stateOf(t, first.ORDER!).then(
          (s) => (s.code === '0' ? s.operation?.amount : undefined),
          (e: unknown) => {
            if (!(e instanceof Inconclusive) && !(e instanceof SkipCheck)) throw e;
            t.note(`the order's amount ${when} the reuse is not judged: ${e.message}`);
            return null;
          },
        );
      const before = await amountOf('before');
      for (const LANGUAGE of ['en', 'ru', undefined]) {
        const f = { ...first, AMOUNT: '800', LANGUAGE };
        const r = await pay(t, f, `the same ORDER again${LANGUAGE ? `, LANGUAGE=${LANGUAGE}` : ''}`);
        await refusedWith(t, 'JY-ERR-06', f, r, 18, `ORDER ${first.ORDER} used again`, {
          parts: [first.ORDER!],
          refusalRule: 'JY-PAY-15',
        });
      }
      // the amount's value, not its spelling: how <operation> writes amounts is not documented. The
      // status reply is INFERRED (JY-STA-03 judges it): one that does not show the first request's 700
      // before the reuse shows nothing of the reuse after it either
      if (typeof before === 'string' && cents(before) !== 70_000)
        return t.note(
          `the order's amount after the reuse is not judged: the status reply shows ${shown(before)} before it, for the first request's 700 (JY-STA-03)`,
        );
      const after = before === null ? null : await amountOf('after');
      if (typeof after === 'string')
        t.expect(
          'JY-PAY-15',
          cents(after) === 70_000,
          `after the reuse the order's amount is ${shown(after)}, want the first request's 700${before === undefined ? '' : ` (${shown(before)} before it)`}`,
        );
    },
  },
  {
    id: 'jy.err.merchant',
    title: 'an unknown MERCHANT gets code 17 with the value',
    rules: ['JY-ERR-05', ...MESSAGE_RULES],
    async run(t) {
      const f = order({ MERCHANT: 'NO_SUCH_MERCH', LANGUAGE: 'en' });
      // the gateway cannot know the secret of a merchant it does not know: code 21 is no excuse here
      await refusedWith(t, 'JY-ERR-05', f, await pay(t, f, 'unknown MERCHANT'), 17, 'an unknown MERCHANT', {
        parts: ['NO_SUCH_MERCH'],
        verifiable: false,
      });
    },
  },
  {
    id: 'jy.err.terminal',
    title: 'an unknown TERMINAL gets code 20 with the value',
    rules: ['JY-ERR-08', ...MESSAGE_RULES],
    async run(t) {
      const other = t.credentials.terminal === 'WEB99999' ? 'WEB99998' : 'WEB99999';
      const f = order({ TERMINAL: other });
      await refusedWith(t, 'JY-ERR-08', f, await pay(t, f, 'unknown TERMINAL'), 20, 'an unknown TERMINAL', {
        parts: [other],
      });
    },
  },
  {
    id: 'jy.err.currency',
    title: 'a well-formed but unsupported CURRENCY gets code 14 (or 22) with the value',
    rules: ['JY-ERR-04', ...MESSAGE_RULES],
    async run(t) {
      const f = order({ CURRENCY: 'XXX', LANGUAGE: 'en' });
      await refusedWith(
        t,
        'JY-ERR-04',
        f,
        await pay(t, f, 'CURRENCY XXX (ISO 4217 "no currency")'),
        14,
        'CURRENCY XXX',
        // whether the terminal does not take XXX (14) or the bank has no rate for it (22) is not visible from outside
        { parts: ['XXX'], alt: 22 },
      );
    },
  },
  {
    id: 'jy.err.amount',
    title: "an AMOUNT of zero, or with a comma for the seed's '.' separator, gets code 13 with the value",
    rules: ['JY-ERR-03', 'JY-PAY-02', ...MESSAGE_RULES],
    async run(t) {
      // "1500,50": a gateway parsing a locale's decimal comma took it (the seed: "разделитель - точка");
      // taken, it breaks the field's format (JY-PAY-02), and which code it gets is JY-ERR-03's
      for (const AMOUNT of ['0', '0.00', '1500,50']) {
        const f = order({ AMOUNT });
        const r = await pay(t, f, `AMOUNT ${AMOUNT}`);
        if (AMOUNT.includes(',') && r.kind !== 'error') {
          t.expect('JY-PAY-02', false, `AMOUNT ${AMOUNT} (a decimal comma) was not refused: ${describe(r)}`);
          continue;
        }
        // 13 "Неправильная сумма: %s" or the generic 27 naming AMOUNT: the seed documents both, never which
        await refusedWith(t, 'JY-ERR-03', f, r, 13, `AMOUNT ${AMOUNT}`, {
          parts: r.code === 27 ? ['"AMOUNT"'] : [AMOUNT],
          alt: 27,
        });
      }
    },
  },
  {
    id: 'jy.err.limit',
    title: 'an AMOUNT above the limit gets code 23',
    rules: ['JY-ERR-10', ...MESSAGE_RULES],
    async run(t) {
      const f = order({ AMOUNT: '9999999999999' });
      await refusedWith(
        t,
        'JY-ERR-10',
        f,
        await pay(t, f, 'the largest AMOUNT N(13) allows'),
        23,
        'AMOUNT 9999999999999',
      );
    },
  },
  {
    id: 'jy.err.card-expiry',
    title: 'a crd_exp that is not a valid MM/YY (or not a ciphertext at all) gets code 19',
    rules: ['JY-ERR-07', 'JY-ENC-05', 'JY-ENC-02', PAN_RULE, ...MESSAGE_RULES],
    async run(t) {
      const key = await publicKey(t);
      const c = card('visa-approve');
      // 19 "Неправильная дата действия карты" or the generic 27 naming crd_exp: the seed documents both,
      // never which (variant field-generic-codes)
      for (const exp of ['13/30', '1230', '12/3']) {
        const { fields, reply } = await payDirect(t, { ...cardData(c), exp });
        await refusedWith(t, 'JY-ERR-07', fields, reply, 19, `crd_exp that decrypts to "${exp}"`, {
          refusalRule: 'JY-ENC-05',
          alt: 27,
          parts: reply.code === 27 ? ['"crd_exp"'] : [],
        });
      }
      const cl = client(t);
      const f = cl.signed('payment', {
        ...order(),
        crd_pan: encryptCard(c.pan, key),
        crd_exp: 'bm90IGEgY2lwaGVydGV4dA==',
        crd_cvc: encryptCard(c.cvc, key),
      });
      const r = await cl.postPayment(f, 'crd_exp that is not a ciphertext');
      if (r.kind === 'card-page')
        t.inconclusive(`with crd_* the card page was shown (JY-PAY-20), the card data was not used: ${describe(r)}`);
      // what does not decrypt is no date at all: 27 (an invalid value of crd_exp) is as good as 19
      await refusedWith(t, 'JY-ERR-07', f, r, 19, 'a crd_exp that does not decrypt', {
        refusalRule: 'JY-ENC-05',
        alt: 27,
        parts: r.code === 27 ? ['"crd_exp"'] : [],
      });
    },
  },
  {
    id: 'jy.err.card-type',
    title: 'a card of a type the terminal does not take gets code 29',
    rules: ['JY-ERR-15', 'JY-ENC-02', PAN_RULE, ...MESSAGE_RULES],
    async run(t) {
      // host-to-host (crd_*), no payer needed; but which card type a real terminal refuses is the
      // operator's to name: paycert's own Amex means nothing to a real domain
      if (t.subject.target === 'real' && !targetCards().has('amex-invalid-type'))
        t.skip(
          `a real target's card of a type its terminal does not take is not known: name it as amex-invalid-type in ${TARGET_CARDS_VAR}`,
        );
      for (const LANGUAGE of ['ru', 'en']) {
        const { fields, reply } = await payDirect(t, cardData(card('amex-invalid-type')), { LANGUAGE });
        await refusedWith(t, 'JY-ERR-15', fields, reply, 29, `an American Express card (LANGUAGE=${LANGUAGE})`);
      }
    },
  },
]);
