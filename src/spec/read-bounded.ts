import { closeSync, openSync, readSync } from 'node:fs';

/** Thrown when a file paycert was given is larger than it ever needs; its message says so. */
export class TooLargeError extends Error {}

/** A file read in bounded chunks, not by its size: `/dev/zero`, a FIFO whose writer never stops or
 *  a gigabyte named by mistake was read until the process held gigabytes, and never got to its
 *  one-line error. `what` ends the message ("a declaration lists a few dozen orders"). */
export function readBounded(path: string, max: number, what: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      const buf = Buffer.alloc(1 << 16);
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      size += n;
      if (size > max) throw new TooLargeError(`more than ${max} bytes (${what})`);
      chunks.push(buf.subarray(0, n));
    }
    return Buffer.concat(chunks, size);
  } finally {
    closeSync(fd);
  }
}

/** A hand-written text file (a declaration, a baseline, a file of test cards) read as readBounded reads
 *  it, as UTF-8, without a leading byte order mark: Windows editors save one, and RFC 8259 8.1 lets a
 *  JSON parser ignore it; it was refused as "not JSON (at line 1, column 1)", an error nobody could see. */
export function readTextBounded(path: string, max: number, what: string): string {
  const text = readBounded(path, max, what).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The first line of an error's message, with its errno code when it has one (ENOENT, EISDIR…). */
export function readError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const first = String((e as Error)?.message ?? e).split('\n')[0]!;
  return code && !(e instanceof TooLargeError) ? code : first;
}
