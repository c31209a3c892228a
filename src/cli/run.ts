import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, delimiter, dirname, join, relative, resolve, sep } from 'node:path';
import { PROFILES, ROOT, isProfile, type ProfileId } from '../spec/paths.ts';
import { hasRules, type SubjectKind } from '../spec/load.ts';
import { notUtf8Credential, notUtf8Message, secretValues, shortSecrets } from '../spec/credentials.ts';
import { registerSecret } from '../harness/redact.ts';
import { credentialArgs } from '../harness/credential-args.ts';
import { shownUrl } from '../harness/clip.ts';
import { loginProblem } from '../harness/target-login.ts';
import { LIMITS, type Capability, type Subject } from '../harness/subject.ts';
import { RUN_CONFIG_ENV, RUN_ENV_ENV, RUN_SUBJECTS_ENV, encodeRunEnv, type RunConfig } from '../harness/run-config.ts';
import { EMBEDDED_ORIGIN, embeddedSubject, referenceKinds } from '../harness/reference.ts';
import { ADAPTER_GROUPS_ENV, endAdapterGroups, splitCommand } from '../sdk-adapter/protocol.ts';
import {
  ReferenceInfoError,
  discover,
  infoBase,
  isLoopback,
  lookUp,
  productionHost,
  reach,
} from '../harness/targets.ts';
import { checkProxySettings, viaProxy } from '../harness/proxy-env.ts';
import { CertificateReporter, FORMATS, type ExpectedCheck, type Format } from '../report/reporter.ts';
import { writeJson } from '../report/write.ts';
import { HtmlBuilder } from '../report/html.ts';
import { phase } from '../report/timing.ts';
import { baseUrl, noPositionals, pageOrigin, parse, integer, oneOf, url } from './args.ts';
import { EXIT, UnreachableError, UsageError, onFatal } from './errors.ts';
import { FAIL_ON, type FailOn } from '../report/verdict.ts';
import { summary } from './summary.ts';
import {
  certificateOptions,
  checkDeclaration,
  checkTargetCards,
  requireCredentials,
  callbackPreflight,
  secretPreflight,
} from './preflight.ts';
import { pickChecks, requireSelected, selectChecks, type Filters } from './select.ts';
import { seal } from '../report/sign.ts';
import { CHECK_MODULES } from '../../suites/registry.ts';
import { parseReplay, type Check, type Plan } from '../harness/check.ts';
import { MAX_SHARDS, parseShard, shardChecks } from '../harness/shard.ts';
import { fewerThanBlocks } from '../harness/declaration.ts';
import { makeRunDir } from './run-dir.ts';
import { SDK_TLS_ENV, hasOpenssl, makeSdkTls } from '../harness/sdk-tls.ts';
import { claimReportDir, releaseReportDir } from './report-dir.ts';
import { releaseListenPorts } from '../harness/listener-relay.ts';
import { replayEnv, shellWord, shownCommand, shownConfig, shownText } from './shown.ts';
import { SUITES, fsModuleCache, profiling } from './suites-project.ts';
import { HeaviestFirst } from '../harness/file-order.ts';
import { warn } from './terminal.ts';

export const RUN_HELP = `paycert run — certify subjects against the documented rules

  --profile P          ${PROFILES.join(' | ')} | all (default all)
  --subject S          gateway | merchant | sdk | all (default: all without --target, gateway with it)
  --target URL         the subject: a gateway's base URL, or a merchant's result_url.
                       Without it, paycert starts its embedded reference implementations.
  --check-url URL      merchant subject: the merchant's check_url
  --page-origin URL    Jysan gateway only (--profile jysan --subject gateway --target): a further
                       origin of the gateway, scheme://host[:port], where its card or error pages
                       are (repeatable). The scripted payer is followed there and posts the card
                       form there, as on the target's origin; an origin not named is never sent
                       anything. The production hosts are refused as for --target; the target's
                       login (PAYCERT_TARGET_LOGIN) is not sent there
  --declaration FILE   merchant subject: the orders the merchant prepared (see README)
  --sdk "COMMAND"      sdk subject: your SDK's adapter (JSON lines, docs/sdk-adapter.md); default:
                       paycert's reference adapter
  --sdk-tls            sdk subject: the recording gateway serves HTTPS on 127.0.0.1 (a new port per
                       check) with a certificate for 127.0.0.1 and localhost from a CA made for the
                       run; the adapter gets https://127.0.0.1:PORT as gateway, the CA file as ca
                       and in SSL_CERT_FILE, REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE, NODE_EXTRA_CA_CERTS.
                       Also judges that the SDK refuses a certificate that does not verify
                       (V5-SDK-24, JY-SDK-27). Needs openssl
  --plan smoke|full    which checks (default full)
  --seed N             the run seed, any integer below 2^53 (a CI run id; default: random, printed and recorded);
                       each check's seed derives from it and the check id (docs/ci.md "Replay")
  --check ID           only this check (repeatable; partial); with --seed, replays a failure exactly
  --replay K:PATH      with one --check: replay its K-th property from the fast-check path printed
                       (a property or path the check does not have is a usage error)
  --shard I/N          run the I-th of N deterministic shards (checks sharing a rule stay together;
                       N at most ${MAX_SHARDS}; partial); combine all N shards' --out directories with
                       paycert merge
  --format LIST        outputs besides certificate.json: json, junit, html (certificate.html),
                       allure (Allure HTML); default json,junit,html,allure. Repeatable: every
                       list given counts (--format json --format junit is json,junit)
  --no-html            neither certificate.html nor the Allure HTML
  --quiet              no progress lines
  --runs N             property cases per check (default 220 against references, 5 against real targets;
                       at most 100000)
  --pace MS            least time between two requests to a real target (default 1500; 0 for a target
                       of your own that takes the load, e.g. a local build; at most 600000)
  --out DIR            report directory (default reports/); one run at a time: another run writing
                       into it is exit 2
  --slow               also run rules that need hours of real time against a real target
  --callback-base URL  public URL that forwards to the suite's callback listener (real targets)
  --listen-port N      port of the callback listener (with --callback-base)
  --grep TEXT          only checks whose id or title contains TEXT (the run is labelled partial)
  --rule ID            only the checks citing rule ID (repeatable; partial). A filter matching no
                       check is a usage error. paycert list shows rules and checks.
  --baseline FILE      known failures (specs/_meta/baseline.schema.json; paycert baseline writes one):
                       they do not fail the run; a new failure does, and so does a known one that passed
  --sign-key FILE      sign the certificate (PEM PKCS#8 Ed25519 or P-256 key): certificate.jws;
                       paycert verify DIR checks it and the digests of the reports
  --allow-production   allow a production host named by the seeds (specs/targets.json, any profile)
  --fail-on failed|warning|inconclusive
                       what fails the run besides a failed rule, against a real target: with
                       "warning", a warned rule (SHOULD or INFERRED) fails it too; with
                       "inconclusive", a rule that could not be judged (default failed).
                       Against a reference an inconclusive rule always fails the run.
                       Repeatable: the strictest counts (failed with warning is warning);
                       warning with inconclusive is a usage error (exit 2)

Credentials come from the environment (see README), never from flags.
Exit: 0 no rule failed; 1 a rule failed (or warned or stayed inconclusive where --fail-on counts it);
2 usage or configuration error; 3 nothing could be judged; 4 internal error of paycert.`;

const OPTIONS = {
  profile: { type: 'string' },
  subject: { type: 'string' },
  target: { type: 'string' },
  'check-url': { type: 'string' },
  'page-origin': { type: 'string', multiple: true },
  declaration: { type: 'string' },
  plan: { type: 'string' },
  seed: { type: 'string' },
  runs: { type: 'string' },
  pace: { type: 'string' },
  out: { type: 'string' },
  slow: { type: 'boolean' },
  'callback-base': { type: 'string' },
  'listen-port': { type: 'string' },
  grep: { type: 'string' },
  'allow-production': { type: 'boolean' },
  'fail-on': { type: 'string', multiple: true },
  sdk: { type: 'string' },
  'sdk-tls': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  rule: { type: 'string', multiple: true },
  'sign-key': { type: 'string' },
  baseline: { type: 'string' },
  check: { type: 'string', multiple: true },
  replay: { type: 'string' },
  shard: { type: 'string' },
  format: { type: 'string', multiple: true },
  'no-html': { type: 'boolean' },
  quiet: { type: 'boolean' },
} as const;

async function resolveSubjects(v: Record<string, unknown>): Promise<RunConfig> {
  const profileArg = oneOf(v.profile, ['all', ...PROFILES] as const, '--profile', 'all');
  const target = url(v.target, '--target');
  const pageOrigins = pageOriginsOf(v['page-origin'] as string[] | undefined, target);
  const subjectArg = oneOf(
    v.subject,
    ['gateway', 'merchant', 'sdk', 'all'] as const,
    '--subject',
    target ? 'gateway' : 'all',
  );
  const plan = oneOf(v.plan, ['smoke', 'full'] as const, '--plan', 'full');
  // any integer JavaScript holds exactly: a CI's run id (GitHub's are past 2^31) is the documented seed;
  // the checks' own seeds are 32-bit, derived from its decimal text (checkSeed)
  const seed =
    integer(v.seed, '--seed', -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) ?? Math.floor(Math.random() * 2 ** 31);
  // a typo's 99999999999 would run each check to its time budget, and end inconclusive
  const runs = integer(v.runs, '--runs', 1, 100_000);
  // a timer longer than 2^31-1 ms fires at once (Node's TimeoutOverflowWarning): ten minutes is plenty
  const pace = integer(v.pace, '--pace', 0, 600_000);
  if (pace !== undefined && !target) throw new UsageError('--pace spaces the requests to a real target: give --target');
  const callbackBase = baseUrl(v['callback-base'], '--callback-base');
  const listenPort = integer(v['listen-port'], '--listen-port', 1, 65_535);
  // the listener takes a port of its own choosing otherwise, which no tunnel forwards to
  if (callbackBase && listenPort === undefined)
    throw new UsageError('--callback-base needs --listen-port: the local port its tunnel forwards to');
  const failOn = failOnOf(v['fail-on'] as string[] | undefined);
  const profiles = (profileArg === 'all' ? PROFILES.filter((p) => hasRules(p)) : [profileArg]) as ProfileId[];
  for (const p of profiles) if (!hasRules(p)) throw new UsageError(`profile ${p} has no rule catalogue yet`);

  const sdk = v.sdk === undefined ? undefined : sdkCommand(String(v.sdk));
  // the adapter's own credentials on its command line (--api-key=…): redacted wherever they show
  for (const a of credentialArgs(sdk ?? [])) registerSecret(a.value);
  if (sdk && target) throw new UsageError('--sdk certifies an SDK against the embedded gateway: leave out --target');
  if (sdk && subjectArg !== 'sdk') throw new UsageError('--sdk needs --subject sdk');
  const sdkTls = v['sdk-tls'] === true;
  if (sdkTls && (target || subjectArg !== 'sdk'))
    throw new UsageError(
      "--sdk-tls serves the SDK subject's recording gateway over HTTPS: it needs --subject sdk and no --target",
    );
  if (sdkTls && !hasOpenssl())
    throw new UsageError(
      "--sdk-tls needs openssl on PATH (it issues the run's CA and the gateway's certificate): install it, or run without --sdk-tls",
    );
  // a command that is not there left every SDK rule inconclusive ("could not start …: ENOENT"), exit 3
  if (sdk && !isCommand(sdk[0]!)) {
    const file = sdk[0]!;
    // a script that exists without its x bit: what to do differs from a missing one
    if (file.includes('/') && isPlainFile(resolve(file)))
      throw new UsageError(
        `--sdk: ${shownText(file)} is not executable (chmod +x, or run it through its interpreter: ${interpreterOf(resolve(file))} ${shownText(file)})`,
      );
    throw new UsageError(
      `--sdk: ${shownText(file)} is not a command here (${file.includes('/') ? 'no such executable file' : 'not found on PATH'}): give the adapter's command as you would run it in this directory`,
    );
  }
  if (!target) {
    if (v['check-url'] || v.declaration)
      throw new UsageError('--check-url and --declaration need --target (the embedded merchant brings its own)');
    // the test workers each serve the references their checks use (src/harness/embedded.ts)
    const subjects: Subject[] = [];
    let referenceTls: boolean | undefined;
    for (const p of profiles) {
      for (const kind of referenceKinds(p)) {
        if (subjectArg !== 'all' && subjectArg !== kind) continue;
        const subject = embeddedSubject(p, kind);
        // the certificate's limits say what ran: --runs, not the reference's default of 220
        if (runs !== undefined) subject.limits = { ...subject.limits, numRuns: runs };
        // a third party's SDK is judged as a real subject (INFERRED failures are warnings), against
        // the embedded gateway behind paycert's recorder
        if (sdk)
          Object.assign(subject, {
            target: 'real',
            sdk: { command: sdk },
            // a command a shell runs again (a path's quoting kept), a secret in it named by its variable
            info: { implementation: `SDK adapter: ${shownCommand(sdk)}`, defects: [] },
          });
        // --sdk-tls: the recording gateway serves HTTPS with the run's certificate (src/harness/sdk-tls.ts);
        // paycert's own reference adapter always, where openssl can issue it, so that the clean run judges
        // V5-SDK-24 / JY-SDK-27 too (the meta-tests judge the plain-http path)
        if (subject.sdk && (sdkTls || (!sdk && (referenceTls ??= hasOpenssl()))))
          subject.sdk = { ...subject.sdk, tls: true };
        subjects.push(subject);
      }
    }
    if (subjects.length === 0) throw new UsageError(`no embedded ${subjectArg} for ${profileArg}`);
    return { seed, plan, runs, subjects, failOn, ...selection(v, subjects) };
  }

  if (profileArg === 'all') throw new UsageError(`--target needs one --profile (${PROFILES.join(', ')})`);
  if (subjectArg === 'all') throw new UsageError('--target needs one --subject (gateway or merchant)');
  const profile = profileArg as ProfileId;
  const kind = subjectArg as SubjectKind;
  // a merchant's result_url may have a query (a CMS's index.php?route=…); a gateway's base URL may not
  if (kind === 'gateway') baseUrl(target, '--target');
  if (v['page-origin'] !== undefined && (profile !== 'jysan' || kind !== 'gateway'))
    throw new UsageError(PAGE_ORIGIN_NEEDS);
  const prod = productionHost(target);
  if (prod && !v['allow-production']) {
    throw new UsageError(
      `${new URL(target).host} is production (${prod.host}, ${prod.profiles.join(', ')}); use a test domain, or pass --allow-production if you really mean it`,
    );
  }
  for (const o of pageOrigins) {
    const p = productionHost(o);
    if (p && !v['allow-production'])
      throw new UsageError(
        `--page-origin ${new URL(o).host} is production (${p.host}, ${p.profiles.join(', ')}); use a test domain, or pass --allow-production if you really mean it`,
      );
  }
  // the listener binds 127.0.0.1: a gateway on another host reaches it only through a tunnel
  if (listenPort !== undefined && !callbackBase && kind === 'gateway' && !isLoopback(target))
    throw new UsageError(
      `--listen-port needs --callback-base against ${new URL(target).host}: the public URL a tunnel forwards to 127.0.0.1:${listenPort}, which the gateway's calls reach`,
    );
  if (kind === 'merchant' && !v.declaration)
    throw new UsageError('--subject merchant needs --declaration FILE (the orders the merchant prepared)');
  // (existsSync is false for a symlink loop or an unreadable parent too: the read names the cause)
  if (v.declaration && lstatCode(String(v.declaration)) === 'ENOENT')
    throw new UsageError(`declaration file ${shownText(String(v.declaration))} not found`);
  const declared = v.declaration ? checkDeclaration(String(v.declaration)) : undefined;
  // the check_url paycert calls: --check-url, else the declaration's, under the same rules as
  // --target (http(s) only, no production host): a declaration's `file://` or `gopher://` check_url
  // was sent to and left its checks inconclusive, and a production host was called unasked
  const checkUrl = url(v['check-url'], '--check-url') ?? url(declared?.checkUrl, "the declaration's checkUrl");
  // a --target that is not the declaration's resultUrl (another shop, another port): its checkUrl may
  // be of that other shop, and the check_url checks ended inconclusive on a refused connection, unsaid
  if (
    kind === 'merchant' &&
    !v['check-url'] &&
    declared?.checkUrl &&
    declared.resultUrl &&
    declared.resultUrl !== target
  )
    warn(
      `paycert: warning: --target ${shownUrl(target)} is not the declaration's resultUrl ${shownUrl(declared.resultUrl)}; check_url calls go to the declaration's checkUrl ${shownUrl(declared.checkUrl)} (give --check-url to name another)`,
    );
  const checkProd = checkUrl ? productionHost(checkUrl) : undefined;
  if (checkProd && !v['allow-production'])
    throw new UsageError(
      `check_url ${new URL(checkUrl!).host} is production (${checkProd.host}, ${checkProd.profiles.join(', ')}); use a test domain, or pass --allow-production if you really mean it`,
    );
  try {
    checkProxySettings();
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  // a gateway's reference probe (under its base URL) is its reachability probe too, when anything answers it:
  // one start-up request, not two 0.2 s apart (probe 24)
  const looked = kind === 'gateway' ? await lookUp(target, undefined, kind) : undefined;
  const reached = looked?.answered ? true : await reach(target);
  const where = `${shownText(target)}${viaProxy(target)}`;
  const unreached = reached === true ? undefined : reached.reason;
  // a certificate Node does not accept is what JY-MRD-09 judges: the run goes on (below) if a check of
  // the run judges it (Check.judgesTls), and every other check is not judged
  const untrusted = reached === true ? undefined : reached.untrusted;
  if (unreached !== undefined && untrusted === undefined)
    throw new UnreachableError(`cannot reach ${where}: ${unreached}`);
  const found =
    untrusted !== undefined ? undefined : looked?.answered ? looked.found : await discover(target, undefined, kind);
  if (found instanceof ReferenceInfoError)
    throw new UsageError(
      `${shownText(target)} answers /__paycert/info as a paycert reference, with ${found.message}: it is no reference of paycert's (a real target is judged as one without that path)`,
    );
  const info = found;
  if (info && (info.profile !== profile || info.role !== kind)) {
    throw new UsageError(
      `${shownText(target)} is a paycert reference ${info.role} for ${info.profile}, not a ${kind} for ${profile}`,
    );
  }
  const real = !info;
  if (real) requireCredentials(profile, process.env, kind === 'merchant' ? 'merchant' : 'gateway');
  checkTargetCards(profile);
  const capabilities = (info?.capabilities ?? []) as Capability[];
  if (real && (callbackBase || isLoopback(target))) capabilities.push('callbacks');
  if (callbackBase && !capabilities.includes('callbacks')) capabilities.push('callbacks');
  const subject: Subject = {
    profile,
    kind,
    target: real ? 'real' : 'reference',
    baseUrl: target,
    checkUrl,
    declarationPath: v.declaration ? resolve(String(v.declaration)) : undefined,
    controlUrl: info ? `${infoBase(target, kind)}/__paycert` : undefined,
    capabilities,
    ...(pageOrigins.length > 0 && { pageOrigins }),
    callbackBase,
    listenPort,
    limits: {
      ...(real ? { ...LIMITS.real, minIntervalMs: pace ?? LIMITS.real.minIntervalMs } : LIMITS.reference),
      numRuns: runs ?? (real ? LIMITS.real : LIMITS.reference).numRuns,
    },
    slow: real ? !!v.slow : true,
    info: info ? { implementation: `paycert-reference ${info.version}`, defects: info.defects } : undefined,
    ...(untrusted !== undefined && { untrusted }),
  };
  const badLogin = loginProblem();
  if (badLogin && real && kind === 'gateway') throw new UsageError(badLogin);
  if (real) await secretPreflight(subject);
  if (callbackBase && kind === 'gateway') {
    const pre = await callbackPreflight(callbackBase, listenPort!);
    subject.listenRelay = pre.relay;
    subject.callbackUnreached = pre.unreached;
    if (subject.callbackUnreached)
      warn(
        `paycert: warning: ${subject.callbackUnreached}; the checks that wait for the gateway's calls will not be judged`,
      );
  }
  const selected = selection(v, [subject]);
  if (untrusted !== undefined) {
    const filters = { grep: v.grep as string | undefined, rules: v.rule as string[] | undefined };
    if (!pickChecks([subject], { plan, only: selected.only, filters }).some((c) => c.judgesTls))
      throw new UnreachableError(`cannot reach ${where}: ${unreached}`);
    warn(`paycert: warning: ${where}: ${unreached}; the run judges that certificate (JY-MRD-09), and nothing else`);
  }
  const few = kind === 'merchant' && declared ? fewerThanBlocks(declared) : undefined;
  if (few) warn(`paycert: warning: ${few}`);
  // the shards of a run against one shop take disjoint shares of its declared orders: each shard's
  // allocator starts at the first order, and a second shard paid the orders the first had paid
  if (selected.shard && subject.kind === 'merchant') subject.orderShare = selected.shard;
  return { seed, plan, runs, subjects: [subject], failOn, ...selected };
}

const PAGE_ORIGIN_NEEDS =
  "--page-origin names a host of a Jysan gateway's payment pages: it needs --profile jysan --subject gateway --target URL";

/** --page-origin, repeatable: each an origin (pageOrigin), once, the target's own left out. Only a Jysan
 *  gateway's scripted payer is sent to a second host (resolveSubjects refuses it elsewhere). */
function pageOriginsOf(given: readonly string[] | undefined, target: string | undefined): string[] {
  if (!given?.length) return [];
  const origins = given.map((g) => pageOrigin(g, '--page-origin'));
  if (!target) throw new UsageError(PAGE_ORIGIN_NEEDS);
  const own = new URL(target).origin;
  return [...new Set(origins)].filter((o) => o !== own);
}

/** --fail-on, repeatable: the strictest value given (`warning` and `inconclusive` each count more than
 *  `failed`); both `warning` and `inconclusive` is a usage error, since a run counts only one of them.
 *  (parseArgs kept the last one: `--fail-on warning --fail-on inconclusive` exited 0 on a warned rule.) */
function failOnOf(given: readonly string[] | undefined): FailOn | undefined {
  if (given === undefined || given.length === 0) return undefined;
  const set = new Set(given.map((g) => oneOf(g, FAIL_ON, '--fail-on', 'failed')));
  if (set.has('warning') && set.has('inconclusive'))
    throw new UsageError(
      '--fail-on warning and --fail-on inconclusive: a run counts one of them besides failed rules; give one',
    );
  return set.has('warning') ? 'warning' : set.has('inconclusive') ? 'inconclusive' : 'failed';
}

/** --format, repeatable: the union of every list given (parseArgs kept the last one: `--format json
 *  --format junit` wrote junit.xml only). */
function formatsOf(v: Record<string, unknown>): Set<Format> {
  const list =
    v.format === undefined
      ? [...FORMATS]
      : (v.format as string[])
          .flatMap((f) => f.split(','))
          .map((f) => f.trim())
          .filter(Boolean);
  if (list.length === 0)
    throw new UsageError(
      `--format needs one of ${FORMATS.join(', ')}, got ${JSON.stringify((v.format as string[]).join(' '))}`,
    );
  for (const f of list)
    if (!FORMATS.includes(f as Format)) throw new UsageError(`--format: "${f}" is not one of ${FORMATS.join(', ')}`);
  const set = new Set(list as Format[]);
  if (v['no-html']) {
    set.delete('html');
    set.delete('allure');
  }
  return set;
}

/** The checks the run selects (--check, --shard, --grep, --rule), each subject's; `planned`: only
 *  those in its plan. */
function selected(config: RunConfig, filters: Filters, planned: boolean): ExpectedCheck[] {
  return pickChecks(config.subjects, { plan: planned ? config.plan : undefined, only: config.only, filters });
}

/** A run whose selected checks (in its plan) times its property runs is at most this many cases
 *  gets one test worker: a second loads the whole module graph again (1.3–2 CPU-s) for less work
 *  than that (docs/architecture.md, sixteenth pass). npm start's runs are far above it. */
const ONE_WORKER_CASES = 1_000;

export function smallRun(config: RunConfig, filters: Filters = {}): boolean {
  return selected(config, filters, true).length * (config.runs ?? LIMITS.reference.numRuns) <= ONE_WORKER_CASES;
}

/** The signals a run ends on after writing its reports, and the shell's exit code for each (128 + n). */
const SIGNAL_EXIT = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;

/** The signal bin/paycert.mjs held while the run's modules loaded, if one came; its handlers are
 *  removed (a signal from here on ends the process as usual, until the run installs its own). One
 *  turn of the event loop first: a signal that came during the synchronous loading waits in libuv
 *  for the loop to read it, and removing the last handler before that dropped it (Node 22 and 24 ran
 *  the whole run and exited 0 after a SIGTERM at start-up). */
async function earlySignal(): Promise<keyof typeof SIGNAL_EXIT | undefined> {
  await new Promise((resolve) => setImmediate(resolve));
  const g = globalThis as {
    __paycertEarlySignals?: { signal?: string; signals: string[]; handler: (s: string) => void };
  };
  const early = g.__paycertEarlySignals;
  if (!early) return undefined;
  delete g.__paycertEarlySignals;
  for (const signal of early.signals) process.off(signal, early.handler);
  return early.signal !== undefined && Object.hasOwn(SIGNAL_EXIT, early.signal)
    ? (early.signal as keyof typeof SIGNAL_EXIT)
    : undefined;
}

/** --check, --replay, --shard, and the command line that selects each subject again (for the
 *  replay command printed with every failure: it is never cut). */
function selection(
  v: Record<string, unknown>,
  subjects: Subject[],
): Pick<RunConfig, 'only' | 'check' | 'replay' | 'replayBase' | 'shard'> {
  const all = pickChecks(subjects);
  const wanted = (v.check as string[] | undefined) ?? [];
  for (const id of wanted)
    if (!all.some((c) => c.id === id))
      throw new UsageError(`--check ${id}: no such check for the selected profile and subject`);
  const replay = v.replay === undefined ? undefined : String(v.replay);
  if (replay !== undefined && !parseReplay(replay))
    throw new UsageError(
      `--replay must be K:PATH (K: the property's number, PATH: its fast-check path, as a replay line gives them), got "${replay}"`,
    );
  if (replay !== undefined && wanted.length !== 1)
    throw new UsageError(`--replay K:PATH needs exactly one --check (the check it replays), got ${wanted.length}`);
  const shard = v.shard === undefined ? undefined : parseShard(String(v.shard));
  if (v.shard !== undefined && !shard)
    throw new UsageError(`--shard must be I/N with 1 ≤ I ≤ N ≤ ${MAX_SHARDS}, got "${String(v.shard)}"`);
  let only = wanted.length ? wanted : undefined;
  if (shard) {
    const plan = (v.plan ?? 'full') as Plan;
    // each subject's checks are split into the shards on their own
    const mine = new Set(subjects.flatMap((s) => shardChecks(pickChecks([s], { plan }), shard.index, shard.count)));
    only = (only ?? all.map((c) => c.id)).filter((id) => mine.has(id));
  }
  const replayBase: Record<string, string> = {};
  for (const s of subjects) {
    const a = ['npx', 'paycert', 'run', '--profile', s.profile, '--subject', s.kind];
    if (v.target) a.push('--target', String(v.target));
    for (const o of s.pageOrigins ?? []) a.push('--page-origin', o);
    if (v['check-url']) a.push('--check-url', String(v['check-url']));
    if (s.declarationPath) a.push('--declaration', s.declarationPath);
    if (v.sdk) a.push('--sdk', String(v.sdk));
    if (s.sdk?.tls) a.push('--sdk-tls');
    if (v.plan && v.plan !== 'full') a.push('--plan', String(v.plan));
    if (v.runs) a.push('--runs', String(v.runs));
    if (v.pace) a.push('--pace', String(v.pace));
    if (v.slow) a.push('--slow');
    if (v['callback-base']) a.push('--callback-base', String(v['callback-base']));
    if (v['listen-port']) a.push('--listen-port', String(v['listen-port']));
    if (v['allow-production']) a.push('--allow-production');
    // what made the job fail must fail the replay too (a warning under --fail-on warning)
    for (const f of (v['fail-on'] as string[] | undefined) ?? []) a.push('--fail-on', f);
    // a secret in a value (an --sdk command's argument) is a reference to its variable: the line runs as given
    // led by what the environment gave to reach the target (NODE_EXTRA_CA_CERTS, the proxy): a fresh shell has neither
    const env = v.target ? replayEnv(String(v.target)) : '';
    replayBase[`${s.profile}/${s.kind}`] = env + a.map((w) => shellWord(w)).join(' ');
  }
  return { only, check: wanted.length ? wanted : undefined, replay, replayBase, shard };
}

/** Whether `cmd` names an executable file, as spawn will look for it: a path (relative to this
 *  directory) as it is, a bare name on PATH. Windows (PATHEXT, cmd's builtins) is not second-guessed. */
function isCommand(cmd: string): boolean {
  if (process.platform === 'win32') return true;
  const runnable = (p: string) => {
    try {
      accessSync(p, constants.X_OK);
      return statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (cmd.includes('/')) return runnable(resolve(cmd));
  // without PATH, spawn searches the system's default path: not second-guessed either
  const path = process.env.PATH;
  return path === undefined || path.split(delimiter).some((dir) => runnable(join(dir || '.', cmd)));
}

function isPlainFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The interpreter a script names on its #! line (`#!/usr/bin/env python3`: python3), else by its
 *  extension; python3 when neither says. */
function interpreterOf(p: string): string {
  let head = '';
  try {
    const fd = openSync(p, 'r');
    const buf = Buffer.alloc(200);
    head = buf.toString('latin1', 0, readSync(fd, buf, 0, 200, 0)).split('\n')[0]!;
    closeSync(fd);
  } catch {
    // unreadable: named by its extension
  }
  const bang = /^#!\s*(\S+)(.*)$/.exec(head);
  if (bang) {
    // env's own options and assignments (`#!/usr/bin/env -S python3 -u`) are not the interpreter
    const named = /\/env$/.test(bang[1]!)
      ? bang[2]!
          .trim()
          .split(/\s+/)
          .find((w) => w !== '' && !w.startsWith('-') && !w.includes('='))
      : undefined;
    return named ?? basename(bang[1]!);
  }
  const ext = /\.(\w+)$/.exec(p)?.[1] ?? '';
  return (
    { js: 'node', mjs: 'node', cjs: 'node', ts: 'npx tsx', php: 'php', rb: 'ruby', pl: 'perl', sh: 'sh' }[ext] ??
    'python3'
  );
}

function sdkCommand(line: string): string[] {
  let argv: string[];
  try {
    argv = splitCommand(line);
  } catch (e) {
    throw new UsageError(`--sdk: ${(e as Error).message}`);
  }
  if (argv.length === 0) throw new UsageError('--sdk needs a command, e.g. --sdk "python3 my_adapter.py"');
  return argv;
}

function testFiles(config: RunConfig): string[] {
  const files: string[] = [];
  for (const s of config.subjects) {
    const dir = join(ROOT, 'suites', s.profile, s.kind === 'gateway' ? '' : s.kind);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (f.endsWith('.test.ts')) files.push(join(dir, f));
  }
  return [...new Set(files)];
}

/** The checks a suite file registers: the `checks` of every `*.checks.ts` it imports (modules the
 *  registry holds); undefined when that is not all the file is made of. */
export function checksOf(file: string): Check[] | undefined {
  const text = readFileSync(file, 'utf8');
  const imports = [...text.matchAll(/^import \{ checks(?: as \w+)? \} from '(\.\/[\w-]+\.checks\.ts)';$/gm)];
  const rest = text
    .replace(/^import \{ checks(?: as \w+)? \} from '\.\/[\w-]+\.checks\.ts';$/gm, '')
    .replace(/^import \{ registerChecks \} from '(?:\.\.\/)+src\/harness\/vitest\.ts';$/gm, '')
    .replace(/^registerChecks\(\[?[\w., ]*\]?\);$/gm, '')
    .trim();
  if (imports.length === 0 || rest !== '') return undefined;
  const checks: Check[] = [];
  for (const m of imports) {
    const module = CHECK_MODULES.get(
      relative(ROOT, join(dirname(file), m[1]!))
        .split(sep)
        .join('/'),
    );
    if (!module) return undefined;
    checks.push(...module);
  }
  return checks;
}

/** The suite files that register a check the run selected (--check, --shard, --grep, --rule): the
 *  others would only load their modules to skip. A file whose checks are not known stays. */
async function selectedFiles(files: string[], config: RunConfig, filters: Filters): Promise<string[]> {
  if (!config.only && !config.filters) return files;
  const ids = new Set(selected(config, filters, false).map((c) => c.id));
  const keep: string[] = [];
  for (const f of files) {
    const checks = checksOf(f);
    if (!checks || checks.some((c) => ids.has(c.id))) keep.push(f);
  }
  return keep.length ? keep : files;
}

/** The error code of lstat(path), undefined when it succeeds. */
function lstatCode(path: string): string | undefined {
  try {
    lstatSync(path);
    return undefined;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code;
  }
}

/** --out from arguments that did not parse, as parseArgs reads it (the last one; nothing after
 *  `--`), so a usage error still clears the old reports of the directory a run would have used: the
 *  first of two left the second's stale certificate. A value that looks like an option (`--out
 *  --runs`, which parseArgs refuses) or none at all is no directory: nothing is cleared or made. */
export function outOf(argv: string[]): string | undefined {
  let out: string | undefined = 'reports';
  for (let i = 0; i < argv.length && argv[i] !== '--'; i++) {
    const a = argv[i]!;
    if (a.startsWith('--out=')) out = a.slice(6);
    else if (a === '--out') {
      const next = argv[i + 1];
      // (parseArgs' own test of a value that looks like an option)
      out = next === undefined || (next.length > 1 && next.startsWith('-')) ? undefined : next;
      if (out !== undefined) i++;
    }
  }
  return out;
}

/** `--seed -5` (parseArgs takes "-5" for an option): join it as `--seed=-5`. */
function negativeSeed(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--seed' && /^-\d+$/.test(argv[i + 1] ?? '')) out.push(`--seed=${argv[++i]}`);
    else out.push(argv[i]!);
  }
  return out;
}

export async function run(args: string[]): Promise<number> {
  phase('run');
  const argv = negativeSeed(args);
  let parsed: ReturnType<typeof parse>;
  try {
    // `--format ''` is refused as any empty value (`--format "$FMT"` with FMT unset lost junit.xml, exit 0):
    // certificate.json alone is `--format json`
    parsed = parse(argv, OPTIONS, 'run', ['out']);
  } catch (e) {
    const out = outOf(argv);
    if (!argv.includes('--help') && !argv.includes('-h') && out !== undefined) {
      try {
        releaseReportDir(claimReportDir(out));
      } catch {
        // the parse error is the one to report
      }
    }
    throw e;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(RUN_HELP);
    return EXIT.ok;
  }
  const outDir = claimReportDir(String(values.out ?? 'reports'));
  try {
    return await runIn(outDir, values, positionals);
  } finally {
    releaseListenPorts(); // held from the callback pre-run check (callbackPreflight)
    releaseReportDir(outDir);
  }
}

/** The run, in the --out it has claimed (and holds until it returns: REPORT_LOCK). */
async function runIn(
  outDir: string,
  values: ReturnType<typeof parse>['values'],
  positionals: string[],
): Promise<number> {
  // as started, for the SDK adapters: vitest adds to its workers' environment (RUN_ENV_ENV)
  const startEnv = encodeRunEnv(process.env);
  // a signal that came while the modules loaded (bin/paycert.mjs held it): the previous run's reports
  // are cleared now, and the run ends as the signal would have ended it
  const early = await earlySignal();
  if (early) {
    console.error(`paycert: interrupted (${early}) while starting: the previous reports in --out were cleared`);
    return SIGNAL_EXIT[early];
  }
  noPositionals(positionals, 'run');
  const notUtf8 = notUtf8Credential();
  if (notUtf8 !== undefined) throw new UsageError(notUtf8Message(notUtf8));
  for (const s of secretValues()) registerSecret(s);
  for (const name of shortSecrets())
    console.error(
      `paycert: warning: ${name} is under 6 characters: too short to be found in free text (it would also be an amount or an id), it is redacted only where a field or header names it`,
    );
  // vitest's node API (hundreds of modules, read from disk) loads while the references start
  const vitestNode = import('vitest/node');
  vitestNode.catch(() => {}); // a usage error below ends the run first; the awaited import reports its own failure
  const certOpts = await certificateOptions(values);
  const formats = formatsOf(values);
  phase('options');
  const config = await resolveSubjects(values);
  // the workers' embedded merchants keep their stores in a directory of the run's (created in the
  // try below, so that every way out of the run removes it)
  let embeddedDir: string | undefined;
  const removeEmbedded = () => embeddedDir && rmSync(embeddedDir, { recursive: true, force: true });
  phase('subjects resolved');
  const filters = {
    grep: values.grep === undefined ? undefined : String(values.grep),
    rules: (values.rule as string[] | undefined)?.length ? (values.rule as string[]) : undefined,
  };
  const namePattern = selectChecks(config.subjects, config.plan, filters);
  requireSelected(config.subjects, config.plan, config, filters);
  if (namePattern) config.filters = JSON.parse(JSON.stringify(filters));
  config.baseline = certOpts.baseline;
  let cert: CertificateReporter | undefined;
  let allure: HtmlBuilder | undefined;
  const offFatal = onFatal((message) => {
    removeEmbedded(); // the process exits after this, without the finally below
    if (!cert) return;
    cert.errors.push(message);
    cert.write(false);
  });
  // Ctrl-C, a CI job's timeout (SIGTERM), a closed terminal or SSH session (SIGHUP: the process died
  // without a summary, the certificate up to a second behind): the certificate (complete: false), junit.xml,
  // certificate.html and the summary still get written; the exit code is the shell's 128 + signal
  // the SDK adapters' process groups, ended with the run (src/sdk-adapter/protocol.ts)
  const adapterGroups = join(outDir, '.adapter-groups');
  // an earlier run on this --out that never ended (SIGKILL) left its adapters' groups noted there: only
  // a group still led by the very process noted is ended (a pid given since to another process, which
  // made it a group of its own, was SIGKILLed with its group), and the file is this run's from now on
  endAdapterGroups(adapterGroups, true);
  // the variables the run gives its test workers, put back as they were when it ends: a run in a
  // process that goes on (the e2e tests call run() in theirs) leaves no setting to the next
  const givenEnv = [
    ADAPTER_GROUPS_ENV,
    RUN_CONFIG_ENV,
    RUN_SUBJECTS_ENV,
    RUN_ENV_ENV,
    SDK_TLS_ENV,
    'PAYCERT_ALLURE',
  ].map((k) => [k, process.env[k]] as const);
  process.env[ADAPTER_GROUPS_ENV] = adapterGroups;
  const onSignal = (signal: keyof typeof SIGNAL_EXIT) => {
    endAdapterGroups(adapterGroups);
    removeEmbedded();
    if (cert) {
      cert.errors.push(`interrupted (${signal})`);
      cert.write(false);
      summary(cert.path, { error: 'interrupted' });
    }
    process.exit(SIGNAL_EXIT[signal]);
  };
  for (const signal of Object.keys(SIGNAL_EXIT) as Array<keyof typeof SIGNAL_EXIT>) process.once(signal, onSignal);
  try {
    // private to this user (mkdtemp's 0700)
    if (config.subjects.some((s) => s.embedded)) embeddedDir = makeRunDir();
    config.embeddedDir = embeddedDir;
    // --sdk-tls: the run's CA and the gateway's certificates, in the run's private directory (removed with
    // it); the CAs' keys are removed as soon as the certificates are issued (src/harness/sdk-tls.ts)
    if (embeddedDir && config.subjects.some((s) => s.sdk?.tls)) {
      try {
        process.env[SDK_TLS_ENV] = makeSdkTls(join(embeddedDir, 'sdk-tls'));
      } catch (e) {
        const why = String((e as { stderr?: Buffer }).stderr ?? (e as Error).message)
          .trim()
          .split('\n')[0];
        throw new UsageError(`--sdk-tls: openssl could not make the run's certificates: ${why}`);
      }
    } else delete process.env[SDK_TLS_ENV];
    const configPath = join(outDir, '.run-config.json');
    // written and reported with a secret in a value (an --sdk command's argument, a URL) named by its
    // variable; the test workers get the subjects as given from the environment, never from a file
    const shown = shownConfig(config);
    writeJson(configPath, shown);
    process.env[RUN_CONFIG_ENV] = configPath;
    if (JSON.stringify(shown.subjects) === JSON.stringify(config.subjects)) delete process.env[RUN_SUBJECTS_ENV];
    else process.env[RUN_SUBJECTS_ENV] = JSON.stringify(config.subjects);
    if (formats.has('allure')) process.env.PAYCERT_ALLURE = '1';
    else delete process.env.PAYCERT_ALLURE;
    if (startEnv === undefined) delete process.env[RUN_ENV_ENV];
    else process.env[RUN_ENV_ENV] = startEnv;
    const all = testFiles(config);
    if (all.length === 0) throw new UsageError('no suites for the selected profile and subject');
    const files = await selectedFiles(all, config, filters);
    phase(`${files.length} files`);
    console.log(
      `paycert: seed ${config.seed}, plan ${config.plan}, ${shown.subjects.map((s) => `${s.profile}/${s.kind} @ ${s.kind === 'sdk' ? `${s.sdk?.tls ? 'https' : 'http'}://127.0.0.1 (a recording gateway per check, a new port each${s.sdk?.tls ? ", its certificate from the run's CA" : ''})` : s.embedded ? `${EMBEDDED_ORIGIN} (each test worker's own)` : `${s.baseUrl}${viaProxy(s.baseUrl)}`}`).join(', ')}`,
    );
    const quiet = values.quiet || process.env.PAYCERT_QUIET === '1';
    const progress = {
      // every check the run reports (out of the plan too, as skipped): for the count, the ETA, and
      // those that gave no result at the end
      checks: selected(config, filters, false),
      eta: config.subjects.some((s) => s.target === 'real'),
      mode: quiet ? 'quiet' : process.stdout.isTTY && process.env.CI !== 'true' ? 'tty' : 'plain',
    } as const;
    cert = new CertificateReporter(outDir, shown, progress, formats);
    phase('reporter');
    cert.write(false);
    phase('first certificate');
    // test seam for the exit-4 path (test/e2e/cli.test.ts): a promise nobody handles
    if (process.env.PAYCERT_TEST_FAULT === 'unhandled-rejection')
      void Promise.reject(new Error('injected fault (PAYCERT_TEST_FAULT)'));
    if (formats.has('allure')) allure = new HtmlBuilder(outDir, 'paycert certificate');
    const { startVitest } = await vitestNode;
    phase('vitest loaded');
    const vitest = await startVitest(
      'test',
      files,
      {
        root: ROOT,
        // the suites project's settings inline, not vitest.config.ts: vite would bundle and evaluate
        // that file at every start (src/cli/suites-project.ts)
        config: false,
        ...SUITES,
        ...profiling(),
        sequence: { sequencer: HeaviestFirst },
        experimental: { fsModuleCache: fsModuleCache(ROOT) },
        watch: false,
        passWithNoTests: false,
        // a real target gets one worker, so that its pacing and rate limit hold for the whole run (a
        // single file gets a single worker anyway)
        ...(config.subjects.some((s) => s.target === 'real') ? { fileParallelism: false } : {}),
        ...(smallRun(config, filters) ? { maxWorkers: 1 } : {}),
        testNamePattern: namePattern,
        // junit.xml is written by the certificate reporter (src/report/junit.ts), from the same verdicts
        // the Allure reporter first: at the run's end it has the report generated (HtmlBuilder.generate)
        // while the certificate reporter writes the final certificate and vitest closes its workers
        reporters: [
          ...(formats.has('allure')
            ? [
                new (await import('../report/allure-reporter.ts')).AllureReporter(
                  { resultsDir: join(outDir, 'allure-results') },
                  (all) => (all ? allure?.generate() : allure?.update()),
                ),
              ]
            : []),
          cert,
        ],
      },
      { logLevel: 'error' },
    );
    phase('checks done');
    await vitest?.close();
    phase('vitest closed');
    // a --replay that named no case of its check: the reports say so (the check is inconclusive with
    // it), the exit is a usage error's, never a pass of 0 cases
    const misuse = cert.results.find((r) => r.usage)?.usage;
    if (misuse) throw new UsageError(misuse);
    // the certificate is sealed while the Allure child builds the page on the other core: the seal
    // digests results.ndjson, junit.xml, certificate.html, evidence/ and allure-results/ (final since
    // the run's end; ~0.1–0.2 s) meanwhile, and html/ once the child has put it in place; only then
    // is certificate.json written and signed (src/report/digest.ts COVERS)
    const building = allure?.build();
    building?.catch(() => {}); // awaited below; a failed seal ends the run first (finally: cancel)
    await seal(outDir, certOpts.signing, building);
    phase('sealed');
    const html = building ? await building : { error: 'not asked for (--format/--no-html)' };
    allure = undefined;
    phase('allure html');
    return summary(cert.path, html);
  } finally {
    allure?.cancel();
    for (const signal of Object.keys(SIGNAL_EXIT)) process.off(signal, onSignal);
    offFatal();
    endAdapterGroups(adapterGroups);
    for (const [k, v] of givenEnv)
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    removeEmbedded();
    phase('references closed');
  }
}
