import { describe, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import { runChecks, type CheckResult } from '../../../src/harness/runner.ts';
import { CHECKS } from '../../../suites/registry.ts';
import { rewrittenReference } from './rewritten-reference.ts';
import { maskShape } from '../../../suites/pan.ts';
import { admitsJson } from '../../../src/spec/v5-media-types.ts';
import { declinedForCheckUrl } from '../../../suites/greenleaves-v5/support.ts';

const MERCHANT = {
  code: 4002,
  name: 'rejected-by-merchant',
  message: { en: "The merchant's check_url did not approve the payment.", ru: 'Мерчант не подтвердил платёж.' },
};

// Probe 20 (an independent v5 gateway in Python, /work/probe20/v5-gateway-python) found checks of the
// v5 gateway blaming the wrong rule or telling a fault unclearly. Each case runs the check against a
// defect or variant of the reference (or its replies rewritten) that reproduces the probe's gateway.

async function judge(ids: string[], o: { defects?: string[]; variants?: string[] }): Promise<CheckResult[]> {
  const h = await startReference('greenleaves-v5', 'gateway', o.defects ?? [], o.variants ?? []);
  try {
    const checks = CHECKS['greenleaves-v5'].filter((c) => ids.includes(c.id));
    expect(checks).toHaveLength(ids.length);
    return await runChecks(checks, subjectOf(h, 'gateway'), { seed: 1, plan: 'full', runs: 1 });
  } finally {
    await h.close();
  }
}

const failures = (results: CheckResult[]) => results.flatMap((r) => r.failures);
const failed = (results: CheckResult[]) => [...new Set(failures(results).map((f) => f.rule))].sort();

describe('V5-CARD-03 is judged on the card, not on the check_url paycert made unreachable', () => {
  test('a gateway declining a payment whose check_url it cannot reach (4002) fails nothing', async () => {
    const results = await judge(['v5.body.seed-example'], { variants: ['check-unreachable-declines'] });
    expect(failures(results)).toEqual([]);
    expect(results[0]!.ruleOutcomes['V5-CARD-03']).toBe('passed');
  });

  test('the reference unchanged still fails V5-CARD-03 when it authorises an unknown PAN', async () => {
    const results = await judge(['v5.body.seed-example'], { defects: ['unknown-pan-authorised'] });
    expect(failed(results)).toEqual(['V5-CARD-03']);
  });
});

describe('a decline naming the check_url, not the card', () => {
  const rewritten = rewrittenReference();
  test('is told from a card decline', () => {
    expect(declinedForCheckUrl(MERCHANT)).toBe(true);
    expect(declinedForCheckUrl({ code: 4001, name: 'declined-by-issuer', message: { en: 'x', ru: 'х' } })).toBe(false);
    expect(declinedForCheckUrl({ code: 51, name: 'insufficient-funds', message: { en: 'No money', ru: 'х' } })).toBe(
      false,
    );
  });
  test('leaves V5-CARD-03 inconclusive, with why, never failed', async () => {
    // every decline rewritten as a gateway with a check_url of its own (set up with the merchant) says
    const [r] = await rewritten(['v5.body.seed-example'], (body) =>
      body.replace(
        /"decline":\{"code":4001,"name":"[^"]*","message":\{[^}]*\}\}/g,
        `"decline":${JSON.stringify(MERCHANT)}`,
      ),
    );
    expect(r!.failures).toEqual([]);
    expect(r!.ruleOutcomes['V5-CARD-03']).toBe('inconclusive');
    expect(r!.ruleReasons?.['V5-CARD-03'] ?? r!.reason).toMatch(/names the merchant's check_url, not the card/);
  });
});

describe('V5-HDR-02: an Accept admitting JSON (RFC 9110 §12.5.1) may be taken', () => {
  test('admitsJson', () => {
    for (const v of [undefined, 'application/json', 'text/plain, application/json', '*/*', 'application/*;q=0.5'])
      expect(admitsJson(v), String(v)).toBe(true);
    for (const v of ['text/html', 'application/xml', 'application/json;q=0', 'application/json;q=0, text/html'])
      expect(admitsJson(v), v).toBe(false);
    expect(admitsJson('application/json;q=0, */*')).toBe(false);
    expect(admitsJson('text/html, */*;q=0.1')).toBe(true);
  });
  test('a gateway taking every Accept that admits JSON fails nothing', async () => {
    const results = await judge(['v5.hdr.accept', 'v5.fmt.error-replies'], { variants: ['accept-rfc9110'] });
    expect(failures(results)).toEqual([]);
    expect(results.map((r) => r.outcome)).toEqual(['passed', 'passed']);
  });
  test('a gateway taking every Accept still fails V5-HDR-02', async () => {
    const results = await judge(['v5.hdr.accept'], { defects: ['accepts-any-accept'] });
    expect(failed(results)).toEqual(['V5-HDR-02']);
  });
});

test('V5-BODY-02: a gateway trimming order_id (" T-1 " taken as "T-1") fails it', async () => {
  const results = await judge(['v5.body.violations'], { defects: ['trims-order-id'] });
  expect(failed(results)).toEqual(['V5-BODY-02']);
  expect(failures(results).some((f) => /^order_id with a blank at each end was not refused/.test(f.message))).toBe(
    true,
  );
});

describe('V5-ERR-03 is not judged on a pair whose first fault this gateway does not treat as one', () => {
  test('reverse of a cleared payment taken: V5-ERR-03 is not failed, the pair is not judged, with why', async () => {
    const [r] = await judge(['v5.err.precedence'], { defects: ['reverse-cleared'] });
    expect(r!.failures).toEqual([]);
    expect(r!.partly?.['V5-ERR-03']).toMatch(/a wrong state alone is not refused .*cannot be seen/);
  });

  test('a gateway ignoring Accept, Content-Type or idempotency is not failed on V5-ERR-03 for it', async () => {
    for (const d of ['accepts-any-accept', 'accepts-wrong-content-type', 'accepts-reused-request-id']) {
      const [r] = await judge(['v5.err.precedence'], { defects: [d] });
      expect(r!.failures, d).toEqual([]);
      expect(r!.partly?.['V5-ERR-03'], d).toMatch(/alone is (not refused|refused as the same refund without it is)/);
    }
  });

  test('the clean reference: V5-ERR-03 judged in full', async () => {
    const [r] = await judge(['v5.err.precedence'], {});
    expect(r!.outcome).toBe('passed');
    expect(r!.partly).toBeUndefined();
  });

  test('a signature verified before the headers fails V5-ERR-03', async () => {
    const results = await judge(['v5.err.precedence'], { defects: ['signature-before-headers'] });
    expect(failed(results)).toEqual(['V5-ERR-03']);
  });
});

test('V5-JWS-15: the reason names the request it judged (it read "the reply to signed with another key")', async () => {
  const results = await judge(['v5.jws.accepted'], { defects: ['error-shows-expected-signature'] });
  const said = failures(results)
    .filter((f) => f.rule === 'V5-JWS-15')
    .map((f) => f.message);
  expect(said.length).toBeGreaterThan(0);
  for (const m of said) {
    expect(m).not.toMatch(/the reply to (signed|a signed)/);
    expect(m).toMatch(/^the reply to POST \/v5\/g2g\/\w+ \([^)]+\), whose signature is not the right one, shows/);
  }
});

test('maskShape tells the digits a mask shows, never the digits', () => {
  // the probe's gateway: 8 leading digits, and the 6 masked places of a 6-4 mask kept
  expect(maskShape('47160472******1981')).toBe('shows the first 8 and the last 4 digits (18 digits, 12 shown)');
  expect(maskShape('47160472****1981')).toBe('shows the first 8 and the last 4 digits (16 digits, 12 shown)');
  expect(maskShape('5483-18XX-XXXX-0293')).toBe('shows the first 6 and the last 4 digits (16 digits, 10 shown)');
  expect(maskShape('4716047261941981')).toBe('shows all 16 of its digits');
  expect(maskShape('4716**72****1981')).toBe(
    'shows the first 4 and the last 4 digits and 2 in between (16 digits, 10 shown)',
  );
});

describe('V5-FMT-03: masked_pan showing 8 leading digits is described by its shape', () => {
  const rewritten = rewrittenReference();
  test('the reason gives the digits shown, never the value (which a report masks again)', async () => {
    // 440043******0004 → 44004312****0004: the first 8 shown
    const results = await rewritten(['v5.fmt.no-card-data'], (body) =>
      body.replace(/"masked_pan":"(\d{6})\*\*(\*+)(\d{4})"/g, '"masked_pan":"$112$2$3"'),
    );
    const said = failures(results)
      .filter((f) => f.rule === 'V5-FMT-03')
      .map((f) => f.message);
    expect(said.length).toBeGreaterThan(0);
    for (const m of said) {
      expect(m).toMatch(/masked_pan shows the first 8 and the last 4 digits \(16 digits, 12 shown\)/);
      expect(m).toMatch(/allows the first 6 and the last 4/);
      expect(m).not.toMatch(/\d{6}[*X]/);
    }
  });
});
