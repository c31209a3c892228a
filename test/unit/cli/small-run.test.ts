import { expect, test } from 'vitest';
import { smallRun } from '../../../src/cli/run.ts';
import type { RunConfig } from '../../../src/harness/run-config.ts';
import { PROFILES } from '../../../src/spec/paths.ts';
import { CHECKS } from '../../../suites/registry.ts';

// paycert run gives a small run one test worker (a second loads the module graph again for less
// work than that): the cases it will run are its selected checks in its plan times its runs
const KINDS = ['gateway', 'merchant', 'sdk'] as const;
const config = (
  over: Partial<RunConfig>,
  subjects = PROFILES.flatMap((profile) => KINDS.map((kind) => ({ profile, kind }))),
) => ({ plan: 'full', subjects, ...over }) as unknown as RunConfig;
const gateway = [{ profile: 'greenleaves', kind: 'gateway' }] as unknown as RunConfig['subjects'];

test('npm start (every subject, the default runs) is not small; the same at --runs 3 is', () => {
  expect(smallRun(config({}))).toBe(false);
  expect(smallRun(config({ runs: 3 }))).toBe(true);
  expect(smallRun(config({ runs: 5 }))).toBe(false);
});

test('a smoke plan counts only the checks in it; --check and --grep count only what they select', () => {
  const smoke = CHECKS.greenleaves.filter((c) => c.subject === 'gateway' && c.plans?.includes('smoke')).length;
  expect(smoke).toBeGreaterThan(0);
  // at the default 220 runs the smoke checks are more than a worker's start is worth; at 3, fewer
  expect(smallRun(config({ plan: 'smoke' }, gateway))).toBe(smoke * 220 <= 1000);
  expect(smallRun(config({ plan: 'smoke', runs: 3 }, gateway))).toBe(true);
  expect(smallRun(config({}, gateway))).toBe(false);
  expect(smallRun(config({ only: ['gl.kat.vectors'] }, gateway))).toBe(true);
  expect(smallRun(config({}, gateway), { grep: 'gl.kat.vectors' })).toBe(true);
  expect(smallRun(config({}, gateway), { rules: ['GL-SIG-02'] })).toBe(true);
});
