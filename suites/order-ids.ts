import { randomBytes } from 'node:crypto';

/** Order ids `PC` + the time in base 36 + a counter of `bytes` bytes in hex, upper case (letters
 *  and digits only). The counter starts at random per process and counts up: unique per call
 *  without a randomBytes call each. */
export function orderIds(bytes: number): () => string {
  const span = 2 ** (8 * bytes);
  let seq = randomBytes(bytes).readUIntBE(0, bytes);
  return () => {
    seq = (seq + 1) % span;
    return `PC${Date.now().toString(36)}${seq.toString(16).padStart(2 * bytes, '0')}`.toUpperCase();
  };
}
