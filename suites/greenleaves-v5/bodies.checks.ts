import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineChecks } from '../../src/harness/check.ts';
import { notText } from '../../src/harness/clip.ts';
import { describeErrors, getSchema, schemaId, validate } from '../../src/spec/ajv.ts';
import {
  objectArbitrary,
  validArbitrary,
  violatingArbitrary,
  violationPlans,
  type Plan,
} from '../../src/spec/arbitrary.ts';
import { violationCode } from '../../src/spec/load.ts';
import { schemaAt } from '../../src/spec/violations.ts';
import { FIXTURES } from '../../src/spec/paths.ts';
import type { V5Reply } from '../../src/sdk/greenleaves-v5.ts';
import {
  allCards,
  card,
  cardObject,
  codeOf,
  client,
  createBody,
  created as orderCreated,
  refusalStatus,
  describe,
  expectEach,
  expectRefused,
  expectNothingCreated,
  few,
  expectDeclined,
  money,
  shown,
  orderId,
  P,
  processed,
  read,
  refused,
  utf8,
  idOf,
  type Body,
  withoutPublicBin,
  type Ctx,
  paymentShape,
  withControl,
} from './support.ts';

const createId = schemaId(P, 'create-request');

/** The members of a create field's enumeration (or const) that have another letter case, each with its
 *  other-case spelling ("KZT" → "kzt", "card" → "CARD"): read from the schema, so every enum is covered. */
function otherCaseMembers(field: string): Array<[string, string]> {
  const s = schemaAt(getSchema(createId) as Record<string, unknown>, field.split('.'));
  const members = (Array.isArray(s?.enum) ? s.enum : s?.const !== undefined ? [s.const] : []) as unknown[];
  return members.flatMap((m) => {
    if (typeof m !== 'string') return [];
    const other = m === m.toUpperCase() ? m.toLowerCase() : m.toUpperCase();
    return other === m || members.includes(other) ? [] : [[m, other] as [string, string]];
  });
}

/** `body` with the field at a dotted path set to `value` (its objects copied). */
function withField(body: Body, field: string, value: unknown): Body {
  const [k, ...rest] = field.split('.');
  const inner = (body[k!] ?? {}) as Body;
  return { ...body, [k!]: rest.length === 0 ? value : withField(inner, rest.join('.'), value) };
}
const authorising = () => allCards().filter((c) => c.auth);

/** Generated creates: a fresh order_id, and card data of a test card that authorises. */
function overrides(): Record<string, fc.Arbitrary<unknown>> {
  const from = (getSchema(createId).properties as Record<string, Record<string, unknown>>).from!;
  const cardArb = fc.constantFrom(...authorising()).map(cardObject);
  return {
    order_id: fc.constant(null).map(() => orderId()),
    from: objectArbitrary(from, { overrides: { card: cardArb } }),
  };
}

/** Whether a refusal names the callback URLs' values (check_url, result_url, webhook.invalid): those
 *  paycert put in place of the seed's, so the refusal judges paycert's change, not the seed's body. Read
 *  in the error object (its message, its violations) or, without one, in the reply's text; an unknown
 *  field (2003: the names, not the values) is the body's. */
function refusesOurUrls(r: V5Reply): boolean {
  if (r.error?.code === 2003) return false;
  const said = r.error ? JSON.stringify({ message: r.error.message, violations: r.error.violations }) : r.http.text;
  return /check_url|result_url|webhook\.invalid/i.test(said ?? '');
}

/** The string fields of the create schema (dotted paths) with a pattern, as [path, pattern]. */
function patterned(schema: Record<string, unknown>, prefix = ''): Array<[string, RegExp]> {
  const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(props).flatMap(([k, p]): Array<[string, RegExp]> => [
    ...(p.type === 'string' && typeof p.pattern === 'string'
      ? [[prefix + k, new RegExp(p.pattern, 'u')] as [string, RegExp]]
      : []),
    ...(p.properties ? patterned(p, `${prefix}${k}.`) : []),
  ]);
}

/** Valid creates with one string field given a blank at each end (" T-1 ") where its pattern then
 *  fails: a single charset violation the generated ones never make, which a gateway trimming the value
 *  takes (probe 20: order_id trimmed and stored as "T-1"). Taking it is V5-BODY-02's (a body breaking a
 *  constraint is refused), whether the value is then stored trimmed or as sent. */
function blankEnds(): { fields: string[]; arb: fc.Arbitrary<{ plan: Plan; message: Body }> } {
  const fields = patterned(getSchema(createId) as Record<string, unknown>).filter(
    ([f]) => !f.startsWith('from.recurrent'),
  );
  const at = (o: Body, path: string[]): Body | undefined =>
    path.reduce<Body | undefined>((x, k) => (x && typeof x[k] === 'object' ? (x[k] as Body) : undefined), o);
  const arb = fc
    .tuple(validArbitrary(createId, { overrides: overrides() }), fc.constantFrom(...fields))
    .map(([body, [field, pattern]]) => {
      const path = field.split('.');
      const copy = structuredClone(body) as Body;
      const parent = at(copy, path.slice(0, -1));
      const value = parent?.[path.at(-1)!];
      if (typeof value !== 'string' || pattern.test(` ${value} `)) return undefined;
      parent![path.at(-1)!] = ` ${value} `;
      return { plan: { field, kind: 'charset' } as Plan, message: copy };
    })
    .filter((x): x is { plan: Plan; message: Body } => x !== undefined);
  return { fields: fields.map(([f]) => f), arb };
}

export const checks = defineChecks({ profile: 'greenleaves-v5', subject: 'gateway', area: 'bodies' }, [
  {
    id: 'v5.body.seed-example',
    title:
      "the seed's example body is processed (with a test card's data in place of its PAN); its own PAN is no test card, so that payment is declined (4001)",
    rules: ['V5-BODY-01', 'V5-CARD-03'],
    plans: ['smoke', 'full'],
    async run(t) {
      const printed = readFileSync(join(FIXTURES, P, 'example-bodies/seed-create.compact.json'), 'utf8');
      const fresh = (text: string) =>
        withoutPublicBin(text.replace('"order_id":"order_id"', `"order_id":"${orderId()}"`));
      // The shape is the seed's (V5-BODY-01); which card authorises is not (V5-CARD-*), so the MUST
      // rule is judged with a test card's data, every other byte as printed.
      const c = card({ auth: true, threeDs: false });
      const seedCard = '"pan":"4400444400004440","cvc":"123","year":30,"month":12';
      if (!printed.includes(seedCard)) throw new Error('the seed body has no card data to replace');
      const order = orderId();
      const withCard = withoutPublicBin(
        printed
          .replace('"order_id":"order_id"', `"order_id":"${order}"`)
          .replace(seedCard, `"pan":"${c.pan}","cvc":"${c.cvc}","year":${Number(c.year)},"month":${Number(c.month)}`),
      );
      const r = await client(t).call('create', withCard, {
        note: "the seed's example body (fresh order_id, a test card's data)",
      });
      // The body's check_url (webhook.invalid) cannot answer: a gateway that asks it declines the payment,
      // and may tell that with an error beside the payment. A payment left under the order shows the body
      // was accepted all the same.
      let accepted = processed(r);
      if (!accepted && (await orderCreated(t, order)) === 'present') {
        t.note(`the seed's example body created payment ${order}, answered ${describe(r)} (declined, say)`);
        accepted = true;
      }
      if (!accepted && refusesOurUrls(r))
        t.cannotJudge(
          'V5-BODY-01',
          `the seed's example body was refused for its callback URLs (${describe(r)}), which paycert changed from webhook.site to webhook.invalid (so that no test payment reaches a public request bin): whether the seed's own URLs are taken cannot be told`,
        );
      else t.expect('V5-BODY-01', accepted, `the seed's example body was not processed: ${describe(r)}`);
      // without urls.check_url (optional in create-request.schema.json): paycert's webhook.invalid cannot
      // answer, and V5-CB-03 lets no money be taken then, so a gateway asking it declines the payment for
      // that (probe 20: decline 4002), not for the card V5-CARD-03 judges
      const noCheck = printed.replace(/"check_url":"[^"]*",?/, '');
      if (noCheck === printed) throw new Error('the seed body has no check_url to leave out');
      const seed = await client(t).call('create', fresh(noCheck), {
        note: "the seed's example body as printed, without urls.check_url (fresh order_id)",
      });
      if (!processed(seed) && refusesOurUrls(seed))
        t.cannotJudge(
          'V5-CARD-03',
          `the seed's example body without urls.check_url was refused for its callback URLs (${describe(seed)}): how its PAN is declined is not shown`,
        );
      else expectDeclined(t, 'V5-CARD-03', seed, seed.payment, "the seed's PAN 4400444400004440 (no test card)");
      const other = await client(t).call(
        'create',
        createBody(card({ auth: true }), {
          from: { type: 'card', card: { ...cardObject(card({ auth: true })), pan: '4111111111111111' } },
        }),
        { note: 'a PAN that is no test card' },
      );
      expectDeclined(t, 'V5-CARD-03', other, other.payment, 'PAN 4111111111111111 (no test card)');
    },
  },
  {
    id: 'v5.body.valid-creates',
    title:
      'every create valid by create-request.schema.json (with a test card that authorises) is processed with a payment.schema.json reply',
    rules: ['V5-BODY-02', 'V5-FMT-01'],
    plans: ['smoke', 'full'],
    async run(t) {
      const arb = validArbitrary(createId, { overrides: overrides() });
      // a fresh order_id per run: shrinking runs the same value again, which would be a duplicate order
      await t.property('V5-BODY-02', arb, async (generated) => {
        const r = await client(t).call('create', { ...generated, order_id: orderId() });
        t.expect('V5-BODY-02', processed(r), `a schema-valid create was not processed: ${describe(r)}`);
        const v = paymentShape(r.json);
        t.expect('V5-FMT-01', v.ok, `the reply does not match payment.schema.json: ${describeErrors(v.errors)}`);
      });
    },
  },
  {
    id: 'v5.body.violations',
    title:
      'each single-constraint violation of a create body, nested fields included, is refused with the code of the violations map, and creates nothing',
    rules: ['V5-BODY-02', 'V5-ERR-01', 'V5-ERR-04'],
    async run(t) {
      // from.recurrent's constraints are V5-REC-03's, every one of them judged by v5.rec.lifetime-range: a
      // gateway taking lifetime 157 was blamed on V5-BODY-02 too whenever a run drew that value here
      // (the meta-tests under seed 29)
      const gen = violatingArbitrary(createId, {
        nested: true,
        overrides: overrides(),
        plans: violationPlans(createId, undefined, { nested: true }).filter(
          (p) => !p.field.startsWith('from.recurrent'),
        ),
      });
      const plans = gen.plans;
      const judge = async (plan: Plan, generated: Body, label?: string) => {
        // a value given blanks at its ends (blankEnds) is named so: "charset" alone did not tell it
        const value = plan.field.split('.').reduce<unknown>((x, k) => (x as Body | undefined)?.[k], generated);
        const what =
          label ??
          (typeof value === 'string' && value.length > 2 && value.startsWith(' ') && value.endsWith(' ')
            ? `${plan.field} with a blank at each end`
            : `${plan.field} ${plan.kind}`);
        // a fresh order_id per run (unless it is the field under test): shrinking runs a value again
        const body =
          plan.field === 'order_id' || typeof generated.order_id !== 'string'
            ? generated
            : { ...generated, order_id: orderId() };
        const r = await client(t).call('create', body, { note: what });
        const want = violationCode(P, plan.field, plan.kind);
        const order = plan.field !== 'order_id' && typeof body.order_id === 'string' ? body.order_id : undefined;
        if (!(await expectRefused(t, r, 'V5-BODY-02', undefined, what, order))) return;
        // a refusal without a violations list (optional in error.schema.json; the seed documents no
        // error) is judged on its code alone: the list it leaves out is neither right nor wrong
        const listed = r.error?.violations ?? undefined;
        const first = Array.isArray(listed) ? listed[0] : undefined;
        // a body paycert cannot read as text at all (gzip without its header, probe 24) carries no code to
        // judge: the refusal was read off the status, and V5-ERR-04 is judged on that alone. Part of what
        // the rule is judged on (partNotJudged): beside other cases' readable codes it is passed partly with
        // this reason. A text that is not JSON (a text/plain refusal) is read: it carries no code, a departure
        if (r.parseError !== undefined && notText(r.http.text) !== undefined) {
          t.partNotJudged(
            'V5-ERR-01',
            `${what}: ${describe(r)}: a body paycert could not read as JSON carries no error code to judge`,
          );
          expectEach(t, [refusalStatus(r, what)]);
        } else
          // the code and the HTTP status judged side by side (expectEach): neither rests on the other
          expectEach(t, [
            listed === undefined
              ? ['V5-ERR-01', codeOf(r) === want, `${what}: ${describe(r)}; want error.code ${want}`]
              : [
                  'V5-ERR-01',
                  r.error?.code === want && first?.field === plan.field && first.code === want,
                  `${what}: ${describe(r)}, first violation ${first === undefined ? `none (violations ${shown(listed)})` : shown(first)}; want error.code ${want} and error.violations[0] {"field":"${plan.field}","code":${want}}`,
                ],
            refusalStatus(r, what),
          ]);
        if (plan.field !== 'order_id' && typeof body.order_id === 'string') {
          await expectNothingCreated(
            t,
            'V5-BODY-02',
            body.order_id,
            `${what} was refused, yet the payment was created`,
          );
        }
      };
      // every violation kind once (a smoke run against a real target only samples), then random cases
      if (t.exhaustive) {
        for (const plan of plans) {
          const [one] = fc.sample(gen.forPlan(plan), { numRuns: 1, seed: t.seed });
          if (one) await judge(plan, one.message);
        }
        const c = card({ auth: true, threeDs: false });
        for (const [field, body] of [
          ['extra', createBody(c, { extra: 1 })],
          ['from.card.extra', createBody(c, { from: { type: 'card', card: { ...cardObject(c), extra: 'x' } } })],
        ] as const) {
          await judge({ field, kind: 'unknown' }, body);
        }
        // each enumeration's members in the other letter case ("kzt" for "KZT"), from the schema: no members
        // (enum values compare exactly), taken by a gateway folding case (probe 23: only "XXX" and -1 were sent)
        for (const plan of plans.filter((x) => x.kind === 'enum')) {
          for (const [member, other] of otherCaseMembers(plan.field)) {
            const body = withField(createBody(c), plan.field, other);
            await judge(
              plan,
              body,
              `${plan.field} ${JSON.stringify(other)} (${JSON.stringify(member)} in another case)`,
            );
          }
        }
        // a blank at each end of order_id (judged whenever the run walks every kind)
        await judge({ field: 'order_id', kind: 'charset' }, createBody(c, { order_id: ` ${orderId()} ` }));
        const two = createBody(c, { currency: 'XXX', description: '' });
        const r = await client(t).call('create', two, { note: 'two violations' });
        // a reply's violations may be anything: only an array has codes to read
        const violations = Array.isArray(r.error?.violations) ? r.error.violations : [];
        const codes = violations.map((v) => v?.code);
        // a body taken with its violations breaks BODY-02; ERR-01 judges the code of a refusal only
        if (processed(r))
          t.expect('V5-BODY-02', false, `two violations (currency, description) were not refused: ${describe(r)}`);
        else if ((r.error?.violations ?? undefined) === undefined)
          t.cannotJudge(
            'V5-ERR-01',
            `two violations (currency, description): the refusal lists no violations (${describe(r)}), so which one its code names cannot be seen`,
          );
        else
          t.expect(
            'V5-ERR-01',
            violations.length === 2 && r.error?.code === codes[0],
            `two violations (currency, description): ${describe(r)}, violations ${JSON.stringify(r.error?.violations)}`,
          );
      }
      // the generated violations, and blanks at the ends of a patterned string field, by their counts
      const blanks = blankEnds();
      const cases = fc.oneof(
        { arbitrary: fc.constantFrom(...plans).chain(gen.forPlan), weight: plans.length },
        { arbitrary: blanks.arb, weight: blanks.fields.length },
      );
      await t.property('V5-BODY-02', cases, async (v) => judge(v.plan, v.message));
      t.note(
        `${plans.length} violation kinds over ${new Set(plans.map((p) => p.field)).size} fields, and blanks at the ends of ${blanks.fields.length} patterned ones`,
      );
    },
  },
  {
    id: 'v5.body.read',
    title: 'read takes id or order_id: neither is refused (2001); both must name the same payment (3001 otherwise)',
    rules: ['V5-BODY-03', 'V5-FLOW-05', 'V5-ERR-04', 'V5-ERR-01'],
    async run(t) {
      const v5 = client(t);
      const c = card({ auth: true, threeDs: false });
      const a = await v5.call('create', createBody(c));
      const b = await v5.call('create', createBody(c));
      if (!(processed(a) && processed(b))) t.inconclusive(`setup: ${describe(a)}, ${describe(b)}`);
      const pa = a.payment!;
      const pb = b.payment!;
      await expectRefused(
        t,
        await v5.call('status', {}, { note: 'read {}' }),
        'V5-BODY-03',
        2001,
        'a read with neither id nor order_id',
      );
      for (const [what, body] of [
        ['id', { id: pa.id }],
        ['order_id', { order_id: pa.order_id }],
        ['id and order_id of the same payment', { id: pa.id, order_id: pa.order_id }],
      ] as const) {
        const r = await v5.call('status', body, { note: `read by ${what}` });
        t.expect('V5-BODY-03', processed(r) && r.payment!.id === pa.id, `a read by ${what}: ${describe(r)}`);
      }
      const mixed = await v5.call(
        'status',
        { id: pa.id, order_id: pb.order_id },
        { note: 'id and order_id of different payments' },
      );
      await expectRefused(t, mixed, 'V5-BODY-03', 3001, 'a read whose id and order_id name different payments');
      const unknownId = `${idOf(a, 'setup').slice(0, 24)}${'0'.repeat(12)}`;
      for (const [what, op, body] of [
        ['a read of an unknown id', 'status', { id: unknownId }],
        ['a read of an unknown order_id', 'status', { order_id: `${pa.order_id}X` }],
        ['a reverse of an unknown id', 'reverse', { id: unknownId }],
        ['a refund of an unknown order_id', 'refund', { order_id: `${pa.order_id}X`, amount: 1 }],
      ] as const) {
        await expectRefused(t, await v5.call(op, body, { note: what }), 'V5-FLOW-05', 3001, what);
      }
    },
  },
  {
    id: 'v5.body.edit',
    title:
      'an edit body must fit its X-Action: refund and clearing need amount, reverse takes none; all name the payment',
    rules: ['V5-BODY-04', 'V5-ERR-01', 'V5-ERR-04'],
    async run(t) {
      const v5 = client(t);
      const c = card({ auth: true, threeDs: false, clearing: true, refund: true });
      const made = await v5.call('create', createBody(c, { auto_clearing: false }));
      if (!processed(made)) t.inconclusive(`setup: ${describe(made)}`);
      const id = made.payment!.id;
      const cases: Array<[string, 'refund' | 'clearing' | 'reverse', Body, number]> = [
        ['a refund without amount', 'refund', { id }, 2001],
        ['a clearing without amount', 'clearing', { id }, 2001],
        ['a reverse with an amount', 'reverse', { id, amount: 1 }, 2003],
        ['a clearing naming no payment', 'clearing', { amount: 1 }, 2001],
        ['a clearing with an unknown field', 'clearing', { id, amount: 1, reason: 'x' }, 2003],
        ['a clearing with a string amount', 'clearing', { id, amount: '1.00' }, 2002],
      ];
      for (const [what, op, body, code] of cases)
        await expectRefused(t, await v5.call(op, body, { note: what }), 'V5-BODY-04', code, what);
      const after = await read(t, { id });
      // cleared_amount as a number (its type is V5-FMT-01's); a read without it shows only the status
      const cleared = after.payment?.cleared_amount as unknown;
      t.expect(
        'V5-BODY-04',
        after.payment?.status === made.payment!.status && (cleared === undefined || money(cleared) === 0),
        `refused edits changed the payment (created ${made.payment!.status}): ${describe(after)}, cleared_amount ${shown(cleared)}`,
      );
    },
  },
  {
    id: 'v5.body.not-json',
    title:
      'a body that is not a JSON object (invalid JSON, array, empty, not UTF-8) is refused, and creates nothing, even when correctly signed',
    rules: ['V5-BODY-05', 'V5-ERR-04', 'V5-ERR-01'],
    async run(t) {
      const v5 = client(t);
      // the array and the bytes that are not UTF-8 carry a complete create: a gateway that unwraps the
      // array or decodes the bytes some other way creates its payment, which a read then shows
      const c = card({ auth: true, threeDs: false });
      const inArray = createBody(c);
      const notUtf8 = createBody(c, { description: 'caf\u00e9' });
      const latin1 = Buffer.from(JSON.stringify(notUtf8), 'latin1');
      const bodies: Array<[string, Uint8Array, string?]> = [
        ['invalid JSON', utf8('{"amount":')],
        ['a JSON array holding a complete create', utf8(JSON.stringify([inArray])), inArray.order_id as string],
        ['an empty body', new Uint8Array()],
        ['a JSON string', utf8('"create"')],
        ['null', utf8('null')],
        ['a complete create in Latin-1 (not UTF-8)', latin1, notUtf8.order_id as string],
      ];
      // beside a correctly signed create: a gateway (or a wall in front of it) refusing everything shows
      // nothing by refusing these (V5-BODY-05 passed on a firewall's HTML page to every request)
      await withControl(t, 'a body that is not a JSON object', async () => {
        for (const [what, body, order] of few(t, bodies, 3, {
          rules: ['V5-BODY-05', 'V5-ERR-04', 'V5-ERR-01'],
          name: ([what]) => what,
        })) {
          const r: V5Reply = await v5.call('create', body, { note: what });
          await expectRefused(t, r, 'V5-BODY-05', 1106, `${what} as the body`, order);
        }
      });
    },
  },
  {
    id: 'v5.body.amount',
    title:
      'amount is a JSON number > 0 with at most 2 decimals: a string, 0, a negative or 3 decimals are refused (2002)',
    rules: ['V5-BODY-06', 'V5-ERR-04', 'V5-ERR-01', 'V5-FMT-02'],
    async run(t) {
      const v5 = client(t);
      const c = card({ auth: true, threeDs: false });
      // each constraint first (sign, type, decimals), then its other edges: a negative amount taken passed
      // when it was left out
      const refused = [-5, '123.42', 1.234, 0, 10.005, 0.001];
      const named = { name: (a: unknown) => `amount ${JSON.stringify(a)}` };
      for (const amount of few(t, refused, 3, { rules: ['V5-BODY-06', 'V5-ERR-04', 'V5-ERR-01'], ...named })) {
        const body = createBody(c, { amount });
        const r = await v5.call('create', body, { note: `amount ${JSON.stringify(amount)}` });
        await expectRefused(t, r, 'V5-BODY-06', 2002, `amount ${JSON.stringify(amount)}`, body.order_id as string);
        await expectNothingCreated(
          t,
          'V5-BODY-06',
          body.order_id as string,
          `amount ${JSON.stringify(amount)} was refused, yet the payment was created`,
        );
      }
      for (const amount of few(t, [19.99, 5, 0.01, 123.4], 2, { rules: ['V5-BODY-06', 'V5-FMT-02'], ...named })) {
        const r = await v5.call('create', createBody(c, { amount }), { note: `amount ${amount}` });
        if (!t.expect('V5-BODY-06', processed(r), `amount ${amount} was not processed: ${describe(r)}`)) continue;
        // processed with another amount (1999 tiyn as int(19.99 * 100) = 1998): the payment's amount
        // keeps the requested value (V5-FMT-02), which BODY-06's "refused" says nothing about
        t.expect(
          'V5-FMT-02',
          Number(r.payment!.amount) === amount,
          `amount ${amount} was processed as ${JSON.stringify(r.payment!.amount)}: ${describe(r)}`,
        );
      }
    },
  },
]);
