import { expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checks } from '../../suites/jysan/index.ts';
import { realSubjectOf, startReference, subjectOf } from '../../src/harness/reference.ts';
import { runChecks } from '../../src/harness/runner.ts';
import { profileCertificate } from '../../src/report/certificate.ts';
import { SEED } from '../seed.ts';
import { asRealShop } from './real-shop.ts';

// probe 24 finding 1: each result sent to the order's status page, rendered from its state; a late
// failed result turned the paid order back, its /success page now the failure page. JY-MRD-19 passed
// in part ("the pages show the result, not the order's state")
test('jysan shop declined-unpays-status-page as a real shop: JY-MRD-19 warns, the paid page turned back', async () => {
  const { of, shown, results } = await asRealShop('jysan', ['declined-unpays-status-page'], [], ['JY-MRD-19']);
  expect(of('JY-MRD-19').verdict, shown).toBe('warning');
  // the whole reason (the certificate's is cut at 400 characters, at a clause, probe 26)
  const whole = results.find((r) => r.id === 'jy.merchant.reload')!.failures.find((f) => f.rule === 'JY-MRD-19');
  expect(whole?.message ?? of('JY-MRD-19').reason, shown).toMatch(
    /fetched again with nothing sent, now shows what the failed result's does/,
  );
});

test('jysan shop order-status-pages as a real shop: JY-MRD-19 passed in full', async () => {
  const { of, shown } = await asRealShop('jysan', [], ['order-status-pages'], ['JY-MRD-19']);
  expect(of('JY-MRD-19').verdict, shown).toBe('passed');
  expect(of('JY-MRD-19').partly ?? [], shown).toEqual([]);
});

// probe 24 finding 2: no POST sign verified, ORDER read as an int; every forgery went to an order with
// leading zeros, answered 404 as its genuine POST was, and JY-MRD-07 passed
test('jysan shop accepts-forged-post-order-as-number as a real shop: JY-MRD-07 warns on an order it takes', async () => {
  const { of, shown } = await asRealShop('jysan', ['accepts-forged-post-order-as-number'], [], ['JY-MRD-07']);
  expect(of('JY-MRD-07').verdict, shown).toBe('warning');
  expect(of('JY-MRD-07').reason, shown).toMatch(/refused as its genuine POST after them was/);
});

// probe 24 finding 3: a forged redirect answered in place with an error page and HTTP 200, genuine
// results sent 303 to the order's page: a refusal (the tolerance meta-test runs every check)
test('jysan shop forged-page-200 as a real shop: JY-MRD-01 passed', async () => {
  const { of, shown } = await asRealShop('jysan', [], ['forged-page-200'], ['JY-MRD-01']);
  expect(of('JY-MRD-01').verdict, shown).toBe('passed');
});

// probe 24 finding 4: a shop refusing only ORDERs with leading zeros (JY-MRD-02/08's) left nine rules
// unjudged where a check's precondition or order had them. An order without them the shop takes is used
// instead where the declaration has one beyond the checks' blocks (the reference declares the README's
// 32: two); a rule still unjudged says why, and no check is starved of its own orders (skipped)
test('jysan shop order-read-as-number as a real shop: the rules beside JY-MRD-02/08 judged, or told why', async () => {
  const { cert, of, shown } = await asRealShop('jysan', ['order-read-as-number'], [], []);
  expect(
    cert.rules.filter((r) => r.verdict === 'skipped' && r.id !== 'JY-MRD-09').map((r) => r.id),
    shown,
  ).toEqual([]);
  const unjudged = cert.rules.filter((r) => r.verdict === 'inconclusive');
  for (const r of unjudged) expect(r.reason, shown).toMatch(/leading zeros/);
  // the precondition's order of jy.merchant.forged and jy.merchant.failed-payment taken in place
  for (const id of ['JY-MRD-01', 'JY-MRD-03', 'JY-MRD-06']) expect(of(id).verdict, shown).toBe('passed');
  const warned = cert.rules.filter((r) => r.verdict === 'warning' && r.id !== 'JY-MRD-09').map((r) => r.id);
  expect(warned.sort(), shown).toEqual(['JY-MRD-02', 'JY-MRD-08']);
});

// review A 1: post-forged re-judging o's form-refused forgeries with no spare order of p's form left
// sent them for p, paid by its precondition, and took p's precondition sent again (a repeat, its first
// 200) as the control: a shop refusing a paid order's POST of another payment (409) before anything
// else passed JY-MRD-07 on that guard's refusals. Now the control is another payment of p, refused alike
// review A 2: with the order's state read (inspect, the reference), notTakenAsPaid passed JY-MRD-07 on
// o left unpaid before refusedLikeGenuine decided, and its cannotJudge did not undo that pass
test.each([
  ['as a real shop', false],
  ['with its orders inspected', true],
] as const)(
  'jysan shop accepts-forged-post-paid-guard with no spare order %s: JY-MRD-07 not passed on a paid guard',
  async (_, inspected) => {
    const h = await startReference('jysan', 'merchant', ['accepts-forged-post-paid-guard'], []);
    const dir = mkdtempSync(join(tmpdir(), 'paycert-jy-nospare-'));
    try {
      // post-forged alone, with its own block of two and nothing beyond: no spare of any form
      const d = JSON.parse(readFileSync(h.declarationPath!, 'utf8')) as {
        orders: Array<{ orderId: string; state: string }>;
      };
      const payable = d.orders.filter((o) => o.state === 'payable');
      const zeros = payable.find((o) => /^0/.test(o.orderId))!;
      const none = payable.find((o) => !/^0/.test(o.orderId))!;
      d.orders = [...d.orders.filter((o) => o.state !== 'payable'), zeros, none];
      const path = join(dir, 'declaration.json');
      writeFileSync(path, JSON.stringify(d));
      const subject = {
        ...(inspected ? subjectOf(h, 'merchant') : realSubjectOf(h, 'merchant')),
        declarationPath: path,
      };
      const run = checks.filter((c) => c.id === 'jy.merchant.post-forged');
      const results = await runChecks(run, subject, { seed: SEED, plan: 'full' });
      const cert = profileCertificate(subject, results);
      const r = cert.rules.find((x) => x.id === 'JY-MRD-07')!;
      const shown = cert.rules.map((x) => `${x.id} ${x.verdict}: ${x.reason}`).join('\n');
      expect(r.verdict, shown).not.toBe('passed');
      // the whole reason (the certificate's is cut at 400 characters, at a clause, probe 26)
      const whole = results.find((x) => x.id === 'jy.merchant.post-forged')!.ruleReasons?.['JY-MRD-07'];
      expect(whole ?? r.reason, shown).toMatch(/no spare order of .*'s form was left/);
    } finally {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

// review A 3: jy.merchant.forged judged JY-MRD-01 on the forged redirect's refusal before o's genuine
// redirect showed o refused for its form; o, x and q with leading zeros, the precondition taken on a
// zero-free order beyond the blocks (zeroFreeInstead): a shop verifying no redirect sign and finding no
// ORDER with leading zeros passed on 404s alone
test('jysan shop accepts-forged-redirect-order-as-number, forged orders with leading zeros: JY-MRD-01 not passed', async () => {
  const h = await startReference('jysan', 'merchant', ['accepts-forged-redirect-order-as-number'], []);
  const dir = mkdtempSync(join(tmpdir(), 'paycert-jy-zeros-'));
  try {
    const d = JSON.parse(readFileSync(h.declarationPath!, 'utf8')) as {
      orders: Array<{ orderId: string; state: string }>;
    };
    // as many as every check's blocks (specs/jysan/merchant-orders.json), forged's four first (it runs
    // alone: its block is the first), all with leading zeros, then one with and one without beyond them
    const payable = d.orders.filter((o) => o.state === 'payable');
    const zeros = payable.filter((o) => /^0/.test(o.orderId));
    const none = payable.filter((o) => !/^0/.test(o.orderId));
    const [block, beyond, last] = [zeros.slice(0, 4), zeros[4]!, none.at(-1)!];
    const rest = payable.filter((o) => !block.includes(o) && o !== beyond && o !== last).slice(0, 26);
    expect(rest.length).toBe(26);
    d.orders = [...d.orders.filter((o) => o.state !== 'payable'), ...block, ...rest, beyond, last];
    const path = join(dir, 'declaration.json');
    writeFileSync(path, JSON.stringify(d));
    const subject = { ...realSubjectOf(h, 'merchant'), declarationPath: path };
    const results = await runChecks(
      checks.filter((c) => c.id === 'jy.merchant.forged'),
      subject,
      { seed: SEED, plan: 'full' },
    );
    const cert = profileCertificate(subject, results);
    const shown = cert.rules.map((x) => `${x.id} ${x.verdict}: ${x.reason}`).join('\n');
    // o's forged sign not counted: one for a spare without leading zeros, taken
    expect(cert.rules.find((x) => x.id === 'JY-MRD-01')!.verdict, shown).toBe('warning');
  } finally {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
