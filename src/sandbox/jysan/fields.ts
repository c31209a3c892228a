import { getSchema, schemaId, validate } from '../../spec/ajv.ts';
import { violationCode } from '../../spec/load.ts';
import { classify, type Violation } from '../../spec/violations.ts';
import { template } from '../../protocols/jysan/index.ts';
import type { Form, Jy, Refusal } from './context.ts';
import type { JysanDefect } from './defects.ts';

type Schema = Record<string, unknown>;

/** Fields checked before the merchant is identified and the signature verified. */
const EARLY = new Set(['MERCHANT', 'P_SIGN']);
/** Base64 of a 2048-bit RSA block */
const CIPHER_2048 = 344;

/** The fields with a code of their own (variant field-own-codes gives it for every violation). */
const OWN_CODE: Record<string, number> = { ORDER: 12, AMOUNT: 13, REV_AMOUNT: 13, CURRENCY: 14, MERCHANT: 17, TERMINAL: 20, crd_exp: 19 };

/** Defects that leave the form of one payment field unchecked (all but a missing value). */
const LAX: Record<string, { fields: string[]; kinds?: string[] }> = {
  'lax-order': { fields: ['ORDER'] }, // JY-PAY-01
  'lax-amount': { fields: ['AMOUNT'], kinds: ['charset', 'format'] }, // JY-PAY-02 (length: code 13 or 23 would follow)
  'lax-nonce': { fields: ['NONCE'] }, // JY-PAY-06
  'lax-client-id': { fields: ['CLIENT_ID'] }, // JY-PAY-08
  'lax-desc-order': { fields: ['DESC_ORDER'] }, // JY-PAY-10
  'lax-email': { fields: ['EMAIL'] }, // JY-PAY-11
  'lax-backref': { fields: ['BACKREF'] }, // JY-PAY-12
  'lax-ucaf': { fields: ['Ucaf_Flag', 'Ucaf_Authentication_Data'] }, // JY-PAY-13
};

export interface FieldCheck {
  /** a violation of MERCHANT or P_SIGN: reported before anything else */
  early?: Refusal;
  /** the first violation of any other field: reported once the signature verified */
  late?: Refusal;
}

/** Template arguments: a quoted %s is the field name, another %s the value (the name for card
 *  data), %d the limit. */
export function argsFor(code: number, field: string, value: string, limit: number | undefined, sensitive: boolean): (string | number)[] {
  const tpl = template(code, 'ru');
  return (tpl.match(/"?%[sd]/g) ?? []).map((p) => (p === '%d' ? (limit ?? 0) : p.startsWith('"') || sensitive ? field : value));
}

function refusal(jy: Jy, props: Record<string, Schema>, f: Form, v: Violation): Refusal {
  let code = violationCode('jysan', v.field, v.kind) ?? 27;
  if (jy.defects.has('field-own-codes') && OWN_CODE[v.field] !== undefined) code = OWN_CODE[v.field]!;
  if (jy.defects.has('order-charset-27') && code === 12) code = 27; // JY-ERR-02
  if (jy.defects.has('missing-as-27') && code === 24) code = 27; // JY-ERR-11
  if (jy.defects.has('too-short-as-27') && code === 25) code = 27; // JY-ERR-12
  if (jy.defects.has('charset-as-26') && code === 27) code = 26; // JY-ERR-14
  if (jy.defects.has('card-expiry-27') && code === 19) code = 27; // JY-ERR-07
  if (v.kind === 'tooLong' && jy.defects.has('wrong-code-too-long')) code = 27;
  return { code, field: v.field, args: argsFor(code, v.field, f[v.field] ?? '', v.limit, props[v.field]?.['x-sensitive'] === true) };
}

/** Validate a request against its schema (fields not in the schema are tolerated: JY-PAY-21). */
export function checkFields(jy: Jy, schemaName: string, f: Form): FieldCheck {
  const id = schemaId('jysan', schemaName);
  const schema = getSchema(id);
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  const order = Object.keys(props);
  let found = classify(schema, f, validate(id, f).errors).filter((v) => v.kind !== 'unknown');
  if (jy.keyBits > 1024) found = found.filter((v) => !(v.field.startsWith('crd_') && v.kind === 'tooLong' && (f[v.field] ?? '').length <= CIPHER_2048));
  if (schemaName === 'payment-request') {
    for (const [d, lax] of Object.entries(LAX)) {
      if (jy.defects.has(d as JysanDefect)) found = found.filter((v) => !(lax.fields.includes(v.field) && v.kind !== 'missing' && (!lax.kinds || lax.kinds.includes(v.kind))));
    }
  }
  if (jy.defects.has('ignores-unknown-language')) found = found.filter((v) => v.field !== 'LANGUAGE');
  if (jy.defects.has('limits-in-bytes')) {
    for (const [k, p] of Object.entries(props)) {
      const max = p.maxLength as number | undefined;
      const val = f[k];
      if (max !== undefined && val !== undefined && Buffer.byteLength(val, 'utf8') > max && !found.some((v) => v.field === k)) found.push({ field: k, kind: 'tooLong', limit: max });
    }
  }
  if (jy.defects.has('refuses-extra-fields')) for (const k of ['NAME', 'WTYPE']) if (f[k] !== undefined && !found.some((v) => v.field === k)) found.push({ field: k, kind: 'charset' });
  found.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
  const early = found.find((v) => EARLY.has(v.field));
  const late = found.find((v) => !EARLY.has(v.field));
  return { early: early && refusal(jy, props, f, early), late: late && refusal(jy, props, f, late) };
}
