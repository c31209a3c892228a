// paycert benchmarks. Machines here are shared and noisy, so every figure is reported next to a
// baseline measured in the same run, and as a ratio to it; each is the median of several rounds.
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { sign as pgSign } from '../src/protocols/greenleaves/index.ts';
import { runCheck } from '../src/harness/runner.ts';
import { startReference, subjectOf } from '../src/harness/reference.ts';
import { CHECKS } from '../suites/registry.ts';
import type { ProfileId } from '../src/spec/paths.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function rounds(fn: () => Promise<number>): Promise<number> {
  const out: number[] = [];
  for (let i = 0; i < ROUNDS; i++) out.push(await fn());
  return median(out);
}

/** Baseline: sequential POSTs over loopback to a server that answers a fixed XML body. */
async function loopbackBaseline(n = 2000): Promise<number> {
  const body = '<?xml version="1.0" encoding="utf-8"?>\n<response><pg_status>ok</pg_status></response>\n';
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/xml' }).end(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/g2g/payment`;
  const agent = new Agent();
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const res = await request(url, { method: 'POST', body: 'pg_merchant_id=1&pg_salt=x', dispatcher: agent });
    await res.body.text();
  }
  const perS = n / ((performance.now() - started) / 1000);
  await agent.close();
  server.close();
  return perS;
}

/** Property cases per second of one check against an embedded reference (a fresh one per round). */
async function checkCases(profile: ProfileId, id: string, runs: number): Promise<number> {
  const check = CHECKS[profile].find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  const h = await startReference(profile, check.subject);
  try {
    const r = await runCheck(check, subjectOf(h, check.subject), { seed: 1, plan: 'full', runs });
    if (r.outcome !== 'passed') throw new Error(`${id}: ${r.outcome} ${r.reason}`);
    return r.cases / (r.durationMs / 1000);
  } finally {
    await h.close();
  }
}

function signaturesPerS(n = 50_000): { pgSig: number; md5: number } {
  const fields = { pg_merchant_id: '123456', pg_order_id: 'ORD-0001', pg_amount: '500', pg_description: 'Покупка', pg_salt: 'a1b2c3d4e5', pg_receipt_positions: [{ count: '1', name: 'A', price: '10', tax_type: '0' }] };
  let t = performance.now();
  for (let i = 0; i < n; i++) pgSign('payment', fields, 's3cr3tKey');
  const pgSig = n / ((performance.now() - t) / 1000);
  t = performance.now();
  for (let i = 0; i < n; i++) createHash('md5').update('payment;500;Покупка;123456;ORD-0001;1;A;10;0;a1b2c3d4e5;s3cr3tKey', 'utf8').digest('hex');
  const md5 = n / ((performance.now() - t) / 1000);
  return { pgSig, md5 };
}

const rows: Array<[string, number, string, number]> = [];
const baseline = await rounds(() => loopbackBaseline());
rows.push(['loopback HTTP round trips/s (trivial server; baseline)', baseline, '', 1]);
const targets: Array<[ProfileId, string, number]> = [
  ['greenleaves', 'gl.fields.payment.valid', 200],
  ['greenleaves', 'gl.sig.tamper-any-field', 200],
  ['greenleaves', 'gl.merchant.extra-fields', 100],
  ['jysan', 'jy.fields.payment.valid', 200],
  ['greenleaves-v5', 'v5.body.valid-creates', 200],
  ['greenleaves-v5', 'v5.jws.body-tamper', 200],
];
for (const [profile, id, runs] of targets) {
  const v = await rounds(() => checkCases(profile, id, runs));
  rows.push([`${id} cases/s (${profile}, ${runs} runs)`, v, 'of baseline', v / baseline]);
}
const sig = signaturesPerS();
rows.push(['pg_sig signatures/s (nested, Cyrillic)', sig.pgSig, 'of bare md5/s', sig.pgSig / sig.md5]);

console.log(`paycert bench (median of ${ROUNDS} rounds, node ${process.version})`);
for (const [name, v, unit, ratio] of rows) console.log(`${name.padEnd(70)} ${v.toFixed(0).padStart(9)}   ${unit ? `${ratio.toFixed(3)} ${unit}` : ''}`);
