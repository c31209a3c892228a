import { timingSafeEqual } from 'node:crypto';

/** Constant-time equality of two signatures (strings compare as their UTF-8 bytes). The one
 *  compare every verify in src/protocols uses: exact, and the work does not depend on where the
 *  first difference is (nor, for unequal lengths, on the candidate's content). */
export function sameSignature(got: string | Uint8Array, want: string | Uint8Array): boolean {
  const g =
    typeof got === 'string' ? Buffer.from(got, 'utf8') : Buffer.from(got.buffer, got.byteOffset, got.byteLength);
  const w =
    typeof want === 'string' ? Buffer.from(want, 'utf8') : Buffer.from(want.buffer, want.byteOffset, want.byteLength);
  // timingSafeEqual throws on unequal lengths; compare against itself so the work stays the same.
  const same = g.length === w.length;
  return timingSafeEqual(same ? g : w, w) && same;
}
