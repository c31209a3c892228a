import { describe, expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import { MAX_DECLARATION_BYTES, readDeclaration } from '../../../src/harness/declaration.ts';

describe('a hostile declaration file', () => {
  // /dev/zero was read whole: gigabytes of memory and no end, never the one-line error
  test.skipIf(!existsSync('/dev/zero'))('an endless file is refused after the bound, quickly', () => {
    const t0 = Date.now();
    expect(() => readDeclaration('/dev/zero')).toThrow(`more than ${MAX_DECLARATION_BYTES} bytes`);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });
});
