import { readFileSync, existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { Certificate } from '../report/certificate.ts';
import { EXIT, overallVerdict, shortReason, shownVerdict } from '../report/verdict.ts';
import { terminalText } from './terminal.ts';

const MARK: Record<string, string> = { failed: '✗', warning: '!', inconclusive: '?' };

/** Print one line per profile and subject, the failed, warned and inconclusive rules (with their
 *  reasons), the verdict and the report paths; return the exit code. */
export function summary(certPath: string, html: { path?: string; error?: string }): number {
  if (!existsSync(certPath)) {
    console.error('paycert: internal error: the run produced no certificate (see the errors above)');
    return EXIT.internal;
  }
  // reasons quote the target's replies, a baseline's reasons its author: one safe line each
  const say = (line: string) => console.log(terminalText(line));
  const cert = JSON.parse(readFileSync(certPath, 'utf8')) as Certificate & { errors?: string[] };
  for (const p of cert.profiles) {
    const s = p.summary;
    say(
      `${p.profile.padEnd(15)} ${p.subject.padEnd(8)} ${p.target.kind.padEnd(9)} ${String(s.rules).padStart(3)} rules: ` +
        `${s.passed} passed, ${s.failed} failed, ${s.warning} warning, ${s.inconclusive} inconclusive, ${s.skipped} skipped  (${s.checks} checks, ${s.cases} cases)`,
    );
    for (const r of p.rules.filter((x) => MARK[x.verdict])) {
      say(`  ${MARK[r.verdict]} ${r.id} ${r.level} ${r.verdict}${known(r.baseline)}: ${r.reason}`);
      // the command is never cut: one line each, to paste as it is
      for (const c of r.replay ?? []) say(`      replay: ${c}`);
    }
    // the lines above name each rule: these say what they add up to (probe 26: 61 of 100 inconclusive
    // because paycert stopped waiting for a rate-limited target, and the verdict said "passed")
    for (const line of unjudgedLines(p)) say(line);
    const partly = p.rules.filter((r) => r.partly?.length);
    if (partly.length)
      say(
        `  ~ passed on part of their checks (the others did not run, ran in part, or stopped at a warning before judging them): ${partly.map((r) => r.id).join(', ')}`,
      );
  }
  for (const e of cert.errors ?? []) say(`  error: ${e}`);
  for (const b of cert.baseline?.problems ?? []) say(`  baseline: ${b}`);
  const rel = (p: string) => relative(process.cwd(), p) || p;
  const verdict = shownVerdict(cert);
  // a passed partial run's verdict names why it is partial already; any other keeps its reason, but
  // for a long list of inconclusive rules (the lines above and the certificate name each)
  const reason = shortReason(
    cert.partial && cert.verdict === 'passed'
      ? cert.verdictReason.replace(`partial run (${cert.partial}): `, '')
      : cert.verdictReason,
    cert.inconclusive ?? [],
    rel(certPath),
  );
  say(`certificate: ${rel(certPath)}  verdict: ${verdict} (${reason})`);
  const page = certPath.replace(/certificate\.json$/, 'certificate.html');
  if (existsSync(page)) say(`certificate page: ${rel(page)}`);
  say(html.path ? `report: ${rel(html.path)}` : `report: not built (${html.error})`);
  // the same function that wrote the verdict decides the exit code
  return overallVerdict(cert.profiles, {
    complete: cert.complete,
    errors: cert.errors,
    failOn: cert.failOn,
    baseline: cert.baseline,
  }).exit;
}

/** Why paycert stopped waiting, as a reason says it (src/harness/http.ts spentWhy, untilTaken): spentWhy
 *  says it, with the count, before the origin, so that a certificate's reason cut at 400 characters keeps
 *  both (the second form: a certificate of an earlier version, the count after the origin three times). */
const STOPPED_WAITING =
  /paycert stopped waiting after the target asked to wait [0-9]+ times?|have waited [0-9.]+ s already, all paycert waits for one target in a run|are spent: [0-9.]+ s in a run/;

/** Lines on a profile whose rules went mostly unjudged: how many because paycert stopped waiting for
 *  the target's rate limit (and how many times it asked to wait), and that "passed" then says only that
 *  no rule failed. None for a run that judged most of its rules. */
export function unjudgedLines(p: Certificate['profiles'][number]): string[] {
  const lines: string[] = [];
  const s = p.summary;
  const stopped = p.rules.filter((r) => r.verdict === 'inconclusive' && STOPPED_WAITING.test(r.reason ?? ''));
  if (stopped.length > 0) {
    const asked = Math.max(
      0,
      ...stopped.map((r) => Number(/the target asked to wait ([0-9]+) times?/.exec(r.reason ?? '')?.[1] ?? 0)),
    );
    lines.push(
      `  ⏸ paycert stopped waiting for ${p.target.origin ?? 'the target'}: ${asked > 0 ? `the target asked to wait ${asked} times (429/503 with Retry-After)` : 'its rate limit refused request after request'}; ${stopped.length} rule${stopped.length === 1 ? ' was' : 's were'} not judged for it (two minutes of waits per target in a run, then nothing is sent inside an announced window): run again with a larger --pace`,
    );
  }
  const judged = s.passed + s.failed + s.warning;
  if (s.inconclusive > judged)
    lines.push(
      `  ? most rules were not judged: ${s.inconclusive} of ${s.rules} inconclusive, ${judged} judged; a verdict "passed" says only that none of those failed (--fail-on inconclusive fails such a run)`,
    );
  return lines;
}

function known(b: Certificate['profiles'][number]['rules'][number]['baseline']): string {
  if (!b) return '';
  if (b.expired) return ` (baseline entry expired on ${b.expires}: no longer tolerated)`;
  if (!b.known) return ' (in the baseline, not tolerated: see below)';
  return ` (known${b.ticket ? `, ${b.ticket}` : ''}: ${b.reason})`;
}
