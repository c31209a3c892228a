/** What the greenleaves reference merchant does, knob by knob; each names the rule(s) it implements.
 *  DEFAULT_GREENLEAVES_MERCHANT_POLICY is the seed-faithful reference; defects.ts patches it. */
export interface GreenleavesMerchantPolicy {
  /** HTTP Basic authentication wanted on result_url / check_url */
  basicAuth: { result: boolean; check: boolean }; // GL-MCB-11, GL-MCB-17
  /** what bodies it reads: all (query, multipart, urlencoded, pg_xml), urlencoded only, the query only */
  reads: 'any' | 'urlencoded' | 'query'; // GL-MCB-15
  /** a '+' in a query string or urlencoded body read as a space, as the form encoding has it (a defect
   *  keeps it a '+': a decoder of %XX only, while the gateway, PHP's http_build_query, writes '+') */
  plusAsSpace: boolean; // GL-MCB-15
  /** what it declares (declaration.json); `query`: a query string of its own on its result_url and
   *  check_url ("shop=1&lang=ru"), '' none; `tiyn`: the tiyn its payable orders cost beyond whole
   *  tenge (0: 500, 510, …; a defect's 99: 500.99, 510.99, …, where one tiyn more is another tenge);
   *  `tiynEvery`: only every n-th payable order costs them (0: every one; probe 26's shop: every sixth
   *  "1250.50", the rest "500") */
  declares: {
    requestMethod: 'GET' | 'POST';
    postEncoding: 'multipart' | 'urlencoded';
    query: string;
    tiyn: number;
    tiynEvery: number;
  }; // GL-MCB-15
  /** the fields of its URL's own query string (declares.query) take part in the pg_sig it verifies, as
   *  the call's do, or are left out (whether the gateway signs them is unknown, digest §7 item 1) */
  signsOwnQuery: boolean; // GL-MCB-14
  verifySignature: boolean; // GL-MCB-03
  /** the script name it verifies calls with: the called one (null), or this one (a defect: the name
   *  of its own program, Perl's `basename($0)`) */
  verifyScriptName: string | null; // GL-MCB-14
  /** the script name check_url verifies calls with: the called one (null), or this one (a defect:
   *  result_url's, the handler copied) */
  checkVerifyScriptName: string | null; // GL-MCB-12
  /** pg_sig compared whole, skipped when absent or empty (`if (sig && sig !== want)`), as a prefix
   *  of the expected one (`want.startsWith(sig)`: an empty pg_sig passes), as a non-empty prefix
   *  (`sig.length > 0 && want.startsWith(sig)`: one cut short passes), or as a number
   *  (`parseInt(sig, 16) === parseInt(want, 16)`: 128 bits in a double, one changed in its last
   *  digits passes); all defects */
  signatureCompare: 'whole' | 'when-present' | 'prefix' | 'prefix-non-empty' | 'number'; // GL-MCB-03
  /** check_url verifies pg_sig as result_url does (a defect skips it there) */
  checkVerifiesSignature: boolean; // GL-MCB-03
  /** the values it verifies pg_sig over: as received (UTF-8), or, defects, percent-encoded again (a
   *  body re-serialised with querystring.stringify before signing), without the empty ones, trimmed
   *  (Laravel's TrimStrings middleware), or percent-decoded again (`decodeURIComponent`, its errors
   *  caught: "%2B" becomes "+", a lone "%" stays), or with slashes added (PHP's addslashes over $_POST
   *  "for the database": "'", '"' and "\\" escaped) */
  signedValues: 'as-received' | 'url-encoded' | 'non-empty' | 'trimmed' | 'decoded-again' | 'slashes-added'; // GL-MCB-14, GL-MCB-10 (empty own fields)
  /** the fields it verifies pg_sig over: every field received, or the pg_ ones */
  signedFields: 'all' | 'pg-only'; // GL-MCB-10
  /** the order of the names it verifies pg_sig over: byte-wise (PHP's ksort), or case-insensitive (a
   *  defect: Ruby's sort_by(&:downcase), Python's sorted(key=str.lower)) */
  nameOrder: 'bytes' | 'folded'; // GL-MCB-23
  /** a call whose pg_sig does not verify is answered error, or (a defect's shop) rejected where
   *  pg_can_reject=1 (GL-MCB-03 takes any answer but ok) */
  unverifiedRejected: boolean; // GL-MCB-23
  /** result_url refuses (rejected where it may) a call with a field it does not know: a name other
   *  than pg_ ones (a defect: a form validator listing the gateway's fields) */
  refusesUnknownFields: boolean; // GL-MCB-10
  /** a forged call's error answer is remembered for the payment */
  forgedRemembered: boolean; // GL-MCB-04
  /** a forged call's error answer tells the sign base it expected, secret_key in it (a defect) */
  secretInRefusal: boolean; // GL-MCB-25
  /** a repeat gets the first answer, an error, or HTTP 500; or a repeat of a failed payment's call
   *  (pg_result=0) an error (a defect: failed payments logged under a unique payment id, the duplicate
   *  insert refused) */
  repeat: 'first-answer' | 'error' | 'http-500' | 'failed-error'; // GL-MCB-06
  /** result_url's stored answers are looked up by pg_payment_id, or (a defect) by pg_order_id: any
   *  later payment of an order gets the answer to its first one */
  answersBy: 'payment' | 'order'; // GL-MCB-06, GL-MCB-14, GL-MCB-20
  /** a repeat after pg_lifetime is answered error "order expired" */
  forgetsAfterLifetime: boolean; // GL-MCB-07
  /** it awaits slow I/O between deciding and recording (so overlapping repeats see no answer) */
  slowDecision: boolean; // GL-MCB-08
  /** a call arriving while one for the same payment is still being decided (only with slowDecision):
   *  answered error "Платеж обрабатывается" in HTTP 200 (a defect, the gateway takes it as the answer),
   *  or refused with HTTP 409 (a variant: the gateway calls again, seed 001) */
  busy: 'error' | 'http-409'; // GL-MCB-08
  /** pg_result=0: ok, error, or rejected when pg_can_reject=1 (the seed's negative example, a variant) */
  failedPayment: 'ok' | 'error' | 'reject-when-allowed'; // GL-MCB-09
  /** a failed payment marks the order paid (a defect: `if (body.pg_result)`, "0" is truthy in JS) */
  failedPaymentPays: boolean; // GL-MCB-20
  /** the refusals answered rejected even with pg_can_reject=0 (defects): none (rejected only with
   *  pg_can_reject=1), every one, another amount's (compared before anything else), or a second
   *  payment's of an order already paid */
  rejectsWhenNotAllowed: 'never' | 'always' | 'other-amount' | 'paid-order'; // GL-MCB-05
  /** the gateway's retry (pg_can_reject=0) of a payment it answered rejected is taken (ok), or the
   *  rejection is replayed to it (a defect of GL-MCB-24's reading: seed 001's repeats match the first
   *  answer, yet that payment is completed whatever the answer) */
  takesRetryAfterRejection: boolean; // GL-MCB-24
  /** how long check_url takes to answer, in ms (a defect: longer than the gateway waits) */
  checkAnswerDelayMs: number; // GL-MCB-22
  /** check_url answers rejected for an order it does not have */
  checkRefusesUnknown: boolean; // GL-MCB-12
  /** check_url compares pg_amount with the order's (a defect: a payable order is ok whatever the amount) */
  checkComparesAmount: boolean; // GL-MCB-12
  /** result_url refuses an expired order when it may */
  refusesUndeliverable: boolean; // GL-MCB-13
  /** result_url refuses an unknown order when it may (otherwise ok) */
  refusesUnknownOrder: boolean; // GL-MCB-18
  /** an unknown order is answered error, whatever pg_can_reject (a variant) */
  unknownOrderError: boolean;
  /** result_url refuses a payment whose amount or currency is not the order's, when it may */
  refusesOtherAmount: boolean; // GL-MCB-19
  /** how pg_amount is compared with the order's amount: as a number (500 = 500.00); or, defects, as
   *  the declared text (GL-MCB-21), as the declared amount written with two decimals ("500" is not
   *  "500.00", GL-MCB-14), in whole tenge (`parseInt`, GL-MCB-19), as not above the order's (an
   *  underpayment taken, GL-MCB-19); or, a variant, as a number in the money format (at most two
   *  decimals, digest §1: "123.420" is no amount) */
  amountCompare: 'number' | 'text' | 'two-decimals-text' | 'whole-tenge' | 'not-above' | 'money-format';
  /** result_url (when it may) and check_url refuse a successful payment whose pg_amount has tiyn (a
   *  defect: an integer amount column, `/^\d+$/` on pg_amount): a payable order declared "1250.50" is
   *  refused at its declared amount, one declared "500" taken (probe 26) */
  refusesTiyn: boolean; // GL-MCB-14, GL-MCB-12
  /** what check_url answers every POST with before its handler (defects): nothing (the handler
   *  answers), Django's CSRF refusal (HTTP 403 "CSRF verification failed", the view not
   *  csrf_exempt), or Django's APPEND_SLASH redirect (HTTP 301 to the URL with a trailing "/", the
   *  route declared with one) (probe 26) */
  checkRefusal: 'none' | 'django-csrf' | 'append-slash'; // GL-MCB-12, GL-MCB-17, GL-MCB-22
  /** pg_currency compared with the order's (a defect compares the amount only) */
  comparesCurrency: boolean; // GL-MCB-19
  answer: {
    /** a rejection carries its reason in pg_description (defects: an empty one, or a blank " ") */
    rejectionReason: boolean | 'blank'; // GL-MCB-16
    /** the HTTP status of a rejected answer (a defect: 500, "a refusal is an error"; the gateway calls
     *  a result_url answered "не со статусом 200" again, and then the shop may no longer refuse) */
    rejectionStatus: number; // GL-MCB-01, GL-MCB-13, GL-MCB-18, GL-MCB-19
    /** a rejected result_url answer's body left out (a defect, with a rejectionStatus not 200: a bare error page) */
    rejectionBare: boolean; // GL-MCB-13, GL-MCB-18, GL-MCB-19
    /** pg_description on ok and error answers too (a variant leaves it out) */
    descriptionAlways: boolean;
    /** one fixed pg_description per status, whatever the call (a variant) */
    fixedDescriptions: boolean;
    /** a field of its own (shop_ref), signed with the rest (a variant) */
    extraField: boolean;
    signed: boolean; // GL-MCB-01, GL-MCB-02
    /** the script name it signs with: the called one (null) or this one */
    scriptName: string | null; // GL-MCB-02
    /** a paid order's answer echoes the call's pg_description, interpolated without XML escaping (a defect) */
    echoesUnescaped: boolean; // GL-MCB-01
  };
}

export const DEFAULT_GREENLEAVES_MERCHANT_POLICY: GreenleavesMerchantPolicy = {
  basicAuth: { result: false, check: false },
  reads: 'any',
  plusAsSpace: true,
  declares: { requestMethod: 'POST', postEncoding: 'multipart', query: '', tiyn: 0, tiynEvery: 0 },
  signsOwnQuery: true,
  verifySignature: true,
  verifyScriptName: null,
  checkVerifyScriptName: null,
  signatureCompare: 'whole',
  checkVerifiesSignature: true,
  signedValues: 'as-received',
  signedFields: 'all',
  nameOrder: 'bytes',
  forgedRemembered: false,
  secretInRefusal: false,
  repeat: 'first-answer',
  answersBy: 'payment',
  forgetsAfterLifetime: false,
  slowDecision: false,
  busy: 'error',
  failedPayment: 'ok',
  failedPaymentPays: false,
  rejectsWhenNotAllowed: 'never',
  takesRetryAfterRejection: true,
  checkAnswerDelayMs: 0,
  checkRefusesUnknown: true,
  checkComparesAmount: true,
  refusesUndeliverable: true,
  refusesUnknownOrder: true,
  unknownOrderError: false,
  refusesOtherAmount: true,
  amountCompare: 'number',
  refusesTiyn: false,
  unverifiedRejected: false,
  refusesUnknownFields: false,
  checkRefusal: 'none',
  comparesCurrency: true,
  answer: {
    rejectionReason: true,
    rejectionStatus: 200,
    rejectionBare: false,
    descriptionAlways: true,
    fixedDescriptions: false,
    extraField: false,
    signed: true,
    scriptName: null,
    echoesUnescaped: false,
  },
};
