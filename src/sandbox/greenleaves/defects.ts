import type { PolicyDefect, PolicyVariant } from '../../reference/policy.ts';
import type { GreenleavesPolicy } from './policy.ts';
import { RECURRING_DEFECTS } from './recurring-defects.ts';

export const GREENLEAVES_DEFECTS = [
  {
    id: 'accepts-bad-signature',
    description: 'does not verify pg_sig at all',
    // every rule that says "a request signed otherwise is refused" is broken by the same root cause
    rules: [
      'GL-SIG-03',
      'GL-SIG-04',
      'GL-SIG-05',
      'GL-SIG-06',
      'GL-SIG-07',
      'GL-SIG-09',
      'GL-SIG-10',
      'GL-ERR-01',
      'GL-TX-08',
    ],
    patch: { signature: { verify: false } },
  },
  {
    id: 'plus-not-space',
    rules: ['GL-TX-01'],
    description:
      "reads a '+' in a form-encoded body as '+', not as a space: a request whose spaces a browser, PHP's http_build_query or Java's URLEncoder wrote '+' does not verify (probe21's Java gateway, BUG=plus_literal)",
    patch: { transport: { plusAsSpace: false } },
  },
  {
    id: 'sig-hex-no-leading-zero',
    rules: ['GL-SIG-02'],
    description:
      'compares pg_sig with the MD5 hex written without its leading zeros (Java\'s BigInteger.toString(16)): one correctly signed request in 16, whose pg_sig begins with "0", is refused (probe21, BUG=md5_biginteger)',
    patch: { signature: { hexLeadingZero: false } },
  },
  {
    id: 'error-reply-shows-secret',
    rules: ['GL-SIG-17'],
    description:
      'shows, in pg_error_description of the 1100 reply to a badly signed request, the base it hashed with the secret_key at its end ("debug: md5(payment_page;…;<secret>)")',
    patch: { errors: { badSignatureShows: 'secret' } },
  },
  {
    id: 'error-reply-shows-expected-sig',
    rules: ['GL-SIG-17'],
    description:
      'shows, in pg_error_description of the 1100 reply to a badly signed request, the pg_sig the request should have carried ("expected pg_sig: …"): anyone can then sign any request',
    patch: { errors: { badSignatureShows: 'expected-sig' } },
  },
  {
    id: 'wrong-error-code',
    rules: ['GL-ERR-01'],
    description: 'answers a bad signature with pg_error_code 9999 instead of 1100',
    patch: { errors: { badSignatureCode: 9999 } },
  },
  {
    id: 'reply-wrong-script-name',
    rules: ['GL-SIG-12'],
    description: 'signs replies with the script name "response" instead of the called endpoint',
    patch: { replies: { scriptName: 'response' } },
  },
  {
    id: 'reply-script-name-prefixed',
    rules: ['GL-SIG-12'],
    description: 'signs replies with the called script name under "g2g/" ("g2g/payment", "g2g/list")',
    patch: { replies: { scriptPrefix: 'g2g/' } },
  },
  {
    id: 'reply-status-success',
    rules: ['GL-TX-09'],
    description: 'replies that took the request say pg_status "success" instead of "ok" (signed over it)',
    patch: { replies: { okWord: 'success' } },
  },
  {
    id: 'reply-sig-skips-falsy',
    rules: ['GL-SIG-11'],
    description:
      'signs replies over the values PHP\'s array_filter keeps: no "0" and no empty value (pg_3ds=0 left out)',
    patch: { replies: { signsFalsy: false } },
  },
  {
    id: 'constant-reply-salt',
    rules: ['GL-SIG-16'],
    description: 'every reply carries the same pg_salt ("constantsalt")',
    patch: { replies: { freshSalt: false } },
  },
  {
    id: 'constant-success-salt',
    rules: ['GL-SIG-16'],
    description:
      'every success reply carries pg_salt "salt", error replies a new one each time (probe18\'s PHP gateway, BUG=const-salt)',
    patch: { replies: { successSalt: 'salt' } },
  },
  {
    id: 'unsigned-error-reply',
    rules: ['GL-SIG-11', 'GL-SIG-14', 'GL-SIG-15'],
    description: 'error replies of a known merchant carry no pg_salt / pg_sig',
    patch: { errors: { signed: false } },
  },
  {
    id: 'drops-reply-field',
    rules: ['GL-PAY-01'],
    description: 'the /g2g/payment success reply lacks pg_payment_id',
    patch: { payment: { paymentIdInReply: false } },
  },
  {
    id: 'accepts-overlong-field',
    rules: ['GL-PAY-02'],
    description: 'does not enforce the 50-character limit of pg_order_id',
    patch: { fields: { lengthUnchecked: { 'payment-request': ['pg_order_id'] } } },
  },
  {
    id: 'natural-flatten-order',
    rules: ['GL-SIG-06'],
    description: 'verifies nested data in natural order instead of the vendor class order',
    patch: { signature: { order: 'natural' } },
  },
  {
    id: 'sig-insertion-order',
    rules: ['GL-SIG-02'],
    description:
      'verifies pg_sig over the values in the order the fields came instead of ordered by field name (a correctly signed request whose fields are not sent sorted is refused)',
    patch: { signature: { order: 'insertion' } },
  },
  {
    id: 'reply-sig-insertion-order',
    // a reply whose signature does not verify is the signature rules' failure, never the transport's
    rules: ['GL-SIG-11', 'GL-SIG-14', 'GL-SIG-15'],
    description:
      'signs its replies over the values in the order it wrote the fields, not ordered by field name (the reply side of sig-insertion-order)',
    patch: { replies: { order: 'insertion' } },
  },
  {
    id: 'case-insensitive-signature',
    rules: ['GL-SIG-07'],
    description: 'accepts pg_sig in uppercase',
    patch: { signature: { caseInsensitive: true } },
  },
  {
    id: 'ignores-extra-fields',
    rules: ['GL-SIG-04'],
    description: "leaves the merchant's non-pg_ fields out of the signature",
    patch: { signature: { signedFields: 'pg-only' } },
  },
  {
    id: 'latin1-hashing',
    rules: ['GL-SIG-08'],
    description: 'hashes the signature string as Latin-1 instead of UTF-8',
    patch: { signature: { charset: 'latin1' } },
  },
  {
    id: 'missing-salt-accepted',
    rules: ['GL-SIG-01'],
    description: 'accepts a request without pg_salt',
    patch: { fields: { saltRequired: false } },
  },
  {
    id: 'retry-wrong-schedule',
    rules: ['GL-CB-05'],
    description: 'retries a failed result_url call every 20 minutes, for one hour',
    patch: { callbacks: { retry: { intervalMs: 20 * 60_000, count: 3 } } },
  },
  {
    id: 'allows-reject-on-retry',
    rules: ['GL-CB-06'],
    description: 'keeps pg_can_reject=1 on retries after a failed first call',
    patch: { callbacks: { canRejectOnRetry: true } },
  },
  {
    id: 'callback-payload-changes',
    rules: ['GL-CB-07'],
    description: 'sends the attempt time as pg_payment_date, so every retry differs',
    patch: { callbacks: { fixedPayload: false } },
  },
  {
    id: 'callback-wrong-script-name',
    rules: ['GL-CB-03'],
    description: 'signs result_url calls with the script name "result_url"',
    patch: { callbacks: { resultScriptName: 'result_url' } },
  },
  {
    id: 'callback-script-result',
    rules: ['GL-CB-03'],
    description: 'signs every result_url call with the hard-coded script name "result", whatever the URL',
    patch: { callbacks: { resultScriptName: 'result' } },
  },
  {
    id: 'check-script-check',
    rules: ['GL-CB-11'],
    description: 'signs every check_url call with the hard-coded script name "check", whatever the URL',
    patch: { callbacks: { checkScriptName: 'check' } },
  },
  {
    id: 'callback-full-pan',
    rules: ['GL-CB-12'],
    description: 'sends the full card number in pg_card_pan',
    patch: { callbacks: { maskedPan: false } },
  },
  {
    id: 'ignores-rejection',
    rules: ['GL-CB-08'],
    description: 'does not revoke a payment the merchant rejected with pg_can_reject=1',
    patch: { callbacks: { honoursRejection: false } },
  },
  {
    id: 'honours-late-rejection',
    rules: ['GL-CB-09'],
    description: 'revokes a payment rejected on a call with pg_can_reject=0',
    patch: { callbacks: { honoursLateRejection: true } },
  },
  {
    id: 'skips-3ds',
    rules: ['GL-PAY-06'],
    description: 'authorises 3-D Secure cards without the ACS step',
    patch: { payment: { threeDs: false } },
  },
  {
    id: 'token-any-user',
    rules: ['GL-TOK-02'],
    description: "charges a saved card's token for any pg_user_id",
    patch: { token: { checksUser: false } },
  },
  {
    id: 'clearing-over-amount',
    rules: ['GL-OPS-03'],
    description: 'captures more than the authorised amount',
    patch: { ops: { clearingCapped: false } },
  },
  {
    id: 'clear-twice',
    rules: ['GL-OPS-03'],
    description:
      'clears a payment already cleared a second time and captures the amount again (400 of 500 cleared twice: 800 captured)',
    patch: { ops: { clearsCleared: true } },
  },
  {
    id: 'no-failure-callback',
    // never called: not within the wait either (GL-CB-19)
    rules: ['GL-CB-01', 'GL-CB-19'],
    description: 'does not call result_url for a payment that failed',
    patch: { callbacks: { onFailure: false } },
  },
  {
    id: 'payment-taken-twice',
    // a double charge, but no rule of the seed asks for one payment per request or forbids a second payment
    // of an order: what a rule forbids is status_v2 by pg_order_id reporting the first payment, which the
    // shop was never told of (GL-OPS-01). The callback rules judge each payment's calls as its own: the
    // second payment's first call is no retry of the first's (GL-CB-05, -06, -07, -10 not failed, the other
    // payment's calls not judged: payment-taken-twice.test.ts)
    rules: ['GL-OPS-01'],
    description:
      "takes every /g2g/payment request twice, as probe20's edge retrying each POST made it: two payments of the order, each with its own result_url call, the reply of the second",
    patch: { payment: { takenTwice: true } },
  },
  {
    id: 'retries-after-success',
    rules: ['GL-CB-10'],
    description: 'calls result_url again after an HTTP 200 answer',
    patch: { callbacks: { retriesAfterSuccess: true } },
  },
  {
    id: 'enforces-advised-charset',
    rules: ['GL-PAY-09'],
    description: 'refuses values outside the recommended charsets (e.g. pg_description "Order ID: 1042")',
    patch: { fields: { enforceAdvisedCharsets: true } },
  },
  {
    id: 'refuses-other-section-params',
    rules: ['GL-PAY-10'],
    description:
      'refuses /g2g/payment with parameters documented in other sections (pg_language, pg_lifetime, pg_success_url)',
    patch: { fields: { refuseOtherSectionParams: true } },
  },
  {
    id: 'refuses-empty-optional',
    rules: ['GL-PAY-11'],
    description: 'refuses an optional field sent with an empty value',
    patch: { fields: { emptyOptionalAsAbsent: false } },
  },
  {
    id: 'refuses-multipart',
    rules: ['GL-TX-01'],
    description: 'refuses requests sent as multipart/form-data',
    patch: { transport: { acceptsMultipart: false } },
  },
  {
    id: 'refuses-pg-xml',
    rules: ['GL-TX-05'],
    description: 'refuses a request sent as XML in pg_xml',
    patch: { transport: { acceptsPgXml: false } },
  },
  {
    id: 'errors-http-400',
    rules: ['GL-TX-03'],
    description: 'answers error replies with HTTP 400',
    patch: { errors: { httpStatus: 400 } },
  },
  {
    id: 'reply-root-result',
    rules: ['GL-TX-06'],
    description: 'signed replies have the root element <result> instead of <response>',
    patch: { replies: { root: 'result' } },
  },
  {
    id: 'script-name-any-case',
    rules: ['GL-SIG-03'],
    description: 'accepts a signature made with the script name in another letter case',
    patch: { signature: { alsoAccepts: { scriptNameAnyCase: true } } },
  },
  {
    id: 'verifies-fixed-script',
    rules: ['GL-SIG-03', 'GL-TX-08'],
    description:
      'verifies every request with the script name "payment", whatever the endpoint called (a payment_page request signed with "payment" is taken, one signed with "payment_page" refused)',
    patch: { signature: { fixedScript: 'payment' } },
  },
  {
    id: 'accepts-unsigned-nested',
    rules: ['GL-SIG-05'],
    description: 'also accepts a signature made with nested blocks as empty values',
    patch: { signature: { alsoAccepts: { nestedAsEmpty: true } } },
  },
  {
    id: 'accepts-skipped-empty',
    rules: ['GL-SIG-09'],
    description: 'also accepts a signature made without the empty values',
    patch: { signature: { alsoAccepts: { skippedEmpty: true } } },
  },
  {
    id: 'accepts-folded-order',
    rules: ['GL-SIG-10'],
    description: 'also accepts a signature over the field names ordered case-insensitively',
    patch: { signature: { alsoAccepts: { foldedOrder: true } } },
  },
  {
    id: 'unknown-merchant-code-101',
    rules: ['GL-SIG-13'],
    description: 'answers an unknown merchant with code 101 instead of 9998',
    patch: { errors: { unknownMerchantCode: 101 } },
  },
  {
    id: 'field-error-without-name',
    rules: ['GL-PAY-03'],
    description: 'the field-violation error does not name the field',
    patch: { errors: { namesField: false } },
  },
  {
    id: 'field-error-code-1100',
    rules: ['GL-PAY-03'],
    description:
      'answers a field violation with pg_error_code 1100 (the bad signature\'s) instead of 9999, the description naming the field ("Ошибка в параметрах запроса: pg_card_name …"; probe18\'s PHP gateway, BUG=wrong-field-code)',
    patch: { errors: { fieldViolationCode: 1100 } },
  },
  {
    id: 'field-error-code-10005',
    rules: ['GL-PAY-03'],
    // 10005 is accepted for the card-data fields only (errors.json alsoAccepted): elsewhere 9999 holds
    description:
      'answers a violation of any field with pg_error_code 10005 ("wrong card data"), pg_amount and pg_description included, not only the card-data fields',
    patch: { errors: { fieldViolationCode: 10005, cardFieldViolationCode: 10005 } },
  },
  {
    id: 'accepts-declining-card',
    rules: ['GL-PAY-04'],
    description: 'a card that declines authorisation is charged',
    patch: { payment: { honoursDecline: false } },
  },
  {
    id: 'accepts-foreign-currency',
    rules: ['GL-PAY-07'],
    description: 'accepts pg_currency USD, RUB and EUR',
    patch: { fields: { extraCurrencies: ['USD', 'RUB', 'EUR'] } },
  },
  {
    id: 'business-error-no-description',
    rules: ['GL-ERR-02'],
    description: 'business errors (not found, decline, impossible) carry no pg_error_description',
    patch: { errors: { businessDescription: false } },
  },
  {
    id: 'decline-code-10005',
    rules: ['GL-ERR-03'],
    description: 'reports a declined authorisation with code 10005 instead of 10001',
    patch: { errors: { cardDeclineCode: 10005 } },
  },
  {
    id: 'undocumented-error-code',
    rules: ['GL-ERR-04'],
    description: 'a refund of an unknown payment gets the undocumented code 4040',
    patch: { errors: { refundNotFoundCode: 4040 } },
  },
  {
    id: 'status-unknown-latest',
    rules: ['GL-OPS-02'],
    description: 'the status of an unknown payment answers the newest payment (a lookup that lost its condition)',
    patch: { ops: { statusUnknownLatest: true } },
  },
  {
    id: 'status-not-found-9999',
    rules: ['GL-ERR-05'],
    description: 'the status of an unknown payment is error 9999 instead of 340',
    patch: { errors: { statusNotFoundCode: 9999 } },
  },
  {
    id: 'status-other-currency',
    rules: ['GL-OPS-01'],
    description: "status_v2 reports every payment in USD (the shop account's currency), a KZT payment too",
    patch: { ops: { statusCurrency: 'USD' } },
  },
  {
    id: 'status-full-pan',
    // the masking is GL-PAY-12's alone: the status reply's schema leaves pg_card_pan's form open
    rules: ['GL-PAY-12'],
    description:
      "shows the card number in full in the status_v2 reply (pg_card_pan=4716047261941981; probe18's PHP gateway, BUG=pan-in-status)",
    patch: { ops: { statusFullPan: true } },
  },
  {
    id: 'status-ignores-order-id',
    rules: ['GL-OPS-01'],
    description: 'status_v2 does not find a payment by pg_order_id',
    patch: { ops: { findsByOrderId: false } },
  },
  {
    id: 'cancel-captured',
    rules: ['GL-OPS-04'],
    description: 'cancels a payment that is already captured',
    patch: { ops: { cancelsCaptured: true } },
  },
  {
    id: 'refund-over-captured',
    rules: ['GL-OPS-05'],
    description: 'lets refunds add up to more than the captured amount',
    patch: { ops: { refundCapped: false } },
  },
  {
    id: 'ignores-card-capabilities',
    rules: ['GL-OPS-06'],
    description: "cancels a payment although the test card's capabilities forbid it",
    patch: { ops: { cancelChecksCard: false } },
  },
  {
    id: 'callback-no-net-amount',
    rules: ['GL-CB-02'],
    description: 'result_url calls lack pg_net_amount',
    patch: { callbacks: { netAmount: false } },
  },
  {
    id: 'callback-no-salt',
    rules: ['GL-CB-02'],
    description:
      "result_url calls carry no pg_salt (seed 001's sample: --form 'pg_salt=some random string'); signed over the other fields",
    patch: { callbacks: { salt: false } },
  },
  {
    id: 'callbacks-unsigned',
    rules: ['GL-CB-02', 'GL-CB-03', 'GL-CB-11'],
    description:
      "calls result_url and check_url without pg_sig, whatever pg_request_method asks (pg_salt kept; probe18's PHP gateway, BUG=callback-unsigned)",
    patch: { callbacks: { signed: false } },
  },
  {
    id: 'failure-callback-result-1',
    rules: ['GL-CB-04'],
    description: 'the result_url call of a failed payment says pg_result=1',
    patch: { callbacks: { failureResult: '1' } },
  },
  {
    id: 'ignores-check-url',
    rules: ['GL-CB-11'],
    description: 'never calls pg_check_url',
    patch: { callbacks: { checkUrl: false } },
  },
  {
    id: 'callback-drops-merchant-params',
    rules: ['GL-CB-13'],
    description: "result_url calls leave out the merchant's own parameters",
    patch: { callbacks: { merchantParams: false } },
  },
  {
    id: 'result-get-as-post',
    rules: ['GL-CB-14'],
    description: 'calls result_url by POST although the payment asked for pg_request_method=GET',
    patch: { callbacks: { methods: { resultGet: false } } },
  },
  {
    id: 'result-xml-as-post',
    rules: ['GL-CB-15'],
    description: 'calls result_url with a plain form although the payment asked for pg_request_method=XML',
    patch: { callbacks: { methods: { resultXml: false } } },
  },
  {
    id: 'check-method-ignored',
    rules: ['GL-CB-16'],
    description: 'calls check_url by POST with a plain form whatever pg_request_method asks (GET, XML)',
    patch: { callbacks: { methods: { checkGet: false, checkXml: false } } },
  },
  {
    id: 'xml-callback-unescaped',
    rules: ['GL-CB-15', 'GL-CB-16'],
    description:
      'writes the pg_xml of XML-mode result_url and check_url calls with the values pasted in unescaped (<pg_description>Tom & Jerry <3</pg_description>): not XML',
    patch: { callbacks: { xmlEscaped: false } },
  },
  {
    id: 'result-no-can-reject',
    // seed 001: a call without pg_can_reject=1 allows no rejection; the field itself is optional (GL-CB-02)
    rules: ['GL-CB-09'],
    description:
      'leaves pg_can_reject out of its result_url calls, yet revokes a payment the shop rejects on the first call',
    patch: { callbacks: { canRejectField: false } },
  },
  {
    id: 'reply-full-pan',
    rules: ['GL-PAY-12'],
    description:
      'shows the card number as sent, in full, in the /g2g/payment success reply (pg_card_pan=4716047261941981; the seed shows it masked)',
    patch: { payment: { fullPanInReply: true } },
  },
  {
    id: 'reply-served-as-html',
    rules: ['GL-TX-10'],
    description:
      "serves every reply, the same XML, as Content-Type text/html; charset=utf-8 (probe18's PHP gateway, BUG=wrong-content-type)",
    patch: { replies: { mediaType: 'text/html; charset=utf-8' } },
  },
  {
    id: 'reply-values-unescaped',
    rules: ['GL-TX-02'],
    description:
      'writes reply values between their tags unescaped, and a field error as "pg_description <= 1024" (probe17\'s Ruby gateway): that error reply is not XML',
    patch: { replies: { unescaped: true } },
  },
  {
    id: 'late-failure-call',
    rules: ['GL-CB-19'],
    description:
      "calls result_url for a failed payment 75 s after it failed (the probe's gateway with GW_CB_DELAY=75): later than paycert waits, but called",
    patch: { callbacks: { failureCallDelayMs: 75_000 } },
  },
  {
    id: 'check-timeout-accepts',
    rules: ['GL-CB-17'],
    description: 'takes the payment when check_url does not answer in time',
    patch: { callbacks: { checkTimeoutRefuses: false } },
  },
  {
    id: 'testing-mode-lost',
    rules: ['GL-OPS-07'],
    description: 'the result_url call of a pg_testing_mode=1 payment says pg_testing_mode=0',
    patch: { callbacks: { testingModeEchoed: false } },
  },
  {
    id: 'callback-amount-less-fee',
    rules: ['GL-CB-18'],
    description: 'calls result_url with pg_amount less the fee (482.50 for a payment of 500), as pg_net_amount',
    patch: { callbacks: { paymentData: 'net-amount' } },
  },
  {
    id: 'sig-no-script',
    rules: ['GL-SIG-02', 'GL-SIG-03', 'GL-SIG-12'],
    description:
      'leaves the script name out of pg_sig, verifying requests and signing its replies over md5(v1;…;vn;secret_key) (probe 25, BUG=sig-no-script): every request signed as documented is refused as badly signed, one signed without the script name taken, and the replies verify with no script name (GL-SIG-12)',
    patch: { signature: { scriptSigned: false } },
  },
  {
    id: 'signature-values-trimmed',
    rules: ['GL-SIG-02'],
    description:
      'trims the blanks at either end of each value before it verifies pg_sig (PHP trim()), so refuses a correct pg_sig over a value beginning or ending with a blank',
    patch: { signature: { valuesAsReceived: false } },
  },
  {
    id: 'callback-amount-whole',
    rules: ['GL-CB-18'],
    description: 'calls result_url with pg_amount cut to a whole number (500 for a payment of 500.50), signed so',
    patch: { callbacks: { paymentData: 'whole-amount' } },
  },
  {
    id: 'callback-description-latin1',
    rules: ['GL-CB-18'],
    description:
      'calls result_url with pg_description passed through ISO-8859-1 ("??????? ? ???????? ???????? Site.kz"), signed so',
    patch: { callbacks: { paymentData: 'latin1-description' } },
  },
  {
    id: 'return-ignores-answer',
    rules: ['GL-RET-01'],
    description: 'sends the payer to pg_success_url before the merchant has answered result_url (a rejection too)',
    patch: { returns: { followsAnswer: false } },
  },
  {
    id: 'return-without-payment-id',
    rules: ['GL-RET-02'],
    description: 'the return URL carries no pg_payment_id',
    patch: { returns: { paymentId: false } },
  },
  {
    id: 'return-wrong-script-name',
    rules: ['GL-RET-03'],
    description: 'signs the return URL with the script name "pay" (its own page) instead of the return URL\'s',
    patch: { returns: { scriptName: 'pay' } },
  },
  {
    id: 'return-hides-reason',
    rules: ['GL-RET-04'],
    description: "does not show the payer the pg_description of the merchant's rejected answer",
    patch: { returns: { showsDescription: false } },
  },
  {
    id: 'return-post-as-get',
    rules: ['GL-RET-05'],
    description: 'sends the payer back by GET with the fields in the query although pg_success_url_method=POST',
    patch: { returns: { postMethod: false } },
  },
  {
    id: 'failed-return-to-success',
    rules: ['GL-RET-06'],
    description: 'sends the payer of a declined payment to pg_success_url',
    patch: { returns: { failedToFailure: false } },
  },
  {
    id: 'acs-replay-accepted',
    rules: ['GL-ACS-03'],
    description: 'answers ok to paymentAcs for a payment already completed',
    patch: { acs: { refusesReplay: false } },
  },
  {
    id: 'acs-no-md-return',
    rules: ['GL-ACS-04'],
    description: 'the ACS returns PaRes to TermUrl without MD',
    patch: { acs: { returnsMd: false } },
  },
  {
    id: 'invoice-no-redirect',
    rules: ['GL-INV-01'],
    description: 'the invoiceUrl reply has no pg_redirect_url',
    patch: { hosted: { invoiceRedirectUrl: false } },
  },
  {
    id: 'any-amount-ignores-interval',
    rules: ['GL-ANY-02'],
    description: 'the amount form takes amounts outside pg_amount_interval_from/to',
    patch: { hosted: { amountInterval: false } },
  },
  {
    id: 'page-never-expires',
    rules: ['GL-PAGE-02'],
    description: 'the hosted page takes a payment after pg_lifetime has passed',
    patch: { hosted: { expires: false } },
  },
  {
    id: 'card-pay-twice',
    rules: ['GL-CARD-02'],
    description: 'a saved-card payment can be paid again',
    patch: { savedCard: { paysOnce: false } },
  },
  {
    id: 'page-accepts-long-description',
    rules: ['GL-PAGE-03'],
    description: 'payment_page does not enforce the 1024-character limit of pg_description',
    patch: { fields: { lengthUnchecked: { 'payment-page-request': ['pg_description'] } } },
  },
  {
    id: 'any-amount-accepts-long-order-id',
    rules: ['GL-ANY-03'],
    description: 'any_amount does not enforce the 50-character limit of pg_order_id',
    patch: { fields: { lengthUnchecked: { 'any-amount-request': ['pg_order_id'] } } },
  },
  {
    id: 'invoice-accepts-long-order-id',
    rules: ['GL-INV-02'],
    description: 'invoiceUrl does not enforce the 50-character limit of pg_order_id',
    patch: { fields: { lengthUnchecked: { 'invoice-url-request': ['pg_order_id'] } } },
  },
  {
    id: 'token-accepts-long-order-id',
    rules: ['GL-TOK-03'],
    description: 'direct debit does not enforce the 50-character limit of pg_order_id',
    patch: { fields: { lengthUnchecked: { 'payment-token-request': ['pg_order_id'] } } },
  },
  {
    id: 'card-init-accepts-long-order-id',
    rules: ['GL-CARD-03'],
    description: 'saved-card init does not enforce the 50-character limit of pg_order_id',
    patch: { fields: { lengthUnchecked: { 'card-init-request': ['pg_order_id'] } } },
  },
  {
    id: 'ignores-auto-clearing-0',
    rules: ['GL-PAY-05'],
    description: 'captures at once even with pg_auto_clearing=0',
    patch: { payment: { twoStep: false } },
  },
  {
    id: 'datetime-no-offset',
    rules: ['GL-PAY-08'],
    description: 'the /g2g/payment success reply writes pg_datetime as "YYYY-MM-DD HH:MM:SS"',
    patch: { payment: { datetimeOffset: false } },
  },
  {
    id: 'acs-reply-no-payment-id',
    rules: ['GL-ACS-01'],
    description: 'the /g2g/paymentAcs success reply lacks pg_payment_id',
    patch: { payment: { paymentIdInAcsReply: false } },
  },
  {
    id: 'token-requires-cvc',
    rules: ['GL-TOK-01'],
    description: 'refuses a direct debit without pg_card_cvc',
    patch: { token: { requiresCvc: true } },
  },
  {
    id: 'card-pay-not-found',
    rules: ['GL-CARD-01'],
    description: 'stage 2 of a saved-card payment does not find the initialised payment',
    patch: { savedCard: { findsPayment: false } },
  },
  {
    id: 'any-amount-no-redirect-url',
    rules: ['GL-ANY-01'],
    description: 'the any_amount reply lacks pg_redirect_url',
    patch: { hosted: { anyAmountRedirectUrl: false } },
  },
  {
    id: 'page-no-redirect-url',
    rules: ['GL-PAGE-01'],
    description: 'the payment_page reply lacks pg_redirect_url',
    patch: { hosted: { pageRedirectUrl: false } },
  },
  {
    id: 'no-classic-endpoints',
    rules: ['GL-TX-07'],
    description:
      'does not serve the classic script endpoints (init_payment.php, get_status*.php, revoke.php, do_capture.php, payment.php)',
    patch: { transport: { classicEndpoints: false } },
  },
  {
    id: 'classic-script-without-php',
    rules: ['GL-TX-08'],
    description:
      'verifies requests to the classic endpoints with the file name without .php (init_payment instead of init_payment.php)',
    patch: { signature: { classicScriptWithPhp: false } },
  },
  {
    id: 'script-strip-php',
    rules: ['GL-TX-08', 'GL-SIG-12'],
    description:
      'takes the script name of a classic endpoint without ".php" for every signature: verifies init_payment.php requests with "init_payment" and signs their replies with it',
    patch: { signature: { classicScriptWithPhp: false }, replies: { classicWithPhp: false } },
  },
  {
    id: 'acs-md-not-required',
    rules: ['GL-ACS-02'],
    description: '/g2g/paymentAcs does not require pg_md: it completes the payment with pg_pares alone',
    patch: { acs: { mdRequired: false } },
  },
  {
    id: 'pg-xml-unverified',
    rules: ['GL-SIG-04'],
    description:
      'does not verify pg_sig of a request sent as XML in pg_xml: a wrongly signed pg_xml request is processed (form requests are verified)',
    patch: { signature: { verifiesPgXml: false } },
  },
  ...RECURRING_DEFECTS,
  ...saltAfterSigning({
    invoiceUrl: [],
    paymentAcs: [],
    clearing: [],
    cancel: [],
    refund: [],
    any_amount: [],
    init: [],
    pay: [],
    // its "payment not found" reply too, GL-SIG-15's
    status_v2: ['GL-SIG-15'],
    'get_status.php': [],
  }),
] as const satisfies readonly PolicyDefect<GreenleavesPolicy>[];

/** GL-SIG-11 on each endpoint whose replies paycert read without verifying them (probe16: an edge changing
 *  their pg_salt passed): that endpoint's replies, error replies too, get another pg_salt after signing
 *  (with the other rules each breaks). */
function saltAfterSigning<const S extends string>(scripts: Record<S, string[]>) {
  return (Object.entries(scripts) as Array<[S, string[]]>).map(([script, also]) => ({
    id: `reply-salt-after-sig-${script}` as const,
    rules: ['GL-SIG-11', ...also],
    description: `the replies of ${script} get another pg_salt after pg_sig was made over the first: they do not verify`,
    patch: { replies: { saltAfterSigning: [script] } },
  }));
}

export type GreenleavesDefect = (typeof GREENLEAVES_DEFECTS)[number]['id'];

/** Tolerance variants: behaviour the seed allows that differs from the reference (see Variant). */
export const GREENLEAVES_VARIANTS = [
  {
    id: 'payment-pending',
    description:
      'answers an accepted /g2g/payment with pg_status=pending (pg_payment_id given); status_v2 then reports the outcome',
    allowedBy:
      'GL-TX-09: pg_status is "ok or pending"; payment-response.schema.json allows ok and pending; digest §3.1 shows the "Process" example with pending',
    patch: { payment: { pendingReply: true } },
  },
  {
    id: 'return-error-fields',
    description: 'the failure return also carries pg_error_code and pg_error_description',
    allowedBy:
      'digest §3.4 [PUB docs.freedompay.kz api-12108349]: "the failure redirect can also carry pg_error_code/pg_error_description"',
    patch: { returns: { errorFields: true } },
  },
  {
    id: 'callbacks-urlencoded',
    description: 'calls result_url and check_url form-urlencoded instead of multipart/form-data',
    allowedBy:
      'seed 001 "передает на него методом Request Method информацию о результате платежа": the method is named, the encoding is not; the curl --form samples are samples',
    patch: { callbacks: { postEncoding: 'urlencoded' } },
  },
  {
    id: 'error-http-400',
    description: 'answers error replies with HTTP 400 (same XML body)',
    allowedBy:
      'seed 001 "Ответ на запросы представляются в формате XML": no HTTP status is named (HTTP 200 is GL-TX-03, INFERRED)',
    warns: ['GL-TX-03'],
    patch: { errors: { httpStatus: 400 } },
  },
  {
    id: 'omits-optional-reply-fields',
    description: 'success replies of /g2g/payment and /g2g/paymentAcs carry no pg_3ds, pg_auth_code or pg_reference',
    allowedBy:
      'seed 001 "Параметры ответа на успешный запрос" lists no required reply fields; the public table says pg_auth_code and pg_reference may be empty (digest §3.1)',
    patch: { payment: { optionalReplyFields: false } },
  },
  {
    id: 'extra-reply-fields',
    description: 'replies and callbacks carry an undocumented field pg_trace_id',
    allowedBy: 'seed 001 gives no closed list of reply or callback fields',
    patch: { replies: { traceId: true } },
  },
  {
    id: 'status-unknown-as-zero',
    description: 'the status of an unknown payment is pg_status ok with pg_payment_id 0, not an error',
    allowedBy:
      'digest §3.12: "if payment_id=0 comes back within a minute, the payment does not exist" (the public status_v2 pages); GL-OPS-02 forbids another payment, and the code of an error (GL-ERR-05) has none to judge',
    patch: { ops: { statusUnknownAsZero: true } },
  },
  {
    id: 'long-salt-nested-extras',
    description:
      'replies and the calls to a shop carry a pg_salt of 100 characters, and success replies undocumented nested elements (<pg_card><pg_brand>…</pg_card>, a repeated <pg_fee>)',
    allowedBy:
      'digest §2.1: the salt is "a random string … of any length" (64 is our bound, x-ours); "for nested XML tags the rule applies recursively" (§2.1 step 2), and seed 001 gives no closed list of reply fields',
    patch: { replies: { saltLength: 100, nestedExtra: true } },
  },
  {
    id: 'unsigned-bad-signature-reply',
    description: 'the error reply to a badly signed request is unsigned (no pg_salt, no pg_sig)',
    allowedBy:
      'seed 001 is silent; the public payment_page example of the 1100 reply is unsigned (digest §3.11, open question 3)',
    warns: ['GL-SIG-14'],
    patch: { errors: { badSignatureSigned: false } },
  },
  {
    id: 'never-allows-reject',
    description: 'every result_url call, the first included, carries pg_can_reject=0',
    allowedBy: 'seed 001 "Если pg_can_reject равно 1 …": the seed never says when the gateway sets pg_can_reject=1',
    patch: { callbacks: { canRejectFirst: false } },
  },
  {
    id: 'callbacks-without-pan',
    description: 'the result_url calls carry no pg_card_pan',
    allowedBy:
      "seed 001: pg_card_pan is one of the result_url samples' fields, like pg_user_phone, and no list requires it (result-callback.schema.json); GL-CB-12 forbids a full card number, not none",
    patch: { callbacks: { cardPan: false } },
  },
  {
    id: 'bad-signature-9998',
    description: 'answers a bad signature with pg_error_code 9998 instead of 1100',
    allowedBy:
      'digest open question 3: a bad signature is 1100 in the current g2g examples, 9998 in the gateway intro (seen live as "Некорректная подпись запроса"), 101 in the merchant intro; 1100 is GL-ERR-01 (INFERRED)',
    warns: ['GL-ERR-01'],
    patch: { errors: { badSignatureCode: 9998 } },
  },
  {
    id: 'status-without-captured',
    description: 'the status_v2 reply carries no pg_captured',
    allowedBy:
      'seed 001 says nothing of status_v2 (digest §3.12 is public material) and status-response.schema.json does not require pg_captured',
    unjudged: ['GL-PAY-05'],
    unjudgedWhy:
      "only status_v2's pg_captured shows whether a payment is captured; the other reply fields (pg_payment_status success for an authorised payment too) do not",
    patch: { ops: { statusCaptured: false } },
  },
  {
    id: 'natural-order-replies',
    description:
      'success replies carry an undocumented element repeated 11 times (<pg_fee>), and replies are signed with nested values in natural order',
    allowedBy:
      'digest open question 2: whether the gateway flattens nested data in the vendor class order or in natural order is unknown (GL-SIG-06, INFERRED, judges the order of the requests it verifies); seed 001 gives no closed list of reply fields',
    patch: { replies: { order: 'natural', nestedExtra: true, repeatedExtra: 11 } },
  },
  {
    id: 'unchecked-wallet-loyalty-fields',
    description:
      'does not check the values of pg_encrypted_card, pg_payment_method, pg_online_payment_cryptogram, pg_eci_indicator (/g2g/payment) and pg_loyalty_amount (any_amount, payment_page, invoiceUrl)',
    allowedBy:
      "seed 001 gives none of the request fields' formats (\"Поля запроса\" has no table) and lets a request carry parameters of other sections (\"Данные параметры могут в себя включать параметры из других разделов\"): the public table's formats are GL-PAY-02 (INFERRED); the cryptogram's charset, the ECI's length and the loyalty amount's format are paycert's own (x-ours)",
    warns: ['GL-PAY-02'],
    patch: {
      fields: {
        unchecked: {
          'payment-request': [
            'pg_encrypted_card',
            'pg_payment_method',
            'pg_online_payment_cryptogram',
            'pg_eci_indicator',
          ],
          'any-amount-request': ['pg_loyalty_amount'],
          'payment-page-request': ['pg_loyalty_amount'],
          'invoice-url-request': ['pg_loyalty_amount'],
        },
      },
    },
  },
  {
    id: 'failure-call-after-wait',
    description:
      'calls result_url for a failed payment 8 s after it failed: after the wait of a reference judged as a real target (5 s)',
    allowedBy:
      'seed 001 "После приема оплаты от клиента или при невозможности совершить платеж Greenleavespay вызывает Result URL магазина" names no deadline: how soon is GL-CB-19 (INFERRED)',
    warns: ['GL-CB-19'],
    unjudged: ['GL-CB-01', 'GL-CB-04', 'GL-CB-12'],
    unjudgedWhy:
      "the failed payment's call has not come when the wait ends, and without --slow paycert does not wait through the retry schedule: whether it comes, and what it carries, is not shown",
    patch: { callbacks: { failureCallDelayMs: 8_000 } },
  },
  {
    id: 'own-phone-bound',
    description: 'refuses a pg_user_phone that is not a Kazakhstan mobile number (7 and 10 digits), naming the field',
    allowedBy:
      "seed 001 gives no format for pg_user_phone (its sample 7077777777777); the public table says digits only, country code first, and no length (digest §3.1): 8..15 is paycert's own bound (x-ours)",
    patch: { fields: { kzPhoneOnly: true } },
  },
  {
    id: 'omit-can-reject-0',
    description: 'never allows rejection, and leaves pg_can_reject out of every result_url call (where it would be 0)',
    allowedBy:
      'seed 001 "Статус rejected может быть возвращен мерчантом только в случае, когда во входящем запросе от гейта был указан параметр pg_can_reject равный 1, в противном случае, вне зависимости от ответа мерчанта, платеж будет считаться совершенным": a call without it allows no rejection, and no list requires it',
    patch: { callbacks: { canRejectFirst: false, canRejectZero: false } },
  },
  {
    id: 'no-redirect-url-type',
    description: 'the any_amount and payment_page replies carry no pg_redirect_url_type',
    allowedBy:
      'seed 001 "Параметры ответа" (any_amount, payment_page) lists no reply fields; pg_redirect_url_type is the public reply table\'s (digest §3.11), and the pg_redirect_url alone leads the payer on',
    patch: { hosted: { anyAmountUrlType: false, pageUrlType: false } },
  },
  {
    id: 'card-field-code-10005',
    description:
      'answers a violation of a card-data field (pg_card_pan, pg_card_name, pg_card_cvc, pg_card_month, pg_card_year) with pg_error_code 10005, the description naming the field (probe 24: an outsider gateway, "Неверные данные карты: pg_card_pan")',
    allowedBy:
      'digest §4, the 99xx/100xx hint list: "10005 wrong card data"; no field-level code table is public (specs/greenleaves/errors.json violations.alsoAccepted)',
    patch: { errors: { cardFieldViolationCode: 10005 } },
  },
  {
    id: 'no-datetime',
    description: 'the /g2g/payment and /g2g/paymentAcs success replies carry no pg_datetime',
    allowedBy:
      'seed 001 "Параметры ответа на успешный запрос:" lists no reply fields; pg_datetime is the public reply table\'s (digest §3.1, §3.3)',
    patch: { payment: { datetime: false } },
  },
] as const satisfies readonly PolicyVariant<GreenleavesPolicy>[];

export type GreenleavesVariant = (typeof GREENLEAVES_VARIANTS)[number]['id'];
