// A hostile SDK adapter's processes: one that forks a grandchild keeping its pipes open and then exits,
// or that ignores SIGTERM and stdin's end. Each request ends within its hang guard as a protocol
// error (the rules behind it inconclusive), and close() leaves no process of the adapter running.
import { expect, test } from 'vitest';
import { AdapterProcess, AdapterProtocolError } from '../../../src/sdk-adapter/protocol.ts';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(ok: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (ok()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return ok();
}

// the grandchild prints its pid on the shared stdout (a line that is no answer), then the adapter
// exits on the first request: the grandchild keeps stdout and stderr open
const FORKS = `
const { spawn } = require('node:child_process');
const g = spawn(process.execPath, ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1e9)'], { stdio: ['ignore', 'inherit', 'inherit'] });
process.stderr.write('grandchild ' + g.pid + '\\n');
process.stdin.once('data', () => process.exit(1));
`;

test('an adapter that exits leaving a grandchild on its pipes: the request fails at once, no process is left', async () => {
  const a = new AdapterProcess([process.execPath, '-e', FORKS], process.env, 30_000);
  let grandchild: number | undefined;
  try {
    expect(await until(() => a.log.some((l) => l.startsWith('grandchild ')), 10_000)).toBe(true);
    grandchild = Number(a.log.find((l) => l.startsWith('grandchild '))!.split(' ')[1]);
    // the adapter's exit ends the request, not its 20 s guard (the grandchild still holds the pipes)
    const e = await a.request('payment.create', 'http://127.0.0.1:9', {}, {}, 20_000).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AdapterProtocolError);
    expect((e as Error).message).toMatch(/the adapter exited \(code 1\)/);
    // before: the grandchild ran on after the adapter, and after close(), holding the pipes
    expect(await until(() => !alive(grandchild!), 5_000)).toBe(true);
  } finally {
    await a.close();
    if (grandchild !== undefined) expect(alive(grandchild)).toBe(false);
  }
});

test('an adapter ignoring SIGTERM and the end of its stdin, with a grandchild: close() ends them all within its guard', async () => {
  const stubborn = `
const { spawn } = require('node:child_process');
process.on('SIGTERM', () => {});
const g = spawn(process.execPath, ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1e9)'], { stdio: ['ignore', 'inherit', 'inherit'] });
process.stderr.write('grandchild ' + g.pid + '\\n');
process.stdin.on('data', () => {});
process.stdin.on('end', () => {});
setInterval(() => {}, 1e9);
`;
  const a = new AdapterProcess([process.execPath, '-e', stubborn], process.env, 300);
  expect(await until(() => a.log.some((l) => l.startsWith('grandchild ')), 10_000)).toBe(true);
  const grandchild = Number(a.log.find((l) => l.startsWith('grandchild '))!.split(' ')[1]);
  const adapter = a.pid!;
  const e = await a.request('payment.create', 'http://127.0.0.1:9', {}, {}, 200).catch((x: unknown) => x);
  expect((e as Error).message).toMatch(/no answer to request 1 \(payment\.create\) within/);
  await a.close();
  expect(await until(() => !alive(adapter) && !alive(grandchild), 3_000)).toBe(true);
});
