import { expect, test } from 'vitest';
import fc from 'fast-check';
import { schemaId } from '../../../src/spec/ajv.ts';
import { validArbitrary } from '../../../src/spec/arbitrary.ts';

// Jysan's EMAIL is C(0-80) with no format to enforce, but it is "Адрес Email клиента" (x-gen "email"):
// the control request of the field checks sent EMAIL "g", a bank that checks the address refused it
// (code 27), and every payment field rule of the Java gateway ended inconclusive.
test('a field with x-gen "email" or "url" and no format is generated as an address, within its length', () => {
  const schema = schemaId('jysan', 'payment-request');
  const samples = fc.sample(validArbitrary(schema, { optional: 'all' }), { numRuns: 200, seed: 42 }) as Array<
    Record<string, string>
  >;
  for (const s of samples) {
    if (s.EMAIL !== '') expect(s.EMAIL).toMatch(/^[^@\s]+@[^@\s]+\.[^@\s]+$/);
    expect(s.EMAIL!.length).toBeLessThanOrEqual(80);
    if (s.BACKREF !== '') expect(s.BACKREF).toMatch(/^https:\/\//);
    expect(s.BACKREF!.length).toBeLessThanOrEqual(250);
  }
});
