import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { ROOT, type ProfileId } from '../../src/spec/paths.ts';
import { CREDENTIAL_VARS } from '../../src/spec/credentials.ts';
import { describeError } from '../../src/cli/errors.ts';

const BIN = join(ROOT, 'bin', 'paycert.mjs');

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A `run` without --out gets a fresh temporary directory, never the checkout's reports/: a run
 *  clears the reports of its --out first, a usage error included (npm test after npm start once
 *  deleted the user's certificate). */
export function withOut(args: string[]): string[] {
  if (args[0] !== 'run' || args.some((a) => a === '--out' || a.startsWith('--out='))) return args;
  return [...args, '--out', mkdtempSync(join(tmpdir(), 'paycert-e2e-'))];
}

// The commands run in process (inProcess, command) are imported when first called: `run` brings the
// whole product (the check registry, every suite's modules: ~2 CPU-s of a test worker's start), which
// the files that only spawn the binary (paycert) never need.

/** `paycert run ARGS` in this process (a process start is about a CPU-second): the exit code and the
 *  line the binary would print, through the same command function and error mapping. */
export async function inProcess(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; line: string }> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const run = await COMMANDS.run!();
    return { code: await run(withOut(args).slice(1)), line: '' };
  } catch (e) {
    return describeError(e);
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
}

const COMMANDS: Record<string, () => Promise<(argv: string[]) => number | Promise<number>>> = {
  run: async () => (await import('../../src/cli/run.ts')).run,
  verify: async () => (await import('../../src/cli/verify.ts')).verifyCommand,
  baseline: async () => (await import('../../src/cli/baseline.ts')).baselineCommand,
  list: async () => (await import('../../src/cli/list.ts')).listCommand,
  merge: async () => (await import('../../src/cli/merge.ts')).mergeCommand,
};

/** Whether `command()` runs `name` in this process. */
export const inProcessCommand = (name: string): boolean => Object.hasOwn(COMMANDS, name);

/** `paycert run|verify|baseline|list|merge ARGS` in this process, as `paycert()` gives it: the command's
 *  function, what it prints (console.log to stdout, console.error to stderr) and the binary's
 *  mapping of an error to one line and an exit code. A process start is a CPU-second and more; each
 *  of these commands keeps a case through the binary (certify.test.ts, cli.test.ts). */
export async function command(args: string[]): Promise<Ran> {
  const [name, ...rest] = args;
  const load = COMMANDS[name!];
  if (!load) throw new Error(`command(): ${name} is not run in process`);
  const fn = await load();
  const out = { stdout: '', stderr: '' };
  const { log, error } = console;
  console.log = (...a: unknown[]) => void (out.stdout += `${format(...a)}\n`);
  console.error = (...a: unknown[]) => void (out.stderr += `${format(...a)}\n`);
  try {
    // (a run without --out gets a temporary one, as inProcess and paycert give it)
    return { code: await fn(name === 'run' ? withOut(args).slice(1) : rest), ...out };
  } catch (e) {
    const { code, line } = describeError(e);
    return { code, stdout: out.stdout, stderr: `${out.stderr}${line}\n` };
  } finally {
    Object.assign(console, { log, error });
  }
}

/** `paycert run` of `profile` against the gateway at `target`, judged as a real one, unpaced. */
export const realRun = (profile: string, target: string, ...args: string[]): string[] => [
  'run',
  '--profile',
  profile,
  '--target',
  target,
  '--pace',
  '0',
  ...args,
];

/** The credential variables a real target's run needs, set to the embedded references' own values. */
export const referenceEnv = (profile: ProfileId): Record<string, string> =>
  Object.fromEntries(
    Object.values(CREDENTIAL_VARS[profile] as Record<string, readonly [string, string]>).filter(([, v]) => v !== ''),
  );

/** Run the paycert command as a user would. */
export function paycert(args: string[], env: NodeJS.ProcessEnv = {}, input?: string): Ran {
  const r = spawnSync(process.execPath, [BIN, ...withOut(args)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    input,
    encoding: 'utf8',
    // a hang guard, not a speed limit: a full run with --runs 3 took over 240 s at load 28 on 2 cores
    // (redaction.test.ts, killed half-way and failed with the signal's exit 4)
    timeout: 600_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Start a long-running paycert command and wait for its first output line. */
export async function serve(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; lines: string[] }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  const lines: string[] = [];
  await new Promise<void>((resolve, reject) => {
    // a hang guard, not a speed limit: a start-up is seconds of CPU, which took over 20 s of wall time
    // at load 24 on 2 cores
    const t = setTimeout(() => reject(new Error(`paycert ${args.join(' ')} printed nothing`)), 120_000);
    child.stdout!.on('data', (b: Buffer) => {
      lines.push(...b.toString().split('\n').filter(Boolean));
      clearTimeout(t);
      resolve();
    });
    child.on('exit', (code) => reject(new Error(`paycert ${args.join(' ')} exited ${code}`)));
  });
  return { child, lines };
}

export interface RuleVerdict {
  id: string;
  verdict: string;
  reason: string;
}

/** Every rule of a run's certificate.json in `out`, all profiles. */
export function certificateRules(out: string): RuleVerdict[] {
  const c = JSON.parse(readFileSync(join(out, 'certificate.json'), 'utf8')) as {
    profiles: Array<{ rules: RuleVerdict[] }>;
  };
  return c.profiles.flatMap((p) => p.rules);
}

/** The ids of the rules with `verdict`. */
export const by = (rs: RuleVerdict[], verdict: string) => rs.filter((r) => r.verdict === verdict).map((r) => r.id);

export function noStack(text: string): boolean {
  return !/\n\s+at\s/.test(text) && !text.includes('node:internal');
}
