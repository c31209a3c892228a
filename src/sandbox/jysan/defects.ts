import type { Defect, Variant } from '../../reference/defects.ts';

/** Single deviations of the jysan reference gateway, each naming the rules the suite must fail on
 *  (test/meta/jysan.test.ts). A defect that breaks something many requests rely on names every
 *  rule that then fails, not only the one it is about. */
export const JYSAN_DEFECTS = [
  { id: 'accepts-bad-signature', rules: ['JY-SIG-02', 'JY-SIG-03', 'JY-SIG-04', 'JY-SIG-05', 'JY-SIG-07', 'JY-SIG-08', 'JY-SIG-09', 'JY-SIG-10', 'JY-ERR-09', 'JY-ENC-03'], description: 'does not verify the P_SIGN of payment requests at all' },
  { id: 'wrong-code-too-long', rules: ['JY-ERR-13', 'JY-ERR-17'], description: 'answers a value longer than its limit with code 27 instead of 26' },
  { id: 'signs-language', rules: ['JY-SIG-04'], description: 'verifies the payment P_SIGN with LANGUAGE included after NONCE when LANGUAGE is sent' },
  { id: 'keeps-crlf', rules: ['JY-SIG-03'], description: 'verifies the payment P_SIGN over DESC and DESC_ORDER with their CR and LF kept' },
  { id: 'limits-in-bytes', rules: ['JY-PAY-09'], description: 'counts field lengths in UTF-8 bytes, not characters: a Cyrillic DESC of 30 characters is refused as too long' },
  { id: 'english-for-ru', rules: ['JY-ERR-16'], description: 'writes messages in English when LANGUAGE=ru (or no LANGUAGE) was sent' },
  { id: 'accepts-reused-order', rules: ['JY-PAY-15', 'JY-ERR-06'], description: 'registers a payment again for an ORDER that was already used' },
  { id: 'cancel-above-amount', rules: ['JY-REV-03'], description: 'accepts a REV_AMOUNT above what is left to refund' },
  { id: 'wrong-redirect-sign', rules: ['JY-SIG-15'], description: 'signs the result redirect without the trailing ";" after res_desc' },
  { id: 'status-trailing-semicolon', rules: ['JY-SIG-11'], description: 'verifies status requests over ORDER;MERCHANT; (with a trailing ";", like the payment formula)' },
  { id: 'decrypts-oaep', rules: ['JY-ENC-02'], description: 'decrypts crd_* with RSA-OAEP instead of PKCS#1 v1.5, so correctly encrypted card data is refused' },
  { id: 'unknown-order-found', rules: ['JY-STA-04'], description: 'answers a status request for an unknown ORDER with code 0 and an empty operation' },
  { id: 'no-amount-limit', rules: ['JY-ERR-10'], description: 'never applies the amount limit (code 23 cannot happen)' },
  { id: 'unknown-merchant-as-signature', rules: ['JY-ERR-05'], description: 'answers an unknown MERCHANT with code 21 (bad signature) instead of 17' },
  { id: 'redirect-drops-query', rules: ['JY-RED-02'], description: "replaces BACKREF's own query (redirect=true and the merchant's parameters) with the result parameters" },
  { id: 'refuses-extra-fields', rules: ['JY-PAY-21'], description: 'refuses a payment request carrying NAME or WTYPE with code 27' },
  { id: 'plaintext-card-accepted', rules: ['JY-ENC-01'], description: 'takes a crd_pan that does not decrypt as a plaintext card number' },
  { id: 'no-error-redirect', rules: ['JY-RED-04'], description: 'a refused payment request shows the error page without sending the result to BACKREF' },
  { id: 'lax-order', rules: ['JY-PAY-01'], description: 'takes a payment ORDER of any length and characters' },
  { id: 'lax-amount', rules: ['JY-PAY-02'], description: 'does not check the form of a payment AMOUNT (length, characters, separator)' },
  { id: 'lax-nonce', rules: ['JY-PAY-06'], description: 'does not check NONCE against N(6-64)' },
  { id: 'lax-client-id', rules: ['JY-PAY-08'], description: 'does not check CLIENT_ID against N(0-64)' },
  { id: 'lax-desc-order', rules: ['JY-PAY-10'], description: 'does not check DESC_ORDER against C(0-4000)' },
  { id: 'lax-email', rules: ['JY-PAY-11'], description: 'does not check EMAIL against C(0-80)' },
  { id: 'lax-backref', rules: ['JY-PAY-12'], description: 'does not check BACKREF against C(0-250)' },
  { id: 'lax-ucaf', rules: ['JY-PAY-13'], description: 'does not check Ucaf_Flag and Ucaf_Authentication_Data against C(0-250)' },
  { id: 'ignores-card-expiry', rules: ['JY-ENC-05', 'JY-ERR-07'], description: 'does not check that crd_exp is a valid MM/YY and pays the card anyway' },
  { id: 'card-expiry-27', rules: ['JY-ERR-07', 'JY-ERR-17'], description: 'answers a crd_exp that is not a valid MM/YY with code 27 instead of 19' },
  { id: 'order-charset-27', rules: ['JY-ERR-02', 'JY-ERR-17'], description: 'answers an ORDER with a non-digit with code 27 instead of 12' },
  { id: 'zero-amount-accepted', rules: ['JY-ERR-03'], description: 'registers a payment of AMOUNT 0' },
  { id: 'accepts-unsupported-currency', rules: ['JY-ERR-04'], description: 'registers a payment in a currency the terminal does not take' },
  { id: 'accepts-unknown-terminal', rules: ['JY-ERR-08'], description: 'registers a payment for a TERMINAL that is not the merchant\'s' },
  { id: 'missing-as-27', rules: ['JY-ERR-11', 'JY-ERR-17'], description: 'answers a missing required field with code 27 instead of 24' },
  { id: 'too-short-as-27', rules: ['JY-ERR-12', 'JY-ERR-17'], description: 'answers a value shorter than its minimum with code 27 instead of 25' },
  { id: 'charset-as-26', rules: ['JY-ERR-14', 'JY-ERR-17'], description: 'answers a value outside its character set with code 26 instead of 27' },
  { id: 'message-without-value', rules: ['JY-ERR-19'], description: 'shows *** for the value in messages ("Неправильное значение в поле MERCHANT: ***")' },
  { id: 'signature-message-off-template', rules: ['JY-ERR-01'], description: 'words code 21 "Подпись неверна" / "Bad signature", not as documented' },
  { id: 'accepts-any-card-type', rules: ['JY-ERR-15'], description: 'pays with a card of a type the terminal does not take' },
  { id: 'status-amount-normalised', rules: ['JY-STA-03'], description: 'shows the amount in <operation> with two decimals (2500.50), not as registered (2500.5)' },
  { id: 'xml-as-text', rules: ['JY-STA-02'], description: 'serves status replies as text/plain' },
  { id: 'list-excludes-date-to', rules: ['JY-LST-02'], description: 'leaves out of the period list the orders created in the last second of the period (DATE_TO)' },
  { id: 'cancel-unknown-order-ok', rules: ['JY-REV-05'], description: 'answers a cancel of an unknown ORDER with code 0' },
  { id: 'confirms-twice', rules: ['JY-CNF-01'], description: 'accepts a second confirm of the same pre-authorisation' },
  { id: 'no-auto-confirm', rules: ['JY-CNF-02'], description: 'never confirms a pre-authorisation left alone' },
  { id: 'rrn-on-failure', rules: ['JY-RED-03'], description: 'sends an rrn in the redirect of a declined payment' },
  { id: 'list-trailing-semicolon', rules: ['JY-SIG-12'], description: 'verifies period-list requests over DATE_FROM;DATE_TO;TERMINAL;MERCHANT; (trailing ";")' },
  { id: 'cancel-no-trailing-semicolon', rules: ['JY-SIG-13'], description: 'verifies cancel requests without the trailing ";" after REV_DESC' },
  { id: 'confirm-empty-amount-signed', rules: ['JY-SIG-14'], description: 'verifies confirm requests with an empty AMOUNT over ORDER;MERCHANT;; (the empty value and its ";" kept)' },
  { id: 'partial-refund-all', rules: ['JY-REV-04'], description: 'a partial cancel refunds the whole order (nothing is left to refund)' },
  { id: 'error-page-as-text', rules: ['JY-PAY-19'], description: 'serves the error page of a refused payment request as text/plain' },
  { id: 'bad-status-sign-shows-order', rules: ['JY-SIG-16', 'JY-SIG-11'], description: 'answers a badly signed status request with code 21 but still shows the order in <operation>' },
  { id: 'xml-error-no-description', rules: ['JY-ERR-18', 'JY-ERR-01'], description: 'answers XML errors with <code> only, no <description> (so no message)' },
] as const satisfies readonly Defect[];

export type JysanDefect = (typeof JYSAN_DEFECTS)[number]['id'];

/** Tolerance variants: behaviour the seed allows that differs from the reference (see Variant). */
export const JYSAN_VARIANTS = [
  { id: 'field-own-codes', description: 'answers every violation of ORDER, AMOUNT, CURRENCY, MERCHANT, TERMINAL and crd_exp (missing, too short, too long) with that field\'s own code (12, 13, 14, 17, 20, 19) instead of 24-26',
    allowedBy: 'seed 002 error table: "12 Неправильное значение в поле ORDER: %s" … "25 Размер значения в поле "%s" менее %d симоволов." — both kinds are documented, the seed never says which violation gets which' },
  { id: 'english-by-default', description: 'writes pages and messages in English when no LANGUAGE is sent',
    allowedBy: 'seed 002 field table row LANGUAGE "Нет С(2) Предпочтительный язык клиента, поддерживаются значения «ru» и «en»": optional, and no default is named' },
  { id: 'errors-http-400', description: 'serves error pages and XML error replies with HTTP 400 instead of 200',
    allowedBy: 'seed 002 names no HTTP status for any reply' },
  { id: 'ignores-unknown-language', description: 'takes a LANGUAGE other than ru or en (or not 2 characters) as ru instead of refusing the request',
    allowedBy: 'seed 002 field table row LANGUAGE "поддерживаются значения «ru» и «en»": what happens to another value is not stated' },
  { id: 'extra-reply-fields', description: 'adds elements of its own (fee, merch_rn_id, session) to every XML <result> and <operation>',
    allowedBy: 'seed 002 does not describe the XML replies at all (digest §A7 [P]: clients parse the elements they know)' },
  { id: 'currency-rate-22', description: 'answers a well-formed but unsupported CURRENCY with code 22 "Не найден курс валюты %s" instead of 14',
    allowedBy: 'seed 002 error table: "14 Неправильная валюта: %s" and "22 Не найден курс валюты %s" are both documented; which one an unsupported currency gets is not stated' },
] as const satisfies readonly Variant[];

export type JysanVariant = (typeof JYSAN_VARIANTS)[number]['id'];
