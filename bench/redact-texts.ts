// The redactor's CPU time over a run's texts, as a run's workers redact its evidence:
// `tsx bench/redact-texts.ts OUT/allure-results [--rounds N]` (OUT from `paycert run --out OUT`).
// Every *.txt attachment is redacted once to warm up, then N rounds (default 5) are timed with
// process.cpuUsage; the output's length is printed too, so that two builds compared on the same
// directory (before and after a change to src/harness/redact.ts) show they redacted alike. The
// attachments are already redacted: their secrets are gone, but their shape (exchanges, pages, JSON,
// XML) is what the redactor reads in a run. Distinctive secrets are registered as a run registers its own.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { redactText, registerSecret } from '../src/harness/redact.ts';

const args = process.argv.slice(2);
const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--rounds');
const rounds = Number(args[args.indexOf('--rounds') + 1] ?? 0) || 5;
if (!dir) {
  console.error('usage: tsx bench/redact-texts.ts OUT/allure-results [--rounds N]');
  process.exit(2);
}
const texts = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => readFileSync(join(dir, f), 'utf8'));
for (const s of [
  'glSecret-7f3a9c',
  'v5Secret-51be2d',
  'jySecret-c0ffee-4242',
  'Zq7sEcReT9xLmP4wAbCdEfGh1234',
  'f6c578e9652efcc6656c43ed7123b58c34d25897bc6aca1d2ed951b88101c74eb359ba0fcacfbd4cd8af52b4baf6c0c511d57c7e481a8170ceb34eaf39425676',
])
  registerSecret(s);
let out = 0;
for (const t of texts) out += redactText(t).length;
const start = process.cpuUsage();
for (let r = 0; r < rounds; r++) for (const t of texts) out += redactText(t).length;
const used = process.cpuUsage(start);
const chars = texts.reduce((n, t) => n + t.length, 0);
console.log(
  `${texts.length} texts, ${chars} characters, ${rounds} rounds: ${((used.user + used.system) / 1000).toFixed(0)} CPU-ms (output ${out / (rounds + 1)} characters a round)`,
);
