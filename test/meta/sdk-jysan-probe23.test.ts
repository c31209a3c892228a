import { afterAll, expect, test } from 'vitest';
import { certify } from './support.ts';
import { CHECKS } from '../../suites/registry.ts';
import { closeAdapters } from '../../src/harness/sdk.ts';

afterAll(() => closeAdapters());

// Probe 23's Java SDK: a status request the gateway refuses for its P_SIGN (code 21) left JY-SDK-23 inconclusive,
// though the reply paycert substitutes (code 0 with <operation>) reaches the SDK whatever the request's signature:
// how the SDK passes that operation on is judged; JY-SDK-17 (a code-0 reply to a refused request) is not.
test('jysan status-natural-order: JY-SDK-03 fails, JY-SDK-23 is judged and passed', async () => {
  const { cert } = await certify('jysan', 'sdk', CHECKS.jysan, ['status-natural-order'], 5);
  const shown = cert.rules.map((r) => `${r.id} ${r.verdict}: ${r.reason}`).join('\n');
  expect(
    cert.rules.filter((r) => r.verdict === 'failed').map((r) => r.id),
    shown,
  ).toEqual(['JY-SDK-03']);
  expect(cert.rules.find((r) => r.id === 'JY-SDK-23')!.verdict, shown).toBe('passed');
}, 300_000);

// Probe 23's Java SDK: an empty NONCE ("", signed as ";;") was blamed twice: JY-SDK-09 (N(6–64)) and JY-SDK-02 as
// "NONCE was used for two payment forms". An empty NONCE is no reused random number: JY-SDK-09's alone.
test('jysan empty-nonce: JY-SDK-09 alone fails; JY-SDK-02 says the empty NONCEs were not judged', async () => {
  const { cert } = await certify('jysan', 'sdk', CHECKS.jysan, ['empty-nonce'], 5);
  const shown = cert.rules.map((r) => `${r.id} ${r.verdict}: ${r.reason}`).join('\n');
  expect(
    cert.rules.filter((r) => r.verdict === 'failed').map((r) => r.id),
    shown,
  ).toEqual(['JY-SDK-09']);
  const r02 = cert.rules.find((r) => r.id === 'JY-SDK-02')!;
  expect(r02.verdict, shown).not.toBe('failed');
  expect(r02.reason, shown).toMatch(/empty NONCE/);
}, 300_000);
