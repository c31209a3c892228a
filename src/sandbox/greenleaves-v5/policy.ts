import type { HmacAlg } from '../../protocols/greenleaves-v5/index.ts';

/** What the v5 reference gateway does, knob by knob; each names the rule(s) it implements.
 *  DEFAULT_GREENLEAVES_V5_POLICY is the seed-faithful reference; defects.ts patches it. */
export interface GreenleavesV5Policy {
  headers: {
    checkContentType: boolean; // V5-HDR-01
    checkAccept: boolean; // V5-HDR-02
    /** the Accept values taken: application/json alone (the seed's value), or (a variant) any Accept
     *  admitting JSON as RFC 9110 §12.5.1 reads it (a list naming it, a wildcard, none at all) */
    accept: 'seed-value' | 'rfc9110'; // V5-HDR-02
    /** X-Action missing or empty is refused (1104), not read as the URL's own operation */
    actionRequired: boolean; // V5-HDR-03
    /** an X-Action unknown on this URL is refused, not read as the URL's own operation */
    unknownActionRefused: boolean; // V5-ACT-05
    /** what X-Request-Id must be: any non-empty value, a UUID, or a UUID v7 */
    requestId: 'any' | 'uuid' | 'uuid-v7'; // V5-HDR-04, V5-HDR-05
    /** Accept-Language other than ru / en refused (1102) */
    checkAcceptLanguage: boolean; // V5-HDR-06
    /** HTTP methods processed */
    methods: readonly string[]; // V5-URL-04
    /** Content-Type, Accept and X-Request-Id judged after the signature (a defect), not before */
    afterSignature: boolean; // V5-ERR-03
  };
  signature: {
    /** a request without X-JWS-Signature is refused (otherwise taken as the first merchant's) */
    required: boolean; // V5-HDR-07
    /** accepted algs */
    algs: readonly HmacAlg[]; // V5-JWS-05
    acceptsAlgNone: boolean; // V5-JWS-05
    /** alg is read (otherwise every token is verified as HS256, whatever its header names: a defect) */
    readsAlg: boolean; // V5-JWS-14
    acceptsEmptyKey: boolean; // V5-JWS-04
    /** what the signature is verified over: the body bytes received; or (defects) JSON re-serialised
     *  (in its order, or with its keys sorted as Go's encoding/json writes a map), the bytes trimmed of
     *  blanks at either end, or the bytes read as ISO-8859-1 and written as UTF-8 */
    body: 'received' | 'reserialised' | 'sorted' | 'php' | 'trimmed' | 'latin1'; // V5-JWS-06, V5-JWS-07
    /** the path prefix the API is served under ("" or, variants, behind an edge passing it on) and whether
     *  the JWS uri carries it (the full path called) or not (the API path): seed 000 allows both */
    prefix: string;
    uriWithPrefix: boolean; // V5-JWS-08
    /** the protected header verified: as received, or re-serialised in the documented layout */
    header: 'received' | 'reserialised'; // V5-JWS-03
    bindUri: boolean; // V5-JWS-08
    bindMethod: boolean; // V5-JWS-09
    bindAuthId: boolean; // V5-JWS-10
    /** a token that verifies with another merchant's key (bindAuthId false): the payment is that
     *  merchant's (verifier), or the one the token names (named: a defect's) */
    unboundBooksUnder: 'verifier' | 'named'; // V5-JWS-10
    /** an auth_id no merchant has: refused (1005), or taken as a new merchant keyed with the first
     *  merchant's secret_key, its payments booked under that auth_id (a defect: a tenant made on the fly) */
    unknownAuthId: 'refused' | 'new-merchant'; // V5-JWS-10
    /** every token verified with the first merchant's secret_key, whatever auth_id it names (a defect: a
     *  gateway configured with one key); booked under the merchant named, or the first for an unknown one */
    oneKey: boolean; // V5-JWS-04, V5-JWS-10
    checkParams: boolean; // V5-JWS-11
    /** base64 padding stripped from the token's segments before verifying */
    stripsPadding: boolean; // V5-JWS-12
    /** the refusal of a bad signature (1001) shows in its message, for debugging, the merchant's
     *  secret_key, or the signature the request should have carried (V5-JWS-15 forbids both: null) */
    refusalShows: 'secret' | 'expected-signature' | null;
  };
  idempotency: {
    /** a badly signed request's reply is recorded under its X-Request-Id */
    recordsRefused: boolean; // V5-JWS-13
    /** the recorded replies are looked up before the signature is checked: a badly signed request
     *  repeating a recorded one (X-Request-Id, path, X-Action, body) gets its reply */
    replaysUnsigned: boolean; // V5-JWS-13
    /** a replay keeps the original reply's X-Datetime */
    replayKeepsDatetime: boolean; // V5-IDEM-01
    /** a reused X-Request-Id with another request is refused (1105) */
    refuseReuse: boolean; // V5-IDEM-02
    perMerchant: boolean; // V5-IDEM-03
  };
  body: {
    /** amounts with at most 2 decimals */
    strictAmounts: boolean; // V5-BODY-06
    refuseUnknownFields: boolean; // V5-BODY-02
    /** a create's order_id trimmed of blanks at its ends before it is validated and stored (a defect) */
    trimsOrderId: boolean; // V5-BODY-02
    /** a create's currency upper-cased before it is validated ("kzt" taken as KZT: a defect) */
    foldsCurrencyCase: boolean; // V5-BODY-02
    clearingAmountRequired: boolean; // V5-BODY-04
    /** an empty body is malformed JSON (1106), or read as {} */
    emptyBody: 'malformed' | 'empty-object'; // V5-ERR-01
    /** a JSON array is malformed (1106), or its first element is taken as the body */
    arrayBody: 'malformed' | 'first-element'; // V5-BODY-05
    /** a read with id and order_id needs both to match */
    readMatchesOrderId: boolean; // V5-BODY-03
  };
  payments: {
    refuseDuplicateOrder: boolean; // V5-FLOW-06
    declineCardsDecline: boolean; // V5-CARD-01
    unknownPanDeclined: boolean; // V5-CARD-03
    /** auto_clearing: true clears (only false holds) */
    explicitAutoClearingClears: boolean; // V5-FLOW-01
    /** what an absent auto_clearing does: clear (true) or authorise only (a variant: seed 000 documents
     *  no default) */
    autoClearingDefault: boolean;
    cardTokenIsPan: boolean; // V5-FMT-03
    clearingCapped: boolean; // V5-FLOW-02
    /** amount stays the authorised amount after a clearing */
    amountStaysAuthorised: boolean; // V5-FMT-02
    reverseAuthorisedOnly: boolean; // V5-FLOW-03
    refundCapped: boolean; // V5-FLOW-04
    /** what a refund is capped by: the cleared amount, or (a defect) the authorised amount */
    refundLimit: 'cleared' | 'amount'; // V5-FLOW-04
    /** a card whose table says no refund is declined */
    cardRefundFlag: boolean; // V5-CARD-02
    unknownEditCode: number; // V5-ERR-01
    /** an edit of an unknown payment answered success with the ids it named (a defect) */
    unknownEditSucceeds: boolean; // V5-FLOW-05
  };
  /** saved cards, recurring set-up and the transaction history (objects.ts) */
  objects: {
    /** card_token only when from.save is true (otherwise on every authorised payment) */
    saveNeedsFlag: boolean; // V5-REC-01
    /** what from.recurrent.lifetime counts */
    lifetimeUnit: 'months' | 'days'; // V5-REC-02
    /** a lifetime above 156 refused (the schema's maximum) */
    lifetimeCapped: boolean; // V5-REC-03
    /** clearing, reverse and refund recorded in the history (otherwise only the create) */
    historyEdits: boolean; // V5-OBJ-01
    /** the create is the history's first entry (a variant records the edits only) */
    historyRecordsCreate: boolean; // V5-OBJ-02
    /** a history entry's amount: the operation's own, or the payment's running total */
    historyAmount: 'operation' | 'running-total'; // V5-OBJ-02
  };
  replies: {
    echoRequestId: boolean; // V5-RSP-02
    /** the version of the fresh X-Request-Id of a reply to a request without a usable one (variant: 4) */
    freshRequestIdVersion: 7 | 4; // V5-RSP-02
    /** X-Request-Id on refusals too */
    refusalRequestId: boolean; // V5-RSP-01
    /** X-Datetime: RFC 3339 UTC with ms, none, without offset, or (variants) local +05:00, an HTTP-date */
    datetime: 'utc' | 'none' | 'no-offset' | 'local-offset' | 'http-date'; // V5-RSP-03, V5-RSP-04
    /** X-Request-Status: the outcome, none, always success, or (a variant) the outcome in capitals */
    requestStatus: 'outcome' | 'none' | 'always-success' | 'outcome-caps'; // V5-RSP-05, V5-RSP-06
    /** X-Request-Id, X-Datetime, X-Request-Status on replies to malformed requests too (1101, 1102,
     *  1106, 1107), or none there, as a web framework answering before the API (a defect) */
    malformedHeaders: boolean; // V5-RSP-08
    jsonAsTextPlain: boolean; // V5-RSP-07
    /** a body's amount written a second time, the same value, in replies and callbacks (a defect) */
    amountTwice: boolean; // V5-RSP-07, V5-CB-01, V5-CB-03
    /** body layout (variant: pretty-printed, keys sorted) */
    layout: 'compact' | 'pretty-sorted';
    headerCase: 'lower' | 'upper';
    /** fields of its own in every reply body (variant) */
    extraFields: boolean;
    /** "error": null in every success body (variant: a PHP habit of printing every key) */
    nullErrorMember: boolean;
    /** description, user_id, card_token in payment replies (variant leaves them out) */
    optionalPaymentFields: boolean;
    /** the character masking the middle digits of masked_pan (variant: X, the vendor's own, seed 001) */
    maskChar: '*' | 'X';
    /** masked_pan in dash-separated groups of 4 (variant: the vendor's own form, seed 001 "5483-18XX-XXXX-0293") */
    maskDashed: boolean;
    /** status words on the wire in place of payment.schema.json's own (variant; none: its own) */
    statusWords: Readonly<Record<string, string>>; // V5-FMT-02
    /** auto_clearing written as the text "true"/"false" in payment replies (a defect) */
    autoClearingAsText: boolean; // V5-FMT-01
    /** the error object without its name (error.schema.json requires it: a defect) */
    errorWithoutName: boolean; // V5-FMT-04
    /** ru message in Russian (not the English text) */
    ruMessages: boolean; // V5-ERR-02
    violationsReversed: boolean; // V5-ERR-01
    /** HTTP status of refusals: per code (errors.json), or this one */
    refusalHttpStatus: 'per-code' | number; // V5-ERR-04
    /** a cause's code on the wire replaced by another code of errors.json (its name and HTTP status;
     *  the message stays the cause's): a defect's or a variant's codes */
    wireCodes: Readonly<Record<string, number>>; // V5-ERR-01
    /** every refusal HTTP 400 with one code of the gateway's own (1000 bad-request), the message
     *  the cause's (variant) */
    genericRefusals: boolean; // V5-ERR-01, V5-ERR-04
    /** refusal body: the error object, or a variant's form */
    refusalBody: 'error-object' | 'bare-text' | 'status-field' | 'opaque' | 'flat-error';
  };
  /** urls.check_url / urls.result_url of a create (all INFERRED: src/protocols/greenleaves-v5/callbacks.ts) */
  callbacks: {
    /** result_url gets the payment once the create has its outcome */
    result: boolean; // V5-CB-01
    /** the result_url body adds the card as the payer sent it: full PAN and cardholder name (a defect) */
    carriesCard: boolean; // V5-FMT-03
    /** callbacks carry X-JWS-Signature, its uri the path of the URL called (or, a defect, /v5/g2g/create) */
    signed: boolean; // V5-CB-02
    signedUri: 'called' | 'create'; // V5-CB-02
    /** check_url is asked before authorising */
    check: boolean; // V5-CB-03
    /** anything but an "ok" answer from check_url declines the payment */
    honoursCheck: boolean; // V5-CB-03
    /** a create replayed under its X-Request-Id calls result_url again (a defect) */
    onReplay: boolean; // V5-CB-04
    /** a check_url the sandbox does not call (not loopback): skipped, or (a variant) taken as called and
     *  unreachable, so the payment is declined as one the merchant did not approve */
    uncalledCheck: 'skipped' | 'unreachable'; // V5-CB-03
    /** the decline of a payment check_url did not approve: the issuer's 4001, or (a variant) a code of
     *  the gateway's own naming check_url (4002 rejected-by-merchant, as a probe's gateway) */
    merchantDecline: 'issuer' | 'own-code';
  };
}

export const DEFAULT_GREENLEAVES_V5_POLICY: GreenleavesV5Policy = {
  headers: {
    checkContentType: true,
    checkAccept: true,
    accept: 'seed-value',
    actionRequired: true,
    unknownActionRefused: true,
    requestId: 'uuid',
    checkAcceptLanguage: false,
    methods: ['POST'],
    afterSignature: false,
  },
  signature: {
    required: true,
    algs: ['HS256'],
    acceptsAlgNone: false,
    readsAlg: true,
    acceptsEmptyKey: false,
    body: 'received',
    prefix: '',
    uriWithPrefix: false,
    header: 'received',
    bindUri: true,
    bindMethod: true,
    bindAuthId: true,
    unboundBooksUnder: 'verifier',
    unknownAuthId: 'refused',
    oneKey: false,
    checkParams: true,
    stripsPadding: false,
    refusalShows: null,
  },
  idempotency: {
    recordsRefused: false,
    replaysUnsigned: false,
    replayKeepsDatetime: true,
    refuseReuse: true,
    perMerchant: true,
  },
  body: {
    strictAmounts: true,
    refuseUnknownFields: true,
    trimsOrderId: false,
    foldsCurrencyCase: false,
    clearingAmountRequired: true,
    emptyBody: 'malformed',
    arrayBody: 'malformed',
    readMatchesOrderId: true,
  },
  payments: {
    refuseDuplicateOrder: true,
    declineCardsDecline: true,
    unknownPanDeclined: true,
    explicitAutoClearingClears: true,
    autoClearingDefault: true,
    cardTokenIsPan: false,
    clearingCapped: true,
    amountStaysAuthorised: true,
    reverseAuthorisedOnly: true,
    refundCapped: true,
    refundLimit: 'cleared',
    cardRefundFlag: true,
    unknownEditCode: 3001,
    unknownEditSucceeds: false,
  },
  objects: {
    saveNeedsFlag: true,
    lifetimeUnit: 'months',
    lifetimeCapped: true,
    historyEdits: true,
    historyRecordsCreate: true,
    historyAmount: 'operation',
  },
  replies: {
    echoRequestId: true,
    freshRequestIdVersion: 7,
    refusalRequestId: true,
    datetime: 'utc',
    requestStatus: 'outcome',
    malformedHeaders: true,
    jsonAsTextPlain: false,
    amountTwice: false,
    layout: 'compact',
    headerCase: 'lower',
    extraFields: false,
    nullErrorMember: false,
    statusWords: {},
    optionalPaymentFields: true,
    maskChar: '*',
    maskDashed: false,
    autoClearingAsText: false,
    errorWithoutName: false,
    ruMessages: true,
    violationsReversed: false,
    refusalHttpStatus: 'per-code',
    wireCodes: {},
    genericRefusals: false,
    refusalBody: 'error-object',
  },
  callbacks: {
    result: true,
    carriesCard: false,
    signed: true,
    signedUri: 'called',
    check: true,
    honoursCheck: true,
    onReplay: false,
    uncalledCheck: 'skipped',
    merchantDecline: 'issuer',
  },
};
