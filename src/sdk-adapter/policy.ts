import type { SignOptions } from '../protocols/jysan/index.ts';
import type { ProfileId } from '../spec/paths.ts';

/** What the reference SDK adapter does, per profile, knob by knob; each names the sdk rule(s) it
 *  implements. SDK_DEFAULT_POLICIES are the seed-faithful references; defects.ts patches them. */
export interface GreenleavesSdkPolicy {
  /** the secret key appended to the message of every error it reports ("… (key …)", a debugging aid) */
  secretInErrors: boolean; // GL-SDK-25
  /** the client printed into the message of every error, its key as Go's %v prints a []byte
   *  (`client &{secretKey:[99 79 81 …]}`, probe 25) */
  secretBytesInErrors: boolean; // GL-SDK-25
  /** every operation refused as invalid before anything is sent (an adapter misconfigured: credentials under a
   *  name the SDK does not read, probe 24): nothing is judged on a request that was never sent */
  refusesEverything: boolean;
  /** a card payment's pg_card_pan and pg_card_cvc appended to the message of its errors ("… (card …)") */
  cardInErrors: boolean; // GL-SDK-27
  /** every POST sent twice, byte for byte, and the second reply read (a proxy or HTTP client that
   *  retries every POST): a second payment each time */
  sendsEveryPostTwice: boolean; // GL-SDK-02
  request: {
    /** the script name requests are signed with: the called one (null) or this one */
    scriptName: string | null; // GL-SDK-01
    /** the script name clearing, cancel and refund are signed with: the called one (null) or this one */
    operationsScriptName: string | null; // GL-SDK-01
    /** a fresh pg_salt per request */
    freshSalt: boolean; // GL-SDK-02
    /** an undocumented field of its own in every request */
    extraField: boolean; // GL-SDK-03
    /** the secret sent in a header */
    secretHeader: boolean; // GL-SDK-09
    /** the parameters posted as a JSON body (as some published clients do) instead of form fields */
    jsonBody: boolean; // GL-SDK-12
    /** the XML of pg_xml posted bare as application/xml (<request>…</request>), not in the form field pg_xml */
    bareXmlBody: boolean; // GL-SDK-12
    /** a pg_description longer than this refused as invalid before sending anything (null: none) */
    maxDescription: number | null; // GL-SDK-16
    /** pg_amount sent as whole units ("123" for "123.45": int(), Math.trunc), and signed so */
    amountWholeUnits: boolean; // GL-SDK-18
    /** the caller's own (non-pg_) fields and pg_receipt_positions left out of the request, the rest signed */
    dropsOwnFields: boolean; // GL-SDK-18
    /** appended to every endpoint's path (a base URL written with a trailing slash) */
    pathSuffix: string; // GL-SDK-20, GL-SDK-21
    /** the script name signed is the path sent's, suffix included (false: the endpoint's own, as if unsuffixed) */
    signsPathSent: boolean; // GL-SDK-01
    /** every request sent by GET, its signed fields (card data and pg_sig among them) in the URL's query */
    getQuery: boolean; // GL-SDK-26
    /** every request a POST with an empty body, its signed fields in the URL's query (curl's POST to a URL
     *  built with http_build_query) */
    postQuery: boolean; // GL-SDK-12
    /** the pg_merchant_id sent: the configured merchant's (null) or this one, signed with the merchant's key */
    merchantId: string | null; // GL-SDK-22
    /** the form body written as name=value pairs joined with "&", not URL-encoded ("$k=$v" by hand) */
    unencodedForm: boolean; // GL-SDK-01, GL-SDK-18
    /** every value HTML-escaped (& < > " ' as entities: htmlspecialchars) before it is signed and sent */
    htmlEscapesValues: boolean; // GL-SDK-18
    /** pg_description sent (and signed) as Windows-1251 bytes instead of UTF-8 */
    descriptionCp1251: boolean; // GL-SDK-18
    /** the form's values written as Latin-1 (each character cut to its low byte: Node's Buffer.from(s, 'latin1')),
     *  pg_sig made over the UTF-8 values */
    latin1Body: boolean; // GL-SDK-01, GL-SDK-18
    /** a field of its own, sdk_version (not pg_), added to every request and signed with the rest: a variant */
    ownVersionField: boolean;
    /** a blank (whitespace-only) pg_description refused as invalid before sending: a variant */
    refusesBlankDescription: boolean;
    /** empty values left out of the signed string (no ";;"; digest §2.2: they stay) */
    signsSkippingEmpty: boolean; // GL-SDK-01
    /** how the form is posted: urlencoded, multipart/form-data, or as XML in the single field pg_xml (variants) */
    encoding: 'form' | 'multipart' | 'xml';
    /** a payment whose connection dropped before any reply resent once with another pg_order_id (the caller's
     *  with "-r1" appended): a second real payment */
    resendsDroppedWithNewOrder: boolean; // GL-SDK-18
  };
  reply: {
    verifySignature: boolean; // GL-SDK-04
    /** the replies of every endpoint verified (false: only /g2g/payment's, the others taken as they come) */
    verifiesEveryOperation: boolean; // GL-SDK-04
    /** the script name replies are verified with: the called one (null) or this one */
    verifyScriptName: string | null; // GL-SDK-14
    /** a documented error reply reported as a success */
    errorAsSuccess: boolean; // GL-SDK-05
    /** a documented error reply to clearing, cancel or refund reported as a success */
    operationsErrorAsSuccess: boolean; // GL-SDK-05
    /** a reply that is no XML (an HTTP 5xx page in HTML, an empty body) reported as a success with no fields */
    serverErrorAsSuccess: boolean; // GL-SDK-17
    /** an error reply's pg_sig verified too (false: only a pg_status ok reply's) */
    verifiesErrorReplies: boolean; // GL-SDK-04
    /** no reply at all (the connection dropped, a timeout) reported as a success {pg_status ok, pg_payment_status pending} */
    transportErrorAsSuccess: boolean; // GL-SDK-17
    /** the reply read with a regex (<pg_x>(.*?)</pg_x>): entities and CDATA are not decoded */
    regexParse: boolean; // GL-SDK-14
    /** a reply's DOCTYPE read as a resolving parser reads it: its external entities fetched (loopback
     *  only) and expanded */
    resolvesExternalEntities: boolean; // GL-SDK-24
  };
  callback: {
    verifySignature: boolean; // GL-SDK-06
    /** the script name the answer is signed with: the called one (null) or this one */
    answerScriptName: string | null; // GL-SDK-07
    /** rejected only with pg_can_reject=1 */
    rejectsOnlyWhenAllowed: boolean; // GL-SDK-08
    /** rejected when the shop cannot deliver and pg_can_reject=1 (else ok) */
    rejectsWhenAllowed: boolean; // GL-SDK-10
    /** the merchant's own (non-pg_) fields of a call are verified with the rest (false: dropped first) */
    verifiesOwnFields: boolean; // GL-SDK-11
    /** a genuine call reported paid whatever its pg_result */
    paidAlways: boolean; // GL-SDK-13
    /** a genuine call for a failed payment (pg_result=0) answered rejected, whatever its pg_can_reject */
    rejectsFailedPayments: boolean; // GL-SDK-08
    /** the HTTP status of the answer */
    answerStatus: number; // GL-SDK-15
    /** the answer carries a pg_salt */
    answerSalt: boolean; // GL-SDK-15
    /** the ok answer written as JSON {"pg_status":"ok"} (no pg_salt, no pg_sig) instead of the seed's XML */
    okAnswerAsJson: boolean; // GL-SDK-15, GL-SDK-07
    /** a second genuine call for a payment already answered is answered error "already processed" */
    repeatAnsweredError: boolean; // GL-SDK-19
    /** only a multipart/form-data call read (the seed's sample): a urlencoded POST, a GET query or pg_xml gives no fields */
    multipartOnly: boolean; // GL-SDK-11
    /** "." and " " in field names read as "_" (PHP's $_POST and parse_str) */
    phpFieldNames: boolean; // GL-SDK-11
    /** a signature made for result, check, result_url, check_url or the empty script name taken too */
    laxScriptName: boolean; // GL-SDK-06
    /** a refusal answered HTTP 500 with a plain-text body instead of the XML rejected */
    rejectsAsHttp500Text: boolean; // GL-SDK-10
    /** a call in the XML form verified over its single field pg_xml, not over the XML's fields */
    pgXmlAsField: boolean; // GL-SDK-23
    /** the answer's pg_status written in capitals (OK, REJECTED), and signed so */
    answerStatusUpper: boolean; // GL-SDK-15
    /** the values of a multipart call trimmed of blanks at either end before verifying */
    trimsMultipartValues: boolean; // GL-SDK-11
    /** a refused call answered with the pg_sig its fields should have had ("expected …", a debugging aid) */
    refusalShowsExpected: boolean; // GL-SDK-28
    /** a '+' of a query or an urlencoded body read as a space (false: kept '+', a decoder of %XX only) */
    plusAsSpace: boolean; // GL-SDK-11
  };
}

export interface GreenleavesV5SdkPolicy {
  /** the secret key appended to the message of every error it reports ("… (key …)", a debugging aid) */
  secretInErrors: boolean; // V5-SDK-20
  tlsUnverified: boolean; // V5-SDK-24 (--sdk-tls): takes a gateway certificate that does not verify
  /** the client printed into the message of every error, its key as Go's %v prints a []byte
   *  (`client &{secretKey:[99 79 81 …]}`, probe 25) */
  secretBytesInErrors: boolean; // V5-SDK-20
  /** the secret key in the message of the error a 5xx reply ends in (only there: a refusal's error is clean) */
  secretInServerErrors: boolean; // V5-SDK-20
  /** every operation refused as invalid before anything is sent (an adapter misconfigured: credentials under a
   *  name the SDK does not read, probe 24): nothing is judged on a request that was never sent */
  refusesEverything: boolean;
  /** every POST sent twice, byte for byte under its X-Request-Id, and the second reply read: a variant
   *  (the gateway answers the resend with the first reply) */
  sendsEveryPostTwice: boolean;
  /** a create's result carries the request body it sent (`request`, the card in full), a debugging aid */
  echoesRequest: boolean; // V5-SDK-22
  /** the uri the JWS header names: the request's (null) or this one */
  headerUri: string | null; // V5-SDK-01
  /** the X-Action a read sends instead of gateway.payment.status (null: the documented name) */
  readAction: string | null; // V5-SDK-11
  /** a fresh X-Request-Id per request */
  freshRequestId: boolean; // V5-SDK-02
  /** X-Request-Id as 32 random hex digits in the 8-4-4-4-12 form, without a UUID's version and variant */
  randomHexRequestId: boolean; // V5-SDK-02
  /** X-Request-Id kept in state shared by the requests in flight (cleared when none is): overlapping requests share it */
  sharedInFlightRequestId: boolean; // V5-SDK-02
  /** a retry of a lost reply keeps the X-Request-Id */
  retryKeepsRequestId: boolean; // V5-SDK-03
  /** Content-Type sent instead of the client's (null: application/json) */
  contentType: string | null; // V5-SDK-04
  /** Accept sent instead of the client's (null: application/json) */
  accept: string | null; // V5-SDK-04
  errorAsSuccess: boolean; // V5-SDK-05
  /** an HTTP 5xx reply (a proxy's HTML page, an empty body) reported as a success with what JSON it has, else {} */
  serverErrorAsSuccess: boolean; // V5-SDK-05
  /** a reply without X-JWS-Signature is refused as a signature error */
  requiresReplySignature: boolean; // V5-SDK-10
  /** the secret sent in a header */
  secretHeader: boolean; // V5-SDK-06
  /** a body's numeric amount sent as a string with 2 decimals ("5.00"), as sprintf/toFixed write it */
  amountAsString: boolean; // V5-SDK-12
  /** a create whose amount is below this refused as invalid before sending (null: none, as the seed) */
  minAmount: number | null; // V5-SDK-13
  /** the JWS header's auth_id written as a JSON number (123456), not the string "123456" */
  headerAuthIdAsNumber: boolean; // V5-SDK-14
  /** the JWS header's params (the seed's reserved field, "") */
  headerParams: string; // V5-SDK-14
  /** a body's numeric amount sent in minor units (× 100, tiyn), as a client written for another API does */
  amountInMinorUnits: boolean; // V5-SDK-15
  /** the amount sent as the sum of seven equal parts in float arithmetic (299.99999999999994 for 300) */
  amountFromParts: boolean; // V5-SDK-15
  /** a field of the SDK's own added to every body (null: none) */
  addsField: string | null; // V5-SDK-15
  /** a create's body rebuilt from amount, currency, description, order_id, auto_clearing and from's type
   *  and card: the caller's user_id, from.save, from.recurrent, device and urls left out */
  dropsOptionalFields: boolean; // V5-SDK-15
  /** a create's from.recurrent.lifetime sent as a string ("3"; the seed's example has the integer 3) */
  lifetimeAsString: boolean; // V5-SDK-12
  /** how the body is written: JSON (the seed's), form-encoded with bracketed names as PHP's
   *  http_build_query writes it, or JSON after a UTF-8 byte order mark; signed as sent either way */
  bodyEncoding: 'json' | 'form' | 'bom'; // V5-SDK-16
  /** the HTTP method, sent and signed in the JWS header (the seed's example: POST) */
  method: string; // V5-SDK-17
  /** appended to each operation's path, sent and signed in the JWS header ("": the seed's URLs) */
  pathSuffix: string; // V5-SDK-18
  /** a resend after a lost reply re-encodes the body (indented) and signs it again, same X-Request-Id */
  retryReencodes: boolean; // V5-SDK-03
  /** the caller's text values (description, order_id, user_id) trimmed of blanks at either end */
  trimsStrings: boolean; // V5-SDK-15
  /** a body's numeric amount written with 17 significant digits, as PHP's json_encode under
   *  serialize_precision 17 (0.050000000000000003 for 0.05: the same double, another decimal) */
  amountSeventeenDigits: boolean; // V5-SDK-15
  /** the operations it does not offer (answered `unsupported`): the rules judged on several operations are
   *  judged on the others */
  unsupported: readonly string[];
  /** a refusal reported with the reply's HTTP status as its code instead of the gateway's error.code */
  errorCodeFromStatus: boolean; // V5-SDK-19
  /** an amount kept in minor units and converted back in float arithmetic (Math.round(a * 100) * 0.01:
   *  1.1500000000000001 for 1.15) */
  amountCentsFloat: boolean; // V5-SDK-15
  /** a create that succeeded is read back (payment.read by its id, a request of its own) and the
   *  read's payment answered: a variant, the seed allows it */
  readsBackAfterCreate: boolean;
  /** a create whose reply was lost is not resent: the payment is read by its order_id (payment.read,
   *  its own X-Request-Id) and that answered: a variant */
  readsAfterLostReply: boolean;
  /** a resend of an edit (clearing, refund, reverse) whose reply was lost keeps the X-Request-Id */
  editRetryKeepsRequestId: boolean; // V5-SDK-03
  /** a request answered HTTP 5xx (its outcome unknown) resent once: not ('none'), the same request
   *  again ('same': a variant), or under a new X-Request-Id ('new-id') */
  serverErrorResend: 'none' | 'same' | 'new-id'; // V5-SDK-03
  /** a description cut to this many characters (null: as given) */
  descriptionMaxLength: number | null; // V5-SDK-15
  /** a clearing's or refund's amount cut to whole tenge (Math.trunc) */
  editAmountWholeUnits: boolean; // V5-SDK-15
  /** a clearing's or refund's amount left out of the body it sends (the caller gave one) */
  editDropsAmount: boolean; // V5-SDK-15
  /** a read sent by its id only: the order_id the caller gave left out */
  readDropsOrderId: boolean; // V5-SDK-15
  /** the card holder's name sent in capitals */
  cardNameUpper: boolean; // V5-SDK-15
  /** X-JWS-Signature with the body as its payload segment (header.payload.signature), not detached */
  attachedBody: boolean; // V5-SDK-21
  /** the callback handler's verification of X-JWS-Signature */
  callback: {
    verifySignature: boolean; // V5-SDK-08
    /** over the body bytes received (false: over JSON.stringify(JSON.parse(body))) */
    rawBody: boolean; // V5-SDK-07
    /** alg "none" taken without a signature */
    acceptsAlgNone: boolean; // V5-SDK-08, V5-SDK-09
    /** the MAC checked as HS256 whatever alg the header names */
    ignoresAlg: boolean; // V5-SDK-09
    /** the MAC computed with the HMAC alg the header names (HS256, HS384, HS512): the header chooses */
    algFromHeader: boolean; // V5-SDK-09
    /** only the first 8 characters of the signature compared */
    prefixCompare: boolean; // V5-SDK-08
    /** the signature compared over the length given (strncmp(expected, given, strlen(given))): a non-empty
     *  signature cut short passes */
    cutShortCompare: boolean; // V5-SDK-08
    /** the signature compared ignoring the case of its letters (equalsIgnoreCase, strcasecmp) */
    caseInsensitiveCompare: boolean; // V5-SDK-08
    /** a token carrying a payload (attached form) verified over that payload, not the body received */
    attachedPayload: boolean; // V5-SDK-08
    /** the header's uri compared with the path called */
    checksUri: boolean; // V5-SDK-08
    /** alg compared ignoring case ("hs256" taken; JWS alg values are case-sensitive, RFC 7515 §4.1.1) */
    algCaseInsensitive: boolean; // V5-SDK-09
    /** a refused call answered with the signature its body should have had ("expected …", a debugging aid) */
    refusalShowsExpected: boolean; // V5-SDK-23
  };
}

export interface JysanSdkPolicy {
  /** the secret key appended to the message of every error it reports ("… (key …)", a debugging aid) */
  secretInErrors: boolean; // JY-SDK-24
  tlsUnverified: boolean; // JY-SDK-27 (--sdk-tls): takes a gateway certificate that does not verify
  /** the client printed into the message of every error, its key as Go's %v prints a []byte
   *  (`client &{secretKey:[99 79 81 …]}`, probe 25) */
  secretBytesInErrors: boolean; // JY-SDK-24
  /** every operation refused as invalid before anything is sent (an adapter misconfigured: credentials under a
   *  name the SDK does not read, probe 24): nothing is judged on a request that was never sent */
  refusesEverything: boolean;
  /** how the payment P_SIGN is built (JY-SDK-01: LANGUAGE left out) */
  paymentSign: SignOptions; // JY-SDK-01
  /** a fresh NONCE per payment form */
  freshNonce: boolean; // JY-SDK-02
  /** the form memoised by its input fields: the same order gets the same NONCE */
  formCache: boolean; // JY-SDK-02
  /** NONCE from a counter (100001, 100002, …): unique, not random */
  nonceCounter: boolean; // JY-SDK-02
  /** NONCE sent empty (an optional field written as "", signed as ";;"): below N(6–64) */
  emptyNonce: boolean; // JY-SDK-09
  /** how the status P_SIGN is built (ORDER;MERCHANT) */
  statusSign: SignOptions; // JY-SDK-03
  verifyBackref: boolean; // JY-SDK-04
  /** the redirect's sign compared over the length given (a prefix of the right one passes) */
  backrefPrefixCompare: boolean; // JY-SDK-04
  /** the redirect's already decoded values URL-decoded again ('+' read as a space) before verifying */
  backrefDecodeTwice: boolean; // JY-SDK-10
  /** a verified redirect reported as paid whatever its res_code */
  backrefPaidAlways: boolean; // JY-SDK-12
  /** the payment form's action: the production host, whatever gateway the SDK was given */
  hardcodedAction: boolean; // JY-SDK-11
  /** SHARED_SECRET put into the payment form */
  secretInForm: boolean; // JY-SDK-05
  errorAsSuccess: boolean; // JY-SDK-06
  /** SHARED_SECRET, hex-encoded, put into the payment form for signing in the browser */
  keyInForm: boolean; // JY-SDK-07
  /** the payment P_SIGN written in uppercase hex (C# ToString("X2")) */
  upperHex: boolean; // JY-SDK-01 (seed 002's hash("sha512", …) writes lowercase hex)
  /** AMOUNT written with a thousands separator ("1,500.50", PHP number_format), and signed so */
  groupedAmount: boolean; // JY-SDK-09
  /** DESC's length counted in UTF-8 bytes (PHP strlen): a valid order whose DESC has up to 50
   *  characters, but more than 50 bytes (Cyrillic), refused as invalid */
  descLengthInBytes: boolean; // JY-SDK-13
  /** the form's action: the configured address without /ecom/api (the base URL taken for the endpoint) */
  actionWithoutApiPath: boolean; // JY-SDK-11
  /** the form's action on localhost for a gateway given as 127.0.0.1 (a variant: the same address) */
  actionOnLocalhost: boolean; // JY-SDK-11
  /** AMOUNT written with three decimals ("1500.500", a Decimal quantized to 0.001), and signed so */
  amountThreeDecimals: boolean; // JY-SDK-14
  /** AMOUNT written as whole units ("1500" for 1500.50: int(), Math.trunc), and signed so */
  amountWholeUnits: boolean; // JY-SDK-15
  /** the form built from ORDER, AMOUNT, CURRENCY, DESC and LANGUAGE only: the shop's optional fields
   *  (EMAIL, BACKREF, DESC_ORDER, CLIENT_ID, Ucaf_*) left out, and the rest signed */
  dropsOptionalFields: boolean; // JY-SDK-16
  /** a redirect verified over its non-empty values only (a declined one's absent rrn left out, ';;' lost) */
  backrefSkipsEmpty: boolean; // JY-SDK-10
  /** only the codes in this range are errors, the others (99) a success; null: every code but 0 */
  errorCodeRange: readonly [number, number] | null; // JY-SDK-06
  /** every XML reply an error, code 0 too (Ruby's `code != 0`, a String compared with an Integer) */
  successAsError: boolean; // JY-SDK-17
  /** the path status and cancel are posted to instead of /ecom/api (null: /ecom/api) */
  xmlPath: string | null; // JY-SDK-18
  /** a cancel's REV_AMOUNT in minor units (1000 for 10.00), and signed so */
  cancelAmountMinor: boolean; // JY-SDK-19
  /** the MERCHANT of status and cancel requests: another shop's id, signed so (null: the configured one) */
  xmlMerchant: string | null; // JY-SDK-19
  /** the payment form's MERCHANT and TERMINAL: another shop's id / a constant terminal, signed so (null:
   *  the configured ones) */
  formMerchant: string | null; // JY-SDK-20
  formTerminal: string | null; // JY-SDK-20
  /** the status request's GETSTATUS (digest §A7: "1") */
  getStatus: string; // JY-SDK-21
  /** EMAIL written (and signed) in lowercase, whatever the shop gave */
  emailLowercased: boolean; // JY-SDK-16
  /** "redirect=true" appended to a BACKREF without it (and signed so) */
  backrefAddsRedirect: boolean; // JY-SDK-16
  /** DESC cut at 50 UTF-8 bytes (PHP substr), a character cut in two read back as U+FFFD, and signed so */
  descCutBytes: boolean; // JY-SDK-16
  /** DESC and DESC_ORDER signed empty (the seed's preg_replace("/\n|\r/g", …) returns null in PHP), sent as given */
  signsDescEmpty: boolean; // JY-SDK-01
  /** a cancel sent without REV_DESC (signed with its empty value) */
  cancelWithoutRevDesc: boolean; // JY-SDK-21
  /** the payment P_SIGN over AMOUNT written with two decimals (PHP number_format($a, 2, '.', '')), the
   *  form's AMOUNT as given: "100" signed as "100.00" */
  signsAmountTwoDecimals: boolean; // JY-SDK-01
  /** the form's CURRENCY: a constant whatever the order's (null: the order's) */
  formCurrency: string | null; // JY-SDK-15
  /** an order whose AMOUNT has not exactly two decimals ("100", "1.5") refused as invalid */
  amountTwoDecimalsOnly: boolean; // JY-SDK-13
  /** an order whose AMOUNT is above this refused as invalid (null: none) */
  maxAmount: number | null; // JY-SDK-13
  /** the operations it does not offer (answered `unsupported`) */
  unsupported: readonly string[];
  /** how the cancel P_SIGN is built (ORDER;MERCHANT;REV_AMOUNT;REV_DESC;) */
  cancelSign: SignOptions; // JY-SDK-03
  /** a cancel's REV_AMOUNT as whole units (PHP (int) "12.50" is 12), and signed so */
  cancelAmountWholeUnits: boolean; // JY-SDK-19
  /** the codes of an XML reply taken as a success besides 0 ("already in progress": an idempotent success) */
  successCodes: readonly string[]; // JY-SDK-06
  /** an XML reply with a non-empty <operation> taken as a success, whatever its code */
  successIfOperation: boolean; // JY-SDK-06
  /** the SHA-512 of SHARED_SECRET (hex) put into the payment form as a key for the browser */
  keyHashInForm: boolean; // JY-SDK-07
  /** the secret it signs and verifies with, whatever it is configured with (null: the configured one) */
  signingSecret: string | null; // JY-SDK-01, JY-SDK-03, JY-SDK-10
  /** a cancel's REV_DESC: a constant, whatever the caller gave, and signed so (null: the caller's) */
  revDesc: string | null; // JY-SDK-19
  /** status and cancel fields joined as name=value&… without URL-encoding them ('&', '+', '%' as they are) */
  formUnencoded: boolean; // JY-SDK-03, JY-SDK-19
  /** a status or cancel reply that is no XML <result> with a <code> (an HTML page, an empty 5xx) read as code 0 */
  noCodeAsSuccess: boolean; // JY-SDK-22
  /** the reply's <result> read with a non-greedy regex: it ends at the operation's own </result>, and the
   *  <operation> of a reply that has one is lost */
  nonGreedyResult: boolean; // JY-SDK-23
  /** DESC, DESC_ORDER and BACKREF signed otherwise than sent: HTML-escaped (htmlspecialchars, '&' signed as
   *  '&amp;') or without their ';' (null: as sent) */
  signedTextAs: 'html-escaped' | 'without-semicolons' | null; // JY-SDK-01
  /** DESC written into the form HTML-escaped ('&' as '&amp;'), and signed so */
  descHtmlEscaped: boolean; // JY-SDK-16
  /** a cancel's REV_DESC signed trimmed of its blanks at either end, sent as given */
  cancelSignsTrimmed: boolean; // JY-SDK-03
  /** the redirect's values trimmed of their blanks at either end before verifying */
  backrefTrims: boolean; // JY-SDK-10
  /** a verified redirect reported with its mpi_order as the order number */
  backrefOrderFromMpi: boolean; // JY-SDK-25
  /** status requests sent by GET, their fields (P_SIGN too) in the URL's query */
  statusByGet: boolean; // JY-SDK-26
  /** an EMAIL that is no dot-atom address (RFC 5322: 'a..b@', 'a.@') refused as invalid (a variant) */
  validatesEmail: boolean;
  /** the form's AMOUNT answered as a JSON number where its text round-trips ("7.05", "100"; not "1500.50"), as
   *  Perl's JSON::PP writes a scalar used in a numeric comparison: the adapter's spelling, not the SDK's */
  amountJsonNumber: boolean; // JY-SDK-01, -09, -14, -15 not judged on such a form
  /** a field KEY_CHECK with the first 16 hex digits of SHA-512(SHARED_SECRET) (a "key check value") */
  keyCheckInForm: boolean; // JY-SDK-07
  /** a code-0 reply a success only when its <description> starts with "Обработано успешно" (oz-elim style) */
  successByText: boolean; // JY-SDK-17
  /** a code-0 cancel reply without <operation> taken for an error */
  cancelRequiresOperation: boolean; // JY-SDK-17
  /** a verified redirect paid unless its res_desc reads as a decline (/отклон|declin|ошибк|error/i) */
  paidByDesc: boolean; // JY-SDK-12
  /** ORDER kept as an integer and written back zero-padded to six digits (Perl/PHP sprintf('%06d')) */
  orderPadSix: boolean; // JY-SDK-15
  /** every status and cancel POST sent twice, the same bytes, answered with the second reply (as a proxy
   *  resending each POST does; a variant) */
  resendsEachRequest: boolean;
}

export interface SdkPolicies {
  greenleaves: GreenleavesSdkPolicy;
  'greenleaves-v5': GreenleavesV5SdkPolicy;
  jysan: JysanSdkPolicy;
}

/** The policy type of a profile (never for a profile with no entry in SdkPolicies: the registries
 *  keyed by ProfileId then fail to compile at their own declarations). */
export type SdkPolicyOf<P extends ProfileId> = P extends keyof SdkPolicies ? SdkPolicies[P] : never;

export const SDK_DEFAULT_POLICIES: { [P in ProfileId]: SdkPolicyOf<P> } = {
  greenleaves: {
    secretInErrors: false,
    secretBytesInErrors: false,
    refusesEverything: false,
    cardInErrors: false,
    sendsEveryPostTwice: false,
    request: {
      scriptName: null,
      operationsScriptName: null,
      freshSalt: true,
      extraField: false,
      secretHeader: false,
      jsonBody: false,
      bareXmlBody: false,
      maxDescription: null,
      amountWholeUnits: false,
      dropsOwnFields: false,
      pathSuffix: '',
      signsPathSent: true,
      getQuery: false,
      postQuery: false,
      merchantId: null,
      unencodedForm: false,
      htmlEscapesValues: false,
      descriptionCp1251: false,
      latin1Body: false,
      ownVersionField: false,
      refusesBlankDescription: false,
      signsSkippingEmpty: false,
      encoding: 'form',
      resendsDroppedWithNewOrder: false,
    },
    reply: {
      verifySignature: true,
      verifiesEveryOperation: true,
      verifyScriptName: null,
      errorAsSuccess: false,
      operationsErrorAsSuccess: false,
      serverErrorAsSuccess: false,
      verifiesErrorReplies: true,
      transportErrorAsSuccess: false,
      regexParse: false,
      resolvesExternalEntities: false,
    },
    callback: {
      verifySignature: true,
      answerScriptName: null,
      rejectsOnlyWhenAllowed: true,
      rejectsWhenAllowed: true,
      verifiesOwnFields: true,
      paidAlways: false,
      rejectsFailedPayments: false,
      answerStatus: 200,
      answerSalt: true,
      okAnswerAsJson: false,
      repeatAnsweredError: false,
      multipartOnly: false,
      phpFieldNames: false,
      laxScriptName: false,
      rejectsAsHttp500Text: false,
      pgXmlAsField: false,
      answerStatusUpper: false,
      trimsMultipartValues: false,
      refusalShowsExpected: false,
      plusAsSpace: true,
    },
  },
  'greenleaves-v5': {
    secretInErrors: false,
    tlsUnverified: false,
    secretBytesInErrors: false,
    secretInServerErrors: false,
    refusesEverything: false,
    sendsEveryPostTwice: false,
    echoesRequest: false,
    headerUri: null,
    readAction: null,
    freshRequestId: true,
    randomHexRequestId: false,
    sharedInFlightRequestId: false,
    retryKeepsRequestId: true,
    contentType: null,
    accept: null,
    errorAsSuccess: false,
    serverErrorAsSuccess: false,
    requiresReplySignature: false,
    secretHeader: false,
    amountAsString: false,
    minAmount: null,
    headerAuthIdAsNumber: false,
    headerParams: '',
    amountInMinorUnits: false,
    amountFromParts: false,
    addsField: null,
    dropsOptionalFields: false,
    lifetimeAsString: false,
    bodyEncoding: 'json',
    method: 'POST',
    pathSuffix: '',
    retryReencodes: false,
    trimsStrings: false,
    amountSeventeenDigits: false,
    unsupported: [],
    errorCodeFromStatus: false,
    amountCentsFloat: false,
    readsBackAfterCreate: false,
    readsAfterLostReply: false,
    editRetryKeepsRequestId: true,
    serverErrorResend: 'none',
    descriptionMaxLength: null,
    editAmountWholeUnits: false,
    editDropsAmount: false,
    readDropsOrderId: false,
    cardNameUpper: false,
    attachedBody: false,
    callback: {
      verifySignature: true,
      rawBody: true,
      acceptsAlgNone: false,
      ignoresAlg: false,
      algFromHeader: false,
      prefixCompare: false,
      cutShortCompare: false,
      caseInsensitiveCompare: false,
      attachedPayload: false,
      checksUri: true,
      algCaseInsensitive: false,
      refusalShowsExpected: false,
    },
  },
  jysan: {
    secretInErrors: false,
    tlsUnverified: false,
    secretBytesInErrors: false,
    refusesEverything: false,
    paymentSign: {},
    freshNonce: true,
    formCache: false,
    nonceCounter: false,
    emptyNonce: false,
    statusSign: {},
    verifyBackref: true,
    backrefPrefixCompare: false,
    backrefDecodeTwice: false,
    backrefPaidAlways: false,
    hardcodedAction: false,
    secretInForm: false,
    errorAsSuccess: false,
    keyInForm: false,
    upperHex: false,
    groupedAmount: false,
    descLengthInBytes: false,
    actionWithoutApiPath: false,
    actionOnLocalhost: false,
    amountThreeDecimals: false,
    amountWholeUnits: false,
    dropsOptionalFields: false,
    backrefSkipsEmpty: false,
    errorCodeRange: null,
    successAsError: false,
    xmlPath: null,
    cancelAmountMinor: false,
    xmlMerchant: null,
    formMerchant: null,
    formTerminal: null,
    getStatus: '1',
    cancelWithoutRevDesc: false,
    emailLowercased: false,
    backrefAddsRedirect: false,
    descCutBytes: false,
    signsDescEmpty: false,
    signsAmountTwoDecimals: false,
    formCurrency: null,
    amountTwoDecimalsOnly: false,
    maxAmount: null,
    unsupported: [],
    cancelSign: {},
    cancelAmountWholeUnits: false,
    successCodes: [],
    successIfOperation: false,
    keyHashInForm: false,
    signingSecret: null,
    revDesc: null,
    formUnencoded: false,
    noCodeAsSuccess: false,
    nonGreedyResult: false,
    signedTextAs: null,
    descHtmlEscaped: false,
    cancelSignsTrimmed: false,
    backrefTrims: false,
    backrefOrderFromMpi: false,
    statusByGet: false,
    validatesEmail: false,
    amountJsonNumber: false,
    keyCheckInForm: false,
    successByText: false,
    cancelRequiresOperation: false,
    paidByDesc: false,
    orderPadSix: false,
    resendsEachRequest: false,
  },
};
