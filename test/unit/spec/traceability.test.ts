import { describe, expect, test } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA, SEEDS, matches, problems, quotes, traceability } from '../../../scripts/traceability.ts';

describe('seed quotes in rule sources', () => {
  test('fragments after a seed mention, up to digest or a bracketed tag; anchors', () => {
    const src = 'seed 001 "a b", "c"; seed 002:7 "d" [INF: "not a quote"] "e"; digest §3 "f"';
    expect(quotes('R', src)).toEqual([
      { rule: 'R', seed: '001', line: undefined, text: 'a b' },
      { rule: 'R', seed: '001', line: undefined, text: 'c' },
      { rule: 'R', seed: '002', line: 7, text: 'd' },
    ]);
  });

  test('white space and quote marks are normalised, nothing else', () => {
    expect(matches('поле «%s».', '24 Не указано значение в поле "%s". The value')).toBe(true);
    expect(matches('Must  be\tapplication/json', 'Accept - Must be application/json')).toBe(true);
    expect(matches('N(6 - 64)', 'NONCE Нет N(6 – 64) Случайное')).toBe(false); // dashes differ
    expect(matches('must be application/json', 'Accept - Must be application/json')).toBe(false); // case differs
    expect(matches('Accept - Must be application/json.', 'Accept - Must be application/json')).toBe(false);
  });

  test('an ellipsis elides text of the same line, in order', () => {
    expect(matches('SHARED_SECRET … хэш SHA512', 'ключа SHARED_SECRET (этот) и вычислить хэш SHA512.')).toBe(true);
    expect(matches('хэш SHA512 … SHARED_SECRET', 'ключа SHARED_SECRET (этот) и вычислить хэш SHA512.')).toBe(false);
    expect(matches('…', 'anything')).toBe(false);
  });
});

// the seeds live next to the repository; without them there is nothing to trace
describe.skipIf(!SEEDS)('docs/traceability.md', () => {
  test('every seed line is mapped to rules or classified, no entry is stale, and the table is current', () => {
    expect(problems(traceability())).toEqual([]);
  });

  test('a changed seed line makes its classification stale, and a line nothing covers is unmapped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paycert-trace-'));
    try {
      cpSync(SEEDS!, dir, { recursive: true });
      const f = readdirSync(dir).find((n) => n.startsWith('000_'))!;
      const lines = readFileSync(join(dir, f), 'utf8').split('\n');
      lines[0] = `${lines[0]} (changed)`;
      lines.push('A new line no rule quotes');
      writeFileSync(join(dir, f), lines.join('\n'));
      const r = traceability(dir);
      expect(r.stale.filter((s) => s.startsWith('seed 000 lines 1: text changed'))).toHaveLength(1);
      expect(r.unmapped.filter((u) => u.startsWith(`seed 000 line ${lines.length}: A new line`))).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a classification of a line a rule now quotes is stale', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paycert-trace-'));
    try {
      const data = JSON.parse(readFileSync(DATA, 'utf8'));
      // seed 000 line 2 "Request Format: application/json" is quoted by V5-HDR-01
      data.entries.push({ seed: '000', lines: '2', fp: 'ffffffff', class: 'not-normative', reason: 'x' });
      writeFileSync(join(dir, 'traceability.json'), JSON.stringify(data));
      const r = traceability(SEEDS, join(dir, 'traceability.json'));
      expect(r.stale.filter((s) => s.startsWith('seed 000 lines 2: line 2 is now mapped by V5-HDR-01'))).toHaveLength(
        1,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
