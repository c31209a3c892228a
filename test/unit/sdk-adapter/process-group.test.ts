// A hostile SDK adapter's processes: one that forks a grandchild keeping its pipes open and then exits,
// or that ignores SIGTERM and stdin's end. Each request ends within its hang guard as a protocol
// error (the rules behind it inconclusive), and close() leaves no process of the adapter running.
import { expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ADAPTER_GROUPS_ENV,
  AdapterProcess,
  AdapterProtocolError,
  endAdapterGroups,
} from '../../../src/sdk-adapter/protocol.ts';
import { processStart } from '../../../src/harness/proc.ts';

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

// A run killed with SIGKILL left --out/.adapter-groups naming its adapter's process group; the next run on
// that --out SIGKILLed every group listed there, and a pid given since to an unrelated `setsid sleep 300`
// was killed with it. A group is ended only when its leader is the very process noted (its start time).
test.skipIf(!existsSync('/proc/self/stat'))(
  "a group noted by an earlier run, or noted with another process's start time, is not ended",
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paycert-groups-'));
    const file = join(dir, '.adapter-groups');
    // a process group of its own, as `setsid sleep 300 &` makes one: its id is its pid
    const sleep = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
    const pid = sleep.pid!;
    try {
      // an earlier run's line as it wrote it (the pid alone): nothing tells the sleep from its adapter
      writeFileSync(file, `${pid}\n`);
      endAdapterGroups(file, true);
      expect(existsSync(file)).toBe(false);
      await new Promise((r) => setTimeout(r, 100));
      expect(alive(pid)).toBe(true);
      // noted with another start time: the adapter noted is gone, this is a later process with its id
      writeFileSync(file, `${pid} 1\n`);
      endAdapterGroups(file);
      await new Promise((r) => setTimeout(r, 100));
      expect(alive(pid)).toBe(true);
      // the very process noted (this run's adapter, or an earlier run's still running): ended
      writeFileSync(file, `${pid} ${processStart(pid)}\n`);
      endAdapterGroups(file, true);
      expect(await until(() => !alive(pid), 5_000)).toBe(true);
    } finally {
      sleep.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test.skipIf(!existsSync('/proc/self/stat'))(
  'an adapter is noted with its start time, and its group ended',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paycert-groups-'));
    const file = join(dir, '.adapter-groups');
    const before = process.env[ADAPTER_GROUPS_ENV];
    process.env[ADAPTER_GROUPS_ENV] = file;
    const a = new AdapterProcess([process.execPath, '-e', 'process.on("SIGTERM", () => {}); process.stdin.resume()']);
    try {
      const pid = a.pid!;
      expect(readFileSync(file, 'utf8')).toBe(`${pid} ${processStart(pid)}\n`);
      endAdapterGroups(file);
      expect(await until(() => !alive(pid), 5_000)).toBe(true);
    } finally {
      if (before === undefined) delete process.env[ADAPTER_GROUPS_ENV];
      else process.env[ADAPTER_GROUPS_ENV] = before;
      await a.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
