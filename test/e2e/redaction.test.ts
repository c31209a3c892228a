import { expect, test } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, ROOT } from '../../src/spec/paths.ts';
import { CREDENTIAL_VARS, ownCredentials } from '../../src/spec/credentials.ts';
import { paycert, realRun, referenceEnv, serve } from './cli.ts';
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

// An SDK run with no credentials in the environment configures the SDK with the run's own (random, never the
// bank's published samples: an SDK hard-coding TEST_ECOM or the sample secret passed with them), which the
// processes the run starts share (PAYCERT_RUN_CREDENTIALS, inherited here from this test's environment) and
// every report keeps out: the secret as any other, the merchant and terminal ids named in `account`.
test('an SDK run without credentials: the run’s own are used, and its secret reaches no report', () => {
  const own = ownCredentials();
  const dir = mkdtempSync(join(tmpdir(), 'paycert-scan-'));
  const unset = Object.fromEntries(
    Object.values(CREDENTIAL_VARS.jysan as Record<string, readonly [string, string]>).map(([name]) => [name, '']),
  );
  const r = paycert(['run', '--profile', 'jysan', '--subject', 'sdk', '--runs', '3', '--out', dir], unset);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  const cert = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8')) as {
    profiles: Array<{ account: Record<string, string> }>;
  };
  expect(cert.profiles[0]!.account).toEqual({
    merchant: own.PAYCERT_JYSAN_MERCHANT,
    terminal: own.PAYCERT_JYSAN_TERMINAL,
  });
  expect(own.PAYCERT_JYSAN_MERCHANT).not.toBe('TEST_ECOM');
  const secret = own.PAYCERT_JYSAN_SHARED_SECRET!;
  expect(findingsIn(reportTexts(dir), [secret])).toEqual([]);
  expect(r.stdout + r.stderr).not.toContain(secret);
});

// A probe's Python v5 SDK put its key into the error messages it gave its caller ("… already exists. (auth
// 289092 key SECRET)"): the reports showed "[secret]", and no rule judged it. V5-SDK-20 does now, on every
// answer, naming the operation and the answer's field; no report shows the key in any form.
test('an SDK whose error messages carry the secret key: V5-SDK-20 names the field, and no report shows the key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paycert-scan-'));
  const adapter = `'${process.execPath}' '${join(ROOT, 'bin', 'paycert.mjs')}' sdk-adapter --profile greenleaves-v5 --defect secret-in-errors`;
  const args = [
    'run',
    '--profile',
    'greenleaves-v5',
    '--subject',
    'sdk',
    '--runs',
    '3',
    '--out',
    dir,
    '--sdk',
    adapter,
  ];
  const r = paycert(args, SECRETS);
  // a third party's SDK: an INFERRED rule broken is a warning
  expect(r.code, r.stdout + r.stderr).toBe(0);
  const cert = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8')) as {
    profiles: Array<{ rules: Array<{ id: string; verdict: string; reason: string }> }>;
  };
  const rules = cert.profiles[0]!.rules.filter((x) => x.verdict !== 'passed');
  // V5-SDK-24 (the gateway's certificate) is judged only under --sdk-tls (probe 26)
  expect(rules.map((x) => `${x.id} ${x.verdict}`)).toEqual(['V5-SDK-20 warning', 'V5-SDK-24 skipped']);
  expect(rules[0]!.reason).toMatch(/payment\.create: the SDK's answer shows the secret key \(error\.message\)/);
  const key = SECRETS.PAYCERT_GREENLEAVES_V5_SECRET_KEY;
  const forms = [key, Buffer.from(key).toString('base64'), Buffer.from(key).toString('hex')];
  expect(findingsIn(reportTexts(dir), forms)).toEqual([]);
  expect(r.stdout + r.stderr).not.toContain(key);
});

// probe 22: a gateway's card_masked showing the card's first 6 and last 6 digits (12 of 16) fails
// JY-PAY-23, and no report keeps the half-masked string: certificate, evidence, junit, allure results
test('a card masked too little (first 6 + last 6) fails JY-PAY-23 and is masked to first 6 / last 4 in every report', async () => {
  const s = await serve(['sandbox', '--profile', 'jysan', '--defect', 'status-masks-half']);
  try {
    const url = /jysan (\S+)/.exec(s.lines.find((l) => /jysan /.test(l))!)![1]!;
    const dir = mkdtempSync(join(tmpdir(), 'paycert-scan-'));
    const r = paycert(
      realRun('jysan', url, '--check', 'jy.sig.cancel-forged', '--quiet', '--out', dir),
      referenceEnv('jysan'),
    );
    const cert = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8')) as {
      profiles: Array<{ rules: Array<{ id: string; verdict: string; reason?: string }> }>;
    };
    const rule = cert.profiles[0]!.rules.find((x) => x.id === 'JY-PAY-23');
    expect(rule?.verdict, r.stdout + r.stderr).toBe('failed');
    expect(rule?.reason).toMatch(/masked too little: its first 6 and last 6 digits/);
    const texts = reportTexts(dir);
    expect(texts.some((x) => x.file.includes('allure-results'))).toBe(true);
    expect(texts.some((x) => /<card_masked>[0-9]{6}\*+[0-9]{4}</.test(x.text))).toBe(true); // the XML was kept, masked
    const shown = texts.flatMap(({ file, text }) =>
      [...text.matchAll(/[0-9]{6}(?:\*|%2A)+[0-9]{5,}/gi)].map((m) => `${file}: ${m[0]}`),
    );
    expect(shown).toEqual([]);
  } finally {
    s.child.kill('SIGINT');
  }
});
