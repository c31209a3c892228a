import { describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_DECLARATION_BYTES, readDeclaration } from '../../../src/harness/declaration.ts';

describe('a hostile declaration file', () => {
  // /dev/zero was read whole: gigabytes of memory and no end, never the one-line error
  test.skipIf(!existsSync('/dev/zero'))('an endless file is refused after the bound, quickly', () => {
    const t0 = Date.now();
    expect(() => readDeclaration('/dev/zero')).toThrow(`more than ${MAX_DECLARATION_BYTES} bytes`);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });
});

// saved by a Windows editor: a UTF-8 byte order mark before the JSON (RFC 8259 8.1: a parser may ignore
// it). Refused before as "not JSON (at line 1, column 1)", an error with nothing to see at that place
test('a declaration with a byte order mark is read as without it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paycert-decl-'));
  const json = JSON.stringify({
    profile: 'greenleaves',
    resultUrl: 'http://127.0.0.1:1/result',
    orders: [{ orderId: 'A1', amount: '10.00', currency: 'KZT', state: 'payable' }],
  });
  const bom = join(dir, 'bom.json');
  writeFileSync(bom, `\uFEFF${json}`);
  expect(readDeclaration(bom).orders[0]!.orderId).toBe('A1');
  // a BOM anywhere else is still not JSON (the message names no place on Node 20: V8 gives none there)
  const inside = join(dir, 'inside.json');
  writeFileSync(inside, ` \uFEFF${json}`);
  expect(() => readDeclaration(inside)).toThrow(/ is not JSON/);
});

// a key the schema does not allow was refused as "/ must NOT have additional properties", without
// saying which: a `__proto__` key (which JSON.parse keeps as an own property) or a misspelt `order`
test('a declaration with a key not allowed is refused naming the key, quoted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paycert-decl-'));
  const file = join(dir, 'extra.json');
  const decl = {
    profile: 'greenleaves',
    resultUrl: 'http://127.0.0.1:1/result',
    orders: [{ orderId: 'A1', amount: '10.00', currency: 'KZT', state: 'payable' }],
  };
  writeFileSync(file, `{"__proto__": {"x": 1}, ${JSON.stringify(decl).slice(1)}`);
  expect(() => readDeclaration(file)).toThrow('/ must NOT have additional properties ("__proto__")');
  writeFileSync(file, JSON.stringify({ ...decl, ['order\nX']: [] }));
  expect(() => readDeclaration(file)).toThrow('/ must NOT have additional properties ("order\\nX")');
});
