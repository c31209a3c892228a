// A conformant gateway is often reached through a reverse proxy that re-frames what it forwards:
// chunked replies in small pieces, Connection: close after every reply, its own Server and Via
// headers, X-Forwarded-* on the way in. None of that is the gateway's behaviour, so no check may
// fail or stay inconclusive over it. Each reference is judged as a real target behind such a proxy.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from 'vitest';
import { realSubjectOf, startReference } from '../../src/harness/reference.ts';
import { runChecks } from '../../src/harness/runner.ts';
import { profileCertificate } from '../../src/report/certificate.ts';
import type { ProfileId } from '../../src/spec/paths.ts';
import { CHECKS } from '../../suites/registry.ts';
import { SEED } from '../seed.ts';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

async function reframingProxy(
  target: string,
  cut = false,
): Promise<{ url: string; forwarded: () => number; close: () => void }> {
  const to = new URL(target);
  let forwarded = 0;
  const server: Server = createServer((req, res) => {
    const up = request(
      {
        host: to.hostname,
        port: to.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: to.host, 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' },
      },
      (reply) => {
        forwarded++;
        const headers: Record<string, string | string[]> = {
          server: 'nginx',
          via: '1.1 edge-proxy',
          connection: 'close',
        };
        for (const [k, v] of Object.entries(reply.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
        res.writeHead(reply.statusCode ?? 502, headers);
        // `cut`: every gateway reply loses its second half (a proxy that drops a connection mid-body)
        const body: Buffer[] = [];
        reply.on('data', (b: Buffer) => {
          if (cut) body.push(b);
          else for (let i = 0; i < b.length; i += 7) res.write(b.subarray(i, i + 7));
        });
        reply.on('end', () => {
          const all = Buffer.concat(body);
          // the API's replies (XML, JSON); the Jysan payer's HTML pages have no rule about their form
          const api = !/html/i.test(String(reply.headers['content-type'] ?? ''));
          res.end(cut && api && !req.url?.startsWith('/__paycert') ? all.subarray(0, all.length >> 1) : all);
        });
      },
    );
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    forwarded: () => forwarded,
    close: () => void server.close(),
  };
}

test.concurrent.each(['greenleaves', 'greenleaves-v5', 'jysan'] as ProfileId[])(
  '%s gateway behind a re-framing reverse proxy: every check passes',
  async (profile) => {
    const h = await startReference(profile, 'gateway');
    const proxy = await reframingProxy(h.url);
    try {
      const subject = { ...realSubjectOf(h, 'gateway'), baseUrl: proxy.url };
      const checks = CHECKS[profile].filter((c) => c.subject === 'gateway');
      const results = await runChecks(checks, subject, { seed: SEED, plan: 'full' });
      const notPassed = results
        .filter((r) => r.outcome === 'failed' || r.outcome === 'inconclusive')
        .map((r) => `${r.id} ${r.outcome}: ${r.reason}`);
      expect(notPassed).toEqual([]);
      expect(proxy.forwarded()).toBeGreaterThan(checks.length);
    } finally {
      proxy.close();
      await h.close();
    }
  },
);

// A defective gateway behind the same proxy, judged as a real target (5 random cases, no control API):
// the field checks walk every violation kind, so a limit that only one field of many lacks is still
// found; and a check that cannot make its precondition (a payment waiting for 3-D Secure) is skipped
// or inconclusive, never passed because every request was refused for that.
test.concurrent.each([
  ['greenleaves', 'accepts-overlong-field', ['GL-PAY-02'], []],
  ['greenleaves', 'acs-md-not-required', [], ['GL-ACS-02']],
  ['greenleaves-v5', 'ignores-unknown-fields', ['V5-BODY-02'], []],
  ['jysan', 'lax-order', ['JY-PAY-01'], []],
  ['jysan', 'wrong-code-too-long', ['JY-ERR-13', 'JY-ERR-17'], []],
] as Array<[ProfileId, string, string[], string[]]>)(
  '%s gateway with defect %s behind the proxy, as a real target: caught on %j, not passed on %j',
  async (profile, defect, caught, unjudged) => {
    const h = await startReference(profile, 'gateway', [defect]);
    const proxy = await reframingProxy(h.url);
    try {
      const subject = { ...realSubjectOf(h, 'gateway'), baseUrl: proxy.url };
      const named = [...caught, ...unjudged];
      const checks = CHECKS[profile].filter((c) => c.subject === 'gateway' && c.rules.some((r) => named.includes(r)));
      const results = await runChecks(checks, subject, { seed: SEED, plan: 'full' });
      const verdicts = profileCertificate(subject, results).rules;
      const verdict = (id: string) => verdicts.find((r) => r.id === id)?.verdict;
      for (const id of caught) expect([id, verdict(id)]).toEqual([id, expect.stringMatching(/^(failed|warning)$/)]);
      for (const id of unjudged)
        expect([id, verdict(id)]).toEqual([id, expect.stringMatching(/^(skipped|inconclusive)$/)]);
    } finally {
      proxy.close();
      await h.close();
    }
  },
);

// Replies cut in half (well-formed nowhere): no check may blame the gateway's behaviour for what it
// could not read. Only the rules about the reply's form may fail; every other rule is inconclusive
// or skipped, never failed and never passed on the unread replies.
const FORM_RULES: Partial<Record<ProfileId, RegExp>> = {
  greenleaves: /^GL-(TX-02|SIG-1[1-4]|FMT-\d+)$/,
  'greenleaves-v5': /^V5-(FMT|HDR|RSP)-\d+$/,
  jysan: /^JY-(STA-02|ERR-18|FMT-\d+)$/,
};
test.concurrent.each(['greenleaves', 'greenleaves-v5', 'jysan'] as ProfileId[])(
  '%s gateway whose replies are cut in half: only rules about the reply form fail',
  async (profile) => {
    const h = await startReference(profile, 'gateway');
    const proxy = await reframingProxy(h.url, true);
    try {
      const subject = { ...realSubjectOf(h, 'gateway'), baseUrl: proxy.url };
      const checks = CHECKS[profile].filter((c) => c.subject === 'gateway');
      const results = await runChecks(checks, subject, { seed: SEED, plan: 'smoke' });
      const rules = profileCertificate(subject, results).rules;
      const blamed = rules
        .filter((r) => (r.verdict === 'failed' || r.verdict === 'warning') && !FORM_RULES[profile]!.test(r.id))
        .map((r) => `${r.id} ${r.verdict}: ${r.reason}`);
      expect(blamed).toEqual([]);
      expect(rules.some((r) => r.verdict === 'inconclusive')).toBe(true);
    } finally {
      proxy.close();
      await h.close();
    }
  },
);
