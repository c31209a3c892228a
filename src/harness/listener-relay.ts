// --listen-port held by the run's own process from the check before the run to its end (probe 22: the
// port let go after that check was taken by a parallel run, and every callback check then failed to
// listen). The workers' listeners (listener.ts) listen on Unix sockets of the relay's directory, each
// named by the tag its routes begin with; the relay passes each connection on, bytes as they are, to
// the socket the route of its first request names. A connection kept alive stays with that worker
// (one worker at a time against a real target: run.ts fileParallelism).
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { relaySocket, routeOf, routeTag } from './callback-route.ts';

export interface HeldPort {
  port: number;
  /** the directory of the workers' sockets (Subject.listenRelay) */
  dir: string;
  /** Answer `route` here (the pre-run probe): whether a request for it has arrived. */
  own(route: string): () => boolean;
}

const held: Array<{ server: Server; dir: string; open: Set<Socket> }> = [];
const LINE_MAX = 16 << 10;
/** how long a connection may take to send its request line; connections at once (a public tunnel's) */
const LINE_TIMEOUT_MS = 30_000;
const OPEN_MAX = 256;

const answer = (socket: Socket, status: string, body = ''): void => {
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  // read on to the peer's end, so that the socket closes (a paused one stays half-open)
  socket.resume();
};

function relay(socket: Socket, dir: string, own: Set<string>, arrived: Set<string>): void {
  const chunks: Buffer[] = [];
  let size = 0;
  socket.on('error', () => socket.destroy());
  socket.setTimeout(LINE_TIMEOUT_MS, () => socket.destroy());
  const first = (chunk: Buffer): void => {
    // the line's end looked for in the new bytes only (and the one before them: a "\r" ending the last)
    const from = Math.max(0, size - 1);
    chunks.push(chunk);
    size += chunk.length;
    const head = chunks.length === 1 ? chunk : Buffer.concat(chunks, size);
    chunks.splice(0, chunks.length, head);
    const end = head.indexOf('\r\n', from);
    if (end < 0 && size < LINE_MAX) return;
    socket.off('data', first);
    socket.setTimeout(0);
    socket.pause();
    const line = /^[A-Z]+ (\S+) HTTP\/1\.[01]$/.exec(head.subarray(0, Math.max(end, 0)).toString('latin1'));
    const route = line ? routeOf(line[1]!) : undefined;
    if (route === undefined) return answer(socket, end < 0 ? '400 Bad Request' : '404 Not Found');
    if (own.has(route)) {
      arrived.add(route);
      return answer(socket, '200 OK', 'paycert listener');
    }
    // a route of no worker listening now (its check over): answered as the listener answers it. The
    // worker answers behind the relay with Connection: close (listener.ts), so that each request of a
    // kept-alive client comes on a connection of its own and is routed by its own line
    const up = connect(relaySocket(dir, routeTag(route)));
    let connected = false;
    up.on('error', () => (connected ? socket.destroy() : answer(socket, '404 Not Found')));
    socket.once('close', () => up.destroy());
    up.once('connect', () => {
      connected = true;
      up.write(head);
      socket.pipe(up);
      up.pipe(socket);
      socket.resume();
    });
  };
  socket.on('data', first);
}

/** Listen on 127.0.0.1:`port` until releaseListenPorts(); rejects with listen's error (EADDRINUSE). */
export async function holdListenPort(port: number): Promise<HeldPort> {
  const dir = mkdtempSync(join(tmpdir(), 'paycert-cb-'));
  const own = new Set<string>();
  const arrived = new Set<string>();
  const open = new Set<Socket>();
  const server = createServer((s) => {
    if (open.size >= OPEN_MAX) return void s.destroy();
    open.add(s);
    s.once('close', () => open.delete(s));
    relay(s, dir, own, arrived);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  held.push({ server, dir, open });
  return {
    port,
    dir,
    own: (route) => {
      own.add(route);
      return () => arrived.has(route);
    },
  };
}

/** Let every held port go (the run's end). */
export function releaseListenPorts(): void {
  for (const { server, dir, open } of held.splice(0)) {
    server.close();
    for (const s of open) s.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
process.once('exit', releaseListenPorts);
