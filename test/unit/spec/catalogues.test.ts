import { describe, expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROFILES, SPECS, FIXTURES } from '../../../src/spec/paths.ts';
import { loadRules, loadErrors, loadVectors } from '../../../src/spec/load.ts';
import { ajv } from '../../../src/spec/ajv.ts';

describe.each(PROFILES.filter((p) => existsSync(join(SPECS, p, 'rules.json'))))('%s spec data', (profile) => {
  test('rules.json follows the meta-schema and ids are unique', () => {
    const rules = loadRules(profile).rules;
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });
  test('errors.json follows the meta-schema and codes are unique', () => {
    const codes = loadErrors(profile).codes.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
  test('every schema named by a rule exists', () => {
    for (const r of loadRules(profile).rules.filter((r) => r.schema)) {
      expect(ajv().getSchema(`https://paycert.local/specs/${profile}/schemas/${r.schema}`), r.id).toBeTruthy();
    }
  });
  test('vectors cite known rules', () => {
    expect(existsSync(join(FIXTURES, profile, 'vectors.json'))).toBe(true);
    const ids = new Set(loadRules(profile).rules.map((r) => r.id));
    for (const v of loadVectors(profile))
      for (const r of v.rules ?? []) expect(ids.has(r), `${v.id} cites ${r}`).toBe(true);
  });
});
