import './stack-guard.ts';
import './orphan-guard.ts';
import { describe, inject, test } from 'vitest';
import * as allure from 'allure-js-commons';
import type { Check } from './check.ts';
import { checkBudgetMs, runCheck, type CheckResult } from './runner.ts';
import { renderExchanges } from './evidence.ts';
import { ruleIndex } from '../spec/load.ts';
import { verdictOfCheck } from '../report/certificate.ts';
import { ruleVerdict, type Verdict } from '../report/verdict.ts';
import type { Subject } from './subject.ts';
import './run-config.ts';
import { served } from './embedded.ts';

/** A rule's verdict in a check as the status of its step (a warning passes, as its check's test does:
 *  the step's name and message say "warning"). allure-per-rule.ts makes each such step a result. */
const STEP: Record<Verdict, allure.Status> = {
  passed: allure.Status.PASSED,
  failed: allure.Status.FAILED,
  warning: allure.Status.PASSED,
  inconclusive: allure.Status.BROKEN,
  skipped: allure.Status.SKIPPED,
};

/** Allure metadata only when `paycert run` wires the Allure reporter (otherwise allure-js-commons
 *  complains on every call). */
const allureOn = process.env.PAYCERT_ALLURE === '1';

/** Register checks as vitest tests, one per check and subject. Metadata is set once per test
 *  (not per property case); the check's result travels in task meta to the certificate reporter. */
export function registerChecks(checks: Check[]): void {
  const run = inject('paycertRun');
  const first = checks[0];
  if (!first) throw new Error('registerChecks: no checks');
  const subjects = run.subjects.filter((s) => s.profile === first.profile && checks.some((c) => c.subject === s.kind));
  if (subjects.length === 0) {
    test.skip(`${first.profile}: not selected in this run`, () => {});
    return;
  }
  const selected = (c: Check) => !run.only || run.only.includes(c.id);
  if (!checks.some(selected)) {
    test.skip(`${first.profile}: no check of this file selected`, () => {});
    return;
  }
  for (const subject of subjects) {
    describe(`${subject.profile} · ${subject.kind} · ${subject.target}`, () => {
      for (const check of checks.filter((c) => c.subject === subject.kind && selected(c))) {
        test(
          `${check.id} — ${check.title}`,
          async (ctx) => {
            if (allureOn) await label(check, subject);
            const result = await runCheck(check, await served(subject, run.embeddedDir), {
              seed: run.seed,
              plan: run.plan,
              runs: run.runs,
              replay: run.replay,
              replayBase: run.replayBase?.[`${subject.profile}/${subject.kind}`],
              budgetMs: checkBudgetMs(check, subject),
            });
            // the exchanges are redacted when read (runner.ts): here only for a check that did not pass,
            // or for Allure's attachment
            const meta: Partial<CheckResult> = { ...result };
            delete meta.evidence;
            // the evidence of a check that did not pass travels to the reporter, which files it under --out
            const shown =
              verdictOfCheck(result, subject.target) === 'passed'
                ? {}
                : { evidenceText: renderExchanges(result.evidence) };
            (ctx.task.meta as Record<string, unknown>).paycert = { ...meta, ...shown };
            if (allureOn) {
              const levels = ruleIndex(check.profile);
              for (const id of check.rules) {
                const v = ruleVerdict(
                  result.ruleOutcomes[id] ?? 'skipped',
                  levels.get(id)?.level ?? 'MUST',
                  subject.target,
                );
                const why = ruleWhy(result, id);
                await allure.logStep(`${id}: ${v}`, STEP[v], why ? reasonOnly(why) : undefined);
              }
              if (result.replay) await allure.attachment('replay command', result.replay, 'text/plain');
              if (result.evidence.length > 0)
                await allure.attachment('exchanges (redacted)', renderExchanges(result.evidence), 'text/plain');
              await allure.attachment('result.json', JSON.stringify(meta, null, 2), 'application/json');
            }
            finish(
              result,
              subject,
              (note) => ctx.skip(note),
              (note) => {
                void ctx.annotate(note, 'warning');
              },
            );
          },
          checkBudgetMs(check, subject) + 10_000,
        ); // vitest's own timeout only past the check's budget
      }
    });
  }
}

/** What the check said of `rule`: its failures, or why it did not judge it (nothing when it passed,
 *  but what it was not judged on when it passed on part of it). */
function ruleWhy(result: CheckResult, rule: string): string | undefined {
  const failures = result.failures.filter((f) => f.rule === rule).map((f) => f.message);
  if (failures.length > 0) return failures.join(' | ');
  if (result.ruleOutcomes[rule] === 'passed')
    return result.partly?.[rule] === undefined ? undefined : `judged in part: ${result.partly[rule]}`;
  return result.ruleReasons?.[rule] ?? result.reason;
}

async function label(check: Check, subject: Subject): Promise<void> {
  const rules = ruleIndex(check.profile);
  await allure.epic(check.profile);
  await allure.feature(check.area);
  // one story per rule: each rule is its own node of the tree, and carries its own step (below)
  for (const id of check.rules) await allure.story(id);
  await allure.parameter('run seed', String(inject('paycertRun').seed), { excluded: true });
  await allure.tag(subject.kind);
  await allure.tag(subject.target);
  for (const id of check.rules) {
    await allure.label('rule', id);
    const r = rules.get(id);
    if (r) await allure.label('level', r.level);
  }
  await allure.label('profile', check.profile);
  // fast-check appends seeds to names; pin history to the check and subject instead.
  await allure.testCaseId(`${check.profile}:${subject.kind}:${check.id}`);
  await allure.historyId(`${check.profile}:${subject.kind}:${check.id}`);
  await allure.description(
    check.rules
      .map((id) => `- **${id}** (${rules.get(id)?.level ?? '?'}): ${rules.get(id)?.statement ?? 'unknown rule'}`)
      .join('\n'),
  );
}

/** The test's status follows the check's verdict, the worst of its rules' (src/report/verdict.ts), so
 *  the Allure report and checkSummary count the same: warning → passed with an annotation,
 *  inconclusive → error. */
function finish(
  result: CheckResult,
  subject: Subject,
  skip: (note: string) => void,
  warn: (note: string) => void,
): void {
  const verdict = verdictOfCheck(result, subject.target);
  if (verdict === 'skipped') skip(result.reason ?? 'skipped');
  if (verdict === 'inconclusive') throw reasonOnly(`inconclusive: ${result.reason}`);
  if (verdict === 'warning')
    warn(`warning (only SHOULD/INFERRED rules failed, against a real target): ${result.reason}`);
  if (verdict === 'failed') {
    const err = reasonOnly(result.reason ?? 'failed');
    err.name = 'AssertionError';
    throw err;
  }
}

/** A verdict's reason as an error without a stack, for Allure's steps and the test's status: paycert's
 *  own frames read as a crash of paycert where the subject broke a rule. */
function reasonOnly(why: string): Error {
  const e = new Error(why);
  e.stack = '';
  return e;
}
