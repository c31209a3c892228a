import { getSchema, schemaId, validate } from '../../spec/ajv.ts';
import { ownFieldCode, violationCode } from '../../spec/load.ts';
import { classify, type Violation } from '../../spec/violations.ts';
import { template } from '../../protocols/jysan/index.ts';
import type { Form, Jy, Refusal } from './context.ts';

type Schema = Record<string, unknown>;

/** Fields checked before the merchant is identified and the signature verified. */
const EARLY = new Set(['MERCHANT', 'P_SIGN']);
/** Base64 of a 2048-bit RSA block */
const CIPHER_2048 = 344;

export interface FieldCheck {
  /** a violation of MERCHANT or P_SIGN: reported before anything else */
  early?: Refusal;
  /** the first violation of any other field: reported once the signature verified */
  late?: Refusal;
}

/** Template arguments: a quoted %s is the field name, another %s the value (the name for card
 *  data), %d the limit. */
export function argsFor(
  code: number,
  field: string,
  value: string,
  limit: number | undefined,
  sensitive: boolean,
): (string | number)[] {
  const tpl = template(code, 'ru');
  return (tpl.match(/"?%[sd]/g) ?? []).map((p) =>
    p === '%d' ? (limit ?? 0) : p.startsWith('"') || sensitive ? field : value,
  );
}

function refusal(jy: Jy, props: Record<string, Schema>, f: Form, v: Violation): Refusal {
  const p = jy.policy.fields;
  // a defect: a language it has no messages for is "another error", not a refusal about LANGUAGE (JY-PAY-22)
  if (v.field === 'LANGUAGE' && p.unknownLanguageAs99) return { code: 99, args: [`no messages for ${f.LANGUAGE}`] };
  // JY-ERR-02, JY-ERR-07, JY-ERR-11, JY-ERR-12, JY-ERR-13, JY-ERR-14, JY-ERR-17: specs/jysan/errors.json
  let code = violationCode('jysan', v.field, v.kind) ?? 27;
  // a variant: the field's own code (12 ORDER, 13 AMOUNT, …) for every violation of a field that has one
  if (p.ownFieldCodes) code = ownFieldCode('jysan', v.field) ?? code;
  code = codeFor(jy, code);
  if (v.kind === 'tooLong' && p.tooLongCode !== null) code = p.tooLongCode; // JY-ERR-13
  return {
    code,
    field: v.field,
    args: argsFor(code, v.field, f[v.field] ?? '', v.limit, props[v.field]?.['x-sensitive'] === true),
  };
}

/** The code answered for a documented one (the policy may substitute another). */
export function codeFor(jy: Jy, code: number): number {
  return jy.policy.fields.codeInsteadOf[code] ?? code;
}

/** Validate a request against its schema (fields not in the schema are tolerated: JY-PAY-21). The
 *  charset of the `unread` fields is not checked (a value the gateway never reads). */
export function checkFields(jy: Jy, schemaName: string, f: Form, unread: readonly string[] = []): FieldCheck {
  const id = schemaId('jysan', schemaName);
  const schema = getSchema(id);
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  const order = Object.keys(props);
  let found = classify(schema, f, validate(id, f).errors).filter((v) => v.kind !== 'unknown');
  if (jy.keyBits > 1024)
    found = found.filter(
      (v) => !(v.field.startsWith('crd_') && v.kind === 'tooLong' && (f[v.field] ?? '').length <= CIPHER_2048),
    );
  const p = jy.policy.fields;
  if (schemaName === 'payment-request') {
    // the form of each payment field is checked: JY-PAY-01, JY-PAY-02, JY-PAY-06, JY-PAY-08, JY-PAY-10,
    // JY-PAY-11, JY-PAY-12, JY-PAY-13
    found = found.filter((v) => {
      const lax = p.formUnchecked[v.field];
      return !(lax !== undefined && v.kind !== 'missing' && (lax === true || lax.includes(v.kind)));
    });
  }
  if (unread.length > 0)
    found = found.filter((v) => !((v.kind === 'charset' || v.kind === 'format') && unread.includes(v.field)));
  if (!p.checkLanguage) found = found.filter((v) => v.field !== 'LANGUAGE');
  if (found.some((v) => v.field === 'GETSTATUS') && p.anyGetstatus)
    found = found.filter((v) => v.field !== 'GETSTATUS');
  // JY-PAY-07: ru and en are taken
  if (
    schemaName === 'payment-request' &&
    f.LANGUAGE !== undefined &&
    !p.paymentLanguages.includes(f.LANGUAGE) &&
    !found.some((v) => v.field === 'LANGUAGE')
  )
    found.push({ field: 'LANGUAGE', kind: 'enum' });
  // JY-PAY-09 wants characters; the knob is read only when bytes would refuse a value (the meta-tests'
  // trace: a knob read on every request sends every check to the defect that patches it)
  const overBytes: Violation[] = [];
  for (const [k, prop] of Object.entries(props)) {
    const max = prop.maxLength as number | undefined;
    const val = f[k];
    if (
      max !== undefined &&
      val !== undefined &&
      val.length * 3 > max &&
      Buffer.byteLength(val, 'utf8') > max &&
      !found.some((v) => v.field === k)
    )
      overBytes.push({ field: k, kind: 'tooLong', limit: max });
  }
  if (overBytes.length > 0 && p.lengthUnit === 'utf8-bytes') found.push(...overBytes);
  // JY-PAY-01: an ORDER with a leading zero is N(6-10) too (a defect refuses it, as a number would)
  if (
    schemaName === 'payment-request' &&
    /^0/.test(f.ORDER ?? '') &&
    !found.some((v) => v.field === 'ORDER') &&
    p.refuseZeroLedOrder
  )
    found.push({ field: 'ORDER', kind: 'charset' });
  // JY-PAY-11: EMAIL is C(0-80); a defect holds it to a plain address's form
  if (
    schemaName === 'payment-request' &&
    f.EMAIL &&
    !/^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(f.EMAIL) &&
    !found.some((v) => v.field === 'EMAIL') &&
    p.strictEmail
  )
    found.push({ field: 'EMAIL', kind: 'format' });
  // JY-PAY-21: unknown fields are tolerated (the reference refuses none)
  for (const k of p.refusedExtraFields)
    if (f[k] !== undefined && !found.some((v) => v.field === k)) found.push({ field: k, kind: 'charset' });
  found.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
  const early = found.find((v) => EARLY.has(v.field));
  const late = found.find((v) => !EARLY.has(v.field));
  return { early: early && refusal(jy, props, f, early), late: late && refusal(jy, props, f, late) };
}
