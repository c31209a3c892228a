import type { PolicyDefect, PolicyVariant } from '../../reference/policy.ts';
import type { GreenleavesV5MerchantPolicy } from './policy.ts';

export const GREENLEAVES_V5_MERCHANT_DEFECTS = [
  {
    id: 'text-answer',
    rules: ['V5-MCB-01'],
    description: 'answers callbacks with the plain text "OK" instead of the JSON answer',
    patch: { answer: { format: 'text' } },
  },
  {
    id: 'accepts-forged-callback',
    rules: ['V5-MCB-02'],
    description: 'takes callbacks without verifying X-JWS-Signature',
    patch: { verifySignature: false },
  },
  {
    id: 'compares-signature-prefix',
    rules: ['V5-MCB-02'],
    description: 'checks the header but compares only the first ten characters of the signature',
    patch: { signatureCompare: 'prefix' },
  },
  {
    id: 'signature-starts-with',
    rules: ['V5-MCB-02'],
    description:
      'checks the header but takes a signature the expected one starts with (`expected.startsWith(sig)`): a cut one passes',
    patch: { signatureCompare: 'starts-with' },
  },
  {
    id: 'ignores-uri-binding',
    rules: ['V5-MCB-02'],
    description: "verifies the HMAC but not the header's uri, so a request's signature (/v5/g2g/create) passes",
    patch: { bindUri: false },
  },
  {
    id: 'accepts-alg-none',
    rules: ['V5-MCB-02'],
    description: 'takes a token whose protected header says alg "none" without a signature (the JOSE library default)',
    patch: { acceptsAlgNone: true },
  },
  {
    id: 'verifies-attached-payload',
    rules: ['V5-MCB-02'],
    description:
      'verifies a token carrying a payload (header.payload.signature) over that payload and processes the body received (`token.replace("..", "." + b64(body) + ".")`, a no-op on such a token): a captured signature authenticates any body',
    patch: { attachedPayload: 'body-used' },
  },
  {
    id: 'repeats-before-verifying',
    rules: ['V5-MCB-02'],
    description:
      'answers a result_url call for a payment it has answered from its store before verifying the signature, so a forged call for a paid payment is answered ok',
    patch: { repeatBeforeVerify: true },
  },
  {
    id: 'check-signature-present-only',
    rules: ['V5-MCB-02'],
    description: 'check_url only looks for an X-JWS-Signature header, and takes any signature',
    patch: { checkSignature: 'present' },
  },
  {
    id: 'verifies-reserialised-body',
    rules: ['V5-MCB-01'],
    description:
      'verifies the signature over the body re-serialised after parsing (JSON.stringify(req.body)), not the bytes received, so a genuine call in another JSON spelling is refused',
    patch: { signedBody: 'reserialised' },
  },
  {
    id: 'verifies-php-reencoded-body',
    rules: ['V5-MCB-01'],
    description:
      'verifies the signature over the body re-encoded as PHP\'s json_encode does ("\\/", \\u escapes), so a genuine call with "/" or raw UTF-8 in its body (a check_url call, a declined payment\'s) is refused as a forgery is',
    patch: { signedBody: 'php-reencoded' },
  },
  {
    id: 'answer-with-bom',
    rules: ['V5-MCB-01'],
    description: 'writes a UTF-8 byte order mark before its JSON answer (RFC 8259 §8.1: a JSON parser refuses it)',
    patch: { answer: { bom: true } },
  },
  {
    id: 'answer-in-windows-1251',
    rules: ['V5-MCB-01'],
    description:
      "answers its JSON in windows-1251, labelled so (charset=windows-1251): RFC 8259 §8.1, JSON between systems is UTF-8, and a gateway's json_decode refuses the Cyrillic description's bytes",
    patch: { answer: { cp1251: true } },
  },
  {
    id: 'status-twice',
    rules: ['V5-MCB-01'],
    description:
      'writes status twice in its JSON answer, the same word (a template\'s {"status": …} and the handler\'s answer joined as text: RFC 8259 §4, names SHOULD be unique)',
    patch: { answer: { statusTwice: true } },
  },
  {
    id: 'key-by-auth-id',
    rules: ['V5-MCB-02'],
    description:
      "looks the key up by the token's auth_id, the empty key for one it does not know (`$keys[$auth_id] ?? ''`): a call signed with the empty key under another auth_id passes",
    patch: { key: 'by-auth-id' },
  },
  {
    id: 'doc-key-fallback',
    rules: ['V5-MCB-02'],
    description: "takes a signature made with its key or else with the seed's example key 123456",
    patch: { key: 'doc-key-fallback' },
  },
  {
    id: 'check-ignores-amount',
    rules: ['V5-MCB-09'],
    description: 'check_url answers ok for an order it has whatever the amount and currency asked',
    patch: { checkRefuses: { amount: false } },
  },
  {
    id: 'check-ok-when-paid',
    rules: ['V5-MCB-09'],
    description: 'check_url answers ok for an order already paid',
    patch: { checkRefuses: { paid: false } },
  },
  {
    id: 'check-ok-when-expired',
    rules: ['V5-MCB-09'],
    description: 'check_url answers ok for an expired order',
    patch: { checkRefuses: { expired: false } },
  },
  {
    id: 'answers-by-order',
    rules: ['V5-MCB-09'],
    description:
      "keeps result_url's answers by order_id, not by the payment's id: the paid payment after a declined one gets the declined one's answer (ok), the order is never paid, and check_url takes it again (probe 22)",
    patch: { answersKeptBy: 'order' },
  },
  {
    id: 'signature-present-only',
    rules: ['V5-MCB-02'],
    description:
      'refuses a call without X-JWS-Signature and takes any other, verifying nothing (probe 22): the forged calls pay the order',
    patch: { signaturePresentOnly: true },
  },
  {
    id: 'forged-remembered',
    rules: ['V5-MCB-03'],
    description: "remembers a forged callback's error answer for the payment and repeats it to the genuine one",
    patch: { forgedRemembered: true },
  },
  {
    id: 'repeat-differs',
    // concurrent duplicates are repeats too: the first is ok, the rest "already processed"
    rules: ['V5-MCB-04', 'V5-MCB-08'],
    description: 'answers a repeated callback with error "already processed"',
    patch: { repeat: 'error' },
  },
  {
    id: 'busy-on-concurrent-duplicate',
    rules: ['V5-MCB-08'],
    description: 'does slow I/O before recording an answer and answers a duplicate in flight error "being processed"',
    patch: { slowDecision: true },
  },
  {
    id: 'check-answers-success',
    rules: ['V5-MCB-05'],
    description: 'check_url answers status "success" (not ok) for an order it can take',
    patch: { checkOkWord: 'success' },
  },
  {
    id: 'check-accepts-unknown',
    rules: ['V5-MCB-05'],
    description: 'check_url answers ok for an order it does not have',
    patch: { checkRefusesUnknown: false },
  },
  {
    id: 'declined-validation-422',
    rules: ['V5-MCB-06'],
    description:
      "a Rails app whose model refuses a declined payment (a validation): its callback is answered HTTP 422 with Rails's production JSON, the answer a CSRF refusal gets too (probe 26), while genuine paid calls are taken",
    patch: { declined: 'rails-422' },
  },
  {
    id: 'declined-marks-paid',
    rules: ['V5-MCB-06'],
    description: "marks the order paid on a declined payment's callback, so the later paid payment is refused",
    patch: { declinedMarksPaid: true },
  },
  {
    id: 'ignores-amount',
    rules: ['V5-MCB-07'],
    description: 'accepts a result_url callback whatever its amount and currency',
    patch: { checksAmount: false },
  },
  {
    // probe 26: a Rails shop comparing the amount as text; V5-MCB-06 was blamed for its later paid call
    // refused "amount differs" (2500 sent for an order of "2500.00") after a declined one
    id: 'amount-compared-as-text',
    rules: ['V5-MCB-01'],
    description:
      'compares the amount of a result_url call as text with the order\'s as it keeps it ("540.00" as typed), so a genuine call spelling it 540 or 550.50 for "550.5" is refused; check_url compares numbers',
    patch: { amountAsText: true },
  },
  {
    id: 'amount-in-whole-tenge',
    rules: ['V5-MCB-07'],
    description: 'compares the amount in whole tenge, so a callback one tiyn off is taken',
    patch: { amountCompare: 'whole-tenge' },
  },
  {
    id: 'signature-header-lower-case-only',
    rules: ['V5-MCB-01'],
    description:
      "reads X-JWS-Signature only under the lower-case name x-jws-signature (PHP's getallheaders()['x-jws-signature'] behind an HTTP/2 edge): a call whose header is named as the seed spells it reads as unsigned",
    patch: { signatureHeader: 'x-jws-signature' },
  },
  {
    id: 'signature-header-exact-case',
    rules: ['V5-MCB-01'],
    description:
      'reads X-JWS-Signature only under the name as the seed spells it (a raw-header lookup): a call whose header names arrive in lower case (an HTTP/2 edge) reads as unsigned',
    patch: { signatureHeader: 'X-JWS-Signature' },
  },
  // probe 24: the reason named a proxy and a path prefix, not the lookup in the shop itself
  {
    id: 'signature-header-php-fpm-exact-case',
    rules: ['V5-MCB-01'],
    description:
      "looks X-JWS-Signature up as getallheaders()['X-JWS-Signature'] under php-fpm, whose getallheaders() names it X-Jws-Signature whatever the spelling sent: every call reads as unsigned, every genuine one is refused",
    patch: { signatureHeader: 'php-fpm-exact' },
  },
  {
    id: 'verifies-rebuilt-header',
    rules: ['V5-MCB-01'],
    description:
      'verifies the signature over the protected header rebuilt from its parsed JSON (JSON.stringify(JSON.parse(header))), not the bytes received: a genuine token whose header is spelled otherwise (pretty-printed, as seed 000 prints it) is refused',
    patch: { protectedHeader: 'rebuilt' },
  },
  {
    id: 'ignores-alg-label',
    rules: ['V5-MCB-02'],
    description:
      'computes an HS256 MAC whatever the protected header\'s alg says: a token naming "hs256" or "HS512" over an HS256 MAC passes',
    patch: { algCompared: false },
  },
  {
    id: 'alg-from-header',
    rules: ['V5-MCB-02'],
    description:
      'computes the MAC with the HMAC alg the protected header names (HS256, HS384 or HS512, a JOSE library given the key and no alg list): a token naming HS512 with an HS512 MAC under its key passes',
    patch: { macAlg: 'from-header' },
  },
  {
    id: 'result-accepts-unknown',
    rules: ['V5-MCB-12'],
    description:
      'answers a paid payment\'s result_url call for an order it does not have with ok ("Платёж принят"), recording nothing',
    patch: { resultRefusesUnknown: false },
  },
  {
    id: 'keys-of-every-tenant',
    rules: ['V5-MCB-02'],
    description:
      "picks the key by the token's auth_id among its tenants' (a marketplace endpoint: itself and the gateway's other merchant) without checking the order is that merchant's: a call signed by the other merchant passes",
    patch: { key: 'tenants' },
  },
  {
    id: 'forged-cancels-order',
    rules: ['V5-MCB-03'],
    description:
      'cancels the order a forged result_url call names, and answers every refusal in one text ("Платёж не принят"), so the genuine call after the forgery is refused in the words a forgery gets',
    patch: { forgedCancels: true, answer: { terse: true } },
  },
  {
    id: 'refusal-quotes-expected-signature',
    rules: ['V5-MCB-11'],
    description:
      'refuses a callback whose signature does not verify with the signature it should have carried ("Неверная подпись, ожидалась …"): a signing oracle, any body posted with a bad signature is answered with the right one',
    patch: { forgedQuotesExpected: 'both' },
  },
  // probe 24 (a PHP shop behind nginx + php-fpm): only v5.mcb.forged (result_url) judged the rule, and a
  // shop quoting the expected signature in its check_url refusals alone passed it
  {
    id: 'check-refusal-quotes-expected-signature',
    rules: ['V5-MCB-11'],
    description:
      'refuses a check_url call whose signature does not verify with the signature it should have carried ("Неверная подпись, ожидалась …"); result_url refuses without it',
    patch: { forgedQuotesExpected: 'check' },
  },
  {
    id: 'accepts-underpayment',
    rules: ['V5-MCB-07'],
    description: "refuses only an amount above the order's, so a callback one tiyn short is taken",
    patch: { amountCompare: 'not-above' },
  },
  {
    id: 'secret-in-refusal',
    rules: ['V5-MCB-10'],
    description:
      'answers a callback whose X-JWS-Signature does not verify with an error whose description carries the credentials it verified with, as an Authorization header would (`Basic ` and Base64 of auth_id:secret key)',
    patch: { secretInRefusal: true },
  },
  {
    // probe 25 (Django, DEBUG=True): paycert's callbacks asked for application/json and got the
    // plain-text traceback; curl's Accept */* got the page with the key
    id: 'debug-page-shows-key-to-html',
    rules: ['V5-MCB-10'],
    description:
      "answers a callback without X-JWS-Signature with a DEBUG 500 page whose frame locals show the secret key, to a request accepting HTML alone (a plain-text traceback without them otherwise, as Django's)",
    patch: { debugPage: true },
  },
  {
    id: 'status-upper-case',
    rules: ['V5-MCB-01', 'V5-MCB-05'],
    description:
      'writes every status word in upper case ("OK", "REJECTED"): no ok for a genuine call nor for a payable order at check_url (probe 23); its refusals still decline',
    patch: { answer: { statusUpper: true } },
  },
] as const satisfies readonly PolicyDefect<GreenleavesV5MerchantPolicy>[];

export type GreenleavesV5MerchantDefect = (typeof GREENLEAVES_V5_MERCHANT_DEFECTS)[number]['id'];

/** Tolerance variants: what the (INFERRED) callback model allows that differs from the reference. */
export const GREENLEAVES_V5_MERCHANT_VARIANTS = [
  {
    id: 'busy-while-deciding',
    description:
      'decides after slow I/O, and refuses a duplicate arriving meanwhile with HTTP 409 "payment in progress"; called again, it gives the first answer',
    allowedBy:
      'digest §B5 [I]: result_url has "the same semantics as the older API\'s" callbacks, whose gateway calls again one not answered 200 (seed 001 "ответ от сервера был не со статусом 200 … повторные попытки")',
    patch: { slowDecision: true, busy: 'http-409' },
  },
  {
    id: 'repeat-own-text',
    description: 'answers a repeated callback with the first status and a description of its own ("Уже обработано")',
    allowedBy:
      'seed 000 documents no callback answer; the gateway acts on status, and the description is free text (the g2g answer it follows: pg_status decides, pg_description only explains)',
    patch: { repeat: 'own-text' },
  },
  {
    id: 'refuses-with-401',
    description: 'answers a callback whose signature does not verify with HTTP 401 and no JSON',
    allowedBy:
      'seed silence: seed 000 documents no callback answer; V5-MCB-02 asks only that such a callback is never answered ok',
    patch: { forgedAnswer: 'http-401' },
  },
  {
    id: 'pretty-answer',
    description: 'answers pretty-printed JSON with a field of its own (shop_ref)',
    allowedBy: 'seed silence: seed 000 documents no callback answer; V5-MCB-01 asks for JSON with status ok',
    patch: { answer: { pretty: true } },
  },
  {
    id: 'check-unknown-error',
    description: 'check_url answers status error (not rejected) for an order it does not have',
    allowedBy:
      'seed silence: seed 000 documents no callback answer; anything but ok from check_url declines the payment, and the g2g model it follows takes rejected or error for an unknown order (GL-MCB-18)',
    patch: { checkUnknownStatus: 'error' },
  },
  {
    id: 'check-unknown-404',
    description: 'check_url answers HTTP 404 (no JSON answer) for an order it does not have',
    allowedBy:
      'seed silence: seed 000 documents no callback answer; anything but ok from check_url declines the payment (V5-MCB-05), and an HTTP 4xx is a refusal as for a forged callback (V5-MCB-02)',
    patch: { checkUnknownStatus: 'http-404' },
  },
  {
    id: 'attached-payload-used',
    description:
      'verifies a token carrying its payload (header.payload.signature) over that payload and acts on that payload, not on the body sent',
    allowedBy:
      'seed 000: the JWS "must include the mandatory blocks header and signature"; what was signed is what is acted on, so a body sent beside it changes nothing (V5-MCB-02 forbids acting on an unsigned body)',
    patch: { attachedPayload: 'payload-used' },
  },
  {
    id: 'amount-from-cleared',
    description: "compares a cleared payment's cleared_amount (the money taken) with the order's amount",
    allowedBy:
      "seed silence: seed 000 has no callback body; in the model's body (V5-CB-01) a cleared payment's amount and cleared_amount are one amount",
    patch: { amountField: 'cleared_amount' },
  },
  {
    id: 'answer-text-html',
    description: "sends its JSON answer as Content-Type text/html; charset=UTF-8 (PHP's default)",
    allowedBy: 'seed silence: seed 000 documents no callback answer, no Content-Type for it; V5-MCB-01 judges the body',
    patch: { answer: { contentType: 'text/html' } },
  },
  {
    id: 'terse-refusals',
    description: 'answers every refusal with status rejected and one text ("Платёж не принят"), whatever its reason',
    allowedBy:
      "seed silence: seed 000 documents no callback answer; a refusal's description is free text, and the rules ask of a refusal only that it is not ok (V5-MCB-02, -05, -07, -09)",
    patch: { answer: { terse: true } },
  },
  {
    id: 'declined-rejected',
    description: "answers a declined payment's callback with status rejected",
    allowedBy: 'seed silence: seed 000 documents no callback answer; V5-MCB-06 allows ok or rejected',
    patch: { declined: 'rejected' },
  },
  {
    id: 'signature-bytes-compared',
    description:
      "decodes X-JWS-Signature and compares the MAC's bytes, ignoring the spare low bits of its last Base64url character (a lenient decoder): a last character changed only in those bits is taken",
    allowedBy:
      'seed 000: the signature is an HS256 MAC ("The supported signature encryption algorithm is HS256"); the spare bits of the last character carry none of it, so such a token carries the genuine MAC (V5-MCB-02 asks that a signature whose bytes differ is refused; probe 23)',
    patch: { signatureCompare: 'mac-bytes' },
  },
  {
    // probe 25 (a Django shop answering {"status":"REJECTED"}): V5-MCB-12 took it, V5-MCB-05 warned
    id: 'refusals-upper-case',
    description:
      'writes the status word of its refusals in upper case ("REJECTED", "ERROR"; ok as it is), at check_url and result_url',
    allowedBy:
      "seed 000 documents no callback answer; anything but ok declines the payment (V5-MCB-05), and rejected or error written in a letter case of the shop's own declines it too (V5-MCB-12)",
    patch: { answer: { statusUpper: 'refusals' } },
  },
] as const satisfies readonly PolicyVariant<GreenleavesV5MerchantPolicy>[];

export type GreenleavesV5MerchantVariant = (typeof GREENLEAVES_V5_MERCHANT_VARIANTS)[number]['id'];
