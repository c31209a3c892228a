import {
  KeyObject,
  constants,
  createPrivateKey,
  generateKeyPairSync,
  privateDecrypt,
  publicEncrypt,
  type KeyLike,
} from 'node:crypto';

/**
 * crd_pan / crd_exp / crd_cvc: RSA PKCS#1 v1.5 over the UTF-8 plaintext, standard padded Base64
 * (digest §A6: Metanet uses RSACryptoServiceProvider.Encrypt(data, false)).
 */

export interface CardKeyPair {
  /** PEM SubjectPublicKeyInfo, the form the bank hands out */
  publicKey: string;
  /** PEM PKCS#8 */
  privateKey: string;
}

/**
 * 1024 bits gives 172 Base64 characters, inside the seed's C(250) for crd_*; the bank's public
 * 2048-bit test key gives 344 (digest open question 4). The reference sandbox uses this size.
 */
export const SANDBOX_KEY_BITS = 1024;

export function generateCardKeyPair(bits = 2048): CardKeyPair {
  return generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicExponent: 65537,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

export function encryptCard(plaintext: string, publicKey: KeyLike): string {
  return publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_PADDING },
    Buffer.from(plaintext, 'utf8'),
  ).toString('base64');
}

export class CardDecryptError extends Error {
  readonly code = 'JY_CARD_DECRYPT';
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Inverse of encryptCard. Node 20 refuses RSA_PKCS1_PADDING in privateDecrypt (the Marvin
 * attack fix, CVE-2023-46809) unless node runs with --security-revert. So this does the raw RSA
 * operation (RSA_NO_PADDING) and removes the type 2 padding itself, without early exits, and
 * reports every failure with one error. Meant for reference sandboxes with throwaway keys.
 * `padding: 'oaep'` decrypts as a gateway that wrongly expects RSA-OAEP would (JY-ENC-02).
 */
export function decryptCard(ciphertext: string, privateKey: KeyLike, padding: 'pkcs1' | 'oaep' = 'pkcs1'): string {
  const key = privateKey instanceof KeyObject ? privateKey : createPrivateKey(privateKey);
  if (padding === 'oaep')
    return privateDecrypt(
      { key, padding: constants.RSA_PKCS1_OAEP_PADDING },
      Buffer.from(ciphertext, 'base64'),
    ).toString('utf8');
  const k = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  const data = BASE64.test(ciphertext) ? Buffer.from(ciphertext, 'base64') : Buffer.alloc(0);
  if (k === 0 || data.length !== k)
    throw new CardDecryptError('crd_* value is not a Base64 RSA ciphertext for this key');
  let em: Buffer;
  try {
    em = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, data);
  } catch {
    throw new CardDecryptError('crd_* value does not decrypt under this key');
  }
  // EM = 0x00 0x02 PS (>= 8 non-zero bytes) 0x00 M
  let bad = em[0]! | (em[1]! ^ 0x02);
  let sep = 0;
  for (let i = 2; i < em.length; i++) {
    const isZero = em[i] === 0 ? 1 : 0;
    const first = isZero & (sep === 0 ? 1 : 0);
    sep = first ? i : sep;
  }
  bad |= sep === 0 ? 1 : 0;
  bad |= sep < 10 ? 1 : 0;
  if (bad) throw new CardDecryptError('crd_* value does not decrypt under this key');
  return em.subarray(sep + 1).toString('utf8');
}
