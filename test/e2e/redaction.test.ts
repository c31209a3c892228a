import { expect, test } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES } from '../../src/spec/paths.ts';
import { paycert } from './cli.ts';
import { cardDataInBases, findingsIn, reportTexts } from './scan.ts';

// Distinctive secrets, so that finding one in a report cannot be a coincidence.
const SECRETS = {
  PAYCERT_GREENLEAVES_SECRET_KEY: 'glSecret-7f3a9c',
  PAYCERT_GREENLEAVES_V5_SECRET_KEY: 'v5Secret-51be2d',
  PAYCERT_JYSAN_SHARED_SECRET: 'jySecret-c0ffee-4242',
};

/** Every card number of the fixtures (the suites pay with them). */
function testPans(): string[] {
  const pans = new Set<string>();
  for (const f of ['greenleaves/test-cards.json', 'jysan/test-cards.json']) {
    for (const m of readFileSync(join(FIXTURES, f), 'utf8').matchAll(/"(\d{13,19})"/g)) pans.add(m[1]!);
  }
  return [...pans];
}

test('no secret, full card number or CVC value reaches any report of a full run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paycert-scan-'));
  const r = paycert(['run', '--runs', '3', '--out', dir], SECRETS);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  const texts = reportTexts(dir);
  expect(texts.some((x) => x.file.includes('#data/attachments'))).toBe(true); // the scan reaches the embedded evidence
  expect(texts.some((x) => /pg_card_pan|crd_pan|"pan"/.test(x.text))).toBe(true); // card fields were exchanged
  const pans = testPans();
  expect(pans.length).toBeGreaterThan(10);
  // the secrets, the card numbers and a test card's CVC or expiry beside a card number in a signature base
  // string (no field names there) in one pass over the texts read above (a pass over a full run's reports,
  // its 10 MB Allure page included, is ~4 CPU-s): each hit names its needle
  expect(texts.some((x) => x.text.includes('signature base: payment;'))).toBe(true);
  expect(findingsIn(texts, [...Object.values(SECRETS), ...pans], [cardDataInBases()])).toEqual([]);
  const cvc = texts.flatMap(({ file, text }) =>
    [...text.matchAll(/(?:pg_card_cvc|card_cvc|"cvc")\W{1,4}(\d{3,4})\b/g)].map((m) => `${file}: ${m[0]}`),
  );
  expect(cvc).toEqual([]);
  expect(r.stdout + r.stderr).not.toMatch(new RegExp(Object.values(SECRETS).join('|')));
});
