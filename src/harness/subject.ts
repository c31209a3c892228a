import type { ProfileId } from '../spec/paths.ts';
import type { SubjectKind } from '../spec/load.ts';

/** What a reference implementation can do for the suite through its `/__paycert/` control API,
 *  or what the run makes possible. Checks that need one are skipped when it is missing. */
export const CAPABILITIES = [
  'clock', // advance the subject's clock: callback schedules checked in milliseconds
  'payer', // the hosted pages can be completed by a scripted payer
  'acs', // the 3-D Secure test password is known
  'callbacks', // the subject can reach the suite's callback listener
  'inspect', // the subject reports its own state (e.g. the merchant's orders)
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export type TargetKind = 'reference' | 'real';

/** A resolved subject, serialisable so that it can travel to test workers. Credentials are not in
 *  it: every process reads them from the environment (src/spec/credentials.ts). */
export interface Subject {
  profile: ProfileId;
  kind: SubjectKind;
  target: TargetKind;
  /** gateway: base URL (origin, optionally a path prefix); merchant: the result_url under test */
  baseUrl: string;
  /** merchant: the check_url under test */
  checkUrl?: string;
  /** merchant: the declaration file (orders prepared for the test) */
  declarationPath?: string;
  /** merchant, one shard of a sharded run: its share of the declared orders (every count-th of each
   *  state, from the index-th), so that no two shards use one order */
  orderShare?: { index: number; count: number };
  /** the reference implementation's control API (`…/__paycert`) */
  controlUrl?: string;
  capabilities: Capability[];
  /** a Jysan gateway (--page-origin): further origins of its own (a card page on a second host) that
   *  the scripted payer is followed to and posts the card form to, as to baseUrl's origin. Never
   *  sent the target's login (src/harness/target-login.ts) */
  pageOrigins?: string[];
  /** public URL that reaches the suite's callback listener, for real targets */
  callbackBase?: string;
  listenPort?: number;
  /** the directory of the sockets the run's relay passes the calls on --listen-port to (src/harness/listener-relay.ts) */
  listenRelay?: string;
  /** why a request sent to callbackBase before the run did not reach the listener (src/cli/preflight.ts
   *  callbackPreflight): the checks that wait for the subject's calls are then inconclusive, since a
   *  call that does not arrive cannot be told from one the tunnel lost */
  callbackUnreached?: string;
  /** a v5 gateway behind a path prefix (src/cli/preflight.ts signedUriPreflight): the prefix its JWS
   *  uri carries ("" or absent: the API path, /v5/g2g/create) and why, for the certificate */
  jwsUri?: { prefix: string; why: string };
  /** what the secret pre-flight found beside the checks, for the certificate: a g2g gateway refusing the
   *  documented signature with the right secret, signing without the script name (src/cli/preflight-greenleaves.ts) */
  preflight?: string;
  /** why the target's TLS certificate is not accepted, its code and message (src/harness/targets.ts
   *  reach): the run goes on for the checks that judge that certificate (Check.judgesTls); every other
   *  check is not judged, the target not being reached over a trusted connection */
  untrusted?: string;
  limits: {
    numRuns: number;
    timeoutMs: number;
    minIntervalMs: number;
    /** how long a call that should come is waited for */
    callbackWaitMs: number;
    /** how long the listener is watched for a call that must not come (a repeated callback): a
     *  reference calls at once, a real gateway may take its time */
    quietMs: number;
  };
  /** run rules marked slow (hours of real time) against a real target */
  slow: boolean;
  /** sdk: the adapter process to start (argv); the gateway it is sent to is baseUrl, recorded */
  sdk?: {
    command: string[];
    /** the reference adapter's defects, sent with each request: one process serves them all */
    defects?: string[];
    /** `paycert run --sdk-tls`: the recording gateway serves HTTPS with a certificate of the run's CA
     *  (src/harness/sdk-tls.ts), named to the adapter in each request (`ca`) and its environment */
    tls?: true;
  };
  /** `paycert run`'s embedded reference: each test worker starts its own (src/harness/embedded.ts)
   *  and sets baseUrl, controlUrl, checkUrl and declarationPath; the run's config has baseUrl
   *  EMBEDDED_ORIGIN (src/harness/reference.ts) and none of the others */
  embedded?: true;
  /** what the reference implementation declared about itself */
  info?: { implementation: string; defects: string[]; variants?: string[] };
}

export const LIMITS: Record<TargetKind, Subject['limits']> = {
  reference: { numRuns: 220, timeoutMs: 10_000, minIntervalMs: 0, callbackWaitMs: 5_000, quietMs: 500 },
  real: { numRuns: 5, timeoutMs: 30_000, minIntervalMs: 1_500, callbackWaitMs: 60_000, quietMs: 60_000 },
};

export function has(subject: Subject, c: Capability): boolean {
  return subject.capabilities.includes(c);
}
