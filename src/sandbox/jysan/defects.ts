import type { Defect, Variant } from '../defects.ts';

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
