// Scan a run's output dir for the default secrets, every full test-card PAN (the fixtures', and those of
// PAYCERT_JYSAN_TEST_CARDS when set) and CVC values (probe: echo),
// also written backwards, a test card's CVC or expiry beside a card number in a signature base string or
// right after one in free text, in every view a reader has of a report's text (URL-decoded, HTML-unescaped,
// digits joined across separators, the markup between XML elements, JSON or form fields dropped, base64
// decoded: test/e2e/scan.ts), and a CVC or a test card's expiry by its field's name in any form (`name = v`,
// `<pg_card_cvc>v<`, a multipart part, JSON: cardDataByName). Exit 1 when anything is found, 2 when a DIR is
// no directory.
// Usage: node --import tsx scripts/probe/scan.ts DIR…
import { readFileSync, statSync } from 'node:fs';
import { cardDataAfterCards, cardDataByName, cardDataInBases, findings } from '../../test/e2e/scan.ts';

const pans = new Set<string>();
for (const f of ['greenleaves', 'jysan'])
  for (const m of readFileSync(`fixtures/${f}/test-cards.json`, 'utf8').matchAll(/"(\d{12,19})"/g)) pans.add(m[1]!);
// a real target's own test cards, which paycert sent too (Luhn-valid or not)
if (process.env.PAYCERT_JYSAN_TEST_CARDS)
  for (const m of readFileSync(process.env.PAYCERT_JYSAN_TEST_CARDS, 'utf8').matchAll(/"(\d{12,19})"/g))
    pans.add(m[1]!);
const secrets = ['s3cr3tKey', 'v5-sandbox-secret-key', '01234567890123456789012'];
const backwards = (v: string): string => [...v].reverse().join('');
const needles = [...secrets, ...pans, ...[...secrets, ...pans].map(backwards)];
const dirs = process.argv.slice(2);
// a file or a missing path: one line, not a stack trace (probe 26)
const notDirs = dirs.filter((d) => !statSync(d, { throwIfNoEntry: false })?.isDirectory());
if (dirs.length === 0 || notDirs.length > 0) {
  console.error(
    dirs.length === 0
      ? "usage: node --import tsx scripts/probe/scan.ts DIR… (a run's --out directory)"
      : `scan.ts: not a directory: ${notDirs.join(', ')} (give a run's --out directory)`,
  );
  process.exit(2);
}
let total = 0;
for (const dir of dirs) {
  const hits = findings(dir, needles, [cardDataByName(), cardDataInBases(), cardDataAfterCards()]);
  total += hits.length;
  console.log(`${dir}: ${hits.length} hit(s) for ${needles.length} needles and CVC values`);
  for (const h of hits.slice(0, 20)) console.log(`  ${h}`);
}
process.exitCode = total > 0 ? 1 : 0;
