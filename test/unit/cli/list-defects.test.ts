import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { PROFILES, ROOT } from '../../../src/spec/paths.ts';
import type { Defect } from '../../../src/reference/defects.ts';
import { SANDBOXES } from '../../../src/sandbox/registry.ts';
import { MERCHANTS } from '../../../src/merchant/registry.ts';
import { SDK_DEFECTS } from '../../../src/sdk-adapter/defects.ts';

// scripts (scripts/defect-matrix.sh) read `--list-defects` as: profile, id, comma-separated rule ids,
// description, one defect a line. Parse the command's real output and compare it with the catalogues.
function listed(args: string[]): Array<[string, string, string[], string]> {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'paycert.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const m = /^(\S+) +(\S+) +(\S+) +(\S.*)$/.exec(l);
      expect(m, l).not.toBeNull();
      return [m![1]!, m![2]!, m![3]!.split(','), m![4]!];
    });
}

const expected = (catalogues: Array<[string, readonly Defect[] | undefined]>) =>
  catalogues.flatMap(([p, ds]) => (ds ?? []).map((d) => [p, d.id, d.rules, d.description]));

test.each([
  [
    'sandbox',
    ['sandbox', '--profile', 'all', '--list-defects'],
    () => expected(PROFILES.map((p) => [p, SANDBOXES[p].defects])),
  ],
  [
    'merchant',
    ['merchant', '--profile', 'all', '--list-defects'],
    () => expected(PROFILES.map((p) => [p, MERCHANTS[p]?.defects])),
  ],
  ['sdk-adapter', ['sdk-adapter', '--list-defects'], () => expected(PROFILES.map((p) => [p, SDK_DEFECTS[p]]))],
] as const)('paycert %s --list-defects prints every defect of every profile, one a line', (_name, args, want) => {
  const got = listed([...args]);
  expect(got.length).toBeGreaterThan(0);
  expect(got).toEqual(want());
});
