// An SDK adapter may answer error.kind "validation": the SDK refused the input before sending
// anything (docs/sdk-adapter.md). A case so refused judges nothing; v5.sdk.requests judges its rules
// on the creates sent, and only when (nearly) every create was refused are they inconclusive, with
// the refusals as the reason, while the refusals warn on V5-SDK-13 (INFERRED). Before, the first
// refused case left five rules inconclusive as "the SDK sent no request", after 4 cases.
import { describe, expect, test } from 'vitest';
import { judgeSdk, judged, shown, wrappedReference } from './sdk-judge.ts';

// refuses every create as invalid; offers no other operation
const REFUSE_ALL = `
const rl = require('node:readline').createInterface({ input: process.stdin });
rl.on('line', (l) => {
  const r = JSON.parse(l);
  const error = r.op === 'payment.create'
    ? { kind: 'validation', message: 'amount must be at least 10000 KZT' }
    : { kind: 'unsupported', message: 'no ' + r.op };
  process.stdout.write(JSON.stringify({ id: r.id, ok: false, error }) + '\\n');
});`;

describe('paycert run --subject sdk: an SDK refusing input as invalid', () => {
  test('greenleaves-v5: every create refused leaves the request rules inconclusive, naming the refusals', async () => {
    const rules = await judgeSdk('greenleaves-v5', [process.execPath, '-e', REFUSE_ALL], ['v5.sdk.requests']);
    const verdicts = Object.fromEntries(rules.map((r) => [r.id, r.verdict]));
    expect(verdicts, shown(rules)).toMatchObject({
      'V5-SDK-01': 'inconclusive',
      'V5-SDK-02': 'inconclusive',
      'V5-SDK-13': 'warning',
      'V5-SDK-15': 'inconclusive',
    });
    expect(rules.find((r) => r.id === 'V5-SDK-01')?.reason).toMatch(
      /the SDK refused (\d+) of the \1 generated creates as invalid before sending anything .*it sent 0, too few/,
    );
  });

  // A field no create the SDK sent was given is not judged: an SDK that refuses every create carrying the
  // seed example's optional `device` (as unsupported) sends the others, and V5-SDK-12 and V5-SDK-15, which
  // hold of every field given, are not passed on creates that never carried it. Before, no create carried
  // an optional field at all and both passed.
  test('greenleaves-v5: an SDK refusing every create with `device` leaves V5-SDK-12 and -15 inconclusive, naming it', async () => {
    const ask = `if (req.op === 'payment.create' && req.input.body.device)
      return { ok: false, error: { kind: 'validation', message: 'device is not supported' } };`;
    const rules = await judgeSdk('greenleaves-v5', wrappedReference('greenleaves-v5', { ask }), ['v5.sdk.requests']);
    expect(judged(rules, 'failed', 'warning', 'inconclusive'), shown(rules)).toEqual([
      'V5-SDK-12',
      'V5-SDK-13',
      'V5-SDK-15',
    ]);
    expect(judged(rules, 'inconclusive')).toEqual(['V5-SDK-12', 'V5-SDK-15']);
    expect(rules.find((r) => r.id === 'V5-SDK-15')?.reason).toMatch(/no create the SDK sent was given device\.user_ip/);
  });
});
