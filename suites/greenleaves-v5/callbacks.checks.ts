import { defineChecks } from '../../src/harness/check.ts';
import type { Listener, Received } from '../../src/harness/listener.ts';
import { callbackUri, verifyCallback, type CallbackStatus } from '../../src/protocols/greenleaves-v5/index.ts';
import {
  card,
  client,
  createBody,
  describe,
  IN_PROGRESS,
  money,
  outcome,
  paymentOf,
  read,
  sameStatus,
  shown as asText,
  type Body,
  type Ctx,
} from './support.ts';
import { expectNoCardData } from './card-data.ts';
import { quote } from '../../src/harness/clip.ts';
import { describeDuplicates, readJson, UNIQUE_NAMES } from '../../src/protocols/common/json-names.ts';

// V5-CB-*: the suite plays the merchant (src/protocols/greenleaves-v5/callbacks.ts: all INFERRED).

function answer(status: CallbackStatus) {
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ status, description: status === 'ok' ? 'paycert: ok' : 'paycert: refused' }),
  };
}

/** A callback's body as a JSON object, or 'ambiguous' when it names a member twice with different
 *  values (which one the gateway means cannot be told); any name written twice fails `rule`, the rule
 *  of the call's body (RFC 8259 §4). */
function json(t: Ctx, r: Received, rule: string, what: string): Record<string, unknown> | 'ambiguous' | undefined {
  let read;
  try {
    read = readJson(r.body);
  } catch {
    return undefined;
  }
  const v = read.value;
  const twice = read.duplicates;
  if (twice.length > 0) t.expect(rule, false, `${what} names ${describeDuplicates(twice)}: ${UNIQUE_NAMES}`);
  if (twice.some((d) => d.differ)) return 'ambiguous';
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

async function calls(t: Ctx, l: Listener, rule: string, what: string): Promise<Received> {
  const got = await l.waitFor(1, t.subject.limits.callbackWaitMs);
  t.require(rule, got.length >= 1, `${what} was not called`);
  return got[0]!;
}

/** V5-CB-02: the call's X-JWS-Signature verifies for the URL's path, the merchant's auth_id and key. */
async function expectSigned(t: Ctx, r: Received, url: string, what: string): Promise<void> {
  const v = await verifyCallback(
    r.headers['x-jws-signature'],
    Buffer.from(r.body, 'utf8'),
    callbackUri(url),
    t.credentials.authId,
    t.credentials.secretKey,
  );
  t.expect('V5-CB-02', v.ok, `the ${what} call's X-JWS-Signature does not verify: ${v.ok ? '' : v.reason}`);
}

/** V5-FMT-03: a call to the merchant carries no card data of the create `b` (the payment as a read
 *  returns it, V5-CB-01: a masked PAN at most). */
function noCardData(t: Ctx, what: string, carrier: string, r: Received, got: ReturnType<typeof json>, b: Body): void {
  const c = (b.from as { card: { pan: string; name: string } }).card;
  const body = got === 'ambiguous' ? undefined : got;
  expectNoCardData(t, what, { carrier, text: r.body, json: body, maskedPan: body?.masked_pan }, [c.pan], c.name);
}

export const checks = defineChecks({ profile: 'greenleaves-v5', subject: 'gateway', area: 'callbacks' }, [
  {
    id: 'v5.cb.result-call',
    title:
      'result_url gets the payment, signed for its own path, for a paid and for a declined payment (by its card, by its check_url)',
    rules: ['V5-CB-01', 'V5-CB-02', 'V5-FMT-03'],
    needs: ['callbacks'],
    plans: ['smoke', 'full'],
    async run(t) {
      for (const [what, c, check] of [
        ['a paid payment', card({ auth: true, threeDs: false }), undefined],
        ['a declined payment', card({ auth: false, threeDs: false }), undefined],
        // declined whatever the gateway's test cards: its check_url refuses it (V5-CB-03)
        ['a payment its check_url refused', card({ auth: true, threeDs: false }), 'rejected'],
      ] as const) {
        const l = await t.listener();
        l.respond(() => answer('ok'));
        const url = l.url('result');
        const urls: Record<string, string> = { result_url: url };
        if (check) {
          const no = await t.listener();
          no.respond(() => answer(check));
          urls.check_url = no.url('check');
        }
        const b = createBody(c, { urls });
        const r = await client(t).call('create', b, { note: what });
        const p = paymentOf(r);
        if (!p) t.inconclusive(`setup: ${what} was not created: ${describe(r)}`);
        // the create reply is what the call is compared with: one of another shape (V5-FMT-01's) says nothing of the call
        if (!['id', 'order_id', 'status', 'currency'].every((k) => typeof p![k as keyof typeof p] === 'string'))
          t.inconclusive(
            `setup: the create reply for ${what} has an id, order_id, status or currency that is no text, so the result_url call has nothing to be compared with: ${quote(JSON.stringify(p), 200)}`,
          );
        const call = await calls(t, l, 'V5-CB-01', `result_url, after ${what},`);
        const got = json(t, call, 'V5-CB-01', `the result_url call's body after ${what}`);
        noCardData(t, `after ${what}`, 'the result_url call', call, got, b);
        // its values not compared: V5-CB-01 failed on the body's form
        if (got === 'ambiguous') {
          await expectSigned(t, call, url, 'result_url');
          continue;
        }
        const body = got;
        t.expect(
          'V5-CB-01',
          call.method === 'POST' && !!body,
          `the result_url call is ${call.method} with ${body ? 'a JSON object' : `no JSON object: ${quote(call.body, 120)}`}`,
        );
        const same = (k: 'id' | 'order_id' | 'status' | 'currency') => body?.[k] === p![k];
        // the amount as a number ("70.00" and 70 are one amount; the type is V5-FMT-01's), and only when the
        // create reply shows one: two absent amounts are no evidence that the call carries the create's
        const shown = p!.amount !== undefined && p!.amount !== null;
        if (!shown) t.note(`${what}: the create reply has no amount, so the call's amount is not compared`);
        const sameAmount = !shown || money(body?.amount) === money(p!.amount);
        // a create still in progress (its outcome could not be read back) has no status to compare
        const pending = IN_PROGRESS.test(String(p!.status));
        if (pending)
          t.note(
            `${what}: the create's outcome was not read back (status ${String(p!.status)}): its status is not compared`,
          );
        // a create reply whose status word is of the gateway's own while the call's is documented (or the
        // other way round): the word is V5-FMT-02's, and which of its words means which cannot be told
        const status = pending ? true : sameStatus(body?.status, p!.status);
        if (status === undefined)
          t.note(
            `${what}: the call says status ${asText(body?.status)}, the create replied ${asText(p!.status)}: one is a word of the gateway's own (V5-FMT-02), so the status is not compared`,
          );
        t.expect(
          'V5-CB-01',
          !!body && same('id') && same('order_id') && status !== false && sameAmount && same('currency'),
          `${what}: the call says ${JSON.stringify(body && { id: body.id, order_id: body.order_id, status: body.status, amount: body.amount, currency: body.currency })}, the create replied ${JSON.stringify({ id: p!.id, order_id: p!.order_id, status: p!.status, amount: p!.amount, currency: p!.currency })}`,
        );
        await expectSigned(t, call, url, 'result_url');
      }
    },
  },
  {
    id: 'v5.cb.check-call',
    title: 'check_url is asked before the payment (signed for its own path); its refusal declines the payment',
    rules: ['V5-CB-02', 'V5-CB-03', 'V5-FMT-03'],
    needs: ['callbacks'],
    plans: ['smoke', 'full'],
    async run(t) {
      const c = card({ auth: true, threeDs: false });
      const l = await t.listener();
      l.respond(() => answer('ok'));
      const url = l.url('check');
      const b = createBody(c, { urls: { check_url: url } });
      const r = await client(t).call('create', b, { note: 'create with check_url answering ok' });
      const p = paymentOf(r);
      if (!p || p.status === 'declined')
        t.inconclusive(`setup: a payment whose check_url answers ok was not taken: ${describe(r)}`);
      // the reference asks before it replies; a gateway that replies first gets the callback wait
      const call = await calls(t, l, 'V5-CB-03', 'check_url');
      const got = json(t, call, 'V5-CB-03', "the check_url call's body");
      noCardData(t, 'a create with check_url', 'the check_url call', call, got, b);
      // its values not compared when ambiguous: V5-CB-03 failed on the body's form
      const body = got === 'ambiguous' ? undefined : got;
      t.expect(
        'V5-CB-03',
        got === 'ambiguous' ||
          (call.method === 'POST' &&
            body?.order_id === b.order_id &&
            body?.amount === b.amount &&
            body?.currency === b.currency),
        `the check_url call is ${call.method} ${quote(call.body, 160)}; want order_id ${String(b.order_id)}, amount ${String(b.amount)}, currency ${String(b.currency)}`,
      );
      await expectSigned(t, call, url, 'check_url');

      const no = await t.listener();
      no.respond(() => answer('rejected'));
      const nb = createBody(c, { urls: { check_url: no.url('check') } });
      const refused = await client(t).call('create', nb, { note: 'create with check_url answering rejected' });
      await calls(t, no, 'V5-CB-03', 'check_url');
      // read back by the id the create reply named, else by order_id
      const madeId = outcome(refused) === 'processed' ? refused.payment?.id : undefined;
      const by = typeof madeId === 'string' ? { id: madeId } : { order_id: nb.order_id as string };
      const back = await read(t, by, 'read the refused order');
      const after = paymentOf(back);
      // no payment read back is "none taken" only where the same kind of read finds the order whose
      // check_url answered ok: a gateway refusing reads by order_id altogether showed nothing of the order
      if (!after) {
        const key = 'id' in by ? 'id' : 'order_id';
        const known = await read(
          t,
          key === 'id' ? { id: String(p!.id) } : { order_id: b.order_id as string },
          'read the order whose check_url answered ok',
        );
        if (!paymentOf(known))
          t.inconclusive(
            `a read by ${key} shows no payment for the order whose check_url answered rejected (${describe(back)}), nor for the one whose check_url answered ok (${describe(known)}): whether money was taken cannot be seen`,
          );
      }
      // declined: the reference's word, or (the seed names no statuses) a settled status other than
      // the one of the payment whose check_url answered ok, with no money cleared
      const declined =
        !after ||
        after.status === 'declined' ||
        (after.status !== p!.status && !IN_PROGRESS.test(String(after.status)) && !(Number(after.cleared_amount) > 0));
      t.expect(
        'V5-CB-03',
        declined,
        `check_url answered rejected, yet the payment is ${after?.status ?? '?'}, cleared ${String(after?.cleared_amount)} (the one whose check_url answered ok: ${p!.status}; create: ${describe(refused)})`,
      );
    },
  },
  {
    id: 'v5.cb.replay',
    title: 'a create replayed under its X-Request-Id calls neither check_url nor result_url again',
    rules: ['V5-CB-04'],
    needs: ['callbacks'],
    async run(t) {
      const l = await t.listener();
      l.respond(() => answer('ok'));
      const v5 = client(t);
      const sent = await v5.request(
        'create',
        createBody(card({ auth: true, threeDs: false }), {
          urls: { check_url: l.url('check'), result_url: l.url('result') },
        }),
      );
      const first = await v5.send(sent, 'create with check_url and result_url');
      if (!paymentOf(first)) t.inconclusive(`setup: the payment was not created: ${describe(first)}`);
      let calls = (await l.waitFor(2, t.subject.limits.callbackWaitMs)).length;
      // a callback of the first create still on its way would be taken for the replay's: let it come
      if (calls < 2) calls = (await l.waitFor(2, t.subject.limits.quietMs)).length;
      // the rule is about calling them *again*: one callback of the first create (a gateway that never asks
      // check_url, V5-CB-03's finding) is enough to see whether the replay repeats it
      if (calls === 0)
        t.inconclusive('setup: neither check_url nor result_url was called after the create (see V5-CB-01, V5-CB-03)');
      if (calls < 2)
        t.note(
          `only ${l.received.map((r) => r.path.split('/').pop()).join(', ')} was called after the create (see V5-CB-01, V5-CB-03): the replay is judged on it`,
        );
      const again = await v5.send(sent, 'the same create again (same X-Request-Id)');
      if (again.http.text !== first.http.text)
        t.inconclusive(`the replay was not answered from the record (see V5-IDEM-01): ${describe(again)}`);
      const after = (await l.waitFor(calls + 1, t.subject.limits.quietMs)).length;
      const kind = (r: { path: string }) => r.path.split('/').pop();
      const firsts = new Set(l.received.slice(0, calls).map(kind));
      const late = l.received.slice(calls).map(kind);
      // a kind of callback the first create never made may be its own, late: only a repeat of one it
      // made is the replay's for certain
      if (late.length > 0 && late.every((k) => !firsts.has(k)))
        t.inconclusive(
          `after the replay came ${late.join(', ')}, which the first create had not called within ${t.subject.limits.callbackWaitMs + t.subject.limits.quietMs} ms: the first create's late callback or the replay's, which cannot be told`,
        );
      t.expect(
        'V5-CB-04',
        after === calls,
        `after the replay there were ${after} callbacks, want the ${calls} of the first create: ${l.received.map(kind).join(', ')}`,
      );
    },
  },
]);
