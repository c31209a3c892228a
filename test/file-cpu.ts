// With PAYCERT_FILE_CPU=FILE, each test file appends to FILE one JSON line: its path, the CPU its
// worker spent while it ran and that of the child processes it waited for (/proc/self/stat's cutime
// and cstime), and its wall time. What `npm test`'s CPU goes to, file by file (a worker runs one file
// at a time); not loaded otherwise.
import { appendFileSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';

const out = process.env.PAYCERT_FILE_CPU;

/** CPU ms of the children this process waited for (Linux; 0 elsewhere). */
function childrenMs(): number {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[13]) + Number(f[14])) * 10;
  } catch {
    return 0;
  }
}

if (out) {
  let file = '';
  let cpu0 = process.cpuUsage();
  let kids0 = 0;
  let t0 = 0;
  beforeAll(() => {
    file = expect.getState().testPath ?? '';
    cpu0 = process.cpuUsage();
    kids0 = childrenMs();
    t0 = Date.now();
  });
  afterAll(() => {
    const c = process.cpuUsage(cpu0);
    const line = {
      file: file.replace(`${process.cwd()}/`, ''),
      cpuMs: Math.round((c.user + c.system) / 1000),
      childrenMs: childrenMs() - kids0,
      wallMs: Date.now() - t0,
    };
    appendFileSync(out, `${JSON.stringify(line)}\n`);
  });
}
