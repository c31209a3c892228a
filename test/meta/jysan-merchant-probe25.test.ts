// Probe 25 (a PHP shop on Apache and a Django shop, both Jysan): verdicts that passed or went unjudged
// on evidence the run held.
import { expect, test } from 'vitest';
import type { Declaration } from '../../src/harness/declaration.ts';
import { asRealShop } from './real-shop.ts';

// finding 1: each result answered with its own page in place, a late failed result turning the paid order
// back: nothing the shop answered shows the order's state, and JY-MRD-19 was "passed (partly)"
test('jysan shop declined-unpays (pages in place) as a real shop: JY-MRD-19 inconclusive, saying what would judge it', async () => {
  const { of, shown, results } = await asRealShop('jysan', ['declined-unpays'], [], ['JY-MRD-19']);
  expect(of('JY-MRD-19').verdict, shown).toBe('inconclusive');
  for (const r of results)
    expect(r.ruleReasons?.['JY-MRD-19'], r.id).toMatch(/sends each result on to the order's status page/);
});

// finding 2: ORDER with leading zeros refused on the server POST (ORDER read as a number), post-genuine's
// orders both without them (and none with them left to it): post-repeat's genuine POST for one with them
// was refused, its reason naming JY-MRD-08, and JY-MRD-08 passed. The probe's layout for those checks
const probeLayout = (d: Declaration): Declaration => {
  const payable = d.orders.filter((o) => o.state === 'payable');
  const zeros = payable.filter((o) => /^0/.test(o.orderId));
  const none = payable.filter((o) => !/^0/.test(o.orderId));
  // post-genuine's block (2), post-repeat's (1), post-failed-payment's (3), …, the last two (taken past
  // a block, from the end) without leading zeros
  const first = [none.shift()!, none.shift()!, zeros.shift()!, none.shift()!, none.shift()!, none.shift()!];
  const last = [none.shift()!, none.shift()!];
  const orders = [...first, ...zeros, ...none, ...last];
  return { ...d, orders: [...orders, ...d.orders.filter((o) => o.state !== 'payable')] };
};

// The refusal must be judged on evidence the check gathers itself: a record of another check's takes (kept
// per process and subject) made the verdict depend on which checks ran before (--check, --replay, --shard).
// In the probe's own declaration post-genuine's look for an order with leading zeros passed over three
// without them from the end and found one fourth: its own refusal beside its own take warns JY-MRD-08
const probeDeclaration = (d: Declaration): Declaration => {
  const { first, zeros, none } = split(d);
  // from the end: two without leading zeros, then one with them (post-genuine's fourth look)
  const last = [zeros.shift()!, none.shift()!, none.shift()!];
  return relaid(d, [...first, ...zeros, ...none, ...last]);
};
const split = (d: Declaration) => {
  const payable = d.orders.filter((o) => o.state === 'payable');
  const zeros = payable.filter((o) => /^0/.test(o.orderId));
  const none = payable.filter((o) => !/^0/.test(o.orderId));
  const first = [none.shift()!, none.shift()!, zeros.shift()!, none.shift()!, none.shift()!, none.shift()!];
  return { first, zeros, none };
};
const relaid = (d: Declaration, orders: Declaration['orders']): Declaration => ({
  ...d,
  orders: [...orders, ...d.orders.filter((o) => o.state !== 'payable')],
});
const POST_IDS = ['jy.merchant.post-genuine', 'jy.merchant.post-repeat', 'jy.merchant.post-failed-payment'];

test("jysan shop order-read-as-number, the probe's declaration: JY-MRD-08 warns on post-genuine's own evidence", async () => {
  const { of, shown } = await asRealShop('jysan', ['order-read-as-number'], [], POST_IDS, probeDeclaration);
  expect(of('JY-MRD-08').verdict, shown).toBe('warning');
  expect(of('JY-MRD-08').reason, shown).toMatch(
    /jy\.merchant\.post-genuine: a genuine server POST for 0[0-9]+, ORDER with leading zeros, was answered HTTP 403, one for [1-9][0-9]+ HTTP 200/,
  );
});

test("jysan shop order-read-as-number, no order beyond the blocks: post-repeat's refusal fails nothing on what other checks took", async () => {
  // post-genuine took orders without leading zeros before post-repeat's with them was refused: that record
  // shapes post-repeat's wording only
  const { results, shown } = await asRealShop('jysan', ['order-read-as-number'], [], POST_IDS, probeLayout);
  const repeat = results.find((r) => r.id === 'jy.merchant.post-repeat')!;
  expect(repeat.ruleOutcomes?.['JY-MRD-08'], shown).not.toBe('failed');
  expect(repeat.ruleOutcomes?.['JY-MRD-08'], shown).not.toBe('warning');
  expect(repeat.reason ?? '', shown).toMatch(
    /ORDER 0[0-9]+ has leading zeros, and a genuine server POST for [1-9][0-9]+/,
  );
});

// post-repeat alone, a spare without leading zeros beyond the blocks: its own evidence. The reference's orders
// differ in amount (1000.50, 1001.50, …): which of the two the shop refuses is not told, and JY-MRD-08 is
// not failed on it (as orderAsSent says), the reason noted
test('jysan shop order-read-as-number, post-repeat alone with a spare of another amount: JY-MRD-08 not failed, the reason noted', async () => {
  const layout = (d: Declaration): Declaration => {
    const payable = d.orders.filter((o) => o.state === 'payable');
    const z = payable.find((o) => /^0/.test(o.orderId))!;
    return relaid(d, [z, ...payable.filter((o) => o !== z)]);
  };
  const { of, shown, results } = await asRealShop(
    'jysan',
    ['order-read-as-number'],
    [],
    ['jy.merchant.post-repeat'],
    layout,
  );
  expect(['failed', 'warning']).not.toContain(of('JY-MRD-08').verdict);
  const notes = results.find((r) => r.id === 'jy.merchant.post-repeat')!.notes ?? [];
  expect(notes.join('\n'), shown).toMatch(
    /JY-MRD-08 not judged on it: a genuine server POST for 0[0-9]+, nothing sent for it before, was answered HTTP 403, .* and in amount .* which of them the shop refuses is not told/,
  );
});

// finding 4: every genuine POST refused alike (Django's CSRF 403; here 405), whatever its ORDER: the reasons
// blamed "ORDER … has leading zeros, which a shop reading ORDER as a number refuses … (declare more)"
test('jysan shop post-not-handled: no reason blames leading zeros where orders without them were refused too', async () => {
  const ids = [
    'jy.merchant.post-genuine',
    'jy.merchant.post-repeat',
    'jy.merchant.post-failed-payment',
    'jy.merchant.post-forged',
  ];
  const { of, shown } = await asRealShop('jysan', ['post-not-handled'], [], ids, probeLayout);
  expect(of('JY-MRD-08').verdict, shown).toBe('warning');
  expect(shown).not.toMatch(/reading ORDER as a number refuses|declare more/);
  expect(of('JY-MRD-10').reason, shown).toMatch(/HTTP 405/);
});

// finding 3: a rule in front of the shop refusing a quote in the query (Apache's bare 403), seed 002's own
// res_code 27 text refused; 38 other calls from the same address got through. paycert guessed "an address
// not let through?" and left JY-MRD-02/05/06 unjudged: the refusal is by content, and a payer meets it too
test('jysan shop edge-refuses-quotes as a real shop: JY-MRD-02 warns, naming the content; JY-MRD-05/06 judged', async () => {
  const { of, shown, results } = await asRealShop(
    'jysan',
    ['edge-refuses-quotes'],
    [],
    ['JY-MRD-02', 'JY-MRD-05', 'JY-MRD-06'],
  );
  expect(of('JY-MRD-02').verdict, shown).toBe('warning');
  const why = results.find((r) => r.id === 'jy.merchant.genuine')!.reason ?? '';
  expect(why).toMatch(/refused by its content: [0-9]+ earlier calls to this URL from paycert got through/);
  expect(why).toMatch(/this one carries res_desc \(a quote\)/);
  expect(why).not.toMatch(/an address not let through/);
  for (const id of ['JY-MRD-05', 'JY-MRD-06']) expect(of(id).verdict, shown).toBe('passed');
});
