import type { ProfileId } from './paths.ts';

// Credentials come from the environment only (never from CLI flags). The embedded sandboxes use
// the same variables when set, and these documented defaults otherwise.
const VARS = {
  greenleaves: {
    merchantId: ['PAYCERT_GREENLEAVES_MERCHANT_ID', '123456'],
    secretKey: ['PAYCERT_GREENLEAVES_SECRET_KEY', 's3cr3tKey'],
  },
  'greenleaves-v5': {
    authId: ['PAYCERT_GREENLEAVES_V5_AUTH_ID', '123456'],
    secretKey: ['PAYCERT_GREENLEAVES_V5_SECRET_KEY', 'v5-sandbox-secret-key'],
    // a second merchant of the same gateway: auth_id binding and per-merchant idempotency
    otherAuthId: ['PAYCERT_GREENLEAVES_V5_OTHER_AUTH_ID', '654321'],
    otherSecretKey: ['PAYCERT_GREENLEAVES_V5_OTHER_SECRET_KEY', 'v5-sandbox-other-merchant-key'],
  },
  jysan: {
    merchant: ['PAYCERT_JYSAN_MERCHANT', 'TEST_ECOM'],
    terminal: ['PAYCERT_JYSAN_TERMINAL', 'WEB10004'],
    sharedSecret: ['PAYCERT_JYSAN_SHARED_SECRET', '01234567890123456789012'],
    publicKeyPath: ['PAYCERT_JYSAN_PUBLIC_KEY', ''],
  },
} as const;

type Vars = typeof VARS;
type VarsOf<P extends ProfileId> = P extends keyof Vars ? Vars[P] : Record<string, readonly [string, string]>;
// keyed by ProfileId here, once: a profile missing from VARS is one compile error, at this line
export const CREDENTIAL_VARS: { [P in ProfileId]: VarsOf<P> } = VARS;

export type Credentials<P extends ProfileId> = { [K in keyof VarsOf<P>]: string };

export function credentials<P extends ProfileId>(profile: P, env: NodeJS.ProcessEnv = process.env): Credentials<P> {
  const out: Record<string, string> = {};
  for (const [k, [name, def]] of Object.entries(
    CREDENTIAL_VARS[profile] as Record<string, readonly [string, string]>,
  )) {
    const v = env[name]; // process.env reads are native calls: one per variable
    out[k] = v !== undefined && v !== '' ? v : def;
  }
  return out as Credentials<P>;
}

/** A credential is a secret when its variable says so (…_SECRET_KEY, …_SHARED_SECRET, …). */
const SECRET_VAR = /SECRET/;

/** The secret variables of every profile, in catalogue order, with their defaults. */
const SECRET_VARS: ReadonlyArray<readonly [string, string]> = Object.values(CREDENTIAL_VARS).flatMap((vars) =>
  Object.values(vars as Record<string, readonly [string, string]>).filter(([name]) => SECRET_VAR.test(name)),
);

/** Every configured secret of every profile, plus `paycert sign`'s PAYCERT_SECRET (redacted everywhere).
 *  Read from the environment on every call (a test may change it), but only the secret variables:
 *  an SDK check asks once per request it judges. */
/** The secret variables set to a value too short to be looked for in free text (registerSecret: under
 *  six characters it would also be an amount or an id): such a value is redacted only where a key
 *  names it, and the user is told so. */
export function shortSecrets(env: NodeJS.ProcessEnv = process.env, min = 6): string[] {
  return SECRET_VARS.filter(([name]) => {
    const v = env[name];
    return v !== undefined && v !== '' && v.length < min;
  }).map(([name]) => name);
}

export function secretValues(env: NodeJS.ProcessEnv = process.env): string[] {
  const out: string[] = [];
  for (const [name, def] of SECRET_VARS) {
    const v = env[name];
    const value = v !== undefined && v !== '' ? v : def;
    if (value.length > 0 && !out.includes(value)) out.push(value);
  }
  // a test domain's HTTP login (src/harness/target-login.ts): the password, and user:password, whose
  // Base64 is the Authorization header's token
  const login = env.PAYCERT_TARGET_LOGIN ?? '';
  for (const v of [login, login.slice(login.indexOf(':') + 1)])
    if (login.includes(':') && v.length > 0 && !out.includes(v)) out.push(v);
  const sign = env.PAYCERT_SECRET ?? '';
  if (sign.length > 0 && !out.includes(sign)) out.push(sign);
  return out;
}

/** The secrets set in the environment, each with the shell parameter that gives it (`NAME`, or
 *  `PAYCERT_TARGET_LOGIN#*:` for the login's password): a command line shown in a report names a secret
 *  it holds by its variable, `"${NAME}"`, and still runs as given (src/cli/shown.ts). Longest first. */
export function namedSecrets(env: NodeJS.ProcessEnv = process.env): Array<{ param: string; value: string }> {
  const out: Array<{ param: string; value: string }> = [];
  const add = (param: string, value: string | undefined) => {
    // (as the redactor: a value under six characters is too ambiguous to look for in free text)
    if (value && value.length >= 6 && !out.some((s) => s.value === value)) out.push({ param, value });
  };
  for (const [name] of SECRET_VARS) add(name, env[name]);
  const login = env.PAYCERT_TARGET_LOGIN ?? '';
  if (login.includes(':')) {
    add('PAYCERT_TARGET_LOGIN', login);
    add('PAYCERT_TARGET_LOGIN#*:', login.slice(login.indexOf(':') + 1));
  }
  add('PAYCERT_SECRET', env.PAYCERT_SECRET);
  return out.sort((a, b) => b.value.length - a.value.length);
}

/** The first credential variable (any profile's, the target's login, `sign`'s PAYCERT_SECRET) whose
 *  value is not UTF-8: Node decodes the environment as UTF-8 and puts U+FFFD for the bytes it cannot
 *  read (a key set from a Latin-1 file), so paycert would sign with another key than the one given,
 *  and every signature would be refused with nothing saying why. */
export function notUtf8Credential(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const names = [
    ...Object.values(CREDENTIAL_VARS).flatMap((vars) =>
      Object.values(vars as Record<string, readonly [string, string]>).map(([name]) => name),
    ),
    'PAYCERT_TARGET_LOGIN',
    'PAYCERT_SECRET',
  ];
  return names.find((name) => env[name]?.includes('\uFFFD'));
}

export const notUtf8Message = (name: string): string =>
  `${name} is not UTF-8 text (some of its bytes could not be read, and paycert would sign with another key than the one set): set it as UTF-8`;
