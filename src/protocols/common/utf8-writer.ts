import crypto, { createHash } from 'node:crypto';

// crypto.hash (Node ≥ 20.12) skips the Hash object: about twice as fast on short inputs
const oneShot = (crypto as { hash?: (alg: string, data: Uint8Array, enc: 'hex') => string }).hash;

const MAX_VIEW = 1024;
const MAX_KEPT = 1 << 16;

/**
 * A signature base written as UTF-8 into a reused buffer and hashed from a view of it (pg_sig,
 * P_SIGN). Hashing a fresh string would first flatten it (copy its pieces into one) and then
 * transcode it, both in the hash call; a view by length allocates nothing. The bytes are Node's own
 * encoding of the base string (a lone surrogate as U+FFFD). The first piece (the script name, the
 * secret) is the same from one signature to the next: its bytes stay at the start of the buffer,
 * and the last tail's bytes are kept and copied in. One writer per signer: a writer must not be
 * reentered while a base is being written.
 */
export class Utf8Writer {
  private bytes = new Uint8Array(4096);
  private at = 0;
  private views: Uint8Array[] = [];
  private headText: string | undefined;
  private headEnd = 0;
  private tailText: string | undefined;
  private tailBytes = new Uint8Array(0);

  /** Starts a base with s (its bytes are still there when it is the last base's first piece). */
  head(s: string): void {
    if (s === this.headText) this.at = this.headEnd;
    else {
      this.headText = undefined;
      this.at = 0;
      this.put(s, false);
      this.headText = s;
      this.headEnd = this.at;
    }
  }

  /** Appends (after a ';' when `sep`) the UTF-8 bytes of s. */
  put(s: string, sep: boolean): void {
    const n = s.length;
    if (this.at + 3 * n + 1 > this.bytes.length) this.grow(3 * n + 1);
    const b = this.bytes;
    let p = this.at;
    if (sep) b[p++] = 59;
    let i = 0;
    // ASCII, the common case: one byte a character
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      b[p + i] = c;
    }
    this.at = i === n ? p + n : this.putRest(s, i, p + i);
  }

  /** Appends (after a ';' when `sep`) the UTF-8 bytes of s, kept for the next call with the same s. */
  tail(s: string, sep: boolean): void {
    if (s !== this.tailText) {
      this.tailText = undefined;
      this.tailBytes = new Uint8Array(Buffer.from(s, 'utf8'));
      this.tailText = s;
    }
    const u = this.tailBytes;
    if (this.at + u.length + 1 > this.bytes.length) this.grow(u.length + 1);
    const b = this.bytes;
    let p = this.at;
    if (sep) b[p++] = 59;
    // a loop: TypedArray#set costs more than the copy on a secret's few dozen bytes
    for (let i = 0; i < u.length; i++) b[p + i] = u[i]!;
    this.at = p + u.length;
  }

  /** The hash of the bytes written since head(), lowercase hex. */
  digest(alg: string): string {
    const at = this.at;
    const view =
      at < MAX_VIEW ? (this.views[at] ??= new Uint8Array(this.bytes.buffer, 0, at)) : this.bytes.subarray(0, at);
    const hex = oneShot ? oneShot(alg, view, 'hex') : createHash(alg).update(view).digest('hex');
    if (this.bytes.length > MAX_KEPT) {
      // a huge base's buffer is not kept
      this.bytes = new Uint8Array(4096);
      this.views = [];
      this.headText = undefined;
    }
    return hex;
  }

  private grow(n: number): void {
    let size = this.bytes.length * 2;
    while (size < this.at + n) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.bytes.subarray(0, this.at));
    this.bytes = b;
    this.views = [];
  }

  private putRest(s: string, i: number, p: number): number {
    const b = this.bytes;
    const n = s.length;
    for (; i < n; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) b[p++] = c;
      else if (c < 0x800) {
        b[p++] = 0xc0 | (c >> 6);
        b[p++] = 0x80 | (c & 63);
      } else {
        if ((c & 0xf800) === 0xd800) {
          const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
          if (c < 0xdc00 && (d & 0xfc00) === 0xdc00) {
            c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
            b[p++] = 0xf0 | (c >> 18);
            b[p++] = 0x80 | ((c >> 12) & 63);
            b[p++] = 0x80 | ((c >> 6) & 63);
            b[p++] = 0x80 | (c & 63);
            i++;
            continue;
          }
          c = 0xfffd; // a lone surrogate
        }
        b[p++] = 0xe0 | (c >> 12);
        b[p++] = 0x80 | ((c >> 6) & 63);
        b[p++] = 0x80 | (c & 63);
      }
    }
    return p;
  }
}
