import { expect, test } from 'vitest';
import { PROFILES } from '../../../src/spec/paths.ts';
import { loadRules } from '../../../src/spec/load.ts';
import { REFERENCE_OPS } from '../../../src/sdk-adapter/reference.ts';
import { SDK_DEFECTS } from '../../../src/sdk-adapter/defects.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../../src/spec/paths.ts';

const sdkJson = (p: string) =>
  JSON.parse(readFileSync(join(ROOT, 'specs', p, 'sdk.json'), 'utf8')) as {
    operations: Array<{ op: string; rules: string[] }>;
  };

test.each(PROFILES)(
  '%s: the reference adapter offers exactly the operations of sdk.json, whose rules are sdk rules',
  async (p) => {
    const spec = sdkJson(p);
    expect(Object.keys(await REFERENCE_OPS[p]()).sort()).toEqual(spec.operations.map((o) => o.op).sort());
    const sdkRules = new Set(
      loadRules(p)
        .rules.filter((r) => r.subject === 'sdk')
        .map((r) => r.id),
    );
    expect(spec.operations.flatMap((o) => o.rules).filter((r) => !sdkRules.has(r))).toEqual([]);
    for (const d of SDK_DEFECTS[p])
      expect(
        d.rules.every((r) => sdkRules.has(r)),
        d.id,
      ).toBe(true);
  },
);
