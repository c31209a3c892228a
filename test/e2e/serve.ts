import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Start a third-party server's script (`sh script args…`) and wait for the line `ready` matches on
 *  its stdout (`READY <words>` by default). Kill `child` when done; `log()` is its stderr so far. */
export function serve(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready = /^READY .*$/m,
): Promise<{ match: RegExpExecArray; child: ChildProcess; log: () => string }> {
  return start('sh', [script, ...args], env, ready, 'stdout');
}

/** Start `command` itself (no shell between: its pid is the server's) and wait for the line `ready`
 *  matches on `stream`: a server that binds port 0 and says where once it listens (`php -S
 *  127.0.0.1:0` prints "Development Server (http://127.0.0.1:PORT) started" on stderr), so that
 *  neither a free port has to be found first nor the port polled (free-port.sh and wait-port.sh
 *  start python3 each: ~0.15 CPU-s a case). */
export async function start(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  stream: 'stdout' | 'stderr',
): Promise<{ match: RegExpExecArray; child: ChildProcess; log: () => string }> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (b: Buffer) => void (log += b.toString()));
  try {
    const match = await new Promise<RegExpExecArray>((resolve, reject) => {
      let out = '';
      child[stream]!.on('data', (b: Buffer) => {
        out += b.toString();
        const m = ready.exec(out);
        if (m) resolve(m);
      });
      if (stream === 'stderr') child.stdout!.resume();
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`${command} exited ${code} before serving: ${out} ${log}`)));
    });
    return { match, child, log: () => log };
  } catch (e) {
    child.kill('SIGTERM');
    throw e;
  }
}

/** A port nothing listens on (for the moment): for a flag that takes a port (--listen-port). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}
