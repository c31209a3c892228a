// A test domain behind an HTTP Basic login (nginx's auth_basic in front of a staging gateway): the
// login comes from the environment, as the credentials do (never a flag, never the URL: both reach
// the reports), and is sent only to the target's own origin, never to a page elsewhere (an issuer's
// 3-D Secure page, a hosted payment page on another host).
import type { Subject } from './subject.ts';

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

/** The login a subject's requests carry: a real gateway's, on its base URL's origin, when one is set. */
export interface TargetLogin {
  origin: string;
  authorization: string;
}

/** The login for this subject, read once: only a real gateway gets one (a shop's result_url is called
 *  without, as the gateway calls it: GL-MCB-11; a reference needs none). */
export function loginFor(subject: Pick<Subject, 'kind' | 'target' | 'baseUrl'>): TargetLogin | undefined {
  const login = targetLogin();
  if (login === undefined || subject.kind !== 'gateway' || subject.target !== 'real') return undefined;
  if (!URL.canParse(subject.baseUrl)) return undefined;
  return {
    origin: new URL(subject.baseUrl).origin,
    authorization: `Basic ${Buffer.from(login, 'utf8').toString('base64')}`,
  };
}

/** The Authorization header a request to `url` carries: the login's, when `url` is on its origin. */
export function loginHeaders(url: string, login: TargetLogin | undefined): Record<string, string> {
  if (login === undefined || !URL.canParse(url) || new URL(url).origin !== login.origin) return {};
  return { authorization: login.authorization };
}
