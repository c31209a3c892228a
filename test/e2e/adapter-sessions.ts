// One resident SDK adapter for a file's cases: the Java adapters' `--serve` mode serves each loopback
// connection as a session of its own (its own style and bug switches, its own clients), and a case's
// adapter command is fixtures/third-party/session-relay.pl naming its switches. A JVM started per case
// was two thirds of sdk-java.test.ts's CPU (0.3-1 CPU-s each; the relay is ~0.03).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const RELAY = 'fixtures/third-party/session-relay.pl';

export interface SessionServer {
  /** The adapter command of one session with these switches (e.g. `{ JV5_BUGS: 'header-alg' }`). */
  command(settings: Record<string, string>): string[];
  close(): Promise<void>;
}

/** Start `argv --serve`; it prints its port, then serves until its stdin ends (a test worker that dies
 *  closes that pipe, so the server does not outlive it). */
export async function serveSessions(argv: string[]): Promise<SessionServer> {
  const child = spawn(argv[0]!, [...argv.slice(1), '--serve'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const log: string[] = [];
  const keep = (l: string) => {
    log.push(l);
    if (log.length > 50) log.shift();
  };
  createInterface({ input: child.stderr }).on('line', keep);
  const out = createInterface({ input: child.stdout });
  const exited = once(child, 'exit');
  const first = await Promise.race([once(out, 'line').then(([l]) => l as string), exited.then(() => undefined)]);
  if (first === undefined)
    throw new Error(`${argv.join(' ')} --serve exited (${child.signalCode ?? child.exitCode}): ${log.join(' | ')}`);
  out.on('line', keep);
  if (!/^\d+$/.test(first)) {
    child.kill('SIGKILL');
    throw new Error(`${argv.join(' ')} --serve printed ${JSON.stringify(first)}, not its port`);
  }
  return {
    command: (settings) => ['perl', RELAY, first, JSON.stringify(settings)],
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin.end();
      const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(kill);
    },
  };
}
