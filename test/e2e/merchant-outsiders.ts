// Shared by the third-party-merchants-*.test.ts files (one per profile, so that vitest spreads them
// over its workers): merchant handlers written from the seeds by someone else
// (fixtures/third-party/merchants), the way small shops write them. Each run.sh serves its handler on
// a free loopback port, runs paycert against it and leaves the certificate in
// /tmp/paycert-merchant-<profile>-<name>/out.
import { spawn, spawnSync } from 'node:child_process';
import { serve } from './serve.ts';
import { readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ROOT, type ProfileId } from '../../src/spec/paths.ts';
import { LIMITS, type Subject } from '../../src/harness/subject.ts';
import { runChecks } from '../../src/harness/runner.ts';
import { profileCertificate } from '../../src/report/certificate.ts';
import { CHECKS } from '../../suites/registry.ts';
import { hasPhp } from './php.ts';
// python3 resolved once for this process and its children: PATH leads to the interpreter itself
import { hasPython } from './python.ts';
import { SEED } from '../seed.ts';

// asked once per command (a `java --version` is a JVM start; each test's skipIf asks again)
const known = new Map<string, boolean>([
  ['php', hasPhp],
  ['python3', hasPython],
]);
export function has(cmd: string): boolean {
  if (!known.has(cmd)) known.set(cmd, spawnSync(cmd, ['--version']).status === 0);
  return known.get(cmd)!;
}
const DIR = join(ROOT, 'fixtures/third-party/merchants');

export async function certify(script: string, args: string[], env: Record<string, string>, dirName: string) {
  const out = await slot(script, args[0]!, () =>
    shell(join(DIR, script), args, {
      // the meta-tests' seed unless one is given: the same cases on every run
      // json only: the HTML reports cost a CPU-second a run and are not read here
      env: { PAYCERT_SEED: String(SEED), PAYCERT_RUN_ARGS: '--format json', ...process.env, ...env },
    }),
  );
  const dir = `/tmp/paycert-merchant-${dirName}`;
  const cert = JSON.parse(readFileSync(`${dir}/out/certificate.json`, 'utf8')) as {
    profiles: Array<{ rules: Array<{ id: string; verdict: string; reason: string }> }>;
  };
  rmSync(dir, { recursive: true, force: true });
  const rules = cert.profiles.flatMap((p) => p.rules);
  const judged = (v: string) => rules.filter((x) => x.verdict === v).map((x) => x.id);
  return { out, rules, judged };
}

/** `sh script args…` to its end, its stdout and stderr: not spawnSync, which would stop the other
 *  case judged in this process meanwhile. */
function shell(script: string, args: string[], opts: { env: NodeJS.ProcessEnv }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', [script, ...args], { env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => void (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => void (out += b.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), 600_000); // a hang guard (see paycert() in cli.ts)
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(guard);
      resolve(out);
    });
  });
}

/** One case at a time under each run.sh NAME, which keeps its state in a directory of that name.
 *  The cases are test.concurrent, three at a time in a file (the integration project's
 *  maxConcurrency): a case spends half its time waiting on its server (a process start, a fork per
 *  connection), which the other cases fill. Each has its own port, directory and orders. */
const live = new Set<string>();
async function slot<T>(script: string, name: string, f: () => Promise<T>): Promise<T> {
  const key = `${script} ${name}`;
  if (live.has(key)) throw new Error(`two cases at once under the name ${key}: give each its own`);
  live.add(key);
  try {
    return await f();
  } finally {
    live.delete(key);
  }
}

export function judge(profile: ProfileId, script: string, args: string[], env: Record<string, string>) {
  return slot(script, args[0]!, () => judgeNow(profile, script, args, env));
}

async function judgeNow(profile: ProfileId, script: string, args: string[], env: Record<string, string>) {
  const { match, child } = await serve(join(DIR, script), args, {
    ...process.env,
    ...env,
    SERVE_ONLY: '1',
  });
  const [, target, check, declaration] = match[0].split(' ') as [string, string, string, string];
  try {
    const subject: Subject = {
      profile,
      kind: 'merchant',
      target: 'real',
      baseUrl: target,
      checkUrl: check === '-' ? undefined : check,
      declarationPath: declaration,
      capabilities: ['callbacks'], // on loopback, as the CLI gives it
      limits: { ...LIMITS.real, minIntervalMs: 0 },
      slow: false,
    };
    const checks = CHECKS[profile].filter((c) => c.subject === 'merchant');
    const rules = profileCertificate(subject, await runChecks(checks, subject, { seed: SEED, plan: 'full' })).rules;
    const judged = (v: string) => rules.filter((x) => x.verdict === v).map((x) => x.id);
    return { out: rules.map((r) => `${r.id} ${r.verdict}: ${r.reason}`).join('\n'), judged };
  } finally {
    child.kill('SIGTERM');
    // the case's state directory (its store, declaration and server log), as certify() removes its own
    const dir = dirname(declaration);
    if (basename(dir).startsWith('paycert-merchant-')) rmSync(dir, { recursive: true, force: true });
  }
}

/** A name no other test process uses at once (the run.sh scripts keep their state under it). */
export const tag = `e2e${process.pid}`;
