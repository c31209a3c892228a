import type { Readable } from 'node:stream';
import type { buildConnector } from 'undici';

/** A connector whose sockets drop the interim (1xx, but 101) replies that open a connection before
 *  undici reads it. RFC 9110 15.2: "A client MUST be able to parse one or more 1xx responses received
 *  prior to a final response, even if the client does not expect one"; undici destroys the connection
 *  on a 100 Continue the request did not ask for ("bad response"), and a proxy in front of a gateway or
 *  a shop may send one (or several, or after a 103). No interim reply means anything to paycert, so
 *  they are skipped, and the final reply is judged. Only at the start of a connection, where a reply
 *  must begin (past it, where one reply ends is undici's to know): against a real target every
 *  request has its own connection (HttpClient without reuseConnections). */
export function interimTolerant(connect: buildConnector.connector): buildConnector.connector {
  return (opts, callback) =>
    connect(opts, (err, socket) => {
      if (socket) skipLeadingInterim(socket);
      // the overloads of the callback type take (null, socket) or (error, null)
      (callback as (e: Error | null, s: typeof socket) => void)(err, socket);
    });
}

const INTERIM = /^HTTP\/\d\.\d 1(?!01)\d\d[ \r\n]/;
/** a prefix of an interim status line, as far as it came */
const INTERIM_SO_FAR = /^(?:H(?:T(?:T(?:P(?:\/(?:\d(?:\.(?:\d(?: (?:1(?:\d\d?)?)?)?)?)?)?)?)?)?)?)?$/;

/** `socket.read()` (how undici reads) made to drop the interim reply heads at the stream's start. */
export function skipLeadingInterim(socket: Readable): void {
  const read = socket.read.bind(socket);
  let held: Buffer | undefined;
  let done = false;
  socket.read = (n?: number) => {
    // read(0) consumes nothing (the stream's own refills)
    if (done || n === 0) return read(n);
    for (;;) {
      const chunk = read() as Buffer | null;
      if (chunk === null) return null; // held bytes wait for more ('readable' fires again)
      let b: Buffer = held ? Buffer.concat([held, chunk]) : chunk;
      held = undefined;
      for (;;) {
        const start = b.toString('latin1', 0, 13);
        if (INTERIM.test(start)) {
          const end = b.indexOf('\r\n\r\n');
          if (end >= 0) {
            b = b.subarray(end + 4);
            continue;
          }
          // a head longer than any interim reply needs: left to undici as it is
          if (b.length < 16_384) held = b;
          else done = true;
        } else if (b.length < 13 && INTERIM_SO_FAR.test(start)) held = b;
        else done = true;
        break;
      }
      if (done) return b;
    }
  };
}
