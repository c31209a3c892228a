// A test domain behind an HTTP Basic login (nginx's auth_basic in front of a staging gateway): the
// login comes from the environment, as the credentials do (never a flag, never the URL: both reach
// the reports), and is sent only to the target's own origin, never to a page elsewhere (an issuer's
// 3-D Secure page, a hosted payment page on another host).

export const LOGIN_VAR = 'PAYCERT_TARGET_LOGIN';

/** user:password, when set */
export function targetLogin(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const v = env[LOGIN_VAR];
  return v === undefined || v === '' ? undefined : v;
}

/** Why the variable is unusable (no colon between the user and the password), or undefined. */
export function loginProblem(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const v = targetLogin(env);
  if (v === undefined || v.includes(':')) return undefined;
  return `${LOGIN_VAR} must be user:password (a colon between them)`;
}

/** The Authorization header a request to `url` carries: the login, when one is set and `url` is on the
 *  origin of `target` (the gateway's base URL); else none. */
export function loginHeaders(url: string, target: string | undefined): Record<string, string> {
  const login = targetLogin();
  if (login === undefined || target === undefined || !URL.canParse(url) || !URL.canParse(target)) return {};
  if (new URL(url).origin !== new URL(target).origin) return {};
  return { authorization: `Basic ${Buffer.from(login, 'utf8').toString('base64')}` };
}
