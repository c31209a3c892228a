import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../src/spec/paths.ts';

/** Start test/fixtures-hostile/SCRIPT (gateway.mjs, merchant.mjs) with PORT 0 first among `args`, and
 *  wait for the port it prints once listening: no port is picked before the server binds it (no
 *  free-port.sh, no wait-port.sh: two python3 starts a server). Only stdout is a pipe, and nothing is
 *  printed there after that line: the tests' paycert runs block this process's event loop
 *  (spawnSync), and a pipe nobody drains can fill and stop the server. Kill `child` when done. */
export function startHostile(
  script: 'gateway.mjs' | 'merchant.mjs',
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [join(ROOT, 'test', 'fixtures-hostile', script), '0', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = / on (\d+)\n/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      reject(new Error(`${script} ${args.join(' ')} exited ${code} before listening: ${out}`)),
    );
  });
}
