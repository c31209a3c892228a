// Every defect of the gateway (behind a re-framing reverse proxy) or the merchant references, each
// judged as a real target (5 random cases, no control API), on the checks citing its rules. Prints
// each named rule that is not failed or warned (MISSED, with its verdict and reason) and each other
// rule that is (EXTRA). Not part of npm test (a few minutes):
//   node --import tsx scripts/probe/defect-sweep.ts gateway|merchant [profile]
import { writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { realSubjectOf, startReference } from '../../src/harness/reference.ts';
import { runChecks } from '../../src/harness/runner.ts';
import { profileCertificate } from '../../src/report/certificate.ts';
import { MERCHANTS } from '../../src/merchant/registry.ts';
import { CREDENTIAL_VARS } from '../../src/spec/credentials.ts';
import { SANDBOXES } from '../../src/sandbox/registry.ts';
import type { ProfileId } from '../../src/spec/paths.ts';
import { CHECKS } from '../../suites/registry.ts';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

/** Forwards to `target`, replying in 7-byte chunks with Connection: close and its own headers. */
async function proxy(target: string): Promise<{ url: string; close: () => void }> {
  const to = new URL(target);
  const server: Server = createServer((req, res) => {
    const headers = { ...req.headers, host: to.host, 'x-forwarded-for': '203.0.113.7' };
    const up = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers }, (reply) => {
      const out: Record<string, string | string[]> = { server: 'nginx', via: '1.1 edge', connection: 'close' };
      for (const [k, v] of Object.entries(reply.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
      res.writeHead(reply.statusCode ?? 502, out);
      reply.on('data', (b: Buffer) => {
        for (let i = 0; i < b.length; i += 7) res.write(b.subarray(i, i + 7));
      });
      reply.on('end', () => res.end());
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => void server.close() };
}

const [kind = 'gateway', only] = process.argv.slice(2) as ['gateway' | 'merchant', string | undefined];
let swept = 0;
let missed = 0;
let extra = 0;
for (const [profile, checks] of Object.entries(CHECKS) as Array<[ProfileId, (typeof CHECKS)[ProfileId]]>) {
  if (only && profile !== only) continue;
  const defects = (kind === 'gateway' ? SANDBOXES[profile] : MERCHANTS[profile])?.defects ?? [];
  for (const d of defects) {
    const relevant = checks.filter((c) => c.subject === kind && c.rules.some((r) => d.rules.includes(r)));
    // what only a reference can offer (clock, payer, ACS) is not there for a real target
    if (relevant.length === 0 || !relevant.every((c) => (c.needs ?? []).every((n) => n === 'callbacks'))) continue;
    swept++;
    const h = await startReference(profile, kind, [d.id]);
    const front = kind === 'gateway' ? await proxy(h.url) : { url: h.url, close: () => {} };
    try {
      // a real Jysan target comes with the bank's crd_* key (PAYCERT_JYSAN_PUBLIC_KEY): this one's
      if (profile === 'jysan' && kind === 'gateway') {
        const pem = join(tmpdir(), `paycert-sweep-${process.pid}.pem`);
        writeFileSync(pem, await (await fetch(`${h.url}/ecom/public-key.pem`)).text());
        process.env.PAYCERT_JYSAN_PUBLIC_KEY = pem;
      }
      // and a v5 test domain with the reference's second merchant (its default credentials)
      const v5 = CREDENTIAL_VARS['greenleaves-v5'];
      for (const [name, value] of [v5.otherAuthId, v5.otherSecretKey]) process.env[name] ??= value;
      const subject = { ...realSubjectOf(h, kind), baseUrl: front.url };
      const results = await runChecks(relevant, subject, { seed: 20261126, plan: 'full' });
      for (const r of profileCertificate(subject, results).rules) {
        const named = d.rules.includes(r.id);
        const judged = r.verdict === 'failed' || r.verdict === 'warning';
        if (named && !judged) missed++;
        if (!named && judged) extra++;
        if (named !== judged)
          console.log(`${named ? 'MISSED' : 'EXTRA'} ${profile} ${d.id} ${r.id}: ${r.verdict} ${r.reason}`);
      }
    } finally {
      front.close();
      await h.close();
    }
  }
}
console.log(`${kind} defects swept ${swept}, named rules missed ${missed}, other rules failed or warned ${extra}`);
