// The values the Jysan SDK checks give an SDK (suites/jysan/sdk/sdk.checks.ts), as a property draws them. A probe's
// Python SDK (probe 19) passed JY-SDK-01 signing DESC HTML-escaped or without its ';' (no generated DESC,
// DESC_ORDER or BACKREF carried such a character or a second query parameter), passed JY-SDK-03 signing REV_DESC
// trimmed (none had blanks at either end), and was warned on JY-SDK-13 for refusing EMAILs that are no address
// ('qw.@example.kz').
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { CANCEL_DESCS, descArb, optionalArb } from '../../../suites/jysan/sdk/sdk.checks.ts';

const SPECIAL = /[&<>"';%+#]/;
const sample = <T>(arb: fc.Arbitrary<T>) => fc.sample(arb, { numRuns: 400, seed: 19 });
const share = (xs: readonly string[], p: (x: string) => boolean) => xs.filter(p).length / xs.length;

test('a DESC carries a character a template or form treats specially in one case in five at least', () => {
  const descs = sample(descArb);
  expect(share(descs, (d) => SPECIAL.test(d))).toBeGreaterThan(0.2);
  // each of them, somewhere
  for (const c of `&<>"';%+#`)
    expect(
      descs.some((d) => d.includes(c)),
      c,
    ).toBe(true);
  // within the field table's C(1 – 50)
  expect(descs.filter((d) => d.length < 1 || d.length > 50)).toEqual([]);
});

test('DESC_ORDER carries such characters, BACKREF a second query parameter, often', () => {
  const opts = sample(optionalArb);
  const descOrders = opts.flatMap((o) => (o.DESC_ORDER === undefined ? [] : [o.DESC_ORDER]));
  const backrefs = opts.flatMap((o) => (o.BACKREF === undefined ? [] : [o.BACKREF]));
  expect(share(descOrders, (d) => SPECIAL.test(d))).toBeGreaterThan(0.2);
  expect(share(backrefs, (b) => new URL(b).searchParams.size > 1)).toBeGreaterThan(0.2);
  // with redirect=true and without (the shop's choice): an SDK appending it to every BACKREF changes one
  const redirect = share(backrefs, (b) => new URL(b).searchParams.get('redirect') === 'true');
  expect(redirect).toBeGreaterThan(0.2);
  expect(redirect).toBeLessThan(0.8);
});

test('EMAIL has capitals often (an SDK lowercasing it changes the value signed as carried)', () => {
  const emails = sample(optionalArb).flatMap((o) => (o.EMAIL === undefined ? [] : [o.EMAIL]));
  expect(share(emails, (e) => /[A-Z]/.test(e))).toBeGreaterThan(0.5);
});

test('every EMAIL is an address: a dot-atom local part (no dot at either end, none twice in a row)', () => {
  const atom = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
  const address = new RegExp(`^${atom}(\\.${atom})*@example\\.kz$`);
  fc.assert(
    fc.property(optionalArb, (o) => o.EMAIL === undefined || address.test(o.EMAIL)),
    { numRuns: 2000, seed: 19 },
  );
});

test('some cancel description has blanks at either end (signed as sent)', () => {
  expect(CANCEL_DESCS.some((d) => d !== d.trim())).toBe(true);
});
