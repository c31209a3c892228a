import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  CREDENTIAL_VARS,
  RUN_CREDENTIALS_ENV,
  credentials,
  sdkCredentials,
  secretValues,
  shortSecrets,
} from '../../../src/spec/credentials.ts';
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
  // and the run's own secrets, as sdkCredentials gives them where no variable is set
  const own = { [RUN_CREDENTIALS_ENV]: env[RUN_CREDENTIALS_ENV] };
  for (const [profile, vars] of Object.entries(CREDENTIAL_VARS) as Array<
    [ProfileId, Record<string, readonly [string, string]>]
  >) {
    const values = sdkCredentials(profile, own) as Record<string, string>;
    for (const [k, [name]] of Object.entries(vars)) if (/SECRET/.test(name)) out.push(values[k]!);
  }
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
    const env: NodeJS.ProcessEnv = {};
    expect(secretValues(env)).toEqual(straightforward(env));
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

// Where paycert plays the gateway for an SDK (the sdk subject), the SDK is configured with credentials of the
// run's own when the environment gives none: with the defaults (the bank's published samples TEST_ECOM,
// WEB10004, 01234567890123456789012, the seed's auth_id 123456) an SDK hard-coding them passed JY-SDK-20 and
// JY-SDK-01 (probe 17's merchant-const, secret-const).
describe('sdkCredentials: the credentials an SDK run configures the SDK with', () => {
  const vars = (p: ProfileId) => Object.entries(CREDENTIAL_VARS[p] as Record<string, readonly [string, string]>);
  test('none is a default (a published sample) where the environment gives none', () => {
    for (const p of Object.keys(CREDENTIAL_VARS) as ProfileId[]) {
      const env: NodeJS.ProcessEnv = {};
      const own = sdkCredentials(p, env) as Record<string, string>;
      for (const [k, [name, def]] of vars(p)) {
        if (def === '')
          expect(own[k], name).toBe(''); // a path (the Jysan public key): no value of its own
        else expect(own[k], name).not.toBe(def);
      }
    }
  });
  test('of the documented formats', () => {
    const env: NodeJS.ProcessEnv = {};
    const j = sdkCredentials('jysan', env);
    expect(j.merchant).toMatch(/^[A-Z0-9]{6,15}$/); // C(6-15)
    expect(j.terminal).toMatch(/^[A-Z0-9]{6,8}$/); // C(6-8)
    expect(sdkCredentials('greenleaves', env).merchantId).toMatch(/^[1-9][0-9]*$/); // pg_merchant_id, an integer
    const v5 = sdkCredentials('greenleaves-v5', env);
    expect(v5.authId).toMatch(/^[0-9A-Za-z_-]+$/);
    expect(v5.otherAuthId).not.toBe(v5.authId);
  });
  test('one set per environment (the processes a run starts inherit it), another for another run', () => {
    const env: NodeJS.ProcessEnv = {};
    const a = sdkCredentials('jysan', env);
    expect(sdkCredentials('jysan', env)).toEqual(a);
    expect(sdkCredentials('jysan', { ...env })).toEqual(a); // a child's copy of the environment
    expect(sdkCredentials('jysan', {}).sharedSecret).not.toBe(a.sharedSecret);
  });
  test("the environment's values where set", () => {
    const env = { PAYCERT_JYSAN_MERCHANT: 'MY_SHOP_1', PAYCERT_JYSAN_SHARED_SECRET: 'my-own-secret-1' };
    const c = sdkCredentials('jysan', env);
    expect([c.merchant, c.sharedSecret]).toEqual(['MY_SHOP_1', 'my-own-secret-1']);
    expect(c.terminal).not.toBe('WEB10004');
    // the other subjects keep the documented defaults
    expect(credentials('jysan', {}).merchant).toBe('TEST_ECOM');
  });
  test('the secrets of its own are secret values (redacted, and looked for in what the SDK sends)', () => {
    const env: NodeJS.ProcessEnv = {};
    const own = [
      sdkCredentials('jysan', env).sharedSecret,
      sdkCredentials('greenleaves', env).secretKey,
      sdkCredentials('greenleaves-v5', env).secretKey,
      sdkCredentials('greenleaves-v5', env).otherSecretKey,
    ];
    expect(secretValues(env)).toEqual(expect.arrayContaining(own));
  });
});

test("an SDK adapter's environment carries no run's own credentials (each request carries them)", async () => {
  const { adapterEnv } = await import('../../../src/harness/sdk.ts');
  const env: NodeJS.ProcessEnv = { PATH: '/usr/bin' };
  sdkCredentials('jysan', env);
  expect(env[RUN_CREDENTIALS_ENV]).toBeDefined();
  expect(adapterEnv(env)).toEqual({ PATH: '/usr/bin', PYTHONUNBUFFERED: '1' });
});
