// An SDK that answers an operation from a cache of its first success, whatever it is asked (probe 22's
// stale-cache proxy): paycert's reference adapter behind it, every call of the operations named after the
// profile answered, once one succeeded, with that answer and nothing sent.
// Usage: [REFUSE=OP,…] node caching-adapter.mjs PROFILE OP...
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const [profile, ...ops] = process.argv.slice(2);
const bin = fileURLToPath(new URL('../../../bin/paycert.mjs', import.meta.url));
const child = spawn(process.execPath, [bin, 'sdk-adapter', '--profile', profile], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const cache = new Map();
const asked = new Map();
createInterface({ input: child.stdout }).on('line', (line) => {
  const a = JSON.parse(line);
  const op = asked.get(a.id);
  asked.delete(a.id);
  if (op !== undefined && a.ok && !cache.has(op)) cache.set(op, a);
  process.stdout.write(`${line}\n`);
});
createInterface({ input: process.stdin })
  .on('line', (line) => {
    let r;
    try {
      r = JSON.parse(line);
    } catch {
      return;
    }
    // REFUSE=op,…: those operations refused before anything is sent (a validation of the SDK's own)
    if ((process.env.REFUSE ?? '').split(',').includes(r.op))
      return void process.stdout.write(
        `${JSON.stringify({ id: r.id, ok: false, error: { kind: 'validation', message: 'refused by the SDK' } })}\n`,
      );
    const hit = cache.get(r.op);
    if (hit) return void process.stdout.write(`${JSON.stringify({ ...hit, id: r.id })}\n`);
    if (ops.includes(r.op)) asked.set(r.id, r.op);
    child.stdin.write(`${line}\n`);
  })
  .on('close', () => child.stdin.end());
