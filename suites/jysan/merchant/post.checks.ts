import { shopChecks } from '../../shop-answers.ts';
import {
  ok,
  orders,
  post,
  redirectFields,
  refused,
  signed,
  tamperedAreRefused,
  wantsAuth,
  toLogin,
  answered,
  unsignedAndCut,
  sameServerErrorEachTime,
  unlessEveryResultFails,
  type Landing,
  orderAsSent,
  formsDiffer,
  answeredAsFresh,
  type Ctx,
  leadingZeros,
  genuineForms,
  SIGN_ZERO,
  spareOfForm,
  refusedAsForged,
  repeatedOtherwise,
  answeredAlike,
  DECLINES,
  land,
  shown,
  toldAlike,
  redirectsHere,
  accepted,
  type Shown,
  paidOrders,
  notTakenAsPaid,
  declinedLeavesPaid,
  spareWhere,
  zeroFreeInstead,
  noRefusal,
  tookZeroFree,
} from './support.ts';
import type { DeclaredOrder } from '../../../src/harness/declaration.ts';

/** Why the bank's failed payment's POST for `id`, refused as a forged one is (answered as `forged`),
 *  was refused, where the evidence tells: when `id` has leading zeros, the same for a spare order
 *  without them answered otherwise points at ORDER read as a number; answered alike, it does not. Was
 *  the guess "a shop reading ORDER as a number" for every order with leading zeros. */
async function zerosOrNot(
  t: Ctx,
  id: string,
  forged: Landing,
  d: { code: string; desc: string } = DECLINES[0],
): Promise<string> {
  const z = leadingZeros(id) ? spareOfForm(t, false) : undefined;
  if (!z) return '';
  // the refused one's res_code and res_desc: only ORDER's form differs (was DECLINES[0]'s text, and a
  // refusal of the quoted res_desc was blamed on ORDER's leading zeros)
  const zr = await post(
    t,
    signed(t, redirectFields(t, z, 'post-failed-no-zeros', false, d.desc, d.code)),
    `a failed payment's server POST for ${z.orderId}, without leading zeros`,
  );
  return answeredAlike(zr, forged)
    ? `; so was one for ${z.orderId}, without leading zeros (${answered(zr)})`
    : `; one for ${z.orderId}, without leading zeros, was answered ${answered(zr)}: ORDER is a digit string (seed 002 "ORDER Да N(6 - 10)") and ${id}, with its leading zeros, the order the bank sends: a shop reading ORDER as a number refuses it whatever its res_code`;
}

/** The precondition of a check: a genuine server POST for `p`, with nothing sent for it before. */
const postPrecondition = (t: Ctx, p: DeclaredOrder) =>
  post(t, signed(t, redirectFields(t, p, 'post-precondition')), 'precondition');

/** The precondition order (a genuine server POST is accepted), one without leading zeros in its place where
 *  the shop refuses those (zeroFreeInstead); `last`: the suite's last check */
async function postTaken(t: Ctx, last = false): Promise<Awaited<ReturnType<typeof zeroFreeInstead>>> {
  const x = orders(t).take('payable', 'the precondition (a genuine server POST is accepted)');
  return zeroFreeInstead(t, x, await postPrecondition(t, x), {
    what: 'server POST',
    send: (z) => postPrecondition(t, z),
    takes: (r) => ok(r.status),
    last,
  });
}

/** answeredAsFresh for the server POST: the fresh one is taken (2xx) or not as `after` is. */
const freshPost = (t: Ctx) => ({
  what: 'server POST',
  send: (q: Record<string, string>, note: string) => post(t, q, note),
  alike: async (fresh: Landing, after: Landing) => ok(fresh.status) === ok(after.status),
});

/** JY-MRD-11's "leaves the order payable" where the payer's page tells it. A later successful POST's
 *  2xx was the only evidence, and a shop that took the failed POST as paid answers that too. Where
 *  BACKREF takes the redirect, the bank's POST of a failed payment for q (an order this check never
 *  pays) is followed by its redirect, as the bank does: the page it leads to must not be the one the
 *  successful payment of o (`paid`, POSTed and taken) leads to, unless a declined redirect alone, with
 *  no POST before (another order's), is shown so too (JY-MRD-06's). A shop whose pages show the result,
 *  not the order (a failed payment's redirect for o, paid by now, not shown as paid), tells nothing of
 *  it: passed in part. */
async function pageAfterFailedPost(t: Ctx, o: DeclaredOrder, paid: Record<string, string>): Promise<void> {
  const unseen = (why: string) =>
    t.judgedInPart(
      'JY-MRD-11',
      `${why}: that a failed payment's POST leaves the order payable rests on a later successful POST's 2xx, which a shop that took the failed one as paid answers too`,
    );
  if (!redirectsHere(t))
    return unseen(
      `BACKREF ${t.subject.baseUrl} has no redirect=true: no page of the order is seen after the bank's POST`,
    );
  const q = orders(t).spare('payable');
  if (!q) return unseen('no payable order was left to send a failed payment and its redirect for');
  const fq = signed(t, redirectFields(t, q, 'post-failed-page', false));
  const qp = await post(t, fq, `a failed payment's server POST for ${q.orderId}`);
  const a = await land(t, fq, "then the payer's redirect of the same failed payment", true);
  const b = await land(t, paid, `the payer's redirect of the successful payment of ${o.orderId}`, true);
  if (!accepted(b.status))
    return unseen(
      `the redirect of the successful payment of ${o.orderId}, its POST taken, was answered ${answered(b)}`,
    );
  const [as, bs] = [await shown(t, a, 'the page after it'), await shown(t, b, 'the page after it')];
  const page = (x: Landing, s: Shown) =>
    s.page === undefined || wantsAuth(x) || toLogin(x) ? (s.unseen ?? `HTTP ${s.status}`) : undefined;
  const hidden = page(a, as) ?? page(b, bs);
  if (hidden) return unseen(`the redirect of a failed payment, or of a paid one, leads to ${hidden}`);
  if (toldAlike(a, as, b, bs)) {
    const g = orders(t).spare('payable');
    if (!g) return unseen('no payable order was left to tell the page of a declined redirect alone');
    const c = await land(
      t,
      signed(t, redirectFields(t, g, 'declined, no POST', false)),
      'a declined redirect alone',
      true,
    );
    if (toldAlike(c, await shown(t, c, 'the page after it'), b, bs))
      return unseen(
        `a declined redirect for ${g.orderId}, with no POST before, leads to the page a paid order's does too (JY-MRD-06's): the page tells nothing of the POST`,
      );
    return void t.expect(
      'JY-MRD-11',
      false,
      `after the bank's server POST of a failed payment for ${q.orderId} (answered ${answered(qp)}), its redirect was answered ${answered(a)}, leading to the page a paid order's does (the successful payment of ${o.orderId}: ${answered(b)}); a declined redirect for ${g.orderId}, with no POST before, was answered ${answered(c)}, another page: the failed payment's POST took ${q.orderId} as paid`,
    );
  }
  // does the page show the order as it is? A failed payment's redirect for o, paid by now
  const d = await land(
    t,
    signed(t, redirectFields(t, o, 'post-failed-after-paid', false)),
    'a failed payment for a paid order',
    true,
  );
  if (!toldAlike(d, await shown(t, d, 'the page after it'), b, bs))
    unseen(
      `the page after a redirect shows the result it carries, not the order's state (a failed payment's redirect for ${o.orderId}, paid by then, was answered ${answered(d)}, not as its paid one)`,
    );
}

/** JY-MRD-07 on o's forgeries refused (`refusals`, judged here, after o's genuine POST `real`): they
 *  pass where `real` was taken, answered otherwise, or refused for what they did to o (no `form`).
 *  Where `real` was refused as they were (the same answer) for o's form, their refusal is no evidence
 *  of a sign check (probe 24: ORDER read as an int, every POST
 *  for an order with leading zeros 404, verified or not). Judged again on a spare order of the taken
 *  precondition `p`'s form: a forged sign, none and a cut one, then its genuine POST, which must be
 *  taken for their refusals to count; else JY-MRD-07 is not judged, with the reason. With no spare of
 *  that form left, on p itself: paid by its precondition, it may refuse any POST for that alone (409
 *  "already paid"), and its precondition sent again is a repeat, answered with its first 200 (review
 *  A 1: the forgeries' refusals then counted). So the control there is a genuine POST of another
 *  payment (another mpi_order), which such a guard refuses as it refuses them: a forgery taken fails,
 *  a refusal counts only beside that control taken or answered otherwise. */
async function refusedLikeGenuine(
  t: Ctx,
  o: DeclaredOrder,
  real: Landing,
  refusals: Landing[],
  p: DeclaredOrder,
  /** why o's genuine POST was refused for its form (answeredAsFresh), or undefined */
  form: string | undefined,
): Promise<void> {
  const RULE = 'JY-MRD-07';
  const taken = refusals.filter((r) => refused(r.status));
  if (taken.length === 0) return;
  // o's genuine POST taken, refused otherwise than they were, or refused for what they did (the shop
  // locked o on them, JY-MRD-17's): their refusals count
  if (ok(real.status) || form === undefined || !taken.some((r) => answeredAlike(r, real))) return t.pass(RULE);
  const was = `server POSTs with a forged sign, none, a cut one or a field changed after signing for ${o.orderId} were refused as its genuine POST after them was (${answered(real)})${formsDiffer(o.orderId, p.orderId)}: those refusals tell nothing of the sign check`;
  // a spare of p's form, else p (paid: the control below is another payment of it, not a repeat)
  const spare = spareWhere(t, (x) => leadingZeros(x.orderId) === leadingZeros(p.orderId));
  const z = spare ?? p;
  const onP = spare
    ? ''
    : `; no spare order of ${p.orderId}'s form was left (declare more orders): sent for ${p.orderId}, paid by its genuine POST before, beside another genuine payment of it`;
  const forgeries: Array<[string, Record<string, string>]> = [
    ['a forged sign', { ...redirectFields(t, z, 'post-forged-again'), sign: 'f'.repeat(128) }],
    ...unsignedAndCut(redirectFields(t, z, 'post-unsigned-or-cut-again'), t.credentials.sharedSecret),
  ];
  const answers: Array<[string, Landing]> = [];
  for (const [what, q] of forgeries)
    answers.push([what, await post(t, q, `a server POST for ${z.orderId} with ${what}`)]);
  // its own purpose, so its own mpi_order: for p another payment, never the precondition's repeat
  const genuine = await post(
    t,
    signed(t, redirectFields(t, z, 'post-forged-again-genuine')),
    spare ? 'its genuine server POST' : `a genuine server POST of another payment of ${p.orderId}`,
  );
  // JY-MRD-17, which o's genuine POST refused for its form left unjudged: on the spare, fresh and of
  // p's form (taken), its genuine POST after the same forgeries (a forgery taken that locks or pays it)
  if (spare)
    t.expect(
      'JY-MRD-17',
      ok(genuine.status),
      `after server POSTs for ${z.orderId} with ${forgeries.map(([w]) => w).join(', ')} (answered ${answers.map(([, r]) => answered(r)).join(', ')}), its genuine POST was answered ${answered(genuine)}, one for ${p.orderId}, of the same form, taken: a forged one changed the order`,
    );
  for (const [what, r] of answers) {
    const like = !ok(genuine.status) && refused(r.status) && answeredAlike(r, genuine);
    // passed on the others, marked partly with this (a cannotJudge alone read as a full pass)
    if (like)
      t.partNotJudged(
        RULE,
        `${was}${onP}; so was one for ${z.orderId} with ${what} (${answered(r)}), as its genuine POST after it: not judged`,
      );
    else
      t.expect(
        RULE,
        refused(r.status),
        `${was}${onP}; one for ${z.orderId} with ${what} was answered ${answered(r)}, its genuine POST after it ${answered(genuine)}`,
      );
  }
}

/** JY-MRD-07 on every POST: the genuine result for `o`, taken (`real`), sent again with ORDER and
 *  amount those of `p` (the precondition's order, paid by its own result: no order more), its sign as
 *  it was, must be refused (4xx). A shop trusting a sign it verified before (a cache of verified signs)
 *  takes it (probe 24: every tampered POST came before the genuine one, and none was caught). */
async function replayedElsewhere(
  t: Ctx,
  o: DeclaredOrder,
  genuine: Record<string, string>,
  real: Landing,
  p: DeclaredOrder,
): Promise<void> {
  const replay = { ...genuine, order: p.orderId, amount: p.amount ?? genuine.amount! };
  const r = await post(
    t,
    replay,
    `the genuine server POST for ${o.orderId}, taken, sent again for ${p.orderId} with its amount, the sign kept`,
  );
  t.expect(
    'JY-MRD-07',
    refused(r.status),
    `the genuine server POST for ${o.orderId}, taken (${answered(real)}), sent again with ORDER ${p.orderId} and amount ${replay.amount} (${p.orderId}'s), its sign as it was, was answered ${answered(r)}${noRefusal(r, 'post')}, though its sign does not match the changed ORDER and amount: ${ok(r.status) ? 'the sign was not verified (a sign verified before trusted, or a stored answer given before verifying)' : 'one whose sign does not verify was not refused'}`,
  );
}

export const checks = shopChecks({ profile: 'jysan', subject: 'merchant', area: 'merchant-post' }, [
  {
    id: 'jy.merchant.post-genuine',
    title: "the bank's genuine server POST of a result to BACKREF is accepted (2xx) without authentication",
    rules: ['JY-MRD-08'],
    plans: ['smoke', 'full'],
    async run(t) {
      const o = orders(t).take('payable', 'a genuine server POST');
      // a res_desc with spaces: the form body carries them as `+` (a shop decoding the body with
      // decodeURIComponent alone verifies the sign over `+` and refuses it); and in Cyrillic, as the
      // bank's texts are (seed 002's code table): a body sent as UTF-8 read in another charset
      // (a servlet container's ISO-8859-1 default) verifies the sign over other characters; a literal
      // `+` and `%` (%2B, %25 in the body): a shop decoding the body twice verifies the sign over a space;
      // a `%` before two hex digits (%2F): a shop decoding the %XX alone twice verifies it over a "/";
      // and line breaks, which the sign leaves out (each CR and each LF removed from res_desc, as for the
      // redirect; a lone LF and a lone CR too: a shop removing only "\r\n" passed):
      // a shop hashing res_desc as received refused it, and passed while only redirects carried one;
      // a blank at each end, signed as sent: a shop trimming every value before verifying passed
      const r = await post(
        t,
        signed(
          t,
          redirectFields(
            t,
            o,
            'post-genuine',
            true,
            ' Транзакция\r\nодобрена\n(Approved by the bank,\r3-D Secure+, 100%, ACS%2F3DS) ',
          ),
          'zero',
        ),
        'genuine server POST, its sign starting with "0"',
      );
      t.require('JY-MRD-08', !wantsAuth(r), `BACKREF asks the bank's server for authentication (${answered(r)})`);
      if (ok(r.status)) {
        tookZeroFree(t, 'server POST', o);
        // the forms of a genuine result a shop may mishandle, each for an order of its own (genuineForms:
        // ORDER with leading zeros; ORDER above 2^31 − 1 where no redirect check sends it: an order fewer)
        for (const f of genuineForms(t, o, 'post-genuine', !redirectsHere(t))) {
          const fr = await post(t, f.params, `genuine server POST for ${f.order.orderId}, ${f.what}`);
          t.expect(
            'JY-MRD-08',
            ok(fr.status),
            `a genuine server POST for ${f.order.orderId}, ${f.what}, was answered ${answered(fr)}, one for ${o.orderId} ${answered(r)}: ${f.why}`,
          );
        }
        return void t.pass('JY-MRD-08');
      }
      // first the same with a sign of another first digit (SIGN_ZERO), then the same for o with res_desc
      // "Approved" tells whether the values are at fault (was another order's: one with leading zeros
      // refused beside one without accepted blamed res_desc)
      const other0 = await post(
        t,
        signed(
          t,
          redirectFields(
            t,
            o,
            'post-genuine',
            true,
            ' Транзакция\r\nодобрена\n(Approved by the bank,\r3-D Secure+, 100%, ACS%2F3DS) ',
          ),
        ),
        `the same genuine server POST for ${o.orderId}, its sign not starting with "0" (another mpi_order)`,
      );
      if (ok(other0.status))
        return void t.expect(
          'JY-MRD-08',
          false,
          `a genuine server POST for ${o.orderId} whose sign starts with "0" (${r.sent.sign?.slice(0, 8)}…) was answered ${answered(r)}; the same with a sign not starting with "0" (another mpi_order) ${answered(other0)}: ${SIGN_ZERO}`,
        );
      const plain = await post(
        t,
        signed(t, redirectFields(t, o, 'post-genuine-plain')),
        `genuine server POST for ${o.orderId}, res_desc "Approved"`,
      );
      if (ok(plain.status))
        return void t.expect(
          'JY-MRD-08',
          false,
          `a genuine server POST for ${o.orderId} whose res_desc holds Cyrillic, a line break, spaces, "+", "%", "%2F" and blanks at its ends was answered ${answered(r)}; one with res_desc "Approved" ${answered(plain)} (both for the same order): the sign is not verified over res_desc as sent, e.g. CR/LF kept in the sign, its text trimmed, read in another charset, re-encoded or decoded twice before the shop reads it`,
        );
      t.expect(
        'JY-MRD-08',
        false,
        await orderAsSent(t, o.orderId, r, plain, {
          what: 'server POST',
          send: (q, note) => post(t, q, note),
          takes: (x) => ok(x.status),
        }),
      );
    },
  },
  {
    id: 'jy.merchant.post-repeat',
    title:
      "a repeated server POST (the same result again) gets the same answer as the first, and a failed payment's POST after it leaves the order paid",
    // JY-MRD-08 on its genuine POST refused for ORDER's leading zeros (zeroFreeInstead)
    rules: ['JY-MRD-10', 'JY-MRD-19', 'JY-MRD-08'],
    arrivalRules: ['JY-MRD-08'],
    async run(t) {
      const x = orders(t).take('payable', 'a repeated server POST');
      const repeated = (z: DeclaredOrder) => post(t, signed(t, redirectFields(t, z, 'post-repeat')), 'server POST');
      const {
        o,
        r: first,
        zeros,
      } = await zeroFreeInstead(t, x, await repeated(x), {
        what: 'server POST',
        send: repeated,
        takes: (r) => ok(r.status),
      });
      const p = signed(t, redirectFields(t, o, 'post-repeat'));
      if (wantsAuth(first) || toLogin(first))
        t.inconclusive(`BACKREF asks for authentication (${answered(first)}), see JY-MRD-08`);
      const agains: Landing[] = [];
      for (let i = 1; i <= 2; i++) agains.push(await post(t, p, `the same server POST again (${i})`));
      sameServerErrorEachTime(
        t,
        first,
        agains,
        'the server POST and each repeat',
        `how the shop answers a repeat (see JY-MRD-08)${zeros}`,
      );
      const other = repeatedOtherwise([first, ...agains].map((r) => ({ r })));
      t.expect(
        'JY-MRD-10',
        !other,
        other ? `repeat ${other.i} of a genuine server POST for ${o.orderId}: ${other.why}` : '',
      );
      // then a failed attempt's POST for the order it paid (resent late): o on no other order
      await declinedLeavesPaid(t, o, p, 'server POST', first);
    },
  },
  {
    id: 'jy.merchant.post-failed-payment',
    title:
      'a server POST for a failed payment is answered without a server error, not refused as a forged one, and leaves the order payable',
    rules: ['JY-MRD-11', 'JY-MRD-08'],
    async run(t) {
      const o = orders(t).take('payable', 'failed, then a successful payment (server POST)');
      // the payer tries again and again and the bank declines each, in Russian as its texts are (DECLINES)
      const failures: Array<{ failed: Landing; of: string; d: (typeof DECLINES)[number] }> = [];
      for (const [i, d] of DECLINES.entries()) {
        const failed = await post(
          t,
          signed(t, redirectFields(t, o, `post-failed-${i}`, false, d.desc, d.code)),
          `failed payment (res_code ${d.code})`,
        );
        if (wantsAuth(failed) || toLogin(failed))
          t.inconclusive(`BACKREF asks for authentication (${answered(failed)}), see JY-MRD-08`);
        await unlessEveryResultFails(t, failed, {
          send: (params, note) => post(t, params, note),
          what: 'server POST',
          tag: 'post-paid-too',
          see: 'JY-MRD-08',
        });
        const of = `for a failed payment of ${o.orderId} (res_code ${d.code}, res_desc "${d.desc}", no rrn)`;
        t.expect('JY-MRD-11', failed.status < 500, `a genuine POST ${of} was answered ${answered(failed)}`);
        failures.push({ failed, of, d });
      }
      // JY-MRD-08: nothing documents the answer to the bank's POST of a failed payment (digest §A10, open
      // question 2): a 2xx, or any other but a 5xx (JY-MRD-11), unless it is the refusal a POST whose
      // sign does not verify gets (a sign base that breaks on the absent rrn, say): the bank's own result
      // refused. Was "not 2xx" for a 402 the shop answers a failed payment with
      const refusedOne = failures.find((f) => refused(f.failed.status));
      const failed = refusedOne?.failed;
      const asForged = failed && (await refusedAsForged(t, failed, false, (q, note) => post(t, q, note)));
      // refused only where res_desc has quotes (seed 002's own texts carry them): what changed them
      const quotesOnly = failures.every((f) => refused(f.failed.status) === f.d.desc.includes('"'))
        ? `; those without quotes in res_desc were taken: its quotes are changed before the sign is verified (every value HTML-escaped, say)`
        : '';
      if (refusedOne && asForged)
        t.expect(
          'JY-MRD-08',
          !asForged.alike,
          `a genuine server POST ${refusedOne.of} was answered ${answered(refusedOne.failed)}, as one whose sign does not verify (${answered(asForged.forged)}): the bank's own result refused${asForged.alike ? `${quotesOnly}${await zerosOrNot(t, o.orderId, asForged.forged, refusedOne.d)}` : ''}`,
        );
      else if (refusedOne)
        t.cannotJudge(
          'JY-MRD-08',
          `a genuine server POST ${refusedOne.of} was answered ${answered(refusedOne.failed)}, and no payable order was left to send a forged one beside it: whether it was refused as one whose sign does not verify is not told`,
        );
      else if (failures.some((f) => f.failed.status < 500)) t.pass('JY-MRD-08');
      const paid = signed(t, redirectFields(t, o, 'post-paid', true));
      const later = await post(t, paid, 'then a successful payment');
      if (!ok(later.status)) {
        // the order is still payable only if a genuine POST is accepted at all (JY-MRD-08)
        const { o: p, r: plain, zeros } = await postTaken(t);
        if (!ok(plain.status))
          t.inconclusive(`precondition: a genuine server POST was answered ${answered(plain)} (see JY-MRD-08)${zeros}`);
        const why = `after failed payments of ${o.orderId}, the successful one was answered ${answered(later)}, a genuine one for ${p.orderId} ${answered(plain)}`;
        // the failure's own POST refused (o's results refused whatever they say): the refusal after it
        // is not the failure's doing. Was "after a failed payment, the successful one was answered 400"
        if (failed && asForged?.alike)
          t.inconclusive(
            `${why}; the failed payment's own POST was refused as a forged one is (${answered(failed)}): not the failure's doing${formsDiffer(o.orderId, p.orderId)}`,
          );
        const form = await answeredAsFresh(t, o.orderId, p.orderId, later, freshPost(t));
        if (form) t.inconclusive(`${why}${form}`);
        t.expect('JY-MRD-11', false, why);
      }
      t.expect(
        'JY-MRD-11',
        ok(later.status),
        `after failed payments of ${o.orderId}, the successful one was answered ${answered(later)}`,
      );
      if (ok(later.status)) await pageAfterFailedPost(t, o, paid);
    },
  },
  {
    id: 'jy.merchant.post-forged',
    title:
      'a server POST whose sign does not verify, is cut or absent, or with a field changed after signing, is refused (4xx) and changes nothing',
    // JY-MRD-18 on every answer of every merchant check (shopChecks); its own here, where the forgeries
    // drive the shop into its refusals
    rules: ['JY-MRD-07', 'JY-MRD-17', 'JY-MRD-18', 'JY-MRD-08'],
    arrivalRules: ['JY-MRD-08'],
    plans: ['smoke', 'full'],
    async run(t) {
      const o = orders(t).take('payable', 'a forged server POST');
      const genuine = signed(t, redirectFields(t, o, 'post-forged'));
      const before = await paidOrders(t);
      // a forger knows no mpi_order: one taken as paid leaves the genuine result a second payment
      const forged = await post(
        t,
        { ...redirectFields(t, o, 'post-forged-sign'), sign: 'f'.repeat(128) },
        'forged sign',
      );
      if (wantsAuth(forged) || toLogin(forged))
        t.inconclusive(`BACKREF asks for authentication (${answered(forged)}), see JY-MRD-08`);
      // precondition: the merchant takes a genuine POST at all (JY-MRD-08), else a refusal proves nothing
      const { o: p, r: plain, zeros } = await postTaken(t, true);
      if (!ok(plain.status))
        t.inconclusive(`precondition: a genuine server POST was answered ${answered(plain)} (see JY-MRD-08)${zeros}`);
      // a forgery taken fails here; a refusal counts beside o's genuine POST after them (refusedLikeGenuine)
      if (!refused(forged.status))
        t.expect('JY-MRD-07', false, `a server POST with a forged sign was answered ${answered(forged)}`);
      // before the genuine POST for o: a shop refusing a second payment of a paid order (409) would
      // refuse a cut sign it verifies loosely for that reason alone; one it takes leaves the genuine
      // POST a second payment
      // o's refusals, each to be compared with o's genuine POST after them (refusedLikeGenuine)
      const refusals: Landing[] = [forged];
      for (const [what, p] of unsignedAndCut(
        redirectFields(t, o, 'post-unsigned-or-cut'),
        t.credentials.sharedSecret,
      )) {
        const r = await post(t, p, `a server POST with ${what}`);
        refusals.push(r);
        if (!refused(r.status)) t.expect('JY-MRD-07', false, `a server POST with ${what} was answered ${answered(r)}`);
      }
      // a field changed after signing, for o too: its forgeries leave it payable (an order of its own
      // for them made the check need three orders, and skipped it with the 32 README asks for)
      await tamperedAreRefused(
        t,
        'JY-MRD-07',
        'a server POST',
        'post-tampered',
        post,
        // '': a refusal, judged with the others after o's genuine POST
        async (r) => {
          refusals.push(r);
          return refused(r.status) ? '' : false;
        },
        o,
      );
      await notTakenAsPaid(
        t,
        ['JY-MRD-07', 'JY-MRD-17'],
        before,
        o.orderId,
        'server POSTs with a forged sign, none, a cut one or a field changed after signing',
        undefined,
        // o left unpaid passes neither: JY-MRD-17 rests on o's genuine POST after them, JY-MRD-07 on
        // refusedLikeGenuine (their refusals may be o's form's, which a pass here would have hidden)
        [],
      );
      // refused or not, the forged POSTs must have changed nothing (JY-MRD-17: a shop paying the order
      // before it verifies, or locking it on a forgery): the bank's genuine POST for it that follows is
      // taken. Was JY-MRD-07's, whose refusal such a shop gets
      const real = await post(t, genuine, 'the genuine server POST after the forged ones');
      // o refused for its form, not for the forged ones before it (ORDER read as a number)
      const form = ok(real.status) ? undefined : await answeredAsFresh(t, o.orderId, p.orderId, real, freshPost(t));
      if (form)
        t.cannotJudge(
          'JY-MRD-17',
          `after server POSTs with a forged sign, the genuine one for ${o.orderId} was answered ${answered(real)}, one for ${p.orderId} ${answered(plain)}${form}: whether a forged one changed the order is not told`,
        );
      else
        t.expect(
          'JY-MRD-17',
          ok(real.status),
          `after server POSTs with a forged sign (answered ${answered(forged)}), with no sign, with a cut one and with a field changed after signing, the genuine one for the same order (${o.orderId}) was answered ${answered(real)}, one for ${p.orderId} ${answered(plain)}: a forged one changed the order`,
        );
      await refusedLikeGenuine(t, o, real, refusals, p, form);
      if (ok(real.status)) await replayedElsewhere(t, o, genuine, real, p);
    },
  },
]);
