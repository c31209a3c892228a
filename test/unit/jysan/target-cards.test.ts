import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { cardFor, targetCards } from '../../../src/spec/jysan-cards.ts';
import { checkTargetCards } from '../../../src/cli/preflight.ts';

const file = (doc: unknown) => {
  const p = join(mkdtempSync(join(tmpdir(), 'paycert-cards-')), 'cards.json');
  writeFileSync(p, JSON.stringify(doc));
  return { PAYCERT_JYSAN_TEST_CARDS: p };
};

test("PAYCERT_JYSAN_TEST_CARDS gives a real target's own PAN, exp and CVC under paycert's card id", () => {
  const env = file({ cards: [{ id: 'visa-approve', pan: '4111111111111111', exp: '12/29', cvc: '321' }] });
  const c = cardFor('visa-approve', env);
  expect([c.pan, c.exp, c.cvc, c.own]).toEqual(['4111111111111111', '12/29', '321', true]);
  expect(c.expect.status).toBe('S'); // what it leaves out stays paycert's
  expect(cardFor('mc-approve', env).own).toBe(false);
  expect(cardFor('visa-approve', {}).pan).toBe('4400430000000015');
});

test('a card file naming an unknown id or a bad expiry is a usage error (exit 2), not a crash', () => {
  expect(() => targetCards(file({ cards: [{ id: 'nope', pan: '1' }] }))).toThrow(/cards\[0\]\.id must be one of/);
  expect(() => checkTargetCards('jysan', file({ cards: [{ id: 'visa-approve', exp: '2029-12' }] }))).toThrow(
    /exp must be MM\/YY/,
  );
  expect(() => checkTargetCards('jysan', file({ nope: 1 }))).toThrow(/want \{"cards"/);
  expect(() => checkTargetCards('greenleaves', file({ nope: 1 }))).not.toThrow();
});
