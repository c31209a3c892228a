import type { PolicyDefect, PolicyVariant } from '../../reference/policy.ts';
import type { JysanMerchantPolicy } from './policy.ts';

export const JYSAN_MERCHANT_DEFECTS = [
  {
    id: 'accepts-forged-redirect',
    rules: ['JY-MRD-01'],
    description: 'takes the BACKREF redirect as proof of payment without verifying its sign',
    patch: { verifySign: false },
  },
  {
    id: 'keeps-line-breaks',
    rules: ['JY-MRD-02', 'JY-MRD-08'],
    description:
      "verifies sign over res_desc with its CR/LF kept, so genuine redirects and the bank's server POSTs with a multi-line res_desc are refused",
    patch: { signBase: { stripLineBreaks: false } },
  },
  {
    id: 'forged-blocks-order',
    rules: ['JY-MRD-03'],
    description: 'after a forged redirect, locks the order and refuses the genuine one',
    patch: { forgedBlocksOrder: true },
  },
  {
    id: 'repeat-differs',
    rules: ['JY-MRD-04'],
    description: 'answers a reloaded redirect with 409 "already processed"',
    patch: { repeat: 'conflict' },
  },
  {
    id: 'requires-auth',
    rules: ['JY-MRD-05'],
    description: 'wants HTTP Basic authentication on BACKREF',
    patch: { basicAuth: true },
  },
  {
    id: 'failure-crashes',
    rules: ['JY-MRD-06'],
    description: 'answers HTTP 500 to a redirect for a failed payment',
    patch: { failure: 'crash' },
  },
  {
    id: 'accepts-forged-post',
    rules: ['JY-MRD-07'],
    description: "takes the bank's server POST to BACKREF as proof of payment without verifying its sign",
    patch: { verifyPostSign: false },
  },
  {
    id: 'post-not-handled',
    rules: ['JY-MRD-08'],
    description: "BACKREF serves the browser only: the bank's server POST is answered 405 Method Not Allowed",
    patch: { post: 'refused' },
  },
  {
    id: 'post-repeat-conflict',
    rules: ['JY-MRD-10'],
    description: 'answers a repeated server POST of the same result with 409 "already processed"',
    patch: { postRepeat: 'conflict' },
  },
  {
    id: 'post-failure-crashes',
    rules: ['JY-MRD-11'],
    description: 'answers the server POST of a failed payment with HTTP 500',
    patch: { postFailure: 'crash' },
  },
  {
    id: 'ignores-amount',
    rules: ['JY-MRD-12'],
    description:
      "takes a genuine result (redirect or server POST) as payment of the order whatever its amount (accepts another amount than the order's)",
    patch: { refusesOtherAmount: false },
  },
  {
    id: 'sign-optional',
    rules: ['JY-MRD-01', 'JY-MRD-07'],
    description:
      'verifies sign only when there is one: a result (redirect or server POST) with no sign is taken unverified',
    patch: { signRequired: false },
  },
  {
    id: 'sign-length-crash',
    rules: ['JY-MRD-01', 'JY-MRD-07'],
    description:
      'compares sign with a constant-time compare that throws on another length (timingSafeEqual): a cut sign is HTTP 500',
    patch: { otherLengthSign: 'crash' },
  },
  {
    id: 'amount-whole-units',
    rules: ['JY-MRD-12'],
    description: "compares the result's amount with the order's in whole units (parseInt): one tiyn more is taken",
    patch: { amountCompare: 'whole' },
  },
  {
    id: 'amount-compared-as-text',
    rules: ['JY-MRD-14'],
    description:
      'compares the result\'s amount with the order\'s as text, so the order\'s amount spelled otherwise ("1000.5" for "1000.50") is refused',
    patch: { amountCompare: 'text' },
  },
  {
    id: 'ignores-currency',
    rules: ['JY-MRD-13'],
    description: "takes a genuine result of the order's amount as payment whatever its currency",
    patch: { refusesOtherCurrency: false },
  },
  {
    id: 'post-plus-kept',
    rules: ['JY-MRD-08'],
    description:
      "decodes the server POST's form body with decodeURIComponent alone: a `+` (a space) stays a `+`, so a genuine POST whose res_desc has spaces does not verify",
    patch: { postDecoding: 'uri' },
  },
  {
    id: 'post-latin1',
    rules: ['JY-MRD-08'],
    description:
      "reads the server POST's UTF-8 form body as ISO-8859-1 (a servlet container's default): a genuine POST whose res_desc is Cyrillic does not verify",
    patch: { postDecoding: 'latin1' },
  },
  {
    id: 'post-failure-refused',
    rules: ['JY-MRD-08'],
    description:
      "refuses the bank's genuine server POST of a declined payment as if its sign did not verify (a sign base that breaks on the absent rrn): HTTP 403",
    patch: { postFailure: 'refused' },
  },
  {
    id: 'rrn-required',
    rules: ['JY-MRD-02', 'JY-MRD-08'],
    description:
      "builds the sign base from an rrn it takes as always there (Java's map.get: null): the bank's genuine result of a declined payment, which has no rrn, does not verify: its redirect and its server POST are refused as forged ones are (HTTP 403)",
    patch: { rrnRequired: 'both' },
  },
  {
    // probe 23: a Perl shop's redirect handler left the empty rrn out of the sign base; every genuine
    // failed payment's redirect was refused as a forged one, and every rule passed
    id: 'redirect-rrn-required',
    rules: ['JY-MRD-02'],
    description:
      "builds the redirect's sign base from an rrn it takes as always there: the bank's genuine redirect of a declined payment, which has no rrn, does not verify and is refused as a forged one is (the server POST's is verified right)",
    patch: { rrnRequired: 'redirect' },
  },
  {
    id: 'post-forged-pays',
    rules: ['JY-MRD-07', 'JY-MRD-12', 'JY-MRD-13', 'JY-MRD-17'],
    description:
      "marks the order paid by the server POST's mpi_order before it verifies the sign, amount and currency: a forged POST, or one of another amount or currency, is refused (403, 409) but has paid the order (its orders say so), and the bank's genuine POST that follows is answered 409",
    patch: { postPaysBeforeVerify: true },
  },
  {
    id: 'post-forged-blocks-order',
    rules: ['JY-MRD-17'],
    description:
      "refuses a server POST whose sign does not verify (403) and locks its order: the bank's genuine POST that follows is refused",
    patch: { postForgedBlocksOrder: true },
  },
  {
    id: 'declined-cyrillic-crashes',
    rules: ['JY-MRD-06', 'JY-MRD-11'],
    description:
      "answers HTTP 500 to a failed payment's result (redirect or server POST) whose res_desc is not ASCII, as the bank's Russian texts are (\"Транзакция отклонена\"): the raw bytes joined to the shop's UTF-8 text",
    patch: { declinedTextCrash: true },
  },
  {
    id: 'repeat-fulfils-again',
    rules: ['JY-MRD-04', 'JY-MRD-10'],
    description:
      'ships a paid order again on each repeat of its result (a reloaded redirect, the server POST sent again), the answer numbering the shipment: "Отправление №2", "OK 2"',
    patch: { repeat: 'fulfils-again', postRepeat: 'fulfils-again' },
  },
  {
    // probe 23: a Perl shop's reload page; only the status of a reload was compared
    id: 'reload-error-page',
    rules: ['JY-MRD-04'],
    description:
      'answers a reloaded redirect HTTP 200 with an error page, "Ошибка: этот платёж уже был обработан ранее", where the first got the paid page: the payer who reloads is told the payment failed',
    patch: { repeat: 'error-page' },
  },
  {
    id: 'decodes-twice',
    rules: ['JY-MRD-02', 'JY-MRD-08'],
    description:
      "decodes the redirect's query and the server POST's body twice (urldecode of the decoded values): a `+` in res_desc becomes a space, so a genuine result whose res_desc has one does not verify",
    patch: { decodesTwice: 'form' },
  },
  {
    // probe 23: a Perl shop's uri_unescape of the decoded values; no result paycert sent had a %XX in it
    id: 'decodes-percent-twice',
    rules: ['JY-MRD-02', 'JY-MRD-08'],
    description:
      "decodes the %XX of the redirect's query and the server POST's body twice (rawurldecode of the decoded values, a `+` kept): a genuine result whose res_desc has a `%` followed by two hex digits does not verify",
    patch: { decodesTwice: 'percent' },
  },
  {
    id: 'declined-shown-paid',
    rules: ['JY-MRD-06'],
    description:
      "reads no res_code on the redirect: a failed payment's result is taken as a paid one's, and the payer is shown the paid page",
    patch: { failure: 'paid' },
  },
  {
    id: 'redirect-plus-kept',
    rules: ['JY-MRD-02'],
    description:
      "decodes the redirect's query with decodeURIComponent alone: a space written `+` stays a `+`, so a genuine redirect whose res_desc has spaces so written does not verify",
    patch: { queryDecoding: 'uri' },
  },
  {
    id: 'order-read-as-number',
    rules: ['JY-MRD-02', 'JY-MRD-08'],
    description:
      'verifies the sign over ORDER read as a number (0004100 as 4100): a genuine result for an order with leading zeros does not verify',
    patch: { orderAsNumber: true },
  },
  {
    id: 'accepts-unknown-order',
    rules: ['JY-MRD-15'],
    description: 'answers a genuine result for an order it does not have as a paid one (the paid page, HTTP 200)',
    patch: { unknownOrder: 'paid' },
  },
  {
    id: 'currency-letters-only',
    rules: ['JY-MRD-16'],
    description:
      "compares the result's currency with the order's letters only: a result in 398 for a KZT order is refused as another currency",
    patch: { currencyForms: 'letters' },
  },
  {
    id: 'secret-in-refusal',
    rules: ['JY-MRD-18'],
    description:
      'refuses a result whose sign does not verify with a page (and a POST answer) carrying its debug line, SHARED_SECRET and the sign base: `<!-- debug: base=SECRET… -->`, as a PHP shop left it',
    patch: { secretInRefusal: true },
  },
  {
    id: 'sign-drops-leading-zero',
    rules: ['JY-MRD-02', 'JY-MRD-08'],
    description:
      'writes its own sign as the digest\'s hex read as a number (Java\'s BigInteger.toString(16)), a leading 0 dropped: a genuine result whose sign starts with "0" (1 in 16) does not verify, on both channels',
    patch: { signDropsLeadingZero: true },
  },
  {
    id: 'strips-crlf-pairs-only',
    rules: ['JY-MRD-02', 'JY-MRD-08'],
    description:
      'removes "\\r\\n" pairs from res_desc before it verifies the sign, a lone LF or CR kept: a genuine result whose res_desc has one does not verify, on both channels',
    patch: { lineBreaks: 'pairs' },
  },
  {
    id: 'sign-first-act-last',
    rules: ['JY-MRD-12'],
    description:
      "verifies the sign over the first value of a parameter sent twice and acts on the last (two maps of one request): a genuine result of another amount with `&amount=` the order's appended pays the order, on both channels",
    patch: { duplicates: 'sign-first-act-last' },
  },
  {
    id: 'secret-as-char-array',
    rules: ['JY-MRD-18'],
    description:
      "refuses a result whose sign does not verify with a page (and a POST answer) carrying SHARED_SECRET as Java's Arrays.toString of the char[] it keeps it in: `<!-- debug: key=[0, 1, 2, …] -->`",
    patch: { secretInRefusal: 'chars' },
  },
  {
    id: 'declined-shown-paid-echoing',
    rules: ['JY-MRD-06'],
    description:
      'reads no res_code on the redirect, and its pages show the result (amount, rrn, res_desc): a failed payment\'s page is the paid one with an empty rrn and the bank\'s text "Транзакция отклонена"',
    patch: { failure: 'paid', pageShowsResult: true },
  },
  {
    id: 'post-declined-pays',
    rules: ['JY-MRD-11'],
    description:
      'reads no res_code on the server POST: a failed payment\'s POST pays the order (answered 200 "OK"), and the payer\'s redirect that follows shows it paid',
    patch: { postFailure: 'pays' },
  },
  {
    id: 'sanitizes-input',
    rules: ['JY-MRD-02', 'JY-MRD-08'],
    description:
      'HTML-escapes every value of the result (htmlspecialchars) before it verifies the sign: a genuine result whose res_desc has quotes, as seed 002\'s texts do (27 `Введите валидное значение в поле "%s".`), does not verify',
    patch: { sanitizesInput: true },
  },
  {
    id: 'declined-unpays',
    rules: ['JY-MRD-19'],
    description:
      "turns a paid order back to unpaid on a genuine failed payment's result for it (a late or replayed redirect or server POST of an earlier failed attempt): its page the failure page, its orders say unpaid",
    patch: { declinedUnpays: true },
  },
  {
    // probe 24: a Python shop sending each result to the order's status page, rendered from its state;
    // the page at the paid redirect's Location turned to the failure page, and JY-MRD-19 passed in part
    id: 'declined-unpays-status-page',
    rules: ['JY-MRD-19'],
    description:
      "sends each result to the order's status page (/orders/<ORDER>/success or /failure, rendered from the order's state) and turns a paid order back to unpaid on a genuine failed payment's result for it: the paid redirect's page then shows the failure page",
    patch: { declinedUnpays: true, statusPages: true },
  },
  {
    // probe 26: a Rails shop sending every redirect to the order's one status page, its redirect taking
    // any amount; the page showed the order paid after a redirect of 700.01 for 700, and JY-MRD-12/13
    // passed on the server POST (the redirect's answer taken for one "awaiting the bank" page)
    id: 'redirect-ignores-amount-status-page',
    rules: ['JY-MRD-12', 'JY-MRD-13'],
    description:
      "sends every result for an order it has to that order's one status page (/orders/<ORDER>, rendered from its state), and takes a genuine redirect as payment whatever its amount or currency (only the server POST compares them): the page then shows the order paid",
    patch: { statusPages: 'one-place', redirectComparesAmount: false },
  },
  {
    // probe 24: a Python shop verifying no POST sign and reading ORDER as an int: every forged POST went
    // to an order with leading zeros, answered 404 as its genuine POST was, and JY-MRD-07 passed
    id: 'accepts-forged-post-order-as-number',
    rules: ['JY-MRD-07', 'JY-MRD-08'],
    description:
      "takes the bank's server POST without verifying its sign, and looks its order up by ORDER read as a number: an order with leading zeros is not found (404), genuine or forged, one without is paid by any POST",
    patch: { verifyPostSign: false, postFindsOrderAsNumber: true },
  },
  {
    // review A 1: as accepts-forged-post-order-as-number, and a paid order's POST of another payment
    // refused 409 before anything else: forgeries re-sent for the paid precondition order were refused
    // by that guard, its precondition repeated got its first 200, and JY-MRD-07 passed
    id: 'accepts-forged-post-paid-guard',
    // a forged POST taken pays the order; its genuine POST after it is then another payment (409)
    rules: ['JY-MRD-07', 'JY-MRD-08', 'JY-MRD-17'],
    description:
      'takes the bank\'s server POST without verifying its sign, looks its order up by ORDER read as a number (an order with leading zeros not found, 404), and answers a POST for a paid order with another mpi_order 409 "already paid" before anything else',
    patch: { verifyPostSign: false, postFindsOrderAsNumber: true, postPaidGuardFirst: true },
  },
  {
    // review A 3: a shop verifying no redirect sign and finding no ORDER with leading zeros (404): the
    // forged redirects for such orders were refused as their genuine ones, and JY-MRD-01 passed
    id: 'accepts-forged-redirect-order-as-number',
    rules: ['JY-MRD-01', 'JY-MRD-02'],
    description:
      'takes the BACKREF redirect without verifying its sign, and looks its order up by ORDER read as a number: an order with leading zeros is not found (a 404 page), genuine or forged, one without is paid by any redirect',
    patch: { verifySign: false, redirectFindsOrderAsNumber: true },
  },
  {
    // probe 24: a Python shop caching the signs it verified; paycert's tampered POSTs all came before
    // the genuine one, and none replayed an accepted result
    id: 'post-trusts-known-sign',
    rules: ['JY-MRD-07'],
    description:
      "takes a server POST whose sign it verified before without verifying it again (a cache of verified signs): the bank's genuine result, once taken, replayed with another order and amount pays that order",
    patch: { postTrustsKnownSign: true },
  },
  {
    // probe 25: a PHP shop behind Apache, a mod_rewrite [F] rule on quotes in the query (ModSecurity
    // style); seed 002's res_code 27 text was refused with Apache's 403 page, and paycert, guessing an
    // address list, left JY-MRD-02/05/06 unjudged
    id: 'edge-refuses-quotes',
    rules: ['JY-MRD-02'],
    description:
      "stands behind an edge rule that refuses a redirect whose query carries a quote or '<' with Apache's bare 403 page: the bank's genuine result whose res_desc quotes a field (seed 002 27 `Введите валидное значение в поле \"%s\".`) never reaches the shop, for the payer's browser too",
    patch: { edgeRefusesQuotes: true },
  },
] as const satisfies readonly PolicyDefect<JysanMerchantPolicy>[];

export type JysanMerchantDefect = (typeof JYSAN_MERCHANT_DEFECTS)[number]['id'];

/** Tolerance variants: behaviour the seed allows that differs from the reference (see Variant). */
export const JYSAN_MERCHANT_VARIANTS = [
  {
    id: 'refuses-with-400',
    description: 'refuses a redirect whose sign does not verify with HTTP 400 (the reference uses 403)',
    allowedBy:
      'seed silence: seed 002 names BACKREF only ("Ссылка для отправки результата по заказу") and fixes no status; JY-MRD-01 asks for any 4xx',
    patch: { refusalStatus: 400 },
  },
  {
    id: 'accepts-with-redirect',
    description: 'answers every genuine redirect with 303 See Other to its own result page',
    allowedBy: 'seed silence: seed 002 fixes no answer for BACKREF; JY-MRD-02 asks for 2xx or 3xx',
    patch: { redirectsToResult: true },
  },
  {
    id: 'redirects-to-pages',
    description:
      'answers every redirect with 303 See Other: to its result page when it takes the payment, to its failure page when it refuses the redirect (a forged sign, another amount)',
    allowedBy:
      "seed silence: seed 002 fixes no answer for BACKREF; JY-MRD-01 and JY-MRD-12 take a redirect elsewhere than a genuine one's as a refusal",
    patch: { redirectsToResult: true, redirectsRefusals: true },
  },
  {
    id: 'refuses-with-redirect',
    description:
      'answers a genuine redirect with its result page in place (HTTP 200), one it refuses (a forged sign, another amount) with 303 See Other to its failure page',
    allowedBy:
      "seed silence: seed 002 fixes no answer for BACKREF; JY-MRD-01 and JY-MRD-12 take a redirect elsewhere than a genuine one's answer as a refusal",
    patch: { redirectsRefusals: true },
  },
  {
    id: 'paid-page-shows-amount',
    description: 'shows on a paid order\'s page its amount and currency ("Сумма: 1007.50 KZT"), as the order has them',
    allowedBy: 'seed silence: seed 002 fixes no content for the page at BACKREF',
    patch: { paidPageShowsAmount: true },
  },
  {
    id: 'declined-page-402',
    description: 'answers the redirect of a declined payment with its "payment failed" page and HTTP 402',
    allowedBy: 'seed silence: seed 002 fixes no answer for BACKREF; JY-MRD-06 forbids only a server error',
    patch: { failureStatus: 402 },
  },
  {
    id: 'post-answers-204',
    description: "answers the bank's genuine server POST with 204 No Content",
    allowedBy:
      'seed silence: no answer to the server POST is documented (digest §A10, open question 2); JY-MRD-08 asks for any 2xx',
    patch: { postOkStatus: 204 },
  },
  {
    id: 'redirect-awaits-post',
    description:
      'verifies the sign of the redirect, and answers every genuine successful one for an order it has with one page ("awaiting the bank\'s confirmation"), whatever its amount or currency, and one for an order it does not have 404: only the server POST pays an order',
    allowedBy:
      "seed silence: seed 002 fixes nothing of what BACKREF does with the redirect; digest §A10 advises treating it as unconfirmed and verifying otherwise. JY-MRD-12/13/15 are judged on the server POST (the redirect's answer shows nothing of what was taken as paid: passed partly)",
    patch: { redirectPays: false },
    unjudged: ['JY-MRD-19'],
    unjudgedWhy:
      "its one page for every successful redirect shows no order's state, nor does any other answer: whether a late failed result turns a paid order back is not shown to a real target (probe 25: passed partly before)",
  },
  {
    id: 'pages-show-result',
    description:
      "shows on the page it answers a genuine result with that result's amount, currency, rrn and res_desc (HTML-escaped), as the redirect carried them",
    allowedBy: 'seed silence: seed 002 fixes no content for the page at BACKREF',
    patch: { pageShowsResult: true },
  },
  {
    id: 'answers-stamped',
    description:
      'puts in every page and every server POST answer a request token and the time it was made, so that no two answers are byte for byte alike',
    allowedBy: 'seed silence: seed 002 fixes no content for the page at BACKREF nor for the answer to its POST',
    patch: { stamped: true },
  },
  {
    id: 'post-repeat-ignored',
    description: 'answers a repeated server POST of a paid result 200 "DUPLICATE IGNORED", the first one "OK"',
    allowedBy:
      'seed silence: no answer to the server POST is documented (digest §A10, open question 2), no line names its text; JY-MRD-10 asks for the same answer, judged by its status',
    patch: { postRepeat: 'ignored' },
  },
  {
    id: 'post-declined-402',
    description: 'answers the bank\'s server POST of a declined payment with 402 "payment failed: noted"',
    allowedBy:
      'seed silence: no answer to the server POST is documented (digest §A10, open question 2); JY-MRD-11 forbids only a server error, JY-MRD-08 only the refusal a forged POST gets',
    patch: { postFailureStatus: 402 },
  },
  {
    id: 'order-status-pages',
    description:
      'answers every genuine result for an order it has 303 to the order\'s status page (/orders/<ORDER>/success or /failure), which shows the order\'s state now (paid, or "payment failed")',
    allowedBy: 'seed silence: seed 002 fixes no answer for BACKREF; JY-MRD-02 asks for 2xx or 3xx',
    patch: { statusPages: true },
  },
  {
    // probe 26: the Rails shop's f_jy_redirect_order_page
    id: 'order-status-page-one-place',
    description:
      "answers every genuine result for an order it has 303 to that order's one status page (/orders/<ORDER>), which shows the order's state now (paid, or not)",
    allowedBy: 'seed silence: seed 002 fixes no answer for BACKREF; JY-MRD-02 asks for 2xx or 3xx',
    patch: { statusPages: 'one-place' },
  },
  {
    id: 'forged-page-200',
    description:
      'sends every genuine result to the order\'s status page (303), and answers a redirect whose sign does not verify in place with its error page ("Подпись результата неверна") and HTTP 200, the order left unpaid',
    allowedBy:
      "seed silence: seed 002 fixes no answer for BACKREF, nor the status the payer's browser gets; JY-MRD-01 asks for a refusal, and an error page that is not a paid order's is one",
    patch: { statusPages: true, refusalPageOk: true },
  },
] as const satisfies readonly PolicyVariant<JysanMerchantPolicy>[];

export type JysanMerchantVariant = (typeof JYSAN_MERCHANT_VARIANTS)[number]['id'];
