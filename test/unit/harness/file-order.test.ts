import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { FILE_WEIGHTS, heaviestFirst } from '../../../src/harness/file-order.ts';
import { ROOT } from '../../../src/spec/paths.ts';

const suiteFiles = (readdirSync(join(ROOT, 'suites'), { recursive: true }) as string[])
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => `suites/${f.split('\\').join('/')}`);

test('every suite file has a weight, and the table names no file that is gone', () => {
  // a new suite file: run `paycert run --profile all --out DIR`, then scripts/file-weights.ts DIR
  expect(Object.keys(FILE_WEIGHTS).sort()).toEqual([...suiteFiles].sort());
});

test('the suite files go heaviest first; a file the table does not know goes before all', () => {
  const spec = (f: string) => ({ moduleId: join(ROOT, f) });
  const files = [...suiteFiles].reverse().map(spec);
  const ordered = heaviestFirst([...files, spec('suites/jysan/new.test.ts')]).map((f) => f.moduleId);
  expect(ordered[0]).toBe(join(ROOT, 'suites/jysan/new.test.ts'));
  const weights = ordered.slice(1).map(
    (f) =>
      FILE_WEIGHTS[
        f
          .slice(ROOT.length)
          .replace(/^[\\/]/, '')
          .split('\\')
          .join('/')
      ]!,
  );
  expect(weights).toEqual([...weights].sort((a, b) => b - a));
  expect(ordered[1]).toBe(join(ROOT, 'suites/greenleaves/fields.test.ts'));
});
