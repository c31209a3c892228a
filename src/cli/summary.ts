import { readFileSync, existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { Certificate } from '../report/certificate.ts';
import { EXIT } from './errors.ts';

/** Print one line per profile and subject, the failed rules, the report paths; return the exit code. */
export function summary(certPath: string, html: { path?: string; error?: string }): number {
  if (!existsSync(certPath)) {
    console.error('paycert: the run produced no certificate (see the errors above)');
    return EXIT.failed;
  }
  const cert = JSON.parse(readFileSync(certPath, 'utf8')) as Certificate & { errors?: string[] };
  for (const p of cert.profiles) {
    const s = p.summary;
    console.log(
      `${p.profile.padEnd(15)} ${p.subject.padEnd(8)} ${p.target.kind.padEnd(9)} ${String(s.rules).padStart(3)} rules: ` +
        `${s.passed} passed, ${s.failed} failed, ${s.warning} warning, ${s.inconclusive} inconclusive, ${s.skipped} skipped  (${s.checks} checks, ${s.cases} cases)`,
    );
    for (const r of p.rules.filter((x) => x.verdict === 'failed' || x.verdict === 'warning')) console.log(`  ${r.verdict === 'failed' ? '✗' : '!'} ${r.id} ${r.level}: ${r.reason}`);
  }
  for (const e of cert.errors ?? []) console.log(`  error: ${e}`);
  const rel = (p: string) => relative(process.cwd(), p) || p;
  console.log(`certificate: ${rel(certPath)}  verdict: ${cert.verdict}`);
  console.log(html.path ? `report: ${rel(html.path)}` : `report: not built (${html.error})`);
  const failed = cert.profiles.some((p) => p.summary.failed > 0) || (cert.errors ?? []).length > 0;
  if (failed) return EXIT.failed;
  const nothingJudged = cert.profiles.every((p) => p.summary.passed + p.summary.failed + p.summary.warning === 0 && p.summary.inconclusive > 0);
  return nothingJudged ? EXIT.unreachable : EXIT.ok;
}
