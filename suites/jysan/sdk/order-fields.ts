import {
  PAYMENT_SIGNED_FIELDS,
  baseString,
  stripLineBreaks,
  verify,
  type Operation,
  type SignOptions,
} from '../../../src/protocols/jysan/index.ts';
import { sameDecimal } from '../../../src/protocols/common/decimal.ts';
import { sameCurrency } from '../../../src/protocols/jysan/currency.ts';
import { getSchema, schemaId, validate } from '../../../src/spec/ajv.ts';
import { classify, describeViolation, isAdvisory, isOurs, withinDocumented } from '../../../src/spec/violations.ts';

/** What of a payment form's documented fields breaks payment-request.schema.json, split by who states it:
 *  `seed` what seed 002's field table states (JY-SDK-09, MUST), `inferred` what only the schema's stricter
 *  pattern refuses (`x-documented`: at most two decimals in AMOUNT, an uppercase alphabetic CURRENCY;
 *  JY-SDK-14, INFERRED). Undocumented extra fields are neither's (JY-SDK-05/07 judge what they carry). */
export function fieldTableBreaks(f: Record<string, unknown>): { seed: string[]; inferred: string[] } {
  const id = schemaId('jysan', 'payment-request');
  const out = { seed: [] as string[], inferred: [] as string[] };
  const v = validate(id, f);
  if (v.ok) return out;
  const schema = getSchema(id);
  for (const x of classify(schema, f, v.errors)) {
    if (x.kind === 'unknown' || isAdvisory(schema, x) || isOurs(schema, x)) continue;
    const within = (x.kind === 'format' || x.kind === 'charset') && withinDocumented(schema, x.field, f[x.field]);
    (within ? out.inferred : out.seed).push(
      within
        ? `${x.field} ${JSON.stringify(f[x.field])} ${INFERRED_WHY[x.field] ?? 'breaks the schema'}`
        : describeViolation(x),
    );
  }
  return out;
}

// the seed allows these (JY-SDK-09 passes them); the reason says that paycert's own gateway does not
const INFERRED_WHY: Record<string, string> = {
  AMOUNT: "has more than two decimals (paycert's reference gateway refuses it: code 13)",
  CURRENCY: "is not the alphabetic ISO 4217 code in capitals (as KZT; paycert's reference gateway refuses it: code 14)",
};

/** A decimal written with '.' (seed 002: AMOUNT N(1 - 13), "разделитель - точка"); other spellings
 *  ("1,500.50") are not read as an amount here: their form is JY-SDK-09's. */
const DECIMAL = /^[0-9]+(\.[0-9]+)?$/;

/** ORDER as the field table gives it (N 6-10, read from the request schema): another one ("2808" for
 *  "002808", an integer cast) breaks the table, JY-SDK-09's, and is not judged as another order too. */
function orderShaped(v: string): boolean {
  const o = (getSchema(schemaId('jysan', 'payment-request')) as { properties: Record<string, Record<string, unknown>> })
    .properties.ORDER!;
  return new RegExp(String(o.pattern)).test(v) && v.length >= Number(o.minLength) && v.length <= Number(o.maxLength);
}

/** The fields of seed 002's payment field table (payment-request.schema.json's properties). */
export function documentedFormFields(): string[] {
  return Object.keys(
    (getSchema(schemaId('jysan', 'payment-request')) as { properties: Record<string, unknown> }).properties,
  );
}

/** The currencies of the orders the SDK checks give: payment-request.schema.json's examples of CURRENCY, the
 *  ISO 4217 codes paycert's gateway takes (fixtures/jysan/sandbox.json: another one, RUB, it refuses, code 14). */
export function orderCurrencies(): string[] {
  const c = (getSchema(schemaId('jysan', 'payment-request')) as { properties: Record<string, { examples?: string[] }> })
    .properties.CURRENCY!;
  return [...(c.examples ?? ['KZT'])];
}

/** The same currency (src/protocols/jysan/currency.ts, shared with the gateway checks' JY-STA-03). */
export { sameCurrency };

/** The optional fields a shop gives an SDK for its payment form (seed 002's table, crd_* aside: those
 *  are the payer's card data, encrypted in the browser), and LANGUAGE: the signed fields but those the
 *  order gives (ORDER, AMOUNT, CURRENCY, DESC) and those the SDK sets itself (MERCHANT, TERMINAL, NONCE). */
const NOT_OPTIONAL: readonly string[] = ['ORDER', 'AMOUNT', 'CURRENCY', 'DESC', 'MERCHANT', 'TERMINAL', 'NONCE'];
export const OPTIONAL_GIVEN = ['LANGUAGE', ...PAYMENT_SIGNED_FIELDS.filter((f) => !NOT_OPTIONAL.includes(f))];

/** How the form departs from the order the SDK was given. `order` (JY-SDK-15, MUST): ORDER, AMOUNT
 *  (as a number) or CURRENCY (the same currency) changed, each judged only when the form's value has
 *  the field table's shape (a missing or misspelt one is JY-SDK-09's); `text` (JY-SDK-16, INFERRED):
 *  DESC or an optional field given that the form does not carry as given (DESC and DESC_ORDER may differ
 *  in their line breaks alone, which the seed's clean-up removes). `judged*`: whether any value was compared. */
export function orderChanges(
  given: Record<string, string>,
  f: Record<string, string>,
): { order: string[]; text: string[]; judgedOrder: boolean; judgedText: boolean } {
  const r = { order: [] as string[], text: [] as string[], judgedOrder: false, judgedText: false };
  const changed = (name: string, want: string, got: string | undefined) =>
    got === undefined
      ? `${name} ${JSON.stringify(want)} is not in the form`
      : `${name} ${JSON.stringify(want)} became ${JSON.stringify(got)}`;
  if (given.ORDER !== undefined && f.ORDER !== undefined && orderShaped(f.ORDER)) {
    r.judgedOrder = true;
    if (f.ORDER !== given.ORDER) r.order.push(changed('ORDER', given.ORDER, f.ORDER));
  }
  if (given.AMOUNT !== undefined && f.AMOUNT !== undefined && DECIMAL.test(f.AMOUNT) && DECIMAL.test(given.AMOUNT)) {
    r.judgedOrder = true;
    if (!sameDecimal(given.AMOUNT, f.AMOUNT)) r.order.push(changed('AMOUNT', given.AMOUNT, f.AMOUNT));
  }
  if (given.CURRENCY !== undefined && f.CURRENCY !== undefined && /^([A-Za-z]{3}|[0-9]{3})$/.test(f.CURRENCY)) {
    r.judgedOrder = true;
    if (!sameCurrency(given.CURRENCY, f.CURRENCY)) r.order.push(changed('CURRENCY', given.CURRENCY, f.CURRENCY));
  }
  const asGiven = (name: string, clean: boolean) => {
    const want = given[name];
    if (want === undefined || want === '') return;
    // a missing DESC is JY-SDK-09's (required); a missing optional field is the shop's given one dropped
    if (name === 'DESC' && f.DESC === undefined) return;
    r.judgedText = true;
    const got = f[name];
    // the seed removes DESC's and DESC_ORDER's line breaks before processing: one of them dropped, or
    // written otherwise (CR/LF as LF), changes nothing the bank reads
    if (got === want || (clean && got !== undefined && stripLineBreaks(got) === stripLineBreaks(want))) return;
    const cut = got !== undefined && got.includes('\uFFFD') && !want.includes('\uFFFD');
    r.text.push(
      `${changed(name, want, got)}${cut ? ' (U+FFFD, the replacement character, where a character was cut in two: a cut counted in bytes, not characters)' : ''}`,
    );
  };
  asGiven('DESC', true);
  for (const n of OPTIONAL_GIVEN) asGiven(n, n === 'DESC_ORDER');
  return r;
}

/** Mistakes a signer makes that paycert can name when the P_SIGN verifies under them. */
const SIGN_MISTAKES: Partial<Record<Operation, Array<[string, SignOptions]>>> = {
  payment: [
    ['LANGUAGE signed (after NONCE)', { withLanguage: true }],
    ['LANGUAGE signed (after the last value)', { fields: [...PAYMENT_SIGNED_FIELDS, 'LANGUAGE'] }],
    ['the line breaks of DESC / DESC_ORDER kept', { stripLineBreaks: false }],
    ["no ';' after the last value", { trailingSeparator: false }],
  ],
  status: [["a ';' after the last value", { trailingSeparator: true }]],
  cancel: [
    ["no ';' after the last value", { trailingSeparator: false }],
    ['the line breaks of REV_DESC kept', { stripLineBreaks: false }],
  ],
};

/** What a JY-SDK-01/03 failure shows beside the P_SIGN: the string paycert expected to be hashed after
 *  the secret (the secret itself is never part of it: `SHARED_SECRET` names it), and the known mistake
 *  the P_SIGN verifies under, when one does. */
export function expectedSign(
  op: Operation,
  f: Record<string, string>,
  secret: string,
  sig: string | undefined,
): string {
  // said first (a reason is cut): a value that is no longer the text it was
  const cut = replacementChars(f);
  const said = signMistake(op, f, secret, sig);
  return cut === undefined ? said : `${cut}; ${said}`;
}

/** Which values carry U+FFFD, the replacement character, as the words for a reason: a text cut inside a
 *  character (DESC is C(1 – 50) characters, not bytes: PHP's substr($desc, 0, 50) cuts Cyrillic in two) or
 *  one that was not UTF-8, read back so; undefined when none does. */
export function replacementChars(f: Record<string, string>): string | undefined {
  const names = Object.keys(f).filter((k) => f[k]!.includes('\uFFFD'));
  if (names.length === 0) return undefined;
  return `${names.join(', ')} carr${names.length > 1 ? 'y' : 'ies'} U+FFFD, the replacement character: a character cut in two (a cut counted in bytes, not characters) or text that was not UTF-8`;
}

function signMistake(op: Operation, f: Record<string, string>, secret: string, sig: string | undefined): string {
  const base = `expected sha512(SHARED_SECRET + ${JSON.stringify(baseString(op, f))})`;
  if (typeof sig !== 'string') return base;
  // the right value in another case: seed 002's hash("sha512", …) writes lowercase hex, and paycert's gateway
  // compares exactly (code 21); whether the bank takes uppercase is open (digest open question 9)
  if (sig !== sig.toLowerCase() && verify(op, f, secret, sig.toLowerCase()))
    return `it is the right SHA-512 written in uppercase hex: seed 002's PHP hash("sha512", …) writes lowercase hex, and paycert's reference gateway compares exactly (code 21)`;
  const hit = (SIGN_MISTAKES[op] ?? []).find(([, o]) => verify(op, f, secret, sig.toLowerCase(), o));
  if (hit) return `${base}; it verifies with ${hit[0]}`;
  // the empty fields left out with their ';' (probe 22, skip_empty): the seed's PHP appends each value and its
  // ';' whatever it holds (`.$_POST["NONCE"].";"`)
  if (op === 'payment') {
    const present = PAYMENT_SIGNED_FIELDS.filter((k) => (f[k] ?? '') !== '');
    if (present.length < PAYMENT_SIGNED_FIELDS.length && verify(op, f, secret, sig.toLowerCase(), { fields: present }))
      return `${base}; it verifies with the empty fields left out (each with its ';'), which seed 002's PHP appends whatever they hold`;
  }
  // the seed's own PHP example, preg_replace("/\n|\r/g", "", …), returns null (PHP has no /g modifier): DESC
  // and DESC_ORDER signed empty
  const texts = op === 'payment' ? ['DESC', 'DESC_ORDER'].filter((k) => (f[k] ?? '') !== '') : [];
  const emptied = Object.fromEntries(texts.map((k) => [k, '']));
  if (texts.length > 0 && verify(op, { ...f, ...emptied }, secret, sig.toLowerCase()))
    return `${base}; it verifies with ${texts.join(' and ')} signed empty (the seed's example preg_replace("/\\n|\\r/g", …) returns null in PHP, which has no /g modifier)`;
  // a documented field sent under another name (AMOUNT for REV_AMOUNT) and signed in its place
  const want = OP_FIELDS[op] ?? [];
  for (const m of want.filter((n) => f[n] === undefined))
    for (const o of Object.keys(f).filter((k) => !want.includes(k) && !OP_OPTIONAL.has(k)))
      if (verify(op, { ...f, [m]: f[o] }, secret, sig.toLowerCase())) return `${base}; it verifies with ${o} as ${m}`;
  return base;
}

/** The documented fields of an XML operation's request (digest §A7, §A8): a request without one is named
 *  as such, before its signature (a cancel sending AMOUNT for REV_AMOUNT was blamed on P_SIGN alone). */
const OP_FIELDS: Partial<Record<Operation, readonly string[]>> = {
  status: ['ORDER', 'MERCHANT', 'GETSTATUS'],
  cancel: ['ORDER', 'MERCHANT', 'REV_AMOUNT', 'REV_DESC'],
};
const OP_OPTIONAL = new Set(['LANGUAGE', 'P_SIGN']);

export function missingFields(op: Operation, f: Record<string, string>): string | undefined {
  const want = OP_FIELDS[op];
  if (!want) return undefined;
  const missing = want.filter((n) => f[n] === undefined);
  if (!missing.length) return undefined;
  const others = Object.keys(f).filter((k) => !want.includes(k) && !OP_OPTIONAL.has(k));
  return `the request carries no ${missing.join(', ')}${
    others.length ? ` but ${others.join(', ')}, which the ${op} does not document` : ''
  } (the ${op}'s fields: ${want.join(', ')}, digest §A7/§A8)`;
}

/** The fields of `configured` (MERCHANT, TERMINAL: the credentials the SDK was given) the request carries
 *  with another value (JY-SDK-20 for the payment form, JY-SDK-19 for status and cancel). A field it does
 *  not carry is not judged (JY-SDK-09's, JY-SDK-21's). `judged`: whether any value was compared. */
export function notConfigured(
  configured: Record<string, string>,
  f: Record<string, string>,
): { changes: string[]; judged: boolean } {
  const r = { changes: [] as string[], judged: false };
  for (const [k, want] of Object.entries(configured)) {
    if (f[k] === undefined) continue;
    r.judged = true;
    const whose = k === 'MERCHANT' ? 'merchant' : 'terminal';
    if (f[k] !== want)
      r.changes.push(
        `${k} ${JSON.stringify(f[k])} is not the ${whose} the SDK was configured with (${JSON.stringify(want)})`,
      );
  }
  return r;
}

/** What of a status or cancel request breaks the schema paycert's gateway validates it with (JY-SDK-21:
 *  status-request, cancel-request; digest §A7, §A8). Fields the schema does not list are tolerated, as
 *  the gateway does (JY-PAY-21); P_SIGN is JY-SDK-03's. */
export function requestFormBreaks(op: 'status' | 'cancel', f: Record<string, string>): string[] {
  const id = schemaId('jysan', `${op}-request`);
  const v = validate(id, f);
  if (v.ok) return [];
  return classify(getSchema(id), f, v.errors)
    .filter((x) => x.kind !== 'unknown' && x.field !== 'P_SIGN')
    .map((x) =>
      x.kind === 'missing' ? describeViolation(x) : `${describeViolation(x)}: ${JSON.stringify(f[x.field])}`,
    );
}

/** How a status or cancel request departs from what the SDK was given (JY-SDK-19): its ORDER the order
 *  as given, its MERCHANT the configured one, a cancel's REV_AMOUNT the amount (as a number) and its
 *  REV_DESC the description, line breaks aside (the bank removes them, digest §A8). A field the request
 *  does not carry is not judged here (JY-SDK-21's). `judged`: whether any value was compared. */
export function requestChanges(
  given: { order: string; amount?: string; description?: string; merchant?: string },
  f: Record<string, string>,
): { changes: string[]; judged: boolean } {
  const r =
    given.merchant === undefined
      ? { changes: [] as string[], judged: false }
      : notConfigured({ MERCHANT: given.merchant }, f);
  if (f.ORDER !== undefined) {
    r.judged = true;
    if (f.ORDER !== given.order)
      r.changes.push(`ORDER ${JSON.stringify(given.order)} became ${JSON.stringify(f.ORDER)}`);
  }
  if (given.amount !== undefined && f.REV_AMOUNT !== undefined) {
    r.judged = true;
    const same = DECIMAL.test(f.REV_AMOUNT) ? sameDecimal(given.amount, f.REV_AMOUNT) : f.REV_AMOUNT === given.amount;
    if (!same) r.changes.push(`REV_AMOUNT ${JSON.stringify(given.amount)} became ${JSON.stringify(f.REV_AMOUNT)}`);
  }
  if (given.description !== undefined && f.REV_DESC !== undefined) {
    r.judged = true;
    if (stripLineBreaks(f.REV_DESC) !== stripLineBreaks(given.description))
      r.changes.push(`REV_DESC ${JSON.stringify(given.description)} became ${JSON.stringify(f.REV_DESC)}`);
  }
  return r;
}

/** How many payment forms JY-SDK-02 builds in a row to judge the order of their NONCEs. */
export const NONCE_RUN = 10;
/** Fewer NONCEs say nothing of their order (eight random numbers are in order with probability 2/8!, 1 in 20,160). */
const FEWEST_NONCES = 8;

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

/** Why the NONCEs of payment forms built one after another, in the order built, are no random numbers (seed
 *  002: "Случайное уникальное число"): they only count up or down, their last six digits too, as a counter or a
 *  clock does; random numbers are so ordered with probability 2/n! (a clock's reading followed by random digits
 *  is not named: its last digits are random). Undefined when they are not, or there is nothing to say: fewer
 *  than eight, one that is not digits (JY-SDK-09's), a repeat (uniqueness is judged on its own). */
export function countingNonces(seq: readonly string[]): string | undefined {
  if (seq.length < FEWEST_NONCES || !seq.every((n) => /^[0-9]{1,64}$/.test(n))) return undefined;
  const ordered = (v: bigint[], up: boolean) => v.every((x, i) => i === 0 || (up ? x > v[i - 1]! : x < v[i - 1]!));
  const whole = seq.map((n) => BigInt(n));
  const tails = seq.map((n) => BigInt(n.slice(-6)));
  const up = ordered(whole, true) && ordered(tails, true);
  if (!up && !(ordered(whole, false) && ordered(tails, false))) return undefined;
  const shown = [...seq.slice(0, 3), '…', seq[seq.length - 1]].join(', ');
  const odds = (factorial(seq.length) / 2).toLocaleString('en-US');
  return `the NONCEs of ${seq.length} payment forms built in a row only count ${up ? 'up' : 'down'}, their last six digits too (${shown}), as a counter or a clock does: random numbers are so ordered with probability 2/${seq.length}! (1 in ${odds}), and seed 002's NONCE is "Случайное уникальное число"`;
}
