import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { CREDENTIAL_VARS, credentials, secretValues, shortSecrets } from '../../../src/spec/credentials.ts';
import type { ProfileId } from '../../../src/spec/paths.ts';

/** secretValues as it was: every profile's credentials read whole, the secret ones kept, deduplicated. */
function straightforward(env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  for (const [profile, vars] of Object.entries(CREDENTIAL_VARS) as Array<
    [ProfileId, Record<string, readonly [string, string]>]
  >) {
    const values = credentials(profile, env) as Record<string, string>;
    for (const [k, [name]] of Object.entries(vars)) if (/SECRET/.test(name)) out.push(values[k]!);
  }
  out.push(env.PAYCERT_SECRET ?? '');
  return [...new Set(out.filter((s) => s.length > 0))];
}

describe('secretValues reads only the secret variables', () => {
  const names = [
    ...Object.values(CREDENTIAL_VARS).flatMap((vars) =>
      Object.values(vars as Record<string, readonly [string, string]>).map(([name]) => name),
    ),
    'PAYCERT_SECRET',
  ];
  test('the same secrets, in the same order, as reading every credential', () => {
    // values drawn from a small set, so that secrets repeat (one value for two variables) and some are empty
    const value = fc.constantFrom(undefined, '', 's3cr3tKey', 'v5-sandbox-secret-key', 'shared', 'тайна');
    fc.assert(
      fc.property(fc.tuple(...names.map(() => value)), (values) => {
        const env: NodeJS.ProcessEnv = {};
        names.forEach((n, i) => {
          if (values[i] !== undefined) env[n] = values[i];
        });
        expect(secretValues(env)).toEqual(straightforward(env));
      }),
      { numRuns: 500 },
    );
  });
  test('the defaults when nothing is set', () => {
    expect(secretValues({})).toEqual(straightforward({}));
    expect(secretValues({}).length).toBeGreaterThan(2);
  });
});

test('a secret variable set to under six characters is named (it is redacted by its key only)', () => {
  expect(
    shortSecrets({ PAYCERT_GREENLEAVES_SECRET_KEY: 'Q7x9z', PAYCERT_JYSAN_SHARED_SECRET: 'long-enough-secret' }),
  ).toEqual(['PAYCERT_GREENLEAVES_SECRET_KEY']);
  expect(shortSecrets({ PAYCERT_GREENLEAVES_SECRET_KEY: '' })).toEqual([]);
  expect(shortSecrets({})).toEqual([]);
});
