import { defineChecks } from '../../../src/harness/check.ts';
import { decimalValue, otherSpelling } from '../../../src/protocols/common/decimal.ts';
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
  unsignedAndCut,
  sameServerErrorEachTime,
  unlessEveryResultFails,
  redirectsHere,
  requireRedirects,
} from './support.ts';

export const checks = defineChecks({ profile: 'jysan', subject: 'merchant', area: 'merchant-redirect' }, [
  {
    id: 'jy.merchant.genuine',
    title:
      'a genuine result redirect for a payable order is accepted, CR/LF in res_desc included, without authentication',
    rules: ['JY-MRD-02', 'JY-MRD-05'],
    plans: ['smoke', 'full'],
    async run(t) {
      requireRedirects(t);
      const o = orders(t).take('payable', 'a genuine redirect');
      // a literal `+` and `%` in res_desc: the query carries them as %2B and %25, and a shop decoding
      // the query twice (a framework's decoded parameters decoded again) verifies the sign over a space
      const r = await land(
        t,
        signed(t, redirectFields(t, o, 'genuine', true, 'Транзакция\r\nодобрена (3-D Secure+, 100%)')),
        'genuine redirect',
        true,
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
      if (accepted(r.status)) return void t.pass('JY-MRD-02');
      // the same with res_desc "Approved" for another payable order tells which values are not verified
      // as sent: a refused plain one, the redirect itself; an accepted one, the res_desc's characters
      // (CR/LF kept in the sign, Cyrillic read or passed on in another charset, the query decoded twice)
      const p = orders(t).spare('payable');
      const plain = p
        ? await land(t, signed(t, redirectFields(t, p, 'genuine-plain')), 'genuine redirect, res_desc "Approved"')
        : undefined;
      if (r.status >= 500) {
        if (plain && plain.status < 500) noAuth(plain);
        else unshown(plain ? ` (one with res_desc "Approved" was answered ${answered(plain)} too)` : '');
      }
      if (!plain)
        return void t.expect(
          'JY-MRD-02',
          false,
          `a genuine redirect was refused: ${answered(r)} (no spare payable order to try one with res_desc "Approved")`,
        );
      t.expect(
        'JY-MRD-02',
        false,
        accepted(plain.status)
          ? `a genuine redirect whose res_desc holds CR/LF, Cyrillic, "+" and "%" was refused: ${answered(r)}; one with res_desc "Approved" was accepted (${answered(plain)}): the sign is not verified over res_desc as sent (CR/LF removed), e.g. its text re-encoded or decoded twice before the shop reads it`
          : `a genuine redirect was refused: ${answered(r)}, also with res_desc "Approved" (${answered(plain)})`,
      );
    },
  },
  {
    id: 'jy.merchant.forged',
    title: 'a redirect whose sign does not verify, is cut or is absent, is refused and changes nothing',
    rules: ['JY-MRD-01', 'JY-MRD-03'],
    plans: ['smoke', 'full'],
    async run(t) {
      requireRedirects(t);
      const o = orders(t).take('payable', 'a forged, then a genuine redirect');
      const genuine = signed(t, redirectFields(t, o, 'forged-then-genuine'));
      // a forger knows no mpi_order: one taken as paid leaves the genuine result a second payment
      const forged = await land(t, { ...redirectFields(t, o, 'forged'), sign: 'f'.repeat(128) }, 'forged sign');
      // precondition: a genuine redirect for a payable order (with no forged one before) is accepted;
      // where it sends the payer tells a shop's failure page from its success page
      const p = orders(t).take('payable', 'the precondition (a genuine redirect is accepted)');
      const plain = await land(t, signed(t, redirectFields(t, p, 'precondition')), 'precondition: a genuine redirect');
      const why = `a redirect with a forged sign was answered ${answered(forged)}, a genuine one ${answered(plain)}`;
      if (!accepted(plain.status)) {
        // a server error for the genuine one and the forged one alike (the shop down, or failing before
        // it reads the result) tells nothing of the sign check: no refusal, no acceptance
        const bothFailed = plain.status >= 500 && forged.status >= 500;
        if (!bothFailed) t.expect('JY-MRD-01', turnedAway(forged), why);
        t.inconclusive(
          `precondition: a genuine redirect for a payable order was answered ${answered(plain)} (see JY-MRD-02)${bothFailed ? `, the forged one ${answered(forged)}: a server error for both tells nothing of the sign check` : ''}`,
        );
      }
      // before the genuine redirect for o: a status page shows what the forged one did to it
      const judge = refusalJudge(t, plain);
      const refusal = await judge(forged);
      if (typeof refusal !== 'string') t.expect('JY-MRD-01', refusal, why);
      const real = await land(t, genuine, 'the genuine redirect after the forged one');
      // sent elsewhere than a genuine redirect (the shop's failure page) is refused as a 4xx is
      const realRefused = accepted(real.status) ? await judge(real) : true;
      if (typeof realRefused === 'string') t.note(`the genuine redirect after the forged one: ${realRefused}`);
      t.expect(
        'JY-MRD-03',
        realRefused !== true,
        `after a forged redirect, the genuine one was answered ${answered(real)}, a genuine one ${answered(plain)}`,
      );
      if (typeof refusal === 'string') return t.inconclusive(`JY-MRD-01 not judged: ${refusal}`);
      // an order of its own: a shop showing each order's status page shows o as paid by now
      const q = orders(t).take('payable', 'a redirect with no sign, then one with a cut sign');
      for (const [what, p] of unsignedAndCut(redirectFields(t, q, 'unsigned-or-cut'), t.credentials.sharedSecret)) {
        const r = await land(t, p, `a redirect with ${what}`);
        const verdict = await judge(r);
        if (typeof verdict === 'string') t.note(`a redirect with ${what}: ${verdict}`);
        else
          t.expect(
            'JY-MRD-01',
            verdict,
            `a redirect with ${what} was answered ${answered(r)}, a genuine one ${answered(plain)}`,
          );
      }
      await tamperedAreRefused(t, 'JY-MRD-01', 'a redirect', 'tampered', (t, p) => land(t, p), judge);
    },
  },
  {
    id: 'jy.merchant.other-amount',
    title:
      "a genuine result whose amount or currency is not the order's is refused (a 4xx, or for the redirect another place than a genuine one's), on each channel the merchant takes; the order's amount spelled otherwise is taken",
    rules: ['JY-MRD-12', 'JY-MRD-13', 'JY-MRD-14'],
    async run(t) {
      // a channel is judged only if the merchant takes a genuine result on it (JY-MRD-02, JY-MRD-08)
      const channels = [
        {
          name: 'redirect',
          send: (p, note) => land(t, p, note, true),
          // a login page is the shop's session wall, not its verdict (JY-MRD-05)
          takes: (r) => accepted(r.status) && !toLogin(r) && !wantsAuth(r),
          // a place other than a genuine one's, or for a shop with one place for every result its page
          judge: (genuine) => refusalJudge(t, genuine),
          see: 'JY-MRD-02, JY-MRD-05',
        },
        {
          name: 'server POST',
          send: (p, note) => post(t, p, note),
          takes: (r) => ok(r.status),
          judge: () => async (r) => refused(r.status),
          see: 'JY-MRD-08',
        },
      ] satisfies Array<{
        name: string;
        send: (p: Record<string, string>, note: string) => Promise<Landing>;
        takes: (r: Landing) => boolean;
        judge: (genuine: Landing) => (r: Landing) => Promise<boolean | string>;
        see: string;
      }>;
      const notJudged: string[] = [];
      const notJudged14: string[] = [];
      const judged = new Set<string>();
      type Channel = (typeof channels)[number];
      /** Whether a genuine result of `n`'s amount spelled otherwise is taken as the declared spelling
       *  is (asserted under JY-MRD-14), or why that cannot be told. */
      const respelledTaken = async (
        ch: Channel,
        n: { orderId: string; amount?: string; currency?: string },
        judge: (r: Landing) => Promise<boolean | string>,
      ): Promise<true | string> => {
        if (n.amount === undefined || decimalValue(n.amount) === undefined)
          return `the declared amount of ${n.orderId} (${n.amount ?? 'none'}) is no plain decimal to spell otherwise`;
        const respelled = otherSpelling(n.amount);
        const taken = async (r: Landing) => {
          const refusal = await judge(r);
          return typeof refusal === 'string' ? refusal : ch.takes(r) && !refusal;
        };
        const r = await ch.send(
          signed(t, { ...redirectFields(t, n, `${ch.name} respelled`), amount: respelled }),
          `a genuine ${ch.name} of ${respelled} for ${n.orderId} (declared ${n.amount})`,
        );
        const tr = await taken(r);
        if (typeof tr === 'string') return `a ${ch.name} of ${respelled} for ${n.orderId}: ${tr}`;
        if (tr) {
          t.pass('JY-MRD-14');
          return true;
        }
        const d = await ch.send(
          signed(t, redirectFields(t, n, `${ch.name} declared spelling`)),
          `a genuine ${ch.name} of ${n.amount} for ${n.orderId}, the declared spelling`,
        );
        const td = await taken(d);
        if (td !== true)
          return `${n.orderId} was refused in both spellings: ${respelled} answered ${answered(r)}, ${n.amount} answered ${answered(d)}${typeof td === 'string' ? ` (${td})` : ''}`;
        t.expect(
          'JY-MRD-14',
          false,
          `a genuine ${ch.name} of ${respelled} for ${n.orderId} (declared ${n.amount}) was answered ${answered(r)}, the same ${ch.name} with ${n.amount} ${answered(d)}`,
        );
        return true;
      };
      const readsAmount = async (
        ch: Channel,
        o: { orderId: string; amount?: string },
        tiynMore: boolean | string | undefined,
        judge: (r: Landing) => Promise<boolean | string>,
      ): Promise<true | string> => {
        if (tiynMore === true) return respelledTaken(ch, o, judge);
        if (tiynMore !== false) return `a result of another amount was not judged (${tiynMore ?? 'not sent'})`;
        const n = orders(t).spare('payable');
        if (!n?.amount)
          return 'a result of one tiyn more was taken (JY-MRD-12), and no payable order with an amount is left to send one tenge more for';
        const amount = ((Math.round(Number(n.amount) * 100) + 100) / 100).toFixed(2);
        const r = await ch.send(
          signed(t, { ...redirectFields(t, n, `${ch.name} one tenge more`), amount }),
          `a genuine ${ch.name} of ${amount} for ${n.orderId} (declared ${n.amount})`,
        );
        const refusal = await judge(r);
        if (typeof refusal === 'string') return `a ${ch.name} of ${amount} for ${n.orderId}: ${refusal}`;
        if (!refusal)
          return `results of one tiyn and one tenge more were taken (JY-MRD-12: ${amount} for ${n.orderId}, declared ${n.amount}, answered ${answered(r)}): a merchant that takes another amount shows nothing of whether it reads the amount as a number`;
        return respelledTaken(ch, n, judge);
      };
      // without redirect=true in BACKREF the bank sends no redirect there: that channel is not one
      const redirects = redirectsHere(t);
      if (!redirects) t.note('BACKREF has no redirect=true: judged on the server POST only');
      for (const ch of channels.filter((c) => redirects || c.name !== 'redirect')) {
        const o = orders(t).take('payable', `a ${ch.name} of another amount than the order's`);
        if (!o.amount) t.inconclusive(`the declaration gives no amount for the payable order ${o.orderId}`);
        const p = orders(t).take('payable', `the precondition (a genuine ${ch.name} is accepted)`);
        const plain = await ch.send(
          signed(t, redirectFields(t, p, `${ch.name} precondition`)),
          `precondition: a genuine ${ch.name}`,
        );
        if (!ch.takes(plain)) {
          notJudged.push(`a genuine ${ch.name} for a payable order was answered ${answered(plain)} (see ${ch.see})`);
          notJudged14.push(`a genuine ${ch.name} for a payable order was answered ${answered(plain)} (see ${ch.see})`);
          continue;
        }
        const c = orders(t).take('payable', `a ${ch.name} in another currency than the order's`);
        const currency = (c.currency ?? 'KZT') === 'USD' ? 'EUR' : 'USD';
        // one tiyn more: a shop comparing whole units (parseInt, Math.floor) takes it too
        const amount = ((Math.round(Number(o.amount) * 100) + 1) / 100).toFixed(2);
        const cases = [
          [
            'JY-MRD-12',
            { ...redirectFields(t, o, `${ch.name} other amount`), amount },
            `of ${amount} for ${o.orderId} (declared ${o.amount})`,
          ],
          [
            'JY-MRD-13',
            { ...redirectFields(t, c, `${ch.name} other currency`), currency },
            `in ${currency} for ${c.orderId} (declared ${c.amount} ${c.currency ?? 'KZT'})`,
          ],
        ] as const;
        const judge = ch.judge(plain);
        const verdicts = new Map<string, boolean | string>();
        for (const [rule, fields, what] of cases) {
          const r = await ch.send(signed(t, fields), `a genuine ${ch.name} ${what}`);
          const refusal = await judge(r);
          verdicts.set(rule, refusal);
          if (typeof refusal === 'string') {
            notJudged.push(`${rule}, a ${ch.name}: ${refusal}`);
            continue;
          }
          judged.add(rule);
          t.expect(
            rule,
            refusal,
            `a genuine ${ch.name} ${what} was answered ${answered(r)}, one of the order's amount ${answered(plain)}`,
          );
        }
        // JY-MRD-14: then the order's own amount spelled otherwise ("1000.5" for "1000.50", "700.00" for
        // "700"), signed over that text as the bank signs the amount it sends. A channel that takes any
        // amount shows nothing of how it reads one: the respelled result is sent for an order whose result
        // of another amount was refused (which changed nothing), o's of one tiyn more (JY-MRD-12) or, when
        // that was taken (and paid o), a spare order's of one tenge more. When it is refused, the same
        // result with the declared spelling (another mpi_order) tells a text compare from an order no
        // longer payable.
        const why = await readsAmount(ch, o, verdicts.get('JY-MRD-12'), judge);
        if (typeof why === 'string') notJudged14.push(`a ${ch.name}: ${why}`);
        else judged.add('JY-MRD-14');
      }
      if (!judged.has('JY-MRD-14')) t.cannotJudge('JY-MRD-14', notJudged14.join('; '));
      const unjudged = ['JY-MRD-12', 'JY-MRD-13'].filter((r) => !judged.has(r));
      if (unjudged.length > 0) t.inconclusive(`${unjudged.join(', ')} not judged: ${notJudged.join('; ')}`);
      for (const why of [...notJudged, ...(judged.has('JY-MRD-14') ? notJudged14.map((w) => `JY-MRD-14, ${w}`) : [])])
        t.note(`not judged on this channel: ${why}`);
    },
  },
  {
    id: 'jy.merchant.reload',
    title: 'a reloaded redirect (the same result again) gets the same answer',
    rules: ['JY-MRD-04'],
    async run(t) {
      requireRedirects(t);
      const o = orders(t).take('payable', 'a reloaded redirect');
      const p = signed(t, redirectFields(t, o, 'reload'));
      const first = await land(t, p);
      const agains: Landing[] = [];
      for (let i = 1; i <= 2; i++) agains.push(await land(t, p, `reload ${i}`));
      sameServerErrorEachTime(
        t,
        first,
        agains,
        'the redirect and each reload',
        'how the shop answers a reload (see JY-MRD-02)',
      );
      agains.forEach((again, i) =>
        t.expect(
          'JY-MRD-04',
          again.status === first.status,
          `reload ${i + 1}: ${answered(again)}, the first ${answered(first)}`,
        ),
      );
    },
  },
  {
    id: 'jy.merchant.failed-payment',
    title: 'a redirect for a failed payment is answered without a server error and leaves the order payable',
    rules: ['JY-MRD-06'],
    async run(t) {
      requireRedirects(t);
      const o = orders(t).take('payable', 'a failed, then a successful payment');
      const failed = await land(t, signed(t, redirectFields(t, o, 'failed', false)), 'failed payment');
      // the page for a declined payment may carry any status but a server error (the seed fixes none)
      await unlessEveryResultFails(t, failed, {
        send: (params, note) => land(t, params, note),
        what: 'redirect',
        tag: 'paid-too',
        see: 'JY-MRD-02',
      });
      t.expect(
        'JY-MRD-06',
        failed.status < 500,
        `a genuine redirect for a failed payment was answered ${answered(failed)}`,
      );
      const later = await land(t, signed(t, redirectFields(t, o, 'paid', true)), 'then a successful payment');
      // a 3xx sends the payer somewhere: to the failure page it is a refusal (as for JY-MRD-01, JY-MRD-12),
      // told from the success page by where a genuine redirect goes
      const redirected = later.status >= 300 && later.status < 400;
      let refusal: boolean | string = !accepted(later.status);
      if (refusal || redirected) {
        // the order is still payable only if a genuine redirect is accepted at all (JY-MRD-02)
        const p = orders(t).take('payable', 'the precondition (a genuine redirect is accepted)');
        const plain = await land(
          t,
          signed(t, redirectFields(t, p, 'precondition')),
          'precondition: a genuine redirect',
        );
        if (!accepted(plain.status))
          t.inconclusive(
            `precondition: a genuine redirect for a payable order was answered ${answered(plain)} (see JY-MRD-02)`,
          );
        if (!refusal) refusal = await refusalJudge(t, plain)(later);
        if (typeof refusal === 'string') t.note(`the successful payment after a failed one: ${refusal}`);
        t.expect(
          'JY-MRD-06',
          refusal !== true,
          `after a failed payment, the successful one was answered ${answered(later)}, a genuine one ${answered(plain)}`,
        );
      }
    },
  },
]);
