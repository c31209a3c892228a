// Scan a run's output dir for the default secrets and every full test-card PAN (probe: echo).
// Usage: node --import tsx scripts/probe/scan.ts DIR…
import { readFileSync } from 'node:fs';
import { findings } from '../../test/e2e/scan.ts';

const pans = new Set<string>();
for (const f of ['greenleaves', 'jysan'])
  for (const m of readFileSync(`fixtures/${f}/test-cards.json`, 'utf8').matchAll(/"pan":\s*"(\d{12,19})"/g))
    pans.add(m[1]!);
const needles = ['s3cr3tKey', 'v5-sandbox-secret-key', '01234567890123456789012', ...pans];
for (const dir of process.argv.slice(2)) {
  const hits = findings(dir, needles);
  console.log(`${dir}: ${hits.length} hit(s) for ${needles.length} needles`);
  for (const h of hits.slice(0, 20)) console.log(`  ${h}`);
}
