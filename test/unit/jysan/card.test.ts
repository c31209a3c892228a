import { expect, test } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { publicEncrypt, constants } from 'node:crypto';
import {
  CardDecryptError,
  SANDBOX_KEY_BITS,
  decryptCard,
  encryptCard,
  generateCardKeyPair,
} from '../../../src/protocols/jysan/card.ts';

const k2048 = generateCardKeyPair(2048);
const kSandbox = generateCardKeyPair(SANDBOX_KEY_BITS);
const STD_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

test('2048-bit: round trip, 344 standard Base64 characters', () => {
  const ct = encryptCard('4400430000000015', k2048.publicKey);
  expect(ct).toHaveLength(344);
  expect(ct).toMatch(STD_BASE64);
  expect(decryptCard(ct, k2048.privateKey)).toBe('4400430000000015');
});

test('the sandbox key size keeps crd_* inside the documented C(250)', () => {
  const ct = encryptCard('12/30', kSandbox.publicKey);
  expect(ct.length).toBeLessThanOrEqual(250);
  expect(ct).toHaveLength(172);
  expect(decryptCard(ct, kSandbox.privateKey)).toBe('12/30');
});

test('keys are PEM SPKI / PKCS#8', () => {
  expect(k2048.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  expect(k2048.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
});

fcTest.prop([fc.string({ unit: 'grapheme', minLength: 0, maxLength: 40 })], { numRuns: 25 })(
  'round trip of any UTF-8 plaintext',
  (plain) => {
    expect(decryptCard(encryptCard(plain, kSandbox.publicKey), kSandbox.privateKey)).toBe(plain);
  },
);

test('ciphertext is randomised (PKCS#1 v1.5 type 2 padding)', () => {
  expect(encryptCard('123', kSandbox.publicKey)).not.toBe(encryptCard('123', kSandbox.publicKey));
});

test('decrypts what a plain OpenSSL PKCS#1 v1.5 encryption produced', () => {
  const ct = publicEncrypt(
    { key: k2048.publicKey, padding: constants.RSA_PKCS1_PADDING },
    Buffer.from('5400430000000012'),
  ).toString('base64');
  expect(decryptCard(ct, k2048.privateKey)).toBe('5400430000000012');
});

// A ciphertext under another key, or one with a byte flipped, decrypts to a random block, which passes
// PKCS#1 v1.5's padding check with probability about 2^-16: drawn afresh each run, the test failed
// once in CI (Node 24). The blocks such ciphertexts decrypt to are made here instead, each malformed in
// one way the check refuses, and encrypted raw under the sandbox key.
test('refuses plaintext, line-wrapped or non-Base64 text, OAEP, and every malformed PKCS#1 block', () => {
  const ct = encryptCard('4400430000000015', kSandbox.publicKey);
  const oaep = publicEncrypt(
    { key: kSandbox.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING },
    Buffer.from('4400430000000015'),
  ).toString('base64');
  const k = SANDBOX_KEY_BITS / 8;
  const pan = Buffer.from('4400430000000015');
  /** 00 02 PS 00 M with `ps` bytes of padding, then `edit` applied, encrypted without padding */
  const block = (ps: number, edit: (em: Buffer) => void = () => {}) => {
    const em = Buffer.alloc(k, 0x5a);
    em[0] = 0x00;
    em[1] = 0x02;
    em[2 + ps] = 0x00;
    pan.copy(em, 3 + ps);
    em.fill(0x5a, 3 + ps + pan.length);
    edit(em);
    return publicEncrypt({ key: kSandbox.publicKey, padding: constants.RSA_NO_PADDING }, em).toString('base64');
  };
  const well = k - 3 - pan.length;
  // the well-formed block itself decrypts: the malformed ones differ from it in one place each
  expect(decryptCard(block(well), kSandbox.privateKey)).toBe('4400430000000015');
  for (const bad of [
    '4400430000000015',
    `${ct.slice(0, 64)}\n${ct.slice(64)}`,
    `${ct.slice(0, -4)}!!!!`,
    ct.slice(4),
    oaep,
    block(well, (em) => (em[1] = 0x01)), // block type 1 (a signature's), not 2
    block(well, (em) => (em[0] = 0x01)), // not starting with 00
    block(well, (em) => em.fill(0x5a, 2)), // no 00 after the padding
    block(5), // padding shorter than 8 bytes
  ]) {
    expect(() => decryptCard(bad, kSandbox.privateKey), bad.slice(0, 20)).toThrow(CardDecryptError);
  }
});
