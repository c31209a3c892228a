import type { PolicyDefect, PolicyVariant } from '../../reference/policy.ts';
import type { JysanPolicy } from './policy.ts';

/** Single deviations of the jysan reference gateway, each naming the rules the suite must fail on
 *  (test/meta/jysan.test.ts). A defect that breaks something many requests rely on names every
 *  rule that then fails, not only the one it is about. */
export const JYSAN_DEFECTS = [
  {
    id: 'accepts-bad-signature',
    rules: [
      'JY-SIG-02',
      'JY-SIG-03',
      'JY-SIG-04',
      'JY-SIG-05',
      'JY-SIG-07',
      'JY-SIG-08',
      'JY-SIG-09',
      'JY-SIG-10',
      'JY-ERR-09',
      'JY-ENC-03',
      'JY-REC-01',
    ],
    description: 'does not verify the P_SIGN of payment requests at all',
    patch: { signature: { verifyPayment: false } },
  },
  {
    id: 'wrong-code-too-long',
    rules: ['JY-ERR-13', 'JY-ERR-17'],
    description: 'answers a value longer than its limit with code 27 instead of 26',
    patch: { fields: { tooLongCode: 27 } },
  },
  {
    id: 'unavailable-as-99',
    rules: ['JY-ERR-20', 'JY-ERR-21', 'JY-ERR-22'],
    description: 'answers its outages (service, MPI, Db) with code 99 "Другая ошибка" instead of 11, 15, 16',
    patch: { payment: { outageCodes: { service: 99, mpi: 99, db: 99 } } },
  },
  {
    id: 'outage-uses-order',
    rules: ['JY-ERR-20', 'JY-ERR-22'],
    description: 'registers the ORDER of a request it refuses for an outage (11, 16): sent again, it gets code 18',
    patch: { payment: { outageRegistersOrder: true } },
  },
  {
    id: '3ds-challenge-no-md',
    rules: ['JY-3DS-01'],
    description: 'leaves md out of the host-to-host 3-D Secure challenge',
    patch: { threeDs: { challengeMd: false } },
  },
  {
    id: '3ds-ignores-term-url',
    rules: ['JY-3DS-02'],
    description: "has the ACS post cres to the bank's own termUrl instead of the merchant's MERCH_3D_TERM_URL",
    patch: { threeDs: { returnsToTermUrl: false } },
  },
  {
    id: '3ds-failed-challenge-paid',
    rules: ['JY-3DS-03'],
    description: 'completes the authorisation at the second step even when the payer failed the challenge',
    patch: { threeDs: { checksOutcome: false } },
  },
  {
    id: '3ds-trusts-cres',
    rules: ['JY-3DS-04'],
    description:
      "reads the 3-D Secure outcome from the cres the merchant posts (transStatus) instead of the ACS's record",
    patch: { threeDs: { trustsCres: true } },
  },
  {
    id: '3ds-second-step-replay',
    rules: ['JY-3DS-05'],
    description: 'completes the second 3-D Secure step again when the same cres is posted twice',
    patch: { threeDs: { completesOnce: false } },
  },
  {
    id: '3ds-browser-unauthenticated',
    rules: ['JY-3DS-07'],
    description:
      'pays an enrolled card in the browser flow (no MERCH_3D_TERM_URL) without sending the payer to the ACS',
    patch: { threeDs: { browserChallenge: false } },
  },
  {
    id: '3ds-term-url-unchecked',
    rules: ['JY-3DS-06'],
    description: 'takes a MERCH_3D_TERM_URL that is not an http(s) URL',
    patch: { fields: { formUnchecked: { MERCH_3D_TERM_URL: true } } },
  },
  {
    id: 'ignores-missing-rate',
    rules: ['JY-ERR-23'],
    description: 'takes a payment in a currency it has no exchange rate for instead of answering code 22',
    patch: { payment: { checkRate: false } },
  },
  {
    id: 'signs-language',
    rules: ['JY-SIG-04'],
    description: 'verifies the payment P_SIGN with LANGUAGE included after NONCE when LANGUAGE is sent',
    patch: { signature: { base: { payment: { withLanguage: true } } } },
  },
  {
    id: 'signs-language-always',
    rules: ['JY-SIG-04'],
    description:
      'verifies the payment P_SIGN with LANGUAGE after NONCE, where the field table lists it, an absent LANGUAGE as an empty value and its \';\' (PHP\'s $_POST["LANGUAGE"].";"): every request signed as documented is refused',
    patch: { signature: { base: { payment: { withLanguage: 'always' } } } },
  },
  {
    id: 'bad-signature-uses-order',
    rules: ['JY-ERR-09'],
    description:
      'registers the ORDER of a payment request before it verifies the P_SIGN: a badly signed request is refused (21) but uses its ORDER up, and the next request with it gets 18 (probe 22)',
    patch: { signature: { afterRegistering: true } },
  },
  {
    id: 'signs-trimmed-values',
    // a blank value the properties send (DESC ' ', PAYMENT_TO ' ') is refused too: JY-SIG-01, JY-REC-01
    rules: ['JY-SIG-10', 'JY-SIG-01', 'JY-REC-01'],
    description:
      'trims every payment value of blanks at either end before it verifies the P_SIGN: a DESC sent with a blank at either end and signed as sent is refused (probe 22)',
    patch: { signature: { trimsValues: true } },
  },
  {
    id: 'keeps-crlf',
    rules: ['JY-SIG-03'],
    description: 'verifies the payment P_SIGN over DESC and DESC_ORDER with their CR and LF kept',
    patch: { signature: { base: { payment: { stripLineBreaks: false } } } },
  },
  {
    id: 'limits-in-bytes',
    rules: ['JY-PAY-09'],
    description:
      'counts field lengths in UTF-8 bytes, not characters: a Cyrillic DESC of 30 characters is refused as too long',
    patch: { fields: { lengthUnit: 'utf8-bytes' } },
  },
  {
    id: 'english-for-ru',
    rules: ['JY-ERR-16'],
    description: 'writes messages in English when LANGUAGE=ru (or no LANGUAGE) was sent',
    patch: { messages: { alwaysEnglish: true } },
  },
  {
    id: 'accepts-reused-order',
    rules: ['JY-PAY-15', 'JY-ERR-06'],
    description: 'registers a payment again for an ORDER that was already used',
    patch: { payment: { refuseReusedOrder: false } },
  },
  {
    id: 'cancel-above-amount',
    rules: ['JY-REV-03'],
    description: 'accepts a REV_AMOUNT above what is left to refund',
    patch: { orders: { refundCapped: false } },
  },
  {
    id: 'wrong-redirect-sign',
    rules: ['JY-SIG-15'],
    description: 'signs the result redirect without the trailing ";" after res_desc',
    patch: { signature: { base: { redirect: { trailingSeparator: false } } } },
  },
  {
    id: 'status-trailing-semicolon',
    rules: ['JY-SIG-11'],
    description: 'verifies status requests over ORDER;MERCHANT; (with a trailing ";", like the payment formula)',
    patch: { signature: { base: { status: { trailingSeparator: true } } } },
  },
  {
    id: 'decrypts-oaep',
    rules: ['JY-ENC-02'],
    description: 'decrypts crd_* with RSA-OAEP instead of PKCS#1 v1.5, so correctly encrypted card data is refused',
    patch: { payment: { cardPadding: 'oaep' } },
  },
  {
    id: 'unknown-order-found',
    rules: ['JY-STA-04'],
    description: 'answers a status request for an unknown ORDER with code 0 and an empty operation',
    patch: { orders: { unknownStatusRefused: false } },
  },
  {
    id: 'no-amount-limit',
    rules: ['JY-ERR-10'],
    description: 'never applies the amount limit (code 23 cannot happen)',
    patch: { payment: { amountLimit: false } },
  },
  {
    id: 'crashes-on-non-digit-order',
    rules: ['JY-ERR-02'],
    description:
      'answers a payment whose ORDER is not all digits with HTTP 500 and a PHP fatal error with its stack trace, every time (probe 26 BUG_STACKTRACE)',
    patch: { payment: { crashOnNonDigitOrder: true } },
  },
  {
    id: 'signs-backref-before-email',
    rules: ['JY-SIG-01'],
    description:
      "verifies the payment P_SIGN with the values of EMAIL and BACKREF in each other's place, in either hex case (probe 26 BUG_SIGN_ORDER): a request without either is taken, in lowercase hex as in uppercase",
    patch: { signature: { emailBackrefSwapped: true, anyHexCase: true } },
  },
  {
    id: 'unknown-merchant-as-signature',
    rules: ['JY-ERR-05'],
    description: 'answers an unknown MERCHANT with code 21 (bad signature) instead of 17',
    patch: { payment: { unknownMerchantCode: 21 } },
  },
  {
    id: 'redirect-drops-query',
    rules: ['JY-RED-02'],
    description:
      "replaces BACKREF's own query (redirect=true and the merchant's parameters) with the result parameters",
    patch: { redirect: { keepsBackrefQuery: false } },
  },
  {
    id: 'refuses-extra-fields',
    rules: ['JY-PAY-21'],
    description: 'refuses a payment request carrying NAME or WTYPE with code 27',
    patch: { fields: { refusedExtraFields: ['NAME', 'WTYPE'] } },
  },
  {
    id: 'plaintext-card-accepted',
    rules: ['JY-ENC-01'],
    description: 'takes a crd_pan that does not decrypt as a plaintext card number',
    patch: { payment: { plaintextPan: true } },
  },
  {
    id: 'no-error-redirect',
    rules: ['JY-RED-04'],
    description: 'a refused payment request shows the error page without sending the result to BACKREF',
    patch: { redirect: { onError: false } },
  },
  {
    id: 'lax-order',
    rules: ['JY-PAY-01'],
    description: 'takes a payment ORDER of any length and characters',
    patch: { fields: { formUnchecked: { ORDER: true } } },
  },
  {
    id: 'lax-amount',
    rules: ['JY-PAY-02'],
    description: 'does not check the form of a payment AMOUNT (length, characters, separator)',
    patch: { fields: { formUnchecked: { AMOUNT: ['charset', 'format'] } } },
  },
  {
    id: 'lax-nonce',
    rules: ['JY-PAY-06'],
    description: 'does not check NONCE against N(6-64)',
    patch: { fields: { formUnchecked: { NONCE: true } } },
  },
  {
    id: 'lax-client-id',
    rules: ['JY-PAY-08'],
    description: 'does not check CLIENT_ID against N(0-64)',
    patch: { fields: { formUnchecked: { CLIENT_ID: true } } },
  },
  {
    id: 'lax-desc-order',
    rules: ['JY-PAY-10'],
    description: 'does not check DESC_ORDER against C(0-4000)',
    patch: { fields: { formUnchecked: { DESC_ORDER: true } } },
  },
  {
    id: 'lax-email',
    rules: ['JY-PAY-11'],
    description: 'does not check EMAIL against C(0-80)',
    patch: { fields: { formUnchecked: { EMAIL: true } } },
  },
  {
    id: 'lax-backref',
    rules: ['JY-PAY-12'],
    description: 'does not check BACKREF against C(0-250)',
    patch: { fields: { formUnchecked: { BACKREF: true } } },
  },
  {
    id: 'lax-ucaf',
    rules: ['JY-PAY-13'],
    description: 'does not check Ucaf_Flag and Ucaf_Authentication_Data against C(0-250)',
    patch: { fields: { formUnchecked: { Ucaf_Flag: true, Ucaf_Authentication_Data: true } } },
  },
  {
    id: 'ignores-card-expiry',
    rules: ['JY-ENC-05', 'JY-ERR-07'],
    description: 'does not check that crd_exp is a valid MM/YY and pays the card anyway',
    patch: { payment: { checkCardExpiry: false } },
  },
  {
    // 27 (the generic code of an invalid value) would be right too: variant field-generic-codes
    id: 'card-expiry-26',
    rules: ['JY-ERR-07', 'JY-ERR-17'],
    description: 'answers a crd_exp that is not a valid MM/YY with code 26 (too long) instead of 19',
    patch: { fields: { codeInsteadOf: { 19: 26 } } },
  },
  {
    id: 'order-charset-25',
    rules: ['JY-ERR-02', 'JY-ERR-17'],
    description: 'answers an ORDER with a non-digit with code 25 (too short) instead of 12',
    patch: { fields: { codeInsteadOf: { 12: 25 } } },
  },
  {
    id: 'zero-amount-accepted',
    rules: ['JY-ERR-03'],
    description: 'registers a payment of AMOUNT 0',
    patch: { payment: { refuseZeroAmount: false } },
  },
  {
    id: 'accepts-unsupported-currency',
    rules: ['JY-ERR-04'],
    description: 'registers a payment in a currency the terminal does not take',
    patch: { payment: { checkCurrency: false } },
  },
  {
    id: 'accepts-unknown-terminal',
    rules: ['JY-ERR-08'],
    description: "registers a payment for a TERMINAL that is not the merchant's",
    patch: { payment: { checkTerminal: false } },
  },
  {
    id: 'missing-as-27',
    rules: ['JY-ERR-11', 'JY-ERR-17'],
    description: 'answers a missing required field with code 27 instead of 24',
    patch: { fields: { codeInsteadOf: { 24: 27 } } },
  },
  {
    id: 'too-short-as-27',
    rules: ['JY-ERR-12', 'JY-ERR-17'],
    description: 'answers a value shorter than its minimum with code 27 instead of 25',
    patch: { fields: { codeInsteadOf: { 25: 27 } } },
  },
  {
    id: 'charset-as-26',
    rules: ['JY-ERR-14', 'JY-ERR-17'],
    description: 'answers a value outside its character set with code 26 instead of 27',
    patch: { fields: { codeInsteadOf: { 27: 26 } } },
  },
  {
    id: 'message-without-value',
    rules: ['JY-ERR-19'],
    description: 'shows *** for the value in messages ("Неправильное значение в поле MERCHANT: ***")',
    patch: { messages: { showValues: false } },
  },
  {
    id: 'signature-message-off-template',
    rules: ['JY-ERR-01'],
    description: 'words code 21 "Подпись неверна" / "Bad signature", not as documented',
    patch: { messages: { signatureMessage: { ru: 'Подпись неверна', en: 'Bad signature' } } },
  },
  {
    id: 'xml-signature-message-of-24',
    rules: ['JY-ERR-01'],
    description:
      'answers a badly signed status, list, cancel or confirm request with <code>21</code> and code 24\'s message "Не указано значение в поле "P_SIGN"." as its <description>',
    patch: { messages: { xmlSignatureMessageOf: 24 } },
  },
  {
    id: 'signature-code-27-on-page',
    // the signature is verified (every bad one refused, every good one taken): the code alone is wrong,
    // and it no longer matches the message shown beside it
    rules: ['JY-ERR-09', 'JY-ERR-01'],
    description:
      'shows code 27 on the error page of a payment whose P_SIGN does not verify, with code 21\'s message "Неправильная подпись!"',
    patch: { messages: { signatureCodeOnPage: 27 } },
  },
  {
    id: 'accepts-any-card-type',
    rules: ['JY-ERR-15'],
    description: 'pays with a card of a type the terminal does not take',
    patch: { payment: { checkCardType: false } },
  },
  {
    id: 'status-amount-in-tiyn',
    // the status reply is no seed's: the amounts it misreports fail JY-STA-03 only, not JY-PAY-15 (a
    // reused ORDER's amount read back there)
    rules: ['JY-STA-03'],
    description: 'shows the amount in <operation> in tiyn as if in tenge (700 as 70000.00), not as registered',
    patch: { orders: { amountInTiyn: true } },
  },
  {
    id: 'status-without-operation',
    rules: ['JY-STA-02'],
    description: "answers a known order's status with code 0 and no <operation>",
    patch: { orders: { statusWithoutOperation: true } },
  },
  {
    id: 'xml-as-text',
    rules: ['JY-STA-02'],
    description: 'serves status replies as text/plain',
    patch: { wire: { statusAsText: true } },
  },
  {
    id: 'list-first-order-twice',
    rules: ['JY-LST-02'],
    description: 'carries the first order of the period twice in the period list (two <rec> with its order_id)',
    patch: { orders: { listFirstTwice: true } },
  },
  {
    id: 'list-operation-tag',
    rules: ['JY-LST-02'],
    description:
      'writes each order of the period list as <operation>, not <rec> (Go encoding/xml reusing the status struct): <operations><operation>…</operation></operations>',
    patch: { orders: { listRecTag: 'operation' } },
  },
  {
    id: 'list-excludes-date-to',
    rules: ['JY-LST-02'],
    description: 'leaves out of the period list the orders created in the last second of the period (DATE_TO)',
    patch: { orders: { listIncludesDateTo: false } },
  },
  {
    id: 'cancel-unknown-order-ok',
    rules: ['JY-REV-05'],
    description: 'answers a cancel of an unknown ORDER with code 0',
    patch: { orders: { unknownCancelRefused: false } },
  },
  {
    id: 'confirms-twice',
    rules: ['JY-CNF-04'],
    description: 'accepts a second confirm of the same pre-authorisation',
    patch: { orders: { confirmOnce: false } },
  },
  {
    id: 'confirms-after-cancel',
    rules: ['JY-CNF-04'],
    description: 'confirms a pre-authorisation that was cancelled before',
    patch: { orders: { confirmAfterCancelRefused: false } },
  },
  {
    id: 'confirm-above-authorised',
    rules: ['JY-CNF-03'],
    description: 'confirms a pre-authorisation for an AMOUNT above the amount authorised',
    patch: { orders: { confirmCapped: false } },
  },
  {
    id: 'confirm-needs-amount',
    rules: ['JY-CNF-01'],
    description: 'refuses a confirm without AMOUNT (the whole amount) with code 24 naming AMOUNT',
    patch: { orders: { confirmWithoutAmount: false } },
  },
  {
    id: 'cancels-unpaid',
    rules: ['JY-REV-06'],
    description: 'takes a cancel of an order whose payment was declined, and marks it refunded',
    patch: { orders: { cancelUnpaidRefused: false } },
  },
  {
    id: 'status-shows-pan',
    rules: ['JY-PAY-23'],
    description:
      'shows the full card number of a card payment in <operation><card_number> of status and other XML replies',
    patch: { orders: { panInStatus: true } },
  },
  {
    id: 'status-masks-half',
    rules: ['JY-PAY-23'],
    description:
      'masks the card in <card_masked> to its first 6 and last 6 digits (411111***111111: 12 of 16 shown, probe 22)',
    patch: { orders: { maskedTail: 6 } },
  },
  {
    id: 'result-page-shows-pan',
    rules: ['JY-PAY-23'],
    description: 'writes the full card number in an HTML comment of the result page after card data or the card form',
    patch: { pages: { panOnResultPage: true } },
  },
  {
    id: 'email-address-strict',
    rules: ['JY-PAY-11'],
    description:
      'refuses an EMAIL that is no plain address (a "+" in its local part, a top-level domain with a digit) with code 27 naming EMAIL',
    patch: { fields: { strictEmail: true } },
  },
  {
    id: 'unknown-language-as-99',
    rules: ['JY-PAY-22', 'JY-ERR-12', 'JY-ERR-13', 'JY-ERR-14', 'JY-ERR-17'],
    description:
      'refuses a LANGUAGE other than ru or en with code 99 "Другая ошибка : no messages for …", which names no field, instead of a refusal about LANGUAGE',
    patch: { fields: { unknownLanguageAs99: true } },
  },
  {
    id: 'no-auto-confirm',
    rules: ['JY-CNF-02'],
    description: 'never confirms a pre-authorisation left alone',
    patch: { payment: { autoConfirm: false } },
  },
  {
    id: 'rrn-on-failure',
    rules: ['JY-RED-03'],
    description: 'sends an rrn in the redirect of a declined payment',
    patch: { redirect: { rrnOnFailure: true } },
  },
  {
    id: 'list-trailing-semicolon',
    rules: ['JY-SIG-12'],
    description: 'verifies period-list requests over DATE_FROM;DATE_TO;TERMINAL;MERCHANT; (trailing ";")',
    patch: { signature: { base: { list: { trailingSeparator: true } } } },
  },
  {
    id: 'cancel-no-trailing-semicolon',
    rules: ['JY-SIG-13'],
    description: 'verifies cancel requests without the trailing ";" after REV_DESC',
    patch: { signature: { base: { cancel: { trailingSeparator: false } } } },
  },
  {
    id: 'confirm-empty-amount-signed',
    rules: ['JY-SIG-14'],
    description:
      'verifies confirm requests with an empty AMOUNT over ORDER;MERCHANT;; (the empty value and its ";" kept)',
    patch: { signature: { base: { confirm: { signEmptyAmount: true } } } },
  },
  {
    id: 'partial-refund-all',
    rules: ['JY-REV-04'],
    description: 'a partial cancel refunds the whole order (nothing is left to refund)',
    patch: { orders: { partialRefund: false } },
  },
  {
    id: 'error-page-as-text',
    rules: ['JY-PAY-19'],
    description: 'serves the error page of a refused payment request as text/plain',
    patch: { wire: { errorPageAsText: true } },
  },
  {
    id: 'bad-status-sign-shows-order',
    // refused with 21 all the same: the formula is checked (JY-SIG-11 holds), the data shown is JY-SIG-16's
    rules: ['JY-SIG-16'],
    description: 'answers a badly signed status request with code 21 but still shows the order in <operation>',
    patch: { signature: { showsOrderOnBadStatusSign: true } },
  },
  {
    id: 'xml-error-no-description',
    rules: ['JY-ERR-18', 'JY-ERR-01'],
    description: 'answers XML errors with <code> only, no <description> (so no message)',
    patch: { messages: { xmlErrorDescription: false } },
  },
  {
    id: 'status-refuses-language',
    rules: ['JY-STA-01'],
    description: 'refuses a status request carrying LANGUAGE with code 27',
    patch: { orders: { statusTakesLanguage: false } },
  },
  {
    id: 'list-dates-iso',
    rules: ['JY-LST-01'],
    description:
      'reads DATE_FROM / DATE_TO as yyyy-MM-dd HH:mm:ss, so a period in dd.MM.yyyy HH:mm:ss is refused with code 27',
    patch: { orders: { listDateIso: true } },
  },
  {
    id: 'refund-amount-compared-as-text',
    rules: ['JY-REV-04'],
    description:
      'compares REV_AMOUNT with the amount left to refund as text ("400" > "1000.00"), so a cancel of 400 of a paid 1000 is refused as too large (code 13)',
    patch: { orders: { refundComparedAsText: true } },
  },
  {
    id: 'rev-desc-no-line-breaks',
    rules: ['JY-REV-01'],
    description: 'refuses a cancel whose REV_DESC carries a line break with code 27',
    patch: { orders: { revDescLineBreaks: false } },
  },
  {
    id: 'cancel-reply-no-description',
    rules: ['JY-REV-02'],
    description: 'answers an accepted cancel with <code>0</code> only, no <description>',
    patch: { wire: { cancelReplyDescription: false } },
  },
  {
    id: 'card-page-as-text',
    rules: ['JY-PAY-17', 'JY-PAY-18'],
    description: 'serves the card page of the browser flow as text/plain, not HTML',
    patch: { wire: { cardPageAsText: true } },
  },
  {
    id: 'result-not-to-backref',
    rules: ['JY-RED-01'],
    description: "sends a payment's result to a fixed page of its own instead of the request's BACKREF",
    patch: { redirect: { resultToBackref: false } },
  },
  {
    id: 'no-backref-post',
    rules: ['JY-RED-01'],
    description: 'without redirect=true in BACKREF, sends the result nowhere (no server POST)',
    patch: { notify: { post: false } },
  },
  {
    id: 'backref-redirect-only',
    rules: ['JY-RED-05'],
    // probe 24's Perl gateway (BUG=no-server-post): the rules jy.backref.error-post cannot judge without a
    // server POST are passed partly where other checks passed them (test/meta/jysan-verdicts-probe24.test.ts)
    description:
      "without redirect=true in BACKREF, redirects the payer's browser to BACKREF with the result (as with redirect=true) and sends no server POST",
    patch: { notify: { browserOnly: true } },
  },
  {
    id: 'backref-post-as-get',
    rules: ['JY-RED-05'],
    description: 'sends the server-to-server result to BACKREF as a GET with the fields in the query, not a form POST',
    patch: { notify: { method: 'GET' } },
  },
  {
    id: 'backref-post-as-json',
    // all eight fields are in the JSON object: JY-RED-06 holds (it once warned "lacks order, …" too)
    rules: ['JY-RED-05'],
    description:
      'sends the server-to-server result to BACKREF as a POST of a JSON object (application/json), not a form',
    patch: { notify: { method: 'JSON' } },
  },
  {
    id: 'backref-post-without-res-desc',
    rules: ['JY-RED-06'],
    description: 'leaves res_desc out of the server POST to BACKREF (signing it nonetheless)',
    patch: { notify: { omit: ['res_desc'] } },
  },
  {
    id: 'backref-post-without-sign',
    // an absent sign is not the documented one: JY-RED-07 fails on a refusal's POST too (was inconclusive)
    rules: ['JY-RED-06', 'JY-RED-07'],
    description: 'leaves sign out of the server POST to BACKREF, of a paid order and of a refused request',
    patch: { notify: { omit: ['sign'] } },
  },
  {
    id: 'backref-post-sign-no-trailing',
    rules: ['JY-RED-07'],
    description: "signs the server POST to BACKREF without the trailing ';' of the redirect's formula",
    patch: { notify: { signBase: { trailingSeparator: false } } },
  },
  {
    id: 'backref-post-sign-skips-empty-rrn',
    rules: ['JY-RED-07'],
    description:
      "signs the server POST to BACKREF leaving an empty value out with its ';': a declined payment's, whose rrn is empty",
    patch: { notify: { signBase: { skipEmpty: true } } },
  },
  {
    id: 'backref-post-with-pan',
    rules: ['JY-RED-08'],
    description: 'adds the full card number (card=4400…) to the server POST of a paid order to BACKREF',
    patch: { notify: { withPan: true } },
  },
  {
    id: 'backref-post-half-masked-card',
    rules: ['JY-RED-08'],
    description:
      'adds the card masked to its first 6 and last 6 digits (card=440043******123456) to the server POST to BACKREF',
    patch: { notify: { withPan: 'half' } },
  },
  {
    id: 'recur-not-signed',
    rules: ['JY-REC-01'],
    description:
      'verifies payments carrying RECUR_*, INT_REF or PAYMENT_TO over the 13-value formula only: the extended P_SIGN is refused, and those fields are not protected',
    patch: { signature: { base: { payment: { extended: false } } } },
  },
  {
    id: 'recur-sent-only',
    rules: ['JY-REC-01'],
    description:
      "builds the extended P_SIGN base from the extended fields sent only, without an empty value and ';' for those not sent",
    patch: { signature: { base: { payment: { extended: 'sent-only' } } } },
  },
  {
    id: 'card-page-despite-card-data',
    rules: ['JY-PAY-20'],
    description: 'shows the card-entry page even when crd_pan, crd_exp and crd_cvc are supplied',
    patch: { payment: { cardPageWithCardData: true } },
  },
  {
    id: 'currency-cut-to-3',
    // a too-long CURRENCY refused with 14, CURRENCY's own code, is no defect (JY-ERR-13, JY-ERR-17 take it):
    // its message naming the cut value is, as terminal-cut-to-8's
    rules: ['JY-PAY-03', 'JY-ERR-19'],
    description:
      'cuts CURRENCY to its first 3 characters before checking it (a fixed-width column): KZTX is taken as KZT, and a too-long CURRENCY is refused as unsupported (14) with the cut value in its message',
    patch: { fields: { truncatedTo: { CURRENCY: 3 } } },
  },
  {
    id: 'terminal-cut-to-8',
    // a too-long TERMINAL refused as unknown (20) is no defect (it is not the merchant's either): its
    // message naming the cut value is
    rules: ['JY-PAY-05', 'JY-ERR-19'],
    description:
      "cuts TERMINAL to its first 8 characters before checking it: the merchant's TERMINAL with a character added is taken as the TERMINAL, and a too-long one is refused as unknown (20) with the cut value in its message",
    patch: { fields: { truncatedTo: { TERMINAL: 8 } } },
  },
  {
    id: 'uppercase-hex-only',
    rules: ['JY-SIG-06'],
    description:
      "compares the payment P_SIGN with the digest written in uppercase hex (sprintf '%02X'), so PHP hash()'s lowercase is refused as badly signed",
    patch: { signature: { uppercaseHex: true } },
  },
  {
    id: 'signs-amount-two-decimals',
    rules: ['JY-SIG-01', 'JY-SIG-10'],
    description:
      'verifies the payment P_SIGN over AMOUNT rewritten with two decimals, so a request with AMOUNT 100 or 2500.5 signed as sent is refused as badly signed',
    patch: { signature: { amountTwoDecimals: true } },
  },
  {
    id: 'error-page-shows-secret',
    rules: ['JY-SIG-17'],
    description:
      'shows, in an HTML comment of the error page of a payment refused as badly signed, the base it hashed with the SHARED_SECRET in front ("debug: base=<secret>…")',
    patch: { signature: { showsOnRefusal: 'secret' } },
  },
  {
    id: 'error-page-shows-expected-sign',
    rules: ['JY-SIG-17'],
    description:
      'shows, on the error page of a payment refused as badly signed, the P_SIGN the request should have carried ("expected P_SIGN: …"): anyone can then sign any request',
    patch: { signature: { showsOnRefusal: 'expected-sign' } },
  },
  {
    id: 'error-message-shows-expected-sign',
    // an XML <message> is the message whole, no template of the table then (JY-ERR-01); on a page the
    // text after the message is the page's (src/sdk/jysan.ts withSuffix)
    rules: ['JY-SIG-17', 'JY-ERR-01'],
    description:
      'answers a payment refused as badly signed with a page of its own design, "<span class="code">21</span> Неправильная подпись! (expected <the right P_SIGN>)", no ids, and a badly signed status request with the same after its <message> (probe 22)',
    patch: { signature: { showsOnRefusal: 'expected-in-message' } },
  },
  {
    id: 'signs-latin1',
    rules: ['JY-SIG-09'],
    description:
      'verifies the payment P_SIGN over the Latin-1 bytes of the values (a Cyrillic DESC hashed as other bytes than UTF-8), so a Cyrillic DESC signed over its UTF-8 bytes is refused as badly signed',
    patch: { signature: { base: { payment: { encoding: 'latin1' } } } },
  },
  {
    id: 'refuses-english',
    rules: ['JY-PAY-07'],
    description: 'takes only LANGUAGE=ru in payment requests: LANGUAGE=en is refused with code 27',
    patch: { fields: { paymentLanguages: ['ru'] } },
  },
  {
    id: 'confirm-unsigned',
    rules: ['JY-SIG-16'],
    description: 'does not verify the P_SIGN of confirm requests: a badly signed confirm completes a pre-authorisation',
    patch: { signature: { unverified: ['confirm'] } },
  },
  {
    id: 'cancel-unsigned',
    rules: ['JY-SIG-16'],
    description: 'does not verify the P_SIGN of cancel requests: a badly signed cancel refunds a paid order',
    patch: { signature: { unverified: ['cancel'] } },
  },
  {
    // the formula rules (JY-SIG-11-14) cannot be judged where a P_SIGN surely wrong is taken too
    id: 'xml-unsigned',
    rules: ['JY-SIG-16'],
    description: 'does not verify the P_SIGN of any status, list, cancel or confirm request',
    patch: { signature: { unverified: ['status', 'list', 'cancel', 'confirm'] } },
  },
  {
    id: 'order-zero-refused',
    rules: ['JY-PAY-01'],
    description:
      'refuses a payment whose ORDER has a leading zero ("0123456789") with code 12, as if it were no N(6-10)',
    patch: { fields: { refuseZeroLedOrder: true } },
  },
  {
    id: 'order-signed-as-number',
    rules: ['JY-SIG-10'],
    description:
      'verifies the payment P_SIGN over ORDER read as a number (PHP (int)): an ORDER with leading zeros signed as sent is refused as badly signed, and one signed without them is taken',
    patch: { signature: { orderAsNumber: true } },
  },
  {
    id: 'xml-unescaped',
    rules: ['JY-STA-02', 'JY-LST-02'],
    description:
      'writes the values of its XML replies with &, < and > as they are ("<description>Tom & Jerry <kids></description>"), so a reply about an order whose DESC holds them is no XML',
    patch: { wire: { xmlUnescaped: true } },
  },
] as const satisfies readonly PolicyDefect<JysanPolicy>[];

export type JysanDefect = (typeof JYSAN_DEFECTS)[number]['id'];

/** Tolerance variants: behaviour the seed allows that differs from the reference (see Variant). */
export const JYSAN_VARIANTS = [
  {
    id: 'backref-post-masked-card',
    description:
      'adds the card masked to its first 6 and last 4 digits (card=440043******3456) to the server POST to BACKREF, before the amount and the other result fields',
    allowedBy:
      'JY-RED-08: the notification carries "a masked one (first6…last4) at most"; the digits of the fields after it are not the card (review: the values were joined and blanks taken out, so an amount was glued onto the last four)',
    patch: { notify: { withPan: 'masked' } },
  },
  {
    id: 'getstatus-any-value',
    description: 'takes a status request whatever the value of GETSTATUS (GETSTATUS=2, GETSTATUS=yes), not only 1',
    allowedBy:
      'seed 002 has no GETSTATUS at all; digest §A2 [I] "The server routes on the field set: GETSTATUS present" and §A7: the clients send GETSTATUS=1, nothing says another value is refused (probe 22)',
    patch: { fields: { anyGetstatus: true } },
  },
  {
    id: 'refusal-redirects-to-backref',
    description:
      'answers a payment request refused after its signature, whose BACKREF has redirect=true, with the signed 302 to BACKREF carrying res_code (probe 22), not an error page linking there',
    allowedBy:
      'digest §A5: "If a check fails, it returns an HTML error page, and the result is also sent to the merchant site (step 8)"; §A10: with redirect=true the result goes to BACKREF as a GET redirect; the seed does not say which of the two the browser gets first',
    patch: { redirect: { refusalRedirects: true } },
  },
  {
    id: 'field-own-codes',
    description:
      "answers every violation of ORDER, AMOUNT, CURRENCY, MERCHANT, TERMINAL and crd_exp (missing, too short, too long) with that field's own code (12, 13, 14, 17, 20, 19) instead of 24-26",
    allowedBy:
      'seed 002 error table: "12 Неправильное значение в поле ORDER: %s" … "25 Размер значения в поле "%s" менее %d симоволов." — both kinds are documented, the seed never says which violation gets which',
    patch: { fields: { ownFieldCodes: true } },
  },
  {
    id: 'field-generic-codes',
    description:
      'answers every violation of ORDER, AMOUNT, CURRENCY and crd_exp with the generic code of its kind (27 "Введите валидное значение в поле "%s"." for a non-digit ORDER, an AMOUNT with a comma, an expiry that is no MM/YY) instead of the field\'s own 12, 13, 14, 19',
    allowedBy:
      'seed 002 error table: "27 Введите валидное значение в поле «%s»." and "12 Неправильное значение в поле ORDER: %s" … both kinds are documented, the seed never says which violation gets which',
    patch: { fields: { codeInsteadOf: { 12: 27, 13: 27, 14: 27, 19: 27 } } },
  },
  {
    id: 'card-page-of-its-own',
    description:
      "shows a card page of the bank's own design: the expiry as a month and a year select (1…12, 2024…2045), the holder's name required, a form token of its own, a box to save the card left unticked, and input names a reader knows only by their autocomplete tokens",
    allowedBy:
      'seed 002 "то страница ввода карты не выдается" names a card-entry page but never describes it: its fields, their names and layout are the bank\'s',
    patch: { wire: { cardPage: 'split' } },
  },
  {
    id: 'english-by-default',
    description: 'writes pages and messages in English when no LANGUAGE is sent',
    allowedBy:
      'seed 002 field table row LANGUAGE "Нет С(2) Предпочтительный язык клиента, поддерживаются значения «ru» и «en»": optional, and no default is named',
    patch: { messages: { defaultLanguage: 'en' } },
  },
  {
    id: 'errors-http-400',
    description: 'serves error pages and XML error replies with HTTP 400 instead of 200',
    allowedBy: 'seed 002 names no HTTP status for any reply',
    patch: { wire: { errorHttpStatus: 400 } },
  },
  {
    id: 'ignores-unknown-language',
    description: 'takes a LANGUAGE other than ru or en (or not 2 characters) as ru instead of refusing the request',
    allowedBy:
      'seed 002 field table row LANGUAGE "поддерживаются значения «ru» и «en»": what happens to another value is not stated',
    patch: { fields: { checkLanguage: false } },
  },
  {
    id: 'extra-reply-fields',
    description: 'adds elements of its own (fee, merch_rn_id, session) to every XML <result> and <operation>',
    allowedBy:
      'seed 002 does not describe the XML replies at all (digest §A7 [P]: clients parse the elements they know)',
    patch: { wire: { extraReplyElements: true } },
  },
  {
    id: 'currency-rate-22',
    description: 'answers a well-formed but unsupported CURRENCY with code 22 "Не найден курс валюты %s" instead of 14',
    allowedBy:
      'seed 002 error table: "14 Неправильная валюта: %s" and "22 Не найден курс валюты %s" are both documented; which one an unsupported currency gets is not stated',
    patch: { payment: { unsupportedCurrencyCode: 22 } },
  },
  {
    id: 'status-amount-two-decimals',
    description: 'shows the amount in <operation> with two decimals (2500.50), not as it was registered (2500.5)',
    allowedBy:
      'seed 002 does not describe the status reply (digest §A7 [P]: amount is an echo of the order; its format is nowhere stated, and the reply is not signed)',
    patch: { orders: { amountAsRegistered: false } },
  },
  {
    id: 'unique-nonce',
    description:
      'refuses a payment whose NONCE an earlier order of the merchant already carried (code 27 naming NONCE), as the Perl outsider gateway does',
    allowedBy:
      'seed 002 field table row NONCE "Нет N(6 – 64) Случайное уникальное число": a random *unique* number; a bank may hold the shop to it',
    patch: { payment: { refuseReusedNonce: true } },
  },
  {
    id: 'card-page-without-all-card-data',
    description:
      'a payment carrying one or two of crd_pan, crd_exp, crd_cvc is answered with the card page, their values not read (their form unchecked but for C(250)), instead of refusing the one missing (24)',
    allowedBy:
      'seed 002 "В случае если в запрос передаются парметры crd_pan, crd_exp, crd_cvc (номер карты, дата устаревания карты и cvv/cvc/cvc2), то страница ввода карты не выдается": all three skip the card page; what one or two do is not stated',
    patch: { payment: { partialCardDataPage: true } },
  },
  {
    id: 'status-currency-numeric',
    description: 'shows the currency in <operation> as its numeric ISO 4217 code (398 for an order registered in KZT)',
    allowedBy:
      'seed 002 does not describe the status reply (digest §A3 row CURRENCY: "Responses and redirects may return it differently"; §A10 [P]: a public client verifies the result with 398): the same currency by its number',
    patch: { orders: { currencyNumeric: true } },
  },
  {
    id: 'result-amount-shortest',
    description:
      'writes the amount of the result sent to BACKREF (the redirect and the server POST) in its shortest spelling, 1500.50 as 1500.5, and signs it as sent',
    allowedBy:
      'seed 002 does not describe the result sent to BACKREF (digest §A10 [P]: amount is an echo of the order, its format nowhere stated; the sign covers the values as sent)',
    patch: { redirect: { amountShortest: true } },
  },
  {
    id: 'decline-limit-23',
    description:
      'answers a payment its issuer declines (insufficient funds, an expired card) with res_code 23 "Превышен лимит! …" instead of 99',
    allowedBy:
      'seed 002 error table: "23 Превышен лимит! %s" and "99 Другая ошибка : %s" are both documented; which code a declined card gets is not stated (the test cards are paycert\'s own)',
    patch: { payment: { declineCode: 23 } },
  },
  {
    id: 'decline-bank-text',
    description:
      'sends the result of a payment its issuer declines with res_code 99 and the bank\'s own text as res_desc ("Транзакция отклонена"), not code 99\'s template',
    allowedBy:
      'seed 002 describes no result sent to BACKREF; its code table ("Возможные коды результата регистрации …") is about refused requests, and digest §A10 calls res_desc "result text from MPI"',
    patch: { payment: { declineText: 'bank' } },
  },
  {
    id: 'unknown-order-99',
    description:
      'answers a status, cancel or confirm of an unknown ORDER with code 99 "Другая ошибка : ORDER … not found" instead of 12',
    allowedBy:
      'seed 002 error table: "12 Неправильное значение в поле ORDER: %s" and "99 Другая ошибка : %s" are both documented; the seed describes no status, cancel or confirm operation at all',
    patch: { orders: { unknownOrderCode: 99 } },
  },
  {
    id: 'status-minimal-operation',
    description:
      'shows status, status_desc, amount and currency only in <operation> (no create_date, rev_max_amount or the other elements)',
    allowedBy:
      'seed 002 does not describe the status reply (digest §A7 [P]: a union of the fields public clients read; none is named required)',
    patch: { orders: { minimalOperation: true } },
  },
  {
    id: 'result-empty-rrn',
    description: 'sends rrn= empty, not no rrn, in the result of a declined payment',
    allowedBy:
      'seed 002 does not describe the result sent to BACKREF (digest §A10 [P]: rrn only on success; JY-SIG-15 signs an absent rrn as an empty value, so both carry the same signature)',
    patch: { redirect: { emptyRrnOnFailure: true } },
  },
  {
    id: 'signature-verified-first',
    description:
      'verifies a payment\'s P_SIGN before its fields\' form: a missing or malformed P_SIGN is refused with 21 "Неправильная подпись!", not 24-26',
    allowedBy:
      'seed 002 error table: "21 Неправильная подпись!" and "24 Не указано значение в поле «%s»." are both documented; a request without P_SIGN has no valid signature either, and the seed orders no checks',
    patch: { signature: { verifiedFirst: true } },
  },
  {
    id: 'fields-checked-first',
    description:
      "checks every field of a payment before it verifies the P_SIGN: a field changed after signing to a value it refuses gets that field's code, not 21",
    allowedBy:
      'seed 002 error table: "21 Неправильная подпись!" and "24"–"27" (a field\'s value) are both documented; the seed orders no checks',
    patch: { signature: { fieldsCheckedFirst: true } },
  },
  {
    id: 'fields-checked-first-no-result',
    description:
      'checks every field of a payment before it verifies the P_SIGN, and sends the result of such a refusal to no BACKREF: the request was never authenticated',
    allowedBy:
      'seed 002 orders no checks and does not describe the result sent to BACKREF; digest §A5 [P] sends the result of a failed check to the merchant site, which a bank can trust only once the signature verified (JY-RED-04)',
    patch: { signature: { fieldsCheckedFirst: 'no-result' } },
  },
  {
    id: 'kzt-only-currency-first',
    description:
      'a terminal taking KZT only, which refuses another currency (code 14) before it verifies the signature: a request whose CURRENCY was changed to USD after signing gets 14, not 21',
    allowedBy:
      'seed 002 error table: "14 Неправильная валюта: %s" and "21 Неправильная подпись!" are both documented; the seed orders no checks and names no currency a terminal must take',
    patch: { payment: { terminalCurrencies: ['KZT'], currencyCheckedFirst: true } },
  },
  {
    id: 'currency-any-spelling',
    description: 'takes CURRENCY in ISO 4217 letters of any case or as its number (kzt, KzT, 398) as that currency',
    allowedBy:
      'seed 002 field table row CURRENCY "Да C(3) Валюта заказа (ISO 4217, например KZT)": three characters of an ISO 4217 code; capitals only is paycert\'s [I]',
    patch: { fields: { currencyAnySpelling: true } },
  },
  {
    id: 'recur-empty-as-absent',
    description:
      'verifies a payment whose RECUR_FREQ, RECUR_EXP, INT_REF, RECUR_REF and PAYMENT_TO are all sent empty over the 13 values of the seed formula, as if they were not sent',
    allowedBy:
      'seed 002 signs 13 values and names no extended field; digest §A4 rule 6 [P] and open question 5: when the extended form applies is inferred, and empty values are no data',
    patch: { signature: { emptyExtendedAsAbsent: true } },
  },
] as const satisfies readonly PolicyVariant<JysanPolicy>[];

export type JysanVariant = (typeof JYSAN_VARIANTS)[number]['id'];
