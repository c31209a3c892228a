import type { FlattenOrder } from '../../protocols/greenleaves/index.ts';

/** What the greenleaves (g2g) reference gateway does, knob by knob; each names the rule(s) it
 *  implements. DEFAULT_GREENLEAVES_POLICY is the seed-faithful reference; defects.ts patches it. */
export interface GreenleavesPolicy {
  signature: {
    /** verify pg_sig at all (GL-SIG-03, GL-SIG-04, GL-SIG-05, GL-SIG-06, GL-SIG-07, GL-SIG-09, GL-SIG-10, GL-ERR-01, GL-TX-08) */
    verify: boolean;
    /** verify pg_sig of a request sent as pg_xml too (a defect skips it there) */
    verifiesPgXml: boolean; // GL-SIG-04
    /** the fields pg_sig is verified over: all received, or the pg_ ones */
    signedFields: 'all' | 'pg-only'; // GL-SIG-04
    order: FlattenOrder; // GL-SIG-06
    caseInsensitive: boolean; // GL-SIG-07
    /** the MD5 hex compared keeps its leading zeros (a defect drops them, as Java's BigInteger.toString(16)) */
    hexLeadingZero: boolean; // GL-SIG-02
    /** the values are hashed as received (a defect trims the blanks at either end first, as PHP's trim()) */
    valuesAsReceived: boolean; // GL-SIG-02
    charset: 'utf8' | 'latin1'; // GL-SIG-08
    /** every request is verified with this script name instead of the called one (a defect) */
    fixedScript: string | null; // GL-SIG-03
    /** the script name is the first element of the signed string, of requests and replies (a defect
     *  leaves it out both ways: md5(v1;…;vn;secret), probe 25's Go gateway) */
    scriptSigned: boolean; // GL-SIG-02, GL-SIG-03
    /** a classic endpoint is verified (and its reply signed) with the file name including .php */
    classicScriptWithPhp: boolean; // GL-TX-08
    /** other signature strings accepted besides the right one */
    alsoAccepts: {
      scriptNameAnyCase: boolean; // GL-SIG-03
      nestedAsEmpty: boolean; // GL-SIG-05
      skippedEmpty: boolean; // GL-SIG-09
      foldedOrder: boolean; // GL-SIG-10
    };
  };
  transport: {
    acceptsMultipart: boolean; // GL-TX-01
    acceptsPgXml: boolean; // GL-TX-05
    /** the classic script endpoints at the host root (init_payment.php, …) */
    classicEndpoints: boolean; // GL-TX-07
    /** a '+' in a urlencoded body is a space (a defect reads it as '+') */
    plusAsSpace: boolean; // GL-TX-01
  };
  fields: {
    /** pg_salt is required */
    saltRequired: boolean; // GL-SIG-01
    /** the charsets of the field tables are enforced (they are advice to the merchant) */
    enforceAdvisedCharsets: boolean; // GL-PAY-09
    /** documented parameters of other sections are refused */
    refuseOtherSectionParams: boolean; // GL-PAY-10
    /** an optional documented field sent empty counts as not sent */
    emptyOptionalAsAbsent: boolean; // GL-PAY-11
    /** per request schema, the fields whose length limit is not enforced
     *  (GL-PAY-02, GL-PAGE-03, GL-ANY-03, GL-INV-02, GL-TOK-03, GL-CARD-03) */
    lengthUnchecked: Partial<Record<string, readonly string[]>>;
    /** per request schema, optional fields whose values are not checked at all (a variant) */
    unchecked: Partial<Record<string, readonly string[]>>;
    /** currencies taken besides the documented ones */
    extraCurrencies: readonly string[]; // GL-PAY-07
    /** pg_user_phone must be a Kazakhstan mobile (7 + 10 digits): a gateway's own bound where the
     *  documents give none (the schemas' 8..15 is ours, x-ours); the field checks must not blame it */
    kzPhoneOnly: boolean;
  };
  errors: {
    badSignatureCode: number; // GL-ERR-01: 1100
    /** an unknown merchant's code */
    unknownMerchantCode: number; // GL-SIG-13: 9998
    /** a declined /g2g/payment authorisation's code */
    cardDeclineCode: number; // GL-ERR-03: 10001
    /** status of an unknown payment */
    statusNotFoundCode: number; // GL-ERR-05: 340
    /** refund of an unknown payment */
    refundNotFoundCode: number; // GL-ERR-04: 340
    /** the field-violation description names the field */
    namesField: boolean; // GL-PAY-03
    /** the code of a field violation (errors.json: 9999; a defect answers 1100, the bad signature's) */
    fieldViolationCode: number; // GL-PAY-03
    /** the code of a violation of a card-data field (errors.json alsoAccepted: 9999, or 10005 "wrong card data") */
    cardFieldViolationCode: number; // GL-PAY-03
    /** business errors (not 9999 / 1100) carry pg_error_description */
    businessDescription: boolean; // GL-ERR-02
    /** error replies of a known merchant are signed */
    signed: boolean; // GL-SIG-11, GL-SIG-14
    /** the reply to a badly signed request is signed (a variant leaves it unsigned) */
    badSignatureSigned: boolean; // GL-SIG-14
    /** the reply to a badly signed request shows, in pg_error_description for debugging, the signature
     *  base with the secret_key, or the pg_sig the request should have carried (GL-SIG-17 forbids both: null) */
    badSignatureShows: 'secret' | 'expected-sig' | null;
    /** HTTP status of error replies (a variant: 400) */
    httpStatus: number; // GL-TX-03
  };
  replies: {
    /** the script name replies are signed with: the called one (null) or this one */
    scriptName: string | null; // GL-SIG-12
    /** put before the called script name replies are signed with ("", a defect: "g2g/") */
    scriptPrefix: string; // GL-SIG-12
    /** the pg_status word of a reply that took the request ("ok"; a defect: "success") */
    okWord: string; // GL-TX-09
    root: 'response' | 'result'; // GL-TX-06
    /** an undocumented pg_trace_id in replies and callbacks (a variant) */
    traceId: boolean;
    /** pg_sig over the values PHP's array_filter keeps: no "0", no empty value (a defect) */
    signsFalsy: boolean; // GL-SIG-11
    /** a new pg_salt in every reply (false: the same one every time, a defect) */
    freshSalt: boolean; // GL-SIG-16
    /** the pg_salt of every success reply: a new one (null) or this one, error replies keeping theirs new (a defect) */
    successSalt: string | null; // GL-SIG-16
    /** the Content-Type of every reply (the live gateway's text/xml; a defect: text/html) */
    mediaType: string; // GL-TX-10
    /** the script names whose replies get another pg_salt after pg_sig was made over the first (a defect
     *  per endpoint: the salt set after signing) */
    saltAfterSigning: readonly string[]; // GL-SIG-11
    /** pg_salt's length in replies and in the calls to a shop ("any length" per the docs; a variant:
     *  100, beyond our 64) */
    saltLength: number;
    /** an undocumented nested element in success replies (a variant; signed recursively, digest §2.1) */
    nestedExtra: boolean;
    /** how many times the undocumented repeated element (<pg_fee>) of nestedExtra repeats */
    repeatedExtra: number;
    /** the order nested reply values are signed in (open: digest open question 2; a variant: natural) */
    order: FlattenOrder; // GL-SIG-06
    /** values pasted between their tags as they are, no &lt; &amp; (a defect, whose field errors then show
     *  the bound as probe17's Ruby gateway did: "pg_description <= 1024"): such a reply is not XML */
    unescaped: boolean; // GL-TX-02
    /** a classic endpoint's reply is signed with its file name including .php (a defect: without) */
    classicWithPhp: boolean; // GL-SIG-12
  };
  payment: {
    /** pg_auto_clearing=0 leaves the payment for /g2g/clearing */
    twoStep: boolean; // GL-PAY-05
    /** a card that declines authorisation is refused */
    honoursDecline: boolean; // GL-PAY-04
    /** 3-D Secure cards go through the ACS */
    threeDs: boolean; // GL-PAY-06
    /** pg_payment_id in the success reply of /g2g/payment and of /g2g/paymentAcs */
    paymentIdInReply: boolean; // GL-PAY-01
    paymentIdInAcsReply: boolean; // GL-ACS-01
    /** pg_3ds, pg_auth_code, pg_reference in those replies (a variant leaves them out) */
    optionalReplyFields: boolean;
    /** pg_datetime of the /g2g/payment success reply with its offset */
    datetimeOffset: boolean; // GL-PAY-08
    /** pg_datetime in the /g2g/payment and /g2g/paymentAcs success replies (optional: seed 001 lists no
     *  reply fields; a variant leaves it out) */
    datetime: boolean;
    /** the success reply shows the card number as sent, in full (a defect; the clean reply shows none) */
    fullPanInReply: boolean; // GL-PAY-12
    /** a /g2g/payment request is taken twice (a defect, probe20's edge retrying every POST): two payments of
     *  the order, each with its result_url call, the reply of the second. No rule of the seed forbids it
     *  (it asks nothing of one payment per request); the callback rules must not read the second payment's
     *  call as a retry of the first's (GL-CB-05, -06, -07, -10) */
    takenTwice: boolean;
    /** the /g2g/payment success reply says pg_status=pending (the "Process" example, digest §3.1; a variant):
     *  the payment is taken, status_v2 tells its outcome */
    pendingReply: boolean;
  };
  token: {
    requiresCvc: boolean; // GL-TOK-01
    /** the token is charged only for its own pg_user_id */
    checksUser: boolean; // GL-TOK-02
  };
  acs: {
    /** paymentAcs refuses a payment already completed */
    refusesReplay: boolean; // GL-ACS-03
    mdRequired: boolean; // GL-ACS-02
    /** the ACS posts MD back to TermUrl */
    returnsMd: boolean; // GL-ACS-04
  };
  hosted: {
    invoiceRedirectUrl: boolean; // GL-INV-01
    /** pg_redirect_url in the any_amount / payment_page replies */
    anyAmountRedirectUrl: boolean; // GL-ANY-01
    pageRedirectUrl: boolean; // GL-PAGE-01
    /** pg_redirect_url_type in the any_amount / payment_page replies (optional: seed 001 lists no reply
     *  fields; a variant leaves it out) */
    anyAmountUrlType: boolean;
    pageUrlType: boolean;
    /** the page closes after pg_lifetime */
    expires: boolean; // GL-PAGE-02
    /** the amount form keeps to pg_amount_interval_from/to */
    amountInterval: boolean; // GL-ANY-02
  };
  /** the payer's return from the hosted page to pg_success_url / pg_failure_url */
  returns: {
    /** the return waits for the merchant's answer to result_url: rejected → failure URL */
    followsAnswer: boolean; // GL-RET-01
    /** the return URL carries pg_payment_id (with pg_order_id, the merchant's params, pg_salt, pg_sig) */
    paymentId: boolean; // GL-RET-02
    /** the script name the return is signed with: the return URL's (null) or this one */
    scriptName: string | null; // GL-RET-03
    /** a rejected answer's pg_description is shown to the payer */
    showsDescription: boolean; // GL-RET-04
    /** the payer of a payment that failed goes to the failure URL */
    failedToFailure: boolean; // GL-RET-06
    /** pg_success_url_method / pg_failure_url_method POST: the return posts its fields */
    postMethod: boolean; // GL-RET-05
    /** the failure return carries pg_error_code / pg_error_description (a variant) */
    errorFields: boolean;
  };
  savedCard: {
    /** stage 2 finds the initialised payment */
    findsPayment: boolean; // GL-CARD-01
    paysOnce: boolean; // GL-CARD-02
  };
  /** the card list, the saved-card payment with CVC entry (recurring.ts) */
  cards: {
    /** the status word of a confirmed card in the list */
    approvedStatus: string; // GL-CARD-04: approved
    /** the list shows pg_card_hash masked (first 6, last 4) */
    masksPan: boolean; // GL-CARD-05
    /** the list shows the cards of the pg_user_id asked for only */
    ownOnly: boolean; // GL-CARD-06
    /** a card whose first payment is not complete is listed as approved */
    unconfirmedApproved: boolean; // GL-CARD-07
    /** stage 2 with CVC entry answers with the CVC form (else it charges at once) */
    cvcForm: boolean; // GL-CARD-08
    /** the CVC entered must be the card's */
    cvcChecked: boolean; // GL-CARD-09
  };
  /** recurring profiles and /g2g/recurrent (recurring.ts) */
  recurring: {
    /** an accepted payment with pg_recurring_start=1 gets a pg_recurring_profile */
    createsProfile: boolean; // GL-REC-01
    /** the /g2g/recurrent reply carries pg_recurring_profile */
    profileInReply: boolean; // GL-REC-02
    /** only profiles this gateway created are charged */
    checksProfile: boolean; // GL-REC-04
    /** a profile ends after pg_recurring_lifetime months */
    expires: boolean; // GL-REC-05
    expiredCode: number; // GL-REC-06: 365
  };
  ops: {
    /** status_v2 (and the other operations) find a payment by pg_order_id */
    findsByOrderId: boolean; // GL-OPS-01
    /** the status of an unknown payment answers the newest payment (a lookup without its condition; a defect) */
    statusUnknownLatest: boolean; // GL-OPS-02
    /** the status of an unknown payment is pg_status ok with pg_payment_id 0 (digest §3.12: "the
     *  payment does not exist"), not an error (a variant) */
    statusUnknownAsZero: boolean; // GL-OPS-02
    clearingCapped: boolean; // GL-OPS-03
    /** a clearing of a payment already cleared captures again, adding to what was cleared (a defect) */
    clearsCleared: boolean; // GL-OPS-03
    cancelsCaptured: boolean; // GL-OPS-04
    refundCapped: boolean; // GL-OPS-05
    /** cancel keeps to the test card's capabilities */
    cancelChecksCard: boolean; // GL-OPS-06
    /** the status_v2 reply carries pg_captured (optional in its reply; a variant leaves it out) */
    statusCaptured: boolean; // GL-PAY-05
    /** the currency status_v2 reports: the payment's own (null), or this one for every payment (a defect) */
    statusCurrency: string | null; // GL-OPS-01
    /** the status_v2 reply shows the card number in full (a defect; the clean reply masks it) */
    statusFullPan: boolean; // GL-PAY-12
  };
  callbacks: {
    /** result_url is called for a failed payment too */
    onFailure: boolean; // GL-CB-01
    /** how long after a payment failed its first result_url call goes out (the payer is not held for it) */
    failureCallDelayMs: number; // GL-CB-19
    netAmount: boolean; // GL-CB-02
    /** the call carries pg_salt (seed 001's result_url sample "--form 'pg_salt=some random string'") */
    salt: boolean; // GL-CB-02
    /** the script name result_url calls are signed with: the URL's (null) or this one */
    resultScriptName: string | null; // GL-CB-03
    /** the script name check_url calls are signed with: the URL's (null) or this one */
    checkScriptName: string | null; // GL-CB-11
    /** pg_result of a failed payment's call */
    failureResult: '0' | '1'; // GL-CB-04
    /** retries after a failed call: every intervalMs, count times */
    retry: { intervalMs: number; count: number }; // GL-CB-05
    /** pg_can_reject=1 on the first call (a variant: never) and on retries */
    canRejectFirst: boolean;
    canRejectOnRetry: boolean; // GL-CB-06
    /** pg_can_reject is in every result_url call (optional per seed 001: absent allows no rejection;
     *  a defect leaves it out yet honours a rejection, GL-CB-09) */
    canRejectField: boolean; // GL-CB-09
    /** pg_can_reject=0 is written out (a variant leaves the field out where it would be 0) */
    canRejectZero: boolean;
    /** the payment's data are fixed at the first call (pg_payment_date is the payment's) */
    fixedPayload: boolean; // GL-CB-07
    honoursRejection: boolean; // GL-CB-08
    /** a rejection on a call with pg_can_reject=0 is honoured */
    honoursLateRejection: boolean; // GL-CB-09
    retriesAfterSuccess: boolean; // GL-CB-10
    checkUrl: boolean; // GL-CB-11
    maskedPan: boolean; // GL-CB-12
    /** pg_card_pan is sent at all (optional: the seed's samples carry it, no list requires it) */
    cardPan: boolean;
    merchantParams: boolean; // GL-CB-13
    /** pg_request_method GET / XML honoured for result_url (GL-CB-14, GL-CB-15) and check_url (GL-CB-16) */
    methods: { resultGet: boolean; resultXml: boolean; checkGet: boolean; checkXml: boolean };
    /** XML calls write each value as XML text (& < > escaped); a defect pastes the values in as they are */
    xmlEscaped: boolean; // GL-CB-15, GL-CB-16
    /** a check_url that does not answer in time is a refusal */
    checkTimeoutRefuses: boolean; // GL-CB-17
    /** the result_url call of a pg_testing_mode=1 payment says pg_testing_mode=1 */
    testingModeEchoed: boolean; // GL-OPS-07
    /** the payment's data in the result_url call: as sent, or (defects) the amount less a fee, the
     *  description through ISO-8859-1 (Cyrillic lost as "?"), or the amount cut to a whole number */
    paymentData: 'as-sent' | 'net-amount' | 'latin1-description' | 'whole-amount'; // GL-CB-18
    /** POST calls as multipart/form-data or (a variant) urlencoded */
    postEncoding: 'multipart' | 'urlencoded';
    /** the calls carry pg_sig (a defect sends them unsigned, pg_salt kept) */
    signed: boolean; // GL-CB-02
  };
}

export const DEFAULT_GREENLEAVES_POLICY: GreenleavesPolicy = {
  signature: {
    verify: true,
    verifiesPgXml: true,
    signedFields: 'all',
    order: 'vendor',
    caseInsensitive: false,
    hexLeadingZero: true,
    valuesAsReceived: true,
    charset: 'utf8',
    fixedScript: null,
    scriptSigned: true,
    classicScriptWithPhp: true,
    alsoAccepts: { scriptNameAnyCase: false, nestedAsEmpty: false, skippedEmpty: false, foldedOrder: false },
  },
  transport: { acceptsMultipart: true, acceptsPgXml: true, classicEndpoints: true, plusAsSpace: true },
  fields: {
    saltRequired: true,
    enforceAdvisedCharsets: false,
    refuseOtherSectionParams: false,
    emptyOptionalAsAbsent: true,
    lengthUnchecked: {},
    unchecked: {},
    extraCurrencies: [],
    kzPhoneOnly: false,
  },
  errors: {
    badSignatureCode: 1100,
    unknownMerchantCode: 9998,
    cardDeclineCode: 10001,
    statusNotFoundCode: 340,
    refundNotFoundCode: 340,
    namesField: true,
    fieldViolationCode: 9999,
    cardFieldViolationCode: 9999,
    businessDescription: true,
    signed: true,
    badSignatureSigned: true,
    badSignatureShows: null,
    httpStatus: 200,
  },
  replies: {
    scriptName: null,
    scriptPrefix: '',
    okWord: 'ok',
    root: 'response',
    traceId: false,
    signsFalsy: true,
    freshSalt: true,
    successSalt: null,
    mediaType: 'text/xml; charset=UTF-8',
    saltAfterSigning: [],
    saltLength: 16,
    nestedExtra: false,
    repeatedExtra: 2,
    order: 'vendor',
    unescaped: false,
    classicWithPhp: true,
  },
  payment: {
    twoStep: true,
    honoursDecline: true,
    threeDs: true,
    paymentIdInReply: true,
    paymentIdInAcsReply: true,
    optionalReplyFields: true,
    datetimeOffset: true,
    datetime: true,
    fullPanInReply: false,
    takenTwice: false,
    pendingReply: false,
  },
  token: { requiresCvc: false, checksUser: true },
  acs: { refusesReplay: true, mdRequired: true, returnsMd: true },
  hosted: {
    invoiceRedirectUrl: true,
    anyAmountRedirectUrl: true,
    pageRedirectUrl: true,
    anyAmountUrlType: true,
    pageUrlType: true,
    expires: true,
    amountInterval: true,
  },
  returns: {
    followsAnswer: true,
    paymentId: true,
    scriptName: null,
    showsDescription: true,
    failedToFailure: true,
    postMethod: true,
    errorFields: false,
  },
  savedCard: { findsPayment: true, paysOnce: true },
  cards: {
    approvedStatus: 'approved',
    masksPan: true,
    ownOnly: true,
    unconfirmedApproved: false,
    cvcForm: true,
    cvcChecked: true,
  },
  recurring: { createsProfile: true, profileInReply: true, checksProfile: true, expires: true, expiredCode: 365 },
  ops: {
    findsByOrderId: true,
    statusUnknownLatest: false,
    statusUnknownAsZero: false,
    clearingCapped: true,
    clearsCleared: false,
    cancelsCaptured: false,
    refundCapped: true,
    cancelChecksCard: true,
    statusCaptured: true,
    statusCurrency: null,
    statusFullPan: false,
  },
  callbacks: {
    onFailure: true,
    failureCallDelayMs: 0,
    netAmount: true,
    salt: true,
    resultScriptName: null,
    checkScriptName: null,
    failureResult: '0',
    retry: { intervalMs: 30 * 60_000, count: 4 },
    canRejectFirst: true,
    canRejectField: true,
    canRejectZero: true,
    canRejectOnRetry: false,
    fixedPayload: true,
    honoursRejection: true,
    honoursLateRejection: false,
    retriesAfterSuccess: false,
    checkUrl: true,
    maskedPan: true,
    cardPan: true,
    merchantParams: true,
    methods: { resultGet: true, resultXml: true, checkGet: true, checkXml: true },
    xmlEscaped: true,
    checkTimeoutRefuses: true,
    testingModeEchoed: true,
    paymentData: 'as-sent',
    postEncoding: 'multipart',
    signed: true,
  },
};
