import type { PolicyDefect, PolicyVariant } from '../reference/policy.ts';
import type { SdkPolicyOf } from './policy.ts';
import type { ProfileId } from '../spec/paths.ts';
import { PAYMENT_SIGNED_FIELDS } from '../protocols/jysan/signature.ts';

/** The v5 edits: an SDK without them (the defects no-edits-*). */
const V5_EDITS = ['payment.clearing', 'payment.refund', 'payment.reverse'];

/** Deliberate mistakes of the reference SDK adapter; each names the sdk rules it breaks. */
export const SDK_DEFECTS: { [P in ProfileId]: readonly PolicyDefect<SdkPolicyOf<P>>[] } = {
  greenleaves: [
    {
      // probe 24's Perl SDK (creds_merchantid): credentials read under a name the profile does not send, so every
      // operation is refused as invalid and nothing is sent; a rule judged on the requests alone is inconclusive
      // with that refusal (V5-SDK-11 was skipped, "never reached an assertion"), never skipped or passed
      id: 'refuses-everything',
      rules: ['GL-SDK-11', 'GL-SDK-16', 'GL-SDK-23'],
      description: 'refuses every operation as invalid ("merchant id is required") before sending anything',
      patch: { refusesEverything: true },
    },
    {
      id: 'secret-in-errors',
      rules: ['GL-SDK-25'],
      description: 'appends the secret key to the message of every error it reports to its caller ("… (key …)")',
      patch: { secretInErrors: true },
    },
    {
      // probe 25's Go SDK (leak_secret_bytes): `fmt.Errorf("client %+v: %w", c, err)` printed its []byte key as
      // decimal bytes; the list passed the check and reached results.ndjson in full
      id: 'secret-bytes-in-errors',
      rules: ['GL-SDK-25'],
      description:
        "prints its client into the message of every error it reports, the key as Go's %v prints a []byte (`secretKey:[99 79 81 …]`)",
      patch: { secretBytesInErrors: true },
    },
    {
      id: 'card-in-errors',
      rules: ['GL-SDK-27'],
      description:
        'appends the card number and CVC it was given to the message of a card payment\'s errors ("… (card 4405…, cvc …)")',
      patch: { cardInErrors: true },
    },
    {
      id: 'constant-salt',
      rules: ['GL-SDK-02'],
      description: 'sends the same pg_salt on every request',
      patch: { request: { freshSalt: false } },
    },
    {
      // the g2g twin of probe 22's Java SDK's cb-leak-expected (v5)
      id: 'refusal-shows-expected-signature',
      rules: ['GL-SDK-28'],
      description:
        'answers a result_url call it refuses "invalid signature (expected <the pg_sig its fields should have had>)"',
      patch: { callback: { refusalShowsExpected: true } },
    },
    {
      // probe 22 (a proxy retrying every POST): blamed on GL-SDK-04 for a changed reply the SDK never got
      id: 'sends-every-post-twice',
      rules: ['GL-SDK-02'],
      description:
        'sends every request twice, byte for byte (a proxy or HTTP client retrying every POST), and reads the second reply: a second payment each time',
      patch: { sendsEveryPostTwice: true },
    },
    {
      id: 'wrong-script-name',
      rules: ['GL-SDK-01'],
      description: 'signs every request with the script name "payment.php"',
      patch: { request: { scriptName: 'payment.php' } },
    },
    {
      // probe 23's Perl SDK (sig_skip_empty): GL-SDK-01 said only "does not verify", with no request shown
      id: 'signs-without-empty-values',
      rules: ['GL-SDK-01'],
      description: 'leaves empty values out of the signed string (no ";;"), though it sends them',
      patch: { request: { signsSkippingEmpty: true } },
    },
    {
      id: 'operations-signed-as-payment',
      rules: ['GL-SDK-01'],
      description: 'signs clearing, cancel and refund requests with the script name "payment"',
      patch: { request: { operationsScriptName: 'payment' } },
    },
    {
      id: 'posts-json',
      rules: ['GL-SDK-12'],
      description: "posts its requests' parameters as a JSON body instead of form fields",
      patch: { request: { jsonBody: true } },
    },
    {
      id: 'posts-bare-xml',
      rules: ['GL-SDK-12'],
      description:
        'posts the XML of pg_xml bare as application/xml (<request>…</request>), not in the form field pg_xml',
      patch: { request: { bareXmlBody: true } },
    },
    {
      id: 'undocumented-field',
      rules: ['GL-SDK-03'],
      description: 'adds an undocumented field pg_sdk_version to every request',
      patch: { request: { extraField: true } },
    },
    {
      id: 'skips-reply-verification',
      rules: ['GL-SDK-04'],
      description: "does not verify the gateway's reply signature",
      patch: { reply: { verifySignature: false } },
    },
    {
      id: 'error-as-success',
      rules: ['GL-SDK-05'],
      description: 'reports a documented error reply as a success',
      patch: { reply: { errorAsSuccess: true } },
    },
    {
      id: 'accepts-forged-callback',
      rules: ['GL-SDK-06'],
      description: 'does not verify the pg_sig of result_url calls',
      patch: { callback: { verifySignature: false } },
    },
    {
      id: 'callback-wrong-script',
      rules: ['GL-SDK-07'],
      description: 'signs its callback answer with the script name "result_url"',
      patch: { callback: { answerScriptName: 'result_url' } },
    },
    {
      id: 'rejects-without-can-reject',
      rules: ['GL-SDK-08'],
      description: 'answers rejected even when pg_can_reject is 0',
      patch: { callback: { rejectsOnlyWhenAllowed: false } },
    },
    {
      id: 'never-rejects',
      rules: ['GL-SDK-10'],
      description: 'answers ok to a payment the shop cannot deliver, even with pg_can_reject=1',
      patch: { callback: { rejectsWhenAllowed: false } },
    },
    {
      id: 'callback-pg-fields-only',
      // a genuine call with the merchant's own fields refused, sent as pg_xml too
      rules: ['GL-SDK-11', 'GL-SDK-23'],
      description:
        "verifies a result_url call over its pg_ fields only, so a genuine call with the merchant's own fields is refused",
      patch: { callback: { verifiesOwnFields: false } },
    },
    {
      id: 'callback-paid-always',
      rules: ['GL-SDK-13'],
      description: 'reports a genuine result_url call as paid whatever its pg_result (a failed payment too)',
      patch: { callback: { paidAlways: true } },
    },
    {
      id: 'secret-in-request',
      rules: ['GL-SDK-09'],
      description: 'sends the secret key in an X-Secret-Key header',
      patch: { request: { secretHeader: true } },
    },
    {
      id: 'verifies-payment-replies-only',
      rules: ['GL-SDK-04'],
      description:
        'verifies the pg_sig of /g2g/payment replies only: the replies to status, payment page, clearing, cancel and refund requests are taken unverified',
      patch: { reply: { verifiesEveryOperation: false } },
    },
    {
      id: 'replies-verified-as-payment',
      rules: ['GL-SDK-14'],
      description:
        'verifies every reply with the script name "payment": the genuine replies of the other endpoints are reported as signature errors',
      patch: { reply: { verifyScriptName: 'payment' } },
    },
    {
      id: 'rejects-failed-payments',
      rules: ['GL-SDK-08'],
      description:
        'answers rejected to every genuine call for a failed payment (pg_result=0), even with pg_can_reject=0',
      patch: { callback: { rejectsFailedPayments: true } },
    },
    {
      id: 'callback-answer-http-500',
      rules: ['GL-SDK-15'],
      description: 'answers every result_url call (its XML answer as usual) with HTTP 500',
      patch: { callback: { answerStatus: 500 } },
    },
    {
      id: 'callback-answer-without-salt',
      rules: ['GL-SDK-15'],
      description: 'answers a result_url call without pg_salt (signed over the fields it has)',
      patch: { callback: { answerSalt: false } },
    },
    {
      id: 'refuses-long-description',
      rules: ['GL-SDK-16'],
      description:
        "refuses a pg_description of more than 32 characters as invalid (a limit of its own; the seed's sample description has 35)",
      patch: { request: { maxDescription: 32 } },
    },
    {
      id: 'callback-answer-json',
      rules: ['GL-SDK-07', 'GL-SDK-15'],
      description: 'answers ok as the JSON {"pg_status":"ok"} (no pg_salt, no pg_sig) instead of the seed\'s XML',
      patch: { callback: { okAnswerAsJson: true } },
    },
    {
      id: 'operations-error-as-success',
      rules: ['GL-SDK-05'],
      description:
        'reports a documented error reply to clearing, cancel or refund (pg_error_code 490, "cancel is not possible") as a success',
      patch: { reply: { operationsErrorAsSuccess: true } },
    },
    {
      id: 'server-error-as-success',
      rules: ['GL-SDK-17'],
      description: 'reports a reply that is no XML (an HTTP 502 HTML page, a 503 with no body) as a success',
      patch: { reply: { serverErrorAsSuccess: true } },
    },
    {
      id: 'amount-whole-units',
      rules: ['GL-SDK-18'],
      description: 'sends pg_amount as whole units ("123" for "123.45"), and signs it so',
      patch: { request: { amountWholeUnits: true } },
    },
    {
      id: 'drops-own-fields',
      rules: ['GL-SDK-18'],
      description:
        "leaves the caller's own (non-pg_) fields and pg_receipt_positions out of the request, and signs the rest",
      patch: { request: { dropsOwnFields: true } },
    },
    {
      id: 'callback-repeat-error',
      rules: ['GL-SDK-19'],
      description:
        'answers a repeated result_url call for a payment it already answered with error "already processed"',
      patch: { callback: { repeatAnsweredError: true } },
    },
    {
      id: 'skips-error-reply-verification',
      rules: ['GL-SDK-04'],
      description: "verifies the pg_sig of success replies only: an error reply's is not checked",
      patch: { reply: { verifiesErrorReplies: false } },
    },
    {
      id: 'trailing-slash-path',
      rules: ['GL-SDK-20', 'GL-SDK-21'],
      description:
        'sends every request to its endpoint with a slash appended (/g2g/payment/), signed for the path sent (the empty script name)',
      patch: { request: { pathSuffix: '/' } },
    },
    {
      // a probe's PHP SDK: GL-SDK-01 (MUST) failed too, "does not verify for script \"\"", one mistake blamed twice
      id: 'trailing-slash-signed-for-endpoint',
      rules: ['GL-SDK-20', 'GL-SDK-21'],
      description:
        "sends every request to its endpoint with a slash appended (/g2g/payment/), signed for the endpoint's own script name (payment)",
      patch: { request: { pathSuffix: '/', signsPathSent: false } },
    },
    {
      // a probe's PHP SDK passed every rule: GL-SDK-12 allowed "the query of a GET"
      id: 'get-query',
      rules: ['GL-SDK-26'],
      description:
        "sends every request by GET, its signed fields (the card number, CVC and pg_sig among them) in the URL's query",
      patch: { request: { getQuery: true } },
    },
    {
      id: 'post-query',
      rules: ['GL-SDK-12'],
      description:
        "sends every request as a POST with an empty body, its signed fields (the card number, CVC and pg_sig among them) in the URL's query",
      patch: { request: { postQuery: true } },
    },
    {
      id: 'merchant-id-of-template',
      rules: ['GL-SDK-22'],
      description:
        "sends pg_merchant_id 999999 (its config template's) instead of the configured merchant's, signed with the merchant's key",
      patch: { request: { merchantId: '999999' } },
    },
    {
      // a probe's PHP SDK ("$k=$v" glued by hand) passed: no value paycert sent needed form encoding
      id: 'form-not-urlencoded',
      // the gateway reads other fields (GL-SDK-18) than were signed (GL-SDK-01), an e-mail's "+" as a space (GL-SDK-03)
      rules: ['GL-SDK-01', 'GL-SDK-03', 'GL-SDK-18'],
      description:
        'writes the form as name=value pairs joined with "&", not URL-encoded: a value with "&", "=", "+", "%" or "#" reaches the gateway as other fields',
      patch: { request: { unencodedForm: true } },
    },
    {
      id: 'html-escapes-values',
      rules: ['GL-SDK-18'],
      description:
        'HTML-escapes every value (htmlspecialchars: "&" as "&amp;", quotes, "<", ">") before signing and sending it',
      patch: { request: { htmlEscapesValues: true } },
    },
    {
      // a probe's PHP SDK (mb_convert_encoding) failed GL-SDK-01, MUST: its pg_sig was verified over the text
      // read as UTF-8, not over the bytes it signed and sent
      id: 'description-cp1251',
      rules: ['GL-SDK-18'],
      description: 'sends pg_description as Windows-1251 bytes (and signs those very bytes) instead of UTF-8',
      patch: { request: { descriptionCp1251: true } },
    },
    {
      // probe 21 (a Node SDK): GL-SDK-01 failed "does not verify", without a word of the charset
      id: 'body-latin1',
      rules: ['GL-SDK-01', 'GL-SDK-18'],
      description:
        "writes the form's values as Latin-1 (each character cut to one byte: Buffer.from(s, 'latin1')), pg_sig made over the UTF-8 values",
      patch: { request: { latin1Body: true } },
    },
    {
      // probe 26 (a Go SDK, BUG_RETRY_NEW_ORDER): passed 28/28 with a note that said neither
      id: 'resends-dropped-as-new-order',
      rules: ['GL-SDK-18'],
      description:
        'resends a payment whose connection dropped before any reply with another pg_order_id (the caller\'s with "-r1" appended): a second real payment',
      patch: { request: { resendsDroppedWithNewOrder: true } },
    },
    {
      id: 'dropped-connection-as-pending',
      rules: ['GL-SDK-17'],
      description:
        'reports a request whose connection dropped before any reply as a success {pg_status ok, pg_payment_status pending}',
      patch: { reply: { transportErrorAsSuccess: true } },
    },
    {
      id: 'reply-regex-parse',
      rules: ['GL-SDK-14'],
      description:
        'reads replies with a regex (<pg_x>(.*?)</pg_x>): "&amp;" and CDATA are not decoded, so a genuine reply carrying them does not verify',
      patch: { reply: { regexParse: true } },
    },
    {
      id: 'callback-multipart-only',
      rules: ['GL-SDK-11', 'GL-SDK-23'],
      description:
        "reads only multipart result_url calls (the seed's sample): a urlencoded POST, a GET query or pg_xml is refused as badly signed",
      patch: { callback: { multipartOnly: true } },
    },
    {
      id: 'callback-php-field-names',
      rules: ['GL-SDK-11'],
      description:
        'reads "." and " " in the field names of a result_url call as "_" (PHP\'s $_POST, parse_str), so a genuine call with such merchant fields is refused',
      patch: { callback: { phpFieldNames: true } },
    },
    {
      id: 'callback-lax-script-name',
      rules: ['GL-SDK-06'],
      description:
        'takes a result_url call whose pg_sig was made for the script name result, check, result_url, check_url or the empty one',
      patch: { callback: { laxScriptName: true } },
    },
    {
      // a probe's PHP SDK: GL-SDK-10 was left inconclusive ("no pg_status can be read")
      id: 'callback-reject-http-500-text',
      rules: ['GL-SDK-07', 'GL-SDK-10', 'GL-SDK-15'],
      description:
        'answers a payment the shop cannot deliver with HTTP 500 and the plain text "Order cannot be delivered" instead of the XML rejected',
      patch: { callback: { rejectsAsHttp500Text: true } },
    },
    {
      // a probe's Java SDK (pg-xml-as-field) refused every genuine pg_xml call and passed GL-SDK-11 "partly"
      id: 'callback-pg-xml-as-field',
      rules: ['GL-SDK-23'],
      description:
        "verifies a result_url call sent as XML in pg_xml over its single field pg_xml, not the XML's fields, so every genuine one is refused",
      patch: { callback: { pgXmlAsField: true } },
    },
    {
      // a probe's Java SDK (answer-status-upper) failed GL-SDK-10 and -11 too, as if it had answered no decision
      id: 'callback-answer-status-upper',
      rules: ['GL-SDK-15'],
      description: 'answers a result_url call with pg_status in capitals (OK, REJECTED), signed so',
      patch: { callback: { answerStatusUpper: true } },
    },
    {
      // a probe's Java SDK (trim-values) passed: no genuine call carried a value with blanks at either end
      id: 'callback-trims-values',
      rules: ['GL-SDK-11'],
      description:
        'trims the values of a multipart result_url call of their blanks at either end before verifying, so a genuine call with such a value is refused',
      patch: { callback: { trimsMultipartValues: true } },
    },
    {
      // probe 23's Perl SDK (query_plus_kept) passed: every urlencoded or GET call paycert sent wrote a space %20
      id: 'callback-plus-literal',
      rules: ['GL-SDK-11'],
      description:
        "decodes only %XX in an urlencoded or GET result_url call, a '+' kept as '+': a genuine call whose spaces are written '+' (PHP's http_build_query) is refused as badly signed",
      patch: { callback: { plusAsSpace: false } },
    },
    {
      // a probe's Java SDK (xxe: a DocumentBuilder with its defaults) passed: no reply carried a DOCTYPE
      id: 'reply-resolves-external-entities',
      rules: ['GL-SDK-24'],
      description:
        "reads a reply's DOCTYPE as a resolving parser does: fetches the URL of each external entity it declares and expands it",
      patch: { reply: { resolvesExternalEntities: true } },
    },
  ],
  'greenleaves-v5': [
    {
      // probe 24's Perl SDK (creds_merchantid): credentials read under a name the profile does not send, so every
      // operation is refused as invalid and nothing is sent; a rule judged on the requests alone is inconclusive
      // with that refusal (V5-SDK-11 was skipped, "never reached an assertion"), never skipped or passed
      id: 'refuses-everything',
      rules: ['V5-SDK-07', 'V5-SDK-13'],
      description: 'refuses every operation as invalid ("merchant id is required") before sending anything',
      patch: { refusesEverything: true },
    },
    {
      // probe 22's Java SDK (cb-leak-expected): anyone got a valid signature for a body of their choosing
      id: 'refusal-shows-expected-signature',
      rules: ['V5-SDK-23'],
      description:
        'answers a callback it refuses "signature mismatch (expected <the HS256 MAC the body should have had>)"',
      patch: { callback: { refusalShowsExpected: true } },
    },
    {
      // probe 22's Java SDK (pan-in-output): passed with the card in full in its create result
      id: 'echoes-request',
      rules: ['V5-SDK-22'],
      description: "puts the request body it sent, the card's pan and cvc in full, in a create's result (`request`)",
      patch: { echoesRequest: true },
    },
    {
      // probe 26 (paycert run --sdk-tls): ssl._create_unverified_context(), an SDK "for testing" left so
      id: 'tls-unverified',
      rules: ['V5-SDK-24'],
      description: 'takes any certificate from an https gateway (certificate verification off)',
      patch: { tlsUnverified: true },
    },
    {
      id: 'secret-in-errors',
      rules: ['V5-SDK-20'],
      description: 'appends the secret key to the message of every error it reports to its caller ("… (key …)")',
      patch: { secretInErrors: true },
    },
    {
      // probe 25's Go SDK (leak_secret_bytes): `fmt.Errorf("client %+v: %w", c, err)` printed its []byte key as
      // decimal bytes; the list passed the check and reached results.ndjson in full
      id: 'secret-bytes-in-errors',
      rules: ['V5-SDK-20'],
      description:
        "prints its client into the message of every error it reports, the key as Go's %v prints a []byte (`secretKey:[99 79 81 …]`)",
      patch: { secretBytesInErrors: true },
    },
    {
      id: 'constant-request-id',
      rules: ['V5-SDK-02'],
      description: 'sends the same X-Request-Id on every request',
      patch: { freshRequestId: false },
    },
    {
      id: 'random-hex-request-id',
      rules: ['V5-SDK-02'],
      description:
        'sends as X-Request-Id 32 random hex digits in the 8-4-4-4-12 form, with no UUID version or variant (a common PHP snippet)',
      patch: { randomHexRequestId: true },
    },
    {
      id: 'in-flight-request-id',
      rules: ['V5-SDK-02'],
      description:
        'keeps X-Request-Id in state shared by the requests in flight, cleared once none is: one after another each gets its own, overlapping ones share it',
      patch: { sharedInFlightRequestId: true },
    },
    {
      id: 'new-request-id-on-retry',
      rules: ['V5-SDK-03'],
      description: 'retries a request whose reply was lost with a new X-Request-Id',
      patch: { retryKeepsRequestId: false },
    },
    {
      id: 'wrong-uri-in-header',
      rules: ['V5-SDK-01'],
      description: 'signs every request with uri "/v5/g2g" in the JWS header',
      patch: { headerUri: '/v5/g2g' },
    },
    {
      id: 'example-uri-in-header',
      rules: ['V5-SDK-01'],
      description: 'signs every request with the seed example\'s uri "/v5/g2g/create", also reads and edits',
      patch: { headerUri: '/v5/g2g/create' },
    },
    {
      id: 'read-action-from-url',
      rules: ['V5-SDK-11'],
      description: 'reads with X-Action gateway.payment.read (guessed from the URL) instead of gateway.payment.status',
      patch: { readAction: 'gateway.payment.read' },
    },
    {
      id: 'text-content-type',
      rules: ['V5-SDK-04'],
      description: 'sends Content-Type text/plain',
      patch: { contentType: 'text/plain' },
    },
    {
      // a probe's PHP SDK: passed V5-SDK-04 while paycert's gateway refused every request (1102)
      id: 'accept-list',
      rules: ['V5-SDK-04'],
      description: 'sends Accept "application/json, text/plain, */*" (an HTTP client\'s default list)',
      patch: { accept: 'application/json, text/plain, */*' },
    },
    {
      id: 'error-as-success',
      rules: ['V5-SDK-05'],
      description: 'reports a refusal as a success',
      patch: { errorAsSuccess: true },
    },
    {
      id: 'server-error-as-success',
      rules: ['V5-SDK-05'],
      description:
        "reports an HTTP 5xx reply (a proxy's HTML page, an empty body) as a success with an empty body; the gateway's own refusals as errors",
      patch: { serverErrorAsSuccess: true },
    },
    {
      id: 'requires-reply-signature',
      rules: ['V5-SDK-10'],
      description: 'refuses every reply without X-JWS-Signature (the seed signs none) as a signature error',
      patch: { requiresReplySignature: true },
    },
    {
      id: 'secret-in-header',
      rules: ['V5-SDK-06'],
      description: 'sends the secret key in an X-Secret header',
      patch: { secretHeader: true },
    },
    {
      id: 'amount-as-string',
      rules: ['V5-SDK-12'],
      description:
        'sends every amount as a JSON string with 2 decimals ("amount":"5.00"; the seed\'s example has the number 123.42)',
      patch: { amountAsString: true },
    },
    {
      id: 'refuses-small-amount',
      rules: ['V5-SDK-13'],
      description:
        'refuses as invalid, before sending anything, a create whose amount is below 1 KZT (the seed sets no minimum)',
      patch: { minAmount: 1 },
    },
    {
      id: 'auth-id-as-number',
      rules: ['V5-SDK-14'],
      description:
        'writes auth_id in the JWS header as a JSON number (123456; the seed\'s example has the string "123456"), and signs it so',
      patch: { headerAuthIdAsNumber: true },
    },
    {
      id: 'params-not-empty',
      rules: ['V5-SDK-14'],
      description:
        'writes params "lang=ru" in the JWS header (the seed\'s reserved field, "" in its example), and signs it so',
      patch: { headerParams: 'lang=ru' },
    },
    {
      id: 'amount-in-minor-units',
      rules: ['V5-SDK-15'],
      description: "sends every amount in minor units (tiyn: 50000 for the caller's 500), a number still",
      patch: { amountInMinorUnits: true },
    },
    {
      // an audit: V5-SDK-15 took a float artefact for the caller's amount (4 ulp), the gateway refuses it (2002)
      id: 'amount-from-parts',
      rules: ['V5-SDK-15'],
      description:
        "sends every amount as the sum of seven equal parts in float arithmetic, as a receipt split in lines (299.99999999999994 for the caller's 300)",
      patch: { amountFromParts: true },
    },
    {
      // an audit: fields an SDK added were not judged, the gateway refuses a field it does not know (2003)
      id: 'adds-sdk-field',
      rules: ['V5-SDK-15'],
      description: 'adds a field of its own, sdk_version, to every body',
      patch: { addsField: 'sdk_version' },
    },
    {
      id: 'drops-optional-fields',
      rules: ['V5-SDK-15'],
      description:
        "builds the create body from amount, currency, description, order_id, auto_clearing and the card only: the caller's user_id, from.save, from.recurrent, device and urls are left out",
      patch: { dropsOptionalFields: true },
    },
    {
      id: 'lifetime-as-string',
      rules: ['V5-SDK-12'],
      description:
        'sends from.recurrent.lifetime as a JSON string ("lifetime":"3"; the seed\'s example has the integer 3)',
      patch: { lifetimeAsString: true },
    },
    {
      id: 'form-body',
      rules: ['V5-SDK-16'],
      description:
        "writes the body form-encoded as PHP's http_build_query does (amount=…&from[card][pan]=…) under Content-Type application/json, and signs it as sent",
      patch: { bodyEncoding: 'form' },
    },
    {
      id: 'bom-body',
      rules: ['V5-SDK-16'],
      description:
        'writes a UTF-8 byte order mark before the JSON body (RFC 8259 §8.1 forbids it), and signs it as sent',
      patch: { bodyEncoding: 'bom' },
    },
    {
      id: 'put-method',
      rules: ['V5-SDK-17'],
      description: 'sends every request with HTTP PUT, and signs "method": "PUT" to match',
      patch: { method: 'PUT' },
    },
    {
      id: 'trailing-slash-path',
      rules: ['V5-SDK-18'],
      description: 'sends every request to its path with a slash appended (/v5/g2g/create/), and signs that uri',
      patch: { pathSuffix: '/' },
    },
    {
      id: 'retry-reencodes-body',
      rules: ['V5-SDK-03'],
      description:
        'resends a request whose reply was lost with the same X-Request-Id, but its body re-encoded (indented) and signed again: other bytes',
      patch: { retryReencodes: true },
    },
    {
      id: 'trims-strings',
      rules: ['V5-SDK-15'],
      description: "trims the blanks at either end of the caller's description, order_id and user_id",
      patch: { trimsStrings: true },
    },
    {
      // a probe's PHP SDK (serialize_precision 17): passed, its amounts reading as the caller's doubles
      id: 'amount-17-digits',
      rules: ['V5-SDK-15'],
      description:
        "writes every amount with 17 significant digits, as PHP's json_encode under serialize_precision 17 (0.050000000000000003 for the caller's 0.05)",
      patch: { amountSeventeenDigits: true },
    },
    {
      // a probe's PHP SDK without edits: its first `unsupported` skipped v5.sdk.operations, and the read sent
      // before it with the wrong X-Action (or a JWS for /v5/g2g/create) with it
      id: 'no-edits-read-action-from-url',
      rules: ['V5-SDK-11'],
      description:
        'has no clearing, refund or reverse (answers unsupported), and reads with X-Action gateway.payment.read',
      patch: { unsupported: V5_EDITS, readAction: 'gateway.payment.read' },
    },
    {
      id: 'no-edits-example-uri-in-header',
      rules: ['V5-SDK-01'],
      description:
        'has no clearing, refund or reverse (answers unsupported), and signs its reads with the seed example\'s uri "/v5/g2g/create"',
      patch: { unsupported: V5_EDITS, headerUri: '/v5/g2g/create' },
    },
    {
      // a probe's Node SDK (cents-float) passed V5-SDK-15 on seeds whose random amounts all came out right
      id: 'amount-cents-float',
      rules: ['V5-SDK-15'],
      description:
        "keeps every amount in minor units and converts it back in float arithmetic, Math.round(a * 100) * 0.01 (1.1500000000000001 for the caller's 1.15)",
      patch: { amountCentsFloat: true },
    },
    {
      id: 'http-status-as-error-code',
      rules: ['V5-SDK-19'],
      description:
        "reports a refusal with the reply's HTTP status as its code (409) instead of the gateway's error.code (3003)",
      patch: { errorCodeFromStatus: true },
    },
    {
      // a probe's Python SDK (edit_retry_new_id) passed: only a create's reply was ever lost
      id: 'new-request-id-on-edit-retry',
      rules: ['V5-SDK-03'],
      description:
        'resends a clearing, refund or reversal whose reply was lost under a new X-Request-Id (a create under its own): a second refund',
      patch: { editRetryKeepsRequestId: false },
    },
    {
      // a probe's Python SDK (retry_5xx_new_id) passed, with a note "after HTTP 502 the SDK resent the create
      // and got HTTP 409"
      id: 'new-request-id-after-5xx',
      rules: ['V5-SDK-03'],
      description:
        'resends a request answered HTTP 5xx once, under a new X-Request-Id: a new request for one whose outcome is unknown',
      patch: { serverErrorResend: 'new-id' },
    },
    {
      // probe 25's Go SDK (leak_secret_err): resent a create answered 502 and got paycert's own reply, so the
      // error its 5xx path ends in (with `auth <id>:<secret>` in it) was never reached: V5-SDK-20 passed
      id: 'resends-5xx-secret-in-error',
      rules: ['V5-SDK-20'],
      description:
        'resends a request answered HTTP 5xx once, as it was; when the resend is answered 5xx too, its error shows the secret key ("… (key …)")',
      patch: { serverErrorResend: 'same', secretInServerErrors: true },
    },
    {
      // a probe's Python SDK (truncate_desc_32, truncate_desc_64) passed: no description had more than 40 characters
      id: 'cuts-description',
      rules: ['V5-SDK-15'],
      description: 'cuts every description to 64 characters (the create schema allows 1024)',
      patch: { descriptionMaxLength: 64 },
    },
    {
      // a probe's Python SDK (edit_int_amount) passed: clearings and refunds were of 300 and 100
      id: 'edit-amount-whole-units',
      rules: ['V5-SDK-15'],
      description: "sends a clearing's or refund's amount as whole tenge (1 for the caller's 1.15), a number still",
      patch: { editAmountWholeUnits: true },
    },
    {
      // probe 24's Perl SDK (edit_drop_amount): a missing amount was blamed on V5-SDK-12 (the JSON types) too;
      // a field left out is V5-SDK-15's alone, V5-SDK-12 judges the types of the fields sent
      id: 'edit-drops-amount',
      rules: ['V5-SDK-15'],
      description: "leaves the caller's amount out of a clearing's or refund's body",
      patch: { editDropsAmount: true },
    },
    {
      // a probe's Python SDK (read_drop_order_id) passed: every read was by id
      id: 'read-drops-order-id',
      rules: ['V5-SDK-15'],
      description: 'reads by id only: the order_id the caller gave is left out of the read',
      patch: { readDropsOrderId: true },
    },
    {
      // a probe's Python SDK (name_upper) passed: every card holder was TEST TESTOV
      id: 'card-name-upper',
      rules: ['V5-SDK-15'],
      description: "sends the card holder's name in capitals (AIGERIM NURLANOVNA for Aigerim Nurlanovna)",
      patch: { cardNameUpper: true },
    },
    {
      // a probe's Python SDK (attached_payload) failed V5-SDK-01 (MUST), though the seed asks only for the
      // header and signature blocks over the body
      id: 'attached-body-payload',
      rules: ['V5-SDK-21'],
      description:
        "sends X-JWS-Signature with the body as its payload segment (header.payload.signature, the MAC the same), not detached as the seed's example",
      patch: { attachedBody: true },
    },
    {
      id: 'accepts-forged-callback',
      rules: ['V5-SDK-08', 'V5-SDK-09'],
      description: 'does not verify the X-JWS-Signature of check_url/result_url calls',
      patch: { callback: { verifySignature: false } },
    },
    {
      id: 'callback-alg-none',
      rules: ['V5-SDK-08', 'V5-SDK-09'],
      description: 'takes a callback whose JWS header says alg "none" without checking its signature',
      patch: { callback: { acceptsAlgNone: true } },
    },
    {
      id: 'callback-ignores-alg',
      rules: ['V5-SDK-09'],
      description: "checks a callback's MAC as HS256 whatever alg its JWS header names",
      patch: { callback: { ignoresAlg: true } },
    },
    {
      id: 'callback-alg-from-header',
      rules: ['V5-SDK-09'],
      description:
        "checks a callback's MAC with the HMAC alg its JWS header names (HS256, HS384, HS512): the header chooses the algorithm",
      patch: { callback: { algFromHeader: true } },
    },
    {
      // a probe's Node SDK: String(alg).toUpperCase() === 'HS256' passed, no call named a case variant
      id: 'callback-alg-case-insensitive',
      rules: ['V5-SDK-09'],
      description:
        'compares the alg of a callback\'s JWS header ignoring case: "hs256" is taken (JWS alg values are case-sensitive, RFC 7515 §4.1.1)',
      patch: { callback: { algCaseInsensitive: true } },
    },
    {
      id: 'callback-prefix-compare',
      rules: ['V5-SDK-08'],
      description: "compares only the first 8 characters of a callback's signature",
      patch: { callback: { prefixCompare: true } },
    },
    {
      // a probe's PHP SDK (strncmp over the length given): passed, no forgery was cut short
      id: 'callback-cut-short-compare',
      rules: ['V5-SDK-08'],
      description:
        "compares a callback's signature over the length given: a non-empty signature cut short (a prefix of the right one) passes",
      patch: { callback: { cutShortCompare: true } },
    },
    {
      id: 'callback-case-insensitive-compare',
      rules: ['V5-SDK-08'],
      description: "compares a callback's signature ignoring the case of its letters (Base64url is case-sensitive)",
      patch: { callback: { caseInsensitiveCompare: true } },
    },
    {
      id: 'callback-attached-payload',
      rules: ['V5-SDK-08'],
      description:
        'verifies a callback token that carries a payload (header.payload.signature) over that payload, not over the body received',
      patch: { callback: { attachedPayload: true } },
    },
    {
      id: 'callback-ignores-uri',
      rules: ['V5-SDK-08'],
      description: "does not compare a callback's JWS uri with the path called",
      patch: { callback: { checksUri: false } },
    },
    {
      id: 'callback-reserialised-body',
      rules: ['V5-SDK-07'],
      description: 'verifies a callback over its body parsed and re-serialised, not the bytes received',
      patch: { callback: { rawBody: false } },
    },
  ],
  jysan: [
    {
      // probe 24's Perl SDK (creds_merchantid): credentials read under a name the profile does not send, so every
      // operation is refused as invalid and nothing is sent; a rule judged on the requests alone is inconclusive
      // with that refusal (V5-SDK-11 was skipped, "never reached an assertion"), never skipped or passed
      id: 'refuses-everything',
      rules: ['JY-SDK-10', 'JY-SDK-13'],
      description: 'refuses every operation as invalid ("merchant id is required") before sending anything',
      patch: { refusesEverything: true },
    },
    {
      // probe 26 (paycert run --sdk-tls): ssl._create_unverified_context(), an SDK "for testing" left so
      id: 'tls-unverified',
      rules: ['JY-SDK-27'],
      description: 'takes any certificate from an https gateway (certificate verification off)',
      patch: { tlsUnverified: true },
    },
    {
      id: 'secret-in-errors',
      rules: ['JY-SDK-24'],
      description: 'appends the secret key to the message of every error it reports to its caller ("… (key …)")',
      patch: { secretInErrors: true },
    },
    {
      // probe 25's Go SDK (leak_secret_bytes): `fmt.Errorf("client %+v: %w", c, err)` printed its []byte key as
      // decimal bytes; the list passed the check and reached results.ndjson in full
      id: 'secret-bytes-in-errors',
      rules: ['JY-SDK-24'],
      description:
        "prints its client into the message of every error it reports, the key as Go's %v prints a []byte (`secretKey:[99 79 81 …]`)",
      patch: { secretBytesInErrors: true },
    },
    {
      id: 'signs-language',
      rules: ['JY-SDK-01'],
      description: 'puts LANGUAGE into the payment P_SIGN',
      patch: { paymentSign: { withLanguage: true } },
    },
    {
      id: 'signs-line-breaks',
      rules: ['JY-SDK-01'],
      description: 'signs DESC with its line breaks (the seed removes them before signing)',
      patch: { paymentSign: { stripLineBreaks: false } },
    },
    {
      id: 'constant-nonce',
      rules: ['JY-SDK-02'],
      description: 'uses the same NONCE for every payment form',
      patch: { freshNonce: false },
    },
    {
      id: 'form-cache',
      rules: ['JY-SDK-02'],
      description: "memoises the payment form by the order's JSON: a reloaded checkout page gets the same NONCE",
      patch: { formCache: true },
    },
    {
      id: 'counter-nonce',
      rules: ['JY-SDK-02'],
      description:
        'takes NONCE from a counter (100001, 100002, …): unique, but not the random number of seed 002 ("Случайное уникальное число")',
      patch: { nonceCounter: true },
    },
    {
      id: 'empty-nonce',
      rules: ['JY-SDK-09'],
      description:
        'sends NONCE empty in every payment form (an optional field written as "", signed as ";;"): shorter than N(6–64), yet no NONCE reused (probe 23)',
      patch: { emptyNonce: true },
    },
    {
      id: 'status-natural-order',
      rules: ['JY-SDK-03'],
      description: 'signs status requests as MERCHANT;ORDER',
      patch: { statusSign: { fields: ['MERCHANT', 'ORDER'] } },
    },
    {
      id: 'accepts-forged-backref',
      rules: ['JY-SDK-04'],
      description: 'does not verify the sign of a BACKREF redirect',
      patch: { verifyBackref: false },
    },
    {
      id: 'backref-prefix-compare',
      rules: ['JY-SDK-04'],
      description:
        "compares the redirect's sign over the length given (a guard for timingSafeEqual's RangeError): a cut sign passes",
      patch: { backrefPrefixCompare: true },
    },
    {
      id: 'backref-decodes-twice',
      rules: ['JY-SDK-10'],
      description:
        "URL-decodes the redirect's already decoded values again before verifying (a '+' of res_desc becomes a space)",
      patch: { backrefDecodeTwice: true },
    },
    {
      id: 'backref-paid-always',
      rules: ['JY-SDK-12'],
      description: 'reports a verified BACKREF redirect as paid whatever its res_code (a declined payment too)',
      patch: { backrefPaidAlways: true },
    },
    {
      id: 'hardcoded-action',
      rules: ['JY-SDK-11'],
      description:
        "addresses the payment form to the bank's production /ecom/api, whatever gateway it is configured with",
      patch: { hardcodedAction: true },
    },
    {
      id: 'secret-in-form',
      rules: ['JY-SDK-05', 'JY-SDK-07'],
      description: 'puts SHARED_SECRET into the payment form',
      patch: { secretInForm: true },
    },
    {
      id: 'error-as-success',
      rules: ['JY-SDK-06'],
      description: 'reports an XML error reply as a success',
      patch: { errorAsSuccess: true },
    },
    {
      id: 'key-in-form',
      rules: ['JY-SDK-05', 'JY-SDK-07'],
      description: 'puts SHARED_SECRET hex-encoded into the payment form as SIGN_KEY, for signing in the browser',
      patch: { keyInForm: true },
    },
    {
      id: 'uppercase-hex',
      rules: ['JY-SDK-01'],
      description: 'writes the payment P_SIGN in uppercase hex (right value, C# ToString("X2") style)',
      patch: { upperHex: true },
    },
    {
      id: 'grouped-amount',
      rules: ['JY-SDK-09'],
      description:
        'writes AMOUNT with a thousands separator, as PHP number_format($amount, 2) does ("1,500.50"), and signs it so',
      patch: { groupedAmount: true },
    },
    {
      id: 'desc-length-in-bytes',
      rules: ['JY-SDK-13'],
      description:
        'counts DESC in UTF-8 bytes (PHP strlen), so it refuses as invalid an order whose DESC of 50 Cyrillic characters the field table allows',
      patch: { descLengthInBytes: true },
    },
    {
      id: 'form-action-base-url',
      rules: ['JY-SDK-11'],
      description: "addresses the payment form to the configured base address, without the API's path /ecom/api",
      patch: { actionWithoutApiPath: true },
    },
    {
      id: 'signs-email-backref-swapped',
      rules: ['JY-SDK-01'],
      description: 'signs BACKREF before EMAIL (the two optional fields swapped in the P_SIGN order)',
      patch: {
        paymentSign: {
          fields: [
            ...PAYMENT_SIGNED_FIELDS.slice(0, PAYMENT_SIGNED_FIELDS.indexOf('EMAIL')),
            'BACKREF',
            'EMAIL',
            ...PAYMENT_SIGNED_FIELDS.slice(PAYMENT_SIGNED_FIELDS.indexOf('BACKREF') + 1),
          ],
        },
      },
    },
    {
      id: 'amount-three-decimals',
      // 1500.500 is within the seed's table (JY-SDK-14, our inference, warns); 1234567890123.000 for an order of
      // 1234567890123 is longer than its N(1 - 13) (JY-SDK-09)
      rules: ['JY-SDK-09', 'JY-SDK-14'],
      description:
        'writes AMOUNT with three decimals ("1500.500", a Decimal quantized to 0.001: 16 digits for an order of 13), and signs it so',
      patch: { amountThreeDecimals: true },
    },
    {
      id: 'amount-whole-units',
      rules: ['JY-SDK-15'],
      description: 'writes AMOUNT as whole units ("1500" for an order of 1500.50, int() of a float), and signs it so',
      patch: { amountWholeUnits: true },
    },
    {
      id: 'drops-optional-fields',
      rules: ['JY-SDK-16'],
      description:
        "builds the form from ORDER, AMOUNT, CURRENCY, DESC and LANGUAGE only: the shop's EMAIL, BACKREF, DESC_ORDER, CLIENT_ID and Ucaf_* are left out (and the rest signed)",
      patch: { dropsOptionalFields: true },
    },
    {
      id: 'backref-skips-empty',
      rules: ['JY-SDK-10'],
      description:
        "verifies a redirect over its non-empty values only: a genuine declined one, without rrn (signed as ';;'), is refused as badly signed",
      patch: { backrefSkipsEmpty: true },
    },
    {
      id: 'code-99-as-success',
      rules: ['JY-SDK-06'],
      description:
        "takes only the codes 11-29 of the seed's table as errors: a reply with code 99 reaches the caller as a success",
      patch: { errorCodeRange: [11, 29] },
    },
    {
      id: 'success-as-error',
      rules: ['JY-SDK-17'],
      description:
        "reports every XML reply as an error, code 0 too (Ruby's `code != 0`, the String code compared with an Integer)",
      patch: { successAsError: true },
    },
    {
      id: 'status-path',
      rules: ['JY-SDK-18'],
      description: 'posts status and cancel requests to /ecom/api/status instead of /ecom/api',
      patch: { xmlPath: '/ecom/api/status' },
    },
    {
      id: 'cancel-minor-units',
      rules: ['JY-SDK-19'],
      description: "sends a cancel's REV_AMOUNT in minor units (1000 for the caller's 10.00), and signs it so",
      patch: { cancelAmountMinor: true },
    },
    {
      id: 'form-merchant-of-other-shop',
      rules: ['JY-SDK-20'],
      description:
        "writes another shop's merchant id (TEST_ECOM2, left in a config template) into the payment form's MERCHANT, and signs it so",
      patch: { formMerchant: 'TEST_ECOM2' },
    },
    {
      id: 'form-terminal-constant',
      rules: ['JY-SDK-20'],
      description:
        "writes a constant TERMINAL (WEB10099, the sample's) into the payment form, not the one configured, and signs it so",
      patch: { formTerminal: 'WEB10099' },
    },
    {
      id: 'xml-merchant-of-other-shop',
      rules: ['JY-SDK-19'],
      description: "sends status and cancel requests with another shop's MERCHANT (TEST_ECOM2), and signs them so",
      patch: { xmlMerchant: 'TEST_ECOM2' },
    },
    {
      id: 'getstatus-true',
      rules: ['JY-SDK-21'],
      description: 'sends GETSTATUS=true, not GETSTATUS=1 (a boolean flag written as text)',
      patch: { getStatus: 'true' },
    },
    {
      id: 'cancel-without-rev-desc',
      rules: ['JY-SDK-21'],
      description: 'sends a cancel without REV_DESC (signed with its empty value: ORDER;MERCHANT;REV_AMOUNT;;)',
      patch: { cancelWithoutRevDesc: true },
    },
    {
      id: 'signs-amount-two-decimals',
      rules: ['JY-SDK-01'],
      description:
        'signs AMOUNT as number_format($amount, 2) writes it but sends it as given: an order of 100 or 1.5 is signed as 100.00 or 1.50',
      patch: { signsAmountTwoDecimals: true },
    },
    {
      id: 'currency-constant',
      rules: ['JY-SDK-15'],
      description:
        "writes CURRENCY KZT into every payment form, whatever the order's currency (USD, EUR), and signs it so",
      patch: { formCurrency: 'KZT' },
    },
    {
      id: 'amount-requires-two-decimals',
      rules: ['JY-SDK-13'],
      description:
        'refuses as invalid an order whose AMOUNT has not exactly two decimals (100, 1.5), which the field table allows',
      patch: { amountTwoDecimalsOnly: true },
    },
    {
      id: 'amount-max-seven-digits',
      rules: ['JY-SDK-13'],
      description:
        'refuses as invalid an order whose AMOUNT is above 9,999,999.99, which the field table allows (N(1 - 13))',
      patch: { maxAmount: 9_999_999.99 },
    },
    {
      id: 'no-status-cancel-signed-as-status',
      rules: ['JY-SDK-03'],
      description:
        'has no status request, and signs its cancel as a status (ORDER;MERCHANT): judged on the cancel it has',
      patch: { unsupported: ['status.get'], cancelSign: { fields: ['ORDER', 'MERCHANT'], trailingSeparator: false } },
    },
    {
      id: 'no-cancel-code-99-as-success',
      rules: ['JY-SDK-06'],
      description:
        'has no cancel, and takes only the codes 11-29 as errors (a status reply with code 99 is a success): judged on the status it has',
      patch: { unsupported: ['payment.cancel'], errorCodeRange: [11, 29] },
    },
    {
      id: 'codes-16-18-as-success',
      rules: ['JY-SDK-06'],
      description:
        'takes the replies with code 16 (Db service unavailable) and 18 (request of ORDER already in progress) for an idempotent success',
      patch: { successCodes: ['16', '18'] },
    },
    {
      id: 'success-if-operation',
      rules: ['JY-SDK-06'],
      description: 'takes any XML reply that carries an <operation> for a success, whatever its code',
      patch: { successIfOperation: true },
    },
    {
      id: 'cancel-amount-whole-units',
      rules: ['JY-SDK-19'],
      description: "sends a cancel's REV_AMOUNT as whole units (PHP (int) of 12.50 is 12), and signs it so",
      patch: { cancelAmountWholeUnits: true },
    },
    // probe 22's Perl SDK (key_check_field): a truncated digest passed, the full ones were caught
    {
      id: 'key-check-in-form',
      rules: ['JY-SDK-07'],
      description:
        'puts a "key check value", the first 16 hex digits of SHA-512(SHARED_SECRET), into the payment form as KEY_CHECK',
      patch: { keyCheckInForm: true },
    },
    // probe 22's Perl SDK (perl_numeric_amount + merchant_is_terminal): a form with a JSON number left every
    // rule of jy.sdk.payment-form inconclusive, the wrong MERCHANT unseen; the rules needing AMOUNT's text alone
    // are not judged on such a form
    {
      id: 'form-merchant-amount-json-number',
      rules: ['JY-SDK-20'],
      description:
        'writes another shop\'s MERCHANT (TEST_ECOM2) into the payment form, its adapter answering AMOUNT as a JSON number where it round-trips (7.05, not "7.05")',
      patch: { formMerchant: 'TEST_ECOM2', amountJsonNumber: true },
    },
    // probe 22's Perl SDK (success_by_text, cancel_requires_operation, paid_by_desc, order_pad6): each passed
    {
      id: 'success-by-text',
      rules: ['JY-SDK-17'],
      description:
        'takes a code-0 reply for a success only when its <description> starts with "Обработано успешно" (a reply in English is an error)',
      patch: { successByText: true },
    },
    {
      id: 'cancel-requires-operation',
      rules: ['JY-SDK-17'],
      description:
        "takes a code-0 cancel reply without <operation> (the seed's /en/cancel reply: <code> and <description>) for an error",
      patch: { cancelRequiresOperation: true },
    },
    {
      id: 'paid-by-desc',
      rules: ['JY-SDK-12'],
      description:
        'reports a verified redirect as paid unless its res_desc reads as a decline (/отклон|declin|ошибк|error/i), whatever its res_code',
      patch: { paidByDesc: true },
    },
    {
      id: 'order-pad-six',
      rules: ['JY-SDK-15'],
      description:
        'keeps ORDER as an integer and writes it back zero-padded to six digits (sprintf("%06d")): "00012345" becomes "012345"',
      patch: { orderPadSix: true },
    },
    {
      id: 'key-hash-in-form',
      rules: ['JY-SDK-07'],
      description: 'puts the SHA-512 of SHARED_SECRET (hex) into the payment form as SIGN_KEY, for the browser',
      patch: { keyHashInForm: true },
    },
    // the bank's published sample credentials (digest §A1) left in the SDK: they passed while paycert configured
    // every SDK with them by default (sdkCredentials now gives an SDK run credentials of its own)
    {
      id: 'sample-merchant-terminal',
      rules: ['JY-SDK-20'],
      description:
        'writes the published sample MERCHANT TEST_ECOM and TERMINAL WEB10004 into the payment form, whatever it is configured with, and signs them so',
      patch: { formMerchant: 'TEST_ECOM', formTerminal: 'WEB10004' },
    },
    {
      id: 'sample-secret',
      rules: ['JY-SDK-01', 'JY-SDK-03', 'JY-SDK-10'],
      description:
        'signs and verifies with the published sample SHARED_SECRET 01234567890123456789012, whatever it is configured with',
      patch: { signingSecret: '01234567890123456789012' },
    },
    // the cancels carried one fixed REV_DESC, and these passed (probe 17: rev-desc-const, cancel-sign-keep-breaks,
    // no-urlencode)
    {
      id: 'rev-desc-constant',
      rules: ['JY-SDK-19'],
      description: 'sends every cancel with REV_DESC "Refund", whatever the caller\'s, and signs it so',
      patch: { revDesc: 'Refund' },
    },
    {
      id: 'cancel-signs-line-breaks',
      rules: ['JY-SDK-03'],
      description: "signs a cancel's REV_DESC with its line breaks (digest §A8: CR and LF removed before signing)",
      patch: { cancelSign: { stripLineBreaks: false } },
    },
    {
      id: 'form-not-url-encoded',
      rules: ['JY-SDK-03', 'JY-SDK-19'],
      description:
        "posts status and cancel fields as name=value&… without URL-encoding them: a REV_DESC's '&', '+' or '%' reaches the gateway as another text than it signed",
      patch: { formUnencoded: true },
    },
    {
      id: 'no-code-as-success',
      rules: ['JY-SDK-22'],
      description:
        'reads a status or cancel reply that is no XML <result> with a <code> (an HTML error page, an empty HTTP 503) as code 0, a success',
      patch: { noCodeAsSuccess: true },
    },
    {
      id: 'operation-lost-non-greedy',
      rules: ['JY-SDK-23'],
      description:
        "reads the reply's <result>…</result> with a non-greedy regex: it ends at the <operation>'s own </result> (the MPI result), and that operation is lost",
      patch: { nonGreedyResult: true },
    },
    // probe 19 (a Python SDK): these passed while no generated DESC, DESC_ORDER or BACKREF carried '&', '<', '"',
    // ';' or a second query parameter, no REV_DESC or res_desc blanks at either end, and the redirect's reported
    // order and the status request's method were not judged
    {
      id: 'signs-text-html-escaped',
      rules: ['JY-SDK-01'],
      description:
        "signs DESC, DESC_ORDER and BACKREF HTML-escaped (htmlspecialchars: '&' signed as '&amp;') but sends them as given",
      patch: { signedTextAs: 'html-escaped' },
    },
    {
      id: 'signs-text-without-semicolons',
      rules: ['JY-SDK-01'],
      description: "removes ';' from DESC, DESC_ORDER and BACKREF before signing them, and sends them as given",
      patch: { signedTextAs: 'without-semicolons' },
    },
    // probe 21 (a PHP SDK): these passed while every generated EMAIL was lowercase and every BACKREF carried
    // redirect=true; the others were diagnosed without naming the cut character or the empty texts signed
    {
      id: 'lowercases-email',
      rules: ['JY-SDK-16'],
      description: "writes EMAIL in lowercase (strtolower), whatever the shop's, and signs it so",
      patch: { emailLowercased: true },
    },
    {
      id: 'backref-adds-redirect',
      rules: ['JY-SDK-16'],
      description: 'appends redirect=true to a BACKREF without it, and signs it so',
      patch: { backrefAddsRedirect: true },
    },
    {
      id: 'cuts-desc-at-50-bytes',
      rules: ['JY-SDK-16'],
      description:
        'cuts DESC at 50 UTF-8 bytes (substr), a Cyrillic character cut in two written as U+FFFD, and signs it so',
      patch: { descCutBytes: true },
    },
    {
      id: 'signs-desc-empty',
      rules: ['JY-SDK-01'],
      description:
        'signs DESC and DESC_ORDER empty (the seed\'s preg_replace("/\\n|\\r/g", …) returns null in PHP), and sends them as given',
      patch: { signsDescEmpty: true },
    },
    {
      id: 'desc-html-escaped',
      rules: ['JY-SDK-16'],
      description: "writes DESC into the form HTML-escaped ('&' as '&amp;', '\"' as '&quot;'), and signs it so",
      patch: { descHtmlEscaped: true },
    },
    {
      id: 'cancel-signs-trimmed-rev-desc',
      rules: ['JY-SDK-03'],
      description: "signs a cancel's REV_DESC trimmed of its blanks at either end, and sends it as given",
      patch: { cancelSignsTrimmed: true },
    },
    {
      id: 'backref-trims-values',
      rules: ['JY-SDK-10'],
      description:
        "trims the redirect's values before verifying: a genuine redirect whose res_desc ends in a blank is refused",
      patch: { backrefTrims: true },
    },
    {
      id: 'backref-order-from-mpi-order',
      rules: ['JY-SDK-25'],
      description: 'reports a verified redirect with its mpi_order (the MPI order number) as the order number',
      patch: { backrefOrderFromMpi: true },
    },
    {
      id: 'status-by-get',
      rules: ['JY-SDK-26'],
      description: "sends the status request by GET, its fields and P_SIGN in the URL's query",
      patch: { statusByGet: true },
    },
  ],
};

/** Behaviour of the reference SDK adapter that departs from its defaults but that the seed allows (each
 *  run as a real target by test/meta/sdk-variants.test.ts: no rule may fail). */
export const SDK_VARIANTS: { [P in ProfileId]: readonly PolicyVariant<SdkPolicyOf<P>>[] } = {
  greenleaves: [
    {
      // a probe's PHP SDK (sdk_version=…, signed) was warned on GL-SDK-03 "undocumented field(s) sdk_version"
      id: 'own-version-field',
      description: 'adds a field of its own, sdk_version (not pg_), to every request, signed with the rest',
      allowedBy:
        'digest §2.1 [PUB] "any party may add undocumented parameters; they take part in the signature"; §1 naming (only the gateway\'s parameters start with pg_)',
      patch: { request: { ownVersionField: true } },
    },
    {
      // probe 26 (a Go SDK, FREE_MULTIPART): every multipart request showed the CVC and expiry in the reports
      id: 'posts-multipart',
      description: 'posts every request as multipart/form-data (one part per field) instead of urlencoded',
      allowedBy:
        'seed 001 "Данные передаются в параметрах методом POST." (its own samples are curl --form, multipart); digest §1 accepted bodies; GL-SDK-12',
      patch: { request: { encoding: 'multipart' } },
    },
    {
      // probe 26 (a Go SDK, FREE_PG_XML): the CVC and expiry showed inside the decoded pg_xml in the reports
      id: 'posts-pg-xml',
      description: 'posts every request as XML (<request>…</request>) in the single form field pg_xml',
      allowedBy: 'digest §1 (pg_xml, pg_request_method XML); GL-SDK-12 names a request in the form field pg_xml',
      patch: { request: { encoding: 'xml' } },
    },
    {
      id: 'refuses-blank-description',
      description: 'refuses a blank (whitespace-only) pg_description as invalid before sending anything',
      allowedBy: 'digest §3.1 pg_description "R" (required): a blank description is no description',
      patch: { request: { refusesBlankDescription: true } },
    },
  ],
  'greenleaves-v5': [
    {
      // a probe's Node SDK (follow-read): its read was judged as the create's, V5-SDK-18 failed "payment.create
      // was sent to /v5/g2g/read"
      id: 'reads-back-after-create',
      description:
        "reads a payment back after creating it (POST /v5/g2g/read, X-Action gateway.payment.status, {id}) and answers with the read's payment",
      allowedBy:
        'seed 000 "{domain}/v5/g2g/read", "- Retrieves information about an object." (a read is a request of its own; the seed does not say what an SDK sends for one call)',
      patch: { readsBackAfterCreate: true },
    },
    {
      // a probe's Node SDK (recover-read): the read was taken for a resend of the create, V5-SDK-03 warned
      id: 'reads-after-lost-reply',
      description:
        'does not resend a create whose reply was lost: reads the payment by its order_id (gateway.payment.status, its own X-Request-Id) and answers with that',
      allowedBy:
        'seed 000 "{domain}/v5/g2g/read" (a read by order_id, digest §B5); the seed asks no resend of a lost reply (V5-SDK-03 is INFERRED and judges a resend only)',
      patch: { readsAfterLostReply: true },
    },
    {
      // a probe's Python SDK (retry_5xx_same): passed with a note
      id: 'resends-after-5xx',
      description:
        'resends a request answered HTTP 5xx once, as it was (the same body bytes under the same X-Request-Id)',
      allowedBy:
        'seed 000 "X-Request-Id - Unique request ID (UUID)" (the same request keeps its id); digest §B2 [P] (resending the same id returns the original reply); the seed asks no resend (V5-SDK-03 is INFERRED)',
      patch: { serverErrorResend: 'same' },
    },
    {
      // probe 22 (a proxy retrying every POST): V5-SDK-02 failed "X-Request-Id … was sent for two requests"
      id: 'sends-every-post-twice',
      description:
        'sends every request twice, byte for byte under its X-Request-Id (a proxy or HTTP client retrying every POST), and reads the second reply',
      allowedBy:
        'seed 000 "X-Request-Id - Unique request ID (UUID)" (a resend of the same bytes is the same request and keeps its id); digest §B2 [P] (resending the same id returns the original reply)',
      patch: { sendsEveryPostTwice: true },
    },
  ],
  jysan: [
    {
      // probe 26 (sdk-tls-edge): JY-SDK-11 failed a form whose action was the configured address's /ecom/api
      // written with another name of it; under --sdk-tls the certificate names 127.0.0.1 and localhost
      id: 'action-on-localhost',
      description: "builds the form's action on localhost for a gateway given as 127.0.0.1 (the same address)",
      allowedBy:
        'seed 002 l.4 "методом POST на адрес …/ecom/api" (the address the SDK is configured with, by any of its names)',
      patch: { actionOnLocalhost: true },
    },
    {
      // probe 19 (a Python SDK, email_validate): warned on JY-SDK-13 while the orders' EMAILs were no
      // addresses ('qw.@example.kz')
      id: 'validates-email',
      description:
        'refuses as invalid an order whose EMAIL is no e-mail address (a dot at either end of its local part)',
      allowedBy: 'seed 002 "EMAIL Нет C(0 – 80) Адрес Email клиента" (the field is an e-mail address)',
      patch: { validatesEmail: true },
    },
    {
      // probe 22 (a proxy resending every POST): JY-SDK-17 and -23 were inconclusive, their reason ending in an
      // empty list; JY-SDK-22's said the SDK "got the gateway's reply" where it got the page
      id: 'resends-each-request',
      description:
        'sends every status and cancel request twice, the same bytes, and answers with the reply to the second (as a proxy resending each POST)',
      allowedBy:
        'seed 002 states nothing of resending a request; a status is a read, and the bank itself answers a cancel of an ORDER already in progress (code 18 "Запрос ORDER=%s уже выполнялся")',
      patch: { resendsEachRequest: true },
    },
  ],
};
