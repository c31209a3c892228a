#!/usr/bin/env node
// paycert is written in TypeScript and run through tsx, so a fresh clone needs no build step.
// Every command runs from a bundle when one can be kept (bin/bundled.mjs): `paycert sdk-adapter`
// (started once per SDK run) and `paycert run` from their own, the others (`list`, `verify`, `sign`,
// `sandbox`, …, which npm test starts many times) from src/cli/main.ts's, each loading only its
// command's chunks.
const ENTRIES = { 'sdk-adapter': 'src/cli/sdk-adapter-main.ts', run: 'src/cli/run-main.ts' };
// `paycert run` clears the previous run's reports first, once its modules have loaded (a second and
// more; a build of its bundle longer): a SIGINT, SIGTERM or SIGHUP before that ended the process and
// left the previous run's complete, signed certificate in --out. Such a signal is held here until
// the run has cleared its reports, and then ends it (src/cli/run.ts earlySignal).
if (process.argv[2] === 'run') {
  const early = { signal: undefined, signals: ['SIGHUP', 'SIGINT', 'SIGTERM'] };
  early.handler = (signal) => (early.signal ??= signal);
  for (const signal of early.signals) process.on(signal, early.handler);
  globalThis.__paycertEarlySignals = early;
}
const entry = Object.hasOwn(ENTRIES, process.argv[2]) ? ENTRIES[process.argv[2]] : 'src/cli/main.ts';
const { loadFailed, runBundled } = await import('./bundled.mjs');
if (!(await runBundled(entry))) {
  try {
    // `paycert run` drives vitest. Its node API is hundreds of plain JavaScript modules: loaded after
    // tsx's loader hooks are registered, every module costs a round trip to the hooks' thread (1-2 s
    // in all, against 0.3 s natively), so it loads first.
    if (process.argv[2] === 'run') await import('vitest/node');
    (await import('tsx/esm/api')).register();
    await import('../src/cli/main.ts');
  } catch (e) {
    // a module that did not load (main.ts's own imports, vitest's, tsx's): one line and exit 4, as
    // from the bundle
    loadFailed(e);
  }
}
