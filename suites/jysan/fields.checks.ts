import fc from 'fast-check';
import { defineChecks, type Check } from '../../src/harness/check.ts';
import { getSchema, schemaId } from '../../src/spec/ajv.ts';
import { withinDocumented } from '../../src/spec/violations.ts';
import { validArbitrary, violatingArbitrary, type Plan } from '../../src/spec/arbitrary.ts';
import { loadErrors, ownFieldCode, violationCode } from '../../src/spec/load.ts';
import { has } from '../../src/harness/subject.ts';
import { Trouble } from '../../src/harness/http.ts';
import { quote } from '../../src/harness/clip.ts';
import { sign, type Fields, type Operation } from '../../src/protocols/jysan/index.ts';
import {
  accepted,
  asked,
  client,
  describe,
  documentedCode,
  formOnly,
  judgeMessage,
  order,
  nonce,
  orderId,
  zeroLedOrderId,
  signatureAspect,
  requireFormula,
  wrongSignAccepted,
  signedOk,
  xmlRefused,
  withBadSignCause,
  xmlBadSignCause,
  type Ctx,
} from './support.ts';

type Op = Exclude<Operation, 'redirect'>;

interface Endpoint {
  op: Op;
  /** the rule that this request's fields are enforced, for fields without their own x-rule */
  rule: string;
  /** violations not judged: removing what tells this request apart makes it another kind, or a value
   *  nothing restricts */
  skip?: Array<{ field: string; kind: string }>;
}

const ENDPOINTS: Endpoint[] = [
  { op: 'payment', rule: 'JY-PAY-16' },
  // GETSTATUS=1 is what the clients send (digest §A7 [P]); seed 002 has no GETSTATUS, and the routing
  // reads its presence (§A2 [I]): another value taken is no departure (variant getstatus-any-value, probe 22)
  {
    op: 'status',
    rule: 'JY-STA-01',
    skip: [
      { field: 'GETSTATUS', kind: 'missing' },
      { field: 'GETSTATUS', kind: 'enum' },
    ],
  },
  { op: 'cancel', rule: 'JY-REV-01' },
  { op: 'list', rule: 'JY-LST-01' },
  { op: 'confirm', rule: 'JY-CNF-01' },
];

/** Extra fields seen only in client code: their limits are paycert's guesses, not documented. */
const UNDOCUMENTED = new Set(['NAME', 'WTYPE', 'MERCH_3D_TERM_URL']);
const CARD = ['crd_pan', 'crd_exp', 'crd_cvc'];
/** The rule each documented code stands for. */
const CODE_RULE: Record<number, string> = {
  12: 'JY-ERR-02',
  13: 'JY-ERR-03',
  14: 'JY-ERR-04',
  19: 'JY-ERR-07',
  24: 'JY-ERR-11',
  25: 'JY-ERR-12',
  26: 'JY-ERR-13',
  27: 'JY-ERR-14',
  21: 'JY-ERR-09',
  17: 'JY-ERR-05',
  20: 'JY-ERR-08',
};
/** The codes that name a field (seed 002 table). */
const CODE_FIELDS: Record<number, string[]> = {
  12: ['ORDER'],
  13: ['AMOUNT', 'REV_AMOUNT'],
  14: ['CURRENCY'],
  17: ['MERCHANT'],
  19: ['crd_exp'],
  20: ['TERMINAL'],
};
const FIELD_RULES = [
  'JY-PAY-01',
  'JY-PAY-02',
  'JY-PAY-03',
  'JY-PAY-04',
  'JY-PAY-05',
  'JY-PAY-06',
  'JY-PAY-22',
  'JY-PAY-08',
  'JY-PAY-09',
  'JY-PAY-10',
  'JY-PAY-11',
  'JY-PAY-12',
  'JY-PAY-13',
  'JY-PAY-14',
  'JY-ENC-01',
  'JY-ENC-04',
];

const requestSchema = (op: Op) => schemaId('jysan', `${op}-request`);

/** A length violation of a field with an enum (every generated value is then outside the enum too). */
function enumerated(e: Endpoint, plan: Plan): boolean {
  const prop = (getSchema(requestSchema(e.op)).properties as Record<string, Record<string, unknown>>)[plan.field];
  return (plan.kind === 'tooShort' || plan.kind === 'tooLong') && Array.isArray(prop?.enum);
}

/** The rule of a field's constraint: its x-rule in the schema (crd_*: JY-ENC-01 for the charset,
 *  JY-ENC-04 for the length), the request's own rule for P_SIGN of the XML operations. */
function fieldRule(e: Endpoint, plan: Plan): string {
  if (e.op !== 'payment' && plan.field === 'P_SIGN') return e.rule;
  const x = (getSchema(requestSchema(e.op)).properties as Record<string, Record<string, unknown>>)[plan.field]?.[
    'x-rule'
  ] as string | string[] | undefined;
  if (Array.isArray(x)) return plan.kind === 'tooLong' && x.includes('JY-ENC-04') ? 'JY-ENC-04' : x[0]!;
  return x ?? e.rule;
}

/** The context of a request: the subject's MERCHANT (and TERMINAL), a language, amounts and
 *  currencies the terminal takes. */
function overrides(t: Ctx, e: Endpoint): Record<string, fc.Arbitrary<unknown>> {
  const o: Record<string, fc.Arbitrary<unknown>> = {
    MERCHANT: fc.constant(t.credentials.merchant),
    LANGUAGE: fc.constantFrom('ru', 'en'),
  };
  if (e.op === 'payment' || e.op === 'list') o.TERMINAL = fc.constant(t.credentials.terminal);
  if (e.op === 'payment') {
    const currencies = (getSchema(requestSchema('payment')).properties as Record<string, { examples?: string[] }>)
      .CURRENCY!.examples!;
    o.CURRENCY = t.subject.target === 'real' ? fc.constant('KZT') : fc.constantFrom(...currencies);
    // positive and far below any limit (code 23 is judged on its own)
    o.AMOUNT = fc
      .tuple(fc.integer({ min: 1, max: 99_999 }), fc.constantFrom('', '.5', '.05', '.50', '.99'))
      .map(([n, d]) => `${n}${d}`);
  }
  return o;
}

/** Fresh ORDER (`zeroLed`: with a leading zero) and NONCE (of the generated length) for a payment (both
 *  unique, seed 002), P_SIGN computed over what is sent, unless the violation is of ORDER, NONCE or
 *  P_SIGN themselves. */
function prepare(
  t: Ctx,
  e: Endpoint,
  m: Record<string, unknown>,
  plan?: Plan,
  zeroLed = false,
): Record<string, string> {
  const f = { ...(m as Record<string, string>) };
  if (e.op === 'payment' && plan?.field !== 'ORDER') f.ORDER = zeroLed ? zeroLedOrderId() : orderId();
  if (e.op === 'payment' && plan?.field !== 'NONCE' && f.NONCE) f.NONCE = nonce(f.NONCE);
  if (plan?.field === 'P_SIGN') return f;
  delete f.P_SIGN;
  return { ...f, P_SIGN: sign(e.op, f, t.credentials.sharedSecret) };
}

async function send(
  t: Ctx,
  e: Endpoint,
  f: Record<string, string>,
  note: string,
): Promise<{
  refused: boolean;
  code?: number;
  /** the code as the reply wrote it, for messages */
  codeText?: string;
  message?: string;
  what: string;
  xmlShape?: boolean;
  cardPage?: boolean;
}> {
  const c = client(t);
  if (e.op === 'payment') {
    // a page that is neither an error nor the card page (unreadable) ends the check in the client (noAnswer)
    const r = await c.postPayment(f, note);
    return { refused: r.kind === 'error', code: r.code, message: r.message, what: describe(r), cardPage: accepted(r) };
  }
  const r = await c.postXml(f, note);
  const refused = xmlRefused(r);
  return {
    refused,
    // digits only: Number() would read " 24", "0x18" or "2.4e1" as the documented 24 (and 200 digits as Infinity)
    code: /^-?[0-9]{1,9}$/.test(r.code!) ? Number(r.code) : NaN,
    codeText: r.code,
    message: r.description,
    what: describe(r),
    xmlShape: !r.parseError && !r.operation && r.description !== undefined,
  };
}

/** Whether a refusal is about a field other than `field` (any field, without one): by its code (12
 *  ORDER, 13 AMOUNT, …) or, for codes 24–27, by the field its message names. */
function aboutOtherField(e: Endpoint, r: { code?: number; message?: string }, field?: string): boolean {
  const about = r.code === undefined ? undefined : CODE_FIELDS[r.code];
  if (about) return field === undefined || !about.includes(field);
  const named = /"([A-Za-z_]+)"/.exec(r.message ?? '')?.[1];
  return (
    r.code !== undefined &&
    r.code >= 24 &&
    r.code <= 27 &&
    named !== undefined &&
    named !== field &&
    named in ((getSchema(requestSchema(e.op)).properties ?? {}) as object)
  );
}

/** The field a refusal with a generic code (24–27) names in its message, if it names one. */
function refusedField(code: number | undefined, message: string | undefined): string | undefined {
  if (code === undefined || code < 24 || code > 27) return undefined;
  return /"([A-Za-z_]+)"/.exec(message ?? '')?.[1];
}

/** Codes the seed gives for a value valid by its format but refused on its content or a business limit. */
const VALUE_REFUSALS = new Set([22, 23, 27]);

/** A status that may be the gateway's own answer to one input: its application failed on it (500, or an
 *  edge's 502 for an upstream that died on it). 503 and 504 say the gateway is unavailable or slow. */
const crashStatus = (s: number) => s === 500 || s === 502 || (s > 504 && s < 600);

/** `op`'s request `f`, carrying one violation (the seed says it must be refused: no payment, no effect
 *  possible), sent (send); answered with a server error (crashStatus), it is sent once more after the
 *  pace, as `resend` makes it (the same violation, a payment's ORDER and NONCE fresh unless the field
 *  under test, signed again: a gateway refusing a NONCE or an ORDER it has seen, or one that registered
 *  the order before it crashed, answered the same ones with a duplicate's refusal, judged in the
 *  violation's place): answered otherwise then, the first was a moment of trouble and the second reply is judged;
 *  answered so again, the control `control` (the same request without the violation) is sent again:
 *  answered (any reply that is no trouble), the server error is the gateway's answer to this input
 *  (`crashed`: how, for a reason); in trouble too, the gateway is: the first trouble, inconclusive.
 *  Was: one 500 for a non-digit ORDER ended each violations check inconclusive, 42 rules unjudged and the
 *  run passed (probe 26 BUG_STACKTRACE). A request that may have taken a payment is never sent again:
 *  these carry no card data. */
async function crashOn(
  t: Ctx,
  e: Endpoint,
  f: Record<string, string>,
  what: string,
  control: Record<string, string>,
  resend: () => Record<string, string>,
): Promise<Awaited<ReturnType<typeof send>> | { crashed: string }> {
  let first: Trouble;
  try {
    return await send(t, e, f, what);
  } catch (err) {
    if (!(err instanceof Trouble) || !crashStatus(err.response.status) || CARD.some((k) => f[k] !== undefined))
      throw err;
    first = err;
  }
  let again: Trouble;
  try {
    return await send(t, e, resend(), `${what}, sent again: the first was answered HTTP ${first.response.status}`);
  } catch (err) {
    if (!(err instanceof Trouble) || err.response.status !== first.response.status) throw err;
    again = err;
  }
  let answered: string;
  try {
    answered = (await send(t, e, control, 'the same request without a violation (is the gateway answering?)')).what;
  } catch (err) {
    if (err instanceof Trouble) throw first;
    throw err;
  }
  const page = again.response.text.trim();
  const trace = /stack trace|traceback|fatal error|exception/i.test(page)
    ? ' with an error page of its application (a stack trace: its internals shown)'
    : '';
  // what the page says, its markup dropped, after the words that say what happened (a reason is cut short)
  const said = quote(
    page
      .replace(/<[^<>]{0,40}>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
    120,
  );
  return {
    crashed: `answered HTTP ${again.response.status}${trace} both times it was sent, while the same request without the violation is answered (${answered.slice(0, 100)}): a crash on this input, not the documented refusal; the page: ${said}`,
  };
}

function violationCheck(e: Endpoint): Check<'jysan'> {
  const rules =
    e.op === 'payment'
      ? [...FIELD_RULES, e.rule, 'JY-SIG-01', 'JY-SIG-04', 'JY-PAY-07']
      : [e.rule, 'JY-PAY-22', 'JY-ERR-18', signatureAspect(e.op, {})];
  return {
    id: `jy.fields.${e.op}.violations`,
    title: `each single-constraint violation of a ${e.op} request gets the documented code and message, in ru and en`,
    profile: 'jysan',
    subject: 'gateway',
    area: 'fields',
    rules: [
      ...new Set([
        ...rules,
        'JY-ERR-01',
        'JY-ERR-02',
        'JY-ERR-03',
        'JY-ERR-04',
        'JY-ERR-05',
        'JY-ERR-07',
        'JY-ERR-08',
        'JY-ERR-09',
        'JY-ERR-11',
        'JY-ERR-12',
        'JY-ERR-13',
        'JY-ERR-14',
        'JY-ERR-16',
        'JY-ERR-17',
        'JY-ERR-19',
      ]),
    ],
    plans: e.op === 'payment' ? ['smoke', 'full'] : ['full'],
    async run(t) {
      const context = overrides(t, e);
      // BACKREF is a link: a real bank may refuse a random string there (27), which would hide the
      // field under test in every case; the listener's URL (or a reserved host) is a link it takes,
      // and the BACKREF violations still grow from it
      if (e.op === 'payment' && t.subject.target === 'real')
        context.BACKREF = fc.constant(
          has(t.subject, 'callbacks') ? (await t.listener()).url('result') : 'https://merchant.invalid/jysan/result',
        );
      // a status request about an order the gateway has: about an unknown ORDER every refusal is
      // code 12, which names ORDER, and no other field's violation would ever be judged
      if (e.op === 'status') {
        const known = client(t).signed('payment', order());
        if (accepted(await client(t).postPayment(known, 'an order for the status requests')))
          context.ORDER = fc.constant(known.ORDER!);
      }
      const gen = violatingArbitrary(requestSchema(e.op), {
        overrides: context,
        omit: [...CARD, ...UNDOCUMENTED],
      });
      const plans = gen.plans.filter(
        (p) => !UNDOCUMENTED.has(p.field) && !e.skip?.some((x) => x.field === p.field && x.kind === p.kind),
      );
      // cancel and confirm are about an ORDER the gateway never had: its answer to the control (12 naming
      // ORDER, or another code of the table: 99 "order not found") is the base; a violation refused with
      // that code shows nothing about its own field
      let base: number | undefined;
      const judge = async (plan: Plan, m: Record<string, unknown>) => {
        // stricter than the seed only (x-documented: CURRENCY "KzT" or "398", three letters of ISO 4217 or its
        // number; AMOUNT "1.505"): no violation the seed states, taken or refused. Was: a gateway taking
        // KzT as KZT failed JY-PAY-03 (MUST), "CURRENCY charset was accepted" (probe 18)
        if (
          (plan.kind === 'charset' || plan.kind === 'format') &&
          withinDocumented(getSchema(requestSchema(e.op)), plan.field, m[plan.field])
        )
          return;
        const f = prepare(t, e, m, plan);
        const what = `${plan.field} ${plan.kind}${plan.limit !== undefined ? ` (limit ${plan.limit})` : ''}`;
        const r = await crashOn(t, e, f, what, cf, () => prepare(t, e, m, plan));
        if ('crashed' in r) {
          // the gateway's answer to this input: no refusal of any code, so the rule of the code it must be
          // refused with fails; the field's own rule (taken or not) shows nothing either way
          const rule = CODE_RULE[violationCode('jysan', plan.field, plan.kind)!];
          if (rule !== undefined) t.expect(rule, false, `${what}: ${r.crashed}`);
          return;
        }
        // refused for another field (an unknown ORDER of a status request): no evidence about this one
        const elsewhere = r.refused && (aboutOtherField(e, r, plan.field) || (base !== undefined && r.code === base));
        // a crd_* that is no ciphertext, answered with the card page, was not processed as card data (seed
        // 002 skips the card page only when all three crd_* are sent); but a gateway that shows it for
        // ciphertext too shows nothing of JY-ENC-01 by it: jy.flow.card-data judges that beside its control.
        // Left unjudged here, not inconclusive: inconclusive outranks the verdict the judging check gave
        const ignored = CARD.includes(plan.field) && plan.kind === 'charset' && r.cardPage === true;
        if (ignored)
          return t.notJudged(
            fieldRule(e, plan),
            `${what} was answered with the card page: not processed as card data, but that shows nothing where ciphertext gets the card page too (jy.flow.card-data judges it beside encrypted card data)`,
          );
        // LANGUAGE: seed 002 names the values it supports ("поддерживаются значения «ru» и «en»"), it refuses
        // no other; taken (as ru, say) is no departure (variant ignores-unknown-language, which warned)
        const language = plan.field === 'LANGUAGE';
        if (language && !r.refused) return t.pass(fieldRule(e, plan));
        if (!elsewhere && !language) t.expect(fieldRule(e, plan), r.refused, `${what} was accepted: ${r.what}`);
        if (!r.refused) return;
        // MERCHANT and P_SIGN are checked before the signature; any other violation was signed correctly
        if (
          plan.field !== 'MERCHANT' &&
          plan.field !== 'P_SIGN' &&
          !(await signedOk(t, e.op, f, r.code, what, r.refused ? r.message : undefined))
        )
          return;
        // refused, it is refused about LANGUAGE: its message names it (not "Другая ошибка", not another field);
        // a refusal without a message says nothing of what it is about (JY-ERR-18 judges that)
        if (language && !elsewhere && (r.message ?? '').trim() !== '')
          t.expect(
            fieldRule(e, plan),
            /\bLANGUAGE\b/.test(r.message ?? ''),
            `${what} was refused, not about LANGUAGE (its message names no LANGUAGE): ${r.what}`,
          );
        if (e.op !== 'payment')
          t.expect(
            'JY-ERR-18',
            r.xmlShape === true,
            `${what}: the XML error reply has no <description> or carries an <operation>: ${r.what}`,
          );
        // MUST: a documented code with its documented message; which code is paycert's mapping (INFERRED)
        if (!documentedCode(t, r.code, what, r.codeText) || elsewhere) return;
        const mapped = violationCode('jysan', plan.field, plan.kind)!;
        // which of the documented codes a violation gets the seed never says: the generic code of its
        // kind (24 missing, 25 too short, 26 too long, 27 an invalid value) and the field's own (12 ORDER,
        // 13 AMOUNT, …: "Неправильное значение в поле ORDER: %s") are both right (variants field-own-codes,
        // field-generic-codes); errors.json's map names the one the reference gives. A value of the wrong
        // length of an enumerated field (LANGUAGE "r") is outside the enum as well: the enum's code is as
        // right as the length's, whichever the gateway checks first; likewise a P_SIGN missing, of the
        // wrong length or not hex cannot be the 128-digit signature: 21 "Неправильная подпись!" is as right
        // as 24-27 (the seed documents both and orders no checks)
        // and a MERCHANT or TERMINAL of the wrong length cannot be the configured one: unknown (17, 20)
        const also = enumerated(e, plan)
          ? violationCode('jysan', plan.field, 'enum')
          : plan.field === 'P_SIGN'
            ? 21
            : plan.kind === 'tooShort' || plan.kind === 'tooLong'
              ? violationCode('jysan', plan.field, 'unknown')
              : undefined;
        const own = ownFieldCode('jysan', plan.field);
        const generic = loadErrors('jysan').violations?.default?.[plan.kind];
        const right = [...new Set([mapped, generic, own, also].filter((x): x is number => x !== undefined))];
        const ok = r.code !== undefined && right.includes(r.code);
        // judged under the rule of the kind (JY-ERR-11..14, or the field's own: JY-ERR-02 a non-digit
        // ORDER), or of the other code given (JY-ERR-14 for 27, JY-ERR-09 for 21, JY-ERR-08 for 20)
        const rule = CODE_RULE[also !== undefined && r.code === also ? also : mapped]!;
        const want = right.join(' or ');
        t.expect(rule, ok, `${what}: code ${r.code}, want ${want}`);
        t.expect('JY-ERR-17', ok, `${what}: code ${r.code}, not a code of its kind (${want})`);
        // the substituted values a code's template shows: the field's name (24-27), its limit (25, 26), the
        // value (a field's own code; none for a missing one), nothing (19, 21)
        const value = (f[plan.field] ?? '').trim();
        const parts = !ok
          ? []
          : r.code === 24 || r.code === 27
            ? [`"${plan.field}"`]
            : r.code === 25 || r.code === 26
              ? [`"${plan.field}"`, ` ${plan.limit} `]
              : r.code === 19 || r.code === 21 || value === ''
                ? []
                : [value];
        judgeMessage(t, 'JY-ERR-19', r.code!, r.message, asked(f.LANGUAGE), parts);
      };
      // The control: a request without any violation must get through, or a refusal tells nothing about a field
      const [control] = fc.sample(
        validArbitrary(requestSchema(e.op), { overrides: context, omit: [...CARD, ...UNDOCUMENTED] }),
        { numRuns: 1, seed: t.seed },
      );
      const cf = prepare(t, e, control!);
      const c = await send(t, e, cf, 'control: no violation');
      const unknownOrder =
        (e.op === 'cancel' || e.op === 'confirm') &&
        c.code !== 21 &&
        loadErrors('jysan').codes.some((x) => x.code !== 0 && x.code === c.code);
      if (c.refused && !aboutOtherField(e, c) && unknownOrder) {
        base = c.code;
        t.note(
          `the control ${e.op}, about an ORDER the gateway never had, is refused with code ${c.code} (${c.what}): violations refused with ${c.code} too are not judged`,
        );
      } else if (c.refused && !aboutOtherField(e, c)) {
        // a code 21's cause, found on the same operation (a payment's hint is no cancel's)
        const why =
          e.op === 'payment' || c.code !== 21
            ? await withBadSignCause(t, c.code, c.what)
            : `${c.what}; refused as badly signed (${await xmlBadSignCause(t, e.op, cf)})`;
        t.inconclusive(
          `setup: a ${e.op} request without any violation is refused too (${why}): a refusal would show nothing about a field`,
        );
      }
      // every violation kind once (a smoke run against a real target only samples), then random cases
      if (t.exhaustive) {
        for (const plan of plans) {
          const [one] = fc.sample(gen.forPlan(plan), { numRuns: 1, seed: t.seed });
          if (one) await judge(plan, one.message);
        }
      }
      await t.property(rules[0]!, fc.constantFrom(...plans).chain(gen.forPlan), (v) => judge(v.plan, v.message));
      t.note(`${plans.length} violation kinds over ${new Set(plans.map((p) => p.field)).size} fields`);
    },
  };
}

export const checks = defineChecks({ profile: 'jysan', subject: 'gateway', area: 'fields' }, [
  {
    id: 'jy.fields.payment.valid',
    title: 'every schema-valid payment request (browser flow) is accepted with the card page',
    rules: [...new Set(['JY-PAY-16', 'JY-PAY-18', 'JY-PAY-07', 'JY-SIG-01', 'JY-SIG-04', ...FIELD_RULES])],
    plans: ['smoke', 'full'],
    async run(t) {
      const e = ENDPOINTS[0]!;
      const o = overrides(t, e);
      const omit = [...CARD, ...UNDOCUMENTED];
      // the reference never calls BACKREF by itself; a real gateway might, so there it points at the listener or is left out
      if (t.subject.target === 'real') {
        if (has(t.subject, 'callbacks')) o.BACKREF = fc.constant((await t.listener()).url('result'));
        else omit.push('BACKREF');
      }
      const valid = validArbitrary(requestSchema('payment'), { overrides: o, omit });
      const judge = async (m: Record<string, unknown>, zeroLed: boolean) => {
        const f = prepare(t, e, m, undefined, zeroLed);
        const what = 'a schema-valid request without crd_* was not answered with the HTML card page';
        // a reply that is neither an error, the card page nor a result fails JY-PAY-18 and shows nothing else
        const r = formOnly(
          t,
          'JY-PAY-18',
          await client(t, { raw: true }).postPayment(f, 'a schema-valid payment request'),
          what,
        );
        if (
          !(await signedOk(
            t,
            'payment',
            f,
            r.code,
            'a schema-valid payment request',
            r.kind === 'error' ? r.message : undefined,
          ))
        )
          return;
        // an ORDER with a leading zero refused as an ORDER that is no N(6-10) (its own code 12, or 24-27
        // naming it; not 18, a repeat) fails the field's rule where the same request with an ORDER without
        // one is taken (a gateway refusing every payment refuses that too)
        if (zeroLed && r.kind === 'error') {
          const aboutOrder = r.code === 12 || (r.code! >= 24 && r.code! <= 27 && /"ORDER"/.test(r.message ?? ''));
          if (aboutOrder) {
            const { P_SIGN: _p, ...rest } = f;
            const g = { ...rest, ORDER: orderId(), ...(rest.NONCE ? { NONCE: nonce(rest.NONCE) } : {}) };
            const plain = await client(t).payment(g, 'the same request with an ORDER without a leading zero');
            const why = `ORDER '${f.ORDER}' (a leading zero) was refused (${describe(r)}), the same request with ORDER ${g.ORDER} is ${accepted(plain) ? 'taken' : `refused too (${describe(plain)})`}`;
            if (accepted(plain)) t.expect('JY-PAY-01', false, why);
            else t.cannotJudge('JY-PAY-01', why);
            return;
          }
        }
        if (zeroLed && accepted(r)) t.pass('JY-PAY-01');
        // refused naming one of its fields (24–27: "Введите валидное значение в поле "EMAIL"."), a value the
        // seed's field table allows: that field's rule fails, and the card page that did not come is not
        // JY-PAY-18's (was: an EMAIL with a "+" refused warned JY-PAY-18, and JY-PAY-11 passed: probe 18)
        const named = r.kind === 'error' ? refusedField(r.code, r.message) : undefined;
        const own = named && fieldRule(e, { field: named, kind: 'charset' } as Plan);
        if (own && FIELD_RULES.includes(own)) {
          t.notJudged('JY-PAY-18', `a refusal naming ${named} is ${own}'s: ${describe(r)}`);
          return void t.expect(
            own,
            false,
            `a schema-valid request was refused naming ${named} (${named} ${f[named] === undefined ? 'not sent' : JSON.stringify(f[named])}, which the seed's field table allows): ${describe(r)}`,
          );
        }
        // the seed's own codes for a value the schema cannot judge (27 naming no field of the request, 22
        // no rate, 23 over a limit) are seed-allowed refusals, not a refused POST; the card page that did
        // not come is still JY-PAY-18's (INFERRED)
        if (!(r.kind === 'error' && VALUE_REFUSALS.has(r.code!)))
          t.expect('JY-PAY-16', r.kind !== 'error', `a schema-valid request was refused: ${describe(r)}`);
        t.expect(
          'JY-PAY-18',
          accepted(r) && /html/i.test(r.http.headers['content-type'] ?? ''),
          `${what}: ${describe(r)}`,
        );
      };
      // some ORDERs with a leading zero (N(6-10): "0012345" is one), by the generated ORDER's last digit so
      // that a case and its replay agree, the first case of every run among them: a gateway reading ORDER
      // as a number hashes another value (no ORDER paycert sent had one, and such a gateway passed)
      const zeroLed = (m: Record<string, unknown>) => /[0369]$/.test(String(m.ORDER ?? ''));
      const [first] = fc.sample(valid, { numRuns: 1, seed: t.seed });
      await t.property('JY-PAY-16', valid, (m) => judge(m, zeroLed(m)), {
        examples: [{ ...first!, ORDER: '1000000' }],
      });
      for (const LANGUAGE of ['ru', 'en']) {
        const f = order({ LANGUAGE });
        const r = await client(t).payment(f, `LANGUAGE=${LANGUAGE}`);
        if (await signedOk(t, 'payment', f, r.code, `LANGUAGE=${LANGUAGE}`)) {
          // refused: about LANGUAGE only where the same request without it is taken
          const { LANGUAGE: _l, ...without } = f;
          await requireFormula(t, r, `a request with LANGUAGE=${LANGUAGE}`, without);
          t.expect('JY-PAY-07', r.kind !== 'error', `a request with LANGUAGE=${LANGUAGE} was refused: ${describe(r)}`);
        }
      }
    },
  },
  ...ENDPOINTS.map(violationCheck),
  {
    id: 'jy.fields.characters',
    title: 'lengths count characters: a Cyrillic DESC of 30 or 50 characters is accepted, 51 is too long',
    rules: ['JY-PAY-09', 'JY-ERR-13'],
    async run(t) {
      const c = client(t);
      // a DESC within C(1-50) refused as badly signed (21) while a plain ASCII request is taken: the gateway
      // hashes non-ASCII values otherwise, a matter of the signature (JY-SIG-09), not of DESC's length
      let signature: string | undefined;
      for (const n of [30, 50]) {
        const r = await c.payment(order({ DESC: 'Ж'.repeat(n) }), `Cyrillic DESC of ${n} characters (${2 * n} bytes)`);
        await requireFormula(t, r, `a Cyrillic DESC of ${n} characters`);
        if (r.kind === 'error' && r.code === 21) {
          signature ??= `a Cyrillic DESC of ${n} characters was refused as badly signed (code 21), while a plain ASCII payment request by the documented formula is taken: the signature of non-ASCII values (JY-SIG-09, judged by jy.sig.utf8), not DESC's length: ${describe(r)}`;
          continue;
        }
        t.expect('JY-PAY-09', accepted(r), `a Cyrillic DESC of ${n} characters was refused: ${describe(r)}`);
      }
      const r = await c.payment(order({ DESC: 'Ж'.repeat(51) }), 'Cyrillic DESC of 51 characters');
      // refused, the 51 shows the limit only beside a 50 taken
      if (signature !== undefined && r.kind === 'error') t.cannotJudge('JY-PAY-09', signature);
      else t.expect('JY-PAY-09', r.kind === 'error', `a Cyrillic DESC of 51 characters was accepted: ${describe(r)}`);
      // the refusal's code only where there is a refusal, and one not about the signature of non-ASCII values
      if (signature !== undefined && r.kind === 'error' && r.code === 21) t.cannotJudge('JY-ERR-13', signature);
      else if (r.kind === 'error')
        t.expect('JY-ERR-13', r.code === 26, `a Cyrillic DESC of 51 characters: ${describe(r)}, want code 26`);
      else
        t.cannotJudge(
          'JY-ERR-13',
          `a Cyrillic DESC of 51 characters was not refused (JY-PAY-09): there is no code to judge`,
        );
    },
  },
  {
    id: 'jy.fields.width',
    title: 'a CURRENCY or TERMINAL one character too long is refused, even when it begins with a valid value',
    rules: ['JY-PAY-03', 'JY-PAY-05', 'JY-SIG-01'],
    async run(t) {
      const c = client(t);
      // a gateway cutting the value to the column width would take these as KZT and the merchant's TERMINAL
      const cases: Array<[string, string, Fields]> = [
        ['JY-PAY-03', 'CURRENCY KZTA (C(3) + 1)', order({ CURRENCY: 'KZTA' })],
        [
          'JY-PAY-05',
          `TERMINAL ${t.credentials.terminal}0 (C(6-8) + 1 when the TERMINAL has 8)`,
          {
            ...order(),
            TERMINAL: `${t.credentials.terminal}${'0'.repeat(Math.max(1, 9 - t.credentials.terminal.length))}`,
          },
        ],
      ];
      for (const [rule, what, f] of cases) {
        const m = c.signed('payment', f);
        const r = await c.postPayment(m, what);
        if (await signedOk(t, 'payment', m, r.code, what))
          t.expect(rule, r.kind === 'error', `${what} was accepted: ${describe(r)}`);
      }
    },
  },
  {
    id: 'jy.fields.extra',
    title: 'NAME and WTYPE (seen in public clients) are tolerated and not signed',
    rules: ['JY-PAY-21'],
    async run(t) {
      const c = client(t);
      const m = c.signed('payment', order());
      const r = await c.postPayment({ ...m, NAME: 'NAME OF CLIENT', WTYPE: '2' }, 'NAME and WTYPE added, not signed');
      await requireFormula(t, r, 'a request with NAME and WTYPE');
      if (!accepted(r))
        return void t.expect(
          'JY-PAY-21',
          false,
          `a request with NAME and WTYPE outside the signature was refused: ${describe(r)}`,
        );
      // taken, it shows them left out of the signature only where a wrong P_SIGN is refused
      const w = await wrongSignAccepted(t);
      t.passBeside(
        'JY-PAY-21',
        !w,
        () =>
          `the request was taken, and so was one with a wrong P_SIGN (${describe(w!)}): which fields are signed is not shown`,
      );
    },
  },
]);
