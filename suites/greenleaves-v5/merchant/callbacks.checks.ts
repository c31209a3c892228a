import fc from 'fast-check';
import { FORGER_ACCEPT, shopChecks } from '../../shop-answers.ts';
import { Inconclusive } from '../../../src/harness/outcome.ts';
import { otherSpelling } from '../../../src/protocols/common/decimal.ts';
import { callbackUri, uuidv7 } from '../../../src/protocols/greenleaves-v5/index.ts';
import {
  call,
  checkBody,
  checkUrlOf,
  shopsOwn,
  describeAnswer,
  rightSignatureShown,
  gist,
  isJson,
  isOk,
  noJsonAnswer,
  otherStatus,
  ownStatusSays,
  declaredAmount,
  orders,
  resultBody,
  resultUrl,
  notUtf8,
  refusedAs,
  bodyFeatures,
  hasBom,
  paymentId,
  DOC_KEY,
  otherMerchant,
  seedLayoutHeader,
  type Sent,
  type Order,
  signatureChanged,
  takesPayments,
  spareLike,
  unanswered,
  type Ctx,
  type Json,
  type Signing,
} from './support.ts';
import { Barrier } from '../../../src/harness/barrier.ts';
import { quote } from '../../../src/harness/clip.ts';
import { resendUnanswered } from '../../../src/harness/http.ts';

const otherPath = (a: string | undefined, b: string): boolean => !!a && new URL(a).pathname !== new URL(b).pathname;

type Forgery = [what: string, signing: Signing, change?: { tamper?: (b: Json) => Json; attach?: Json }];

const otherDescription = (b: Json): Json => ({ ...b, description: `${String(b.description)}.` });

/** Calls to `url` (result_url or check_url) whose X-JWS-Signature does not verify for the body sent
 *  (V5-MCB-02), each taken only by its own kind of loose verification. */
function forgeriesFor(t: Ctx, url: string, body: Json): Forgery[] {
  const [other, name] = url === resultUrl(t) ? [checkUrlOf(t), 'check_url'] : [resultUrl(t), 'result_url'];
  // the keys a handler may fall back to: '' (`$keys[$auth_id] ?? ''` for an auth_id it does not know),
  // the seed's example key; none where it is the merchant's own
  const key = t.credentials.secretKey;
  const unknown = orders(t).unknown(`${t.check.id}-attached`);
  return [
    // with the gateway's Accept: judged as every forgery; its copy as a browser asks (unsignedAsBrowser)
    // goes for the shop-answer rule alone
    ['without X-JWS-Signature', 'none'],
    ['signed with another key', 'other-key'],
    ...(key === ''
      ? []
      : ([
          ['signed with an empty key', 'empty-key'],
          ['signed with an empty key for another auth_id', 'empty-key-other-auth-id'],
        ] as Forgery[])),
    ...(key === DOC_KEY
      ? []
      : ([
          [`signed with the seed's example key ${DOC_KEY}`, 'doc-key'],
          [`signed with the seed's example key ${DOC_KEY} for another auth_id`, 'doc-key-other-auth-id'],
        ] as Forgery[])),
    ["whose signature's last full character was changed", 'near-end-changed'],
    ["whose signature had one letter's case changed", 'case-changed'],
    ['whose signature was cut short by 4 characters', 'cut-short'],
    ["signed for another merchant's auth_id (with this merchant's key)", 'other-auth-id'],
    // signed by the gateway's other merchant, as its own calls are: a shop picking the key by auth_id
    // among its tenants' (one endpoint for a marketplace) takes it for this merchant's order
    ...(otherMerchant(t)
      ? [
          [
            `signed by another merchant of the gateway, with its auth_id (${otherMerchant(t)!.authId}) and key`,
            'other-merchant',
          ] as Forgery,
        ]
      : []),
    // another alg named over a valid HS256 MAC: a shop that computes HS256 whatever the header says takes them
    ['naming alg "hs256" (RFC 7515: alg is case-sensitive) over an HS256 MAC', 'alg-lower-case'],
    ['naming alg "HS512" over an HS256 MAC', 'alg-hs512-label'],
    // another alg's own MAC under the merchant's key: a shop verifying with the alg the header names (a
    // JOSE library given the key and no alg list) takes them; seed 000 supports HS256 only
    ['naming alg "HS512" over an HS512 MAC made with this merchant\'s key (seed 000 supports HS256 only)', 'alg-hs512'],
    ['naming alg "HS384" over an HS384 MAC made with this merchant\'s key (seed 000 supports HS256 only)', 'alg-hs384'],
    ['signed for /v5/g2g/create (a request signature)', 'create-uri'],
    // signed for the merchant's other endpoint: another uri unless both are one path
    ...(otherPath(other, url)
      ? [[`signed for its ${name} ${new URL(other!).pathname}`, 'other-endpoint'] as Forgery]
      : []),
    ['unsigned with alg "none"', 'alg-none'],
    ['with amount changed after signing', 'genuine', { tamper: otherAmount }],
    ['with description changed after signing', 'genuine', { tamper: otherDescription }],
    // a genuine signature of another body, that body attached as the token's payload: one the merchant
    // refuses (an order it does not have), the payable order's body sent. A handler acting on the signed
    // payload refuses it, as one that verifies detached only does; one acting on the body sent takes it
    [
      `carrying a signed payload for an order it does not have (${unknown}) as header.payload.signature, the payable order's body sent`,
      'attached',
      {
        attach: {
          ...body,
          order_id: unknown,
          ...(typeof body.id === 'string' && { id: paymentId(t, { orderId: unknown }, `attached to ${body.id}`) }),
        },
      },
    ],
  ];
}

const AS_BROWSER = 'without X-JWS-Signature, accepting HTML (Accept: text/html, as a browser)';

/** The call without X-JWS-Signature once more, as a browser asks (FORGER_ACCEPT): a forger's headers are
 *  its own, and a framework shows its debug page with frame locals (the key among them) only to a request
 *  accepting HTML (probe 25). Sent for the shop-answer rule alone (V5-MCB-10, judged on every answer by
 *  shopChecks) and for a right signature shown (V5-MCB-11, failed only): whether the call is refused is
 *  judged on the gateway's Accept, as a shop branching on Accept (an HTML login, a CSRF page, a 406)
 *  refuses this one for reasons that are not the signature's. The answer, or undefined when none came. */
async function unsignedAsBrowser(
  t: Ctx,
  url: string,
  body: Json,
  words: { clean: number; shown: boolean },
): Promise<Sent | undefined> {
  const where = url === resultUrl(t) ? '' : 'check_url: ';
  const a = await call(t, url, body, {
    signing: 'none',
    accept: FORGER_ACCEPT,
    note: `${where}a call ${AS_BROWSER}`,
  }).catch((e: unknown) => (unanswered(e) ? undefined : Promise.reject(e)));
  if (a === undefined) return undefined;
  const seen = { clean: 0, shown: false };
  noRightSignature(t, url, AS_BROWSER, a, seen);
  if (seen.shown) words.shown = true;
  return a;
}

const otherAmount = (b: Json): Json => {
  const amount = (b.amount as number) + 1;
  return {
    ...b,
    amount,
    ...(typeof b.cleared_amount === 'number' && b.cleared_amount > 0 && { cleared_amount: amount }),
  };
};

/** A forgery answered ok: a V5-MCB-02 failure, unless it is the attached one and the merchant takes its
 *  signed payload when it comes genuinely signed (it acted on that payload, as it may) */
async function forgeryTaken(t: Ctx, url: string, [what, signing, change]: Forgery, a: Sent): Promise<boolean> {
  if (!isOk(a)) return false;
  const where = url === resultUrl(t) ? 'a call' : 'a check_url call';
  if (signing === 'attached' && change?.attach) {
    const signed = await call(t, url, change.attach, { note: 'the attached payload, sent as a genuine call' });
    if (isOk(signed)) {
      t.note(
        `${where} ${what} was answered ok, as the signed payload is when sent genuinely (${describeAnswer(signed)}): it may have acted on the signed payload`,
      );
      return false;
    }
    t.expect(
      'V5-MCB-02',
      false,
      `${where} ${what} was answered ${describeAnswer(a)}, while the signed payload sent genuinely was answered ${describeAnswer(signed)}: it verified the attached payload and acted on the body sent, not on the payload signed`,
    );
    return true;
  }
  t.expect('V5-MCB-02', false, `${where} ${what} was answered ${describeAnswer(a)}`);
  return true;
}

/** V5-MCB-11 on the answer `a` to a call `what` to `url` whose signature does not verify: failed where it
 *  shows the signature that call should have carried (where, never the value); `words` counts the shop's
 *  own answers (not an edge's page) that show none (the rule passes on them once a genuine call was
 *  answered ok: the shop holds paycert's key, so the right signature is the one it could show). */
function noRightSignature(t: Ctx, url: string, what: string, a: Sent, words: { clean: number; shown: boolean }): void {
  const where = rightSignatureShown(t, url, a);
  const call = url === resultUrl(t) ? 'a call' : 'a check_url call';
  if (where !== undefined) {
    const said = `${call} ${what} was answered with the signature it should have carried (in ${where}): whoever posts any body with a bad signature reads the right one for it, and sends it`;
    // a check citing the rule for its forged answers alone (v5.mcb.check) judges each as it arrives: the
    // check's later end (inconclusive, a transport error) does not undo it (Check.arrivalRules)
    t.expectAsCited('V5-MCB-11', false, said);
    words.shown = true;
  } else if (shopsOwn(a)) words.clean++;
}

/** The end of a reason for a genuine result_url call of `body` refused as `a`: `guess` (a signature verified
 *  over other bytes) only where the refusal is the one a forged call gets (the same status and words),
 *  else that it was refused in its own words, with `own` (a guess those words leave open) if any. */
async function why(t: Ctx, body: Json, a: Sent, guess: string, own?: string): Promise<string> {
  // a status word of its own ("OK", "success"): the word is the fault, said plainly (probe 23)
  const word = otherStatus(a);
  if (word !== undefined)
    return `: the status must be exactly "ok"${word.toLowerCase() === 'ok' ? ' (lower case)' : ''}, got ${JSON.stringify(word)}`;
  const how = await refusedAs(t, resultUrl(t), body, a);
  // a redirect or a page: its status (and where it leads) is the reason, no guess at the signature
  if (how === 'page') return '';
  if (how === 'forgery') return `, as the merchant answers a forged call: ${guess}`;
  if (how === 'ambiguous')
    return `, in the words it answers a forged call with (no description tells the two apart): ${own ? `${own} Or ` : ''}${guess}`;
  return `, not as the merchant answers a forged call: it was refused in its own words, for what they say${own ? ` (${own})` : ''}`;
}

/** Whether the decision `rule` judges can be read from `a`, a genuine call's answer: not when it is how the
 *  merchant refuses a forgery. Then the call's signature did not verify: V5-MCB-01 fails, `rule` cannot be
 *  judged. A refusal in words every refusal may share tells neither. */
async function decided(t: Ctx, rule: string, url: string, body: Json, a: Sent, what: string): Promise<boolean> {
  const how = await refusedAs(t, url, body, a);
  if (how === 'other') {
    t.pass('V5-MCB-01');
    return true;
  }
  if (how === 'page') {
    t.cannotJudge(
      rule,
      `${what} was answered ${describeAnswer(a)}: no answer of the shop's, the decision does not show`,
    );
    return false;
  }
  const as = `${what} was answered ${describeAnswer(a)}, as the merchant answers a forged call`;
  if (how === 'forgery')
    t.expect(
      'V5-MCB-01',
      false,
      `${as}: it was not taken for a genuine call${bodyFeatures(body)}. Is the signature verified over other bytes than those received, or the body read in another encoding?`,
    );
  t.cannotJudge(
    rule,
    how === 'forgery'
      ? `${as}: its signature did not verify or the body was not read (V5-MCB-01), the decision does not show`
      : `${as}, with no description telling the two refusals apart: whether its signature did not verify (V5-MCB-01) or it was refused for what it says does not show`,
  );
  return false;
}

/** A call's answer, or the Inconclusive it ended in (thrown by the caller once what came before is judged). */
const settled = <T>(p: Promise<T>): Promise<T | Inconclusive> =>
  p.catch((e: unknown) => (e instanceof Inconclusive ? e : Promise.reject(e)));

/** The causes of every genuine call refused as a forgery is, for a reason: the header not found (looked
 *  up in one letter case: PHP's getallheaders() under php-fpm names it X-Jws-Signature, whatever the
 *  spelling sent, probe 24; or dropped by a proxy), or the path the shop sees not the one called (the
 *  token's uri, V5-MCB-01). From outside the three look alike: every spelling sent is refused. */
const changedOnTheWay = (t: Ctx): string =>
  `so was every genuine call: is X-JWS-Signature read in one letter case (RFC 9110 §5.1; php-fpm's getallheaders() gives X-Jws-Signature), dropped by a proxy, a path prefix stripped (the token's uri is ${quote(new URL(resultUrl(t)).pathname, 80)})? Or other bytes verified?`;

/** Where the order's declared amount is spelled otherwise than JSON.stringify spells the number sent
 *  ("2500.00", sent 2500), a genuine call for another payment of it with the amount spelled as declared,
 *  and that spelling: taken, a refusal of the order's calls was the amount's spelling (a shop comparing it
 *  as text, V5-MCB-01's), not what was sent before them (probe 26: V5-MCB-06 blamed for it). Undefined
 *  where the two spellings are one. */
async function asDeclared(t: Ctx, o: Order, purpose: string): Promise<{ a: Sent; spelled: string } | undefined> {
  const spelled = declaredAmount(t, o.orderId);
  if (spelled === JSON.stringify(Number(spelled))) return undefined;
  const a = await call(t, resultUrl(t), resultBody(t, o, purpose), {
    amountSpelling: 'declared',
    note: `a genuine call for another payment of ${o.orderId}, its amount spelled as declared (${spelled})`,
  });
  return { a, spelled };
}

/** A payable order declared with `o`'s amount (its very text) and nothing sent for it, or undefined: the
 *  next the allocator spares where it is one (spareLike: one not of the amount is handed out next, no
 *  later check shifted). Its paid call refused too, a refusal of `o`'s is the amount's own. */
const sameAmountSpare = (t: Ctx, o: Order): Order | undefined =>
  spareLike(t, (x) => x.orderId !== o.orderId && x.amount === o.amount);

/** Where `o`'s paid call was refused after something was sent for it: the same paid call for another
 *  order of the same declared amount, nothing sent for it, refused too (the amount's own refusal, probe
 *  26: "2500.00" misread whatever the spelling): the reason not to blame, else undefined. */
async function refusedAsFresh(t: Ctx, o: Order, refused: Sent, purpose: string): Promise<string | undefined> {
  const z = sameAmountSpare(t, o);
  if (!z) return undefined;
  const a = await call(t, resultUrl(t), resultBody(t, z, purpose), {
    note: `a genuine call for ${z.orderId}, of ${o.orderId}'s amount (${o.amount}), nothing sent for it before`,
  });
  if (isOk(a) || gist(a) !== gist(refused)) return undefined;
  return `a genuine call for ${z.orderId}, an order of the same amount (${o.amount}) with nothing sent for it, was answered alike (${describeAnswer(a)}): the refusal is the amount's own (see V5-MCB-01: is the amount compared by its spelling?)`;
}

/** What refused `o`'s paid call (`refused`, the shop's own decision), told by sending more: the same order
 *  paid with its amount spelled as declared (purpose `asDeclaredFor`) taken (`spelt`: the amount's
 *  spelling), else another order of the same amount refused alike (purpose `freshFor`; `own`: the reason
 *  not to blame), else neither. */
async function refusalCause(
  t: Ctx,
  o: Order,
  refused: Sent,
  asDeclaredFor: string,
  freshFor: string,
): Promise<{ spelt?: { a: Sent; spelled: string }; own?: string }> {
  const d = await asDeclared(t, o, asDeclaredFor);
  if (d && isOk(d.a)) return { spelt: d };
  return { own: await refusedAsFresh(t, o, refused, freshFor) };
}

/** For a reason: the call spelled as declared taken (see asDeclared). */
const spelledAsDeclared = (o: Order, d: { a: Sent; spelled: string }): string =>
  `a genuine call for another payment of ${o.orderId} with its amount spelled as the declaration spells it (${d.spelled}, where ${JSON.stringify(Number(d.spelled))} was sent) was answered ${describeAnswer(d.a)}: the refusal was the amount's spelling (see V5-MCB-01: is the amount compared as text?), and the order stayed payable`;

/** An amount in tiyn (the order's, 500 where the declaration gives none) */
const cents = (o: Order): number => Math.round(Number(o.amount ?? '500') * 100);

/** The order to send an amount below the order's for: `own`, else the first of `others` (orders of the
 *  check whose own call was refused: left as they were) whose amount less 0.01 is still an amount (above
 *  0, V5-MCB-07, -09). Undefined where none is. */
const belowOrder = (own: Order, others: Order[]): Order | undefined => [own, ...others].find((x) => cents(x) >= 2);

/** Why no amount below the order's was sent: `own` and `others` (the orders tried) cost 0.01. */
const noAmountBelow = (own: Order, others: Order[]): string =>
  `${[own, ...others].map((x) => `${x.orderId} costs ${x.amount ?? '500'}`).join(', ')}: 0.01 less is no amount (above 0), so no amount below the order's was sent (declare payable orders of 0.02 or more to have it judged)`;

/** check_url's answer for the order as it is: whether the shop takes it, asked where asking changes
 *  nothing. Undefined without a check_url, or without an answer. */
async function takenAsIs(t: Ctx, o: Order, before = 'any forged call'): Promise<Sent | undefined> {
  const url = checkUrlOf(t);
  if (!url) return undefined;
  return call(t, url, checkBody(o), { note: `check_url: the order as it is, before ${before}` }).catch((e: unknown) =>
    e instanceof Inconclusive ? undefined : Promise.reject(e),
  );
}

export const checks = shopChecks({ profile: 'greenleaves-v5', subject: 'merchant', area: 'merchant-callbacks' }, [
  {
    id: 'v5.mcb.genuine',
    title: 'a genuine result_url call for a payable order is answered HTTP 200, JSON, status ok',
    rules: ['V5-MCB-01'],
    plans: ['smoke', 'full'],
    async run(t) {
      const o = orders(t).take('payable', 'a genuine result_url call');
      // "/" and non-ASCII in the body: a handler verifying a body re-serialised by json_encode (which
      // escapes both) refuses this call, one re-serialising as JSON.stringify refuses the PHP-spelled one
      const gb = resultBody(t, o, 'genuine', 'cleared', { description: 'Заказ 1/2' });
      const a = await call(t, resultUrl(t), gb, { note: 'a genuine call' });
      // the answer is judged by its body: seed 000 defines none, so no Content-Type either (PHP's default
      // text/html carries the same JSON); a byte order mark before it is no JSON a gateway reads
      if (a.http.status === 200 && !isJson(a))
        t.note(`the answer's Content-Type is ${a.http.headers['content-type'] ?? '∅'}, not application/json`);
      // the payload is the body's bytes (seed 000): the same JSON spelled otherwise is as genuine
      const p = orders(t).take('payable', 'a genuine call spelled as PHP json_encode');
      const body = resultBody(t, p, 'genuine-php', 'cleared', { description: 'Оплата заказа 1/2' });
      // sent before the first call is judged (everyRefused); a call not judged is thrown after it
      const php = await settled(
        call(t, resultUrl(t), body, { spelling: 'php', note: 'a genuine call, PHP-spelled JSON' }),
      );
      // a JSON number has many spellings: 1200, 1200.0 and 1200.00 are one amount
      const q = orders(t).take('payable', 'a genuine call with the amount spelled with other decimals');
      const rb = resultBody(t, q, 'genuine-respelled');
      const respelled = await settled(
        call(t, resultUrl(t), rb, {
          amountSpelling: 'other',
          note: 'a genuine call, the amount spelled with other decimals',
        }),
      );
      // every genuine call refused: what stands in front of the shop may change them all alike (probe 23:
      // a proxy dropping X-JWS-Signature, an edge stripping a path prefix from the token's uri)
      const refused = (x: Sent | Inconclusive) => !(x instanceof Inconclusive) && !isOk(x);
      const everyRefused = !isOk(a) && refused(php) && refused(respelled);
      // one failure, with what the refusal tells (a rule's first failure is the certificate's reason):
      // refused as a forgery is, the signature was verified over other bytes than those sent
      if (!isOk(a)) {
        const onTheWay = changedOnTheWay(t);
        // no JSON answer (its form is what fails), or an edge's page (no answer of the shop's): no refusal
        const tail =
          noJsonAnswer(a) || !shopsOwn(a)
            ? ''
            : await why(
                t,
                gb,
                a,
                everyRefused
                  ? onTheWay
                  : 'is the signature verified over other bytes than those received, or the body read in another encoding?',
              );
        // every call refused as a forgery is: the causes named leave no room in the certificate's 400
        // characters for the body's features (they tell of other bytes verified); the PHP one, the
        // commonest (probe 24), is told in full in a note
        const hinted = tail.endsWith(onTheWay);
        if (hinted)
          t.note(
            "every genuine call was refused as a forged one is: HTTP header names are case-insensitive (RFC 9110 §5.1), and under php-fpm getallheaders() names the header X-Jws-Signature whatever the spelling sent; read $_SERVER['HTTP_X_JWS_SIGNATURE'], or look the name up in any case",
          );
        t.expect(
          'V5-MCB-01',
          false,
          `a genuine call${hinted ? '' : bodyFeatures(gb)} was answered ${describeAnswer(a)}, want HTTP 200 and a JSON answer whose status is ok${tail}`,
        );
      }
      t.expect(
        'V5-MCB-01',
        !hasBom(a),
        `the answer begins with a UTF-8 byte order mark (EF BB BF): RFC 8259 §8.1 "Implementations MUST NOT add a byte order mark", and a gateway's JSON.parse or json_decode refuses it`,
      );
      // the same section: JSON between systems is UTF-8 whatever the label says (json_decode refuses
      // other bytes); an answer in windows-1251 read here by its label is no answer a gateway reads
      const other = a.answer ? notUtf8(a) : undefined;
      t.expect(
        'V5-MCB-01',
        other === undefined,
        `the answer is not UTF-8 (${other}): RFC 8259 §8.1 "JSON text exchanged between systems that are not part of a closed ecosystem MUST be encoded using UTF-8", and a gateway's json_decode refuses it`,
      );
      if (php instanceof Inconclusive) throw php;
      if (!isOk(php))
        t.expect(
          'V5-MCB-01',
          false,
          `a genuine call whose body is spelled as PHP's json_encode (\\/, \\u escapes) was answered ${describeAnswer(php)}${await why(t, body, php, 'is the signature verified over a re-serialised body instead of the bytes received?')}`,
        );
      if (respelled instanceof Inconclusive) throw respelled;
      if (!isOk(respelled))
        t.expect(
          'V5-MCB-01',
          false,
          `a genuine call whose amount is spelled ${otherSpelling(declaredAmount(t, q.orderId))} (the order's ${declaredAmount(t, q.orderId)}, the same number) was answered ${describeAnswer(respelled)}${await why(t, rb, respelled, 'is the signature verified over a re-serialised body?', 'is the amount compared by its spelling (BigDecimal.equals, a string compare)?')}`,
        );
    },
  },
  {
    id: 'v5.mcb.forged',
    title:
      'a call whose X-JWS-Signature does not verify is never answered ok, changes nothing, and is not told the signature it should have carried',
    // V5-MCB-10 on every answer of every merchant check (shopChecks); its own here, where the forgeries
    // drive the merchant into its refusals
    rules: ['V5-MCB-02', 'V5-MCB-03', 'V5-MCB-11', 'V5-MCB-10'],
    plans: ['smoke', 'full'],
    async run(t) {
      const o = orders(t).take('payable', 'forged calls, then the genuine one');
      const genuine = resultBody(t, o, 'forged-then-genuine');
      const forgeries = forgeriesFor(t, resultUrl(t), genuine);
      if (!otherMerchant(t))
        t.note(
          "no call signed by another merchant of the gateway was sent: set PAYCERT_GREENLEAVES_V5_OTHER_AUTH_ID and PAYCERT_GREENLEAVES_V5_OTHER_SECRET_KEY to a second merchant's (a shop serving several merchants may take one's call for another's order)",
        );
      // whether the shop takes the order as it is, asked before any forgery where asking changes nothing
      let before = await takenAsIs(t, o);
      let answered = false;
      // the first forgery answered ok: the genuine call may then be answered as its repeat (V5-MCB-03)
      let taken: string | undefined;
      const refusedOnes: typeof forgeries = [];
      // V5-MCB-11: the forged calls' answers of the shop's own that show no right signature
      const words = { clean: 0, shown: false };
      /** the listed forgeries answered ok (an unanswered one is neither taken nor refused) */
      let takenOnes = 0;
      for (const forgery of forgeries) {
        const [what, signing, change] = forgery;
        let a;
        try {
          a = await call(t, resultUrl(t), genuine, { signing, ...change, note: `a call ${what}` });
        } catch (e) {
          // no answer at all is no "ok"; but a merchant that answered before and no longer answers after a
          // forgery (a handler's exception ending the process) was changed by it: V5-MCB-03, judged below
          if (!unanswered(e) || !answered) throw e;
          const after = await call(t, resultUrl(t), genuine, { note: `the genuine call after the call ${what}` }).catch(
            (e2: unknown) => (unanswered(e2) ? e2 : Promise.reject(e2)),
          );
          if (after instanceof Inconclusive)
            t.fail(
              'V5-MCB-03',
              `the merchant answered the earlier calls but not the call ${what} (${e.message}), nor the genuine call after it (${after.message}): a forged call stopped it`,
            );
          continue;
        }
        answered = true;
        noRightSignature(t, resultUrl(t), what, a, words);
        // the attached one answered ok may have been taken for its (refused) signed payload: then the
        // genuine call's payment was not touched, but it may have been: the genuine one after is judged
        // as after any taken forgery
        if (isOk(a)) {
          taken ??= `a call ${what}`;
          takenOnes++;
        } else refusedOnes.push(forgery);
        if (!(await forgeryTaken(t, resultUrl(t), forgery, a))) t.pass('V5-MCB-02');
        // its copy as a browser asks, for V5-MCB-10 alone; one taken may have paid the order (V5-MCB-03 below)
        if (signing === 'none') {
          const b = await unsignedAsBrowser(t, resultUrl(t), genuine, words);
          if (b && isOk(b)) taken ??= `a call ${AS_BROWSER}`;
        }
      }
      // "a signature whose bytes differ": any one character of the signature but the last (its spare bits
      // carry no MAC bits), or the signature cut short
      await t.property('V5-MCB-02', fc.tuple(fc.nat(), fc.nat({ max: 62 }), fc.boolean()), async ([at, by, cut]) => {
        let sig = { from: '', to: '' };
        const a = await call(t, resultUrl(t), genuine, {
          resign: (jws) => {
            const to = signatureChanged(jws, at, by, cut);
            sig = { from: jws.slice(jws.lastIndexOf('.') + 1), to: to.slice(to.lastIndexOf('.') + 1) };
            return to;
          },
          note: cut ? 'a call with its signature cut short' : 'a call with one signature character changed',
        });
        const what = cut
          ? `whose signature was cut to its first ${sig.to.length} of ${sig.from.length} characters`
          : `whose signature's character ${[...sig.to].findIndex((ch, i) => ch !== sig.from[i]) + 1} of ${sig.from.length} was changed`;
        if (isOk(a)) taken ??= `a call ${what}`;
        t.expect('V5-MCB-02', !isOk(a), `a call ${what} was answered ${describeAnswer(a)}`);
      });
      await takesPayments(t);
      // a genuine call was answered ok: the shop holds paycert's key, so an answer not showing the right
      // signature shows something (not an edge's page for a shop that did not answer)
      if (words.clean > 0) t.pass('V5-MCB-11');
      else if (!words.shown)
        t.cannotJudge(
          'V5-MCB-11',
          "no answer to a forged call was the shop's own (each was an edge's page, or none came): whether its answers show the signature a call should have carried does not show",
        );
      // "a callback refused for its signature changes nothing": after one that was taken, an ok for the
      // genuine call may be the repeat of that one's answer. Then the forgeries it refused are sent again
      // for another payment, and that payment's genuine call judges V5-MCB-03
      let [body, order] = [genuine, o];
      if (taken !== undefined) {
        const why = `${taken} was answered ok (V5-MCB-02): the genuine call for that payment may be answered as its repeat`;
        const p = refusedOnes.length > 0 ? orders(t).spare('payable') : undefined;
        if (!p)
          return t.cannotJudge(
            'V5-MCB-03',
            `${why}, and ${refusedOnes.length > 0 ? 'no payable order is left to send the refused forgeries for' : 'no forgery was refused'}: whether a refused call changes nothing does not show`,
          );
        [body, order] = [resultBody(t, p, 'refused-forgeries-then-genuine'), p];
        before = await takenAsIs(t, p);
        for (const [what, signing, change] of refusedOnes) {
          const a = await call(t, resultUrl(t), body, {
            signing,
            ...change,
            note: `a call ${what}, refused before, for another payment`,
          }).catch((e: unknown) => (unanswered(e) ? e : Promise.reject(e)));
          if (a instanceof Inconclusive || isOk(a))
            return t.cannotJudge(
              'V5-MCB-03',
              `${why}; the call ${what}, refused before, was answered ${a instanceof Inconclusive ? `not at all (${a.message})` : describeAnswer(a)} when sent for ${p.orderId}: whether a refused call changes nothing does not show`,
            );
        }
      }
      const real = await call(t, resultUrl(t), body, { note: 'the genuine call after the forged ones' });
      const after = `after forged calls${taken === undefined ? '' : ' (those refused, sent again for another payment)'}, the genuine one was answered ${describeAnswer(real)}`;
      // refused: the forgeries' doing (a remembered refusal, a cancelled order), or the order's own (an
      // amount the shop misreads), whatever the words. A genuine call for another payment of the order, no
      // forgery sent for it, and check_url's answer for the order before the forgeries tell which
      if (!isOk(real)) {
        const c = await call(t, resultUrl(t), resultBody(t, order, 'no forgeries'), {
          note: 'a genuine call for another payment, no forgery sent',
        });
        const control = `a genuine call for another payment of ${order.orderId}, no forgery sent for it, was answered ${describeAnswer(c)}`;
        if (isOk(c))
          return void t.expect('V5-MCB-03', false, `${after}, while ${control}: the forged calls changed that payment`);
        // the order's amount misread as spelled (probe 26): the same order taken with it spelled as declared.
        // Only where both refusals were the shop's decisions (an HTTP 200 answer): after a 500 or an edge's
        // page the payment may have been taken, and another paid one sent for the order would pay it twice
        // check_url's answer for the order before the forgeries, where it took the order
        const took = before !== undefined && isOk(before) ? before : undefined;
        const cause =
          real.answer !== undefined && c.answer !== undefined && took
            ? await refusalCause(t, order, real, 'forgeries-then-as-declared', 'forgeries-fresh-same-amount')
            : {};
        if (cause.spelt) {
          t.note(`${after}; ${control}; ${spelledAsDeclared(order, cause.spelt)}`);
          return void t.pass('V5-MCB-03');
        }
        if (cause.own)
          return t.cannotJudge(
            'V5-MCB-03',
            `${after}; ${control}; ${cause.own}: whether forgeries change anything does not show`,
          );
        // takesPayments: a genuine call for an order the forgeries never named was answered ok
        if (took)
          return void t.expect(
            'V5-MCB-03',
            false,
            `${after}; ${control}, while check_url took the order as it is before the forged calls (${describeAnswer(took)}) and a genuine call for another order was answered ok: the forged calls changed the order`,
          );
        return t.cannotJudge(
          'V5-MCB-03',
          `${after}; ${control}, ${before ? `and check_url refused the order as it is before any forged call (${describeAnswer(before)})` : 'and no check_url answer showed whether the shop took the order before the forged calls'}: the refusal may be the order's own (see V5-MCB-01), whether forgeries change anything does not show`,
        );
      }
      t.pass('V5-MCB-03');
      // a pass stands on the forgeries refused alone: where most were taken (a shop refusing only a call
      // without the header), say so (probe 22: "passed" in full on one refusal, the others paying the order)
      if (taken !== undefined)
        t.judgedInPart(
          'V5-MCB-03',
          `${taken} was answered ok (V5-MCB-02; ${takenOnes} of the ${forgeries.length} listed forgeries were${forgeries.length - takenOnes - refusedOnes.length > 0 ? `, ${forgeries.length - takenOnes - refusedOnes.length} not answered at all` : ''}): judged on the ${refusedOnes.length} refused alone (${refusedOnes.map(([what]) => `a call ${what}`).join('; ')})`,
        );
      // "never answered ok": also once the payment is known. A handler that answers a payment id from
      // its store before verifying (idempotency before authentication) repeats the ok to any forgery
      for (const [what, signing] of forgeries.filter(([, s]) => s === 'none' || s === 'other-key')) {
        const a = await call(t, resultUrl(t), body, {
          signing,
          note: `a call ${what}, after the genuine one was answered ok`,
        });
        t.expect(
          'V5-MCB-02',
          !isOk(a),
          `after the genuine call was answered ok, a call for the same payment ${what} was answered ${describeAnswer(a)}: is a known payment's answer repeated before the signature is verified?`,
        );
      }
    },
  },
  {
    id: 'v5.mcb.repeat',
    title: "a repeated result_url call (the gateway's retry, a duplicate) gets the first answer",
    rules: ['V5-MCB-04'],
    async run(t) {
      const o = orders(t).take('payable', 'a repeated call');
      const body = resultBody(t, o, 'repeat');
      const rid = uuidv7();
      const first = await call(t, resultUrl(t), body, { requestId: rid, note: 'the first call' });
      // a rule about repeating the first answer is not passed where there was none (an edge's error page),
      // nor on a genuine call refused: a refusal repeated (every call refused alike) shows no repeat handled
      if (!isOk(first))
        t.inconclusive(
          `precondition: the first genuine call for a payable order was answered ${describeAnswer(first)}, not ok: no answer for a repeat to match (a refusal repeated shows no repeat handled; see V5-MCB-01)`,
        );
      for (const [what, requestId] of [
        ['a retry under a new X-Request-Id', undefined],
        ['a duplicate under the same X-Request-Id', rid],
        ['another retry under a new X-Request-Id', undefined],
      ] as const) {
        const again = await call(t, resultUrl(t), body, { ...(requestId && { requestId }), note: what });
        t.expect(
          'V5-MCB-04',
          gist(again) === gist(first),
          `${what}: answered ${describeAnswer(again)}, the first was ${describeAnswer(first)}`,
        );
      }
    },
  },
  {
    id: 'v5.mcb.concurrent',
    title:
      'duplicates of a result_url call arriving at the same time get the same answer (one not answered 200 called again)',
    rules: ['V5-MCB-08'],
    async run(t) {
      // precondition: a genuine call is taken (V5-MCB-01 judges that), or there is no answer to compare.
      // A plain repeat (one after the other) that differs is V5-MCB-04's; the duplicates sent together
      // are still judged on what they get (the rule's own), its reason telling of the plain repeat
      const p = orders(t).take('payable', 'a plain repeat before concurrent ones');
      const pb = resultBody(t, p, 'sequential');
      const [first, again] = [await call(t, resultUrl(t), pb), await call(t, resultUrl(t), pb)];
      if (!isOk(first))
        t.inconclusive(
          `precondition: a genuine call for a payable order was answered ${describeAnswer(first)}, not ok: no answer for duplicates to match (see V5-MCB-01)`,
        );
      const plain =
        gist(first) === gist(again)
          ? ''
          : ` (a repeat one after the other differs too, V5-MCB-04: ${describeAnswer(again)}, the first was ${describeAnswer(first)})`;
      const o = orders(t).take('payable', 'concurrent duplicates');
      const body = resultBody(t, o, 'concurrent');
      // the six complete together whatever the load (see gl.merchant.concurrent)
      const gate = new Barrier(6, 2000);
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => call(t, resultUrl(t), body, { note: 'concurrent duplicate', burst: gate })),
      );
      // the callbacks have the older API's semantics (digest §B5), whose gateway calls again one not
      // answered 200 (seed 001): a duplicate refused while the first was being decided (HTTP 409, 429,
      // 500) is answered when called again, and that answer is the one that must match
      const statuses = await resendUnanswered(
        answers,
        () => call(t, resultUrl(t), body, { note: 'a concurrent duplicate not answered 200, called again' }),
        (a) => t.http.notAnswered200(resultUrl(t), a.http),
      );
      t.expect(
        'V5-MCB-08',
        answers.every((a) => a.http.status === 200),
        `concurrent duplicates got ${statuses}`,
      );
      const kinds = new Set(answers.map(gist));
      t.expect(
        'V5-MCB-08',
        kinds.size === 1,
        `concurrent duplicates got different answers: ${[...new Set(answers.map(describeAnswer))].join(' / ')}${plain}`,
      );
    },
  },
  {
    id: 'v5.mcb.check',
    title:
      'check_url answers ok for a payable order and rejected or error for an order it does not have; a forged call is never ok',
    // V5-MCB-11 too: its statement covers a refusal of any callback, check_url's as result_url's (probe 24:
    // a shop quoting the expected signature in its check_url refusals alone passed it). Cited for the
    // forged calls' answers alone, judged on each as it arrives: the check ending inconclusive after them
    // (check_url's genuine answer no JSON, a transport error, an ambiguous answer) leaves what they showed
    // standing, and a check with no forged answer judged (no check_url) has no result for it, so
    // v5.mcb.forged's pass on result_url's refusals is neither undone nor marked partly (review A #4)
    rules: ['V5-MCB-05', 'V5-MCB-02', 'V5-MCB-01', 'V5-MCB-11'],
    arrivalRules: ['V5-MCB-11'],
    plans: ['smoke', 'full'],
    async run(t) {
      const url = checkUrlOf(t);
      if (!url) t.skip('the merchant declares no check_url');
      const o = orders(t).take('payable', 'a check_url call');
      const words = { clean: 0, shown: false };
      // the forgeries result_url gets: a check_url that only looks for the header takes every signed one
      for (const forgery of forgeriesFor(t, url!, checkBody(o))) {
        const [what, signing, change] = forgery;
        const f = await call(t, url!, checkBody(o), { signing, ...change, note: `check_url: a call ${what}` });
        noRightSignature(t, url!, what, f, words);
        if (!(await forgeryTaken(t, url!, forgery, f))) t.pass('V5-MCB-02');
        // its copy as a browser asks, for V5-MCB-10 alone
        if (signing === 'none') await unsignedAsBrowser(t, url!, checkBody(o), words);
      }
      const a = await call(t, url!, checkBody(o), { note: 'check_url: a payable order' });
      // refusals showing no signature pass only once check_url took a genuine call (it holds paycert's
      // key), judged here, before anything that may end the check; otherwise this check has no result for
      // the rule (an arrival rule not judged) and v5.mcb.forged judges it on result_url's refusals
      if (words.clean > 0 && isOk(a)) t.expectOnArrival('V5-MCB-11', true, '');
      else if (!words.shown)
        t.note(
          `V5-MCB-11 not judged on check_url: ${words.clean > 0 ? `check_url answered ${describeAnswer(a)} for a payable order, not ok: whether it holds paycert's key, so that its refusals could show the right signature, does not show` : "no answer to a forged check_url call was the shop's own"}; v5.mcb.forged judges the rule on result_url's refusals`,
        );
      // an HTTP 200 that is no JSON answer is V5-MCB-01's; another HTTP status is a refusal (it declines
      // the payment), and so is a JSON answer whose status is a word of its own ("success"): not ok.
      // Not judged past that departure (v5.mcb.genuine judges V5-MCB-01): beside another check's pass of
      // these rules, that pass stands marked partly (t.inconclusive's `after`)
      if (noJsonAnswer(a))
        t.inconclusive(`check_url's answer is not the JSON answer: ${describeAnswer(a)} (see V5-MCB-01)`, {
          after: 'V5-MCB-01',
        });
      // refused as a forgery is: its signature did not verify (V5-MCB-01), what it decides does not show
      const judged = await decided(
        t,
        'V5-MCB-05',
        url!,
        checkBody(o),
        a,
        'a genuine check_url call for a payable order',
      );
      if (judged) t.expect('V5-MCB-05', isOk(a), `check_url answered ${describeAnswer(a)} for a payable order`);
      if (isOk(a)) {
        const r = await call(t, url!, checkBody(o), {
          amountSpelling: 'other',
          note: 'check_url: a payable order, the amount spelled with other decimals',
        });
        // the body's bytes, hence its signature, differ: one refused as a forgery is did not verify
        const what = 'a genuine check_url call for a payable order, its amount spelled with other decimals';
        if (!(await decided(t, 'V5-MCB-05', url!, checkBody(o), r, what)))
          t.judgedInPart('V5-MCB-05', `${what} was refused as a forgery is (V5-MCB-01): judged on the other calls`);
        else if (isOk(r)) t.pass('V5-MCB-05');
        else {
          // the first check, sent again: a check_url refusing any second check of an order refuses it too
          const again = await call(t, url!, checkBody(o), {
            note: 'check_url: the payable order again, as first sent',
          });
          t.expect(
            'V5-MCB-05',
            false,
            isOk(again)
              ? `check_url answered ${describeAnswer(r)} for a payable order whose amount was spelled ${otherSpelling(declaredAmount(t, o.orderId))} (the order's ${declaredAmount(t, o.orderId)}, the same number): is the amount compared by its spelling (BigDecimal.equals, a string compare), or the signature verified over a re-serialised body?`
              : `check_url answered ${describeAnswer(again)} to a repeated genuine check of ${o.orderId}, which it had answered ok once (and ${describeAnswer(r)} to the same order with its amount spelled otherwise): an order it can take is refused once it was checked (check_url decides nothing; a gateway checks an order again for a customer's second attempt)`,
          );
        }
      }
      const unknown = { orderId: orders(t).unknown(t.check.id), amount: '500', currency: 'KZT' };
      const u = await call(t, url!, checkBody(unknown), { note: 'check_url: an order it does not have' });
      // rejected or error, as GL-MCB-18: anything but ok declines, the model fixes no more; an HTTP 4xx
      // (a shop's get_object_or_404) is a refusal too, as for the payable order above and V5-MCB-02.
      // A 5xx is not: the shop decided nothing. Its own words read as V5-MCB-12 reads them (probe 25:
      // "REJECTED" warned here, passed there): rejected or error in a case of its own declines, "OK" is
      // an ok, any other word's meaning is its own. Only a failure is told where the payable order's call
      // was not judged: a rule is not passed on half of it
      const word = otherStatus(u);
      const says = word === undefined ? undefined : ownStatusSays(word);
      const refused =
        u.answer?.status === 'rejected' ||
        u.answer?.status === 'error' ||
        says === 'declines' ||
        (u.http.status >= 400 && u.http.status < 500);
      const what = 'a check_url call for an order it does not have';
      if (says === 'unknown')
        return void t.cannotJudge(
          'V5-MCB-05',
          `${what} was answered ${describeAnswer(u)}, a status word of the shop's own (see V5-MCB-01), neither ok nor rejected or error in any letter case: whether it declines does not show`,
        );
      if (refused ? judged : await decided(t, 'V5-MCB-05', url!, checkBody(unknown), u, what))
        t.expect('V5-MCB-05', refused, `check_url answered ${describeAnswer(u)} for an order it does not have`);
    },
  },
  {
    id: 'v5.mcb.declined',
    title:
      "a declined payment's call is acknowledged and leaves the order payable; the paid one after it pays the order",
    rules: ['V5-MCB-06', 'V5-MCB-01', 'V5-MCB-09'],
    async run(t) {
      // precondition of V5-MCB-06 (and -01 here); V5-MCB-09, judged here past it only where it holds, is
      // check-cannot-take's and stays as that check judged it (was: inconclusive for a shop taking no
      // genuine call, whose check_url check-cannot-take judged)
      const unmet = await takesPayments(t).catch((e: unknown) =>
        e instanceof Inconclusive ? e.message : Promise.reject(e),
      );
      if (unmet !== undefined) {
        for (const rule of ['V5-MCB-06', 'V5-MCB-01']) t.cannotJudge(rule, unmet);
        return t.notJudged('V5-MCB-09', `${unmet}: v5.mcb.check-cannot-take judges the rule`);
      }
      const o = orders(t).take('payable', 'a declined, then a paid payment');
      // check_url's answer for the order before the declined call: whether the shop takes the order at all
      // (a paid call refused after it may be the order's own refusal: an amount the shop misreads,
      // probe 22), and V5-MCB-09's precondition below (a check_url refusing it shows nothing by refusing)
      const before = await takenAsIs(t, o, 'the declined call');
      const takes = before !== undefined && isOk(before);
      t.notJudged(
        'V5-MCB-09',
        `check_url was not asked for ${o.orderId} once paid after a declined payment (${before ? `it answered ${describeAnswer(before)} for the order as it is` : 'no check_url answer for the order as it is'}, or the paid payment was not answered ok): v5.mcb.check-cannot-take judges the rule`,
      );
      const declined = resultBody(t, o, 'declined', 'declined');
      const d = await call(t, resultUrl(t), declined, { note: 'a declined payment' });
      // refused as a forgery is (its decline message is raw UTF-8): its signature did not verify
      if (!(await decided(t, 'V5-MCB-06', resultUrl(t), declined, d, "a declined payment's genuine call"))) return;
      const acknowledged = d.answer?.status === 'ok' || d.answer?.status === 'rejected';
      // an error for an order check_url refused as it is may be the order's own (an amount misread,
      // checked before the status): not the declined payment's handling (probe 22)
      if (!acknowledged && before && !takes)
        return t.cannotJudge(
          'V5-MCB-06',
          `a declined payment's call was answered ${describeAnswer(d)}, and check_url refused ${o.orderId} as it is before it (${describeAnswer(before)}): the answer may be the order's own refusal (see V5-MCB-01, V5-MCB-05), whether a declined payment is acknowledged does not show`,
        );
      t.expect('V5-MCB-06', acknowledged, `a declined payment's call was answered ${describeAnswer(d)}`);
      const first = await call(t, resultUrl(t), resultBody(t, o, 'paid'), { note: 'then a paid payment' });
      // refused where check_url took the order: its amount misread as spelled (probe 26)? The same order
      // paid with it spelled as declared tells the amount's doing from the declined call's
      // Only where the refusal was the shop's decision (an HTTP 200 answer): after a 500 or an edge's page
      // the payment may have been taken, and another paid one would pay the order twice (and its ok would
      // pass V5-MCB-06 on a refusal that never was)
      const refusedOwn = first.answer !== undefined && !isOk(first) && takes;
      const cause = refusedOwn ? await refusalCause(t, o, first, 'paid-as-declared', 'paid-fresh-same-amount') : {};
      if (cause.spelt)
        t.note(
          `after a declined payment, the paid one was answered ${describeAnswer(first)}; ${spelledAsDeclared(o, cause.spelt)}`,
        );
      const p = cause.spelt?.a ?? first;
      const after = `after a declined payment, the paid one was answered ${describeAnswer(p)}`;
      if (!isOk(p)) {
        if (cause.own)
          return t.partNotJudged(
            'V5-MCB-06',
            `${after}; ${cause.own}: whether the declined call left the order payable does not show`,
          );
        if (takes)
          return void t.expect(
            'V5-MCB-06',
            false,
            `${after}, while check_url took ${o.orderId} as it is before the declined call (${describeAnswer(before!)}): the declined call left the order unpayable`,
          );
        // its acknowledgement judged above: the rule passed on that part alone, marked partly
        return t.partNotJudged(
          'V5-MCB-06',
          `${after}, and ${before ? `check_url refused ${o.orderId} as it is before the declined call (${describeAnswer(before)})` : 'no check_url answer showed whether the shop took the order before the declined call'}: the refusal may be the order's own (see V5-MCB-01), whether the declined call left the order payable does not show`,
        );
      }
      t.pass('V5-MCB-06');
      if (!takes) return;
      // the order is paid now: a shop that answered the paid call with a kept answer (kept by order_id:
      // the declined one's ok) never paid it, and takes it again, a second payment with it (probe 22)
      const again = await call(t, checkUrlOf(t)!, checkBody(o), {
        note: 'check_url: the order paid after a declined payment',
      });
      const repeated =
        p.answer?.description !== undefined && gist(p) === gist(d) && p.answer.description === d.answer?.description;
      t.expect(
        'V5-MCB-09',
        !isOk(again),
        `check_url answered ${describeAnswer(again)} for ${o.orderId}, an order already paid: ${after}${
          repeated
            ? `, as the declined one was (the same words): are result_url's answers kept by order_id, not by the payment's id? The order was not paid, and would be paid again`
            : ''
        }`,
      );
    },
  },
  {
    id: 'v5.mcb.amount',
    title: "a result_url call whose amount or currency differs from the order's is not answered ok",
    rules: ['V5-MCB-07'],
    async run(t) {
      await takesPayments(t);
      const up = orders(t).take('payable', 'a call with amount + 0.01');
      const down = orders(t).take('payable', 'a call with amount - 0.01');
      const usd = orders(t).take('payable', 'a call with currency USD');
      const send = async (o: Order, what: string, extra: Json): Promise<Sent> => {
        const a = await call(t, resultUrl(t), resultBody(t, o, what, 'cleared', extra), { note: what });
        t.expect('V5-MCB-07', !isOk(a), `a call with ${what} was answered ${describeAnswer(a)}`);
        return a;
      };
      // one tiyn more: also refused by a handler that compares whole tenge only
      const refused = [] as Order[];
      if (!isOk(await send(up, 'amount + 0.01', { amount: (cents(up) + 1) / 100 }))) refused.push(up);
      if (!isOk(await send(usd, 'currency USD', { currency: 'USD' }))) refused.push(usd);
      // one tiyn less: taken by a handler that refuses only an amount above the order's, and by one
      // truncating to whole tenge (500.49 for 500.50). A valid amount, above 0: on an order of 0.01 there
      // is none (amount 0 is refused by any shop), so on another of this check's orders, its call refused
      const o = belowOrder(down, refused);
      if (o) await send(o, 'amount - 0.01', { amount: (cents(o) - 1) / 100 });
      else t.judgedInPart('V5-MCB-07', noAmountBelow(down, refused));
    },
  },
  // last: the orders the checks before it take stay those of earlier versions (a shop refusing some
  // amounts, the float-cents outsider, is judged on the same orders)
  {
    id: 'v5.mcb.check-cannot-take',
    title:
      'check_url does not answer ok for an order it cannot take: another amount or currency, an order already paid, an expired order',
    rules: ['V5-MCB-09'],
    async run(t) {
      const url = checkUrlOf(t);
      if (!url) t.skip('the merchant declares no check_url');
      const o = orders(t).take('payable', "check_url calls the order's merchant cannot take");
      // precondition: check_url takes this order as it is (a check_url refusing everything refuses these too)
      const yes = await call(t, url!, checkBody(o), { note: 'check_url: a payable order' });
      if (!isOk(yes))
        t.inconclusive(
          `precondition: check_url answered ${describeAnswer(yes)} for a payable order, not ok (see V5-MCB-05): its refusals show nothing`,
        );
      // every fault in the one reason (probe 22: the certificate showed the first, the expired order's
      // only in results.ndjson), told however the check ends
      const faults: string[] = [];
      const refused = (a: Sent, fault: string) => (isOk(a) ? faults.push(fault) : t.pass('V5-MCB-09'));
      const cannotTakeAll = async (): Promise<void> => {
        const cannotTake = async (x: Order, what: string, change: Json) => {
          const a = await call(t, url!, { ...checkBody(x), ...change }, { note: `check_url: ${what}` });
          refused(a, `check_url answered ${describeAnswer(a)} for ${x.orderId} with ${what}`);
        };
        await cannotTake(o, 'amount + 0.01', { amount: (cents(o) + 1) / 100 });
        // a valid amount below the order's (above 0): on an order of 0.01 there is none; then it is asked for
        // `p` below, before it is paid (check_url taking it as it is), or not at all
        if (belowOrder(o, [])) await cannotTake(o, 'amount - 0.01', { amount: (cents(o) - 1) / 100 });
        await cannotTake(o, 'currency USD', { currency: 'USD' });
        // another order paid through result_url, then asked for. Not `o`: a second run against the same
        // shop (its payment id is the same, the call a repeat) would find `o` paid and judge nothing. It is
        // asked before it is paid too (not judged: paid already on a second run), so that a shop repeating
        // its first answer to the same check_url body (answers kept by the body's hash) repeats that ok
        const p = orders(t).spare('payable');
        const open =
          p && (await call(t, url!, checkBody(p), { note: 'check_url: the order to be paid, before it is paid' }));
        if (!belowOrder(o, [])) {
          const q = p && open && isOk(open) ? belowOrder(p, []) : undefined;
          if (q) await cannotTake(q, 'amount - 0.01', { amount: (cents(q) - 1) / 100 });
          else
            t.judgedInPart(
              'V5-MCB-09',
              p && open && belowOrder(p, [])
                ? `${o.orderId} costs ${o.amount}: 0.01 less is no amount (above 0); and check_url answered ${describeAnswer(open)} for ${p.orderId} as it is, before it was paid, so no amount below the order's was asked for`
                : noAmountBelow(o, p ? [p] : []),
            );
        }
        const paid =
          p && (await call(t, resultUrl(t), resultBody(t, p, 'paid before check'), { note: 'the order paid' }));
        if (p && paid && isOk(paid)) {
          const again = await call(t, url!, checkBody(p), { note: 'check_url: an order already paid' });
          refused(
            again,
            `check_url answered ${describeAnswer(again)} for ${p.orderId}, an order already paid (its result_url call was answered ok)`,
          );
        } else
          t.judgedInPart(
            'V5-MCB-09',
            p && paid
              ? `the genuine result_url call paying ${p.orderId} was answered ${describeAnswer(paid)}: an order already paid was not asked for (see V5-MCB-01)`
              : 'the declaration has no payable order left to pay: an order already paid was not asked for',
          );
        const e = orders(t).spare('expired');
        if (!e)
          return t.judgedInPart(
            'V5-MCB-09',
            'the declaration has no expired order left: an expired order was not asked for',
          );
        const late = await call(t, url!, checkBody(e), { note: 'check_url: an expired order' });
        refused(late, `check_url answered ${describeAnswer(late)} for ${e.orderId}, an expired order`);
      };
      try {
        await cannotTakeAll();
      } finally {
        if (faults.length > 0)
          t.expect(
            'V5-MCB-09',
            false,
            faults.length === 1 ? faults[0]! : `${faults.length} faults: ${faults.join('; ')}`,
          );
      }
    },
  },
  // after the others: the orders they take stay those of earlier versions
  {
    id: 'v5.mcb.genuine-spellings',
    title:
      'a genuine result_url call is answered ok whatever the letter case of its header names and the JSON spelling of its protected header',
    rules: ['V5-MCB-01'],
    plans: ['smoke', 'full'],
    async run(t) {
      // every other call names X-JWS-Signature as seed 000 spells it; this one all in lower case, as an
      // HTTP/2 edge forwards it (RFC 9113 §8.2.1): a shop reading the header in one spelling only
      // (a raw-header lookup, PHP's getallheaders()['x-jws-signature']) refuses one or the other
      const o = orders(t).take('payable', 'a genuine call, its header names in lower case');
      const lower = await call(t, resultUrl(t), resultBody(t, o, 'genuine-lower-case-names'), {
        names: 'lower',
        note: 'a genuine call, header names in lower case',
      });
      t.expect(
        'V5-MCB-01',
        isOk(lower),
        `a genuine call with its header names in lower case (x-jws-signature, as an HTTP/2 edge forwards them: RFC 9110 §5.1 "Field names are case-insensitive") was answered ${describeAnswer(lower)}: is X-JWS-Signature read in one spelling only?`,
      );
      // the protected header laid out as seed 000 prints it, in another order: other bytes, the same header
      const p = orders(t).take('payable', 'a genuine call, its protected header spelled otherwise');
      const laid = await call(t, resultUrl(t), resultBody(t, p, 'genuine-seed-layout-header'), {
        seedLayout: true,
        note: 'a genuine call, the protected header pretty-printed',
      });
      t.expect(
        'V5-MCB-01',
        isOk(laid),
        `a genuine call whose protected header is laid out as seed 000 prints it, one member a line, alg first (${JSON.stringify(seedLayoutHeader(callbackUri(resultUrl(t)), t.credentials.authId))}, signed over those bytes) was answered ${describeAnswer(laid)}: is the signature verified over a protected header rebuilt from its parsed JSON, or from a template, instead of the bytes received?`,
      );
    },
  },
  // last: it takes a payable order only where a refusal alone does not show it is the shop's decision
  {
    id: 'v5.mcb.result-unknown',
    title: 'a genuine result_url call of a paid payment for an order the merchant does not have is not answered ok',
    rules: ['V5-MCB-12'],
    async run(t) {
      const unknown = { orderId: orders(t).unknown(t.check.id), amount: '500', currency: 'KZT' };
      const body = resultBody(t, unknown, 'an order it does not have');
      const u = await call(t, resultUrl(t), body, { note: 'a paid payment for an order it does not have' });
      const what = `a genuine call of a paid payment for ${unknown.orderId}, an order it does not have, was answered ${describeAnswer(u)}`;
      // an ok written otherwise ("OK", " ok ") is the shop's ok all the same (session 23 review: passed)
      const word = otherStatus(u);
      const says = word === undefined ? undefined : ownStatusSays(word);
      if (isOk(u) || says === 'ok')
        return void t.expect(
          'V5-MCB-12',
          false,
          `${what}: the payment is acknowledged for nothing sold (rejected or error lets the gateway see it)`,
        );
      // an HTTP 200 that is no JSON answer is V5-MCB-01's: its decision does not show
      if (noJsonAnswer(u)) t.inconclusive(`${what} (see V5-MCB-01): its decision does not show`);
      // a refusal in the words a forged call gets may be its signature's: the shop's decision once a
      // genuine call for a payable order is taken (else inconclusive, V5-MCB-01)
      if ((await refusedAs(t, resultUrl(t), body, u)) !== 'other') await takesPayments(t);
      // rejected or error in a case of its own ("REJECTED") declines (the word is V5-MCB-01's); any other
      // word ("success", "paid") is the shop's own: whether it declines does not show (session 23 review:
      // every word but exactly ok passed)
      if (says === 'unknown' && !(u.http.status >= 400 && u.http.status < 500))
        t.inconclusive(
          `${what}: a status word of the shop's own (see V5-MCB-01), neither ok nor rejected or error in any letter case: whether it declines the payment does not show`,
        );
      t.expect(
        'V5-MCB-12',
        u.answer?.status === 'rejected' ||
          u.answer?.status === 'error' ||
          says === 'declines' ||
          (u.http.status >= 400 && u.http.status < 500),
        `${what}: want status rejected or error, or an HTTP 4xx`,
      );
    },
  },
]);
