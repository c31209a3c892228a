import { randomInt } from 'node:crypto';
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
  return read(profile, env, {});
}

/** The credentials paycert configures an SDK with where it plays the gateway (the sdk subject), and its
 *  gateway takes: the environment's where set, else the run's own (ownCredentials), never the documented
 *  defaults, which are the bank's and the vendor's published samples (TEST_ECOM, WEB10004, the seed's
 *  auth_id 123456): an SDK that hard-codes a sample passed with them. */
export function sdkCredentials<P extends ProfileId>(profile: P, env: NodeJS.ProcessEnv = process.env): Credentials<P> {
  return read(profile, env, ownCredentials(env));
}

function read<P extends ProfileId>(profile: P, env: NodeJS.ProcessEnv, own: Record<string, string>): Credentials<P> {
  const out: Record<string, string> = {};
  for (const [k, [name, def]] of Object.entries(
    CREDENTIAL_VARS[profile] as Record<string, readonly [string, string]>,
  )) {
    const v = env[name]; // process.env reads are native calls: one per variable
    out[k] = v !== undefined && v !== '' ? v : (own[name] ?? def);
  }
  return out as Credentials<P>;
}

/** The variable that hands the run's own credentials (JSON, by variable name) to the processes it starts. */
export const RUN_CREDENTIALS_ENV = 'PAYCERT_RUN_CREDENTIALS';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALNUM = `${UPPER}abcdefghijklmnopqrstuvwxyz`;
const draw = (chars: string, n: number): string =>
  Array.from({ length: n }, () => chars[randomInt(chars.length)]).join('');
const digits = (n: number): string => `${randomInt(1, 10)}${draw('0123456789', n - 1)}`;

/** How a run makes its own value of a credential variable: random, in the documented format (a g2g
 *  pg_merchant_id is an integer, a v5 auth_id a string such as "123456", a Jysan MERCHANT C(6-15) and
 *  TERMINAL C(6-8)); a secret has no documented format. Keyed by variable, so a profile without an entry
 *  (the Jysan public key's path) keeps its default. */
const OWN: Readonly<Record<string, () => string>> = {
  PAYCERT_GREENLEAVES_MERCHANT_ID: () => digits(6),
  PAYCERT_GREENLEAVES_SECRET_KEY: () => draw(ALNUM, 20),
  PAYCERT_GREENLEAVES_V5_AUTH_ID: () => digits(6),
  PAYCERT_GREENLEAVES_V5_SECRET_KEY: () => draw(ALNUM, 24),
  PAYCERT_GREENLEAVES_V5_OTHER_AUTH_ID: () => digits(6),
  PAYCERT_GREENLEAVES_V5_OTHER_SECRET_KEY: () => draw(ALNUM, 24),
  PAYCERT_JYSAN_MERCHANT: () => draw(UPPER, 10),
  PAYCERT_JYSAN_TERMINAL: () => draw(UPPER, 8),
  PAYCERT_JYSAN_SHARED_SECRET: () => draw(ALNUM, 24),
};

let ownCache: { text: string; own: Record<string, string> } | undefined;

/** The run's own credentials, made once per process tree: the first process to ask (paycert run before
 *  it starts its test workers, vitest's global setup, a test file's worker) puts them in `env`
 *  (RUN_CREDENTIALS_ENV), which the processes it starts inherit, so that the gateway, the checks and the
 *  redaction of every process agree. None is a default or another's value (the second v5 merchant's). */
export function ownCredentials(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const text = env[RUN_CREDENTIALS_ENV];
  if (text !== undefined && text === ownCache?.text) return ownCache.own;
  if (text !== undefined) {
    try {
      const o = JSON.parse(text) as unknown;
      if (typeof o === 'object' && o !== null && !Array.isArray(o)) {
        const own = Object.fromEntries(
          Object.entries(o).filter((e): e is [string, string] => typeof e[1] === 'string'),
        );
        ownCache = { text, own };
        return own;
      }
    } catch {
      // not ours: made again below
    }
  }
  const defaults = new Map(
    Object.values(CREDENTIAL_VARS).flatMap((v) => Object.values(v as Record<string, readonly [string, string]>)),
  );
  const own: Record<string, string> = {};
  for (const [name, make] of Object.entries(OWN)) {
    let v = make();
    while (v === defaults.get(name) || Object.values(own).includes(v)) v = make();
    own[name] = v;
  }
  env[RUN_CREDENTIALS_ENV] = JSON.stringify(own);
  return own;
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
  // the run's own secrets (sdkCredentials), which an SDK run configures the SDK with
  const own = ownCredentials(env);
  for (const [name] of SECRET_VARS) {
    const v = own[name];
    if (v !== undefined && !out.includes(v)) out.push(v);
  }
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
