import type { Defect, Variant } from '../defects.ts';

/** Single deviations of the v5 reference gateway, each naming the rules it breaks. */
export const GREENLEAVES_V5_DEFECTS = [
  { id: 'accepts-alg-none', rules: ['V5-JWS-05'], description: 'accepts a token whose alg is "none" without verifying anything' },
  { id: 'accepts-hs512', rules: ['V5-JWS-05'], description: 'accepts HS512 besides HS256' },
  { id: 'verifies-reserialised-body', rules: ['V5-JWS-06', 'V5-JWS-07'], description: 'verifies the signature over JSON.stringify(JSON.parse(body)) instead of the bytes received' },
  { id: 'ignores-uri-binding', rules: ['V5-JWS-08'], description: 'does not compare the header uri with the request path' },
  { id: 'ignores-method-binding', rules: ['V5-JWS-09'], description: 'does not compare the header method with the request method' },
  { id: 'ignores-auth-id-binding', rules: ['V5-JWS-10'], description: "accepts a token that verifies with any merchant's secret_key, whatever auth_id it names" },
  { id: 'params-not-checked', rules: ['V5-JWS-11'], description: 'accepts any value of the reserved params field' },
  { id: 'lenient-base64', rules: ['V5-JWS-12'], description: 'strips base64 padding from the token segments before verifying' },
  { id: 'records-refused-request-id', rules: ['V5-JWS-13'], description: 'records the reply to a badly signed request under its X-Request-Id, so the corrected request gets the old refusal' },
  { id: 'accepts-wrong-content-type', rules: ['V5-HDR-01', 'V5-ERR-03'], description: 'processes requests whatever their Content-Type' },
  { id: 'accepts-any-accept', rules: ['V5-HDR-02', 'V5-ERR-03'], description: 'processes requests whatever their Accept header says' },
  { id: 'no-request-id-echo', rules: ['V5-RSP-02'], description: 'answers with a fresh X-Request-Id instead of echoing the request’s' },
  { id: 'no-x-datetime', rules: ['V5-RSP-03'], description: 'sends no X-Datetime header' },
  { id: 'missing-request-status', rules: ['V5-RSP-05'], description: 'sends no X-Request-Status header' },
  { id: 'replay-fresh-datetime', rules: ['V5-IDEM-01'], description: 'a replay carries the time of the replay in X-Datetime instead of the original reply’s' },
  { id: 'accepts-reused-request-id', rules: ['V5-IDEM-02', 'V5-ERR-03'], description: 'processes a reused X-Request-Id with another body as a new request (and records it over the first), so idempotency no longer comes before the body checks' },
  { id: 'idempotency-not-per-merchant', rules: ['V5-IDEM-03'], description: 'keeps one X-Request-Id record for all merchants, so a second merchant cannot use an id the first one used' },
  { id: 'accepts-unknown-action', rules: ['V5-ACT-05'], description: 'on create and read, runs the URL’s operation whatever X-Action names' },
  { id: 'three-decimal-amounts', rules: ['V5-BODY-06'], description: 'accepts amounts with 3 or more decimals (and rounds them to cents)' },
  { id: 'messages-english-only', rules: ['V5-ERR-02'], description: 'error and decline messages carry the English text in the ru field too' },
  { id: 'declined-card-authorised', rules: ['V5-CARD-01'], description: 'authorises the test cards that must be declined' },
  { id: 'card-token-is-pan', rules: ['V5-FMT-03'], description: 'returns the full card number as card_token' },
  { id: 'clearing-over-amount', rules: ['V5-FLOW-02'], description: 'clears more than the authorised amount' },
  { id: 'refund-above-amount', rules: ['V5-FLOW-04'], description: 'refunds more than what is left of the cleared amount' },
  { id: 'duplicate-order-accepted', rules: ['V5-FLOW-06'], description: 'creates a second payment for an order_id already used' },
] as const satisfies readonly Defect[];

export type GreenleavesV5Defect = (typeof GREENLEAVES_V5_DEFECTS)[number]['id'];

/** Tolerance variants: behaviour the seed allows that differs from the reference (see Variant). */
export const GREENLEAVES_V5_VARIANTS = [
  { id: 'refuse-with-http-200', description: 'answers every refusal with HTTP 200 and the error body (X-Request-Status error)', allowedBy: 'seed 000 documents no HTTP status and no error format; its g2g sibling answers every outcome with HTTP 200' },
  { id: 'reply-layout', description: 'writes every reply body pretty-printed with its keys sorted', allowedBy: 'seed 000 "Request Format: application/json": no reply layout or key order is documented' },
  { id: 'extra-reply-fields', description: 'adds fields to every reply body (processed_at beside the payment, request_id in the error object)', allowedBy: 'seed 000 documents no reply body, so none of its fields is closed' },
  { id: 'minimal-replies', description: 'leaves the optional fields (description, user_id, card_token) out of payment replies', allowedBy: 'seed 000 documents no reply body; the fields are optional in payment.schema.json' },
  { id: 'reply-header-case', description: 'writes reply header names in upper case (X-REQUEST-ID, X-DATETIME, …)', allowedBy: 'seed 000 names the headers; HTTP header names are case-insensitive (RFC 9110 §5.1)' },
  { id: 'datetime-local-offset', description: 'writes X-Datetime in local time with an explicit +05:00 offset and no fraction', allowedBy: 'seed 000 "X-Datetime - Date and time of request processing.": no time zone or format is documented' },
] as const satisfies readonly Variant[];

export type GreenleavesV5Variant = (typeof GREENLEAVES_V5_VARIANTS)[number]['id'];
