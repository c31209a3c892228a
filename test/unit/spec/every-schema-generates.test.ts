import { Worker } from 'node:worker_threads';
import { expect, test } from 'vitest';
import { SCHEMA_BASE } from '../../../src/spec/ajv.ts';

// Every object schema in specs/ is a generator's input as soon as a check asks for it (validArbitrary):
// each must yield values its own validator takes, or say it cannot. A string property with a pattern and no
// maxLength (redirect.schema.json's 128-hex sign) was filtered against the free-text default length
// of 32 that nothing it matches meets: fast-check then retried without end. A synchronous loop cannot
// be stopped by a test timeout, so the sampling runs in a worker thread that is stopped after a bound.
const SAMPLER = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { tsImport } = await import(workerData.tsx);
  const fc = (await import('fast-check')).default;
  const { validArbitrary } = await tsImport(workerData.arbitrary, workerData.arbitrary);
  const { schemaFiles, validator } = await tsImport(workerData.ajv, workerData.ajv);
  // the profiles' schemas, as ajv is given them (the meta-schemas under _meta/ describe specs/ itself)
  for (const { schema } of schemaFiles()) {
    const path = schema.$id;
    if (path.includes('/_meta/') || schema.type !== 'object' || !schema.properties) continue;
    parentPort.postMessage({ started: path });
    const valid = validator(schema.$id);
    const bad = [];
    try {
      for (const v of fc.sample(validArbitrary(schema.$id), { numRuns: 10, seed: 42 }))
        if (!valid(v)) bad.push(JSON.stringify([v, valid.errors]));
    } catch (e) {
      bad.push(e.message);
    }
    parentPort.postMessage({ done: path, bad: bad.slice(0, 1) });
  }
  parentPort.postMessage({ end: true });
})();
`;

test('every object schema in specs/ generates values it validates, in bounded time', async () => {
  const src = (f: string) => new URL(`../../../src/spec/${f}`, import.meta.url).href;
  const worker = new Worker(SAMPLER, {
    eval: true,
    workerData: { arbitrary: src('arbitrary.ts'), ajv: src('ajv.ts'), tsx: import.meta.resolve('tsx/esm/api') },
  });
  const done: string[] = [];
  const bad: string[] = [];
  let current = '';
  const ended = await new Promise<boolean>((resolve, reject) => {
    // ~2 s quiet for all of them; the bound only tells a hang from slowness under load
    const timer = setTimeout(() => resolve(false), 45_000);
    worker.on('error', reject);
    worker.on('message', (m: { started?: string; done?: string; bad?: string[]; end?: boolean }) => {
      if (m.started) current = m.started;
      if (m.done) {
        done.push(m.done);
        bad.push(...(m.bad ?? []).map((b) => `${m.done}: ${b}`));
      }
      if (m.end) {
        clearTimeout(timer);
        resolve(true);
      }
    });
  });
  await worker.terminate();
  expect(ended, `no value came out of ${current.slice(SCHEMA_BASE.length)} in 45 s`).toBe(true);
  expect(bad).toEqual([]);
  expect(done.length).toBeGreaterThan(40);
});
