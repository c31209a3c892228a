import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { quote } from '../harness/clip.ts';

/** Lines of a child's output, each at most `max` characters. readline keeps a line that never ends
 *  in memory however long it grows (an adapter dumping a binary file on stdout); here the part of a
 *  line beyond `max` is dropped as it arrives and `onLong` is told once for that line. CR LF ends a
 *  line as LF does. */
export function readLines(
  input: Readable,
  max: number,
  onLine: (line: string) => void,
  onLong: (head: string) => void,
): { pending: () => string } {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let long = false; // the current line has passed `max`: the rest of it is dropped
  const take = (text: string) => {
    let from = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
      const part = text.slice(from, nl);
      from = nl + 1;
      if (long) {
        long = false;
        pending = '';
        continue;
      }
      const line = pending + part;
      pending = '';
      if (line.length > max) onLong(quote(line, 200));
      else onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    }
    if (long) return;
    pending += text.slice(from);
    if (pending.length > max) {
      long = true;
      onLong(quote(pending, 200));
      pending = '';
    }
  };
  input.on('data', (b: Buffer | string) => take(typeof b === 'string' ? b : decoder.write(b)));
  input.on('end', () => {
    take(decoder.end());
    if (!long && pending !== '') onLine(pending.endsWith('\r') ? pending.slice(0, -1) : pending);
    pending = '';
  });
  // what was written after the last line's end (an answer whose newline never came)
  return { pending: () => pending };
}
