import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../src/spec/paths.ts';
import { run } from '../../src/cli/run.ts';
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

/** `paycert run ARGS` in this process (a process start is about a CPU-second): the exit code and the
 *  line the binary would print, through the same command function and error mapping. */
export async function inProcess(args: string[]): Promise<{ code: number; line: string }> {
  try {
    return { code: await run(withOut(args).slice(1)), line: '' };
  } catch (e) {
    return describeError(e);
  }
}

/** Run the paycert command as a user would. */
export function paycert(args: string[], env: NodeJS.ProcessEnv = {}, input?: string): Ran {
  const r = spawnSync(process.execPath, [BIN, ...withOut(args)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    input,
    encoding: 'utf8',
    timeout: 240_000,
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
