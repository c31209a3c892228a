// Print the failed tests of a vitest JSON report, one line each, so a CI log's tail names them.
import { readFileSync } from 'node:fs';

const [file, label = ''] = process.argv.slice(2);
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  console.log(`${label}: no vitest JSON report (${e.message})`);
  process.exit(0);
}
const lines = [];
for (const f of report.testResults ?? []) {
  const failed = (f.assertionResults ?? []).filter((t) => t.status === 'failed');
  for (const t of failed)
    lines.push(
      `${f.name}: ${t.fullName}: ${String(t.failureMessages?.[0] ?? '')
        .split('\n')[0]
        .slice(0, 300)}`,
    );
  if (!failed.length && f.status === 'failed') lines.push(`${f.name}: ${String(f.message ?? '').split('\n')[0]}`);
}
console.log(`${label}: ${report.numFailedTests ?? '?'} failed tests, ${lines.length} listed`);
for (const l of lines) console.log(`  ${l}`);
