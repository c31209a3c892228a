import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';
import { checksOf } from '../../../src/cli/run.ts';
import { ROOT } from '../../../src/spec/paths.ts';
import { CHECKS, CHECK_MODULES } from '../../../suites/registry.ts';

// paycert run hands vitest only the suite files that register a selected check, and learns what a
// file registers from the registry's per-module table (its own modules may be a bundle that cannot
// import a .ts file): every suite file must be known there, and together they register every check.
const suiteFiles = (readdirSync(join(ROOT, 'suites'), { recursive: true }) as string[])
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => join(ROOT, 'suites', f));

test('every suite file registers checks the registry knows, and together every check once', () => {
  expect(suiteFiles.length).toBeGreaterThan(10);
  const registered = suiteFiles.flatMap((f) => {
    const checks = checksOf(f);
    expect(checks, relative(ROOT, f)).toBeDefined();
    return checks!.map((c) => `${c.profile}:${c.id}`);
  });
  const all = Object.values(CHECKS).flatMap((cs) => cs.map((c) => `${c.profile}:${c.id}`));
  expect(registered.sort()).toEqual(all.sort());
});

test("the table's modules are the registry's, by their path from the checkout", () => {
  expect(CHECK_MODULES.get('suites/jysan/merchant/post.checks.ts')?.length).toBeGreaterThan(0);
  expect([...CHECK_MODULES.values()].flat().length).toBe(Object.values(CHECKS).flat().length);
});
