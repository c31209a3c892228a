// Shared by the sdk*.test.ts files (one per group of outsiders' SDKs, so that vitest spreads them over
// its workers: in one file they were the longest e2e file, 310 s of CI's 779): a third party's SDK
// judged in this process, as `paycert run --subject sdk --sdk CMD` judges it.
import { referenceAdapterCommand, startReference, subjectOf } from '../../src/harness/reference.ts';
import { runChecks } from '../../src/harness/runner.ts';
import { closeAdapters } from '../../src/harness/sdk.ts';
import { profileCertificate } from '../../src/report/certificate.ts';
import type { Subject } from '../../src/harness/subject.ts';
import type { ProfileId } from '../../src/spec/paths.ts';
import { CHECKS } from '../../suites/registry.ts';
import { SEED } from '../seed.ts';

// hasPython, hasPhp and hasPerl are in python.ts, php.ts and perl.ts: each is a process start at import
// (python3's through pyenv's shim ~0.8 CPU-s), paid only by the files that need it

/** The SDK whose adapter is `command` judged in this process, as `paycert run --subject sdk --sdk CMD`
 *  judges it (a third party's SDK is a real subject, against the embedded gateway), without a CLI
 *  run's start-up each (a CPU-second and more; sdk.test.ts keeps a case through the CLI). */
export async function judgeSdk(profile: ProfileId, command: string[], only?: string[]) {
  const h = await startReference(profile, 'sdk');
  try {
    const subject: Subject = {
      ...subjectOf(h, 'sdk'),
      target: 'real',
      sdk: { command },
      info: { implementation: `SDK adapter: ${command.join(' ')}`, defects: [] },
    };
    const checks = CHECKS[profile].filter((c) => c.subject === 'sdk' && (!only || only.includes(c.id)));
    // the TLS rules (V5-SDK-24, JY-SDK-27) are skipped here, the gateway being plain http: judged under
    // --sdk-tls in test/e2e/sdk-tls.test.ts, they are left out of what these files compare
    return profileCertificate(subject, await runChecks(checks, subject, { seed: SEED, plan: 'full' })).rules.filter(
      (r) => !TLS_RULES.includes(r.id),
    );
  } finally {
    await h.close();
    await closeAdapters(command);
  }
}

/** The rules judged only under paycert run --sdk-tls (probe 26). */
const TLS_RULES = ['V5-SDK-24', 'JY-SDK-27'];

export const judged = (rules: Array<{ id: string; verdict: string }>, ...verdicts: string[]) =>
  rules.filter((r) => verdicts.includes(r.verdict)).map((r) => r.id);

/** Every verdict but a pass, with its reason: the message of a failed expectation on `judged`. */
export const shown = (rules: Array<{ id: string; verdict: string; reason: string }>) =>
  rules
    .filter((r) => r.verdict !== 'passed')
    .map((r) => `${r.id} ${r.verdict}: ${r.reason}`)
    .join('\n');

/** paycert's reference SDK adapter behind a filter, as a command: a third party's adapter that differs
 *  from it in one way. `answer` and `ask` are bodies of JavaScript functions: `answer` of the request
 *  `req` and the reference's answer `a`, returning the answer to give instead (undefined: `a`); `ask` of
 *  `req`, returning `{ok, output | error}` to answer it without asking the reference (undefined: ask it). */
export function wrappedReference(profile: ProfileId, f: { answer?: string; ask?: string }): string[] {
  const script = `
const { spawn } = require('node:child_process');
const { createInterface } = require('node:readline');
const [cmd, ...args] = process.argv.slice(1);
const ref = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
const asked = new Map();
const ask = (req) => { ${f.ask ?? ''} };
const change = (req, a) => { ${f.answer ?? ''} };
const out = (a) => process.stdout.write(JSON.stringify(a) + '\\n');
createInterface({ input: process.stdin }).on('line', (line) => {
  const req = JSON.parse(line);
  const own = ask(req);
  if (own) return out({ id: req.id, ...own });
  asked.set(req.id, req);
  ref.stdin.write(line + '\\n');
}).on('close', () => ref.stdin.end());
createInterface({ input: ref.stdout }).on('line', (line) => {
  const a = JSON.parse(line);
  const req = asked.get(a.id);
  asked.delete(a.id);
  out(change(req, a) ?? a);
});`;
  return [process.execPath, '-e', script, '--', ...referenceAdapterCommand(profile)];
}
