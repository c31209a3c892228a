import { describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_DECLARATION_BYTES, readDeclaration } from '../../../src/harness/declaration.ts';
import { cpuMsSince } from '../../cpu-time.ts';

describe('a hostile declaration file', () => {
  // /dev/zero was read whole: gigabytes of memory and no end, never the one-line error
  test.skipIf(!existsSync('/dev/zero'))('an endless file is refused after the bound, quickly', () => {
    const t0 = process.cpuUsage();
    expect(() => readDeclaration('/dev/zero')).toThrow(`more than ${MAX_DECLARATION_BYTES} bytes`);
    expect(cpuMsSince(t0)).toBeLessThan(5_000);
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

// Seed 000 writes a v5 amount as a JSON number (`"amount": 123.42`), and the README said v5 amounts are
// "compared as JSON numbers"; the schema wanted strings, and a declaration of 30 orders with numeric
// amounts was refused in one line of 20 "/orders/N/amount must be string" and "… and 10 more". A number
// is taken (read as the string it is written as), and an error shared by many orders is said once.
describe('declared amounts', () => {
  const write = (decl: unknown): string => {
    const file = join(mkdtempSync(join(tmpdir(), 'paycert-decl-')), 'decl.json');
    writeFileSync(file, JSON.stringify(decl));
    return file;
  };
  const orders = (amount: unknown, n = 30) =>
    Array.from({ length: n }, (_, i) => ({ orderId: `V-${1000 + i}`, amount, currency: 'KZT', state: 'payable' }));
  const v5 = { profile: 'greenleaves-v5', resultUrl: 'http://127.0.0.1:1/result' };

  test('a JSON number, as seed 000 writes a v5 amount, is taken as the amount it writes', () => {
    const d = readDeclaration(write({ ...v5, orders: [...orders(123.42, 1), ...orders(500, 1), ...orders('750', 1)] }));
    expect(d.orders.map((o) => o.amount)).toEqual(['123.42', '500', '750']);
  });

  test.each([
    [-1, 'a negative one'],
    [1.005, 'three decimals'],
    [1e21, 'written in exponent form'],
  ])('a number that is no amount (%s: %s) is refused, naming it', (amount) => {
    expect(() => readDeclaration(write({ ...v5, orders: orders(amount, 1) }))).toThrow(/\/orders\/0\/amount /);
  });

  test('an error every order shares is said once, with how many more', () => {
    let message = '';
    try {
      readDeclaration(write({ ...v5, orders: orders('500').map((o) => ({ ...o, currency: 'kzt' })) }));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /: \/orders\/0\/currency must match pattern "[^"]+" \(the same at 29 more \/orders\/\*\/currency\)$/,
    );
    expect(message.length).toBeLessThan(300);
  });
});
