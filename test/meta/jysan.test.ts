import { expect, test } from 'vitest';
import { certify, defectMetaTests } from './support.ts';
import { checks } from '../../suites/jysan/index.ts';
import { JYSAN_DEFECTS } from '../../src/sandbox/jysan/defects.ts';

// the variants are in jysan-variants.test.ts, so that vitest runs them beside the defects
defectMetaTests('jysan', 'gateway', checks, JYSAN_DEFECTS, { exact: true });

// probe 26 gateway-paced-real: beside the rules each fails, what the other rules say of them
const GATEWAY = checks.filter((c) => c.subject === 'gateway');

// a 500 for a non-digit ORDER, every time, while other requests are answered: the gateway's answer to that
// input, not trouble. Was: one such 500 per violations check left 42 rules inconclusive, the run passed
test.concurrent('crashes-on-non-digit-order leaves no rule inconclusive, and says it crashed', async () => {
  const { cert } = await certify('jysan', 'gateway', GATEWAY, ['crashes-on-non-digit-order'], 5);
  // against the reference a failure ends its case, and what the case had yet to judge waits for the fix
  // (a real target warns on the INFERRED JY-ERR-02, and the case goes on): nothing else is inconclusive
  expect(
    cert.rules
      .filter((r) => r.verdict === 'inconclusive' && !/after the failure of JY-ERR-02: not judged/.test(r.reason ?? ''))
      .map((r) => `${r.id}: ${r.reason}`),
  ).toEqual([]);
  const err02 = cert.rules.find((r) => r.id === 'JY-ERR-02');
  expect(err02?.reason).toMatch(
    /ORDER charset: answered HTTP 500 with an error page of its application \(a stack trace/,
  );
  expect(err02?.reason).toMatch(/while the same request without the violation is answered/);
});

// EMAIL and BACKREF signed in each other's place: a request without them is taken in either hex case, so
// no reason may blame the lowercase digest (JY-SIG-06), which the gateway takes
test.concurrent('signs-backref-before-email: no reason blames the hex case', async () => {
  const { cert } = await certify('jysan', 'gateway', GATEWAY, ['signs-backref-before-email'], 5);
  expect(
    cert.rules.filter((r) => /lowercase digest is refused/.test(r.reason ?? '')).map((r) => `${r.id}: ${r.reason}`),
  ).toEqual([]);
});
