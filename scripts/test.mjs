// `npm test`: the type check and the unit, meta and end-to-end tests side by side (tsc is ~10 s of
// one core the test run would otherwise wait for). tsc's report is printed after vitest's; the
// command fails if either fails. Extra arguments go to vitest.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// the packages' own entry files (vitest's package exports do not include its bin)
const bin = (path) => fileURLToPath(new URL(`../node_modules/${path}`, import.meta.url));
const run = (file, args, stdio) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [bin(file), ...args], { stdio });
    let out = '';
    child.stdout?.on('data', (b) => (out += b));
    child.stderr?.on('data', (b) => (out += b));
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });

const tsc = run('typescript/bin/tsc', ['--noEmit'], ['ignore', 'pipe', 'pipe']);
const vitest = await run(
  'vitest/vitest.mjs',
  [
    'run',
    '--project',
    'unit',
    '--project',
    'unit-isolated',
    '--project',
    'meta',
    '--project',
    'e2e',
    ...process.argv.slice(2),
  ],
  'inherit',
);
const types = await tsc;
if (types.code !== 0) process.stderr.write(`\ntsc --noEmit failed:\n${types.out}`);
else process.stdout.write('tsc --noEmit: no type errors\n');
process.exit(vitest.code || types.code);
