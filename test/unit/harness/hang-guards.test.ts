// A test's timeout is a hang guard, never a speed assumption (docs/architecture.md, "Time budgets"):
// the projects set it (unit 180 s, meta 300 s, e2e 600 s) and no test sets a shorter one of its own.
// A 30 s bound on a CLI start failed `paycert sign` at load 32, on a correct result.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';
import { ROOT } from '../../../src/spec/paths.ts';

const FLOOR: Record<string, number> = { unit: 180_000, meta: 300_000, e2e: 600_000 };
// a timeout argument closing a test call: `}, 30_000);` or a line `  30_000,` before `);`
const CLOSING = /^\s*\}, ([0-9_]+)\);\s*$/;
const ALONE = /^\s*([0-9_]+),\s*$/;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

test("no test sets a timeout below its project's hang guard", () => {
  const short: string[] = [];
  for (const [project, floor] of Object.entries(FLOOR)) {
    for (const file of files(join(ROOT, 'test', project))) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        const m = CLOSING.exec(line) ?? (/^\s*\);/.test(lines[i + 1] ?? '') ? ALONE.exec(line) : null);
        const ms = m ? Number(m[1]!.replace(/_/g, '')) : 0;
        // a number under a second is some other call's argument (a count, a size)
        if (ms >= 1000 && ms < floor) short.push(`${relative(ROOT, file)}:${i + 1} ${ms} ms`);
      });
    }
  }
  expect(short).toEqual([]);
});
