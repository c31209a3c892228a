// The callback listener's routes (listener.ts) and, when the run holds --listen-port, the sockets of the
// relay that passes calls on to the workers (listener-relay.ts): one small module both import.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** A check's path prefix, `/cb/` and 12 hex digits. Found anywhere in the path: a tunnel to
 *  --listen-port (ngrok, a reverse proxy) may forward the public URL's path prefix as it is
 *  (`--callback-base https://hooks.example/paycert` arrives as `/paycert/cb/…`). */
export function routeOf(path: string): string | undefined {
  return /\/cb\/[0-9a-f]{12}(?=\/|$)/.exec(path.split('?', 1)[0]!)?.[0];
}

/** A fresh check prefix, as routeOf finds it. */
export const newRoute = (): string => `/cb/${randomBytes(6).toString('hex')}`;

/** The socket a worker's listener, whose routes begin with `tag`, listens on. */
export const relaySocket = (dir: string, tag: string): string => join(dir, `${tag}.sock`);
/** The tag of a route (`/cb/` and 12 hex digits): its first 6 digits. */
export const routeTag = (route: string): string => route.slice(4, 10);
