import type { BaseOptions } from '../../protocols/jysan/index.ts';

/** What the jysan reference merchant (its BACKREF page) does, knob by knob; each names the rule(s)
 *  it implements. DEFAULT_JYSAN_MERCHANT_POLICY is the seed-faithful reference; defects.ts patches it. */
export interface JysanMerchantPolicy {
  /** HTTP Basic authentication wanted on BACKREF */
  basicAuth: boolean; // JY-MRD-05
  edgeRefusesQuotes: boolean; // JY-MRD-02: Apache's bare 403 for a quote in the redirect's query
  verifySign: boolean; // JY-MRD-01
  /** a result with no sign (absent or empty) is verified like any other, or taken unverified */
  signRequired: boolean; // JY-MRD-01, JY-MRD-07
  /** a sign of another length than SHA-512 hex is refused, or crashes a length-checking compare (HTTP 500) */
  otherLengthSign: 'refused' | 'crash'; // JY-MRD-01, JY-MRD-07
  /** how it builds the redirect's sign base (JY-MRD-02: CR/LF removed from res_desc) */
  signBase: BaseOptions; // JY-MRD-02
  /** its own sign written as the digest's hex read as a number (BigInteger.toString(16)): a leading 0
   *  dropped, so a genuine result whose sign starts with "0" does not verify (a defect) */
  signDropsLeadingZero: boolean; // JY-MRD-02, JY-MRD-08
  /** line breaks removed from res_desc before the sign is verified: each CR and each LF, or (a defect)
   *  CR+LF pairs only, a lone LF or CR kept */
  lineBreaks: 'each' | 'pairs'; // JY-MRD-02, JY-MRD-08
  /** a parameter sent twice: the sign verified over its first value and the result acted on by its
   *  last (a defect: two maps of one request), or the first value used for both */
  duplicates: 'first' | 'sign-first-act-last'; // JY-MRD-12
  /** a result with no rrn parameter (a declined payment's) is taken as one whose sign does not verify:
   *  on both channels, or on the redirect alone */
  rrnRequired: false | 'both' | 'redirect'; // JY-MRD-02, JY-MRD-08
  /** each value decoded again: as a form value (`+` a space, %XX a byte), or its %XX alone (PHP's
   *  rawurldecode, Perl's uri_unescape: a `+` stays) */
  decodesTwice: false | 'form' | 'percent'; // JY-MRD-02, JY-MRD-08
  /** every value of the result HTML-escaped (htmlspecialchars) before the sign is verified */
  sanitizesInput: boolean; // JY-MRD-02, JY-MRD-08
  /** the redirect's query decoded as a form (a `+` is a space), or with decodeURIComponent alone */
  queryDecoding: 'form' | 'uri'; // JY-MRD-02
  /** the sign verified over ORDER as sent, or over ORDER read as a number (0004100 as 4100) */
  orderAsNumber: boolean; // JY-MRD-02, JY-MRD-08
  /** HTTP status of a redirect whose sign does not verify (any 4xx; a variant uses 400) */
  refusalStatus: number; // JY-MRD-01
  /** a redirect whose sign does not verify is answered with its error page in place and HTTP 200,
   *  not refusalStatus (a variant; probe 24's Python shop) */
  refusalPageOk: boolean; // JY-MRD-01
  /** a forged redirect locks the order */
  forgedBlocksOrder: boolean; // JY-MRD-03
  /** a server POST whose sign does not verify locks the order */
  postForgedBlocksOrder: boolean; // JY-MRD-17
  /** a reloaded redirect gets the first page, or 409, or (a paid one) is fulfilled again, its page
   *  numbering the shipment (Отправление №2), or a 200 error page ("Ошибка: платёж уже обработан") */
  repeat: 'first-page' | 'conflict' | 'fulfils-again' | 'error-page'; // JY-MRD-04
  /** a failed payment's redirect gets a page with this status, crashes (HTTP 500), or is taken as a
   *  successful one's (res_code not read: the paid page) */
  failure: 'page' | 'crash' | 'paid'; // JY-MRD-06
  failureStatus: number; // JY-MRD-06
  /** a failed payment's res_desc outside ASCII (the bank's Russian texts) crashes (HTTP 500) on both
   *  channels: the raw bytes joined to the shop's UTF-8 text (Ruby's Encoding::CompatibilityError) */
  declinedTextCrash: boolean; // JY-MRD-06, JY-MRD-11
  /** a genuine successful redirect is acted on (the order paid, its amount, currency and order
   *  judged), or (a variant) only its sign verified and one page shown for each, "awaiting the bank's
   *  confirmation": the server POST alone pays an order (digest §A10 advises verifying otherwise) */
  redirectPays: boolean; // JY-MRD-12, JY-MRD-13, JY-MRD-15
  /** a genuine redirect is answered 303 to its own result page (a variant) */
  redirectsToResult: boolean;
  /** a redirect it refuses is answered 303 to its own failure page, not with a 4xx (a variant) */
  redirectsRefusals: boolean; // JY-MRD-01, JY-MRD-12
  /** the bank's server POST to BACKREF: handled, or answered 405 as if BACKREF were a browser page only */
  post: 'handled' | 'refused'; // JY-MRD-08
  /** the POST's form body decoded as application/x-www-form-urlencoded, with decodeURIComponent
   *  alone (a `+` stays a `+`), or as urlencoded ISO-8859-1 (a servlet container's default charset) */
  postDecoding: 'form' | 'uri' | 'latin1'; // JY-MRD-08
  /** the POST's order looked up by ORDER read as a number (an int column): one with leading zeros is
   *  not found (404), whatever the result (a defect, probe 24's Python shop) */
  postFindsOrderAsNumber: boolean; // JY-MRD-08
  /** a server POST whose sign it verified before is taken without verifying it again (a cache of
   *  verified signs, a defect; probe 24's Python shop): the genuine result replayed onto another order */
  postTrustsKnownSign: boolean; // JY-MRD-07
  /** the redirect's order looked up by ORDER read as a number: one with leading zeros is not found
   *  (404 page), whatever the result (a defect with verifySign off; review A 3) */
  redirectFindsOrderAsNumber: boolean; // JY-MRD-01, JY-MRD-02
  /** a server POST for a paid order with another mpi_order is answered 409 "already paid" before its
   *  sign is verified (a defect with verifyPostSign off; review A 1: a forgery's refusal for a paid
   *  order is that guard's) */
  postPaidGuardFirst: boolean; // JY-MRD-07
  /** the POST's sign is verified */
  verifyPostSign: boolean; // JY-MRD-07
  /** a successful POST marks a payable order paid before its sign is verified (a forged one too), and
   *  an order paid by one mpi_order refuses a POST of another (409) */
  postPaysBeforeVerify: boolean; // JY-MRD-17
  /** a failed payment's POST is noted (postOkStatus), crashes (HTTP 500), is refused as if its
   *  sign did not verify (refusalStatus), or (res_code not read) pays the order as a successful one's */
  postFailure: 'noted' | 'crash' | 'refused' | 'pays'; // JY-MRD-11, JY-MRD-08
  /** a repeated POST gets the first answer, or 409, or 200 "DUPLICATE IGNORED", or (a paid one) is
   *  fulfilled again, its answer numbering the shipment ("OK 2") */
  postRepeat: 'first-answer' | 'conflict' | 'ignored' | 'fulfils-again'; // JY-MRD-10
  /** HTTP status of a genuine POST taken (any 2xx; a variant uses 204) */
  postOkStatus: number; // JY-MRD-08
  /** HTTP status of a failed payment's POST noted (any but a 5xx; a variant uses 402) */
  postFailureStatus: number; // JY-MRD-08, JY-MRD-11
  /** a successful result for an order it does not have is refused (404), or answered as a paid one */
  unknownOrder: 'refused' | 'paid'; // JY-MRD-15
  /** a successful result (redirect or POST) whose amount is not the order's is refused (409) */
  refusesOtherAmount: boolean; // JY-MRD-12
  /** how the result's amount is compared with the order's: as a number ("1000.5" = "1000.50",
   *  JY-MRD-14); or, defects, as the declared text (JY-MRD-14), in whole units only (parseInt, JY-MRD-12) */
  amountCompare: 'number' | 'text' | 'whole'; // JY-MRD-12, JY-MRD-14
  /** a successful result in another currency than the order's is refused (409) */
  refusesOtherCurrency: boolean; // JY-MRD-13
  /** the order's currency is taken as its ISO 4217 letters or number (KZT, 398), or as the letters only */
  currencyForms: 'letters-or-number' | 'letters'; // JY-MRD-16
  /** a paid order's page shows its amount (two decimals) and currency letters, whatever the result spelled (a variant) */
  paidPageShowsAmount: boolean; // JY-MRD-14, JY-MRD-16
  /** every page it answers a genuine result with shows that result's amount, currency, rrn and res_desc
   *  (HTML-escaped), as the redirect carried them (a variant) */
  pageShowsResult: boolean; // JY-MRD-06
  /** a genuine failed payment's result (redirect or server POST) for an order already paid turns the
   *  order back to unpaid, its page the failure page (a defect) */
  declinedUnpays: boolean; // JY-MRD-19
  /** a genuine result it answers with a page (paid, declined) is answered 303 to the order's status page
   *  instead, `/shop/jysan/orders/<ORDER>/success` or `/failure`, each rendered from the order's state
   *  now, whichever of the two is asked (a variant; probe 24's Python shop)
   *  ('one-place': to one page of the order, `/shop/jysan/orders/<ORDER>`, rendered from its state,
   *  whatever the result: probe 26's Rails shop) */
  statusPages: boolean | 'one-place'; // JY-MRD-19
  /** the redirect compares the result's amount and currency with the order's (JY-MRD-12/13); off (a
   *  defect), only the server POST does, and a redirect of another amount pays the order */
  redirectComparesAmount: boolean; // JY-MRD-12, JY-MRD-13
  /** every page and server POST answer carries a request token and the time it was made (a variant) */
  stamped: boolean; // JY-MRD-04, JY-MRD-10
  /** its refusal of a result whose sign does not verify (the redirect's page, the POST's answer) carries
   *  SHARED_SECRET in a debug line left on (a defect): as it is, or (`chars`) as Java's
   *  Arrays.toString of the char[] it is kept in (`[0, 1, 2, …]`) */
  secretInRefusal: boolean | 'chars'; // JY-MRD-18
}

export const DEFAULT_JYSAN_MERCHANT_POLICY: JysanMerchantPolicy = {
  basicAuth: false,
  edgeRefusesQuotes: false,
  verifySign: true,
  signRequired: true,
  otherLengthSign: 'refused',
  signBase: {},
  rrnRequired: false,
  signDropsLeadingZero: false,
  lineBreaks: 'each',
  duplicates: 'first',
  decodesTwice: false,
  sanitizesInput: false,
  queryDecoding: 'form',
  orderAsNumber: false,
  refusalStatus: 403,
  refusalPageOk: false,
  forgedBlocksOrder: false,
  postForgedBlocksOrder: false,
  repeat: 'first-page',
  failure: 'page',
  failureStatus: 200,
  declinedTextCrash: false,
  redirectPays: true,
  redirectsToResult: false,
  redirectsRefusals: false,
  post: 'handled',
  postDecoding: 'form',
  verifyPostSign: true,
  postFindsOrderAsNumber: false,
  postTrustsKnownSign: false,
  postPaidGuardFirst: false,
  redirectFindsOrderAsNumber: false,
  postPaysBeforeVerify: false,
  postRepeat: 'first-answer',
  postFailure: 'noted',
  postOkStatus: 200,
  postFailureStatus: 200,
  unknownOrder: 'refused',
  refusesOtherAmount: true,
  amountCompare: 'number',
  refusesOtherCurrency: true,
  currencyForms: 'letters-or-number',
  paidPageShowsAmount: false,
  pageShowsResult: false,
  stamped: false,
  secretInRefusal: false,
  declinedUnpays: false,
  statusPages: false,
  redirectComparesAmount: true,
};
