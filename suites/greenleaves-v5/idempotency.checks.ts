import { quote } from '../../src/harness/clip.ts';
import { defineChecks } from '../../src/harness/check.ts';
import { uuidv7 } from '../../src/protocols/greenleaves-v5/index.ts';
import type { V5Reply } from '../../src/sdk/greenleaves-v5.ts';
import {
  card,
  client,
  createBody,
  describe,
  outcome,
  expectRefused,
  expectNothingCreated,
  otherClient,
  P,
  processed,
  read,
  sameBytes,
  sleep,
  type Ctx,
  refundDelta,
} from './support.ts';

const authorising = () => card({ auth: true, threeDs: false, clearing: true, refund: true });

/** How a replay differs from the original, or '' when it is the same byte for byte. */
function difference(a: V5Reply, b: V5Reply): string {
  const out: string[] = [];
  if (a.http.status !== b.http.status) out.push(`HTTP ${a.http.status} → ${b.http.status}`);
  if (!sameBytes(a.http.body, b.http.body)) out.push(`body ${quote(a.http.text, 120)} → ${quote(b.http.text, 120)}`);
  if (a.requestStatus !== b.requestStatus) out.push(`X-Request-Status ${a.requestStatus} → ${b.requestStatus}`);
  if (a.datetime !== b.datetime) out.push(`X-Datetime ${a.datetime} → ${b.datetime}`);
  return out.join('; ');
}

async function replayed(t: Ctx, what: string, send: () => Promise<V5Reply>): Promise<V5Reply> {
  const first = await send();
  await sleep(5); // a fresh X-Datetime would differ
  const again = await send();
  const diff = difference(first, again);
  // (a correctly signed request refused for its signature never gets here: the client ends the check
  // inconclusive, SettlingClient in support.ts)
  t.expect('V5-IDEM-01', diff === '', `${what}: the replay under the same X-Request-Id differs: ${diff}`);
  return first;
}

export const checks = defineChecks({ profile: 'greenleaves-v5', subject: 'gateway', area: 'idempotency' }, [
  {
    id: 'v5.idem.replay',
    title:
      'the same X-Request-Id and body get the original reply byte for byte (status, body, X-Request-Status, X-Datetime), and nothing happens twice',
    rules: ['V5-IDEM-01'],
    plans: ['smoke', 'full'],
    async run(t) {
      const v5 = client(t);
      // cleared at once, so that the refund below is taken (the seed documents no default for auto_clearing)
      const body = createBody(authorising(), { amount: 10, auto_clearing: true });
      const create = await v5.request('create', body);
      const made = await replayed(t, 'a create', () => v5.send(create, 'create (sent twice)'));
      if (!processed(made)) t.inconclusive(`setup: the create was not processed: ${describe(made)}`);
      const refund = await v5.request('refund', { id: made.payment!.id, amount: 1 });
      const refunded = await replayed(t, 'a refund', () => v5.send(refund, 'refund 1.00 (sent twice)'));
      // refunded once, or its replay shows nothing about running it twice (a payment not cleared refuses it)
      if (!processed(refunded))
        t.cannotJudge(
          'V5-IDEM-01',
          `a refund of 1.00 was refused (${describe(refunded)}), so whether its replay runs it again is not shown`,
        );
      else {
        const after = await read(t, { id: made.payment!.id });
        const d = refundDelta(made.payment, after.payment);
        if (!d)
          return t.inconclusive(
            after.payment
              ? `a refund of 1.00 sent twice: the payment carries neither refunded_amount nor an operations history, so how often it was refunded cannot be seen (${describe(after)})`
              : `a refund of 1.00 sent twice: the read back shows no payment: ${describe(after)}`,
          );
        t.expect('V5-IDEM-01', d.delta === 1, `a refund of 1.00 sent twice under one X-Request-Id: ${d.shown}`);
      }
      const invalid = await v5.request('create', createBody(authorising(), { currency: 'XXX' }));
      await replayed(t, 'a refused create (body violation)', () => v5.send(invalid, 'invalid create (sent twice)'));
      const missing = await v5.request('status', { order_id: 'PAYCERT-NO-SUCH-ORDER' });
      await replayed(t, 'a read of an unknown order', () => v5.send(missing, 'unknown order (sent twice)'));
    },
  },
  {
    id: 'v5.idem.conflict',
    title:
      'an X-Request-Id reused for another body, URL or X-Action is refused (1105) and changes nothing; the original reply stays replayable',
    rules: ['V5-IDEM-02', 'V5-ERR-04', 'V5-ERR-01'],
    plans: ['smoke', 'full'],
    async run(t) {
      const v5 = client(t);
      const requestId = uuidv7();
      const original = createBody(authorising());
      const first = await v5.call('create', original, { requestId, note: 'the original request' });
      if (!processed(first)) t.inconclusive(`setup: the create was not processed: ${describe(first)}`);
      // another request under the same X-Request-Id is refused (1105); a gateway keying its record by
      // X-Request-Id alone answers it with the first's reply instead
      const refusedNotReplayed = async (r: V5Reply, what: string, order?: string) => {
        const replayed = sameBytes(r.http.body, first.http.body);
        t.expect(
          'V5-IDEM-02',
          !replayed,
          `${what} was answered with the original request's reply, not refused: ${describe(r)}`,
        );
        if (!replayed) await expectRefused(t, r, 'V5-IDEM-02', 1105, what, order);
      };
      const other = createBody(authorising());
      const r1 = await v5.call('create', other, { requestId, note: 'same X-Request-Id, another body' });
      await refusedNotReplayed(r1, 'a create reusing an X-Request-Id with another body', other.order_id as string);
      await expectNothingCreated(
        t,
        'V5-IDEM-02',
        other.order_id as string,
        'the create that reused an X-Request-Id with another body created its payment',
      );
      const reordered = JSON.stringify(Object.fromEntries(Object.entries(original).reverse()));
      const r2 = await v5.call('create', reordered, {
        requestId,
        note: 'same X-Request-Id, the same object in another key order',
      });
      await refusedNotReplayed(r2, 'a create reusing an X-Request-Id with the same object in another key order');
      const r3 = await v5.call('status', original, { requestId, note: 'same X-Request-Id and body, on /v5/g2g/read' });
      await refusedNotReplayed(r3, 'the same body under the same X-Request-Id sent to /v5/g2g/read');
      const again = await v5.call('create', original, { requestId, note: 'the original request once more' });
      t.expect(
        'V5-IDEM-02',
        again.http.status === first.http.status && sameBytes(again.http.body, first.http.body),
        `after the conflicting requests the original is no longer replayed: ${describe(again)}`,
      );
    },
  },
  {
    id: 'v5.idem.per-merchant',
    title: 'idempotency is per merchant: another merchant may use the same X-Request-Id',
    rules: ['V5-IDEM-03'],
    async run(t) {
      const other = otherClient(t);
      if (!other)
        return t.skip(
          'needs a second merchant of the test domain: set PAYCERT_GREENLEAVES_V5_OTHER_AUTH_ID and PAYCERT_GREENLEAVES_V5_OTHER_SECRET_KEY',
        );
      const v5 = client(t);
      const requestId = uuidv7();
      const a = await v5.call('create', createBody(authorising()), { requestId, note: 'merchant A' });
      if (!processed(a)) t.inconclusive(`setup: merchant A's create was not processed: ${describe(a)}`);
      const bBody = createBody(authorising());
      const b = await other.call('create', bBody, { requestId, note: 'merchant B, the same X-Request-Id' });
      // a payment whose id or order_id is no text shows neither whose it is nor whether it is a replay
      for (const [who, x] of [
        ['A', a],
        ['B', b],
      ] as const)
        if (processed(x) && (typeof x.payment?.id !== 'string' || typeof x.payment.order_id !== 'string'))
          t.inconclusive(
            `merchant ${who}'s create reply names its payment with no text id or order_id: ${describe(x)}`,
          );
      // B refused: judged only beside B's create under a fresh X-Request-Id, taken (the control); a
      // second merchant whose every request is refused (its credentials, say) shows nothing of the scope
      if (!processed(b)) {
        const fresh = await other.call('create', createBody(authorising()), {
          requestId: uuidv7(),
          note: 'merchant B, a fresh X-Request-Id (the control)',
        });
        if (!processed(fresh))
          t.inconclusive(
            `merchant B's create was refused under a fresh X-Request-Id too (${describe(fresh)}): check the second merchant's credentials`,
          );
      }
      t.expect(
        'V5-IDEM-03',
        processed(b) && b.payment?.order_id === bBody.order_id && b.payment?.id !== a.payment!.id,
        `merchant B's create under merchant A's X-Request-Id: ${describe(b)}`,
      );
      const a2 = await v5.call('status', { id: a.payment!.id }, { note: 'merchant A reads its payment' });
      t.expect(
        'V5-IDEM-03',
        processed(a2) && a2.payment?.order_id === a.payment!.order_id,
        `merchant A's payment after merchant B's request: ${describe(a2)}`,
      );
    },
  },
]);
