import fc from 'fast-check';
import { defineChecks } from '../../src/harness/check.ts';
import { getSchema, schemaId } from '../../src/spec/ajv.ts';
import { objectArbitrary, violatingArbitrary } from '../../src/spec/arbitrary.ts';
import { violationCode } from '../../src/spec/load.ts';
import { addMonthsUtc } from '../../src/protocols/greenleaves-v5/index.ts';
import { storedCopy } from '../../src/harness/stored-copy.ts';
import type { V5Payment, V5Reply } from '../../src/sdk/greenleaves-v5.ts';
import {
  allCards,
  card,
  cardObject,
  client,
  createBody,
  describe,
  expectNothingCreated,
  expectRefused,
  few,
  isDeclined,
  orderId,
  P,
  paymentOf,
  processed,
  read,
  money,
  sameStatus,
  shown,
  type Body,
  type Ctx,
} from './support.ts';

const createId = schemaId(P, 'create-request');
const two = () => card({ auth: true, threeDs: false, clearing: true, refund: true });

interface From {
  type: string;
  card: Body;
  save?: unknown;
  recurrent?: { lifetime?: unknown };
}

/** Generated `from` objects (save and recurrent present at random, constraints from the schema)
 *  around the card data of a test card that authorises. */
function fromArbitrary(): fc.Arbitrary<From> {
  const from = (getSchema(createId).properties as Record<string, Record<string, unknown>>).from!;
  const cardArb = fc.constantFrom(...allCards().filter((c) => c.auth)).map(cardObject);
  return objectArbitrary(from, { overrides: { card: cardArb } }) as unknown as fc.Arbitrary<From>;
}

/** Create with this `from`, then read the payment back; undefined when the create was not processed. */
async function createAndRead(t: Ctx, from: From, what: string): Promise<[V5Payment, V5Payment] | undefined> {
  const r = await client(t).call('create', createBody(two(), { from }), { note: what });
  const p = paymentOf(r);
  if (!p) return undefined;
  const back = paymentOf(await read(t, { id: p.id }));
  return back ? [p, back] : undefined;
}

/** Whether a reply showed what its create asked for: shown, missing, not asked (n/a), or whether the
 *  create was authorised cannot be seen (unknown: a status word of the gateway's own). */
type Shown = 'shown' | 'missing' | 'n/a' | 'unknown';

/** Whether the create was declined; undefined (noted, the case not judged) when a status word of the
 *  gateway's own leaves it open. */
function outcome(t: Ctx, made: V5Payment, what: string): boolean | undefined {
  const declined = isDeclined(made);
  if (declined === undefined)
    t.note(
      `${what}: status "${String(made.status)}" is a word of the gateway's own (V5-FMT-02), with no decline object and nothing cleared: whether it was declined cannot be seen, so this case is not judged`,
    );
  return declined;
}

/** V5-REC-01 on a create reply and its read-back. */
function judgeCardToken(t: Ctx, from: From, made: V5Payment, back: V5Payment, what: string): Shown {
  const declined = from.save === true && outcome(t, made, what);
  if (declined === undefined) return 'unknown';
  if (from.save !== true || declined) {
    const why = declined ? 'the payment was declined' : `from.save is ${JSON.stringify(from.save)}`;
    t.expect('V5-REC-01', made.card_token === undefined, `${what}: card_token in the reply though ${why}`);
    t.expect('V5-REC-01', back.card_token === undefined, `${what}: card_token on read though ${why}`);
    return 'n/a';
  }
  if (made.card_token === undefined) return 'missing';
  t.expect(
    'V5-REC-01',
    typeof made.card_token === 'string' && made.card_token.length > 0,
    `${what}: card_token ${JSON.stringify(made.card_token)}, want a non-empty string`,
  );
  t.expect(
    'V5-REC-01',
    back.card_token === made.card_token,
    `${what}: the read shows card_token ${JSON.stringify(back.card_token)}, the create ${JSON.stringify(made.card_token)}`,
  );
  return 'shown';
}

/** V5-REC-02 on a create reply and its read-back. */
function judgeRecurrent(t: Ctx, from: From, made: V5Payment, back: V5Payment, what: string): Shown {
  const lifetime = from.recurrent?.lifetime;
  const declined = typeof lifetime === 'number' && outcome(t, made, what);
  if (declined === undefined) return 'unknown';
  if (typeof lifetime !== 'number' || declined) {
    const why = declined ? 'the payment was declined' : 'no from.recurrent was sent';
    t.expect('V5-REC-02', made.recurrent === undefined, `${what}: recurrent in the reply though ${why}`);
    t.expect('V5-REC-02', back.recurrent === undefined, `${what}: recurrent on read though ${why}`);
    return 'n/a';
  }
  const r = made.recurrent;
  if (r === undefined) return 'missing';
  // recurrent of another type than an object: V5-REC-02 is about exactly its shape
  if (r === null || typeof r !== 'object') {
    t.expect('V5-REC-02', false, `${what}: recurrent ${JSON.stringify(r)}, no object; want lifetime ${lifetime}`);
    return 'shown';
  }
  const created = Date.parse(made.created_at);
  // a created_at that is no time (V5-FMT-01 judges its format) leaves expires_at without a reference
  if (Number.isNaN(created))
    t.inconclusive(
      `${what}: created_at ${JSON.stringify(made.created_at)} is not a time, so recurrent.expires_at cannot be judged`,
    );
  const want = new Date(addMonthsUtc(created, lifetime)).toISOString();
  t.expect(
    'V5-REC-02',
    typeof r.token === 'string' &&
      r.token.length > 0 &&
      r.lifetime === lifetime &&
      Date.parse(r.expires_at) === Date.parse(want),
    `${what}: recurrent ${JSON.stringify(r)}; want lifetime ${lifetime} and expires_at ${want} (created_at ${made.created_at} + ${lifetime} months)`,
  );
  t.expect(
    'V5-REC-02',
    JSON.stringify(back.recurrent) === JSON.stringify(r),
    `${what}: the read shows recurrent ${JSON.stringify(back.recurrent)}, the create ${JSON.stringify(r)}`,
  );
  return 'shown';
}

/** Fixed cases for one rule, then the property over generated `from` objects. Inconclusive when no
 *  reply ever showed what was asked for (the field is optional in payment.schema.json); a failure
 *  when some replies showed it and others, asked the same, did not. */
async function savedCheck(
  t: Ctx,
  rule: 'V5-REC-01' | 'V5-REC-02',
  fixed: Array<[string, From]>,
  judge: typeof judgeCardToken,
  field: string,
): Promise<void> {
  let shown = 0;
  let skipped = 0;
  let unknown = 0;
  const missing: string[] = [];
  const one = async (from: From, what: string) => {
    const got = await createAndRead(t, from, what);
    if (!got) {
      skipped++;
      return;
    }
    const seen = judge(t, from, got[0], got[1], what);
    if (seen === 'shown') shown++;
    if (seen === 'unknown') unknown++;
    if (seen === 'missing') missing.push(what);
  };
  for (const [what, from] of fixed) await one(from, what);
  await t.property(rule, fromArbitrary(), (from) => one(from, `generated from ${JSON.stringify(from)}`));
  if (skipped > 0) t.note(`${skipped} creates were not processed (not judged here: V5-BODY-02)`);
  if (shown === 0)
    t.inconclusive(
      unknown > 0
        ? `whether the creates that asked for ${field} were authorised cannot be seen (${unknown} with a status word of the gateway's own, no decline object and nothing cleared; see the notes), and no authorised one showed ${field}`
        : `no reply to an authorised create that asked for it showed ${field}`,
    );
  t.expect(
    rule,
    missing.length === 0,
    `${shown} replies showed ${field}, yet ${missing.length} others that asked for it did not: ${missing.slice(0, 3).join('; ')}`,
  );
}

const declining = () => card({ auth: false });
const fromCard = (c = two(), extra: Partial<From> = {}): From => ({ type: 'card', card: cardObject(c), ...extra });

/** The history a read shows, when it shows one (V5-OBJ-02's operations). */
const historyOf = (p: V5Payment | undefined): NonNullable<V5Payment['operations']> | undefined =>
  p && Array.isArray(p.operations) ? p.operations : undefined;

interface Entry {
  type: string;
  /** a number (money(): "300" and 300 are one amount, the type is V5-FMT-01's) */
  amount: unknown;
  /** undefined: not compared (the reply's word and the history's, one of them the gateway's own) */
  status: unknown;
}

export const checks = defineChecks({ profile: 'greenleaves-v5', subject: 'gateway' }, [
  {
    id: 'v5.rec.save-card',
    title:
      'from.save true on an authorised create gives a card_token, shown again by reads; no card_token without it or when declined',
    area: 'recurrent',
    rules: ['V5-REC-01'],
    async run(t) {
      await savedCheck(
        t,
        'V5-REC-01',
        [
          ['from.save true', fromCard(two(), { save: true })],
          ['from.save false', fromCard(two(), { save: false })],
          ['no from.save', fromCard()],
          ['from.save true, declined card', fromCard(declining(), { save: true })],
        ],
        judgeCardToken,
        'card_token',
      );
    },
  },
  {
    id: 'v5.rec.recurrent',
    title:
      'from.recurrent.lifetime on an authorised create gives recurrent {token, lifetime, expires_at = created_at + lifetime months}; none without it or when declined',
    area: 'recurrent',
    rules: ['V5-REC-02'],
    async run(t) {
      await savedCheck(
        t,
        'V5-REC-02',
        [
          ["the seed's lifetime 3", fromCard(two(), { save: true, recurrent: { lifetime: 3 } })],
          ['lifetime 1', fromCard(two(), { recurrent: { lifetime: 1 } })],
          ['lifetime 156', fromCard(two(), { recurrent: { lifetime: 156 } })],
          ['no from.recurrent', fromCard(two(), { save: true })],
          ['lifetime 3, declined card', fromCard(declining(), { recurrent: { lifetime: 3 } })],
        ],
        judgeRecurrent,
        'recurrent',
      );
    },
  },
  {
    id: 'v5.rec.lifetime-range',
    title:
      'from.recurrent.lifetime outside 1..156, not an integer, or missing is refused (2001/2002) and creates nothing; 1 and 156 are processed',
    area: 'recurrent',
    rules: ['V5-REC-03', 'V5-ERR-04', 'V5-ERR-01'],
    async run(t) {
      const v5 = client(t);
      const judge = async (from: From, what: string, code: number) => {
        const body = createBody(two(), { from });
        const order = body.order_id as string;
        const r: V5Reply = await v5.call('create', body, { note: what });
        if (!(await expectRefused(t, r, 'V5-REC-03', code, what, order))) return;
        await expectNothingCreated(t, 'V5-REC-03', order, `${what} was refused, yet the payment was created`);
      };
      const cases: Array<[unknown, number]> = [
        [157, 2002],
        [0, 2002],
        [undefined, 2001],
        [2.5, 2002],
        ['3', 2002],
      ];
      for (const [lifetime, code] of few(t, cases, 3, {
        rules: ['V5-REC-03', 'V5-ERR-04', 'V5-ERR-01'],
        name: ([l]) => `lifetime ${JSON.stringify(l)}`,
      })) {
        const recurrent = lifetime === undefined ? {} : { lifetime };
        await judge(fromCard(two(), { recurrent }), `lifetime ${JSON.stringify(lifetime)}`, code);
      }
      for (const lifetime of [1, 156]) {
        const r = await v5.call('create', createBody(two(), { from: fromCard(two(), { recurrent: { lifetime } }) }));
        t.expect('V5-REC-03', processed(r), `lifetime ${lifetime} was not processed: ${describe(r)}`);
      }
      // the property: every single violation of from.recurrent the schema allows
      const plans = violatingArbitrary(createId, { nested: true }).plans.filter((p) =>
        p.field.startsWith('from.recurrent'),
      );
      if (plans.length === 0) throw new Error('create-request.schema.json has no from.recurrent constraint');
      const gen = violatingArbitrary(createId, {
        nested: true,
        plans,
        overrides: { from: fromArbitrary(), order_id: fc.constant(null).map(() => orderId()) },
      });
      await t.property('V5-REC-03', gen.arb, async (v) => {
        const from = v.message.from as From;
        const code = violationCode(P, v.plan.field, v.plan.kind) ?? 2002;
        await judge(from, `${v.plan.field} ${v.plan.kind}: ${JSON.stringify(from.recurrent)}`, code);
      });
    },
  },
  {
    id: 'v5.obj.history',
    title:
      'reads show the transaction history (operations): one entry per processed create, clearing, reverse and refund, none for a refused edit',
    area: 'objects',
    rules: ['V5-OBJ-01', 'V5-OBJ-02'],
    async run(t) {
      const v5 = client(t);
      /** Runs the steps on a new payment; after each, a read must show the history grown by exactly the processed ones. */
      const scenario = async (
        name: string,
        c: ReturnType<typeof two>,
        extra: Body,
        steps: Array<['clearing' | 'reverse' | 'refund', number | undefined]>,
      ) => {
        const made = await v5.call('create', createBody(c, extra), { note: `${name}: create` });
        const p = paymentOf(made);
        if (!p) return t.inconclusive(`${name}: setup: the payment was not created: ${describe(made)}`);
        // what the replies showed: amounts as numbers (money), statuses as said (see compare)
        const want: Entry[] = [{ type: 'create', amount: money(p.amount), status: p.status }];
        let base: number | undefined; // the history's length after the create (V5-OBJ-01 judges growth)
        const compare = async (after: string) => {
          const r = await read(t, { id: p.id }, `${name}: read after ${after}`);
          const back = paymentOf(r);
          const h = historyOf(back);
          const stored = storedCopy(r.http.headers);
          if (!back || !h)
            return t.inconclusive(`${name}: the read after ${after} shows no transaction history (operations)`);
          base ??= h.length;
          const edits = want.length - 1;
          t.expect(
            'V5-OBJ-01',
            h.length === base + edits,
            `${name}: after ${after} the history has ${h.length} entries, want ${base + edits} (${base} after the create, one per processed edit since)${stored}`,
          );
          // an entry's status against the reply of its operation: a word of the gateway's own on one side
          // only ("captured" replied, "cleared" recorded) is V5-FMT-02's, not compared here
          const words = h.map((e, i) => (i < want.length ? sameStatus(e.status, want[i]!.status) : false));
          for (const [i, same] of words.entries())
            if (same === undefined)
              t.note(
                `${name}: after ${after} entry ${i} says status ${shown(h[i]!.status)}, its operation's reply ${shown(want[i]!.status)}: one is a word of the gateway's own (V5-FMT-02), not compared`,
              );
          const got = h.map((e, i) => ({
            type: e.type,
            amount: money(e.amount),
            status: words[i] === undefined ? want[i]!.status : e.status,
          }));
          t.expect(
            'V5-OBJ-02',
            JSON.stringify(got) === JSON.stringify(want),
            `${name}: after ${after} the history is ${JSON.stringify(got)}, want ${JSON.stringify(want)}${stored}`,
          );
          const times = h.map((e) => Date.parse(e.at));
          const at = JSON.stringify(h.map((e) => e.at));
          t.expect(
            'V5-OBJ-02',
            times.every((x, i) => Number.isFinite(x) && (i === 0 || x >= times[i - 1]!)),
            `${name}: after ${after} the entries' times ${at} are not date-times in order`,
          );
          t.expect(
            'V5-OBJ-02',
            h[h.length - 1]?.at === back.updated_at,
            back.updated_at === undefined
              ? `${name}: after ${after} the payment has no updated_at to match the last entry's at (${at})`
              : `${name}: after ${after} the last entry's at ${JSON.stringify(h[h.length - 1]?.at)} is not updated_at ${JSON.stringify(back.updated_at)}`,
          );
        };
        await compare('create');
        for (const [op, amount] of steps) {
          const what = `${op}${amount === undefined ? '' : ` ${amount}`}`;
          const body = amount === undefined ? { id: p.id } : { id: p.id, amount };
          const r = await v5.call(op, body, { note: `${name}: ${what}` });
          const q = paymentOf(r);
          if (q) want.push({ type: op, amount: amount ?? money(q.amount), status: q.status });
          await compare(`${what} (${q ? 'processed' : 'not processed'})`);
        }
      };
      await scenario('two-step payment', two(), { amount: 300, auto_clearing: false }, [
        ['refund', 10], // refused: not cleared yet
        ['clearing', 200],
        ['refund', 50],
        ['refund', 150],
        ['refund', 1], // refused: nothing left to refund
      ]);
      await scenario('reversed payment', two(), { amount: 120, auto_clearing: false }, [['reverse', undefined]]);
      await scenario('single-step payment', two(), { amount: 75.5 }, []);
      await scenario('declined payment', declining(), { amount: 42 }, [['reverse', undefined]]);
    },
  },
]);
