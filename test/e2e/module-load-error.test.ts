import { expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../src/spec/paths.ts';

// A probe of the certification workflow: a command's modules that did not load (a package missing
// from node_modules) gave Node's stack trace and exit 1, which README's exit table calls a failed
// rule; bin/bundled.mjs imported the bundle without a catch. README: exit 4, one line.

/** `paycert ARGS` with the package `missing` unresolvable (a loader hook, as a broken npm ci leaves it). */
function withoutPackage(missing: string, args: string[], env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'paycert-load-error-'));
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `export async function resolve(spec, ctx, next) {
  if (spec === ${JSON.stringify(missing)}) throw Object.assign(new Error("Cannot find package '${missing}'"), { code: 'ERR_MODULE_NOT_FOUND' });
  return next(spec, ctx);
}\n`,
  );
  writeFileSync(
    join(dir, 'register.mjs'),
    `import { register } from 'node:module';\nregister(new URL('./hooks.mjs', import.meta.url));\n`,
  );
  return spawnSync(
    process.execPath,
    ['--import', join(dir, 'register.mjs'), join(ROOT, 'bin', 'paycert.mjs'), ...args],
    {
      encoding: 'utf8',
      env: { ...process.env, ...env },
      timeout: 60_000,
    },
  );
}

test.each([
  // `paycert run` from its bundle (jose: the seal's, imported by run.ts)
  ['jose', {}],
  // through tsx (vitest's node API, loaded before tsx)
  ['vitest/node', { PAYCERT_NO_BUNDLE: '1' }],
])('a module that does not load (%s) is one line and exit 4', (missing, env) => {
  const r = withoutPackage(missing, ['run', '--help'], env);
  expect(r.status, r.stderr).toBe(4);
  expect(r.stderr).toMatch(
    /^paycert: internal error: Cannot find package '[\w/]+' \(set PAYCERT_DEBUG=1 for the stack\)\n$/,
  );
});
