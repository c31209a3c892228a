import type { PolicyDefect, PolicyVariant } from '../../reference/policy.ts';
import type { GreenleavesMerchantPolicy } from './policy.ts';

export const GREENLEAVES_MERCHANT_DEFECTS = [
  {
    id: 'answers-differently-on-repeat',
    rules: ['GL-MCB-06'],
    description: 'answers a repeated call with error "already processed" instead of the first answer',
    patch: { repeat: 'error' },
  },
  {
    id: 'rejects-without-can-reject',
    rules: ['GL-MCB-05'],
    description: 'rejects an order it cannot deliver even when pg_can_reject=0',
    patch: { rejectsWhenNotAllowed: 'always' },
  },
  {
    id: 'rejects-other-amount-without-can-reject',
    rules: ['GL-MCB-05'],
    description:
      'compares the amount first and rejects a payable order paid with another amount even when pg_can_reject=0',
    patch: { rejectsWhenNotAllowed: 'other-amount' },
  },
  {
    id: 'rejects-second-payment-without-can-reject',
    rules: ['GL-MCB-05'],
    description:
      'rejects a second successful payment (another pg_payment_id) of an order already paid even when pg_can_reject=0',
    patch: { rejectsWhenNotAllowed: 'paid-order' },
  },
  {
    id: 'replays-rejection-on-retry',
    rules: ['GL-MCB-24'],
    description:
      "answers the gateway's retry (pg_can_reject=0) of a payment it rejected at pg_can_reject=1 with the stored rejection",
    patch: { takesRetryAfterRejection: false },
  },
  {
    id: 'skips-signature-verification',
    // a forged call for a payment (another amount) is decided on, and the genuine one is its repeat
    rules: ['GL-MCB-03', 'GL-MCB-04'],
    description: 'never verifies pg_sig of a call',
    patch: { verifySignature: false },
  },
  {
    id: 'accepts-missing-signature',
    rules: ['GL-MCB-03'],
    description: 'verifies pg_sig only when the call has a non-empty one (`if (sig && sig !== expected)`)',
    patch: { signatureCompare: 'when-present' },
  },
  {
    id: 'compares-signature-prefix',
    rules: ['GL-MCB-03'],
    description:
      'takes pg_sig when the expected signature starts with it (`expected.startsWith(sig)`): an empty one passes',
    patch: { signatureCompare: 'prefix' },
  },
  {
    id: 'compares-signature-prefix-non-empty',
    rules: ['GL-MCB-03'],
    description:
      'takes a non-empty pg_sig when the expected signature starts with it (`sig.length > 0 && expected.startsWith(sig)`): the genuine one cut short passes',
    patch: { signatureCompare: 'prefix-non-empty' },
  },
  {
    id: 'compares-signature-as-number',
    rules: ['GL-MCB-03'],
    description:
      'compares pg_sig as a number (`parseInt(sig, 16) === parseInt(expected, 16)`): 32 hex digits overflow a double, so the genuine one changed in its last digit passes',
    patch: { signatureCompare: 'number' },
  },
  {
    id: 'check-skips-signature',
    rules: ['GL-MCB-03'],
    description:
      'check_url never verifies pg_sig (result_url does): a forged check call for a payable order is answered ok',
    patch: { checkVerifiesSignature: false },
  },
  {
    id: 'signs-url-encoded-values',
    rules: ['GL-MCB-14'],
    description:
      'verifies pg_sig over the values percent-encoded again (querystring.stringify): a genuine call with Cyrillic or spaces is answered error',
    patch: { signedValues: 'url-encoded' },
  },
  {
    id: 'trims-values',
    rules: ['GL-MCB-14'],
    description:
      "verifies pg_sig over the values trimmed (Laravel's TrimStrings middleware): a genuine call with a value beginning or ending in a blank is answered error",
    patch: { signedValues: 'trimmed' },
  },
  {
    id: 'decodes-values-twice',
    rules: ['GL-MCB-14'],
    description:
      'percent-decodes the values again before verifying pg_sig (`decodeURIComponent`, errors caught): a genuine call with "%2B" in a value is answered error',
    patch: { signedValues: 'decoded-again' },
  },
  {
    id: 'adds-slashes',
    rules: ['GL-MCB-14'],
    description:
      'runs addslashes() over the values before verifying pg_sig (magic quotes "for the database"): a genuine call with "\'", \'"\' or "\\" in a value is answered error',
    patch: { signedValues: 'slashes-added' },
  },
  {
    id: 'skips-empty-fields',
    rules: ['GL-MCB-10'],
    description:
      "verifies pg_sig over the non-empty fields only (Python's parse_qs without keep_blank_values): a genuine call with an own field left empty is answered error",
    patch: { signedValues: 'non-empty' },
  },
  {
    id: 'echoes-description-unescaped',
    rules: ['GL-MCB-01'],
    description:
      'answers a paid order with the call\'s pg_description echoed into the XML unescaped: a description with "&" makes the answer not XML',
    patch: { answer: { echoesUnescaped: true } },
  },
  {
    id: 'wrong-script-name',
    rules: ['GL-MCB-02'],
    description: 'signs its answers with the script name "index.php"',
    patch: { answer: { scriptName: 'index.php' } },
  },
  {
    id: 'verifies-with-program-name',
    // every genuine call is answered error, in every form: GL-MCB-14, not GL-MCB-15 (the form is read)
    rules: ['GL-MCB-14', 'GL-MCB-02'],
    description:
      'verifies calls and signs its answers with the name of its own program ("shop.pl", basename($0)), not the last segment of its URL',
    patch: { verifyScriptName: 'shop.pl', answer: { scriptName: 'shop.pl' } },
  },
  {
    id: 'plus-literal',
    // the form is read, its encoding not: the %20 spelling of the same call is taken (GL-MCB-15, not GL-MCB-14)
    rules: ['GL-MCB-15'],
    description:
      'declares urlencoded POST and decodes only %XX in it, a "+" kept as "+": a genuine call whose spaces are written "+" (PHP\'s http_build_query) is answered error',
    patch: { plusAsSpace: false, declares: { postEncoding: 'urlencoded' } },
  },
  {
    id: 'unsigned-answer',
    rules: ['GL-MCB-01', 'GL-MCB-02'],
    description: 'answers without pg_salt and pg_sig',
    patch: { answer: { signed: false } },
  },
  {
    id: 'http-500-on-duplicate',
    rules: ['GL-MCB-06'],
    description: 'answers HTTP 500 to a call for a payment it has already answered',
    patch: { repeat: 'http-500' },
  },
  {
    id: 'failed-payment-repeat-differs',
    rules: ['GL-MCB-06'],
    description:
      'logs failed payments (pg_result=0) under a unique payment id: a repeated call for one is answered error "already registered"',
    patch: { repeat: 'failed-error' },
  },
  {
    id: 'answers-by-order',
    rules: ['GL-MCB-14', 'GL-MCB-20'],
    description:
      "looks result_url's stored answers up by pg_order_id, not pg_payment_id: a later payment of an order gets the answer to its first one (a rejection, a failed payment's acknowledgement)",
    patch: { answersBy: 'order' },
  },
  {
    id: 'requires-auth',
    rules: ['GL-MCB-11', 'GL-MCB-17'],
    description: 'wants HTTP Basic authentication on result_url and check_url',
    patch: { basicAuth: { result: true, check: true } },
  },
  {
    id: 'check-requires-auth',
    rules: ['GL-MCB-17'],
    description: 'wants HTTP Basic authentication on check_url (result_url is open)',
    patch: { basicAuth: { check: true } },
  },
  {
    id: 'forged-changes-state',
    rules: ['GL-MCB-04'],
    description: 'answers a forged call with error but remembers that answer for the payment',
    patch: { forgedRemembered: true },
  },
  {
    id: 'ignores-extra-fields',
    rules: ['GL-MCB-10'],
    description: 'verifies the signature over pg_ fields only',
    patch: { signedFields: 'pg-only' },
  },
  {
    id: 'sorts-names-case-insensitively',
    rules: ['GL-MCB-23'],
    description:
      'verifies pg_sig over the field names sorted case-insensitively (`sort_by(&:downcase)`): a call with an own field named PaycertRef is answered error',
    patch: { nameOrder: 'folded' },
  },
  {
    // review of probe 26's mends: a refused call of PaycertRef taken for the order's refusal (GL-MCB-14)
    id: 'sorts-names-case-insensitively-rejects-unverified',
    rules: ['GL-MCB-23'],
    description:
      'verifies pg_sig over the field names sorted case-insensitively, and answers a call it cannot verify rejected (pg_can_reject=1): a call with an own field named PaycertRef is answered rejected, the same order without it taken',
    patch: { nameOrder: 'folded', unverifiedRejected: true },
  },
  {
    // review of probe 26's mends: the extras' refusal taken for the order's (GL-MCB-14)
    id: 'refuses-unknown-fields',
    rules: ['GL-MCB-10'],
    description:
      "refuses a result_url call with a field other than the gateway's pg_ ones (a form validator): a call with the merchant's own extra fields is answered rejected, the same order without them taken",
    patch: { refusesUnknownFields: true },
  },
  {
    id: 'forgets-after-lifetime',
    rules: ['GL-MCB-07'],
    description: 'answers a repeat with error "order expired" once pg_lifetime has passed',
    patch: { forgetsAfterLifetime: true },
  },
  {
    id: 'concurrent-race',
    rules: ['GL-MCB-08'],
    description: 'answers error to a repeat that arrives while the first call is still being processed',
    patch: { slowDecision: true },
  },
  {
    id: 'rejects-failed-payment',
    rules: ['GL-MCB-09'],
    description: 'answers error to a call with pg_result=0',
    patch: { failedPayment: 'error' },
  },
  {
    id: 'failed-payment-pays-order',
    rules: ['GL-MCB-20'],
    description:
      'marks the order paid on a call with pg_result=0, so the next, successful payment is rejected as a second one',
    patch: { failedPaymentPays: true },
  },
  {
    id: 'check-answers-late',
    rules: ['GL-MCB-22'],
    description:
      'check_url answers every call after 7 s, later than the gateway waits (a reference is given 5 s; a real shop 30 s): every payment is refused',
    patch: { checkAnswerDelayMs: 7_000 },
  },
  {
    id: 'check-accepts-unknown',
    rules: ['GL-MCB-12'],
    description: 'check_url answers ok for an order it does not have',
    patch: { checkRefusesUnknown: false },
  },
  {
    id: 'check-ignores-amount',
    rules: ['GL-MCB-12'],
    description: 'check_url answers ok for a payable order whatever pg_amount says',
    patch: { checkComparesAmount: false },
  },
  {
    id: 'accepts-undeliverable',
    rules: ['GL-MCB-13'],
    description: 'answers ok for an expired order although it may reject',
    patch: { refusesUndeliverable: false },
  },
  {
    id: 'multipart-unsupported',
    rules: ['GL-MCB-15'],
    description: 'reads only application/x-www-form-urlencoded bodies, yet declares the default multipart',
    patch: { reads: 'urlencoded' },
  },
  {
    id: 'rejects-without-reason',
    rules: ['GL-MCB-16'],
    description: 'rejects with an empty pg_description, so the payer sees no reason',
    patch: { answer: { rejectionReason: false } },
  },
  {
    id: 'rejects-with-blank-reason',
    rules: ['GL-MCB-16'],
    description: 'rejects with a pg_description of a single space, so the payer sees no reason',
    patch: { answer: { rejectionReason: 'blank' } },
  },
  {
    id: 'rejects-with-500',
    // a rejection not answered HTTP 200 is no answer: the gateway calls again, and the shop may not
    // refuse then (seed 001). check_url's refusals with 500 are still refusals (GL-MCB-12 passes)
    rules: ['GL-MCB-01', 'GL-MCB-13', 'GL-MCB-18', 'GL-MCB-19'],
    description:
      'answers every rejection (result_url and check_url) with its signed XML but HTTP 500 ("a refusal is an error")',
    patch: { answer: { rejectionStatus: 500 } },
  },
  {
    id: 'rejects-with-bare-500',
    // a refusal not answered HTTP 200 refuses nothing (seed 001), with its XML or without it (review of
    // probe 23: a bare 500 passed GL-MCB-19, where the same refusal in XML failed it)
    rules: ['GL-MCB-13', 'GL-MCB-18', 'GL-MCB-19'],
    description:
      'answers every result_url rejection with a bare HTTP 500, no XML ("a refusal is an error"); check_url rejections as rejects-with-500',
    patch: { answer: { rejectionStatus: 500, rejectionBare: true } },
  },
  {
    id: 'check-verifies-as-result',
    rules: ['GL-MCB-12'],
    description:
      'check_url verifies pg_sig with the script name "result" (its handler copied from result_url): every genuine check is answered error',
    patch: { checkVerifyScriptName: 'result' },
  },
  {
    id: 'accepts-unknown-order',
    rules: ['GL-MCB-18'],
    description: 'answers ok to a call for an order it does not have, even with pg_can_reject=1',
    patch: { refusesUnknownOrder: false },
  },
  {
    id: 'amount-format-mismatch',
    rules: ['GL-MCB-14'],
    description:
      'compares pg_amount with the order amount written with two decimals ("500" is not "500.00"), so it rejects payable orders',
    patch: { amountCompare: 'two-decimals-text' },
  },
  {
    // probe 26 (a Django shop, every sixth of its payable orders "1250.50", the rest "500"): result-ok's
    // order cost whole tenge and was taken, another check's precondition met one with tiyn, refused at its
    // declared amount, and was left inconclusive "(see GL-MCB-14)" beside GL-MCB-14 passed
    id: 'refuses-amount-with-tiyn',
    // (check_url's refusal of them is not judged: check-url's own order costs whole tenge, and GL-MCB-12
    // is left inconclusive behind its precondition's order, one with tiyn, refused: GL-MCB-14)
    rules: ['GL-MCB-14'],
    description:
      'refuses a pg_amount with tiyn (an integer amount column) on result_url and check_url: every third payable order, declared with 50 tiyn, is rejected at its declared amount; the others are taken',
    patch: { refusesTiyn: true, declares: { tiyn: 50, tiynEvery: 3 } },
  },
  {
    // probe 26: a Django view without @csrf_exempt; GL-MCB-17 and GL-MCB-22 passed on its 403 pages
    id: 'check-url-csrf',
    rules: ['GL-MCB-12'],
    description:
      'check_url\'s view is not exempt from Django\'s CSRF check: every call is answered HTTP 403 "CSRF verification failed"',
    patch: { checkRefusal: 'django-csrf' },
  },
  {
    // probe 26: a Django route declared "pay/check/", the shop's URL without the "/"
    id: 'check-url-append-slash',
    rules: ['GL-MCB-12'],
    description:
      'check_url\'s route is declared with a trailing "/": Django\'s APPEND_SLASH answers every call HTTP 301 to the URL with one',
    patch: { checkRefusal: 'append-slash' },
  },
  {
    id: 'amount-compared-as-text',
    rules: ['GL-MCB-21'],
    description:
      'compares pg_amount with the declared amount as text, so the same amount spelled otherwise ("500.00" for "500") is refused',
    patch: { amountCompare: 'text' },
  },
  {
    id: 'ignores-amount',
    rules: ['GL-MCB-19'],
    description: "takes a payment for an order whatever its pg_amount (answers ok to another amount than the order's)",
    patch: { refusesOtherAmount: false },
  },
  {
    id: 'amount-in-whole-tenge',
    rules: ['GL-MCB-19'],
    description: 'compares pg_amount in whole tenge (`parseInt`), so a call one tiyn off is taken',
    patch: { amountCompare: 'whole-tenge' },
  },
  {
    // probe 25 (a PHP shop comparing `(int)$sent === (int)$order`, its orders 99.99, 3000, …): one tiyn
    // more on 99.99 is 100.00, another tenge, refused; one tiyn less, 99.98, is taken
    id: 'amount-in-whole-tenge-orders-with-tiyn',
    rules: ['GL-MCB-19'],
    description:
      'compares pg_amount in whole tenge (`(int)$pg_amount`), its orders costing x.99: a call one tiyn above crosses a tenge and is refused, one a tiyn below is taken',
    patch: { amountCompare: 'whole-tenge', declares: { tiyn: 99 } },
  },
  {
    id: 'takes-underpayment',
    rules: ['GL-MCB-19'],
    description: "takes a payment of an amount not above the order's (`sent <= declared`): an underpayment is taken",
    patch: { amountCompare: 'not-above' },
  },
  {
    id: 'ignores-currency',
    rules: ['GL-MCB-19'],
    description: "compares pg_amount only, so the order's amount in another pg_currency (500 USD for 500 KZT) is taken",
    patch: { comparesCurrency: false },
  },
  {
    id: 'secret-in-refusal',
    rules: ['GL-MCB-25'],
    description:
      'answers a call whose pg_sig does not verify with an error whose pg_description tells the sign base it expected, secret_key at its end (`md5(result;…;s3cr3tKey)`)',
    patch: { secretInRefusal: true },
  },
] as const satisfies readonly PolicyDefect<GreenleavesMerchantPolicy>[];

export type GreenleavesMerchantDefect = (typeof GREENLEAVES_MERCHANT_DEFECTS)[number]['id'];

/** Tolerance variants: behaviour the seed allows that differs from the reference (see Variant). */
export const GREENLEAVES_MERCHANT_VARIANTS = [
  {
    id: 'busy-while-deciding',
    description:
      'decides after slow I/O, and refuses a repeat arriving meanwhile with HTTP 409 "payment in progress"; called again, it gives the first answer',
    allowedBy:
      'seed 001 "Если сервер мерчанта недоступен в момент вызова Result URL или ответ от сервера был не со статусом 200, Greenleavespay будет предпринимать повторные попытки его вызвать": a repeat not answered 200 is called again, and that answer matches the first',
    patch: { slowDecision: true, busy: 'http-409' },
  },
  {
    id: 'seed-negative-example',
    description: 'answers a failed payment (pg_result=0) with pg_can_reject=1 as rejected "Платеж отменен"',
    allowedBy:
      'seed 001 "Пример отрицательного ответа магазина": pg_result=0, pg_can_reject=1 → <pg_status>rejected</pg_status><pg_description>Платеж отменен</pg_description>',
    patch: { failedPayment: 'reject-when-allowed' },
  },
  {
    id: 'error-for-unknown-order',
    description: 'answers error "Заказ не найден" to a call for an order it does not have, whatever pg_can_reject',
    allowedBy:
      'seed 001 "error - ошибка в интерпретации данных"; the seed forbids only "rejected" with pg_can_reject=0 ("Статус rejected может быть возвращен мерчантом только в случае … pg_can_reject равный 1")',
    patch: { unknownOrderError: true },
  },
  {
    id: 'urlencoded-only',
    description: 'reads only application/x-www-form-urlencoded bodies, and declares postEncoding "urlencoded"',
    allowedBy:
      'seed 001 "передает на него методом Request Method"; the seed fixes no body encoding for the merchant to read (its samples are multipart), digest §1 lists urlencoded among the accepted bodies',
    patch: { reads: 'urlencoded', declares: { postEncoding: 'urlencoded' } },
  },
  {
    id: 'get-only',
    description: 'reads only the query string (pg_request_method GET), and declares requestMethod "GET"',
    allowedBy:
      'seed 001 "передает на него методом Request Method информацию о результате платежа"; digest §3.4 pg_request_method GET/POST/XML [PUB]',
    patch: { reads: 'query', declares: { requestMethod: 'GET' } },
  },
  {
    id: 'extra-answer-fields',
    description: 'adds its own field (shop_ref) to every answer, signed with the rest',
    allowedBy:
      'seed silence: the answer samples show four fields and no list says they are the only ones; digest §2.1 [PUB "any party may add undocumented parameters; they take part in the signature"]',
    patch: { answer: { extraField: true } },
  },
  {
    id: 'money-format-amounts',
    description:
      'reads pg_amount as a number in the money format only ("500", "500.00", "482.5"; "123.420", with a third decimal, is no amount and is refused)',
    allowedBy:
      'digest §1 Money format [PUB]: "fractional part optional for whole numbers; at most 2 decimals", so the gateway never sends a third decimal; the seed\'s samples write "pg_amount=500", "pg_net_amount=482.5"',
    patch: { amountCompare: 'money-format' },
  },
  {
    id: 'own-query-signed',
    description:
      "declares its result_url and check_url with a query string of its own (?shop=1&lang=ru), is called by GET, and verifies pg_sig over every field it receives, its URL's own among them",
    allowedBy:
      'seed 001 "передает на него методом Request Method"; whether the gateway signs the fields of the URL\'s own query string is unknown (digest §7 item 1, "query strings"), and digest §2.5 has the merchant verify over "every received field"',
    patch: { reads: 'query', declares: { requestMethod: 'GET', query: 'shop=1&lang=ru' } },
  },
  {
    id: 'own-query-unsigned',
    description:
      "declares its result_url and check_url with a query string of its own (?shop=1&lang=ru), is called by GET, and verifies pg_sig over the call's fields, without its URL's own",
    allowedBy:
      'seed 001 "передает на него методом Request Method"; whether the gateway signs the fields of the URL\'s own query string is unknown (digest §7 item 1, "query strings")',
    patch: { reads: 'query', declares: { requestMethod: 'GET', query: 'shop=1&lang=ru' }, signsOwnQuery: false },
  },
  {
    id: 'description-only-on-reject',
    description: 'omits pg_description from ok and error answers',
    allowedBy:
      'seed silence: the seed only says what pg_description is for on a rejection ("поле pg_description из ответа мерчанта показывается пользователю как причина отказа")',
    patch: { answer: { descriptionAlways: false } },
  },
  {
    id: 'fixed-descriptions',
    description:
      'answers every call of one status with one fixed pg_description ("Принято", "Отказ", "Ошибка"): a new payment\'s answer reads word for word as an earlier payment\'s',
    allowedBy:
      'seed silence: pg_description is the merchant\'s free text; the seed only says what it is for on a rejection ("поле pg_description из ответа мерчанта показывается пользователю как причина отказа")',
    patch: { answer: { fixedDescriptions: true } },
  },
] as const satisfies readonly PolicyVariant<GreenleavesMerchantPolicy>[];

export type GreenleavesMerchantVariant = (typeof GREENLEAVES_MERCHANT_VARIANTS)[number]['id'];
