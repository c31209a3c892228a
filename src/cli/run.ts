import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROFILES, ROOT, isProfile, type ProfileId } from '../spec/paths.ts';
import { hasRules, type SubjectKind } from '../spec/load.ts';
import { secretValues } from '../spec/credentials.ts';
import { registerSecret } from '../harness/redact.ts';
import { LIMITS, type Capability, type Subject } from '../harness/subject.ts';
import { RUN_CONFIG_ENV, type RunConfig } from '../harness/run-config.ts';
import { referenceKinds, startReference, subjectOf } from '../harness/reference.ts';
import { splitCommand } from '../sdk-adapter/protocol.ts';
import { discover, isLoopback, productionHost, reachable } from '../harness/targets.ts';
import type { SandboxHandle } from '../sandbox/handle.ts';
import { CertificateReporter } from '../report/reporter.ts';
import { writeJson } from '../report/write.ts';
import { buildHtml } from '../report/html.ts';
import { parse, integer, oneOf, url } from './args.ts';
import { EXIT, UnreachableError, UsageError, onFatal } from './errors.ts';
import { FAIL_ON } from '../report/verdict.ts';
import { summary } from './summary.ts';
import { certificateOptions, checkDeclaration, requireCredentials, secretPreflight } from './preflight.ts';
import { selectChecks } from './select.ts';
import { seal } from '../report/sign.ts';

export const RUN_HELP = `paycert run — certify subjects against the documented rules

  --profile P          greenleaves | greenleaves-v5 | jysan | all (default all)
  --subject S          gateway | merchant | sdk | all (default: all without --target, gateway with it)
  --target URL         the subject: a gateway's base URL, or a merchant's result_url.
                       Without it, paycert starts its embedded reference implementations.
  --check-url URL      merchant subject: the merchant's check_url
  --declaration FILE   merchant subject: the orders the merchant prepared (see README)
  --sdk "COMMAND"      sdk subject: your SDK's adapter (JSON lines, docs/sdk-adapter.md); default:
                       paycert's reference adapter
  --plan smoke|full    which checks (default full)
  --seed N             seed of every property run (default: random, printed and recorded)
  --runs N             property cases per check (default 25 against references, 5 against real targets)
  --out DIR            report directory (default reports/)
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
  --fail-on failed|inconclusive
                       what fails the run besides a failed rule, against a real target: with
                       "inconclusive", a rule that could not be judged fails it too (default
                       failed). Against a reference an inconclusive rule always fails the run.

Credentials come from the environment (see README), never from flags.
Exit: 0 no rule failed; 1 a rule failed (or stayed inconclusive where --fail-on counts it);
2 usage or configuration error; 3 nothing could be judged; 4 internal error of paycert.`;

const OPTIONS = {
  profile: { type: 'string' }, subject: { type: 'string' }, target: { type: 'string' }, 'check-url': { type: 'string' },
  declaration: { type: 'string' }, plan: { type: 'string' }, seed: { type: 'string' }, runs: { type: 'string' }, out: { type: 'string' },
  slow: { type: 'boolean' }, 'callback-base': { type: 'string' }, 'listen-port': { type: 'string' }, grep: { type: 'string' },
  'allow-production': { type: 'boolean' }, 'fail-on': { type: 'string' }, sdk: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  rule: { type: 'string', multiple: true }, 'sign-key': { type: 'string' }, baseline: { type: 'string' },
} as const;

interface Resolved {
  config: RunConfig;
  handles: SandboxHandle[];
}

async function resolveSubjects(v: Record<string, unknown>): Promise<Resolved> {
  const profileArg = oneOf(v.profile, ['all', ...PROFILES] as const, '--profile', 'all');
  const target = url(v.target, '--target');
  const subjectArg = oneOf(v.subject, ['gateway', 'merchant', 'sdk', 'all'] as const, '--subject', target ? 'gateway' : 'all');
  const plan = oneOf(v.plan, ['smoke', 'full'] as const, '--plan', 'full');
  const seed = integer(v.seed, '--seed') ?? Math.floor(Math.random() * 2 ** 31);
  const runs = integer(v.runs, '--runs', 1);
  const callbackBase = url(v['callback-base'], '--callback-base');
  const listenPort = integer(v['listen-port'], '--listen-port', 1);
  const failOn = v['fail-on'] === undefined ? undefined : oneOf(v['fail-on'], FAIL_ON, '--fail-on', 'failed');
  const profiles = (profileArg === 'all' ? PROFILES.filter((p) => hasRules(p)) : [profileArg]) as ProfileId[];
  for (const p of profiles) if (!hasRules(p)) throw new UsageError(`profile ${p} has no rule catalogue yet`);

  const sdk = v.sdk === undefined ? undefined : sdkCommand(String(v.sdk));
  if (sdk && target) throw new UsageError('--sdk certifies an SDK against the embedded gateway: leave out --target');
  if (sdk && subjectArg !== 'sdk') throw new UsageError('--sdk needs --subject sdk');
  if (!target) {
    if (v['check-url'] || v.declaration) throw new UsageError('--check-url and --declaration need --target (the embedded merchant brings its own)');
    const handles: SandboxHandle[] = [];
    const subjects: Subject[] = [];
    for (const p of profiles) {
      for (const kind of referenceKinds(p)) {
        if (subjectArg !== 'all' && subjectArg !== kind) continue;
        const h = await startReference(p, kind);
        handles.push(h);
        const subject = subjectOf(h, kind);
        // a third party's SDK is judged as a real subject (INFERRED failures are warnings), against
        // the embedded gateway behind paycert's recorder
        if (sdk) Object.assign(subject, { target: 'real', sdk: { command: sdk }, info: { implementation: `SDK adapter: ${sdk.join(' ')}`, defects: [] } });
        subjects.push(subject);
      }
    }
    if (subjects.length === 0) throw new UsageError(`no embedded ${subjectArg} for ${profileArg}`);
    return { config: { seed, plan, runs, subjects, failOn }, handles };
  }

  if (profileArg === 'all') throw new UsageError('--target needs one --profile (greenleaves, greenleaves-v5 or jysan)');
  if (subjectArg === 'all') throw new UsageError('--target needs one --subject (gateway or merchant)');
  const profile = profileArg as ProfileId;
  const kind = subjectArg as SubjectKind;
  const prod = productionHost(target);
  if (prod && !v['allow-production']) {
    throw new UsageError(`${new URL(target).host} is production (${prod.host}, ${prod.profiles.join(', ')}); use a test domain, or pass --allow-production if you really mean it`);
  }
  if (kind === 'merchant' && !v.declaration) throw new UsageError('--subject merchant needs --declaration FILE (the orders the merchant prepared)');
  if (v.declaration && !existsSync(String(v.declaration))) throw new UsageError(`declaration file ${String(v.declaration)} not found`);
  if (v.declaration) checkDeclaration(String(v.declaration));
  if (!(await reachable(target))) throw new UnreachableError(`cannot reach ${target}: nothing answered (check the URL, VPN or firewall)`);
  const info = await discover(target);
  if (info && (info.profile !== profile || info.role !== kind)) {
    throw new UsageError(`${target} is a paycert reference ${info.role} for ${info.profile}, not a ${kind} for ${profile}`);
  }
  const real = !info;
  if (real) requireCredentials(profile);
  const capabilities = (info?.capabilities ?? []) as Capability[];
  if (real && (callbackBase || isLoopback(target))) capabilities.push('callbacks');
  if (callbackBase && !capabilities.includes('callbacks')) capabilities.push('callbacks');
  const subject: Subject = {
    profile, kind, target: real ? 'real' : 'reference', baseUrl: target,
    checkUrl: url(v['check-url'], '--check-url'),
    declarationPath: v.declaration ? resolve(String(v.declaration)) : undefined,
    controlUrl: info ? `${new URL(target).origin}/__paycert` : undefined,
    capabilities, callbackBase, listenPort,
    limits: real ? LIMITS.real : LIMITS.reference,
    slow: real ? !!v.slow : true,
    info: info ? { implementation: `paycert-reference ${info.version}`, defects: info.defects } : undefined,
  };
  if (real) await secretPreflight(subject);
  return { config: { seed, plan, runs, subjects: [subject], failOn }, handles: [] };
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

const OUTPUTS = ['allure-results', 'html', 'junit.xml', 'certificate.json', 'certificate.jws', 'results.ndjson', '.run-config.json'];

/** The report directory, emptied of the previous run's reports before anything else happens, so
 *  a run that stops early never leaves an earlier `complete: true` certificate behind. */
function prepareOut(dir: string): string {
  const out = resolve(dir);
  if (existsSync(out) && !statSync(out).isDirectory()) throw new UsageError(`--out ${dir} is a file, not a directory`);
  try {
    mkdirSync(out, { recursive: true });
    for (const name of OUTPUTS) rmSync(join(out, name), { recursive: true, force: true });
  } catch (e) {
    throw new UsageError(`--out ${dir}: cannot use it as the report directory (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return out;
}

/** --out from arguments that did not parse, so a usage error still clears the old reports. */
function outOf(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--out' || a.startsWith('--out='));
  if (i < 0) return undefined;
  return argv[i]!.startsWith('--out=') ? argv[i]!.slice(6) : argv[i + 1];
}

export async function run(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv, OPTIONS, 'run');
  } catch (e) {
    if (!argv.includes('--help') && !argv.includes('-h')) {
      try {
        prepareOut(outOf(argv) ?? 'reports');
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
  const outDir = prepareOut(String(values.out ?? 'reports'));
  if (positionals.length > 0) throw new UsageError(`paycert run: unexpected argument "${positionals[0]}" (see paycert run --help)`);
  for (const s of secretValues()) registerSecret(s);
  const certOpts = await certificateOptions(values);
  const { config, handles } = await resolveSubjects(values);
  const filters = { grep: values.grep === undefined ? undefined : String(values.grep), rules: (values.rule as string[] | undefined)?.length ? (values.rule as string[]) : undefined };
  const namePattern = await selectChecks(config.subjects, config.plan, filters);
  if (namePattern) config.filters = JSON.parse(JSON.stringify(filters));
  config.baseline = certOpts.baseline;
  let cert: CertificateReporter | undefined;
  const offFatal = onFatal((message) => {
    if (!cert) return;
    cert.errors.push(message);
    cert.write(false);
  });
  try {
    const configPath = join(outDir, '.run-config.json');
    writeJson(configPath, config);
    process.env[RUN_CONFIG_ENV] = configPath;
    process.env.PAYCERT_ALLURE = '1';
    const files = testFiles(config);
    if (files.length === 0) throw new UsageError('no suites for the selected profile and subject');
    console.log(`paycert: seed ${config.seed}, plan ${config.plan}, ${config.subjects.map((s) => `${s.profile}/${s.kind} @ ${s.baseUrl}`).join(', ')}`);
    cert = new CertificateReporter(outDir, config);
    cert.write(false);
    // test seam for the exit-4 path (test/e2e/cli.test.ts): a promise nobody handles
    if (process.env.PAYCERT_TEST_FAULT === 'unhandled-rejection') void Promise.reject(new Error('injected fault (PAYCERT_TEST_FAULT)'));
    const { startVitest } = await import('vitest/node');
    const vitest = await startVitest('test', files, {
      root: ROOT, project: ['suites'], watch: false, passWithNoTests: false,
      // a real target gets one worker, so that its pacing and rate limit hold for the whole run
      ...(config.subjects.some((s) => s.target === 'real') ? { fileParallelism: false, maxWorkers: 1 } : {}),
      testNamePattern: namePattern,
      // junit.xml is written by the certificate reporter (src/report/junit.ts), from the same verdicts
      reporters: [cert, ['allure-vitest/reporter', { resultsDir: join(outDir, 'allure-results') }]],
    }, { logLevel: 'error' });
    await vitest?.close();
    const html = buildHtml(outDir, 'paycert certificate');
    await seal(outDir, certOpts.signing);
    return summary(cert.path, html);
  } finally {
    offFatal();
    for (const h of handles) await h.close();
  }
}
