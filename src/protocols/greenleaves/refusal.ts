// How a g2g gateway says a request's signature is wrong. Which code it uses is open (digest open
// question 3), so the pre-flight and the checks recognise every documented candidate alike.

/** The codes a gateway may give a bad signature: 1100 in the current g2g examples (GL-ERR-01,
 *  INFERRED, judges it), 9998 in the gateway intro and seen live as "Некорректная подпись запроса",
 *  101 in the merchant intro (digest §4). */
export const BAD_SIGNATURE_CODES: ReadonlySet<string> = new Set(['1100', '9998', '101']);

/** An error description about the request's signature (Russian or English). */
const ABOUT_SIGNATURE = /подпис|signature|(^|[^A-Za-z0-9_])pg_sig([^A-Za-z0-9_]|$)/i;

/** A request field (pg_…, not the signature's own pg_sig and pg_salt) named as a word of its own. */
const FIELD_NAME = /(?:^|[^A-Za-z0-9_])(pg_[A-Za-z0-9_]+)/g;

/** The request field a refusal's description names while it says nothing of the signature: the refusal is
 *  that field's, whatever its code (a gateway answering field violations with 1100, "Ошибка в параметрах
 *  запроса: pg_card_name is required", probe18). undefined when it names none or speaks of the signature. */
export function refusedField(field: (name: string) => string | undefined): string | undefined {
  const text = field('pg_error_description') ?? '';
  if (field('pg_status') !== 'error' || ABOUT_SIGNATURE.test(text)) return undefined;
  return [...text.matchAll(FIELD_NAME)].map((m) => m[1]!).find((f) => f !== 'pg_sig' && f !== 'pg_salt');
}

/** A reply (its fields read by `field`) refusing the request's signature: pg_status error with one of
 *  the candidate codes or a description about the signature. */
export function refusesSignature(field: (name: string) => string | undefined): boolean {
  return (
    field('pg_status') === 'error' &&
    (BAD_SIGNATURE_CODES.has(field('pg_error_code') ?? '') || ABOUT_SIGNATURE.test(field('pg_error_description') ?? ''))
  );
}
