import type { BaseOptions, Language, Operation, SignOptions } from '../../protocols/jysan/index.ts';

/** What the jysan reference gateway does, knob by knob; each names the rule(s) it implements.
 *  DEFAULT_JYSAN_POLICY is the seed-faithful reference; defects.ts patches it (see policy.ts). */
export interface JysanPolicy {
  signature: {
    /** verify the P_SIGN of payment requests (JY-SIG-02, JY-SIG-03, JY-SIG-04, JY-SIG-05, JY-SIG-07,
     *  JY-SIG-08, JY-SIG-09, JY-SIG-10, JY-ERR-09, JY-ENC-03, JY-REC-01) */
    verifyPayment: boolean;
    /** how the gateway builds each operation's base string (JY-SIG-03, JY-SIG-04, JY-SIG-11, JY-SIG-12,
     *  JY-SIG-13, JY-SIG-14, JY-SIG-15), and the bytes it hashes (JY-SIG-09: UTF-8) */
    base: Record<Operation, SignOptions>;
    /** the payment base carries AMOUNT rewritten with two decimals (100 → 100.00), not as sent (JY-SIG-01 forbids it) */
    amountTwoDecimals: boolean;
    /** payment: every value is trimmed of blanks at either end before the P_SIGN is verified (JY-SIG-10
     *  forbids it: the seed's PHP hashes $_POST as sent) */
    trimsValues: boolean;
    /** the payment P_SIGN is compared with the digest in uppercase hex, so PHP's lowercase is refused (JY-SIG-06 forbids it) */
    uppercaseHex: boolean;
    /** a badly signed status request still shows the order in <operation> (JY-SIG-16 forbids it) */
    showsOrderOnBadStatusSign: boolean;
    /** the error page of a payment refused as badly signed shows, for debugging, the shared secret with
     *  the base, or the P_SIGN the request should have carried, in an element of its own or
     *  ('expected-in-message') after the message on a page of the bank's own design without the
     *  sandbox's ids, "<span class="code">21</span> Неправильная подпись! (expected …)" (probe 22) (JY-SIG-17
     *  forbids them all: null) */
    showsOnRefusal: 'secret' | 'expected-sign' | 'expected-in-message' | null;
    /** a payment of the known MERCHANT has its P_SIGN verified before its fields' form: a missing or
     *  malformed P_SIGN gets 21, not 24-26 (a variant: the seed orders no checks) */
    verifiedFirst: boolean;
    /** a payment's ORDER is registered before its P_SIGN is verified: a badly signed request uses it up,
     *  and the ORDER's repeat is refused (18) before the signature (JY-ERR-09 forbids it: no effect) */
    afterRegistering: boolean;
    /** a payment's fields are all checked before its P_SIGN is verified: a field violation gets its own
     *  code even when the signature is wrong too (a variant: the seed orders no checks); 'no-result': and
     *  such a refusal, made before the signature is verified, goes to no BACKREF (a variant) */
    fieldsCheckedFirst: boolean | 'no-result';
    /** XML operations whose P_SIGN is not verified at all (JY-SIG-16 forbids it: none) */
    unverified: readonly ('status' | 'list' | 'cancel' | 'confirm')[];
    /** the payment base carries ORDER read as a number, its leading zeros dropped (JY-SIG-10 forbids it) */
    orderAsNumber: boolean;
    /** the payment base carries BACKREF's value where EMAIL's belongs and EMAIL's where BACKREF's does
     *  (a PHP gateway listing them in another order: JY-SIG-01 forbids it; probe 26 BUG_SIGN_ORDER) */
    emailBackrefSwapped: boolean;
    /** the payment P_SIGN is taken in either hex case (PHP's strcasecmp, as the probe 26 gateway did) */
    anyHexCase: boolean;
    /** RECUR_FREQ, RECUR_EXP, INT_REF, RECUR_REF and PAYMENT_TO all sent empty count as not sent: the
     *  13-value formula (a variant: JY-REC-01 judges only a payment carrying one of them non-empty) */
    emptyExtendedAsAbsent: boolean;
  };
  fields: {
    /** answer code X with code Y wherever a field violation is answered (JY-ERR-02, JY-ERR-07, JY-ERR-11, JY-ERR-12, JY-ERR-14) */
    codeInsteadOf: Partial<Record<number, number>>;
    /** the code of a value longer than its limit, overriding errors.json (JY-ERR-13) */
    tooLongCode: number | null;
    /** every violation of a field with a code of its own gets that code (a variant: JY-ERR-17 takes it) */
    ownFieldCodes: boolean;
    /** payment fields whose form is not checked, but for a missing value: `true` for every kind of
     *  violation, or only the kinds listed (JY-PAY-01, JY-PAY-02, JY-PAY-06, JY-PAY-08, JY-PAY-10, JY-PAY-11, JY-PAY-12, JY-PAY-13) */
    formUnchecked: Partial<Record<string, true | readonly string[]>>;
    /** the LANGUAGE values a payment request may carry (JY-PAY-07: ru and en) */
    paymentLanguages: readonly string[];
    /** LANGUAGE must be ru or en (JY-ERR-16 variant) */
    checkLanguage: boolean;
    /** a status request is any request carrying GETSTATUS, whatever its value (a variant: seed 002 has
     *  no GETSTATUS, the clients send 1, digest §A2 routes on its presence) */
    anyGetstatus: boolean;
    /** what a maximum length counts (JY-PAY-09) */
    lengthUnit: 'chars' | 'utf8-bytes';
    /** payment fields cut to this many characters before anything but the signature sees them
     *  (JY-PAY-03, JY-PAY-05: none; a fixed-width column would) */
    truncatedTo: Partial<Record<string, number>>;
    /** fields refused, with code 27, when sent (JY-PAY-21: none, unknown fields are tolerated) */
    refusedExtraFields: readonly string[];
    /** a payment ORDER with a leading zero refused as no N(6-10) (JY-PAY-01 forbids it: "0012345" is digits) */
    refuseZeroLedOrder: boolean;
    /** a payment CURRENCY of ISO 4217 letters in any case or its number (kzt, KzT, 398) taken as that
     *  currency (a variant: seed 002 "C(3) … ISO 4217"; the capitals are paycert's [I]) */
    currencyAnySpelling: boolean;
    /** an EMAIL that is no plain address (a '+' or a quote in its local part, a top-level domain with a
     *  digit) refused with code 27 naming EMAIL (JY-PAY-11 forbids it: "EMAIL Нет C(0 – 80)") */
    strictEmail: boolean;
    /** a LANGUAGE other than ru or en refused with code 99 "Другая ошибка" saying nothing of LANGUAGE, not
     *  about LANGUAGE (JY-PAY-22 forbids it; JY-ERR-12/13/14/17 the code) */
    unknownLanguageAs99: boolean;
  };
  messages: {
    /** the language when no LANGUAGE is sent (JY-ERR-16) */
    defaultLanguage: Language;
    /** the language of replies: as requested, or always English (JY-ERR-16) */
    alwaysEnglish: boolean;
    /** %s in messages carries the request's value (JY-ERR-19) */
    showValues: boolean;
    /** code 21's wording when it is not the documented template (JY-ERR-01) */
    signatureMessage: Record<Language, string> | null;
    /** XML errors carry <description> (JY-ERR-18, JY-ERR-01) */
    xmlErrorDescription: boolean;
    /** a badly signed status, list, cancel or confirm request gets <code>21</code> with this code's
     *  template about P_SIGN as its <description> (JY-ERR-01 forbids it: 21's own message; null) */
    xmlSignatureMessageOf: number | null;
    /** the code the error page of a payment whose P_SIGN does not verify shows, with code 21's message
     *  (JY-ERR-09: 21; another code worded as 21 fails JY-ERR-01 too) */
    signatureCodeOnPage: number;
  };
  wire: {
    /** HTTP status of error pages and XML errors (seed: none named) */
    errorHttpStatus: number;
    /** content type of the error page of a refused payment (JY-PAY-19) */
    errorPageAsText: boolean;
    /** status replies served as text/plain (JY-STA-02 wants XML) */
    statusAsText: boolean;
    /** elements of the gateway's own in every <result> and <operation> (variant) */
    extraReplyElements: boolean;
    /** the card page served as text/plain instead of HTML (JY-PAY-17, JY-PAY-18) */
    cardPageAsText: boolean;
    /** the card page's design: the reference's, or a bank's own (variant card-page-of-its-own) */
    cardPage: 'reference' | 'split';
    /** an accepted cancel is answered with <code> only, no <description> (JY-REV-02) */
    cancelReplyDescription: boolean;
    /** XML replies written with &, < and > of their values unescaped (JY-STA-02, JY-LST-02 forbid it) */
    xmlUnescaped: boolean;
  };
  payment: {
    /** an unknown MERCHANT's code (JY-ERR-05: 17) */
    unknownMerchantCode: number;
    /** refuse a TERMINAL that is not the merchant's (JY-ERR-08) */
    checkTerminal: boolean;
    /** refuse a currency the terminal does not take (JY-ERR-04), with this code (14; 22 variant) */
    checkCurrency: boolean;
    unsupportedCurrencyCode: number;
    /** the currencies the terminal takes, when not fixtures/jysan/sandbox.json's (a variant: KZT only) */
    terminalCurrencies: readonly string[] | null;
    /** a currency the terminal does not take is refused before the signature is verified (a variant:
     *  the seed orders no checks) */
    currencyCheckedFirst: boolean;
    /** refuse AMOUNT 0 (JY-ERR-03) */
    refuseZeroAmount: boolean;
    /** apply the per-payment amount limit, code 23 (JY-ERR-10) */
    amountLimit: boolean;
    /** refuse an ORDER already used, code 18 (JY-PAY-15, JY-ERR-06) */
    refuseReusedOrder: boolean;
    /** refuse a NONCE an order of the merchant already carried, code 27 on NONCE (seed 002: "Случайное
     *  уникальное число"; the tolerance variant unique-nonce) */
    refuseReusedNonce: boolean;
    /** RSA padding of crd_* (JY-ENC-02: PKCS#1 v1.5) */
    cardPadding: 'pkcs1' | 'oaep';
    /** take a crd_pan that does not decrypt as a plaintext card number (JY-ENC-01 forbids it) */
    plaintextPan: boolean;
    /** check that the card expiry is MM/YY (JY-ENC-05, JY-ERR-07) */
    checkCardExpiry: boolean;
    /** refuse a card type the terminal does not take (JY-ERR-15) */
    checkCardType: boolean;
    /** with crd_* still show the card page instead of paying at once (JY-PAY-20 forbids it) */
    cardPageWithCardData: boolean;
    /** crd_* sent without all three are no card data: not read (their form unchecked) and the card page
     *  comes (variant; the reference refuses the missing one, code 24) */
    partialCardDataPage: boolean;
    /** confirm a pre-authorisation left alone at the end of its period (JY-CNF-02) */
    autoConfirm: boolean;
    /** the codes of the outages fixtures/jysan/faults.json triggers: service 11 (JY-ERR-20), MPI 15
     *  (JY-ERR-21), Db 16 (JY-ERR-22) */
    outageCodes: { service: number; mpi: number; db: number };
    /** a request refused for an outage (11, 16) still registers its ORDER (JY-ERR-20, JY-ERR-22 forbid it) */
    outageRegistersOrder: boolean;
    /** a payment whose ORDER is not all digits crashes the gateway: HTTP 500 with a PHP fatal error and its
     *  stack trace, every time (JY-ERR-02 forbids it: a documented refusal; probe 26 BUG_STACKTRACE) */
    crashOnNonDigitOrder: boolean;
    /** refuse a currency the terminal takes but has no exchange rate for, code 22 (JY-ERR-23) */
    checkRate: boolean;
    /** the res_code of a payment the issuer declines: 99 "Другая ошибка : %s" with the decline, or 23
     *  "Превышен лимит! %s" (a variant: the seed names no code for it, JY-RED-03 asks for a non-zero one) */
    declineCode: 99 | 23;
    /** the res_desc of a declined payment: that code's template with the decline, or the bank's own
     *  text alone ("Транзакция отклонена": a variant, digest §A10 "result text from MPI") */
    declineText: 'template' | 'bank';
  };
  threeDs: {
    /** the host-to-host challenge carries md (JY-3DS-01) */
    challengeMd: boolean;
    /** the ACS posts cres to MERCH_3D_TERM_URL, not to the bank's termUrl (JY-3DS-02) */
    returnsToTermUrl: boolean;
    /** a failed challenge is not paid (JY-3DS-03) */
    checksOutcome: boolean;
    /** the outcome is read from the cres the merchant posts, not from the ACS's record (JY-3DS-04 forbids it) */
    trustsCres: boolean;
    /** the second step completes an authentication once (JY-3DS-05) */
    completesOnce: boolean;
    /** without MERCH_3D_TERM_URL the bank's page still sends the payer to the ACS (JY-3DS-07) */
    browserChallenge: boolean;
  };
  redirect: {
    /** a refused payment request still sends its result to BACKREF (JY-RED-04) */
    onError: boolean;
    /** a refused payment request whose result goes to a BACKREF with redirect=true is answered by the
     *  redirect itself (a 302 to BACKREF carrying res_code), not the error page linking there (a variant) */
    refusalRedirects: boolean;
    /** BACKREF's own query is kept (JY-RED-02) */
    keepsBackrefQuery: boolean;
    /** a declined payment's redirect carries an rrn (JY-RED-03 forbids it) */
    rrnOnFailure: boolean;
    /** a declined payment's result carries rrn empty (`rrn=`), not none (a variant: JY-SIG-15 signs an
     *  absent rrn as empty) */
    emptyRrnOnFailure: boolean;
    /** where a payment's result is sent: the request's BACKREF (JY-RED-01), or the gateway's own fixed page */
    resultToBackref: boolean;
    /** the result (redirect and server POST) carries the amount in its shortest spelling, 1500.50 as
     *  1500.5, signed as sent (a variant: JY-RED-03, JY-RED-06 echo the value) */
    amountShortest: boolean;
  };
  notify: {
    /** without redirect=true in BACKREF, the bank's server POSTs the result to BACKREF (JY-RED-01, JY-RED-05) */
    post: boolean;
    /** without redirect=true, the result goes to BACKREF through the payer's browser (a 302, as with
     *  redirect=true) and no server POST is sent (a defect: JY-RED-05) */
    browserOnly: boolean;
    /** the notification's HTTP method: POST with a form body (JY-RED-05), GET with a query, or JSON (a
     *  POST of a JSON object) */
    method: 'POST' | 'GET' | 'JSON';
    /** result fields (or sign) left out of the notification (JY-RED-06: none) */
    omit: readonly string[];
    /** how the notification's sign base is built (JY-RED-07: as the redirect's) */
    signBase: BaseOptions;
    /** the notification carries the full card number in a field `card`, or ('half') its first 6 and
     *  last 6 digits (JY-RED-08 forbids both) */
    withPan: boolean | 'half' | 'masked';
  };
  pages: {
    /** the result page after card data (crd_* or the card form) carries the full card number in an HTML
     *  comment (JY-PAY-23 forbids it) */
    panOnResultPage: boolean;
  };
  orders: {
    /** status / cancel of an unknown ORDER is refused with code 12 (JY-STA-04, JY-REV-05) */
    unknownStatusRefused: boolean;
    unknownCancelRefused: boolean;
    /** the code of an unknown ORDER in status, cancel and confirm: 12 "Неправильное значение в поле ORDER",
     *  or 99 "Другая ошибка : %s" (a variant: the seed names neither for it) */
    unknownOrderCode: 12 | 99;
    /** <operation> carries status, status_desc, amount and currency only (a variant: digest §A7 names
     *  no required element; create_date and rev_max_amount absent) */
    minimalOperation: boolean;
    /** <operation><amount> as registered, not normalised to two decimals (a variant: the same value) */
    amountAsRegistered: boolean;
    /** <operation><amount> in tiyn written as tenge: 700 shown as 70000.00 (JY-STA-03 forbids: not as registered) */
    amountInTiyn: boolean;
    /** <operation><currency> as the numeric ISO 4217 code, KZT shown as 398 (a variant: JY-STA-03 takes the
     *  same currency by its number) */
    currencyNumeric: boolean;
    /** a known order's status answered with code 0 and its description but no <operation> (JY-STA-02 forbids) */
    statusWithoutOperation: boolean;
    /** REV_AMOUNT never above what is left to refund (JY-REV-03) */
    refundCapped: boolean;
    /** a partial cancel leaves the rest refundable (JY-REV-04) */
    partialRefund: boolean;
    /** REV_AMOUNT compared with what is left as text ("400" > "1000.00"), so a partial cancel is refused
     *  as too large (JY-REV-04 forbids it) */
    refundComparedAsText: boolean;
    /** a pre-authorisation is confirmed once (JY-CNF-04) */
    confirmOnce: boolean;
    /** a confirm AMOUNT above the authorised amount is refused (JY-CNF-03) */
    confirmCapped: boolean;
    /** a confirm without AMOUNT confirms the whole amount (JY-CNF-01: AMOUNT is optional) */
    confirmWithoutAmount: boolean;
    /** a confirm of a pre-authorisation cancelled before is refused (JY-CNF-04) */
    confirmAfterCancelRefused: boolean;
    /** a cancel of an order never paid (declined, or its card page still open) is refused (JY-REV-06) */
    cancelUnpaidRefused: boolean;
    /** <operation> of a card payment carries the full card number in <card_number> (JY-PAY-23 forbids it) */
    panInStatus: boolean;
    /** how many of the card's last digits card_masked shows after its first 6 (4; more: JY-PAY-23 forbids it) */
    maskedTail: number;
    /** the period list includes DATE_TO's last second (JY-LST-02) */
    listIncludesDateTo: boolean;
    /** the period list carries its first order twice (JY-LST-02 forbids it: one rec per order) */
    listFirstTwice: boolean;
    /** the element each order of the period list is written as: rec (JY-LST-02); 'operation' is Go's
     *  encoding/xml reusing the status reply's struct, whose XMLName wins over the field's tag (probe 25) */
    listRecTag: string;
    /** a status request may carry LANGUAGE (JY-STA-01) */
    statusTakesLanguage: boolean;
    /** the form DATE_FROM / DATE_TO are read in: dd.MM.yyyy HH:mm:ss (JY-LST-01) or ISO yyyy-MM-dd HH:mm:ss */
    listDateIso: boolean;
    /** REV_DESC may carry line breaks, C(1-400) (JY-REV-01) */
    revDescLineBreaks: boolean;
  };
}

export const DEFAULT_JYSAN_POLICY: JysanPolicy = {
  signature: {
    verifyPayment: true,
    base: { payment: {}, status: {}, list: {}, cancel: {}, confirm: {}, redirect: {} },
    showsOrderOnBadStatusSign: false,
    amountTwoDecimals: false,
    trimsValues: false,
    uppercaseHex: false,
    showsOnRefusal: null,
    verifiedFirst: false,
    afterRegistering: false,
    fieldsCheckedFirst: false,
    unverified: [],
    orderAsNumber: false,
    emptyExtendedAsAbsent: false,
    emailBackrefSwapped: false,
    anyHexCase: false,
  },
  fields: {
    codeInsteadOf: {},
    tooLongCode: null,
    ownFieldCodes: false,
    formUnchecked: {},
    paymentLanguages: ['ru', 'en'],
    checkLanguage: true,
    anyGetstatus: false,
    lengthUnit: 'chars',
    truncatedTo: {},
    refusedExtraFields: [],
    refuseZeroLedOrder: false,
    currencyAnySpelling: false,
    strictEmail: false,
    unknownLanguageAs99: false,
  },
  messages: {
    defaultLanguage: 'ru',
    alwaysEnglish: false,
    showValues: true,
    signatureMessage: null,
    xmlErrorDescription: true,
    xmlSignatureMessageOf: null,
    signatureCodeOnPage: 21,
  },
  wire: {
    errorHttpStatus: 200,
    errorPageAsText: false,
    statusAsText: false,
    extraReplyElements: false,
    cardPageAsText: false,
    cardPage: 'reference',
    cancelReplyDescription: true,
    xmlUnescaped: false,
  },
  payment: {
    unknownMerchantCode: 17,
    checkTerminal: true,
    checkCurrency: true,
    unsupportedCurrencyCode: 14,
    terminalCurrencies: null,
    currencyCheckedFirst: false,
    refuseZeroAmount: true,
    amountLimit: true,
    refuseReusedOrder: true,
    refuseReusedNonce: false,
    cardPadding: 'pkcs1',
    plaintextPan: false,
    checkCardExpiry: true,
    checkCardType: true,
    cardPageWithCardData: false,
    partialCardDataPage: false,
    autoConfirm: true,
    outageCodes: { service: 11, mpi: 15, db: 16 },
    outageRegistersOrder: false,
    crashOnNonDigitOrder: false,
    checkRate: true,
    declineCode: 99,
    declineText: 'template',
  },
  threeDs: {
    challengeMd: true,
    returnsToTermUrl: true,
    checksOutcome: true,
    trustsCres: false,
    completesOnce: true,
    browserChallenge: true,
  },
  redirect: {
    onError: true,
    refusalRedirects: false,
    keepsBackrefQuery: true,
    rrnOnFailure: false,
    emptyRrnOnFailure: false,
    resultToBackref: true,
    amountShortest: false,
  },
  notify: { post: true, browserOnly: false, method: 'POST', omit: [], signBase: {}, withPan: false },
  pages: { panOnResultPage: false },
  orders: {
    unknownStatusRefused: true,
    unknownCancelRefused: true,
    unknownOrderCode: 12,
    minimalOperation: false,
    amountAsRegistered: true,
    amountInTiyn: false,
    currencyNumeric: false,
    statusWithoutOperation: false,
    refundCapped: true,
    partialRefund: true,
    refundComparedAsText: false,
    confirmOnce: true,
    confirmCapped: true,
    confirmWithoutAmount: true,
    confirmAfterCancelRefused: true,
    cancelUnpaidRefused: true,
    panInStatus: false,
    maskedTail: 4,
    listIncludesDateTo: true,
    listFirstTwice: false,
    listRecTag: 'rec',
    statusTakesLanguage: true,
    listDateIso: false,
    revDescLineBreaks: true,
  },
};
