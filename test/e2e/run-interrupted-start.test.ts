import { expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../src/spec/paths.ts';

// A probe of the certification workflow: `paycert run … --out out & sleep 0.5; kill -TERM $!` ended
// the process while its modules loaded (a second and more), before the run cleared --out, and left
// the previous run's signed, complete, passing certificate there, exit 143. README: a run "killed
// while starting never leaves an earlier passing certificate".

/** Whether the process catches `signal` (Linux: the SigCgt mask of /proc/PID/status). */
function catches(pid: number, signal: number): boolean {
  try {
    const mask = /^SigCgt:\s*([0-9a-f]+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return mask !== undefined && (BigInt(`0x${mask}`) & (1n << BigInt(signal - 1))) !== 0n;
  } catch {
    return false;
  }
}

test.skipIf(!existsSync('/proc/self/status'))(
  'a SIGTERM while the run starts clears the previous certificate and exits 143',
  async () => {
    const out = mkdtempSync(join(tmpdir(), 'paycert-early-signal-'));
    // the previous run's reports, as a run leaves them
    writeFileSync(join(out, '.paycert-report'), 'paycert report directory\n');
    writeFileSync(join(out, 'certificate.json'), '{"complete":true,"verdict":"passed"}\n');
    writeFileSync(join(out, 'certificate.jws'), 'x.y.z\n');
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'bin', 'paycert.mjs'),
        'run',
        '--profile',
        'greenleaves',
        '--subject',
        'gateway',
        '--rule',
        'GL-SIG-04',
        '--runs',
        '1',
        '--out',
        out,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PAYCERT_QUIET: '1' } },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    // the signal goes as soon as the process handles SIGHUP (1; Node itself catches SIGINT and
    // SIGTERM from its start, to reset the terminal and raise them again): bin/paycert.mjs's first
    // statements. Before them no code of paycert's has run, and a signal ends the process as it ends
    // any (under load, Node's own start-up took longer than the 1.5 s this waited at most: the test
    // killed a process that had not started, and failed on exit by the signal). The run's modules
    // take a second and more to load after that: the run has not cleared --out yet.
    const t0 = Date.now();
    while (!catches(child.pid!, 1) && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 5));
    expect(catches(child.pid!, 1), 'bin/paycert.mjs never caught SIGHUP').toBe(true);
    // the run had not cleared --out yet: the signal came while it started
    const stillThere = existsSync(join(out, 'certificate.json'));
    child.kill('SIGTERM');
    const end = await exited;
    expect(stillThere).toBe(true);
    expect(end, stderr).toEqual({ code: 143, signal: null });
    expect(existsSync(join(out, 'certificate.json'))).toBe(false);
    expect(existsSync(join(out, 'certificate.jws'))).toBe(false);
    expect(stderr.trim()).toMatch(/^paycert: interrupted \(SIGTERM\) while starting/);
  },
);
