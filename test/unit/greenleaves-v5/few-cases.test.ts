import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { realSubjectOf, startReference } from '../../../src/harness/reference.ts';
import { runChecks, type CheckResult } from '../../../src/harness/runner.ts';
import type { Subject } from '../../../src/harness/subject.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { CHECKS } from '../../../suites/registry.ts';

// A probe's v5 gateway passed a whole run with four bugs: against a real target `few` sent only the
// first n listed cases, and the rules they judge came out plainly passed. An attached JWS payload was
// the 9th case of 12 (few 6: V5-JWS-12), a header without uri or method the 5th and 6th of 10 (few 4:
// V5-JWS-11), a negative amount the 4th of 6 (few 3: V5-BODY-06), and the first two test-card rows
// both allowed clearing (few 2: V5-CARD-02). A rule is not passed on a sample: where cases are left out
// the rule is judged in part, naming them; a target run unpaced (--pace 0) gets every case; and the
// cases most likely to show a bug come first.

let h: SandboxHandle;
beforeAll(async () => {
  h = await startReference('greenleaves-v5', 'gateway');
});
afterAll(async () => {
  await h?.close();
});

const IDS = ['v5.jws.malformed', 'v5.jws.header-fields', 'v5.body.amount', 'v5.card.capabilities'];
/** the rule each check set out to judge on its listed cases */
const RULE: Record<string, string> = {
  'v5.jws.malformed': 'V5-JWS-12',
  'v5.jws.header-fields': 'V5-JWS-11',
  'v5.body.amount': 'V5-BODY-06',
  'v5.card.capabilities': 'V5-CARD-02',
};

const run = (subject: Subject): Promise<CheckResult[]> =>
  runChecks(
    CHECKS['greenleaves-v5'].filter((c) => IDS.includes(c.id)),
    subject,
    { seed: 1, plan: 'full', runs: 1 },
  );

const notes = (r: CheckResult): string => r.evidence.map((x) => x.note ?? '').join('\n');
const shown = (results: CheckResult[]): string =>
  JSON.stringify(
    results.map((r) => [r.id, r.outcome, r.reason, r.partly]),
    null,
    1,
  );

describe('a paced real target (few cases sent)', () => {
  let results: CheckResult[];
  beforeAll(async () => {
    const s = realSubjectOf(h, 'gateway', 1);
    results = await run({ ...s, limits: { ...s.limits, minIntervalMs: 1 } });
  });

  test('the rules judged on the cases sent are marked partly, naming how many and which were not sent', () => {
    expect(results.map((r) => r.id).sort(), shown(results)).toEqual([...IDS].sort());
    for (const r of results) {
      const rule = RULE[r.id]!;
      expect(r.ruleOutcomes[rule], shown(results)).toBe('passed');
      expect(r.partly?.[rule], shown(results)).toMatch(/\d+ of \d+ cases/);
      expect(r.partly?.[rule], shown(results)).toMatch(/not sent: /);
    }
  });

  test('the cases most likely to show a bug are among those sent', () => {
    const by = (id: string) => results.find((r) => r.id === id)!;
    expect(notes(by('v5.jws.malformed'))).toContain('token with an attached payload');
    expect(notes(by('v5.jws.header-fields'))).toContain('header with no uri');
    expect(notes(by('v5.jws.header-fields'))).toContain('header with no method');
    expect(notes(by('v5.body.amount'))).toMatch(/^amount -5$/m);
    // a card whose table says no clearing, and one that allows it
    const clearings = notes(by('v5.card.capabilities')).match(/^clearing with card .* \((un)?available\)$/gm) ?? [];
    expect(
      clearings.some((n) => n.endsWith('(unavailable)')),
      clearings.join('\n'),
    ).toBe(true);
    expect(
      clearings.some((n) => n.endsWith('(available)')),
      clearings.join('\n'),
    ).toBe(true);
  });
});

test('an unpaced real target (--pace 0): every case is sent, and the rules are judged in full', async () => {
  const results = await run(realSubjectOf(h, 'gateway', 1));
  for (const r of results) {
    expect(r.ruleOutcomes[RULE[r.id]!], shown(results)).toBe('passed');
    expect(r.partly?.[RULE[r.id]!], shown(results)).toBeUndefined();
  }
  const amounts = notes(results.find((r) => r.id === 'v5.body.amount')!);
  for (const a of ['"123.42"', '0', '1.234', '-5', '10.005', '0.001']) expect(amounts).toContain(`amount ${a}\n`);
  expect(notes(results.find((r) => r.id === 'v5.jws.malformed')!)).toContain('token with an attached payload');
});
