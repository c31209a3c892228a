import { defineChecks } from '../../src/harness/check.ts';
import { describeErrors } from '../../src/spec/ajv.ts';
import { loadErrors } from '../../src/spec/load.ts';
import { signDetachedRaw, uuidv7 } from '../../src/protocols/greenleaves-v5/index.ts';
import type { V5Reply, V5Sent } from '../../src/sdk/greenleaves-v5.ts';
import type { TestCard } from '../../src/spec/greenleaves-cards.ts';
import { expectNoCardData } from './card-data.ts';
import {
  alikeRefusals,
  card,
  cardObject,
  client,
  codeOf,
  controlAccepted,
  createBody,
  describe,
  expectRefusalStatus,
  outcome,
  paymentOf,
  P,
  processed,
  read,
  utf8,
  withHeader,
  idOf,
  madeAs,
  withSignature,
  type Ctx,
  paymentShape,
  STATUS_WORDS,
  money,
  shown,
  declineOf,
  uriOf,
  errorShape,
} from './support.ts';

const two = () => card({ auth: true, threeDs: false, clearing: true, refund: true });

/** The faults sent alone as the cases' refund with that one fault added (the others are requests of
 *  their own: a reverse of a cleared payment is refused for its state as the refund is). */
const ON_BASE = new Set<Fault>(['method', 'type', 'accept', 'id', 'signature', 'action', 'reuse']);

/** The faults V5-ERR-03 orders, each sent alone to learn how the gateway refuses it. */
type Fault =
  | 'method'
  | 'type'
  | 'accept'
  | 'id'
  | 'signature'
  | 'action'
  | 'reuse'
  | 'json'
  | 'schema'
  | 'unknown'
  | 'state'
  | 'card';
function forged(t: Ctx, sent: V5Sent): V5Sent {
  const h = JSON.stringify({
    uri: uriOf(t, sent.path),
    auth_id: t.credentials.authId,
    method: 'POST',
    params: '',
    alg: 'HS256',
  });
  return withSignature(sent, signDetachedRaw(h, sent.body, `${t.credentials.secretKey}-wrong`));
}

export const checks = defineChecks({ profile: 'greenleaves-v5', subject: 'gateway' }, [
  {
    id: 'v5.fmt.payment-replies',
    title: 'create, read and edit reply 200 with the bare payment object; status and amounts track the payment',
    area: 'format',
    rules: ['V5-FMT-01', 'V5-FMT-02'],
    plans: ['smoke', 'full'],
    async run(t) {
      const v5 = client(t);
      const replies: Array<
        [string, V5Reply, { status: string; amount: number; cleared: number; refunded: number } | undefined]
      > = [];
      const made = await v5.call(
        'create',
        createBody(two(), {
          amount: 90.5,
          auto_clearing: false,
          user_id: 'paycert-user',
          from: { type: 'card', card: cardObject(two()), save: true },
        }),
      );
      replies.push(['create (two-step)', made, { status: 'authorized', amount: 90.5, cleared: 0, refunded: 0 }]);
      if (processed(made)) {
        const id = made.payment!.id;
        replies.push([
          'read',
          await v5.call('status', { id }),
          { status: 'authorized', amount: 90.5, cleared: 0, refunded: 0 },
        ]);
        replies.push([
          'clearing',
          await v5.call('clearing', { id, amount: 80 }),
          { status: 'cleared', amount: 90.5, cleared: 80, refunded: 0 },
        ]);
        replies.push([
          'refund',
          await v5.call('refund', { id, amount: 30.25 }),
          { status: 'partially_refunded', amount: 90.5, cleared: 80, refunded: 30.25 },
        ]);
        replies.push([
          'read after refund',
          await v5.call('status', { order_id: made.payment!.order_id }),
          { status: 'partially_refunded', amount: 90.5, cleared: 80, refunded: 30.25 },
        ]);
      }
      // which cards decline is V5-CARD-01's business: here only the shape of whatever comes back
      replies.push(['create (a decline card)', await v5.call('create', createBody(card({ auth: false }))), undefined]);
      for (const [what, r, want] of replies) {
        const v = paymentShape(r.json);
        t.expect(
          'V5-FMT-01',
          r.http.status === 200 && v.ok,
          `${what}: HTTP ${r.http.status}, ${v.ok ? 'body ok' : `body does not match payment.schema.json: ${describeErrors(v.errors)}`}`,
        );
        const p = paymentOf(r);
        if (!p) continue;
        t.expect(
          'V5-FMT-02',
          STATUS_WORDS.includes(p.status),
          `${what}: status ${p.status} is not one of ${STATUS_WORDS.join(', ')}`,
        );
        // amounts compared as numbers ("90.50" is 90.5: the type is V5-FMT-01's), and only those the
        // reply shows (a missing one is V5-FMT-01's too: it tells no amount, right or wrong)
        const amounts = [p.amount, p.cleared_amount, p.refunded_amount] as unknown[];
        if (want)
          t.expect(
            'V5-FMT-02',
            p.status === want.status &&
              [want.amount, want.cleared, want.refunded].every(
                (w, i) => amounts[i] === undefined || money(amounts[i]) === w,
              ),
            `${what}: ${p.status} amount ${p.amount} cleared ${p.cleared_amount} refunded ${p.refunded_amount}; want ${want.status} ${want.amount} ${want.cleared} ${want.refunded}`,
          );
        // a decline object belongs to a declined payment; a declined one without it (the object is
        // optional in payment.schema.json, the seed documents no reply) shows no decline to judge
        const decline = declineOf(p);
        t.expect(
          'V5-FMT-02',
          decline === undefined || p.status === 'declined',
          `${what}: status ${shown(p.status)} with decline ${shown(decline)}`,
        );
      }
    },
  },
  {
    id: 'v5.fmt.no-card-data',
    title:
      'no reply carries the full PAN, CVC, expiry or cardholder name; the card appears as masked_pan (first 6, last 4)',
    area: 'format',
    rules: ['V5-FMT-03'],
    async run(t) {
      const v5 = client(t);
      const c = two();
      const holder = 'PAYCERT HOLDER';
      const cardData = { ...cardObject(c), name: holder };
      const replies: Array<[string, V5Reply]> = [];
      const made = await v5.call('create', createBody(c, { from: { type: 'card', card: cardData, save: true } }));
      replies.push(['create', made]);
      if (made.payment) replies.push(['read', await read(t, { id: made.payment.id })]);
      replies.push([
        'a refused create (bad cvc)',
        await v5.call('create', createBody(c, { from: { type: 'card', card: { ...cardData, cvc: '12a' } } })),
      ]);
      replies.push([
        'a declined create',
        await v5.call(
          'create',
          createBody(card({ auth: false }), {
            from: { type: 'card', card: { ...cardObject(card({ auth: false })), name: holder }, save: true },
          }),
        ),
      ]);
      let clean = true;
      const pans = [c.pan, card({ auth: false }).pan];
      for (const [what, r] of replies)
        clean &&= expectNoCardData(
          t,
          what,
          { carrier: 'the reply', text: r.http.text, json: r.json, maskedPan: paymentOf(r)?.masked_pan as unknown },
          pans,
          holder,
        );
      // a reply without a payment has no card to show or hide: no payment reply at all (a wall's page to
      // every request) is no sign of how the gateway shows a card (V5-FMT-03 passed on one)
      if (clean && !replies.some(([, r]) => paymentOf(r)))
        t.inconclusive(
          `no reply was a payment's (the create: ${describe(made)}): nothing shows how a reply carries a card`,
        );
    },
  },
  {
    id: 'v5.fmt.error-replies',
    title:
      'refusals: the error object of error.schema.json with the code errors.json assigns and its HTTP status, messages in en and ru',
    area: 'errors',
    rules: ['V5-FMT-04', 'V5-ERR-01', 'V5-ERR-02', 'V5-ERR-04'],
    plans: ['smoke', 'full'],
    async run(t) {
      const v5 = client(t);
      const known = new Set(loadErrors(P).codes.map((c) => c.code));
      // most cases are signed correctly: their refusals' codes show the fault's only where a correctly
      // signed request is taken (a gateway refusing every correct token answers them all 1001)
      await controlAccepted(t, 'correctly signed requests with one fault (their codes, V5-ERR-01)');
      const good = await v5.request('create', createBody(two()));
      const cases: Array<[string, V5Sent, number]> = [
        ['a bad signature', forged(t, good), 1001],
        ['no X-JWS-Signature', withSignature(good, undefined), 1003],
        ['Content-Type text/plain', withHeader(good, 'Content-Type', 'text/plain'), 1101],
        // (not "no Accept": RFC 9110 reads it as admitting JSON, which a gateway may take)
        ['Accept text/html', withHeader(good, 'Accept', 'text/html'), 1102],
        ['no X-Request-Id', withHeader(good, 'X-Request-Id', undefined), 1103],
        [
          'an unknown X-Action',
          withHeader(
            await v5.request('refund', { order_id: 'PAYCERT-NO-SUCH-ORDER', amount: 1 }),
            'X-Action',
            'gateway.payment.nothing',
          ),
          1104,
        ],
        ['a body that is not JSON', await v5.request('create', utf8('{')), 1106],
        ['a GET', { ...good, method: 'GET' }, 1107],
        ['a missing field', await v5.request('create', { ...createBody(two()), currency: undefined }), 2001],
        ['an invalid field', await v5.request('create', createBody(two(), { currency: 'XXX' })), 2002],
        ['an unknown field', await v5.request('create', createBody(two(), { colour: 'green' })), 2003],
        ['an unknown payment', await v5.request('status', { order_id: 'PAYCERT-NO-SUCH-ORDER' }), 3001],
      ];
      for (const [what, sent, code] of cases) {
        const r = await v5.send(sent, what);
        if (outcome(r) !== 'refused') {
          t.note(
            `${what} (${describe(r)}) shows no refusal, so there is no error reply to judge (the rule on that fault reports it)`,
          );
          continue;
        }
        const v = errorShape(r.json);
        t.expect(
          'V5-FMT-04',
          v.ok,
          `${what}: HTTP ${r.http.status}, body does not match error.schema.json: ${describeErrors(v.errors)}`,
        );
        expectRefusalStatus(t, r, what);
        if (!r.error) {
          // a refusal of another form (flat {"error_code", "error_message"}, a bare message) has no en/ru
          // pair; a body that is not JSON at all (cut short) is V5-FMT-04's, it shows no message to judge.
          // Its code, when it carries one, is judged as error.code is (the form is V5-FMT-04's)
          const flat = codeOf(r);
          if (flat !== undefined)
            t.expect('V5-ERR-01', flat === code && known.has(flat), `${what}: ${describe(r)}; want ${code}`);
          const read = typeof r.json === 'object' && r.json !== null;
          if (read)
            t.expect(
              'V5-ERR-02',
              false,
              `${what}: the refusal carries no error message with en and ru text: ${describe(r)}`,
            );
          continue;
        }
        t.expect(
          'V5-ERR-01',
          r.error.code === code && known.has(r.error.code),
          `${what}: ${describe(r)}; want ${code}`,
        );
        const m = r.error.message;
        t.expect(
          'V5-ERR-02',
          !!m && !!m.en && /[а-яё]/i.test(m.ru ?? ''),
          `${what}: the message does not carry en and ru text: ${JSON.stringify(m)}`,
        );
        // violations that are no array are error.schema.json's (V5-FMT-04), not the codes' rule
        if (Array.isArray(r.error.violations)) {
          t.expect(
            'V5-ERR-01',
            r.error.violations.every((x) => known.has(x?.code)) && r.error.violations[0]?.code === r.error.code,
            `${what}: violations ${JSON.stringify(r.error.violations)} vs code ${r.error.code}`,
          );
        }
      }
    },
  },
  {
    id: 'v5.err.precedence',
    title:
      'with several faults the first in the documented order decides: method, Content-Type, Accept, X-Request-Id, signature, X-Action, idempotency, JSON, schema, state and card',
    area: 'errors',
    rules: ['V5-ERR-03'],
    async run(t) {
      const v5 = client(t);
      const used = uuidv7();
      const first = await v5.call('create', createBody(two(), { auto_clearing: false }), {
        requestId: used,
        note: 'a request whose X-Request-Id is reused below',
      });
      if (!processed(first)) t.inconclusive(`setup: ${describe(first)}`);
      const id = idOf(first, 'setup');
      const noReverse = () => card({ auth: true, threeDs: false, reverse: false, refund: true });
      const cleared = await v5.call('create', createBody(noReverse(), { auto_clearing: true }));
      if (!processed(cleared)) t.inconclusive(`setup: ${describe(cleared)}`);
      const refund = await v5.request('refund', { id, amount: 1 });
      // each fault alone, on a request that is otherwise the cases' (a refund of an authorised payment,
      // refused last for its state): how this gateway refuses it, whatever its codes (a gateway's own codes,
      // one code for every refusal with the cause in its message, a bad signature answered 1003)
      const fresh = () => v5.request('refund', { id, amount: 1 });
      const unknownId = `${id.slice(0, 24)}000000000000`;
      const faults: Record<Fault, [string, () => Promise<V5Sent | undefined>]> = {
        method: ['a GET', async () => ({ ...(await fresh()), method: 'GET' })],
        type: ['a wrong Content-Type', async () => withHeader(await fresh(), 'Content-Type', 'text/plain')],
        accept: ['a wrong Accept', async () => withHeader(await fresh(), 'Accept', 'text/html')],
        id: ['no X-Request-Id', async () => withHeader(await fresh(), 'X-Request-Id', undefined)],
        signature: ['a bad signature', async () => forged(t, await fresh())],
        action: ['an unknown X-Action', async () => withHeader(await fresh(), 'X-Action', 'gateway.payment.nothing')],
        reuse: ['a reused X-Request-Id', () => v5.request('refund', { id, amount: 1 }, { requestId: used })],
        json: ['a body that is not JSON', () => v5.request('refund', utf8('{'))],
        schema: ['a schema violation', () => v5.request('refund', { id, amount: 'x' })],
        unknown: ['an unknown payment', () => v5.request('refund', { id: unknownId, amount: 1 })],
        // a reverse of a cleared payment whose card can reverse; of an authorised one whose card cannot
        state: [
          'a wrong state',
          () => reverseOf(card({ auth: true, threeDs: false, reverse: true }), { auto_clearing: true }),
        ],
        card: ['a card without reverse', () => reverseOf(noReverse(), { auto_clearing: false })],
      };
      /** A reverse of a new payment (undefined when the payment was not made). */
      const reverseOf = async (c: TestCard, extra: Record<string, unknown>): Promise<V5Sent | undefined> => {
        const made = await v5.call('create', createBody(c, extra), { note: 'a payment to reverse' });
        return processed(made) ? v5.request('reverse', { id: idOf(made, 'a payment to reverse') }) : undefined;
      };
      const alone = new Map<Fault, Promise<V5Reply | undefined>>();
      const refusalOf = (f: Fault): Promise<V5Reply | undefined> => {
        let p = alone.get(f);
        if (!p) alone.set(f, (p = faults[f][1]().then((sent) => sent && v5.send(sent, `${faults[f][0]} alone`))));
        return p;
      };
      // [what, request, the fault that must decide, the other fault, the code errors.json gives the first]
      const cases: Array<[string, V5Sent, Fault, Fault, number]> = [
        [
          'GET with a wrong Content-Type',
          withHeader({ ...refund, method: 'GET' }, 'Content-Type', 'text/plain'),
          'method',
          'type',
          1107,
        ],
        [
          'a wrong Content-Type and a wrong Accept',
          withHeader(withHeader(refund, 'Content-Type', 'text/plain'), 'Accept', 'text/html'),
          'type',
          'accept',
          1101,
        ],
        [
          'a wrong Content-Type and a bad signature',
          withHeader(forged(t, refund), 'Content-Type', 'text/plain'),
          'type',
          'signature',
          1101,
        ],
        [
          'a wrong Accept and no X-Request-Id',
          withHeader(withHeader(refund, 'Accept', 'text/html'), 'X-Request-Id', undefined),
          'accept',
          'id',
          1102,
        ],
        [
          'no X-Request-Id and a bad signature',
          withHeader(forged(t, refund), 'X-Request-Id', undefined),
          'id',
          'signature',
          1103,
        ],
        [
          'a bad signature and an unknown X-Action',
          withHeader(forged(t, refund), 'X-Action', 'gateway.payment.nothing'),
          'signature',
          'action',
          1001,
        ],
        [
          'an unknown X-Action and a reused X-Request-Id',
          withHeader(withHeader(refund, 'X-Action', 'gateway.payment.nothing'), 'X-Request-Id', used),
          'action',
          'reuse',
          1104,
        ],
        [
          'a reused X-Request-Id and a body that is not JSON',
          await v5.request('refund', utf8('{'), { requestId: used }),
          'reuse',
          'json',
          1105,
        ],
        ['a body that is not JSON (edit)', await v5.request('refund', utf8('[]')), 'json', 'schema', 1106],
        [
          'a schema violation on an unknown payment',
          await v5.request('refund', { id: unknownId, amount: 'x' }),
          'schema',
          'unknown',
          2002,
        ],
      ];
      // a payment cleared, so that its reverse has a wrong state (one authorised only is V5-FLOW-01's)
      if (madeAs(cleared.payment!, true) === false)
        t.note(
          `the payment to reverse was not cleared (${describe(cleared)}): a wrong state is not combined with a card`,
        );
      else
        cases.push([
          'a wrong state on a card without reverse',
          await v5.request('reverse', { id: cleared.payment!.id }),
          'state',
          'card',
          3002,
        ]);
      let judged = 0;
      const untold: string[] = [];
      // the cases' refund with no fault added (refused last, for its state), once
      let base: Promise<V5Reply> | undefined;
      const plain = () => (base ??= fresh().then((sent) => v5.send(sent, 'the refund with no fault added')));
      for (const [what, sent, first, second, code] of cases) {
        const r = await v5.send(sent, what);
        // a request taken despite its faults breaks those faults' rules; it says nothing of their order
        if (outcome(r) === 'processed') {
          t.note(`${what}: not refused (${describe(r)}), so no order of its faults to judge`);
          continue;
        }
        // which fault decided: the refusal is the one the first fault alone gets, and the second alone
        // gets another (the codes, or the messages, of this gateway: not errors.json's)
        const [a, b] = [await refusalOf(first), await refusalOf(second)];
        const [fa, fb] = [faults[first][0], faults[second][0]];
        // the first fault alone not refused: this gateway does not treat it as a fault (its own rule's
        // finding: V5-FLOW-03 for a reversed cleared payment), so the request has one fault for it and
        // no order to show; blaming the second fault's refusal on V5-ERR-03 judged that rule twice
        // (or refused as the refund carrying no added fault is, for its state: the fault changed nothing)
        const ignored = a && ON_BASE.has(first) && outcome(a) === 'refused' && alikeRefusals(a, await plain());
        if (!a || outcome(a) !== 'refused' || ignored) {
          t.partNotJudged(
            'V5-ERR-03',
            `${what}: ${fa} alone is ${!a ? 'not sent (its payment was not made)' : ignored ? `refused as the same refund without it is (${describe(a)})` : `not refused (${describe(a)})`}, so which of its faults comes first cannot be seen (the combined request: ${describe(r)}; errors.json gives ${code})`,
          );
          continue;
        }
        if (b && outcome(b) === 'refused' && alikeRefusals(a, b)) {
          untold.push(`${fa} and ${fb} (both ${describe(a)})`);
          continue;
        }
        judged++;
        t.expect(
          'V5-ERR-03',
          alikeRefusals(r, a),
          `${what}: ${describe(r)}; want the refusal of ${fa} alone (${describe(a)})${b && outcome(b) === 'refused' ? `, not of ${fb} alone (${describe(b)})` : ''}`,
        );
      }
      if (untold.length > 0)
        t.note(`the gateway refuses these faults alike, so their order cannot be seen: ${untold.join('; ')}`);
      if (judged === 0)
        t.cannotJudge(
          'V5-ERR-03',
          `no pair of faults is refused differently enough to tell which came first: ${untold.join('; ') || 'none refused'}`,
        );
    },
  },
]);
