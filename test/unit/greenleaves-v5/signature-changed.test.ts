// The v5 merchant's forged signatures (v5.mcb.forged's property): one character of the signature
// changed, never the last (its spare bits may decode alike), or the signature cut short.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { otherSpelling } from '../../../src/protocols/common/decimal.ts';
import { caseChanged, nearEndChanged, signatureChanged } from '../../../suites/greenleaves-v5/merchant/support.ts';
import { signDetachedRaw } from '../../../src/protocols/greenleaves-v5/jws.ts';
import { loadRules } from '../../../src/spec/load.ts';

const jws = signDetachedRaw('{"alg":"HS256"}', Buffer.from('{"a":1}'), 'k');
const sigOf = (t: string) => t.slice(t.lastIndexOf('.') + 1);

test('one character of the signature changes into another Base64url one, never the last', () => {
  const sig = sigOf(jws);
  fc.assert(
    fc.property(fc.nat(), fc.nat({ max: 62 }), (at, by) => {
      const out = signatureChanged(jws, at, by, false);
      expect(out.slice(0, -sig.length)).toBe(jws.slice(0, -sig.length));
      const s = sigOf(out);
      const diff = [...s].flatMap((ch, i) => (ch === sig[i] ? [] : [i]));
      expect(diff).toHaveLength(1);
      expect(diff[0]).toBeLessThan(sig.length - 1);
      expect(s).toMatch(/^[A-Za-z0-9_-]+$/);
    }),
  );
});

test('a cut signature is a shorter beginning of it, the header untouched', () => {
  const sig = sigOf(jws);
  fc.assert(
    fc.property(fc.nat(), (at) => {
      const s = sigOf(signatureChanged(jws, at, 0, true));
      expect(s.length).toBeLessThan(sig.length);
      expect(sig.startsWith(s)).toBe(true);
    }),
  );
});

test("the case-changed forgery flips one letter's case, never the last character", () => {
  fc.assert(
    fc.property(fc.string({ minLength: 1 }), fc.string(), (key, payload) => {
      const t = signDetachedRaw('{"alg":"HS256"}', Buffer.from(payload), key);
      const sig = sigOf(t);
      const s = sigOf(caseChanged(t));
      expect(caseChanged(t).slice(0, -sig.length)).toBe(t.slice(0, -sig.length));
      const diff = [...s].flatMap((ch, i) => (ch === sig[i] ? [] : [i]));
      expect(diff).toHaveLength(1);
      expect(diff[0]).toBeLessThan(sig.length - 1);
      if (/[A-Za-z]/.test(sig.slice(0, -1))) {
        expect(s).not.toBe(sig);
        expect(s.toLowerCase()).toBe(sig.toLowerCase()); // what a case-insensitive comparison takes
      }
    }),
  );
});

// a caseless handler took the near-end forgery of a signature whose last full character was "a"
// (changed into "A"), once in 64 runs: v5.mcb.forged then blamed V5-MCB-03
test('the near-end forgery changes the last full character, never into its other case', () => {
  for (const ch of ['a', 'A', 'b', 'B', 'z', '0', '-', '_']) {
    const t = `h..${'x'.repeat(40)}${ch}Q`;
    const s = nearEndChanged(t);
    expect(s.slice(0, -2)).toBe(t.slice(0, -2));
    expect(s.at(-1)).toBe('Q');
    expect(s.at(-2)!.toLowerCase()).not.toBe(ch.toLowerCase());
  }
  fc.assert(
    fc.property(fc.string({ minLength: 1 }), fc.string(), (key, payload) => {
      const t = signDetachedRaw('{"alg":"HS256"}', Buffer.from(payload), key);
      expect(nearEndChanged(t).toLowerCase()).not.toBe(t.toLowerCase());
    }),
  );
});

// a Java shop compared amounts with BigDecimal.equals (1200.00 ≠ 1200): v5.mcb.genuine and v5.mcb.check
// send the declared amount with other decimals, the same number at another scale
test('the amount respelled is the same number with another number of decimals', () => {
  for (const [declared, other] of [
    ['500', '500.00'],
    ['1200.00', '1200'],
    ['320.10', '320.1'],
    ['750.5', '750.50'],
    ['99.99', '99.990'],
  ]) {
    expect(otherSpelling(declared!)).toBe(other);
    expect(Number(otherSpelling(declared!))).toBe(Number(declared));
    expect(JSON.parse(otherSpelling(declared!))).toBe(Number(declared));
  }
});

// probe 23 (a Perl shop comparing the decoded MAC bytes): a change in the last character's spare low bits
// carries no MAC bits, so it is no forgery. Every altered signature the suite sends decodes to other bytes,
// and V5-MCB-02 promises refusal of a signature whose bytes differ, not of any character changed.
test('every altered signature decodes to other MAC bytes; V5-MCB-02 speaks of bytes, not characters', () => {
  const bytes = (t: string) => Buffer.from(sigOf(t), 'base64url');
  fc.assert(
    fc.property(fc.string({ minLength: 1 }), fc.string(), fc.nat(), fc.nat({ max: 62 }), (key, payload, at, by) => {
      const t = signDetachedRaw('{"alg":"HS256"}', Buffer.from(payload), key);
      for (const forged of [nearEndChanged(t), caseChanged(t), signatureChanged(t, at, by, false), t.slice(0, -4)])
        expect(bytes(forged).equals(bytes(t))).toBe(false);
    }),
  );
  const rule = loadRules('greenleaves-v5').rules.find((r) => r.id === 'V5-MCB-02')!;
  expect(rule.statement).not.toMatch(/changed in any character/);
  expect(rule.statement).toMatch(/whose bytes differ/);
});
