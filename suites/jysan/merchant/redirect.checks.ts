import { shopChecks } from '../../shop-answers.ts';
import { decimalValue, otherSpellingWithin } from '../../../src/protocols/common/decimal.ts';
import { CURRENCY_NUMBER } from '../../../src/protocols/jysan/currency.ts';
import {
  accepted,
  land,
  ok,
  orders,
  post,
  redirectFields,
  refused,
  signed,
  tamperedAreRefused,
  turnedAway,
  answered,
  wantsAuth,
  toLogin,
  refusalJudge,
  type Landing,
  type Ctx,
  type Params,
  inTiyn,
  shown,
  toldAlike,
  refusedAsForged,
  answeredAlike,
  errorTold,
  noRefusal,
  holdsBlocks,
  formsDiffer,
  answeredAsFresh,
  orderAsSent,
  unsignedAndCut,
  sameServerErrorEachTime,
  unlessEveryResultFails,
  redirectsHere,
  requireRedirects,
  repeatedOtherwise,
  DECLINES,
  landsAlike,
  genuineForms,
  SIGN_ZERO,
  refreshTo,
  QUOTED,
  unquoted,
  paidOrders,
  notTakenAsPaid,
  declinedLeavesPaid,
  type Shown,
  zeroFreeInstead,
  leadingZeros,
  spareWhere,
  shownAsPaid,
  zerosHint,
  tookZeroFree,
} from './support.ts';
import type { DeclaredOrder } from '../../../src/harness/declaration.ts';
import { quote } from '../../../src/harness/clip.ts';

/** A genuine result's res_desc: line breaks (left out of the sign: each CR and each LF, seed 002's
 *  `preg_replace("/\n|\r/g","",…)`; a CR+LF pair alone was sent, and a shop removing only "\r\n"
 *  passed), Cyrillic, spaces, a literal `+` and `%` (%2B and %25 in the query: a shop decoding it twice
 *  verifies the sign over a space), a `%` before two hex digits (`%2F`: seed 002's texts are templates,
 *  "Другая ошибка : %s", filled with any text; a shop decoding the %XX alone twice, as Perl's uri_unescape
 *  or PHP's rawurldecode do, passed: no `%` paycert sent had hex digits after it), and a blank at each
 *  end, signed as sent (a shop trimming every value before verifying passed). */
const DESC = ' Транзакция\r\nодобрена\n(3-D Secure+,\r100%, ACS%2F3DS) ';

/** The precondition of a check: a genuine redirect for `p`, with nothing sent for it before. */
const precondition = (t: Ctx, p: DeclaredOrder) =>
  land(t, signed(t, redirectFields(t, p, 'precondition')), 'precondition: a genuine redirect');

/** The precondition order (a genuine redirect with nothing sent before is accepted), one without leading
 *  zeros in its place where the shop refuses those (zeroFreeInstead) */
async function redirectTaken(t: Ctx): Promise<Awaited<ReturnType<typeof zeroFreeInstead>>> {
  const x = orders(t).take('payable', 'the precondition (a genuine redirect is accepted)');
  return zeroFreeInstead(t, x, await precondition(t, x), {
    what: 'redirect',
    send: (z) => precondition(t, z),
    takes: (r) => accepted(r.status),
  });
}

/** answeredAsFresh for the redirect: the fresh one is told as `after` (the same answer and page). */
const freshRedirect = (t: Ctx) => ({
  what: 'redirect',
  send: (q: Record<string, string>, note: string) => land(t, q, note),
  alike: async (fresh: Landing, after: Landing) =>
    toldAlike(fresh, await shown(t, fresh, 'the page after it'), after, await shown(t, after, 'the page after it')),
});

/** JY-MRD-02 on a failed payment's redirect for `o` whose res_desc has quotes, as seed 002's texts do
 *  (DECLINES[QUOTED]): answered otherwise than the same without its quotes, and as a forged one with
 *  them is, the quotes alone made the bank's result one whose sign does not verify (every value
 *  HTML-escaped first, say). A shop doing so passed: no res_desc paycert sent had a quote. */
async function quotesKept(t: Ctx, o: DeclaredOrder): Promise<void> {
  const d = DECLINES[QUOTED]!;
  const send = async (desc: string, note: string, sign?: string) => {
    const q = signed(t, redirectFields(t, o, `quotes: ${note}`, false, desc, d.code));
    const r = await land(t, sign ? { ...q, sign } : q, note);
    return { r, shown: await shown(t, r, 'the page after it') };
  };
  const quoted = await send(d.desc, `a failed payment, res_desc with quotes`);
  const twin = await send(unquoted(d.desc), 'the same without its quotes');
  if (toldAlike(quoted.r, quoted.shown, twin.r, twin.shown)) return;
  const forged = await send(d.desc, 'a forged one with quotes', 'f'.repeat(128));
  // an edge refusing it by its content (fromShop) refuses the payer's browser that carries it too
  const why = quoted.r.byContent
    ? "the bank's own text is refused before the shop reads it, for the payer's browser that carries it too"
    : 'the sign is not verified over res_desc as sent, its quotes changed before (every value HTML-escaped, say)';
  if (toldAlike(quoted.r, quoted.shown, forged.r, forged.shown))
    t.expect(
      'JY-MRD-02',
      false,
      `a genuine redirect of a failed payment for ${o.orderId} (res_code ${d.code}, res_desc "${d.desc}", as seed 002 words it) was answered ${answered(quoted.r)}, as a forged one is (${answered(forged.r)}); the same without its quotes ${answered(twin.r)}: ${why}`,
    );
}

/** JY-MRD-02 on a failed payment's genuine redirect (res_code not 0, no rrn, its sign over the empty rrn:
 *  digest §A10 "present only on success") for a payable order: any answer but a 5xx (JY-MRD-06's), yet
 *  not the refusal the same redirect gets with its sign changed (a 4xx of the same status and text).
 *  A shop leaving the empty rrn out of its sign base refused every failed payment's redirect as a forged
 *  one, and passed (probe 23): a 2xx or 3xx page alike for both is a failure page, and tells nothing. */
async function failedNotForged(t: Ctx, g: DeclaredOrder | undefined): Promise<void> {
  if (!g)
    return t.judgedInPart(
      'JY-MRD-02',
      "the declaration holds too few payable orders for every check's own (give 32): no failed payment's genuine redirect was sent, which would take one from a later check",
    );
  const q = signed(t, redirectFields(t, g, 'genuine failed', false));
  const failed = await land(t, q, 'a genuine redirect of a failed payment (res_code 2, no rrn)');
  if (!refused(failed.status)) return;
  const forged = await land(t, { ...q, sign: 'f'.repeat(128) }, 'the same with its sign changed');
  if (!answeredAlike(failed, forged)) return;
  // the same answer alone is no evidence: a terse shop answers a declined payment and a bad sign with one
  // 4xx text (session 23 review). The same redirect with rrn present but empty (the same sign, over the
  // same seven values) taken, where the one without rrn got the forged one's refusal, is: rrn required
  const emptyRrn = await land(t, { ...q, rrn: '' }, 'the same with rrn present but empty');
  const of = `a genuine redirect of a failed payment for ${g.orderId} (res_code ${q.res_code}, no rrn, as the bank sends one) was answered ${answered(failed)}, as the same with its sign changed is (${answered(forged)}, the same text)`;
  if (refused(emptyRrn.status) || answeredAlike(emptyRrn, forged))
    return t.judgedInPart(
      'JY-MRD-02',
      `${of}; the same with rrn present but empty ${answered(emptyRrn)}: whether it was refused as a forged one is not told (a shop may answer a declined payment and a bad sign with one text)`,
    );
  t.expect(
    'JY-MRD-02',
    false,
    `${of}, while the same with rrn present but empty (the same sign) was answered ${answered(emptyRrn)}: it is refused as one whose sign does not verify for want of an rrn (an rrn required in the sign base)`,
  );
}

/** Whether a reload (`again`) whose page is not the first's (`first`) shows the payer the page a
 *  refusal or a failed payment gets: a forged result for `o` (which changes nothing), a genuine declined
 *  one for a spare order: `like`, which of them; `unknown`, why it is not told (no spare order). */
async function reloadShownAs(
  t: Ctx,
  o: DeclaredOrder,
  first: { r: Landing; shown: Shown },
  again: { r: Landing; shown: Shown },
): Promise<{ like?: string; unknown?: string }> {
  const like = async (x: Landing) => {
    const s = await shown(t, x, 'the page after it');
    return toldAlike(x, s, again.r, again.shown) && !toldAlike(x, s, first.r, first.shown);
  };
  const forged = await land(t, { ...redirectFields(t, o, 'reload forged'), sign: 'f'.repeat(128) }, 'a forged one');
  if (await like(forged)) return { like: `the page a forged result gets (${answered(forged)})` };
  const g = orders(t).spare('payable');
  const other = `a reload's page differs from the first's (${answered(again.r)}, its words other) and is not a forged result's`;
  if (!g) return { unknown: `${other}; no payable order was left to tell whether it is a failed payment's` };
  const declined = await land(t, signed(t, redirectFields(t, g, 'reload declined', false)), 'a declined one');
  return (await like(declined))
    ? { like: `the page a failed payment gets (${answered(declined)}, for ${g.orderId})` }
    : {};
}

/** Amounts other than `declared` a result may carry, each with how it differs (JY-MRD-12): one tiyn
 *  above, then below it (one tiyn, one tenge, a tenth of it), positive and each once. */
function otherAmounts(declared: string): Array<[string, string]> {
  const cents = Math.round(Number(declared) * 100);
  const all: Array<[number, string]> = [
    [cents + 1, 'one tiyn above'],
    [cents - 1, 'one tiyn below'],
    [cents - 100, 'one tenge below'],
    [Math.round(cents / 10), 'a tenth of'],
  ];
  const seen = new Set<number>();
  return all
    .filter(([c]) => c > 0 && c !== cents && !seen.has(c) && !!seen.add(c))
    .map(([c, how]) => [(c / 100).toFixed(2), how]);
}

/** JY-MRD-12 on an order of the other shape than `o`'s (in whole tenge, or with tiyn), the first of
 *  `candidates` that is: one tiyn above its amount. Tried on one order only, a shop parsing amounts in a
 *  ru_KZ locale (the "." ends the number: "700.01" is 700) passed, its order 1000.50. */
function otherShape(
  t: Ctx,
  channel: string,
  o: DeclaredOrder,
  candidates: Array<DeclaredOrder | undefined>,
): Array<['JY-MRD-12', Params, string]> {
  const q = candidates.find((x) => x?.amount !== undefined && inTiyn(x.amount) !== inTiyn(o.amount));
  if (!q) return [];
  const amount = ((Math.round(Number(q.amount) * 100) + 1) / 100).toFixed(2);
  return [
    [
      'JY-MRD-12',
      signed(t, { ...redirectFields(t, q, `${channel} other amount, other shape`), amount }),
      `of ${amount} for ${q.orderId} (declared ${q.amount}, ${inTiyn(q.amount) ? 'with tiyn' : 'in whole tenge'}: one tiyn above it)`,
    ],
  ];
}

/** The ORDER a result's parameters carry. */
const paramOrder = (p: Params): string | undefined =>
  Array.isArray(p) ? p.find(([k]) => k === 'order')?.[1] : p.order;

/** JY-MRD-12 with amount sent twice: the bank's genuine result of another amount (a 1 KZT payment for
 *  `o`), the order's amount appended after it (`&amount=1000.50`). A shop verifying the sign over the
 *  first copy and acting on the last (two maps of one request: Java's putIfAbsent and put) pays the
 *  order for one tenge. Any refusal is right (the amount is not the order's, or a repeated parameter is
 *  refused); only paying the order is not. (The declared amount before the signed one is not sent: a
 *  shop verifying no sign takes it as a forged result of the order's amount, JY-MRD-01's, not this.)
 *  Its control, sent first: the same result without the duplicate, the amount changed to the declared
 *  one (signed over the other amount: a forged result, its own mpi_order). A shop taking that verifies
 *  no sign at all (JY-MRD-01's): the duplicated amount tells nothing more, and is not sent. */
function duplicatedAmount(t: Ctx, channel: string, o: DeclaredOrder): Array<['JY-MRD-12', Params, string, Control]> {
  const paid = Number(o.amount) === 1 ? '2.00' : '1.00';
  const q = Object.entries(signed(t, { ...redirectFields(t, o, `${channel} duplicate amount`), amount: paid }));
  const forged = { ...signed(t, { ...redirectFields(t, o, `${channel} duplicate amount control`), amount: paid }) };
  return [
    [
      'JY-MRD-12',
      [...q, ['amount', o.amount!]],
      `of ${paid} for ${o.orderId} (declared ${o.amount}), signed over ${paid}, with amount=${o.amount} appended after it`,
      {
        params: { ...forged, amount: o.amount! },
        what: `of ${o.amount} for ${o.orderId} signed over ${paid} (a forged result: the same without the duplicated amount)`,
      },
    ],
  ];
}

/** A case's control: sent before it, and the case judged only when the control is refused. */
type Control = { params: Params; what: string };

export const checks = shopChecks({ profile: 'jysan', subject: 'merchant', area: 'merchant-redirect' }, [
  {
    id: 'jy.merchant.genuine',
    title:
      'a genuine result redirect for a payable order is accepted, CR/LF and quotes in res_desc and leading zeros in ORDER included, without authentication',
    rules: ['JY-MRD-02', 'JY-MRD-05'],
    plans: ['smoke', 'full'],
    async run(t) {
      requireRedirects(t);
      const o = orders(t).take('payable', 'a genuine redirect');
      // a literal `+` and `%` in res_desc: the query carries them as %2B and %25, and a shop decoding
      // the query twice (a framework's decoded parameters decoded again) verifies the sign over a space;
      // its spaces written both ways a query writes one (see Spaces: every redirect wrote %20)
      // its sign starting with "0" (SIGN_ZERO: a shop dropping the leading 0 refuses it alone)
      const r = await land(
        t,
        signed(t, redirectFields(t, o, 'genuine', true, DESC), 'zero'),
        'genuine redirect, spaces written %20 and "+", its sign starting with "0"',
        true,
        'both',
      );
      const noAuth = (x: typeof r) =>
        t.require(
          'JY-MRD-05',
          !wantsAuth(x),
          `BACKREF asks for authentication (${answered(x)}, WWW-Authenticate: ${x.headers['www-authenticate'] ?? '∅'})`,
        );
      // a server error (the shop down behind its edge, or failing on this result's text) shows nothing of
      // whether BACKREF asks for credentials: JY-MRD-05 is judged on a genuine redirect the shop answered
      // (this one, or the plain one below), and is inconclusive when none was
      const unshown = (also = '') =>
        t.cannotJudge(
          'JY-MRD-05',
          `a genuine redirect was answered ${answered(r)}: whether BACKREF asks the payer's browser for credentials is not shown${also}`,
        );
      if (r.status < 500) noAuth(r);
      if (toLogin(r)) {
        // a shop may show its own paid-order page behind a login; a session wall sends a forged
        // result to the same login page, as it never looks at the result
        const forged = await land(t, { ...redirectFields(t, o, 'genuine'), sign: 'f'.repeat(128) }, 'forged', true);
        t.require(
          'JY-MRD-05',
          answered(forged) !== answered(r),
          `a genuine and a forged redirect were both answered ${answered(r)}: BACKREF asks the payer's browser to log in`,
        );
      }
      // a redirect to a page is no acceptance by itself: sent elsewhere than a genuine one with res_desc
      // "Approved" (for a spare order), or where every result lands on one page (the order's status
      // page) shown otherwise, it is a refusal (refusalJudge, as for JY-MRD-01). Every 3xx counted as
      // taken: a shop sending the genuine result it refused to its failure page passed
      let judge: Promise<((x: Landing) => Promise<boolean | string>) | string> | undefined;
      const reference = async () => {
        const p = orders(t).spare('payable');
        if (!p) return 'no payable order was left to send one with res_desc "Approved" beside it';
        const ref = await land(
          t,
          signed(t, redirectFields(t, p, 'genuine-reference')),
          `genuine redirect for ${p.orderId}, res_desc "Approved": where does a taken one lead?`,
        );
        return accepted(ref.status)
          ? refusalJudge(t, ref)
          : `one with res_desc "Approved" for ${p.orderId} was answered ${answered(ref)}`;
      };
      const taken = async (x: Landing): Promise<boolean> => {
        if (!accepted(x.status)) return false;
        if (x.status < 300) return true;
        const j = await (judge ??= reference());
        if (typeof j === 'string') {
          t.judgedInPart('JY-MRD-02', `a genuine redirect was answered ${answered(x)}, taken as an acceptance: ${j}`);
          return true;
        }
        return (await j(x)) !== true;
      };
      if (await taken(r)) {
        // the forms of a genuine result a shop may mishandle, each for an order of its own (genuineForms:
        // ORDER with leading zeros, ORDER above 2^31 − 1)
        for (const f of genuineForms(t, o, 'genuine')) {
          const fr = await land(t, f.params, `genuine redirect for ${f.order.orderId}, ${f.what}`);
          t.expect(
            'JY-MRD-02',
            await taken(fr),
            `a genuine redirect for ${f.order.orderId}, ${f.what}, was answered ${answered(fr)}, one for ${o.orderId} ${answered(r)}: ${f.why}`,
          );
        }
        t.pass('JY-MRD-02');
        // the block's last order, only where the declaration holds every check's block (a shorter one is
        // handed out in line, and one order more starves a later check)
        await failedNotForged(t, holdsBlocks(t) ? orders(t).spare('payable') : undefined);
        // quotes in res_desc: o is paid by now, and a failed payment's result for it changes nothing
        return void (await quotesKept(t, o));
      }
      // o is still payable: the same res_desc with every space written %20 tells a `+` read as a `+`;
      // else the same with res_desc "Approved" which values are not verified as sent: a refused plain
      // one, the redirect itself; an accepted one, the res_desc's characters (CR/LF kept in the sign,
      // Cyrillic read or passed on in another charset, the query decoded twice). Each before o is paid
      // (an order's status page then shows it paid whatever comes next). Was another order's: one with
      // leading zeros refused beside one without blamed res_desc. First the same with a sign of another
      // first digit (SIGN_ZERO: the leading 0 was blamed on quotes, 398 or the amount's spelling)
      const other0 = await land(
        t,
        signed(t, redirectFields(t, o, 'genuine', true, DESC)),
        `the same genuine redirect for ${o.orderId}, its sign not starting with "0" (another mpi_order)`,
        false,
        'both',
      );
      if (await taken(other0))
        return void t.expect(
          'JY-MRD-02',
          false,
          `a genuine redirect for ${o.orderId} whose sign starts with "0" (${(r as Landing).sent?.sign?.slice(0, 8)}…) was answered ${answered(r)}; the same with a sign not starting with "0" (another mpi_order) ${answered(other0)}: ${SIGN_ZERO}`,
        );
      const all20 = await land(
        t,
        signed(t, redirectFields(t, o, 'genuine-%20', true, DESC)),
        `genuine redirect for ${o.orderId}, every space written %20`,
      );
      if (await taken(all20))
        return void t.expect(
          'JY-MRD-02',
          false,
          `a genuine redirect for ${o.orderId} with some of res_desc's spaces written "+" (as an HTML form's GET and URLSearchParams write a query) was refused: ${answered(r)}; the same with every space written %20 was accepted (${answered(all20)}): a "+" in the query is read as a "+", not a space`,
        );
      const plain = await land(
        t,
        signed(t, redirectFields(t, o, 'genuine-plain')),
        `genuine redirect for ${o.orderId}, res_desc "Approved"`,
      );
      if (r.status >= 500) {
        if (plain.status < 500) noAuth(plain);
        else unshown(` (one with res_desc "Approved" was answered ${answered(plain)} too)`);
      }
      if (await taken(plain))
        return void t.expect(
          'JY-MRD-02',
          false,
          `a genuine redirect for ${o.orderId} whose res_desc holds CR/LF, Cyrillic, spaces, "+", "%", "%2F" and blanks at its ends was refused: ${answered(r)}; one with res_desc "Approved" was accepted (${answered(plain)}): the sign is not verified over res_desc as sent (CR/LF removed; both for the same order), e.g. its text trimmed, re-encoded or decoded twice before the shop reads it`,
        );
      t.expect(
        'JY-MRD-02',
        false,
        await orderAsSent(t, o.orderId, r, plain, {
          what: 'redirect',
          send: (q, note) => land(t, q, note),
          takes: taken,
        }),
      );
    },
  },
  {
    id: 'jy.merchant.forged',
    title: 'a redirect whose sign does not verify, is cut or is absent, is refused and changes nothing',
    // JY-MRD-02 on its precondition's genuine redirect refused for ORDER's leading zeros (zeroFreeInstead)
    rules: ['JY-MRD-01', 'JY-MRD-03', 'JY-MRD-02'],
    arrivalRules: ['JY-MRD-02'],
    plans: ['smoke', 'full'],
    async run(t) {
      requireRedirects(t);
      const o = orders(t).take('payable', 'a forged, then a genuine redirect');
      const genuine = signed(t, redirectFields(t, o, 'forged-then-genuine'));
      const before = await paidOrders(t);
      // a forger knows no mpi_order: one taken as paid leaves the genuine result a second payment
      const forged = await land(t, { ...redirectFields(t, o, 'forged'), sign: 'f'.repeat(128) }, 'forged sign');
      // precondition: a genuine redirect for a payable order (with no forged one before) is accepted;
      // where it sends the payer tells a shop's failure page from its success page
      const { o: p, r: plain, zeros } = await redirectTaken(t);
      const why = `a redirect with a forged sign was answered ${answered(forged)}, a genuine one ${answered(plain)}`;
      if (!accepted(plain.status)) {
        // a server error for the genuine one and the forged one alike (the shop down, or failing before
        // it reads the result) tells nothing of the sign check: no refusal, no acceptance
        const bothFailed = plain.status >= 500 && forged.status >= 500;
        if (!bothFailed) t.expect('JY-MRD-01', turnedAway(forged), why);
        t.inconclusive(
          `precondition: a genuine redirect for a payable order was answered ${answered(plain)} (see JY-MRD-02)${bothFailed ? `, the forged one ${answered(forged)}: a server error for both tells nothing of the sign check` : zeros}`,
        );
      }
      // before the genuine redirect for o: a status page shows what the forged one did to it
      const judge = refusalJudge(t, plain);
      const refusal = await judge(forged);
      // taken: failed here; a refusal is held until o's genuine redirect after it shows whether o is
      // refused for its form (ORDER with leading zeros read as a number), as post-forged's are
      if (refusal === false) t.expect('JY-MRD-01', false, `${why}${noRefusal(forged, 'redirect')}`);
      // refused, and o left as it was (a shop paying it before it verifies the sign
      // takes the genuine one that follows as a repeat): where that shows. Left unpaid passes neither
      // rule (their verdicts come below: a pass here stood over a later cannotJudge)
      if (refusal === true)
        await notTakenAsPaid(
          t,
          ['JY-MRD-01', 'JY-MRD-03'],
          before,
          o.orderId,
          'redirects with a forged sign',
          forged,
          [],
        );
      const real = await land(t, genuine, 'the genuine redirect after the forged one');
      // sent elsewhere than a genuine redirect (the shop's failure page) is refused as a 4xx is
      const realRefused = accepted(real.status) ? await judge(real) : true;
      if (typeof realRefused === 'string') t.note(`the genuine redirect after the forged one: ${realRefused}`);
      const after = `after a forged redirect, the genuine one for ${o.orderId} was answered ${answered(real)}, a genuine one for ${p.orderId} ${answered(plain)}`;
      // o refused for its form, not for the forged one before it (ORDER read as a number)
      const form =
        realRefused === true ? await answeredAsFresh(t, o.orderId, p.orderId, real, freshRedirect(t)) : undefined;
      if (form) t.cannotJudge('JY-MRD-03', `${after}${form}`);
      else t.expect('JY-MRD-03', realRefused !== true, after);
      if (typeof refusal === 'string') return t.inconclusive(`JY-MRD-01 not judged: ${refusal}`);
      // the forged one refused as o's genuine redirect after it was, o refused for its form: that
      // refusal tells nothing of the sign check (a shop verifying no sign refuses every result for o)
      const formAlike = refusal === true && form !== undefined && answeredAlike(forged, real);
      if (refusal === true && !formAlike) t.pass('JY-MRD-01');
      const was = `a redirect with a forged sign for ${o.orderId} was refused as its genuine redirect after it was (${answered(real)})${form ?? ''}: that refusal tells nothing of the sign check`;
      if (formAlike) t.note(was);
      // an order of its own: a shop showing each order's status page shows o as paid by now. Where o's
      // form is refused, one of p's form (taken), whose refusals then are no form's
      const q =
        form === undefined
          ? orders(t).take('payable', 'a redirect with no sign, then one with a cut sign')
          : spareWhere(t, (x) => leadingZeros(x.orderId) === leadingZeros(p.orderId));
      if (!q)
        return t.partNotJudged(
          'JY-MRD-01',
          `${formAlike ? `${was}; ` : ''}${o.orderId}'s genuine redirect was refused for its form${form}; no spare order of ${p.orderId}'s form was left to send a redirect with no sign, a cut one or a field changed after signing for (declare more orders): not judged on them`,
        );
      const beforeQ = await paidOrders(t);
      let last: Landing | undefined;
      const forgeries = unsignedAndCut(redirectFields(t, q, 'unsigned-or-cut'), t.credentials.sharedSecret);
      // o's forged sign not counted: the same for q
      if (formAlike)
        forgeries.unshift(['a forged sign', { ...redirectFields(t, q, 'forged-again'), sign: 'f'.repeat(128) }]);
      for (const [what, p] of forgeries) {
        const r = (last = await land(t, p, `a redirect with ${what}`));
        const verdict = await judge(r);
        if (typeof verdict === 'string') t.note(`a redirect with ${what}: ${verdict}`);
        else
          t.expect(
            'JY-MRD-01',
            verdict,
            `a redirect with ${what} was answered ${answered(r)}, a genuine one ${answered(plain)}${noRefusal(r, 'redirect')}`,
          );
      }
      // q again: the forgeries before changed nothing of it, or JY-MRD-01 has failed already
      await tamperedAreRefused(t, 'JY-MRD-01', 'a redirect', 'tampered', (t, p) => land(t, p), judge, q);
      await notTakenAsPaid(
        t,
        ['JY-MRD-01'],
        beforeQ,
        q.orderId,
        'redirects with no sign, a cut one or a field changed after signing',
        last,
      );
    },
  },
  {
    id: 'jy.merchant.other-amount',
    title:
      "a genuine result whose amount or currency is not the order's, or for an order the merchant does not have, is refused (a 4xx, or for the redirect another place than a genuine one's), on each channel the merchant takes; the order's amount and currency spelled otherwise are taken",
    rules: ['JY-MRD-12', 'JY-MRD-13', 'JY-MRD-14', 'JY-MRD-15', 'JY-MRD-16'],
    async run(t) {
      // a channel is judged only if the merchant takes a genuine result on it (JY-MRD-02, JY-MRD-08)
      const channels = [
        {
          name: 'redirect' as const,
          send: (p, note) => land(t, p, note, true),
          // a login page is the shop's session wall, not its verdict (JY-MRD-05)
          takes: (r) => accepted(r.status) && !toLogin(r) && !wantsAuth(r),
          // a place other than a genuine one's, or for a shop with one place for every result its page
          judge: (genuine) => refusalJudge(t, genuine),
          see: 'JY-MRD-02, JY-MRD-05',
        },
        {
          name: 'server POST' as const,
          send: (p, note) => post(t, p, note),
          takes: (r) => ok(r.status),
          judge: () => async (r) => refused(r.status),
          see: 'JY-MRD-08',
        },
      ] satisfies Array<{
        name: string;
        send: (p: Params, note: string) => Promise<Landing>;
        takes: (r: Landing) => boolean;
        judge: (genuine: Landing) => (r: Landing) => Promise<boolean | string>;
        see: string;
      }>;
      /** why each rule was not judged, per channel: judged on another channel it is passed partly
       *  (JY-MRD-12 passed on the POST alone, with a note only, for a shop taking any amount on the
       *  redirect that showed nothing of it), on none inconclusive */
      const RULES = ['JY-MRD-12', 'JY-MRD-13', 'JY-MRD-14', 'JY-MRD-15', 'JY-MRD-16'] as const;
      const notJudgedBy = Object.fromEntries(RULES.map((r) => [r, [] as string[]])) as Record<
        (typeof RULES)[number],
        string[]
      >;
      const judged = new Set<string>();
      type Channel = (typeof channels)[number];
      /** Whether a genuine result for `n` whose `field` is the declared one spelled otherwise (`value`)
       *  is taken as the declared spelling is (asserted under `rule`), or why that cannot be told. */
      const respelledTaken = async (
        ch: Channel,
        n: { orderId: string; amount?: string; currency?: string },
        rule: 'JY-MRD-14' | 'JY-MRD-16',
        field: 'amount' | 'currency',
        value: string,
        judge: (r: Landing) => Promise<boolean | string>,
      ): Promise<true | string> => {
        const declared = field === 'amount' ? n.amount! : (n.currency ?? 'KZT');
        const as = (v: string) => (field === 'amount' ? `of ${v}` : `in ${v}`);
        const taken = async (r: Landing) => {
          const refusal = await judge(r);
          return typeof refusal === 'string' ? refusal : ch.takes(r) && !refusal;
        };
        const r = await ch.send(
          signed(t, { ...redirectFields(t, n, `${ch.name} respelled ${field}`), [field]: value }),
          `a genuine ${ch.name} ${as(value)} for ${n.orderId} (declared ${declared})`,
        );
        const tr = await taken(r);
        if (typeof tr === 'string') return `a ${ch.name} ${as(value)} for ${n.orderId}: ${tr}`;
        if (tr) {
          t.pass(rule);
          return true;
        }
        const d = await ch.send(
          signed(t, redirectFields(t, n, `${ch.name} declared ${field}`)),
          `a genuine ${ch.name} ${as(declared)} for ${n.orderId}, the declared spelling`,
        );
        const td = await taken(d);
        if (td !== true)
          return `${n.orderId} was refused in both spellings: ${value} answered ${answered(r)}, ${declared} answered ${answered(d)}${typeof td === 'string' ? ` (${td})` : ''}${leadingZeros(n.orderId) ? `; ORDER ${n.orderId} has leading zeros, and a shop refusing such ORDERs (JY-MRD-02, JY-MRD-08) shows nothing of the spelling on it` : ''}`;
        t.expect(
          rule,
          false,
          `a genuine ${ch.name} ${as(value)} for ${n.orderId} (declared ${declared}) was answered ${answered(r)}, the same ${ch.name} ${as(declared)} ${answered(d)}`,
        );
        return true;
      };
      /** JY-MRD-16 on `c`, whose result in another currency was refused (`otherRefused`: c is still
       *  payable): its currency as the other ISO 4217 form (398 for KZT). A merchant taking another
       *  currency shows nothing of how it reads one (as JY-MRD-14 for the amount). */
      const readsCurrency = async (
        ch: Channel,
        c: { orderId: string; currency?: string },
        otherRefused: boolean | string | undefined,
        judge: (r: Landing) => Promise<boolean | string>,
      ): Promise<true | string> => {
        if (otherRefused === false)
          return `a result in another currency for ${c.orderId} was taken (JY-MRD-13): a merchant that takes another currency shows nothing of whether it reads the order's as its number`;
        if (otherRefused !== true) return `a result in another currency was not judged (${otherRefused ?? 'not sent'})`;
        const letters = (c.currency ?? 'KZT').toUpperCase();
        const other =
          CURRENCY_NUMBER[letters] ?? Object.entries(CURRENCY_NUMBER).find(([, num]) => num === letters)?.[0];
        if (!other)
          return `the currency of ${c.orderId} (${letters}) has no ISO 4217 form paycert knows to write it in`;
        return respelledTaken(ch, c, 'JY-MRD-16', 'currency', other, judge);
      };
      const amountRespelled = async (
        ch: Channel,
        n: { orderId: string; amount?: string; currency?: string },
        judge: (r: Landing) => Promise<boolean | string>,
      ): Promise<true | string> => {
        // at most two decimals, as KZT has (tiyn): "1005.250" is no amount the bank would send
        const other =
          n.amount === undefined || decimalValue(n.amount) === undefined ? undefined : otherSpellingWithin(n.amount, 2);
        return other === undefined
          ? `the declared amount of ${n.orderId} (${n.amount ?? 'none'}) has no other spelling with at most two decimals`
          : respelledTaken(ch, n, 'JY-MRD-14', 'amount', other, judge);
      };
      const readsAmount = async (
        ch: Channel,
        o: { orderId: string; amount?: string },
        tiynMore: boolean | string | undefined,
        judge: (r: Landing) => Promise<boolean | string>,
        /** a forged result for o taken (a duplicated amount's control): o is paid by it */
        forged?: string,
      ): Promise<true | string> => {
        if (tiynMore === true && !forged) return amountRespelled(ch, o, judge);
        if (tiynMore === true) {
          // an order more only where no channel judged the spelling yet (a shop verifying no sign on both
          // channels takes one, as a shop taking another amount does)
          const paidBy = `${o.orderId} was taken as paid by a forged result (${forged})`;
          if (judged.has('JY-MRD-14')) return `${paidBy}: the amount spelled otherwise was judged on the other channel`;
          const n = orders(t).spare('payable');
          if (!n?.amount)
            return `${paidBy}, and no payable order with an amount is left to send it spelled otherwise for`;
          return amountRespelled(ch, n, judge);
        }
        if (tiynMore !== false) return `a result of another amount was not judged (${tiynMore ?? 'not sent'})`;
        const n = orders(t).spare('payable');
        if (!n?.amount)
          return 'a result of another amount was taken (JY-MRD-12), and no payable order with an amount is left to send one tenge more for';
        const amount = ((Math.round(Number(n.amount) * 100) + 100) / 100).toFixed(2);
        const r = await ch.send(
          signed(t, { ...redirectFields(t, n, `${ch.name} one tenge more`), amount }),
          `a genuine ${ch.name} of ${amount} for ${n.orderId} (declared ${n.amount})`,
        );
        const refusal = await judge(r);
        if (typeof refusal === 'string') return `a ${ch.name} of ${amount} for ${n.orderId}: ${refusal}`;
        if (!refusal)
          return `results of another amount and of one tenge more were taken (JY-MRD-12: ${amount} for ${n.orderId}, declared ${n.amount}, answered ${answered(r)}): a merchant that takes another amount shows nothing of whether it reads the amount as a number`;
        return amountRespelled(ch, n, judge);
      };
      // without redirect=true in BACKREF the bank sends no redirect there: that channel is not one
      const redirects = redirectsHere(t);
      const unknown = orders(t).unknown(t.check.id);
      // the amount shapes (whole tenge, with tiyn) a result one tiyn above was tried on
      const shapesTried = new Set<boolean>();
      if (!redirects) t.note('BACKREF has no redirect=true: judged on the server POST only');
      for (const ch of channels.filter((c) => redirects || c.name !== 'redirect')) {
        const o = orders(t).take('payable', `a ${ch.name} of another amount than the order's`);
        if (!o.amount) t.inconclusive(`the declaration gives no amount for the payable order ${o.orderId}`);
        // the order of the precondition (paid by it) of an amount shape (whole tenge, tiyn) o's and the
        // earlier channel's orders have, where the next one has it: then the other (c) carries the shape
        // they lack (its result one tiyn above, otherShape), with no order more (a ru_KZ-locale shop
        // reading "700.01" as 700 passed beside orders that all had tiyn)
        const covered = new Set([...shapesTried, inTiyn(o.amount)]);
        const x = orders(t).take('payable', `the precondition (a genuine ${ch.name} is accepted)`);
        const y = covered.has(inTiyn(x.amount)) ? undefined : orders(t).spare('payable');
        const [p0, early] = y && covered.has(inTiyn(y.amount)) ? [y, x] : [x, y];
        const pre = (z: DeclaredOrder) =>
          ch.send(signed(t, redirectFields(t, z, `${ch.name} precondition`)), `precondition: a genuine ${ch.name}`);
        // no order without leading zeros in place of p0 here (zeroFreeInstead): the orders this check
        // takes beyond its block once past its precondition starved the checks after it
        const [p, plain] = [p0, await pre(p0)];
        // its leading zeros named only where one without them was taken in this run (zerosHint)
        const zeros = zerosHint(t, ch.name, p.orderId);
        if (ch.takes(plain)) tookZeroFree(t, ch.name, p);
        if (!ch.takes(plain)) {
          const why = `a genuine ${ch.name} for a payable order was answered ${answered(plain)} (see ${ch.see})${zeros}`;
          for (const rule of RULES) notJudgedBy[rule].push(why);
          continue;
        }
        const c = early ?? orders(t).take('payable', `a ${ch.name} in another currency than the order's`);
        const currency = (c.currency ?? 'KZT') === 'USD' ? 'EUR' : 'USD';
        const declared = `declared ${c.amount} ${c.currency ?? 'KZT'}`;
        // each rule's results in turn, up to the first taken (which may have paid its order): JY-MRD-12
        // one tiyn more (a shop comparing whole units takes it), and less: one tiyn, one tenge and a
        // tenth of the order's (a shop taking "never more than ordered" passed); JY-MRD-13 another
        // currency by its letters and by its ISO 4217 number (one taking any numeric code passed)
        const cases: Array<[(typeof RULES)[number], Params, string, Control?]> = [
          ...otherAmounts(o.amount!).map(([amount, how]): [(typeof RULES)[number], Params, string] => [
            'JY-MRD-12',
            signed(t, {
              ...redirectFields(t, o, `${ch.name} other amount${how === 'one tiyn above' ? '' : ` ${how}`}`),
              amount,
            }),
            `of ${amount} for ${o.orderId} (declared ${o.amount}: ${how} it)`,
          ]),
          ...duplicatedAmount(t, ch.name, o),
          [
            'JY-MRD-13',
            signed(t, { ...redirectFields(t, c, `${ch.name} other currency`), currency }),
            `in ${currency} for ${c.orderId} (${declared})`,
          ],
          [
            'JY-MRD-13',
            signed(t, {
              ...redirectFields(t, c, `${ch.name} other currency number`),
              currency: CURRENCY_NUMBER[currency]!,
            }),
            `in ${CURRENCY_NUMBER[currency]} for ${c.orderId} (${declared}; ${currency} by its ISO 4217 number)`,
          ],
          // an order it does not have: the declaration's unknown one (no payment of it pays anything)
          [
            'JY-MRD-15',
            signed(t, redirectFields(t, { ...o, orderId: unknown }, `${ch.name} unknown order`)),
            `for ${unknown} (an order the merchant does not have)`,
          ],
          // c, when its amount is of the other shape than o's (whole tenge, tiyn), after its own results
          ...otherShape(t, ch.name, o, [c]),
        ];
        const judge = ch.judge(plain);
        shapesTried.add(inTiyn(o.amount));
        shapesTried.add(inTiyn(c.amount));
        const before = await paidOrders(t);
        const verdicts = new Map<string, boolean | string>();
        // per rule, the answer its verdict rests on: the first taken, else the first undecided, else the first
        const answers: Array<[(typeof RULES)[number], Landing, string]> = [];
        // o taken as paid by a case's control (a forged result: the shop verifies no sign), and the paid
        // orders before the results for o after it (the control's effect is not theirs)
        let forgedTaken: string | undefined;
        const paidBefore = before;
        let beforeO = before;
        for (const [rule, fields, what, control] of cases) {
          if (verdicts.get(rule) === false) continue;
          if (control) {
            // o's results so far left it unpaid: seen before the control, which a shop verifying no sign takes
            const a = answers.find(([x]) => x === rule);
            if (paidBefore && a && verdicts.get(rule) === true)
              await notTakenAsPaid(t, [rule], paidBefore, o.orderId, `genuine ${ch.name}s of other amounts`, a[1]);
            const cr = await ch.send(control.params, `a ${ch.name} ${control.what}`);
            const cv =
              cr.status >= 500
                ? `answered ${answered(cr)}: a server error, neither taken nor refused`
                : await judge(cr);
            if (paidBefore) beforeO = await paidOrders(t);
            if (cv !== true) {
              const forgedRule = ch.name === 'redirect' ? 'JY-MRD-01' : "JY-MRD-07, the server POST's JY-MRD-01";
              if (cv === false) forgedTaken = `a ${ch.name} ${control.what}, answered ${answered(cr)}`;
              t.judgedInPart(
                rule,
                cv === false
                  ? `a ${ch.name} ${what} was not judged: the same without the duplicated amount, a ${ch.name} ${control.what}, was taken (answered ${answered(cr)}, a genuine one for ${p.orderId} ${answered(plain)}): the shop verifies no sign (${forgedRule}), and a duplicated amount shows nothing more`
                  : `a ${ch.name} ${what} was not judged: whether the same without the duplicated amount (${control.what}) was refused is not told: ${cv}`,
              );
              continue;
            }
          }
          // c taken in another currency (paid): its result of another amount would tell nothing
          if (
            rule === 'JY-MRD-12' &&
            fields !== undefined &&
            paramOrder(fields) === c.orderId &&
            verdicts.get('JY-MRD-13') === false
          )
            continue;
          const r = await ch.send(fields, `a genuine ${ch.name} ${what}`);
          // a server error is no decision of the shop's: neither taken nor refused (was "taken", and the
          // crash of a shop parsing a ten-digit ORDER as an int blamed on the currency, JY-MRD-13)
          const v =
            r.status >= 500
              ? `a genuine ${ch.name} ${what} was answered ${answered(r)}: a server error, neither taken nor refused (see ${ch.see})`
              : await judge(r);
          const before = verdicts.get(rule);
          if (before === undefined || v === false || (before === true && typeof v === 'string')) {
            verdicts.set(rule, v);
            const at = answers.findIndex(([x]) => x === rule);
            answers.splice(at < 0 ? answers.length : at, at < 0 ? 0 : 1, [rule, r, what]);
          }
        }
        // the redirect's answer is the payer's page: one like a paid result's shows the result taken as
        // paid only where the shop answers some genuine successful result otherwise (here: refuses one).
        // A shop paying orders on the server POST alone shows every genuine redirect one page ("awaiting
        // the bank's confirmation"), which was warned JY-MRD-12/13/15. The POST's 2xx is the merchant's
        // acceptance to the bank (JY-MRD-08), judged as it is. Read over the orders the shop has only: one
        // it does not have may well be answered 404 by a shop showing its known orders "awaiting the bank"
        // (that 404 took the known orders' page for "taken as paid", JY-MRD-12/13 warned)
        const known = (rule: string) => rule !== 'JY-MRD-15';
        if (ch.name === 'redirect' && ![...verdicts].some(([rule, v]) => known(rule) && v === true)) {
          // the unknown order's too, when answered as they were (taken): then one page for every result
          // not those whose page showed their order paid where a declined result's and an untouched
          // order's show another (shownAsPaid): that page depends on the order's state (probe 26)
          const taken = answers.filter(([rule, r]) => verdicts.get(rule) === false && !shownAsPaid(r));
          const list = taken.map(([, r, what]) => `${what}: ${answered(r)}`).join('; ');
          for (const [rule] of taken)
            verdicts.set(
              rule,
              `none of the genuine redirects of another amount or in another currency for an order the merchant has was refused: an answer that does not depend on what the shop found shows nothing of what it took as paid (a shop paying orders on the server POST alone may show every genuine redirect one "awaiting the bank" page). Answered: ${list}; one for ${p.orderId} of its amount: ${answered(plain)}`,
            );
        }
        // refused, and the order left unpaid (a shop paying it before it compares takes the next result
        // as a repeat): where that shows
        for (const [rule, r] of answers)
          if (rule !== 'JY-MRD-15' && verdicts.get(rule) === true && !(rule === 'JY-MRD-12' && forgedTaken && before))
            await notTakenAsPaid(
              t,
              [rule],
              rule === 'JY-MRD-12' ? beforeO : before,
              (rule === 'JY-MRD-12' ? o : c).orderId,
              `genuine ${ch.name}s ${rule === 'JY-MRD-12' ? 'of other amounts' : 'in other currencies'}`,
              r,
            );
        for (const [rule, r, what] of answers) {
          const refusal = verdicts.get(rule)!;
          if (typeof refusal === 'string') {
            notJudgedBy[rule].push(`a ${ch.name}: ${refusal}`);
            continue;
          }
          judged.add(rule);
          t.expect(
            rule,
            refusal,
            `a genuine ${ch.name} ${what} was answered ${answered(r)}, one for ${p.orderId} of its amount ${answered(plain)}${shownAsPaid(r) ? `: the order's status page then shows what a paid order's does (a genuine declined result's, and an order's with nothing sent for it, show another): the order taken as paid` : ''}`,
          );
        }
        // JY-MRD-14: then the order's own amount spelled otherwise ("1000.5" for "1000.50", "700.00" for
        // "700"), signed over that text as the bank signs the amount it sends. A channel that takes any
        // amount shows nothing of how it reads one: the respelled result is sent for an order whose result
        // of another amount was refused (which changed nothing), o's of one tiyn more (JY-MRD-12) or, when
        // that was taken (and paid o), a spare order's of one tenge more. When it is refused, the same
        // result with the declared spelling (another mpi_order) tells a text compare from an order no
        // longer payable.
        // JY-MRD-16: the order's currency as its ISO 4217 number (398 for KZT), as the digest has the
        // bank's results write it at times (§A3 CURRENCY "Responses and redirects may return it
        // differently"; a POST stub signs 398, §A10); refused, the letters for the same order tell a
        // currency compared as letters from an order no longer payable
        const whys = {
          'JY-MRD-14': await readsAmount(ch, o, verdicts.get('JY-MRD-12'), judge, forgedTaken),
          'JY-MRD-16': await readsCurrency(ch, c, verdicts.get('JY-MRD-13'), judge),
        };
        for (const [rule, why] of Object.entries(whys) as Array<[keyof typeof whys, true | string]>)
          if (typeof why === 'string') notJudgedBy[rule].push(`a ${ch.name}: ${why}`);
          else judged.add(rule);
      }
      for (const rule of RULES) {
        const whys = notJudgedBy[rule].join('; ');
        if (!judged.has(rule)) t.cannotJudge(rule, whys);
        else if (whys) t.judgedInPart(rule, `judged on one channel, not the other: ${whys}`);
      }
    },
  },
  {
    id: 'jy.merchant.reload',
    title:
      "a reloaded redirect (the same result again) gets the same answer, and a failed payment's redirect after it leaves the order paid",
    rules: ['JY-MRD-04', 'JY-MRD-19', 'JY-MRD-02'],
    arrivalRules: ['JY-MRD-02'],
    async run(t) {
      requireRedirects(t);
      const x = orders(t).take('payable', 'a reloaded redirect');
      const {
        o,
        r: r0,
        zeros,
      } = await zeroFreeInstead(t, x, await land(t, signed(t, redirectFields(t, x, 'reload'))), {
        what: 'redirect',
        send: (z) => land(t, signed(t, redirectFields(t, z, 'reload'))),
        takes: (r) => accepted(r.status),
      });
      const p = signed(t, redirectFields(t, o, 'reload'));
      // each answer with what the payer is shown, fetched before the next reload (a status page counting
      // the order's shipments shows each)
      const answers: Array<{ r: Landing; page?: string; shown: Shown }> = [];
      for (let i = 0; i <= 2; i++) {
        const r = i === 0 ? r0 : await land(t, p, `reload ${i}`);
        // by a Location, or by a meta refresh (a "please wait" page)
        const onward = (r.status >= 300 && r.status < 400) || (ok(r.status) && refreshTo(r.text) !== undefined);
        const s = await shown(t, r, onward ? 'the page it leads to' : 'its page');
        answers.push({ r, page: onward ? s.text : undefined, shown: s });
      }
      const [first, ...agains] = answers.map((a) => a.r) as [Landing, ...Landing[]];
      sameServerErrorEachTime(
        t,
        first,
        agains,
        'the redirect and each reload',
        `how the shop answers a reload (see JY-MRD-02)${zeros}`,
      );
      const reloads = async () => {
        const other = repeatedOtherwise(answers);
        if (other)
          return void t.expect(
            'JY-MRD-04',
            false,
            `reload ${other.i} of a genuine redirect for ${o.orderId}: ${other.why}`,
          );
        // the same status and place, another page: its words are the shop's ("already paid"), unless it
        // is the page a refusal or a failed payment gets (as JY-MRD-01 tells a refusal)
        const i = answers.findIndex((a) => !toldAlike(answers[0]!.r, answers[0]!.shown, a.r, a.shown));
        if (i < 0) return void t.pass('JY-MRD-04');
        const as = await reloadShownAs(t, o, answers[0]!, answers[i]!);
        if (as.like)
          return void t.expect(
            'JY-MRD-04',
            false,
            `reload ${i} of a genuine redirect for ${o.orderId} was answered ${answered(answers[i]!.r)} with ${as.like}, the first ${answered(first)} with another page`,
          );
        // a page telling an error in its title or first h1 where the first page (fetched) told none: the
        // payer who reloads is told it failed (probe 23: HTTP 200 "Ошибка: этот платёж уже был обработан
        // ранее" passed, the status alike). Read after reloadShownAs, on the page's own heads only
        // (session 23 review: an FAQ h2 "Payment failed? Contact us" on a status page failed it)
        const error = errorTold(answers[i]!.shown.text);
        if (
          error !== undefined &&
          answers[0]!.shown.text !== undefined &&
          errorTold(answers[0]!.shown.text) === undefined
        )
          return void t.expect(
            'JY-MRD-04',
            false,
            `reload ${i} of a genuine redirect for ${o.orderId} was answered ${answered(answers[i]!.r)} with a page telling an error (${quote(error, 160)}), the first ${answered(first)} with one telling none: the payer who reloads the paid order's page is told the payment failed`,
          );
        if (as.unknown) return void t.judgedInPart('JY-MRD-04', as.unknown);
        t.pass('JY-MRD-04');
      };
      await reloads();
      // then a failed attempt's redirect for the order it paid (kept or replayed): o on no other order
      await declinedLeavesPaid(t, o, p, 'redirect', first, answers[0]!.shown);
    },
  },
  {
    id: 'jy.merchant.failed-payment',
    title:
      'a redirect for a failed payment is answered without a server error, not as a paid one, and leaves the order payable',
    rules: ['JY-MRD-06', 'JY-MRD-02'],
    arrivalRules: ['JY-MRD-02'],
    async run(t) {
      requireRedirects(t);
      const o = orders(t).take('payable', 'failed, then a successful payment');
      // the payer tries again and again and the bank declines each, in Russian as its texts are (DECLINES), the
      // query written as a genuine successful one's is (spaces %20 and "+")
      const failures: Array<{ r: Landing; shown: Shown; of: string }> = [];
      for (const [i, d] of DECLINES.entries()) {
        const failed = await land(
          t,
          signed(t, redirectFields(t, o, `failed-${i}`, false, d.desc, d.code)),
          `failed payment (res_code ${d.code})`,
          false,
          'both',
        );
        // the page for a declined payment may carry any status but a server error (the seed fixes none)
        await unlessEveryResultFails(t, failed, {
          send: (params, note) => land(t, params, note),
          what: 'redirect',
          tag: 'paid-too',
          see: 'JY-MRD-02',
        });
        const of = `for a failed payment of ${o.orderId} (res_code ${d.code}, res_desc "${d.desc}", no rrn)`;
        t.expect('JY-MRD-06', failed.status < 500, `a genuine redirect ${of} was answered ${answered(failed)}`);
        // what the payer was shown, before anything else is sent for o (an order's status page changes)
        failures.push({ r: failed, shown: await shown(t, failed, 'the page after the failed payment'), of });
      }
      const later = await land(t, signed(t, redirectFields(t, o, 'paid', true)), 'then a successful payment');
      // the precondition of blaming o's answer on its failures: a genuine redirect for a payable order
      // with nothing sent before (p) is accepted (JY-MRD-02)
      let fresh: Promise<{ p: DeclaredOrder; plain: Landing }> | undefined;
      const freshOne = () =>
        (fresh ??= (async () => {
          const { o: p, r: plain, zeros } = await redirectTaken(t);
          if (!accepted(plain.status))
            t.inconclusive(
              `precondition: a genuine redirect for a payable order was answered ${answered(plain)} (see JY-MRD-02)${zeros}`,
            );
          return { p, plain };
        })());
      // a 3xx sends the payer somewhere: to the failure page it is a refusal (as for JY-MRD-01, JY-MRD-12),
      // told from the success page by where a genuine redirect goes
      const redirected = later.status >= 300 && later.status < 400;
      let refusal: boolean | string = !accepted(later.status);
      if (refusal || redirected) {
        const { p, plain } = await freshOne();
        if (!refusal) refusal = await refusalJudge(t, plain)(later);
        if (typeof refusal === 'string') t.note(`the successful payment after a failed one: ${refusal}`);
        if (refusal === true) {
          const why = `after failed payments of ${o.orderId}, the successful one was answered ${answered(later)}, a genuine one for ${p.orderId} ${answered(plain)}`;
          // the failure's own redirect refused as a forged one is (o's results refused whatever they
          // say, ORDER read as a number, say): the refusal after it is not the failure's doing
          const failed = failures[0]!.r;
          const asForged = await refusedAsForged(t, failed, false, (q, note) => land(t, q, note));
          if (asForged?.alike)
            t.inconclusive(
              `${why}; the failed payment's own redirect was refused as a forged one is (${answered(failed)}, a forged one ${answered(asForged.forged)}): not the failure's doing${formsDiffer(o.orderId, p.orderId)}`,
            );
          const form = await answeredAsFresh(t, o.orderId, p.orderId, later, freshRedirect(t));
          if (form) t.inconclusive(`${why}${form}`);
          return void t.expect('JY-MRD-06', false, why);
        }
      }
      // the successful payment taken: no failed one may have been told the payer as it (the same answer,
      // where it leads the same page)
      const laterShown = await shown(t, later, 'the page after the successful payment');
      const alike = failures.find((f) => toldAlike(f.r, f.shown, later, laterShown));
      if (!alike) return;
      const what = `a genuine redirect ${alike.of} was answered ${answered(alike.r)}, as the successful one for it (${answered(later)})`;
      if (laterShown.page === undefined || laterShown.status >= 400)
        t.inconclusive(
          `${what}: both lead to ${laterShown.unseen ?? `HTTP ${laterShown.status}`}, so what the payer is shown after either is not told`,
        );
      // a shop answering every result alike (one page whatever it says) tells nothing by it
      const f = orders(t).spare('payable');
      if (f) {
        const forged = await land(
          t,
          { ...redirectFields(t, f, 'forged beside the paid'), sign: 'f'.repeat(128) },
          'a forged redirect (does the shop answer every result alike?)',
        );
        if (toldAlike(forged, await shown(t, forged, 'the page after a forged result'), later, laterShown))
          t.inconclusive(
            `${what}, with the same page; so was a forged one for ${f.orderId} (${answered(forged)}): the shop answers every result alike, which does not tell whether the failed payment was taken as paid`,
          );
      }
      // a second run: an earlier run paid o (this very successful payment, sent again), and a shop showing
      // the order as it is shows it paid, rightly. A failed payment for a spare order, which this check
      // never pays in any run, shown otherwise tells that (probe17: JY-MRD-06 warned on every re-run)
      const g = orders(t).spare('payable');
      if (g) {
        const gFailed = await land(
          t,
          signed(t, redirectFields(t, g, 'failed, nothing paid', false)),
          'a failed payment for an order this check never pays (was the first one paid before?)',
        );
        if (
          gFailed.status < 500 &&
          !toldAlike(gFailed, await shown(t, gFailed, 'the page after it'), later, laterShown)
        )
          return void t.judgedInPart(
            'JY-MRD-06',
            `${what}, with the same page, but one for ${g.orderId}, which this check never pays, was answered ${answered(gFailed)} with another page: ${o.orderId} was paid before its failed payments (by an earlier run: the same successful payment sent again) and is shown as it is; whether a failed payment leaves the order payable is not shown`,
          );
      }
      // alike answers do not tell which of the two is wrong: o's successful payment answered otherwise than
      // a fresh order's is that payment not taken (the failure left o unpayable); answered as it, the shop
      // shows a failed payment and a successful one alike, and which page is the wrong one is not told
      // (a shop taking only "00" for success shows every payment the failure page). Was "the failed
      // payment is shown to the payer as paid" for both
      const { p, plain } = await freshOne();
      const plainShown = await shown(t, plain, 'the page after a genuine result for a fresh order');
      if (!toldAlike(plain, plainShown, later, laterShown)) {
        const form = await answeredAsFresh(t, o.orderId, p.orderId, later, freshRedirect(t));
        if (form) t.inconclusive(`${what}, with the same page; a genuine one for ${p.orderId} otherwise${form}`);
        return void t.expect(
          'JY-MRD-06',
          false,
          `${what}, with the same page; a genuine one for ${p.orderId}, with nothing sent for it before, was answered ${answered(plain)}${landsAlike(plain, later) ? ' with another page' : ''}: after its failed payment, the successful one for ${o.orderId} is answered as the failure was, not as a fresh order's is: the failure left the order unpayable`,
        );
      }
      t.expect(
        'JY-MRD-06',
        false,
        `${what}, with the same page, as was a genuine one for ${p.orderId} (${answered(plain)}): every genuine result, failed or successful, is shown the payer alike, so a failed payment is not told from a paid one (which of the two the page wrongly shows is not told; a successful payment shown as failed is JY-MRD-02's)`,
      );
    },
  },
]);
