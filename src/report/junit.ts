import type { RunConfig } from '../harness/run-config.ts';
import type { Certificate } from './certificate.ts';
import type { StoredResult } from './write.ts';
import { escapeMarkup } from '../protocols/common/xml-text.ts';
import { visibleText } from '../harness/visible.ts';
import { shownVerdict } from './verdict.ts';

// junit.xml is written from the certificate (not by vitest's junit reporter): one testsuite per
// profile × subject, one testcase per rule (classname <profile>.<subject>.<area>, name
// "<rule id> <statement>"). failed → <failure>, inconclusive → <error>, skipped → <skipped
// message=reason>, warning → a passed testcase with a <system-out> note; a failure the --baseline
// tolerates → <skipped message="known failure (…)">, and each problem of the baseline (an entry out of
// date) a failed testcase of its own testsuite "paycert.baseline". Replay commands go in the
// failure/error text, whole. A partial run's pass says so, as the summary line does: the testsuites'
// name ("paycert passed (partial: …)") and a "partial" property of each testsuite.

// what XML 1.0 forbids (controls, U+FFFE, U+FFFF, lone surrogates) and what would act on a reader
// (ESC, bidi overrides) written as escapes, then the markup escaped
const esc = (s: string) => escapeMarkup(visibleText(s));

export function junitXml(
  config: RunConfig,
  results: StoredResult[],
  cert: Certificate & { errors?: string[] },
): string {
  const suites: string[] = [];
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const p of cert.profiles) {
    // each check's time (summed over its results, as a filter of them per rule summed it)
    const ms = new Map<string, number>();
    for (const c of results)
      if (c.profile === p.profile && c.subject === p.subject) ms.set(c.id, (ms.get(c.id) ?? 0) + c.durationMs);
    const n = { tests: p.rules.length, failures: 0, errors: 0, skipped: 0 };
    const cases = p.rules.map((r) => {
      let total = 0;
      for (const id of new Set(r.tests)) total += ms.get(id) ?? 0;
      const secs = total / 1000;
      const open = `    <testcase classname="${esc(`${p.profile}.${p.subject}.${r.area}`)}" name="${esc(`${r.id} ${r.statement}`)}" time="${secs.toFixed(3)}">`;
      const text = esc(
        [
          `${r.level} ${r.id}: ${r.reason}`,
          `checks: ${r.tests.join(', ') || 'none'}`,
          ...(r.replay ?? []).map((c) => `replay: ${c}`),
        ].join('\n'),
      );
      const known = r.baseline?.known
        ? `known ${r.verdict === 'failed' ? 'failure' : r.verdict} (in the baseline ${cert.baseline?.file ?? ''}: ${r.baseline.reason}${r.baseline.ticket ? `, ${r.baseline.ticket}` : ''}): `
        : '';
      const body =
        known && r.verdict === 'failed'
          ? // tolerated: the run passed, so no CI widget may show it red; skipped with what it is
            (n.skipped++, `<skipped message="${esc(`${known}${r.reason}`)}"/>`)
          : r.verdict === 'failed'
            ? (n.failures++, `<failure message="${esc(r.reason)}" type="failed">${text}</failure>`)
            : r.verdict === 'inconclusive'
              ? (n.errors++, `<error message="${esc(r.reason)}" type="inconclusive">${text}</error>`)
              : r.verdict === 'skipped'
                ? (n.skipped++, `<skipped message="${esc(r.reason)}"/>`)
                : r.verdict === 'warning'
                  ? `<system-out>${esc(`warning (${r.level} against a real target): `)}${text}</system-out>`
                  : '';
      return `${open}${body}</testcase>`;
    });
    for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += n[k];
    suites.push(
      `  <testsuite name="${esc(`${p.profile}.${p.subject}`)}" tests="${n.tests}" failures="${n.failures}" errors="${n.errors}" skipped="${n.skipped}">\n` +
        `    <properties><property name="target" value="${esc(`${p.target.kind} ${p.target.origin}`)}"/><property name="seed" value="${cert.seed}"/><property name="plan" value="${esc(cert.plan)}"/>${cert.partial ? `<property name="partial" value="${esc(cert.partial)}"/>` : ''}</properties>\n` +
        `${cases.join('\n')}\n  </testsuite>`,
    );
  }
  // a baseline that is out of date fails the run: each of its problems a failure, as the summary names it
  const problems = cert.baseline?.problems ?? [];
  if (problems.length > 0) {
    total.tests += problems.length;
    total.failures += problems.length;
    suites.push(
      `  <testsuite name="paycert.baseline" tests="${problems.length}" failures="${problems.length}" errors="0" skipped="0">\n${problems.map((b, i) => `    <testcase classname="paycert.baseline" name="baseline entry ${i + 1}"><failure message="${esc(b)}" type="baseline"/></testcase>`).join('\n')}\n  </testsuite>`,
    );
  }
  const errors = cert.errors ?? [];
  if (errors.length > 0) {
    total.tests += errors.length;
    total.errors += errors.length;
    suites.push(
      `  <testsuite name="paycert" tests="${errors.length}" failures="0" errors="${errors.length}" skipped="0">\n${errors.map((e, i) => `    <testcase classname="paycert" name="error ${i + 1}"><error message="${esc(e)}" type="paycert-error"/></testcase>`).join('\n')}\n  </testsuite>`,
    );
  }
  void config;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="paycert ${esc(shownVerdict(cert))}" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}">\n${suites.join('\n')}\n</testsuites>\n`;
}
