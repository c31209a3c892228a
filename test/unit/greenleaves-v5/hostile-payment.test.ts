// A processed reply whose payment fields have another JSON type than payment.schema.json gives
// (a hostile or broken gateway): the checks that name the payment in later requests end
// inconclusive, and replies are described without throwing or "[object Object]".
import { expect, test } from 'vitest';
import { Inconclusive } from '../../../src/harness/outcome.ts';
import type { V5Reply } from '../../../src/sdk/greenleaves-v5.ts';
import { describe, idOf } from '../../../suites/greenleaves-v5/support.ts';

const reply = (payment: unknown): V5Reply =>
  ({ http: { status: 200, text: JSON.stringify(payment) }, payment, json: payment }) as unknown as V5Reply;

test.each([5, null, { v: 'x' }, ['x'], true, undefined])('an id %j is no text: inconclusive', (id) => {
  const r = reply({ id, status: { v: 'x' } });
  expect(() => idOf(r, 'setup')).toThrow(Inconclusive);
  expect(describe(r)).not.toContain('[object Object]');
});

test('a text id is returned as it is', () => {
  const r = reply({ id: '01a22bd0-f8db-7047-bd3b-a97e378829c1', status: 'cleared' });
  expect(idOf(r, 'setup')).toBe('01a22bd0-f8db-7047-bd3b-a97e378829c1');
  expect(describe(r)).toBe('HTTP 200, payment cleared 01a22bd0-f8db-7047-bd3b-a97e378829c1');
});
