import type { RunConfig } from '../harness/run-config.ts';
import type { Certificate } from './certificate.ts';
import { verdictOfCheck } from './certificate.ts';
import type { StoredResult } from './write.ts';

// junit.xml is written from the same results and verdicts as certificate.json (not by vitest's
// junit reporter, which lists tests --grep left out and knows nothing of warnings), so the counts
// agree: tests = checks run, failures = failed checks, errors = inconclusive checks (+ paycert
// errors), skipped = skipped checks; a warning is a passed testcase with a <system-out> note.

const esc = (s: string) =>
  s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function junitXml(config: RunConfig, results: StoredResult[], cert: Certificate & { errors?: string[] }): string {
  const suites: string[] = [];
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const s of config.subjects) {
    const mine = results.filter((r) => r.profile === s.profile && r.subject === s.kind);
    const n = { tests: mine.length, failures: 0, errors: 0, skipped: 0 };
    const cases = mine.map((r) => {
      const v = verdictOfCheck(r, s.target);
      const open = `    <testcase classname="${esc(`${s.profile}.${s.kind}.${r.area}`)}" name="${esc(`${r.id} — ${r.title}`)}" time="${(r.durationMs / 1000).toFixed(3)}">`;
      const body =
        v === 'failed' ? (n.failures++, `<failure message="${esc(r.reason ?? 'failed')}" type="failed">${esc(r.failures.map((f) => `${f.rule}: ${f.message}`).join('\n'))}</failure>`)
        : v === 'inconclusive' ? (n.errors++, `<error message="${esc(r.reason ?? 'inconclusive')}" type="inconclusive"/>`)
        : v === 'skipped' ? (n.skipped++, `<skipped message="${esc(r.reason ?? 'skipped')}"/>`)
        : v === 'warning' ? `<system-out>${esc(`warning: ${r.reason ?? ''}`)}</system-out>`
        : '';
      return `${open}${body}</testcase>`;
    });
    for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += n[k];
    suites.push(`  <testsuite name="${esc(`${s.profile} · ${s.kind} · ${s.target}`)}" tests="${n.tests}" failures="${n.failures}" errors="${n.errors}" skipped="${n.skipped}">\n${cases.join('\n')}\n  </testsuite>`);
  }
  const errors = cert.errors ?? [];
  if (errors.length > 0) {
    total.tests += errors.length;
    total.errors += errors.length;
    suites.push(`  <testsuite name="paycert" tests="${errors.length}" failures="0" errors="${errors.length}" skipped="0">\n${errors.map((e, i) => `    <testcase classname="paycert" name="error ${i + 1}"><error message="${esc(e)}" type="paycert-error"/></testcase>`).join('\n')}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="paycert ${esc(cert.verdict)}" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}">\n${suites.join('\n')}\n</testsuites>\n`;
}
