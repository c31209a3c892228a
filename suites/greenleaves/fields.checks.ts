import fc from 'fast-check';
import type { Check } from '../../src/harness/check.ts';
import { describeErrors, getSchema, schemaId } from '../../src/spec/ajv.ts';
import { belowDocumentedMinimum, charsetOf, isAdvisory, isOurs, withinDocumented } from '../../src/spec/violations.ts';
import { validArbitrary, violatingArbitrary, type Plan } from '../../src/spec/arbitrary.ts';
import { violationCodes } from '../../src/spec/load.ts';
import { orderedValues, scriptName, sign, type PgMessage } from '../../src/protocols/greenleaves/index.ts';
import type { Capability } from '../../src/harness/subject.ts';
import {
  card,
  cardFields,
  client,
  describe,
  ok,
  orderId,
  paid,
  pendingAcs,
  refused,
  requireEnabled,
  savedCard,
  type Ctx,
  shownField,
  shownValue,
  signatureRefusal,
  validateReply,
  gatewayChecks,
  PAN_RULE,
  saltFor,
} from './support.ts';
import type { GreenleavesReply } from '../../src/sdk/greenleaves.ts';

export interface Endpoint {
  id: string;
  path: (t: Ctx) => string;
  request: string;
  /** the rule that each field constraint is enforced */
  violationRule: string;
  /** acceptance of schema-valid requests, judged against the reply schema */
  valid?: { rule: string; reply: string };
  /** context values: the subject's merchant, a usable test card, a saved card */
  overrides?: (t: Ctx) => Record<string, fc.Arbitrary<unknown>> | Promise<Record<string, fc.Arbitrary<unknown>>>;
  /** optional fields left out: URLs the gateway would call, fields needing an agreement */
  omit?: string[];
  /** violations not judged here: removing what tells this request kind apart makes it another kind */
  skip?: Array<{ field: string; kind: string }>;
  /** just before sending: fill in the context a request needs to be accepted, where the message kept the override */
  fresh?: (t: Ctx, m: PgMessage) => Promise<PgMessage>;
  /** what the subject must offer for a request without a violation to be accepted */
  needs?: Capability[];
}

const CODE_RULE = 'GL-PAY-03';
const ADVICE_RULE = 'GL-PAY-09';
const EMPTY_RULE = 'GL-PAY-11';
const NOT_GENERATED = new Set(['pg_sig', 'pg_merchant_id']);
export const CALLED_URLS = [
  'pg_result_url',
  'pg_check_url',
  'pg_success_url',
  'pg_failure_url',
  'pg_site_url',
  'pg_refund_url',
  'pg_capture_url',
  'pg_state_url',
];

const MONEY = /^(0\.(0[1-9]|[1-9][0-9]?)|[1-9][0-9]{0,7}(\.[0-9]{1,2})?)$/;
/** pg_amount_interval_from and _to in order. The schema cannot say from ≤ to (its x-note), so the generator
 *  gives both orders; an interval from 0.6 to 0.4 holds no amount, and a gateway that refuses it breaks no
 *  document (GL-ANY-02: the ends bound the amount the payer may enter). Two valid ends are swapped when
 *  inverted; a violating end (not money) is left where the plan put it. */
export function orderedInterval(m: PgMessage): PgMessage {
  const { pg_amount_interval_from: from, pg_amount_interval_to: to } = m;
  if (typeof from !== 'string' || typeof to !== 'string' || !MONEY.test(from) || !MONEY.test(to)) return m;
  return Number(from) <= Number(to) ? m : { ...m, pg_amount_interval_from: to, pg_amount_interval_to: from };
}

export const merchant = (t: Ctx) => ({ pg_merchant_id: fc.constant(t.credentials.merchantId) });
/** a real saved card, so that a schema-valid request is accepted and an unenforced limit shows: generated as
 *  placeholders that each request replaces with the card saved for this check (`freshSaved`), so that the
 *  generators, and what their set-up computes, are the same against every subject */
const SAVED_PLACEHOLDER = { pg_user_id: 'paycert-saved-user', pg_card_token: 'paycert-saved-token' };
const savedCards = new WeakMap<Ctx, PgMessage>();
export const saved = async (t: Ctx) => {
  const { user, token } = await savedCard(t);
  savedCards.set(t, { pg_user_id: user, pg_card_token: token });
  return {
    ...merchant(t),
    ...Object.fromEntries(Object.entries(SAVED_PLACEHOLDER).map(([k, v]) => [k, fc.constant(v)])),
  };
};
async function freshSaved(t: Ctx, m: PgMessage): Promise<PgMessage> {
  const real = savedCards.get(t);
  if (!real) return m;
  return Object.fromEntries(
    Object.entries(m).map(([k, v]) => [
      k,
      k in SAVED_PLACEHOLDER && v === SAVED_PLACEHOLDER[k as keyof typeof SAVED_PLACEHOLDER] ? real[k]! : v,
    ]),
  );
}

/** paymentAcs: placeholders that each request replaces with a fresh payment waiting for 3-D Secure and its PaRes, so that
 * only the violation can be refused (GL-ACS-02); only a subject with a scripted ACS can make one */
const ACS_PLACEHOLDER = { pg_payment_id: '1', pg_md: 'PLACEHOLDER', pg_pares: 'UExBQ0VIT0xERVI=' };
const acsOverrides = (t: Ctx) => ({
  ...merchant(t),
  ...Object.fromEntries(Object.entries(ACS_PLACEHOLDER).map(([k, v]) => [k, fc.constant(v)])),
});
async function freshAcs(t: Ctx, m: PgMessage): Promise<PgMessage> {
  if (!Object.entries(ACS_PLACEHOLDER).some(([k, v]) => m[k] === v)) return m;
  const p = await pendingAcs(t);
  if (!p) t.inconclusive('no 3-D Secure payment waiting for paymentAcs (the setup payment or the ACS hop failed)');
  const real: PgMessage = { pg_payment_id: p!.id, pg_md: p!.md, pg_pares: p!.pares };
  return Object.fromEntries(
    Object.entries(m).map(([k, v]) => [
      k,
      k in ACS_PLACEHOLDER && v === ACS_PLACEHOLDER[k as keyof typeof ACS_PLACEHOLDER] ? real[k]! : v,
    ]),
  );
}

export const ENDPOINTS: Endpoint[] = [
  {
    id: 'payment',
    path: () => '/g2g/payment',
    request: 'payment-request',
    violationRule: 'GL-PAY-02',
    valid: { rule: 'GL-PAY-01', reply: 'payment-response' },
    overrides: (t) => {
      const c = card({ auth: true, threeDs: false });
      return {
        ...merchant(t),
        pg_card_pan: fc.constant(c.pan),
        pg_card_month: fc.constant(c.month),
        pg_card_year: fc.constant(c.year),
        pg_card_cvc: fc.constant(c.cvc),
      };
    },
    omit: [...CALLED_URLS, 'pg_encrypted_card'],
  },
  {
    id: 'token',
    path: () => '/g2g/payment',
    request: 'payment-token-request',
    violationRule: 'GL-TOK-03',
    overrides: saved,
    fresh: freshSaved,
    omit: CALLED_URLS,
    // pg_user_id names the card's owner: another value (one outside the advised charset too) is another
    // payer, whom GL-TOK-02 requires refused, so the charset advice (GL-PAY-09) cannot be judged here
    skip: [
      { field: 'pg_card_token', kind: 'missing' },
      { field: 'pg_user_id', kind: 'charset' },
    ],
  },
  {
    id: 'acs',
    path: () => '/g2g/paymentAcs',
    request: 'payment-acs-request',
    violationRule: 'GL-ACS-02',
    overrides: acsOverrides,
    fresh: freshAcs,
    needs: ['acs'],
  },
  {
    id: 'invoice',
    path: () => '/g2g/invoiceUrl',
    request: 'invoice-url-request',
    violationRule: 'GL-INV-02',
    valid: { rule: 'GL-INV-01', reply: 'redirect-response' },
    overrides: merchant,
    omit: CALLED_URLS,
  },
  {
    id: 'any-amount',
    path: () => '/g2g/any_amount',
    request: 'any-amount-request',
    violationRule: 'GL-ANY-03',
    valid: { rule: 'GL-ANY-01', reply: 'redirect-response' },
    overrides: merchant,
    omit: CALLED_URLS,
    fresh: async (_t, m) => orderedInterval(m),
  },
  {
    id: 'payment-page',
    path: () => '/g2g/payment_page',
    request: 'payment-page-request',
    violationRule: 'GL-PAGE-03',
    valid: { rule: 'GL-PAGE-01', reply: 'redirect-response' },
    overrides: merchant,
    omit: CALLED_URLS,
  },
  {
    id: 'card-init',
    path: (t) => `/v1/merchant/${t.credentials.merchantId}/card/init`,
    request: 'card-init-request',
    violationRule: 'GL-CARD-03',
    overrides: saved,
    fresh: freshSaved,
    omit: CALLED_URLS,
    skip: [{ field: 'pg_user_id', kind: 'charset' }], // as for the token: a token goes with its own pg_user_id only (digest §3.8)
  },
];

async function send(t: Ctx, e: Endpoint, m: PgMessage, note?: string, underTest?: string) {
  const gl = client(t);
  const path = e.path(t);
  const { pg_sig: _old, ...fields } = e.fresh ? await e.fresh(t, m) : m;
  if (typeof fields.pg_order_id === 'string') fields.pg_order_id = sentOrderId(e, fields.pg_order_id, underTest);
  const post = async (generated: PgMessage, n?: string) => {
    // a correct pg_sig beginning with "0" is GL-SIG-02's to send (GatewayClient.signed): another salt,
    // unless pg_salt is the field judged
    const script = scriptName(path);
    const m =
      'pg_salt' in generated && underTest !== 'pg_salt' && sign(script, generated, gl.secret).startsWith('0')
        ? { ...generated, pg_salt: saltFor(script, generated, gl.secret) }
        : generated;
    const opts = { noSalt: !('pg_salt' in m), script };
    const signed = gl.signed(path, m, opts);
    const r = await gl.post(path, signed, 'form', n);
    // which order nested values sign in is open (GL-SIG-06, INFERRED, judges it): a request whose orders
    // differ (11+ array elements, item1/item10) refused as badly signed goes again in natural order, then
    // in the order of its bracket names on the wire; a refused signature changed nothing, so this charges
    // nothing twice
    return inOtherOrders(signed, r, signatureRefusal, (order) =>
      gl.post(
        path,
        gl.signed(path, m, { ...opts, order }),
        'form',
        `${n ?? 'request'}, again signed in ${ORDER_NAMES[order]} (refused as badly signed in the vendor order)`,
      ),
    );
  };
  const r = await post(fields, note);
  // a gateway's own bound on an optional field whose bounds the documents do not give (x-ours: a phone's
  // length) shows nothing about the field under test: without that field the request tells
  const ours = oursRefused(schemaOf(e), fields, r, underTest);
  if (!ours) return r;
  const { [ours]: _drop, ...rest } = fields;
  return post(rest, `${note ?? 'request'}, again without ${ours} (refused for a bound the documents do not give)`);
}

/** A fresh pg_order_id for every request, the field under test too: the seed leaves a gateway free to
 *  refuse an order id it has seen (uniqueness is recommended, digest §3.1; generated ids repeat: "-", "~",
 *  and shrinking sends a case again), which shows nothing about a field. A value of the recommended
 *  characters (valid, or too long) keeps its length and tail; one with a character outside them keeps
 *  that character, with the fresh id after it, within the field's maximum length. */
export function sentOrderId(e: Endpoint, value: string, underTest?: string): string {
  const fresh = orderId();
  const p = ((schemaOf(e).properties ?? {}) as Record<string, Schema>).pg_order_id;
  const cls = typeof p?.pattern === 'string' ? charsetOf(p.pattern) : undefined;
  const bad =
    underTest === 'pg_order_id' && cls ? [...value].findIndex((c) => !new RegExp(`^[${cls}]$`, 'u').test(c)) : -1;
  if (bad < 0) return fresh + value.slice(fresh.length);
  const chars = [...value];
  const room = Math.max(1, ((p?.maxLength as number | undefined) ?? chars.length + fresh.length) - fresh.length);
  const start = Math.max(0, Math.min(bad, chars.length - room));
  return chars.slice(start, start + room).join('') + fresh;
}

/** The optional field, other than the one under test, that a refusal names where the schema's bounds of
 *  it are our own (`x-ours`). */
export function oursRefused(schema: Schema, m: PgMessage, r: GreenleavesReply, underTest?: string): string | undefined {
  if (!r.message || !refused(r)) return undefined;
  const text = r.field('pg_error_description') ?? '';
  const required = new Set((schema.required ?? []) as string[]);
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  return Object.keys(m).find(
    (f) => f !== underTest && !required.has(f) && !!props[f]?.['x-ours'] && namesField(text, f),
  );
}

/** `text` names the field `f` as a word of its own (pg_amount is not named by pg_amount_interval_from). */
const namesField = (text: string, f: string): boolean =>
  text.includes(f) && new RegExp(`(^|[^A-Za-z0-9_])${f.replace(/[^A-Za-z0-9_]/g, '\\$&')}([^A-Za-z0-9_]|$)`).test(text);

/** The field of `m`, other than `field`, that a refusal names while it does not name `field`: the refusal
 *  is about that one (a description the gateway does not take), and not counted for `field` (README,
 *  "A refusal that names another field … is not counted for the field under test"). */
export function otherFieldRefused(m: PgMessage, r: GreenleavesReply, field: string): string | undefined {
  if (!r.message || !refused(r)) return undefined;
  const text = r.field('pg_error_description') ?? '';
  return namesField(text, field) ? undefined : Object.keys(m).find((f) => f !== field && namesField(text, f));
}

type Schema = Record<string, unknown>;
const schemaOf = (e: Endpoint): Schema => getSchema(schemaId('greenleaves', e.request));
/** optional string fields, which may be sent empty */
const optionalFields = (e: Endpoint): string[] => {
  const s = schemaOf(e);
  const required = new Set((s.required ?? []) as string[]);
  return Object.entries((s.properties ?? {}) as Record<string, Schema>)
    .filter(([k, p]) => !required.has(k) && p.type === 'string')
    .map(([k]) => k);
};
const hasAdvice = (e: Endpoint): boolean =>
  Object.values((schemaOf(e).properties ?? {}) as Record<string, Schema>).some((p) => p['x-charset'] === 'recommended');

/** The vendor and the natural flattening order give different signatures for `m`. */
export const ordersDiffer = (m: PgMessage): boolean => otherOrders(m).length > 0;

const ORDER_NAMES = { natural: 'natural nested order', wire: 'the byte order of its bracket names' } as const;

/** The reply to `signed` (`first`), or, while the replies are `badSig`, to it sent `again` in each of
 *  its `otherOrders`. Those orders are computed only after a refused signature: they are three walks
 *  of the message (~150 µs, 4–6 % of a field case), and a gateway that verifies the vendor order
 *  never refuses one. */
export async function inOtherOrders<R>(
  signed: PgMessage,
  first: R,
  badSig: (r: R) => boolean,
  again: (order: 'natural' | 'wire') => Promise<R>,
): Promise<R> {
  let last = first;
  if (!badSig(last)) return last;
  for (const order of otherOrders(signed)) {
    if (!badSig(last)) break;
    last = await again(order);
  }
  return last;
}

/** The orders other than the vendor's, natural then wire, each only when it gives values in another
 *  order than the vendor's and the ones before it. */
export function otherOrders(m: PgMessage): Array<'natural' | 'wire'> {
  const seen = new Set([orderedValues(m).join('\u0000')]);
  return (['natural', 'wire'] as const).filter((o) => {
    const key = orderedValues(m, o).join('\u0000');
    return !seen.has(key) && (seen.add(key), true);
  });
}

/** Our correctly signed request refused as badly signed: the signature rules judge that, not the field rules. */
function signatureRefused(t: Ctx, r: GreenleavesReply): void {
  if (signatureRefusal(r)) {
    t.inconclusive(
      `the gateway refused a request the suite signed (pg_error_code ${r.field('pg_error_code') ?? '∅'}): the signature checks judge that, the fields cannot be judged`,
    );
  }
}

/** Not refused because of `field`: accepted where a valid request is accepted, else not refused with the field-violation code. */
function notRefusedFor(e: Endpoint, r: GreenleavesReply, field: string, kind: Plan['kind']): boolean {
  if (e.valid) return ok(r);
  const codes = violationCodes('greenleaves', field, kind);
  return !(refused(r) && (codes.length === 0 || codes.map(String).includes(r.field('pg_error_code') ?? '')));
}

/** The violations a check judges: not pg_sig or pg_merchant_id, not a missing pg_salt (GL-SIG-01 judges
 *  it), not an endpoint's own skips, and not a constraint the documents do not state (`x-ours`). */
export function judgedPlans(e: Endpoint, plans: readonly Plan[]): Plan[] {
  const schema = schemaOf(e);
  return plans.filter(
    (p) =>
      !NOT_GENERATED.has(p.field) &&
      !(p.field === 'pg_salt' && p.kind === 'missing') &&
      !e.skip?.some((x) => x.field === p.field && x.kind === p.kind) &&
      !isOurs(schema, p),
  );
}

export function violationCheck(e: Endpoint): Check<'greenleaves'> {
  const optional = optionalFields(e);
  const amount = 'pg_amount' in ((schemaOf(e).properties ?? {}) as object);
  return {
    id: `gl.fields.${e.id}.violations`,
    title: `each single-constraint violation of the ${e.request} fields is refused with the documented code; advised charsets and empty optional fields are not refused`,
    profile: 'greenleaves',
    subject: 'gateway',
    area: 'fields',
    ...(e.needs ? { needs: e.needs } : {}),
    rules: [
      e.violationRule,
      CODE_RULE,
      ...(hasAdvice(e) ? [ADVICE_RULE] : []),
      ...(optional.length > 0 ? [EMPTY_RULE] : []),
    ],
    async run(t) {
      const id = schemaId('greenleaves', e.request);
      const schema = schemaOf(e);
      const overrides = await e.overrides?.(t);
      const gen = violatingArbitrary(id, { overrides, omit: e.omit });
      const plans = judgedPlans(e, gen.plans);
      const judge = async (plan: Plan, m: PgMessage) => {
        // stricter than the documents only (x-documented: money "005"): nothing to judge
        if (plan.kind === 'format' && withinDocumented(schema, plan.field, m[plan.field])) return;
        const r = await send(t, e, m, `${plan.field}: ${plan.kind}`, plan.field);
        signatureRefused(t, r);
        const other = otherFieldRefused(m, r, plan.field);
        if (other) {
          const rules = isAdvisory(schema, plan) ? [ADVICE_RULE] : [e.violationRule, CODE_RULE];
          const why = `${plan.field} ${plan.kind}: the refusal names ${other}, not ${plan.field}: ${describe(r)}`;
          for (const rule of rules) t.cannotJudge(rule, why);
          return;
        }
        if (isAdvisory(schema, plan)) {
          // GL-PAY-09: the charset is advice; the value is not refused for it
          t.expect(
            ADVICE_RULE,
            notRefusedFor(e, r, plan.field, plan.kind),
            `${plan.field} outside its recommended charset was refused: ${describe(r)}`,
          );
          return;
        }
        t.expect(
          e.violationRule,
          refused(r),
          `${plan.field} ${plan.kind}${plan.limit ? ` (limit ${plan.limit})` : ''} was accepted (sent ${shownValue(plan.field, m[plan.field])}): ${describe(r)}`,
        );
        if (!refused(r)) return;
        // the mapped code (9999), or one errors.json also accepts for the field (10005 for card data)
        const want = violationCodes('greenleaves', plan.field, plan.kind);
        t.expect(
          CODE_RULE,
          want.length === 0 || want.map(String).includes(r.field('pg_error_code') ?? ''),
          `${plan.field} ${plan.kind}: pg_error_code ${shownField(r, 'pg_error_code')}, want ${want.join(' or ')}`,
        );
        t.expect(
          CODE_RULE,
          (r.field('pg_error_description') ?? '').includes(plan.field),
          `${plan.field} ${plan.kind}: pg_error_description does not name the field: ${shownField(r, 'pg_error_description')}`,
        );
      };
      // The control: a request without any violation must get through, or a refusal tells nothing about
      // a field (e.g. paymentAcs for a payment that is not waiting for 3-D Secure: every request is refused)
      const valid = validArbitrary(id, { overrides, omit: e.omit });
      const [control] = fc.sample(valid, { numRuns: 1, seed: t.seed });
      const c = await send(t, e, control as PgMessage, 'control: no violation');
      signatureRefused(t, c);
      requireEnabled(t, c, `a ${e.request} (a method that needs the manager's approval)`);
      if (refused(c))
        t.inconclusive(
          `setup: a ${e.request} without any violation is refused too (${describe(c)}): a refusal would show nothing about a field`,
        );
      // every violation kind once (a smoke run against a real target only samples), then random cases
      if (t.exhaustive) {
        for (const plan of plans) {
          const [one] = fc.sample(gen.forPlan(plan), { numRuns: 1, seed: t.seed });
          if (one) await judge(plan, one.message as PgMessage);
        }
      }
      // the documents' own case: the decimal separator is a point, so a decimal comma is a format violation
      const [base] = fc.sample(valid, { numRuns: 1, seed: t.seed });
      if (amount) await judge({ field: 'pg_amount', kind: 'format' }, { ...(base as PgMessage), pg_amount: '500,50' });
      // and their minimums (0.01 for money, digest §3.1, §3.11): the values just under them
      for (const [field, p] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
        if (judgedPlans(e, [{ field, kind: 'format' }]).length === 0) continue;
        for (const v of belowDocumentedMinimum(p))
          await judge({ field, kind: 'format' }, { ...(base as PgMessage), [field]: v });
      }
      // descriptions real shops send (GL-PAY-09)
      if (isAdvisory(schema, { field: 'pg_description', kind: 'charset' })) {
        for (const d of ['Order ID: 1042', 'Payment for order #42']) {
          const [base] = fc.sample(valid, { numRuns: 1, seed: t.seed });
          await judge({ field: 'pg_description', kind: 'charset' }, { ...(base as PgMessage), pg_description: d });
        }
      }
      const arb = fc.constantFrom(...plans).chain(gen.forPlan);
      await t.property(e.violationRule, arb, async (v) => judge(v.plan, v.message as PgMessage));
      if (optional.length > 0) {
        // GL-PAY-11: an optional field sent empty is taken as not sent. Each case is the control with that
        // field empty: a random valid request may carry a value the gateway refuses for itself (a
        // description in Kazakh letters), which shows nothing about the empty field
        await t.property(EMPTY_RULE, fc.constantFrom(...optional), async (field) => {
          const m = { ...(control as PgMessage), [field]: '' };
          const r = await send(t, e, m, `${field} empty`);
          signatureRefused(t, r);
          const other = otherFieldRefused(m, r, field);
          if (other)
            return t.cannotJudge(
              EMPTY_RULE,
              `${field} sent empty: the refusal names ${other}, not ${field}: ${describe(r)}`,
            );
          t.expect(
            EMPTY_RULE,
            notRefusedFor(e, r, field, 'missing'),
            `${field} sent empty was refused: ${describe(r)}`,
          );
        });
      }
      const ours = gen.plans.filter((p) => isOurs(schema, p)).length;
      t.note(
        `${plans.length} violation kinds over ${new Set(plans.map((p) => p.field)).size} fields; ${ours} of our own bounds (x-ours) not judged`,
      );
    },
  };
}

export function validCheck(e: Endpoint): Check<'greenleaves'> {
  const rule = e.valid!.rule;
  return {
    id: `gl.fields.${e.id}.valid`,
    title: `every schema-valid ${e.request} is accepted with a reply matching ${e.valid!.reply}`,
    profile: 'greenleaves',
    subject: 'gateway',
    area: 'fields',
    // GL-TX-09: the pg_status of every reply, judged as it arrives (support.ts client), before ok() asks
    rules: e.id === 'payment' ? [rule, 'GL-PAY-08', 'GL-TX-09', PAN_RULE] : [rule, 'GL-TX-09'],
    plans: e.id === 'payment' ? ['smoke', 'full'] : ['full'],
    async run(t) {
      const arb = validArbitrary(schemaId('greenleaves', e.request), {
        overrides: await e.overrides?.(t),
        omit: e.omit,
      });
      await t.property(rule, arb, async (m) => {
        const r = await send(t, e, m as PgMessage);
        signatureRefused(t, r);
        t.expect(rule, ok(r), `a schema-valid request was refused: ${describe(r)}`);
        const v = validateReply(e.valid!.reply, r.message);
        if (e.id === 'payment') {
          // judged where the reply gives pg_datetime (seed 001 lists no reply fields): an absent one is no
          // value of a wrong form; with none in any reply the rule does not apply (skipped, never passed on
          // the absence: probe21, FREEDOM=no_datetime was inconclusive, a failure against a reference)
          const at = r.field('pg_datetime');
          if (at === undefined)
            t.notJudged(
              'GL-PAY-08',
              'the /g2g/payment reply carries no pg_datetime, an optional field (seed 001 lists no reply fields): the rule, about its form where a reply gives it, does not apply',
            );
          else
            t.expect(
              'GL-PAY-08',
              /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/.test(at),
              `pg_datetime ${shownField(r, 'pg_datetime')} is not ISO-8601 with an offset`,
            );
        }
        t.expect(rule, v.ok, `the reply does not match ${e.valid!.reply}: ${describeErrors(v.errors)}`);
      });
    },
  };
}

export const checks = gatewayChecks('fields', [
  ...ENDPOINTS.filter((e) => e.valid).map(validCheck),
  ...ENDPOINTS.map(violationCheck),
  {
    id: 'gl.fields.payment.other-sections',
    title:
      '/g2g/payment takes documented parameters of the other sections (pg_language, pg_lifetime, pg_success_url, …)',
    rules: ['GL-PAY-10'],
    async run(t) {
      const gl = client(t);
      const c = card({ auth: true, threeDs: false });
      const plain = await gl.call('/g2g/payment', cardFields(c));
      if (!paid(plain))
        t.inconclusive(`a plain card payment was not accepted, so nothing can be added to it: ${describe(plain)}`);
      const others = {
        pg_language: 'ru',
        pg_lifetime: '3600',
        pg_success_url: 'https://merchant.example/pay/ok',
        pg_failure_url: 'https://merchant.example/pay/fail',
        pg_site_url: 'https://merchant.example/',
        pg_success_url_method: 'GET',
        pg_failure_url_method: 'GET',
      };
      for (const [k, v] of Object.entries(others)) {
        const r = await gl.call('/g2g/payment', cardFields(c, { [k]: v }), { note: `with ${k}` });
        // refused as badly signed: the signature's order or encoding, not the field (probe21, BUG=collator_order)
        signatureRefused(t, r);
        t.expect(
          'GL-PAY-10',
          ok(r),
          `/g2g/payment with ${k}=${v} (documented for payment_page) was refused: ${describe(r)}`,
        );
      }
      const all = await gl.call('/g2g/payment', cardFields(c, others), { note: 'with all of them' });
      signatureRefused(t, all);
      t.expect(
        'GL-PAY-10',
        ok(all),
        `/g2g/payment with ${Object.keys(others).join(', ')} was refused: ${describe(all)}`,
      );
    },
  },
  {
    id: 'gl.fields.page-lifetime-range',
    title: 'pg_lifetime of the payment page is 300–604 800 seconds',
    rules: ['GL-PAGE-02'],
    async run(t) {
      const gl = client(t);
      for (const [life, accept] of [
        ['300', true],
        ['604800', true],
        ['299', false],
        ['604801', false],
      ] as const) {
        const r = await gl.call('/g2g/payment_page', {
          pg_order_id: orderId(),
          pg_amount: '10',
          pg_description: 'lifetime',
          pg_lifetime: life,
        });
        signatureRefused(t, r);
        t.expect(
          'GL-PAGE-02',
          accept ? ok(r) : refused(r),
          `pg_lifetime=${life} ${accept ? 'refused' : 'accepted'}: ${describe(r)}`,
        );
      }
    },
  },
]);
