#!/usr/bin/env node
// paycert is written in TypeScript and run through tsx, so a fresh clone needs no build step.
// Every command runs from a bundle when one can be kept (bin/bundled.mjs): `paycert sdk-adapter`
// (started once per SDK run) and `paycert run` from their own, the others (`list`, `verify`, `sign`,
// `sandbox`, …, which npm test starts many times) from src/cli/main.ts's, each loading only its
// command's chunks.
const ENTRIES = { 'sdk-adapter': 'src/cli/sdk-adapter-main.ts', run: 'src/cli/run-main.ts' };
const entry = Object.hasOwn(ENTRIES, process.argv[2]) ? ENTRIES[process.argv[2]] : 'src/cli/main.ts';
if (!(await (await import('./bundled.mjs')).runBundled(entry))) {
  // `paycert run` drives vitest. Its node API is hundreds of plain JavaScript modules: loaded after
  // tsx's loader hooks are registered, every module costs a round trip to the hooks' thread (1-2 s
  // in all, against 0.3 s natively), so it loads first.
  if (process.argv[2] === 'run') await import('vitest/node');
  (await import('tsx/esm/api')).register();
  await import('../src/cli/main.ts');
}
