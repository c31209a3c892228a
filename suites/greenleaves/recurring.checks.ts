import fc from 'fast-check';
import { replySignedWith } from './reply-script.ts';
import { firstForm } from '../../src/harness/forms.ts';
import { payerSend } from '../payer-pages.ts';
import { SkipCheck } from '../../src/harness/outcome.ts';
import { describeErrors, getSchema, schemaId } from '../../src/spec/ajv.ts';
import { scriptName, type PgMessage, type PgValue } from '../../src/protocols/greenleaves/index.ts';
import type { GreenleavesReply } from '../../src/sdk/greenleaves.ts';
import { CALLED_URLS, merchant, validCheck, violationCheck, type Endpoint } from './fields.checks.ts';
import {
  advance,
  card,
  cardFields,
  client,
  describe,
  ok,
  orderId,
  paymentStatus,
  refused,
  declined,
  savedCard,
  taken,
  type Ctx,
  shownField,
  validateReply,
  gatewayChecks,
} from './support.ts';

const RECURRENT = '/g2g/recurrent';
const PROFILE = (
  getSchema(schemaId('greenleaves', 'payment-response')).properties as Record<
    string,
    { pattern: string; maxLength: number }
  >
).pg_recurring_profile!;
const PROFILE_ID = new RegExp(PROFILE.pattern);
const DAY = 24 * 60 * 60_000;
const list = (t: Ctx) => `/v1/merchant/${t.credentials.merchantId}/cardstorage/list`;
const cardApi = (t: Ctx, op: string) => `/v1/merchant/${t.credentials.merchantId}/card/${op}`;

/** A recurring profile created by an accepted first payment (GL-REC-01's precondition for the rest). */
async function firstPayment(t: Ctx, lifetime = '12'): Promise<GreenleavesReply> {
  const c = card({ auth: true, threeDs: false });
  return client(t).call('/g2g/payment', cardFields(c, { pg_recurring_start: '1', pg_recurring_lifetime: lifetime }), {
    note: 'first payment, starting a recurring profile',
  });
}

async function profile(t: Ctx, lifetime?: string): Promise<string> {
  const first = await firstPayment(t, lifetime);
  const id = first.field('pg_recurring_profile');
  if (!ok(first) || !id) t.inconclusive(`no recurring profile (the first payment: ${describe(first)})`);
  // a profile id a recurrent request cannot carry (the generator would throw: an internal error)
  if (!PROFILE_ID.test(id!) || id!.length > PROFILE.maxLength)
    t.inconclusive(
      `the first payment's pg_recurring_profile ${shownField(first, 'pg_recurring_profile')} is no profile id a recurrent request can carry (${PROFILE.pattern}, at most ${PROFILE.maxLength})`,
    );
  return id!;
}

function charge(t: Ctx, prof: string, note?: string): Promise<GreenleavesReply> {
  return client(t).call(
    RECURRENT,
    { pg_order_id: orderId(), pg_amount: '250', pg_description: 'recurring charge', pg_recurring_profile: prof },
    { note },
  );
}

/** The card elements of a card-list reply (one element parses as an object, several as an array). */
function cards(r: GreenleavesReply): PgMessage[] {
  const c: PgValue | undefined = r.message?.card;
  if (c === undefined || typeof c === 'string') return [];
  return (Array.isArray(c) ? c : [c]).filter((x): x is PgMessage => typeof x === 'object' && !Array.isArray(x));
}
const str = (m: PgMessage, k: string): string | undefined => (typeof m[k] === 'string' ? (m[k] as string) : undefined);

function cardList(t: Ctx, user: string, note?: string): Promise<GreenleavesReply> {
  return client(t).call(list(t), { pg_user_id: user }, { note });
}

/** a real recurring profile, so that a schema-valid /g2g/recurrent is accepted and an unenforced limit shows */
const withProfile = async (t: Ctx) => ({ ...merchant(t), pg_recurring_profile: fc.constant(await profile(t)) });
const withUser = async (t: Ctx) => ({ ...merchant(t), pg_user_id: fc.constant((await savedCard(t)).user) });

const ENDPOINTS: Endpoint[] = [
  {
    id: 'recurrent',
    path: () => RECURRENT,
    request: 'recurrent-request',
    violationRule: 'GL-REC-03',
    valid: { rule: 'GL-REC-02', reply: 'recurrent-response' },
    overrides: withProfile,
    omit: CALLED_URLS,
  },
  {
    id: 'card-list',
    path: list,
    request: 'card-list-request',
    violationRule: 'GL-CARD-05',
    valid: { rule: 'GL-CARD-05', reply: 'card-list-response' },
    overrides: withUser,
  },
];

export const checks = gatewayChecks('recurring', [
  ...ENDPOINTS.map(validCheck),
  ...ENDPOINTS.map(violationCheck),
  {
    id: 'gl.rec.profile-and-charge',
    title: 'a first payment with pg_recurring_start=1 creates a profile, and /g2g/recurrent charges it without CVC',
    rules: ['GL-REC-01', 'GL-REC-02', 'GL-TX-09'],
    async run(t) {
      const first = await firstPayment(t);
      if (!ok(first)) t.inconclusive(`the first payment was not accepted: ${describe(first)}`);
      const prof = first.field('pg_recurring_profile');
      t.require('GL-REC-01', !!prof, `the accepted first payment has no pg_recurring_profile: ${describe(first)}`);
      // the field's own constraint only: the rest of the reply is GL-PAY-01's business
      t.expect('GL-REC-01', PROFILE_ID.test(prof!), `pg_recurring_profile "${prof}" does not match ${PROFILE_ID}`);
      for (const n of [1, 2]) {
        const r = await charge(t, prof!, `recurring charge ${n}`);
        const v = validateReply('recurrent-response', r.message);
        t.expect('GL-REC-02', ok(r) && v.ok, `charge ${n}: ${describe(r)} ${describeErrors(v.errors)}`);
        t.expect(
          'GL-REC-02',
          !ok(r) || r.field('pg_recurring_profile') === prof,
          `charge ${n} names profile ${r.field('pg_recurring_profile')}, want ${prof}`,
        );
      }
    },
  },
  {
    id: 'gl.rec.unknown-profile',
    title: '/g2g/recurrent with a profile the gateway never created is refused',
    rules: ['GL-REC-04'],
    async run(t) {
      const prof = await profile(t);
      const known = await charge(t, prof, 'control: the known profile');
      if (!ok(known)) t.inconclusive(`a known profile was not charged, so a refusal shows nothing: ${describe(known)}`);
      for (const other of ['9' + prof, '1']) {
        const r = await charge(t, other, `profile ${other}, never created`);
        t.expect('GL-REC-04', refused(r), `profile ${other} (never created) was charged: ${describe(r)}`);
      }
    },
  },
  {
    id: 'gl.rec.lifetime',
    title: 'a recurring profile is charged within pg_recurring_lifetime months and refused (365) after it',
    rules: ['GL-REC-05', 'GL-REC-06'],
    needs: ['clock'],
    async run(t) {
      const prof = await profile(t, '1');
      const before = await charge(t, prof, 'within the lifetime');
      t.expect('GL-REC-05', ok(before), `charge within the 1-month lifetime refused: ${describe(before)}`);
      // 32 days on: the reference ages this one profile (its shared clock would expire the pages of
      // checks running beside this one); elsewhere the clock is moved
      if (t.control) await t.control.post('recurring/age', { profile: prof, ms: 32 * DAY });
      else await advance(t, 32 * DAY);
      const after = await charge(t, prof, 'after the lifetime');
      t.expect('GL-REC-05', refused(after), `charge 32 days into a 1-month profile accepted: ${describe(after)}`);
      if (refused(after))
        t.expect(
          'GL-REC-06',
          after.field('pg_error_code') === '365',
          `ended profile: pg_error_code ${shownField(after, 'pg_error_code')}, want 365`,
        );
    },
  },
  {
    id: 'gl.rec.signature',
    title: '/g2g/recurrent, cardstorage/list and card/pay_cvc verify the script name; replies are signed with it',
    area: 'signature',
    rules: ['GL-SIG-03', 'GL-SIG-11', 'GL-SIG-12'],
    async run(t) {
      const gl = client(t);
      const prof = await profile(t);
      const { user, token } = await savedCard(t);
      const replies = [
        { path: RECURRENT, r: await charge(t, prof) },
        { path: list(t), r: await cardList(t, user) },
      ];
      // GL-SIG-11 (the replies carry a pg_salt and a pg_sig that verifies) is judged on each reply as it
      // arrives (support.ts client); here the name they verify with
      for (const { path, r } of replies) {
        const script = scriptName(path);
        if (!ok(r)) t.inconclusive(`the ${script} request was not accepted: ${describe(r)}`);
        // every name a gateway may plausibly sign with (reply-script.ts), tried for the path called (not the
        // bare name: its path forms, "g2g/recurrent", were never tried, and a reply signed with one failed
        // GL-SIG-11): a ".php", upper-case or path-like name is GL-SIG-12's, not a wrong secret
        const name = replySignedWith(t, r.message, path);
        // which script name was used can only be told from a pg_sig that verifies with one: a reply signed
        // over its values in the wrong order verifies with none, and that is GL-SIG-11's alone
        if (name === undefined) {
          t.cannotJudge(
            'GL-SIG-12',
            `the ${script} reply's pg_sig verifies with no script name paycert tries (GL-SIG-11 judges that): which name it is signed with cannot be told`,
          );
          continue;
        }
        t.expect(
          'GL-SIG-12',
          name === script,
          `the ${script} reply: pg_sig verifies with the script name "${name}", not with "${script}"`,
        );
      }
      const init = await gl.call(cardApi(t, 'init'), {
        pg_order_id: orderId(),
        pg_amount: '90',
        pg_description: 'saved card, CVC entry',
        pg_user_id: user,
        pg_card_token: token,
      });
      if (!ok(init)) t.inconclusive(`card/init was not accepted: ${describe(init)}`);
      const paymentId = init.field('pg_payment_id');
      if (paymentId === undefined)
        return t.inconclusive(`card/init was accepted without a pg_payment_id: ${describe(init)}`);
      const wrong: Array<[string, PgMessage]> = [
        [RECURRENT, { pg_order_id: orderId(), pg_amount: '5', pg_description: 'x', pg_recurring_profile: prof }],
        [list(t), { pg_user_id: user }],
        [cardApi(t, 'pay_cvc'), { pg_payment_id: paymentId }],
      ];
      for (const [path, fields] of wrong) {
        const r = await gl.call(path, fields, { script: 'payment', note: 'signed with script name "payment"' });
        t.expect('GL-SIG-03', refused(r), `${path} signed with script name "payment" was accepted: ${describe(r)}`);
      }
    },
  },
  {
    id: 'gl.card.list',
    title: "the card list shows a payer's confirmed card as approved, masked, and no other payer's cards",
    area: 'saved-card',
    // GL-PAY-12: the list shows the cards saved by this check's payments, whose numbers it sent
    rules: ['GL-CARD-04', 'GL-CARD-05', 'GL-CARD-06', 'GL-TX-09', 'GL-PAY-12'],
    async run(t) {
      const a = await savedCard(t);
      const b = await savedCard(t);
      const r = await cardList(t, a.user);
      t.require('GL-CARD-05', ok(r), `card list: ${describe(r)}`);
      const v = validateReply('card-list-response', r.message);
      t.expect('GL-CARD-05', v.ok, `card list: ${describe(r)} ${describeErrors(v.errors)}`);
      // a list off its schema is judged on what it shows where each card element carries its token (a
      // full card number in it is GL-PAY-12's and GL-CARD-05's, not a reason to leave GL-CARD-04/06 unjudged)
      if (!v.ok && (cards(r).length === 0 || cards(r).some((c) => str(c, 'pg_card_token') === undefined))) {
        const why = `the card list does not show a pg_card_token for each card (${describeErrors(v.errors)}): which cards it lists does not show`;
        t.cannotJudge('GL-CARD-04', why);
        t.cannotJudge('GL-CARD-06', why);
        return;
      }
      const mine = cards(r).find((c) => str(c, 'pg_card_token') === a.token);
      t.expect('GL-CARD-04', !!mine, `the card saved for ${a.user} is not in its list (${cards(r).length} cards)`);
      if (mine)
        t.expect(
          'GL-CARD-04',
          str(mine, 'pg_status') === 'approved',
          `the confirmed card is listed with status ${str(mine, 'pg_status')}, want approved`,
        );
      t.expect(
        'GL-CARD-06',
        !cards(r).some((c) => str(c, 'pg_card_token') === b.token),
        `the list of ${a.user} shows the card of ${b.user}`,
      );
    },
  },
  {
    id: 'gl.card.unconfirmed',
    title: 'a card whose first payment waits for 3-D Secure is not approved: not listed so, not charged',
    area: 'saved-card',
    rules: ['GL-CARD-07'],
    async run(t) {
      const gl = client(t);
      const c = card({ auth: true, threeDs: true, cardAdd: true });
      const user = `user3ds-${orderId()}`;
      // the card list is paycert's inferred URL: without it, a token the 3-D Secure reply hands out is still judged
      let unlisted = '';
      const listed = async (note: string) => {
        try {
          return await cardList(t, user, note);
        } catch (e) {
          if (!(e instanceof SkipCheck)) throw e;
          unlisted = e.message;
          return undefined;
        }
      };
      const before = await listed('the list before');
      if (before && !ok(before)) t.inconclusive(`the card list is not served: ${describe(before)}`);
      const known = new Set((before ? cards(before) : []).map((x) => str(x, 'pg_card_token')));
      const first = await gl.call('/g2g/payment', cardFields(c, { pg_user_id: user, pg_save_card: '1' }));
      if (!taken(first) || first.field('pg_3ds') !== '1')
        t.inconclusive(`the first payment does not wait for 3-D Secure: ${describe(first)}`);
      const tokens = [first.field('pg_card_token')].filter((x): x is string => !!x);
      if (before) {
        const after = await cardList(t, user, 'the list while 3-D Secure is pending');
        if (!ok(after)) t.inconclusive(`the card list is not served: ${describe(after)}`);
        const digits = (x: PgMessage) => (str(x, 'pg_card_hash') ?? '').replace(/[^0-9]/g, '');
        const pending = cards(after).filter(
          (x) =>
            !known.has(str(x, 'pg_card_token')) &&
            digits(x).startsWith(c.pan.slice(0, 4)) &&
            digits(x).endsWith(c.pan.slice(-4)),
        );
        for (const p of pending)
          t.expect(
            'GL-CARD-07',
            str(p, 'pg_status') !== 'approved',
            'the card waiting for 3-D Secure is listed approved',
          );
        tokens.push(...pending.map((p) => str(p, 'pg_card_token')).filter((x): x is string => !!x));
        if (tokens.length === 0) t.inconclusive('the card waiting for 3-D Secure is not in the list: nothing to judge');
      } else if (tokens.length === 0) throw new SkipCheck(unlisted);
      for (const tok of tokens) {
        const debit = await gl.call('/g2g/payment', {
          pg_order_id: orderId(),
          pg_amount: '40',
          pg_description: 'direct debit of a pending card',
          pg_user_id: user,
          pg_card_token: tok,
        });
        t.expect('GL-CARD-07', declined(debit), `the card waiting for 3-D Secure was charged: ${describe(debit)}`);
      }
    },
  },
  {
    id: 'gl.card.cvc-entry',
    title: 'a saved-card payment with CVC entry shows the payer a CVC form and completes only with the right CVC',
    area: 'saved-card',
    rules: ['GL-CARD-08', 'GL-CARD-09'],
    needs: ['payer'],
    async run(t) {
      const gl = client(t);
      const { user, token } = await savedCard(t);
      const c = card({ auth: true, threeDs: false, cardAdd: true });
      const init = await gl.call(cardApi(t, 'init'), {
        pg_order_id: orderId(),
        pg_amount: '90',
        pg_description: 'saved card, CVC entry',
        pg_user_id: user,
        pg_card_token: token,
      });
      const id = init.field('pg_payment_id');
      if (!ok(init) || !id) t.inconclusive(`card/init was not accepted: ${describe(init)}`);
      const paid = () => paymentStatus(t, id!, 'is it paid?');
      const url = gl.url(cardApi(t, 'pay_cvc'));
      const page = await gl.call(cardApi(t, 'pay_cvc'), { pg_payment_id: id! });
      const form = firstForm(page.http.text, url);
      const field = form && [...form.fields.keys()].find((k) => /cvc|cvv/i.test(k));
      t.require('GL-CARD-08', !!form && !!field, `stage 2 gave no CVC form: ${describe(page)}`);
      t.expect('GL-CARD-08', (await paid()) !== 'success', 'the payment was complete before the CVC was entered');
      const submit = (cvc: string, note: string) =>
        payerSend(t)({
          url: form!.action,
          method: form!.method,
          form: [...form!.fields].map(([k, v]): [string, string] => [k, k === field ? cvc : v]),
          note,
          statuses: 'any',
        });
      const wrong = c.cvc === '000' ? '999' : '000';
      await submit(wrong, 'payer enters a wrong CVC');
      t.expect('GL-CARD-09', (await paid()) !== 'success', `the payment completed with a wrong CVC (${wrong})`);
      await submit(c.cvc, "payer enters the card's CVC");
      t.expect('GL-CARD-08', (await paid()) === 'success', "the payment did not complete with the card's CVC");
    },
  },
]);
