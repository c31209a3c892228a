import { randomBytes } from 'node:crypto';
import { expect, test } from 'vitest';
import { redact, redactText, registerLeakedSignature } from '../../../src/harness/redact.ts';

// A valid signature a gateway showed for a forged request (V5-JWS-15, GL-SIG-17, JY-SIG-17) is shown
// shortened in every output: its first 8 characters, its length, what it is (probe 22).
test('a registered leaked signature is shortened wherever it stands, hex in either case', () => {
  const mac = randomBytes(32).toString('base64url');
  const hex = randomBytes(32).toString('hex');
  registerLeakedSignature(mac);
  registerLeakedSignature(hex);
  expect(redactText(`{"message":"expected signature: ${mac}"}`)).toBe(
    `{"message":"expected signature: ${mac.slice(0, 8)}…(43 characters: the expected signature)"}`,
  );
  const upper = hex.toUpperCase();
  expect(redactText(`expected P_SIGN: ${upper}.`)).toBe(
    `expected P_SIGN: ${upper.slice(0, 8)}…(64 characters: the expected signature).`,
  );
  // glued to other characters of its alphabet, and in a structured value
  expect(redactText(`sig_${mac}`)).not.toContain(mac);
  expect(JSON.stringify(redact({ error: { message: `expected ${mac}` } }))).not.toContain(mac);
  // another value of the same length is left as it is
  const other = randomBytes(32).toString('base64url');
  expect(redactText(`X-JWS-Signature: eyJ..${other}`)).toContain(other);
});

// a regular expression over a reply of the cap that is one token overflowed V8's stack once a leaked
// signature was registered (redact.test.ts's one-token replies failed beside this file in one worker)
test('a reply of the cap that is one token is scanned for leaked signatures without overflowing', () => {
  const mac = randomBytes(32).toString('base64url');
  registerLeakedSignature(mac);
  const body = `${'QUJD'.repeat(2_000_000)}${mac}`;
  const red = redactText(body);
  expect(red).not.toContain(mac);
  expect(red).toContain(`${mac.slice(0, 8)}…(43 characters: the expected signature)`);
});

// toLowerCase makes "İ" (U+0130, Kazakh Latin) two characters: positions found in a lowered copy cut the
// text elsewhere, and the signature came out whole behind enough of them
test('a leaked signature behind letters that lower-case to two characters is shortened where it stands', () => {
  const hex = randomBytes(20).toString('hex');
  registerLeakedSignature(hex);
  const text = `${'İ'.repeat(60)} expected ${hex} end`;
  expect(redactText(text)).toBe(
    `${'İ'.repeat(60)} expected ${hex.slice(0, 8)}…(40 characters: the expected signature) end`,
  );
});
