import { createHmac, timingSafeEqual } from 'node:crypto';
import { newRoute } from '../harness/listener.ts';
import { holdListenPort, type HeldPort } from '../harness/listener-relay.ts';
import { request } from 'undici';
import { egressAgent } from '../harness/egress.ts';
import { paceOrigin } from '../harness/http.ts';
import { viaProxy } from '../harness/proxy-env.ts';
import { loginFor, loginHeaders } from '../harness/target-login.ts';
import type { ProfileId } from '../spec/paths.ts';
import { CREDENTIAL_VARS, credentials } from '../spec/credentials.ts';
import { targetCards } from '../spec/jysan-cards.ts';
import { readDeclaration, type Declaration } from '../harness/declaration.ts';
import type { Subject } from '../harness/subject.ts';
import type { Response, Send } from '../sdk/transport.ts';
import { greenleavesSecretProbe } from './preflight-greenleaves.ts';
import { GreenleavesV5Client, type V5Reply } from '../sdk/greenleaves-v5.ts';
import {
  JWS_ERROR_CODE,
  JWS_URI_VAR,
  V5_PATHS,
  pathPrefix,
  scopeRefused,
  signedUri,
} from '../protocols/greenleaves-v5/index.ts';
import { JysanClient } from '../sdk/jysan.ts';
import { UsageError } from './errors.ts';
import { readReplyBody } from '../protocols/common/reply.ts';
import { decodeBody } from '../protocols/common/charset.ts';
import { frontWall, notServedPage, rateLimitPage, webPage } from '../harness/edge-page.ts';
import { quote, shownUrl } from '../harness/clip.ts';
import { warn } from './terminal.ts';
import { gatewayWords } from '../report/certificate.ts';

// Configuration mistakes found before any check runs: exit 2 with one line, not a page of failed rules.

/** The variables a real target needs (the defaults are the embedded references' credentials). */
export const REQUIRED_VARS: Record<ProfileId, string[]> = {
  greenleaves: [CREDENTIAL_VARS.greenleaves.merchantId[0], CREDENTIAL_VARS.greenleaves.secretKey[0]],
  'greenleaves-v5': [CREDENTIAL_VARS['greenleaves-v5'].authId[0], CREDENTIAL_VARS['greenleaves-v5'].secretKey[0]],
  jysan: [CREDENTIAL_VARS.jysan.merchant[0], CREDENTIAL_VARS.jysan.terminal[0], CREDENTIAL_VARS.jysan.sharedSecret[0]],
};

/** What a merchant subject does not need: the g2g gateway's calls to a shop carry no pg_merchant_id
 *  (README's merchant recipe sets the secret key alone, and the run stopped on the merchant id); the
 *  Jysan bank's results to BACKREF carry neither MERCHANT nor TERMINAL (a probe's shop run stopped on
 *  them). v5 callbacks carry the auth_id in their signature's header: it stays required. */
const UNUSED_BY_MERCHANT: Partial<Record<ProfileId, string[]>> = {
  greenleaves: [CREDENTIAL_VARS.greenleaves.merchantId[0]],
  jysan: [CREDENTIAL_VARS.jysan.merchant[0], CREDENTIAL_VARS.jysan.terminal[0]],
};

export function requireCredentials(
  profile: ProfileId,
  env: NodeJS.ProcessEnv = process.env,
  kind: 'gateway' | 'merchant' = 'gateway',
): void {
  const unused = kind === 'merchant' ? (UNUSED_BY_MERCHANT[profile] ?? []) : [];
  const unset = REQUIRED_VARS[profile].filter((v) => !env[v] && !unused.includes(v));
  if (unset.length > 0)
    throw new UsageError(
      `${unset.join(', ')} ${unset.length > 1 ? 'are' : 'is'} not set: a real ${profile} target needs its credentials in the environment (see README)`,
    );
}

/** PAYCERT_JYSAN_TEST_CARDS, when set, must name paycert's card ids with the target's PAN, exp and CVC. */
export function checkTargetCards(profile: ProfileId, env: NodeJS.ProcessEnv = process.env): void {
  if (profile !== 'jysan') return;
  try {
    targetCards(env);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** The declaration, read and validated; a usage error naming what is wrong with it. */
export function checkDeclaration(path: string): Declaration {
  try {
    return readDeclaration(path);
  } catch (e) {
    throw new UsageError(`--declaration: ${(e as Error).message}`);
  }
}

const agent = egressAgent({ connectTimeoutMs: 5_000, keepAliveTimeout: 1_000 });

const send: Send = async (req) => {
  const body = req.form ? new URLSearchParams(req.form).toString() : req.body;
  const headers = {
    ...(req.headers ?? {}),
    ...(req.form ? { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } : {}),
  };
  const res = await request(req.url, {
    method: (req.method ?? 'GET') as 'POST',
    headers,
    body,
    dispatcher: agent,
    // each undici timeout bounds one pause; a reply trickling in a byte at a time is bounded in all
    signal: AbortSignal.timeout(30_000),
    headersTimeout: 15_000,
    bodyTimeout: 15_000,
  });
  const bytes = await readReplyBody(res);
  return {
    status: res.statusCode,
    headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)])),
    body: bytes,
    text: decodeBody(bytes, res.headers['content-type']).text,
  };
};

/** Per profile: send one signed request for an order nobody has; true when the gateway refuses its
 *  signature. `null`: no probe for that profile (its checks alone judge a wrong secret). */
/** `'maybe'`: refused, but the reply carries no signature of its own (Jysan), so a bank that verifies
 *  P_SIGN wrongly looks the same as a wrong secret: the run goes on (the checks judge the bank) and
 *  the user is told which variable to check. */
/** `{ stop }`: the reply shows the request did not arrive as sent (a header stripped on the way): the
 *  run stops with that line. */
/** `{ goOn }`: the signature was refused, but the secret is shown right and the gateway's scheme not the
 *  documented one (g2g: preflight-greenleaves.ts): the run goes on with that line, in the certificate too. */
type ProbeOutcome = boolean | 'maybe' | { stop: string } | { goOn: string };
/** `settled`: the v5 read signedUriPreflight sent last and settled on, with the uri prefix it was signed
 *  for: the v5 probe judges it instead of sending the same read again (when the run signs that uri). */
const SECRET_PROBES: Record<
  ProfileId,
  ((subject: Subject, transport: Send, settled?: SettledRead) => Promise<ProbeOutcome>) | null
> = {
  // the secret shown right though the documented signature is refused: the run goes on (goOn)
  greenleaves: greenleavesSecretProbe,
  'greenleaves-v5': async (subject, transport, settled) => {
    const c = credentials('greenleaves-v5');
    const uriPrefix = subject.jwsUri?.prefix ?? '';
    // the uri pre-flight's read, when it was signed for the uri the run signs: the same request, not sent twice
    const r =
      settled !== undefined && settled.prefix === uriPrefix
        ? settled.reply
        : await new GreenleavesV5Client(transport, subject.baseUrl, c.authId, c.secretKey, uriPrefix).call('status', {
            order_id: PREFLIGHT_ORDER,
          });
    const token = Object.entries(r.http.headers).find(([k]) => k.toLowerCase() === 'x-jws-signature')?.[1];
    const sent = Object.keys(r.sent.headers).some((k) => k.toLowerCase() === 'x-jws-signature');
    const words = sent ? messageText(r.error?.message) : '';
    if (sent && saysSignatureMissing(words))
      return {
        stop: `${subject.baseUrl} answered that X-JWS-Signature is missing (${quote(`${r.error?.code} ${words}`, 120)}): the gateway did not receive X-JWS-Signature although paycert sent it: is something in between stripping it? (an edge, proxy or WAF that passes on only the headers it knows)`,
      };
    return String(r.error?.code) === '1001' && !signedWithSecret(token, r.http.body, c.secretKey);
  },
  jysan: async (subject, transport) => {
    const c = credentials('jysan');
    // a well-formed ORDER (N 6-10) nobody has: a field error would say nothing about the secret
    const r = await new JysanClient(transport, subject.baseUrl, c.merchant, c.terminal, c.sharedSecret).status(
      '9000000001',
    );
    return r.code === '21' ? 'maybe' : false; // "invalid-signature"
  },
};

/** A v5 error's message as text: a string, or its languages' texts ({ en, ru }) joined. */
const messageText = (message: unknown): string =>
  typeof message === 'string' ? message : Object.values(Object(message)).map(String).join(' ');

/** Whether a v5 error's words (either language) say X-JWS-Signature is missing: the reference's 1003
 *  "X-JWS-Signature is missing or malformed" (its code is INFERRED, so the words decide). */
function saysSignatureMissing(text: string): boolean {
  return (
    /x-jws-signature/i.test(text) && /\bmissing\b|\babsent\b|not (?:present|provided|found|given)|отсутств/i.test(text)
  );
}

/** Whether a v5 reply's X-JWS-Signature was made with `secret` over the reply body, in any of the
 *  HMAC algs and in either Base64 alphabet (padded or not): only whether the gateway knows our secret
 *  is asked here, how it encodes the signature is for the checks. */
function signedWithSecret(token: string | undefined, body: Uint8Array, secret: string): boolean {
  const [h, payload, sig, ...rest] = (token ?? '').split('.');
  if (!h || payload !== '' || !sig || rest.length > 0) return false;
  const given = Buffer.from(sig, 'base64');
  const input = `${h}.${Buffer.from(body).toString('base64url')}`;
  return ['sha256', 'sha384', 'sha512'].some((alg) => {
    const mac = createHmac(alg, secret).update(input).digest();
    return mac.length === given.length && timingSafeEqual(mac, given);
  });
}

const SIGNATURE_CODES = new Set<number>(Object.values(JWS_ERROR_CODE));

const PREFLIGHT_ORDER = 'PAYCERT-PREFLIGHT';

/** The read a pre-flight sent, and the uri prefix it was signed for ("": the API path). */
export interface SettledRead {
  reply: V5Reply;
  prefix: string;
}

/** How a reply shows it is not the API's (a 5xx, an edge's, wall's or web server's page), or undefined:
 *  such a reply says nothing of the uri the gateway takes. */
function notTheApi(r: V5Reply): string | undefined {
  const page = frontWall(r.http) ?? rateLimitPage(r.http) ?? notServedPage(r.http) ?? webPage(r.http);
  if (page) return `HTTP ${r.http.status} with ${page}`;
  return r.http.status >= 500 ? `HTTP ${r.http.status}` : undefined;
}

/** A v5 reply as the reason says it: the gateway's code and name made safe and short. */
const said = (r: V5Reply): string =>
  `HTTP ${r.http.status}${r.error ? `, error ${gatewayWords(String(r.error.code), 20)} ${gatewayWords(String(r.error.name ?? ''), 60)}`.trimEnd() : ''}`;

/** A refusal of the token at all: HTTP 401, a signature code of errors.json, or a scope refusal. */
const tokenRefused = (r: V5Reply): boolean =>
  r.http.status === 401 || SIGNATURE_CODES.has(Number(r.error?.code)) || scopeRefused(r.error);

/** The v5 JWS uri behind a --target path prefix (/sandbox/api). Seed 000 line 34 ("uri | The path to the
 *  API endpoint being called") allows the API path (/v5/g2g/read: an edge strips the prefix) and the
 *  full path called (/sandbox/api/v5/g2g/read), so neither may fail a rule: a read of an order nobody
 *  has is signed for the API path first; refused as a scope mismatch, the same read signed for the full
 *  path is sent, and the run signs that one if it is not refused for its token. Sets subject.jwsUri
 *  (the prefix the uri carries, and why: the certificate says it). JWS_URI_VAR forces a reading. A reply
 *  that is not the API's (notTheApi) says nothing: no reason is set on it, and it never chooses the full
 *  path. Returns the read it settled on (the secret's probe judges it: the same request is not sent
 *  twice), undefined when it sent none. */
export async function signedUriPreflight(
  subject: Subject,
  transport: Send = send,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SettledRead | undefined> {
  if (subject.profile !== 'greenleaves-v5' || subject.kind !== 'gateway') return undefined;
  const prefix = pathPrefix(subject.baseUrl);
  if (prefix === '') return undefined;
  const api = signedUri(V5_PATHS.read);
  const full = signedUri(V5_PATHS.read, prefix);
  const forced = env[JWS_URI_VAR];
  if (forced) {
    if (forced !== 'api-path' && forced !== 'full-path')
      throw new UsageError(`${JWS_URI_VAR}="${forced}": want api-path or full-path`);
    const taken = forced === 'full-path' ? prefix : '';
    subject.jwsUri = {
      prefix: taken,
      why: `the JWS uri is ${taken ? 'the full path called' : 'the API path'} (${signedUri(V5_PATHS.read, taken)} for a read), as ${JWS_URI_VAR}=${forced} says`,
    };
    return undefined;
  }
  const c = credentials('greenleaves-v5');
  const read = (p: string) =>
    new GreenleavesV5Client(transport, subject.baseUrl, c.authId, c.secretKey, p).call('status', {
      order_id: PREFLIGHT_ORDER,
    });
  const first = await read('');
  // not the API's reply: nothing learned, no reason given (the secret's pre-flight names the page)
  if (notTheApi(first) !== undefined) return { reply: first, prefix: '' };
  if (!scopeRefused(first.error)) {
    subject.jwsUri = {
      prefix: '',
      why: `the JWS uri is the API path (${api} for a read), without --target's prefix ${prefix}: a read signed for it was not refused as a signature scope mismatch (${JWS_URI_VAR}=full-path signs the full path)`,
    };
    return { reply: first, prefix: '' };
  }
  const second = await read(prefix);
  const away = notTheApi(second);
  if (away !== undefined) {
    subject.jwsUri = {
      prefix: '',
      why: `the JWS uri is the API path (${api} for a read), without --target's prefix ${prefix}: a read signed for it was refused as a signature scope mismatch (${said(first)}), and the same read signed for ${full} was answered with no reply of the API's (${away}), which says nothing (${JWS_URI_VAR}=full-path signs the full path)`,
    };
    warn(`paycert: warning: ${subject.jwsUri.why}; the run goes on, signing ${api}`);
    return { reply: first, prefix: '' };
  }
  if (!tokenRefused(second)) {
    subject.jwsUri = {
      prefix,
      why: `the JWS uri is the full path called (${full} for a read), --target's prefix ${prefix} included: a read signed for the API path ${api} was refused as a signature scope mismatch (${said(first)}), the same read signed for ${full} was not (${said(second)}); seed 000 "uri | The path to the API endpoint being called" allows both readings`,
    };
    warn(`paycert: ${subject.jwsUri.why}; the run signs that uri`);
    return { reply: second, prefix };
  }
  subject.jwsUri = {
    prefix: '',
    why: `the JWS uri is the API path (${api} for a read), without --target's prefix ${prefix}; the gateway took neither reading: a read signed for ${api} was refused as a signature scope mismatch (${said(first)}), and so was the same read signed for the full path ${full} (${said(second)})`,
  };
  warn(`paycert: warning: ${subject.jwsUri.why}; the run goes on, signing ${api}`);
  return { reply: first, prefix: '' };
}

/** One signed request for an order nobody has. The secret is visibly wrong when the gateway refuses
 *  the request's signature (greenleaves 1100, 9998, 101 or a description about it: refusesSignature; v5 1001, jysan 21) and its reply is not signed with our secret
 *  either: a gateway that signs its refusal with our secret has our secret, so that refusal is the
 *  gateway's fault and left to the checks. Anything else (transport trouble, other errors, an
 *  unparseable reply) says nothing about the secret: the checks judge it. A bot wall's or firewall's
 *  page in the reply's place (wallPage) is named in a warning, as the reason the run's checks will
 *  give where they meet it (inconclusive: not the API's reply). */
export async function secretPreflight(subject: Subject, transport: Send = send): Promise<void> {
  const probe = SECRET_PROBES[subject.profile];
  if (subject.kind !== 'gateway' || !probe) return;
  let refused: ProbeOutcome;
  let last: Response | undefined;
  let lastUrl = '';
  const login = loginFor(subject);
  const walled = () => {
    if (last === undefined) return false;
    const limited = rateLimitPage(last);
    const wall = frontWall(last) ?? limited;
    // the web server's own 404 at the status endpoint: most often a --target without the API's prefix
    const gone = wall === undefined ? notServedPage(last) : undefined;
    // a site's page (a front end, an SPA's index.html for every path) where g2g's XML or v5's JSON
    // belongs: the API is elsewhere (Jysan's bank may answer its errors with an HTML page of its own)
    const site = wall ?? gone ?? (subject.profile === 'jysan' ? undefined : webPage(last));
    if (wall)
      warn(
        `paycert: warning: ${subject.baseUrl} answers with ${wall}, not the API: such replies are not judged (${limited !== undefined ? 'a rate limit page: pace paycert slower, --pace, or raise the limit for its address' : "let paycert's address through"}); the run goes on`,
      );
    else if (gone)
      warn(
        `paycert: warning: ${shownUrl(lastUrl)} answers with ${gone}: the API is not served there; is --target its base URL (with its path prefix, if any)? the run goes on`,
      );
    else if (site)
      warn(
        `paycert: warning: ${shownUrl(lastUrl)} answers HTTP ${last.status} with ${site}, not the API's reply; is --target its base URL (with its path prefix, if any)? the run goes on`,
      );
    return site !== undefined;
  };
  const paced: Send = async (req) => {
    lastUrl = req.url;
    // paced after the start-up probe (it went 0.2-0.9 s after it, probe 24). The checks run in
    // vitest worker processes that do not share this pacing memory: the first check's request is
    // spaced from this one only by the time the workers take to start
    await paceOrigin(req.url, subject.limits?.minIntervalMs ?? 0);
    return (last = await transport({
      ...req,
      headers: { ...loginHeaders(req.url, login), ...req.headers },
    }));
  };
  try {
    // the v5 JWS uri first: the secret's probe is signed for the uri the gateway takes
    const settled = await signedUriPreflight(subject, paced);
    refused = await probe(subject, paced, settled);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    walled();
    return;
  }
  if (walled()) return;
  const v = REQUIRED_VARS[subject.profile].find((x) => /SECRET/.test(x));
  const why = `${subject.baseUrl} refuses the signature of a signed request with its "invalid signature" error: check ${v} (and the merchant/auth id), or the gateway computes the signature otherwise than documented (the order of the fields, ${subject.profile === 'greenleaves' ? 'the script name, ' : ''}the bytes hashed): paycert's known-answer vectors (fixtures/${subject.profile}/vectors.json) show how it signs`;
  if (typeof refused === 'object' && 'goOn' in refused) {
    subject.preflight = refused.goOn;
    return warn(`paycert: warning: ${refused.goOn}; the run goes on`);
  }
  if (typeof refused === 'object') throw new UsageError(refused.stop);
  if (refused === 'maybe') warn(`paycert: warning: ${why}; the run goes on`);
  else if (refused) throw new UsageError(why);
}

/** --baseline and --sign-key, read and checked before the run starts. */
export async function certificateOptions(v: Record<string, unknown>): Promise<{
  baseline?: { path: string; entries: import('../report/baseline.ts').BaselineEntry[] };
  signing?: import('../report/sign.ts').SigningKey;
}> {
  const { readBaseline, BaselineError } = await import('../report/baseline.ts');
  const { loadSigningKey, KeyError } = await import('../report/sign.ts');
  try {
    const path = v.baseline === undefined ? undefined : String(v.baseline);
    return {
      baseline: path === undefined ? undefined : { path, entries: readBaseline(path) },
      signing: v['sign-key'] === undefined ? undefined : await loadSigningKey(String(v['sign-key'])),
    };
  } catch (e) {
    if (e instanceof BaselineError) throw new UsageError(`--baseline: ${e.message}`);
    if (e instanceof KeyError) throw new UsageError(`--sign-key: ${e.message}`);
    throw e;
  }
}

/** --callback-base: one request sent to it from here, before the run, must arrive at paycert's
 *  listener on 127.0.0.1:--listen-port. `unreached` is undefined when it did; else why not, for the checks that wait
 *  for the gateway's calls (inconclusive: a call that never came cannot be told from one a
 *  misdirected tunnel lost; GL-CB-01 failed on a conformant gateway so). A port that is taken is a
 *  usage error. The port stays held until the run ends (`relay`, the directory of the workers' sockets:
 *  src/harness/listener-relay.ts), so that no other process takes it in between (probe 22). */
export async function callbackPreflight(
  base: string,
  port: number,
  timeoutMs = 10_000,
): Promise<{ unreached?: string; relay: string }> {
  const route = newRoute();
  let held: HeldPort;
  try {
    held = await holdListenPort(port);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'EADDRINUSE'
        ? `--listen-port ${port} is taken by another process on 127.0.0.1`
        : `--listen-port ${port}: cannot listen on 127.0.0.1 (${code ?? (e as Error).message})`,
    );
  }
  const arrived = held.own(route);
  const done = (unreached?: string) => ({ ...(unreached !== undefined && { unreached }), relay: held.dir });
  const probe = `${base.replace(/\/$/, '')}${route}/probe`;
  const here = `paycert's listener on 127.0.0.1:${port}`;
  try {
    const res = await request(probe, {
      dispatcher: agent,
      signal: AbortSignal.timeout(timeoutMs),
      headersTimeout: timeoutMs,
    });
    await readReplyBody(res).catch(() => undefined);
    if (arrived()) return done();
    return done(
      `a request to --callback-base (${shownUrl(probe)}) did not reach ${here}: it was answered HTTP ${res.statusCode} by something else (does the tunnel forward to --listen-port ${port}?)`,
    );
  } catch (e) {
    if (arrived()) return done();
    const err = e as Error & { code?: string; cause?: Error & { code?: string } };
    const cause = err.cause ?? err;
    const why =
      err.name === 'TimeoutError'
        ? `no answer within ${timeoutMs / 1000} s`
        : `${cause.code && !cause.message.includes(cause.code) ? `${cause.code}: ` : ''}${cause.message}`;
    return done(`a request to --callback-base (${shownUrl(probe)}) did not reach ${here} (${why}${viaProxy(probe)})`);
  }
}
