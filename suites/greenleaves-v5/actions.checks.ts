import { defineChecks } from '../../src/harness/check.ts';
import { V5_PATHS } from '../../src/protocols/greenleaves-v5/index.ts';
import type { V5Reply } from '../../src/sdk/greenleaves-v5.ts';
import {
  card,
  client,
  createBody,
  describe,
  expectRefused,
  paymentOf,
  expectNothingCreated,
  few,
  P,
  processed,
  read,
  withHeader,
  expectNoRefund,
  withControl,
} from './support.ts';

const pay = paymentOf;

export const checks = defineChecks({ profile: 'greenleaves-v5', subject: 'gateway' }, [
  {
    id: 'v5.url.crud',
    title:
      'create, read and edit (clearing, refund, reverse) work on their URLs with their X-Action, and a read shows each change',
    area: 'urls',
    rules: ['V5-URL-01', 'V5-URL-02', 'V5-URL-03', 'V5-ACT-01', 'V5-ACT-02', 'V5-ACT-03', 'V5-ACT-04'],
    plans: ['smoke', 'full'],
    async run(t) {
      const v5 = client(t);
      const twoStep = card({ auth: true, threeDs: false, clearing: true, refund: true });
      const made = await v5.call('create', createBody(twoStep, { amount: 300, auto_clearing: false }), {
        note: 'create (gateway.payment.create)',
      });
      t.require(
        'V5-ACT-03',
        processed(made),
        `a create with X-Action gateway.payment.create on ${V5_PATHS.create} was not processed: ${describe(made)}`,
      );
      const id = pay(made)!.id;
      const r1 = await v5.call('status', { id }, { note: 'read (gateway.payment.status)' });
      t.expect(
        'V5-ACT-01',
        processed(r1),
        `a read with X-Action gateway.payment.status on ${V5_PATHS.read} was not processed: ${describe(r1)}`,
      );
      t.expect(
        'V5-URL-01',
        pay(r1)?.id === id && pay(r1)?.order_id === pay(made)!.order_id,
        `the created payment cannot be read back: ${describe(r1)}`,
      );
      t.expect(
        'V5-URL-02',
        pay(r1)?.status === pay(made)!.status && pay(r1)?.amount === pay(made)!.amount,
        `the read does not show the payment as created: ${describe(r1)}`,
      );
      // Each edit's X-Action name is INFERRED (V5-ACT-0x); V5-URL-03 judges only the edits that were
      // processed: a later read shows the state the edit reported, and that state is new.
      let edits = 0;
      const updated = async (what: string, before: V5Reply, edit: V5Reply, by: { id?: string; order_id?: string }) => {
        if (!processed(edit)) return;
        const after = await read(t, by);
        const was = pay(before)?.status;
        const now = pay(edit)?.status;
        if (typeof now !== 'string' || now === was)
          return t.note(`${what}: the reply's status (${String(now)}) does not show a change to compare with a read`);
        edits++;
        t.expect(
          'V5-URL-03',
          processed(after) && pay(after)?.status === now,
          `after ${what} (status ${now}) the read shows ${describe(after)}`,
        );
      };
      const clr = await v5.call('clearing', { id, amount: 300 }, { note: 'clearing (gateway.payment.clearing)' });
      t.expect(
        'V5-ACT-04',
        processed(clr),
        `a clearing with X-Action gateway.payment.clearing on ${V5_PATHS.edit} was not processed: ${describe(clr)}`,
      );
      await updated('the clearing', r1, clr, { id });
      const ref = await v5.call('refund', { id, amount: 100 }, { note: 'refund (gateway.payment.refund)' });
      t.expect(
        'V5-ACT-04',
        processed(ref),
        `a refund with X-Action gateway.payment.refund on ${V5_PATHS.edit} was not processed: ${describe(ref)}`,
      );
      await updated('the refund', processed(clr) ? clr : r1, ref, { id });
      const r3 = await read(t, { id });
      if (processed(ref))
        t.expect(
          'V5-URL-02',
          pay(r3)?.status === pay(ref)?.status,
          `the read after the refund shows ${describe(r3)}, not the current state (${pay(ref)?.status})`,
        );
      const reversible = card({ auth: true, threeDs: false, reverse: true, clearing: false });
      const held = await v5.call('create', createBody(reversible, { auto_clearing: false }));
      if (!processed(held)) t.inconclusive(`setup: the payment to reverse was not created: ${describe(held)}`);
      const rev = await v5.call(
        'reverse',
        { order_id: pay(held)!.order_id },
        { note: 'reverse (gateway.payment.reverse)' },
      );
      t.expect(
        'V5-ACT-02',
        processed(rev),
        `a reverse with X-Action gateway.payment.reverse on ${V5_PATHS.edit} was not processed: ${describe(rev)}`,
      );
      await updated('the reverse', held, rev, { order_id: pay(held)!.order_id });
      if (edits === 0)
        t.inconclusive(
          'no edit was processed with a new status, so nothing shows whether /v5/g2g/edit updates a payment (see V5-ACT-02, V5-ACT-04)',
        );
    },
  },
  {
    id: 'v5.url.post-only',
    title: 'another HTTP method on the three URLs is refused (1107, HTTP 405)',
    area: 'urls',
    rules: ['V5-URL-04', 'V5-ERR-04', 'V5-ERR-01'],
    async run(t) {
      const v5 = client(t);
      const c = card({ auth: true, threeDs: false, clearing: true, refund: true });
      const cases: Array<['create' | 'status' | 'reverse', string]> = [
        ['create', 'GET'],
        ['create', 'PUT'],
        ['status', 'GET'],
        ['reverse', 'DELETE'],
        ['create', 'PATCH'],
      ];
      // a refusal of another method shows something only where the same request POSTed is processed
      await withControl(t, 'the requests with another method', async () => {
        for (const [op, method] of few(t, cases, 2, {
          rules: ['V5-URL-04', 'V5-ERR-04', 'V5-ERR-01'],
          name: ([op, method]) => `${method} ${op}`,
        })) {
          const body = op === 'create' ? createBody(c) : { order_id: 'PAYCERT-NO-SUCH-ORDER' };
          // signed for the method it is sent with: a gateway that processes it must have skipped the
          // method, not refused a signature made for another request
          const sent = await v5.request(op, body, { method });
          const r = await v5.send(sent, `${method} ${sent.path}`);
          await expectRefused(
            t,
            r,
            'V5-URL-04',
            1107,
            `${method} ${sent.path}`,
            op === 'create' ? (body.order_id as string) : undefined,
          );
          if (op === 'create')
            await expectNothingCreated(
              t,
              'V5-URL-04',
              body.order_id as string,
              `${method} ${sent.path} created the payment`,
            );
        }
      });
    },
  },
  {
    id: 'v5.act.unknown',
    title: 'an unknown X-Action, or one of another URL, is refused (1104) and changes nothing',
    area: 'actions',
    rules: ['V5-ACT-05', 'V5-ERR-04', 'V5-ERR-01'],
    plans: ['smoke', 'full'],
    async run(t) {
      const v5 = client(t);
      const c = card({ auth: true, threeDs: false, clearing: true, refund: true });
      // cleared, so that a refund run under a wrong X-Action would show (an authorised payment refuses it anyway)
      const made = await v5.call('create', createBody(c, { amount: 50, auto_clearing: true }));
      if (!processed(made)) t.inconclusive(`setup: the payment was not created: ${describe(made)}`);
      const id = made.payment!.id;
      const cases: Array<[string, 'create' | 'status' | 'refund', string]> = [
        ['gateway.payment.unknown on create', 'create', 'gateway.payment.unknown'],
        ['gateway.payment.status on create', 'create', 'gateway.payment.status'],
        ['gateway.payment.create on edit', 'refund', 'gateway.payment.create'],
        ['gateway.payment.create on read', 'status', 'gateway.payment.create'],
        ['gateway.payment.refund on read', 'status', 'gateway.payment.refund'],
        ['GATEWAY.PAYMENT.REFUND on edit', 'refund', 'GATEWAY.PAYMENT.REFUND'],
      ];
      for (const [what, op, action] of few(t, cases, 3, {
        rules: ['V5-ACT-05', 'V5-ERR-04', 'V5-ERR-01'],
        name: ([what]) => what,
      })) {
        const body = op === 'create' ? createBody(c) : op === 'status' ? { id } : { id, amount: 1 };
        const r = await v5.send(withHeader(await v5.request(op, body), 'X-Action', action), what);
        await expectRefused(
          t,
          r,
          'V5-ACT-05',
          1104,
          `X-Action ${what}`,
          op === 'create' ? (body.order_id as string) : undefined,
        );
        if (op === 'create')
          await expectNothingCreated(t, 'V5-ACT-05', body.order_id as string, `X-Action ${what} created the payment`);
      }
      const after = await read(t, { id });
      expectNoRefund(t, 'V5-ACT-05', made.payment, after, 'a refund under a wrong X-Action');
    },
  },
]);
