import { defineChecks } from '../../../src/harness/check.ts';
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
} from './support.ts';

export const checks = defineChecks({ profile: 'jysan', subject: 'merchant', area: 'merchant-post' }, [
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
      // and a line break, which the sign leaves out (CR and LF removed from res_desc, as for the redirect):
      // a shop hashing res_desc as received refused it, and passed while only redirects carried one
      const r = await post(
        t,
        signed(
          t,
          redirectFields(
            t,
            o,
            'post-genuine',
            true,
            'Транзакция\r\nодобрена (Approved by the bank, 3-D Secure+, 100%)',
          ),
        ),
        'genuine server POST',
      );
      t.require('JY-MRD-08', !wantsAuth(r), `BACKREF asks the bank's server for authentication (${answered(r)})`);
      if (ok(r.status)) return void t.pass('JY-MRD-08');
      // the same with res_desc "Approved" for another payable order tells whether the values are at fault
      const p = orders(t).spare('payable');
      const plain = p
        ? await post(
            t,
            signed(t, redirectFields(t, p, 'post-genuine-plain')),
            'genuine server POST, res_desc "Approved"',
          )
        : undefined;
      if (!plain)
        return void t.expect(
          'JY-MRD-08',
          false,
          `a genuine server POST for a payable order was answered ${answered(r)} (no spare payable order to try one with res_desc "Approved")`,
        );
      t.expect(
        'JY-MRD-08',
        false,
        ok(plain.status)
          ? `a genuine server POST whose res_desc holds Cyrillic, a line break, spaces, "+" and "%" was answered ${answered(r)}; one with res_desc "Approved" ${answered(plain)}: the sign is not verified over res_desc as sent, e.g. CR/LF kept in the sign, its text read in another charset, re-encoded or decoded twice before the shop reads it`
          : `a genuine server POST for a payable order was answered ${answered(r)}, also with res_desc "Approved" (${answered(plain)})`,
      );
    },
  },
  {
    id: 'jy.merchant.post-repeat',
    title: 'a repeated server POST (the same result again) gets the same answer as the first',
    rules: ['JY-MRD-10'],
    async run(t) {
      const o = orders(t).take('payable', 'a repeated server POST');
      const p = signed(t, redirectFields(t, o, 'post-repeat'));
      const first = await post(t, p, 'server POST');
      if (wantsAuth(first) || toLogin(first))
        t.inconclusive(`BACKREF asks for authentication (${answered(first)}), see JY-MRD-08`);
      const agains: Landing[] = [];
      for (let i = 1; i <= 2; i++) agains.push(await post(t, p, `the same server POST again (${i})`));
      sameServerErrorEachTime(
        t,
        first,
        agains,
        'the server POST and each repeat',
        'how the shop answers a repeat (see JY-MRD-08)',
      );
      agains.forEach((again, i) =>
        t.expect(
          'JY-MRD-10',
          again.status === first.status,
          `repeat ${i + 1}: ${answered(again)}, the first ${answered(first)}`,
        ),
      );
    },
  },
  {
    id: 'jy.merchant.post-failed-payment',
    title: 'a server POST for a failed payment is taken (2xx) without a server error and leaves the order payable',
    rules: ['JY-MRD-11', 'JY-MRD-08'],
    async run(t) {
      const o = orders(t).take('payable', 'a failed, then a successful payment (server POST)');
      const declined = redirectFields(t, o, 'post-failed', false);
      const failed = await post(t, signed(t, declined), 'failed payment');
      if (wantsAuth(failed) || toLogin(failed))
        t.inconclusive(`BACKREF asks for authentication (${answered(failed)}), see JY-MRD-08`);
      await unlessEveryResultFails(t, failed, {
        send: (params, note) => post(t, params, note),
        what: 'server POST',
        tag: 'post-paid-too',
        see: 'JY-MRD-08',
      });
      t.expect(
        'JY-MRD-11',
        failed.status < 500,
        `a genuine POST for a failed payment was answered ${answered(failed)}`,
      );
      // a genuine POST is one whatever its res_code: the bank's notification of a declined payment is
      // taken as any other (JY-MRD-08: 2xx), a 4xx is a refusal of the bank's own result (a shop whose
      // sign base breaks on the absent rrn, say); a 5xx is JY-MRD-11's
      if (failed.status < 500)
        t.expect(
          'JY-MRD-08',
          ok(failed.status),
          `a genuine server POST for a failed payment (res_code ${declined.res_code}, no rrn) was answered ${answered(failed)}, not 2xx`,
        );
      const later = await post(t, signed(t, redirectFields(t, o, 'post-paid', true)), 'then a successful payment');
      if (!ok(later.status)) {
        // the order is still payable only if a genuine POST is accepted at all (JY-MRD-08)
        const p = orders(t).take('payable', 'the precondition (a genuine server POST is accepted)');
        const plain = await post(t, signed(t, redirectFields(t, p, 'post-precondition')), 'precondition');
        if (!ok(plain.status))
          t.inconclusive(`precondition: a genuine server POST was answered ${answered(plain)} (see JY-MRD-08)`);
      }
      t.expect(
        'JY-MRD-11',
        ok(later.status),
        `after a failed payment, the successful one was answered ${answered(later)}`,
      );
    },
  },
  {
    id: 'jy.merchant.post-forged',
    title:
      'a server POST whose sign does not verify, is cut or absent, or with a field changed after signing, is refused (4xx)',
    rules: ['JY-MRD-07'],
    plans: ['smoke', 'full'],
    async run(t) {
      const o = orders(t).take('payable', 'a forged server POST');
      const genuine = signed(t, redirectFields(t, o, 'post-forged'));
      // a forger knows no mpi_order: one taken as paid leaves the genuine result a second payment
      const forged = await post(
        t,
        { ...redirectFields(t, o, 'post-forged-sign'), sign: 'f'.repeat(128) },
        'forged sign',
      );
      if (wantsAuth(forged) || toLogin(forged))
        t.inconclusive(`BACKREF asks for authentication (${answered(forged)}), see JY-MRD-08`);
      // precondition: the merchant takes a genuine POST at all (JY-MRD-08), else a refusal proves nothing
      const p = orders(t).take('payable', 'the precondition (a genuine server POST is accepted)');
      const plain = await post(t, signed(t, redirectFields(t, p, 'post-precondition')), 'precondition');
      if (!ok(plain.status))
        t.inconclusive(`precondition: a genuine server POST was answered ${answered(plain)} (see JY-MRD-08)`);
      t.expect(
        'JY-MRD-07',
        refused(forged.status),
        `a server POST with a forged sign was answered ${answered(forged)}`,
      );
      // before the genuine POST for o: a shop refusing a second payment of a paid order (409) would
      // refuse a cut sign it verifies loosely for that reason alone; one it takes leaves the genuine
      // POST a second payment
      for (const [what, p] of unsignedAndCut(
        redirectFields(t, o, 'post-unsigned-or-cut'),
        t.credentials.sharedSecret,
      )) {
        const r = await post(t, p, `a server POST with ${what}`);
        t.expect('JY-MRD-07', refused(r.status), `a server POST with ${what} was answered ${answered(r)}`);
      }
      // refused or not, the forged POST must not have paid the order (a shop updating the order before
      // it verifies): the bank's genuine POST for it that follows is taken
      const real = await post(t, genuine, 'the genuine server POST after the forged one');
      t.expect(
        'JY-MRD-07',
        ok(real.status),
        `after server POSTs with a forged sign (answered ${answered(forged)}), with no sign and with a cut one, the genuine one for the same order was answered ${answered(real)}: a forged one changed the order`,
      );
      await tamperedAreRefused(t, 'JY-MRD-07', 'a server POST', 'post-tampered', post);
    },
  },
]);
