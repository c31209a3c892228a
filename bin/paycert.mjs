#!/usr/bin/env node
// paycert is written in TypeScript and run through tsx, so a fresh clone needs no build step.
// `paycert sdk-adapter` (started once per SDK run) and `paycert run` from their bundles when they can
// be kept (bin/bundled.mjs)
const ENTRIES = { 'sdk-adapter': 'src/cli/sdk-adapter-main.ts', run: 'src/cli/run-main.ts' };
const entry = Object.hasOwn(ENTRIES, process.argv[2]) ? ENTRIES[process.argv[2]] : undefined;
const bundled = entry !== undefined && (await import('./bundled.mjs')).runBundled(entry);
if (!(await bundled)) {
  // `paycert run` drives vitest. Its node API is hundreds of plain JavaScript modules: loaded after
  // tsx's loader hooks are registered, every module costs a round trip to the hooks' thread (1-2 s
  // in all, against 0.3 s natively), so it loads first.
  if (process.argv[2] === 'run') await import('vitest/node');
  (await import('tsx/esm/api')).register();
  await import('../src/cli/main.ts');
}
