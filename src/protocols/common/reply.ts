import type { Readable } from 'node:stream';
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

/** The most a reply body may be, as received and as decoded. An API reply is a few kilobytes and a
 *  payment page rarely a megabyte; without a bound, a broken or hostile server (a gateway, a
 *  merchant's callback endpoint, a proxy in front of either) is read into memory until it stops. */
export const MAX_REPLY_BYTES = 8 << 20;

/** A reply whose body cannot be judged: too large, or in a content-coding that does not decode. */
export class UnreadableReply extends Error {}

/** A reply being received: undici's ResponseData, or node's IncomingMessage as its own body. */
export interface ReplyStream {
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
}

/**
 * The body of a reply (undici's or node:http's), decoded from its Content-Encoding (gzip, deflate, br: what an HTTP
 * client decodes; a server may use one when the request names none), at most `max` bytes both as
 * received and once decoded. Past the bound the connection is dropped, not drained.
 */
export function readReplyBody(res: ReplyStream, max = MAX_REPLY_BYTES): Promise<Buffer> {
  const declared = Number(res.headers['content-length']);
  if (declared > max) {
    res.body.destroy();
    return Promise.reject(new UnreadableReply(`the reply declares ${declared} bytes, more than ${max}`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.body.on('data', (c: Buffer) => {
      if (size > max) return; // already refused
      size += c.length;
      if (size <= max) return void chunks.push(c);
      chunks.length = 0;
      res.body.destroy();
      reject(new UnreadableReply(`the reply is longer than ${max} bytes`));
    });
    res.body.on('end', () => {
      try {
        resolve(decoded(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size), res.headers, max));
      } catch (e) {
        reject(e);
      }
    });
    // how much arrived before the body failed (a reply cut short: HttpClient says "10 of 40 bytes")
    res.body.on('error', (e: Error) => reject(Object.assign(e, { received: size })));
  });
}

function decoded(raw: Buffer, headers: ReplyStream['headers'], max: number): Buffer {
  const header = headers['content-encoding'];
  if (header === undefined || raw.length === 0) return raw;
  // codings are listed in the order they were applied: undo the last first
  const codings = String(header)
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '' && c !== 'identity')
    .reverse();
  let out = raw;
  for (const coding of codings) {
    const decode = DECODERS[coding];
    if (!decode) throw new UnreadableReply(`the reply's Content-Encoding ${coding} is not one paycert decodes`);
    try {
      out = decode(out, { maxOutputLength: max });
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new UnreadableReply(
        code === 'ERR_BUFFER_TOO_LARGE'
          ? `the reply decodes (${coding}) to more than ${max} bytes`
          : `the reply is not valid ${coding} content (Content-Encoding says so): ${(e as Error).message}`,
      );
    }
  }
  return out;
}

type Decode = (b: Buffer, o: { maxOutputLength: number }) => Buffer;
const DECODERS: Record<string, Decode> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  // "deflate" is the zlib format; some servers send the raw deflate stream under that name
  deflate: (b, o) =>
    (b[0]! & 0x0f) === 8 && ((b[0]! << 8) | b[1]!) % 31 === 0 ? inflateSync(b, o) : inflateRawSync(b, o),
  br: brotliDecompressSync,
};
