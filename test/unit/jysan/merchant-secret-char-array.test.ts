import { describe, expect, test } from 'vitest';
import { redactText, registerSecret, SECRET } from '../../../src/harness/redact.ts';
import { showsSecret } from '../../../suites/no-leak.ts';

// probe21: a Java shop kept SHARED_SECRET in a char[] and its refusal page showed Arrays.toString of it,
// `key=[0, 1, 2, …]`: JY-MRD-18 passed, and the whole secret reached paycert's Allure attachments.
const DIGITS = '01234567890123456789012';
const LETTERS = 'Sh4r3dS3cr3tJysan2024xx';
const asChars = (v: string, sep: string) => `[${[...v].join(sep)}]`;

describe('a secret written as a character list (Java Arrays.toString(char[]))', () => {
  test.each([
    [DIGITS, ', '],
    [DIGITS, ','],
    [LETTERS, ', '],
    [LETTERS, ','],
  ])('%s joined by "%s" is found and redacted', (secret, sep) => {
    registerSecret(secret);
    const page = `<h1>Подпись неверна</h1><!-- key=${asChars(secret, sep)} base=x -->`;
    expect(showsSecret(page, secret)).toBe('as a list of its characters');
    const red = redactText(page);
    expect(red).not.toContain([...secret].join(sep));
    expect(red).toContain(SECRET);
  });
  test('a list of other characters is not the secret', () => {
    expect(showsSecret(`[${[...'01234567890123456789013'].join(', ')}]`, DIGITS)).toBeUndefined();
  });
});
