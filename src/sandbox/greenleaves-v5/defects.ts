import type { PolicyDefect, PolicyVariant } from '../../reference/policy.ts';
import type { GreenleavesV5Policy } from './policy.ts';

/** Single deviations of the v5 reference gateway, each naming the rules it breaks. */
export const GREENLEAVES_V5_DEFECTS = [
  {
    id: 'no-result-callback',
    rules: ['V5-CB-01'],
    description: "never calls the create's urls.result_url",
    patch: { callbacks: { result: false } },
  },
  {
    id: 'callback-unsigned',
    rules: ['V5-CB-02'],
    description: 'calls check_url and result_url without X-JWS-Signature',
    patch: { callbacks: { signed: false } },
  },
  {
    id: 'callback-signed-for-create',
    rules: ['V5-CB-02'],
    description: "signs callbacks with the create request's uri (/v5/g2g/create) instead of the path of the URL called",
    patch: { callbacks: { signedUri: 'create' } },
  },
  {
    id: 'callback-carries-card',
    rules: ['V5-FMT-03'],
    description: 'adds the card as the payer sent it (full PAN, cardholder name) to the payment it posts to result_url',
    patch: { callbacks: { carriesCard: true } },
  },
  {
    id: 'callback-on-replay',
    rules: ['V5-CB-04'],
    description: 'calls result_url again when a create is replayed under its X-Request-Id',
    patch: { callbacks: { onReplay: true } },
  },
  {
    id: 'no-check-callback',
    rules: ['V5-CB-03'],
    description: "never calls the create's urls.check_url",
    patch: { callbacks: { check: false } },
  },
  {
    id: 'ignores-check-rejection',
    rules: ['V5-CB-03'],
    description: 'takes the payment although check_url answered rejected',
    patch: { callbacks: { honoursCheck: false } },
  },
  {
    id: 'accepts-alg-none',
    rules: ['V5-JWS-05', 'V5-JWS-14'],
    description: 'accepts a token whose alg is "none" without verifying anything',
    patch: { signature: { acceptsAlgNone: true } },
  },
  {
    id: 'accepts-hs512',
    rules: ['V5-JWS-05'],
    description: 'accepts HS512 besides HS256',
    patch: { signature: { algs: ['HS256', 'HS512'] } },
  },
  {
    id: 'ignores-alg',
    rules: ['V5-JWS-14'],
    description:
      'never reads alg: every token is verified as HS256, so a header naming none or hs256 over a valid HS256 MAC is taken',
    patch: { signature: { readsAlg: false } },
  },
  {
    id: 'verifies-reserialised-body',
    rules: ['V5-JWS-06', 'V5-JWS-07'],
    description: 'verifies the signature over JSON.stringify(JSON.parse(body)) instead of the bytes received',
    patch: { signature: { body: 'reserialised' } },
  },
  {
    id: 'verifies-sorted-body',
    rules: ['V5-JWS-06', 'V5-JWS-07'],
    description:
      "verifies the signature over the body re-serialised with its keys sorted (Go's encoding/json of a map): every create in the seed's order is refused, a one-member read is taken (probe 25)",
    patch: { signature: { body: 'sorted' } },
  },
  {
    id: 'verifies-php-escaped-body',
    rules: ['V5-JWS-06', 'V5-JWS-07'],
    description:
      'verifies the signature over the body as PHP json_encode(json_decode($raw)) writes it ("/" as "\\/", non-ASCII as \\uXXXX): every correctly signed body with a "/" or beyond ASCII is refused, one signed so and sent raw is taken',
    patch: { signature: { body: 'php' } },
  },
  {
    id: 'verifies-trimmed-body',
    rules: ['V5-JWS-06', 'V5-JWS-07'],
    description:
      'verifies the signature over the body trimmed of blanks at either end (Ruby strip, PHP trim): a body signed with a final newline is refused, one signed compact and sent with blanks added is taken',
    patch: { signature: { body: 'trimmed' } },
  },
  {
    id: 'verifies-latin1-body',
    rules: ['V5-JWS-06'],
    description:
      'reads the body as ISO-8859-1 and verifies the signature over it written as UTF-8 (a servlet default): every correctly signed body with raw UTF-8 beyond ASCII is refused',
    patch: { signature: { body: 'latin1' } },
  },
  {
    id: 'ignores-uri-binding',
    rules: ['V5-JWS-08'],
    description: 'does not compare the header uri with the request path',
    patch: { signature: { bindUri: false } },
  },
  {
    id: 'ignores-method-binding',
    rules: ['V5-JWS-09'],
    description: 'does not compare the header method with the request method',
    patch: { signature: { bindMethod: false } },
  },
  {
    id: 'ignores-auth-id-binding',
    rules: ['V5-JWS-10'],
    description: "accepts a token that verifies with any merchant's secret_key, whatever auth_id it names",
    patch: { signature: { bindAuthId: false } },
  },
  {
    id: 'unknown-auth-id-new-merchant',
    rules: ['V5-JWS-10'],
    description:
      "takes a token naming an auth_id it does not know as a new merchant's, verified with the first merchant's secret_key, and books the payment under that auth_id",
    patch: { signature: { unknownAuthId: 'new-merchant' } },
  },
  {
    id: 'one-merchant-key',
    rules: ['V5-JWS-04', 'V5-JWS-10'],
    description:
      "verifies every token with the first merchant's secret_key, whatever auth_id it names: the second merchant's correctly signed requests are refused, a token naming it (or an unknown auth_id) signed with the first merchant's key is taken",
    patch: { signature: { oneKey: true } },
  },
  {
    id: 'any-key-books-named-merchant',
    rules: ['V5-JWS-10'],
    description:
      "accepts a token that verifies with any merchant's secret_key and books the payment under the auth_id it names (another merchant's)",
    patch: { signature: { bindAuthId: false, unboundBooksUnder: 'named' } },
  },
  {
    id: 'params-not-checked',
    rules: ['V5-JWS-11'],
    description: 'accepts any value of the reserved params field',
    patch: { signature: { checkParams: false } },
  },
  {
    id: 'lenient-base64',
    rules: ['V5-JWS-12'],
    description: 'strips base64 padding from the token segments before verifying',
    patch: { signature: { stripsPadding: true } },
  },
  {
    id: 'error-shows-secret',
    rules: ['V5-JWS-15'],
    description:
      'shows, in the message of its refusal of a badly signed request (1001), the key it verified with ("debug: HS256 key <secret_key>")',
    patch: { signature: { refusalShows: 'secret' } },
  },
  {
    id: 'error-shows-expected-signature',
    rules: ['V5-JWS-15'],
    description:
      'shows, in the message of its refusal of a badly signed request (1001), the signature the request should have carried ("expected signature: …"): anyone can then sign any request',
    patch: { signature: { refusalShows: 'expected-signature' } },
  },
  {
    id: 'records-refused-request-id',
    rules: ['V5-JWS-13'],
    description:
      'records the reply to a badly signed request under its X-Request-Id, so the corrected request gets the old refusal',
    patch: { idempotency: { recordsRefused: true } },
  },
  {
    id: 'replays-before-signature',
    rules: ['V5-JWS-13'],
    description:
      'looks up the recorded replies before checking the signature: a badly signed request repeating a processed one (X-Request-Id, path, X-Action, body) gets its reply',
    patch: { idempotency: { replaysUnsigned: true } },
  },
  {
    id: 'accepts-wrong-content-type',
    rules: ['V5-HDR-01'],
    description: 'processes requests whatever their Content-Type',
    patch: { headers: { checkContentType: false } },
  },
  {
    id: 'accepts-any-accept',
    rules: ['V5-HDR-02'],
    description: 'processes requests whatever their Accept header says',
    patch: { headers: { checkAccept: false } },
  },
  {
    id: 'signature-before-headers',
    rules: ['V5-ERR-03'],
    description:
      'verifies X-JWS-Signature before Content-Type, Accept and X-Request-Id (an authentication middleware first): a badly signed request with a wrong header gets the signature refusal',
    patch: { headers: { afterSignature: true } },
  },
  {
    id: 'no-request-id-echo',
    rules: ['V5-RSP-02'],
    description: 'answers with a fresh X-Request-Id instead of echoing the request’s',
    patch: { replies: { echoRequestId: false } },
  },
  {
    id: 'no-x-datetime',
    rules: ['V5-RSP-03', 'V5-RSP-08'],
    description: 'sends no X-Datetime header',
    patch: { replies: { datetime: 'none' } },
  },
  {
    id: 'missing-request-status',
    rules: ['V5-RSP-05', 'V5-RSP-08'],
    description: 'sends no X-Request-Status header',
    patch: { replies: { requestStatus: 'none' } },
  },
  {
    id: 'replay-fresh-datetime',
    rules: ['V5-IDEM-01'],
    description: 'a replay carries the time of the replay in X-Datetime instead of the original reply’s',
    patch: { idempotency: { replayKeepsDatetime: false } },
  },
  {
    id: 'accepts-reused-request-id',
    rules: ['V5-IDEM-02', 'V5-ERR-01'],
    description:
      'processes a reused X-Request-Id with another body as a new request (and records it over the first), so idempotency no longer comes before the body checks',
    patch: { idempotency: { refuseReuse: false } },
  },
  {
    id: 'idempotency-not-per-merchant',
    rules: ['V5-IDEM-03'],
    description:
      'keeps one X-Request-Id record for all merchants, so a second merchant cannot use an id the first one used',
    patch: { idempotency: { perMerchant: false } },
  },
  {
    id: 'accepts-unknown-action',
    rules: ['V5-ACT-05'],
    description: 'on create and read, runs the URL’s operation whatever X-Action names',
    patch: { headers: { unknownActionRefused: false } },
  },
  {
    id: 'three-decimal-amounts',
    rules: ['V5-BODY-06'],
    description: 'accepts amounts with 3 or more decimals (and rounds them to cents)',
    patch: { body: { strictAmounts: false } },
  },
  {
    id: 'messages-english-only',
    rules: ['V5-ERR-02'],
    description: 'error and decline messages carry the English text in the ru field too',
    patch: { replies: { ruMessages: false } },
  },
  {
    id: 'declined-card-authorised',
    rules: ['V5-CARD-01'],
    description: 'authorises the test cards that must be declined',
    patch: { payments: { declineCardsDecline: false } },
  },
  {
    id: 'card-token-is-pan',
    rules: ['V5-FMT-03'],
    description: 'returns the full card number as card_token',
    patch: { payments: { cardTokenIsPan: true } },
  },
  {
    id: 'card-token-unasked',
    rules: ['V5-REC-01'],
    description: 'saves the card (card_token) on every authorised payment, whether or not from.save is true',
    patch: { objects: { saveNeedsFlag: false } },
  },
  {
    id: 'recurrent-lifetime-in-days',
    rules: ['V5-REC-02'],
    description: 'counts from.recurrent.lifetime in days: recurrent.expires_at is created_at + lifetime days',
    patch: { objects: { lifetimeUnit: 'days' } },
  },
  {
    id: 'recurrent-lifetime-unbounded',
    rules: ['V5-REC-03'],
    description: 'accepts a from.recurrent.lifetime above 156 months',
    patch: { objects: { lifetimeCapped: false } },
  },
  {
    id: 'history-misses-edits',
    rules: ['V5-OBJ-01', 'V5-OBJ-02'],
    description:
      'records only the create in the transaction history (operations): clearing, reverse and refund are missing',
    patch: { objects: { historyEdits: false } },
  },
  {
    id: 'history-running-total',
    rules: ['V5-OBJ-02'],
    description: "records a refund in the history with the payment's refunded total instead of the refund's own amount",
    patch: { objects: { historyAmount: 'running-total' } },
  },
  {
    id: 'clearing-over-amount',
    rules: ['V5-FLOW-02'],
    description: 'clears more than the authorised amount',
    patch: { payments: { clearingCapped: false } },
  },
  {
    id: 'refund-above-amount',
    rules: ['V5-FLOW-04'],
    description: 'refunds more than what is left of the cleared amount',
    patch: { payments: { refundCapped: false } },
  },
  {
    id: 'refund-limit-is-amount',
    rules: ['V5-FLOW-04'],
    description:
      'caps a refund by the amount authorised instead of the amount cleared: a payment cleared in part is refunded beyond what was cleared',
    patch: { payments: { refundLimit: 'amount' } },
  },
  {
    id: 'duplicate-order-accepted',
    rules: ['V5-FLOW-06'],
    description: 'creates a second payment for an order_id already used',
    patch: { payments: { refuseDuplicateOrder: false } },
  },
  {
    id: 'action-optional',
    rules: ['V5-HDR-03'],
    description: 'runs the URL’s operation (create, read) when X-Action is missing or empty',
    patch: { headers: { actionRequired: false } },
  },
  {
    id: 'any-request-id',
    rules: ['V5-HDR-04'],
    description: 'accepts any non-empty X-Request-Id, UUID or not',
    patch: { headers: { requestId: 'any' } },
  },
  {
    id: 'uuid-v7-only',
    rules: ['V5-HDR-05'],
    description: 'refuses X-Request-Id UUIDs of a version other than 7 (1103)',
    patch: { headers: { requestId: 'uuid-v7' } },
  },
  {
    id: 'accept-language-checked',
    rules: ['V5-HDR-06'],
    description: 'refuses an Accept-Language other than ru or en (1102)',
    patch: { headers: { checkAcceptLanguage: true } },
  },
  {
    id: 'signature-optional',
    rules: ['V5-HDR-07'],
    description: 'processes a request without X-JWS-Signature as the first merchant’s',
    patch: { signature: { required: false } },
  },
  {
    id: 'no-request-id-on-refusals',
    rules: ['V5-RSP-01', 'V5-RSP-08'],
    description: 'sends no X-Request-Id header with refusals',
    patch: { replies: { refusalRequestId: false } },
  },
  {
    id: 'framework-answers-malformed',
    rules: ['V5-RSP-08'],
    description:
      'answers malformed requests (wrong Content-Type or Accept, a body that is not JSON, not POST) without X-Request-Id, X-Datetime and X-Request-Status, as a web framework answering before the API',
    patch: { replies: { malformedHeaders: false } },
  },
  {
    id: 'datetime-without-offset',
    rules: ['V5-RSP-04'],
    description: 'writes X-Datetime as "YYYY-MM-DD hh:mm:ss" without a time zone',
    patch: { replies: { datetime: 'no-offset' } },
  },
  {
    id: 'request-status-always-success',
    rules: ['V5-RSP-06'],
    description: 'sends X-Request-Status success with refusals too',
    patch: { replies: { requestStatus: 'always-success' } },
  },
  {
    id: 'text-plain-replies',
    rules: ['V5-RSP-07'],
    description: 'labels its JSON replies Content-Type text/plain',
    patch: { replies: { jsonAsTextPlain: true } },
  },
  {
    id: 'amount-twice',
    rules: ['V5-RSP-07', 'V5-CB-01', 'V5-CB-03'],
    description:
      "writes a body's amount twice, the same value, in its replies and callbacks (a serialiser writing a field and its getter, Jackson's duplicate property)",
    patch: { replies: { amountTwice: true } },
  },
  {
    id: 'accepts-empty-key',
    rules: ['V5-JWS-04'],
    description: 'also accepts a signature keyed with the empty string',
    patch: { signature: { acceptsEmptyKey: true } },
  },
  {
    id: 'canonical-header-only',
    rules: ['V5-JWS-03'],
    description:
      'verifies over the protected header re-serialised in the documented layout, not over the bytes received',
    patch: { signature: { header: 'reserialised' } },
  },
  {
    id: 'accepts-put',
    rules: ['V5-URL-04'],
    description: 'processes PUT like POST',
    patch: { headers: { methods: ['POST', 'PUT'] } },
  },
  {
    id: 'read-ignores-order-id',
    rules: ['V5-BODY-03'],
    description: 'a read with id and order_id returns the payment of id, whatever order_id names',
    patch: { body: { readMatchesOrderId: false } },
  },
  {
    id: 'clearing-amount-optional',
    rules: ['V5-BODY-04'],
    description: 'accepts a clearing without amount and clears the whole authorisation',
    patch: { body: { clearingAmountRequired: false } },
  },
  {
    id: 'empty-body-as-object',
    rules: ['V5-ERR-01'],
    description: 'reads an empty body as {} (then refuses it for its missing fields: 2001 instead of 1106)',
    patch: { body: { emptyBody: 'empty-object' } },
  },
  {
    id: 'array-body-unwrapped',
    rules: ['V5-BODY-05'],
    description:
      "takes a JSON array's first element as the body (a lenient parser), so a create sent as [{…}] is processed",
    patch: { body: { arrayBody: 'first-element' } },
  },
  {
    id: 'ignores-unknown-fields',
    rules: ['V5-BODY-02'],
    description: 'ignores unknown fields in a create body instead of refusing them',
    patch: { body: { refuseUnknownFields: false } },
  },
  {
    id: 'trims-order-id',
    rules: ['V5-BODY-02'],
    description:
      'trims blanks at the ends of a create\'s order_id before validating it: " T-1 " is taken and stored as "T-1" (probe 20)',
    patch: { body: { trimsOrderId: true } },
  },
  {
    id: 'currency-case-folded',
    rules: ['V5-BODY-02'],
    description:
      'upper-cases a create\'s currency before validating it: "kzt" is taken as KZT, though the enumeration (seed 000 "currency": "KZT") has no such member (probe 23)',
    patch: { body: { foldsCurrencyCase: true } },
  },
  {
    id: 'refund-any-card',
    rules: ['V5-CARD-02'],
    description: 'refunds whatever the test card’s table says',
    patch: { payments: { cardRefundFlag: false } },
  },
  {
    id: 'unknown-pan-authorised',
    rules: ['V5-CARD-03'],
    description: 'authorises a PAN that is no test card',
    patch: { payments: { unknownPanDeclined: false } },
  },
  {
    id: 'amount-after-clearing',
    rules: ['V5-FMT-02'],
    description: 'reports the cleared amount as amount after a clearing',
    patch: { payments: { amountStaysAuthorised: false } },
  },
  {
    id: 'auto-clearing-as-text',
    rules: ['V5-FMT-01'],
    description:
      'writes auto_clearing as the text "true" or "false" in payment replies (payment.schema.json: a boolean)',
    patch: { replies: { autoClearingAsText: true } },
  },
  {
    id: 'error-without-name',
    rules: ['V5-FMT-04'],
    description: 'leaves name out of the error object (error.schema.json requires code, name and message)',
    patch: { replies: { errorWithoutName: true } },
  },
  {
    id: 'explicit-auto-clearing-holds',
    rules: ['V5-FLOW-01'],
    description: 'only authorises when auto_clearing is sent as true (clears only when it is absent)',
    patch: { payments: { explicitAutoClearingClears: false } },
  },
  {
    id: 'reverse-cleared',
    // not V5-ERR-03: a wrong state that is no fault for this gateway leaves no order to judge (probe 20)
    rules: ['V5-FLOW-03'],
    description: 'reverses cleared payments too',
    patch: { payments: { reverseAuthorisedOnly: false } },
  },
  {
    id: 'unknown-edit-succeeds',
    rules: ['V5-FLOW-05'],
    description:
      'answers an edit of an unknown payment with success and the ids it was given (an UPDATE that matched no row)',
    patch: { payments: { unknownEditSucceeds: true } },
  },
  {
    id: 'unknown-edit-3002',
    rules: ['V5-ERR-01'],
    description: 'refuses an edit of an unknown payment with 3002 instead of 3001',
    patch: { payments: { unknownEditCode: 3002 } },
  },
  {
    id: 'violations-reversed',
    rules: ['V5-ERR-01'],
    description: 'lists the violations of a body in reverse order (error.code stays the first field’s)',
    patch: { replies: { violationsReversed: true } },
  },
  {
    id: 'bad-signature-code-1003',
    rules: ['V5-ERR-01'],
    description:
      'refuses a bad signature with 1003 (malformed-signature) instead of 1001; the signature is still the first fault it refuses after the headers',
    patch: { replies: { wireCodes: { 1001: 1003 } } },
  },
  {
    id: 'refusals-http-400',
    rules: ['V5-ERR-04'],
    description: 'answers every refusal with HTTP 400',
    patch: { replies: { refusalHttpStatus: 400 } },
  },
] as const satisfies readonly PolicyDefect<GreenleavesV5Policy>[];

export type GreenleavesV5Defect = (typeof GREENLEAVES_V5_DEFECTS)[number]['id'];

/** Tolerance variants: behaviour the seed allows that differs from the reference (see Variant). */
export const GREENLEAVES_V5_VARIANTS = [
  {
    id: 'refuse-with-http-200',
    description: 'answers every refusal with HTTP 200 and the error body (X-Request-Status error)',
    allowedBy:
      'seed 000 documents no HTTP status and no error format; its g2g sibling answers every outcome with HTTP 200',
    warns: ['V5-ERR-04'],
    patch: { replies: { refusalHttpStatus: 200 } },
  },
  {
    id: 'reply-layout',
    description: 'writes every reply body pretty-printed with its keys sorted',
    allowedBy: 'seed 000 "Request Format: application/json": no reply layout or key order is documented',
    patch: { replies: { layout: 'pretty-sorted' } },
  },
  {
    id: 'extra-reply-fields',
    description: 'adds fields to every reply body (processed_at beside the payment, request_id in the error object)',
    allowedBy: 'seed 000 documents no reply body, so none of its fields is closed',
    // V5-FMT-01 and V5-FMT-04 take members of the gateway's own: no reply body is documented (probe 25)
    patch: { replies: { extraFields: true } },
  },
  {
    id: 'minimal-replies',
    description: 'leaves the optional fields (description, user_id, card_token) out of payment replies',
    allowedBy: 'seed 000 documents no reply body; the fields are optional in payment.schema.json',
    unjudged: ['V5-REC-01'],
    unjudgedWhy: 'no reply shows card_token, so whether from.save saves the card cannot be seen',
    patch: { replies: { optionalPaymentFields: false } },
  },
  {
    id: 'reply-header-case',
    description: 'writes reply header names in upper case (X-REQUEST-ID, X-DATETIME, …)',
    allowedBy: 'seed 000 names the headers; HTTP header names are case-insensitive (RFC 9110 §5.1)',
    patch: { replies: { headerCase: 'upper' } },
  },
  {
    id: 'null-error-member',
    description:
      'prints "error": null in every success body (a payment, a read request), as a PHP json_encode of a full record does',
    allowedBy:
      'seed 000 documents no reply body, so none of its fields is closed (fixtures/third-party/gateways/greenleaves-v5-php)',
    patch: { replies: { nullErrorMember: true } },
  },
  {
    id: 'bare-refusals',
    description:
      'answers refusals with their HTTP status and a text/plain body (the English message), no JSON error object',
    allowedBy: 'seed 000 documents no error format',
    warns: ['V5-ERR-01', 'V5-FMT-04', 'V5-RSP-07'],
    patch: { replies: { refusalBody: 'bare-text' } },
  },
  {
    id: 'status-field-refusals',
    description:
      'answers refusals with HTTP 200 and {"status":"error","code":…,"message":…} (the g2g style: no error object)',
    allowedBy:
      'seed 000 documents no HTTP status and no error format; its g2g sibling answers every outcome with HTTP 200 and a status field',
    warns: ['V5-ERR-02', 'V5-ERR-04', 'V5-FMT-04'],
    patch: { replies: { refusalBody: 'status-field' } },
  },
  {
    id: 'flat-error-refusals',
    description:
      'answers refusals with their HTTP status and a flat {"status":"error","error_code":…,"error_description":…} (no error object, one English message)',
    allowedBy: 'seed 000 documents no error format',
    warns: ['V5-ERR-02', 'V5-FMT-04'],
    patch: { replies: { refusalBody: 'flat-error' } },
  },
  {
    id: 'one-refusal-code',
    description:
      'answers every refusal with HTTP 400 and one code of its own, {"error":{"code":1000,"name":"bad-request","message":{en,ru}}}: only the message tells the cause',
    allowedBy: 'seed 000 documents no HTTP status and no error format',
    warns: ['V5-ERR-01'],
    patch: { replies: { genericRefusals: true } },
  },
  {
    id: 'signature-refusals-as-field-errors',
    description:
      'answers a refused signature (1001 to 1005) as a field error: HTTP 400, code 2002 (invalid-field), the message still saying what is wrong',
    allowedBy: 'seed 000 documents no HTTP status, no error format and no error codes',
    warns: ['V5-ERR-01'],
    patch: { replies: { wireCodes: { 1001: 2002, 1002: 2002, 1003: 2002, 1004: 2002, 1005: 2002 } } },
  },
  {
    id: 'opaque-refusals',
    description:
      'answers refusals with HTTP 200, {"message":…} and the error code as X-Request-Status: its header, unlike a processed request\'s, or a read-back shows the refusal',
    allowedBy: 'seed 000 documents no HTTP status, no error format and no X-Request-Status values',
    warns: ['V5-ERR-01', 'V5-ERR-02', 'V5-ERR-04', 'V5-FMT-04'],
    patch: { replies: { refusalBody: 'opaque' } },
  },
  {
    id: 'own-status-words',
    description:
      "says approved, success, failed, canceled, partial_refund and refund for payment.schema.json's authorized, cleared, declined, reversed, partially_refunded and refunded (fixtures/third-party/gateways/greenleaves-v5-php says success)",
    allowedBy: 'seed 000 documents no payment status values',
    warns: ['V5-FMT-02'],
    patch: {
      replies: {
        statusWords: {
          authorized: 'approved',
          cleared: 'success',
          declined: 'failed',
          reversed: 'canceled',
          partially_refunded: 'partial_refund',
          refunded: 'refund',
        },
      },
    },
  },
  {
    id: 'history-edits-only',
    description:
      'keeps only the edits (clearing, reverse, refund) in the transaction history: a new payment has operations []',
    allowedBy:
      'seed 000 "The object contains a set of attributes that define its properties, status, and transaction history.": what the history records of the create is not documented',
    warns: ['V5-FMT-01', 'V5-OBJ-02'],
    patch: { objects: { historyRecordsCreate: false } },
  },
  {
    id: 'accept-rfc9110',
    description:
      'reads Accept as RFC 9110 §12.5.1 does: takes any Accept admitting JSON ("text/plain, application/json", application/*, */*, none at all), refuses one admitting none (1102)',
    allowedBy:
      'seed 000 "Accept - Must be application/json" binds the client; a reply in JSON to an Accept admitting JSON serves what the client asked for (probe 20)',
    patch: { headers: { accept: 'rfc9110' } },
  },
  {
    id: 'check-unreachable-declines',
    description:
      "asks every create's check_url, and declines the payment (decline 4002 rejected-by-merchant, a code of its own) when it cannot reach it: paycert's webhook.invalid URLs included",
    allowedBy:
      'V5-CB-03: no money is taken unless check_url answers HTTP 200 with status ok; seed 000 documents no decline codes (probe 20)',
    patch: { callbacks: { uncalledCheck: 'unreachable', merchantDecline: 'own-code' } },
  },
  {
    id: 'masked-with-x',
    description: 'masks the middle digits of masked_pan with X (440043XXXXXX0004), as the vendor does',
    allowedBy: 'seed 001 "pg_card_pan=5483-18XX-XXXX-0293": the vendor\'s own mask uses X',
    patch: { replies: { maskChar: 'X' } },
  },
  {
    id: 'masked-dashed',
    description: 'writes masked_pan as the vendor does, in dash-separated groups of 4 (4400-43XX-XXXX-0004)',
    allowedBy:
      'seed 001 "pg_card_pan=5483-18XX-XXXX-0293": the vendor\'s own mask; V5-FMT-03 allows separators (probe 22)',
    patch: { replies: { maskChar: 'X', maskDashed: true } },
  },
  {
    id: 'datetime-local-offset',
    description: 'writes X-Datetime in local time with an explicit +05:00 offset and no fraction',
    allowedBy: 'seed 000 "X-Datetime - Date and time of request processing.": no time zone or format is documented',
    patch: { replies: { datetime: 'local-offset' } },
  },
  {
    id: 'datetime-http-date',
    description: 'writes X-Datetime as an HTTP-date (RFC 9110 §5.6.7 IMF-fixdate, "Mon, 07 Dec 2026 08:19:40 GMT")',
    allowedBy: 'seed 000 "X-Datetime - Date and time of request processing.": no format is documented',
    patch: { replies: { datetime: 'http-date' } },
  },
  {
    id: 'request-status-capitals',
    description: 'writes X-Request-Status in capitals: SUCCESS, ERROR',
    allowedBy: 'seed 000 "X-Request-Status - Request processing status.": no values are documented',
    patch: { replies: { requestStatus: 'outcome-caps' } },
  },
  {
    id: 'auto-clearing-default-false',
    description: 'only authorises a create without auto_clearing (clearing follows with edit payment.clearing)',
    allowedBy:
      'seed 000 shows "auto_clearing": true and documents no default; digest §B5 [I] true = single-step, false = authorise then clearing',
    patch: { payments: { autoClearingDefault: false } },
  },
  {
    id: 'behind-prefix-full-path',
    description:
      'is served under the path prefix /sandbox/api (an edge passing it on) and binds the JWS uri to the full path called, /sandbox/api/v5/g2g/create',
    allowedBy:
      'seed 000 "uri | The path to the API endpoint being called" beside "{domain}/v5/g2g/create": behind a prefix the full path called is a defensible reading (probe 25)',
    patch: { signature: { prefix: '/sandbox/api', uriWithPrefix: true } },
  },
  {
    id: 'behind-prefix',
    description:
      'is served under the path prefix /sandbox/api and binds the JWS uri to the API path, /v5/g2g/create (an edge that strips the prefix)',
    allowedBy: 'seed 000 "uri | The path to the API endpoint being called": the API path (probe 25)',
    patch: { signature: { prefix: '/sandbox/api' } },
  },
  {
    id: 'fresh-request-id-v4',
    description: 'answers a request without a usable X-Request-Id with a fresh UUID v4',
    allowedBy: 'seed 000 "X-Request-Id - Unique request ID (UUID).": no version is documented for the reply',
    patch: { replies: { freshRequestIdVersion: 4 } },
  },
] as const satisfies readonly PolicyVariant<GreenleavesV5Policy>[];

export type GreenleavesV5Variant = (typeof GREENLEAVES_V5_VARIANTS)[number]['id'];
