/** What the greenleaves-v5 reference merchant (its result_url and check_url) does, knob by knob;
 *  each names the rule(s) it implements. All of them are INFERRED: seed 000 only names the URLs
 *  (src/protocols/greenleaves-v5/callbacks.ts). DEFAULT_GREENLEAVES_V5_MERCHANT_POLICY is the
 *  reference; defects.ts patches it. */
export interface GreenleavesV5MerchantPolicy {
  verifySignature: boolean; // V5-MCB-02
  /** only a call without X-JWS-Signature refused, any token taken unverified (a defect: probe 22's
   *  Java shop, whose "no-verify" still refused a missing header) */
  signaturePresentOnly: boolean; // V5-MCB-02
  /** X-JWS-Signature read under any letter case of its name (RFC 9110 §5.1), or under one spelling
   *  only: the seed's, or all lower case (an HTTP/2 edge's, PHP's getallheaders()) (defects); or never
   *  found: looked up as the seed spells it among names re-cased as php-fpm's getallheaders() gives them
   *  (X-Jws-Signature, whatever the spelling sent: a defect, probe 24) */
  signatureHeader: 'any-case' | 'X-JWS-Signature' | 'x-jws-signature' | 'php-fpm-exact'; // V5-MCB-01
  /** the protected header verified as its bytes received, or rebuilt from its parsed JSON (a defect) */
  protectedHeader: 'received' | 'rebuilt'; // V5-MCB-01
  /** the header's alg compared with HS256; off, an HS256 MAC is taken whatever alg says (a defect) */
  algCompared: boolean; // V5-MCB-02
  /** the MAC computed as HS256, or with the HMAC alg the header names (HS256, HS384, HS512), as a JOSE
   *  library given the key and no alg list does (a defect) */
  macAlg: 'HS256' | 'from-header'; // V5-MCB-02
  /** the bytes verified: the body received, or the body re-serialised after parsing as JSON.stringify
   *  or as PHP's json_encode ("\/", \u escapes) does it (defects) */
  signedBody: 'received' | 'reserialised' | 'php-reencoded'; // V5-MCB-01
  /** the key verified with: its own, the one a `keys[auth_id] ?? ''` lookup gives ('' for an auth_id it
   *  does not know), its own and else the seed's example key 123456, or the key of whichever of its
   *  tenants (itself, the gateway's other merchant) the auth_id names (defects) */
  key: 'own' | 'by-auth-id' | 'doc-key-fallback' | 'tenants'; // V5-MCB-02
  /** the signature compared in full, on its first ten characters only, or taken when the expected
   *  one starts with it (`expected.startsWith(sig)`, defects); or decoded and compared as MAC bytes, the
   *  last character's spare low bits ignored as a lenient Base64 decoder does (a variant) */
  signatureCompare: 'whole' | 'prefix' | 'starts-with' | 'mac-bytes'; // V5-MCB-02
  /** a token whose header says alg "none" is taken unsigned (a defect) */
  acceptsAlgNone: boolean; // V5-MCB-02
  /** a token carrying a payload (header.payload.signature): refused; verified over that payload and the
   *  body received processed, the `token.replace("..", "." + b64(body) + ".")` pattern, a no-op on such a
   *  token (a defect); or verified and that payload processed (a variant) */
  attachedPayload: 'refused' | 'body-used' | 'payload-used'; // V5-MCB-02
  /** a result_url call for a payment id it has answered gets that answer before its signature is
   *  verified: idempotency before authentication (a defect) */
  repeatBeforeVerify: boolean; // V5-MCB-02
  /** check_url verifies the signature, or only looks for an X-JWS-Signature header (a defect) */
  checkSignature: 'verified' | 'present'; // V5-MCB-02
  /** the signature must be bound to the merchant's own path (header uri) */
  bindUri: boolean; // V5-MCB-02
  /** a callback with a bad signature: answered 200 {"status":"error"} or HTTP 401 (a variant) */
  forgedAnswer: 'error' | 'http-401'; // V5-MCB-02
  /** a forged callback's error answer is remembered for the payment */
  forgedRemembered: boolean; // V5-MCB-03
  /** a forged callback's error answer carries the credentials it verified with, Base64 as in an
   *  Authorization header: `Basic auth_id:secret key` (a defect) */
  secretInRefusal: boolean; // V5-MCB-10
  /** a callback without X-JWS-Signature raises (the header read unchecked) and a DEBUG 500 page
   *  answers it: frame locals, the key among them, for a request accepting HTML (Django's technical
   *  page), a plain-text traceback without them for others (a defect) */
  debugPage: boolean; // V5-MCB-10
  /** a forged result_url callback cancels the order it names (a defect) */
  forgedCancels: boolean; // V5-MCB-03
  /** a forged callback's refusal quotes the signature it should have carried, at both endpoints or at
   *  check_url only (defects: a signing oracle) */
  forgedQuotesExpected: false | 'both' | 'check'; // V5-MCB-11
  /** a repeat gets the first answer, an error "already processed" (a defect), or the first status
   *  with a description of its own (a variant) */
  repeat: 'first-answer' | 'error' | 'own-text'; // V5-MCB-04
  /** result_url's answers kept by the payment's id, or by order_id (a defect: a paid payment after a
   *  declined one of the order gets the declined one's answer, and the order is never paid) */
  answersKeptBy: 'payment' | 'order'; // V5-MCB-09
  /** it awaits slow I/O between deciding and recording, answering a duplicate in flight "being processed" */
  slowDecision: boolean; // V5-MCB-08
  /** a duplicate arriving while the first is still being decided (only with slowDecision): answered
   *  error "Платеж обрабатывается" (a defect: an answer given), or refused with HTTP 409 (a variant:
   *  the gateway calls again a callback not answered 200) */
  busy: 'error' | 'http-409'; // V5-MCB-08
  /** check_url answers rejected for an order it does not have */
  checkRefusesUnknown: boolean; // V5-MCB-05
  /** how check_url refuses an order it does not have: rejected, or error, or HTTP 404 (variants) */
  checkUnknownStatus: 'rejected' | 'error' | 'http-404'; // V5-MCB-05
  /** a declined payment's callback: ok, or rejected (a variant), or HTTP 422 with Rails's production JSON
   *  (a defect: a model validation refusing the status); marks the order paid (a defect) */
  declined: 'ok' | 'rejected' | 'rails-422'; // V5-MCB-06
  /** result_url refuses a paid payment for an order it does not have (off: answered ok, a defect) */
  resultRefusesUnknown: boolean; // V5-MCB-12
  declinedMarksPaid: boolean; // V5-MCB-06
  /** amount and currency compared with the order's */
  checksAmount: boolean; // V5-MCB-07
  /** the amount compared: amount, or cleared_amount for a cleared payment (a variant) */
  amountField: 'amount' | 'cleared_amount'; // V5-MCB-07
  /** what check_url refuses of an order it has (each off: a defect) */
  checkRefuses: { amount: boolean; paid: boolean; expired: boolean }; // V5-MCB-09
  /** result_url compares the amount's JSON text with the order's amount as the shop keeps it, its text
   *  (a defect, probe 26's Rails shop: 2500 refused for an order of "2500.00"); its orders are kept as
   *  typed, some whole ones with ".00". check_url compares them as numbers */
  amountAsText: boolean; // V5-MCB-01
  /** the amount compared exactly, in whole tenge, or refused only above the order's (defects) */
  amountCompare: 'exact' | 'whole-tenge' | 'not-above'; // V5-MCB-07
  /** check_url's word for a payable order: ok, or "success" (a defect) */
  checkOkWord: 'ok' | 'success'; // V5-MCB-05
  answer: {
    /** JSON, or plain text "OK" (a defect) */
    format: 'json' | 'text'; // V5-MCB-01
    /** pretty-printed, with a field of its own (a variant) */
    pretty: boolean;
    /** Content-Type application/json, or PHP's default text/html (a variant) */
    contentType: 'application/json' | 'text/html';
    /** a UTF-8 byte order mark before the JSON (a defect) */
    bom: boolean;
    /** the JSON's bytes in windows-1251, labelled so (a defect: RFC 8259 §8.1 wants UTF-8) */
    cp1251: boolean;
    /** status written twice, the same word (a defect) */
    statusTwice: boolean;
    /** every refusal answered rejected in one text, whatever its reason (a variant) */
    terse: boolean;
    /** the status word in upper case: every one, "OK", "REJECTED" (a defect), or the refusals' alone,
     *  "REJECTED", "ERROR" (a variant: anything but ok declines) */
    statusUpper: boolean | 'refusals';
  };
}

export const DEFAULT_GREENLEAVES_V5_MERCHANT_POLICY: GreenleavesV5MerchantPolicy = {
  verifySignature: true,
  signaturePresentOnly: false,
  signatureHeader: 'any-case',
  protectedHeader: 'received',
  algCompared: true,
  macAlg: 'HS256',
  signedBody: 'received',
  key: 'own',
  signatureCompare: 'whole',
  acceptsAlgNone: false,
  attachedPayload: 'refused',
  repeatBeforeVerify: false,
  checkSignature: 'verified',
  bindUri: true,
  forgedAnswer: 'error',
  forgedRemembered: false,
  secretInRefusal: false,
  debugPage: false,
  forgedCancels: false,
  forgedQuotesExpected: false,
  repeat: 'first-answer',
  answersKeptBy: 'payment',
  slowDecision: false,
  busy: 'error',
  checkRefusesUnknown: true,
  checkUnknownStatus: 'rejected',
  declined: 'ok',
  resultRefusesUnknown: true,
  declinedMarksPaid: false,
  checksAmount: true,
  amountField: 'amount',
  checkRefuses: { amount: true, paid: true, expired: true },
  amountCompare: 'exact',
  amountAsText: false,
  checkOkWord: 'ok',
  answer: {
    format: 'json',
    pretty: false,
    contentType: 'application/json',
    bom: false,
    cp1251: false,
    statusTwice: false,
    terse: false,
    statusUpper: false,
  },
};
