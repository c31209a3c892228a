import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { knownValid, rememberValid } from '../../../src/spec/known-valid.ts';
import { checked } from '../../../src/spec/load.ts';
import { SPECS } from '../../../src/spec/paths.ts';

// A catalogue that validated once is not validated again by the next process (src/spec/known-valid.ts):
// only the same text against the same meta-schemas; an invalid one is refused every time.

test('a text is known valid only as it was remembered, against the same meta-schemas', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paycert-valid-'));
  const text = `{"rules":[${Math.random()}]}`;
  expect(knownValid(text, 'schema', dir)).toBe(false);
  rememberValid(text, 'schema', dir);
  expect(knownValid(text, 'schema', dir)).toBe(true);
  expect(knownValid(`${text} `, 'schema', dir)).toBe(false);
  expect(knownValid(text, 'schema ', dir)).toBe(false);
  // the two parts are kept apart: moving a character from one to the other is another key
  expect(knownValid(text.slice(1), `schema${text[0]}`, dir)).toBe(false);
});

test('an invalid catalogue is refused each time it is read, a valid one is read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paycert-valid-'));
  const good = readFileSync(join(SPECS, 'jysan', 'rules.json'), 'utf8');
  const rules = JSON.parse(good) as { rules: Array<Record<string, unknown>> };
  rules.rules[0]!.level = `MAYBE-${Math.random()}`;
  const bad = join(dir, 'rules.json');
  writeFileSync(bad, JSON.stringify(rules));
  for (let i = 0; i < 2; i++) expect(() => checked(bad, 'rules')).toThrow(/does not follow specs\/_meta\/rules/);
  writeFileSync(bad, good);
  expect(checked<{ rules: unknown[] }>(bad, 'rules').rules.length).toBe(rules.rules.length);
  expect(checked<{ rules: unknown[] }>(bad, 'rules').rules.length).toBe(rules.rules.length);
});
