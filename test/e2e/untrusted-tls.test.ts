// A probe (probe17) served its Jysan shop over https with a certificate of its own CA, and ran paycert
// without giving Node that CA: exit 3, "its TLS certificate is not accepted", and no certificate at
// all. Yet a certificate that does not verify is what JY-MRD-09 judges (seed 002 "работа только по
// HTTPS с валидным SSL сертификатом"): the run writes a certificate in which JY-MRD-09 is failed (a
// SHOULD rule: a warning against a real target) with the reason, and every other rule is not judged
// (the shop could not be reached over a trusted connection): no rule passed and none failed, exit 3 as
// README's table says. A g2g merchant has no rule about its certificate: its run stops as before.
import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hasOpenssl, selfSigned } from '../self-signed.ts';
import { certificateRules, command, realRun, referenceEnv, type RuleVerdict } from './cli.ts';

describe.runIf(hasOpenssl())('a merchant whose TLS certificate paycert does not accept', () => {
  let dir = '';
  let server: Server;
  let origin = '';
  const saved = { ...process.env };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'paycert-untrusted-'));
    const { cert, key } = selfSigned(dir, 'localhost');
    server = createServer({ cert, key }, (_q, s) => s.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `https://localhost:${(server.address() as AddressInfo).port}`;
    Object.assign(process.env, referenceEnv('jysan'), referenceEnv('greenleaves'));
  });
  afterAll(() => {
    server?.close();
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });
  const declaration = (profile: string, url: Record<string, string>) => {
    const path = join(dir, `${profile}.json`);
    const orders = [1, 2, 3].map((i) => ({ orderId: `00410${i}`, amount: '500', state: 'payable' }));
    writeFileSync(path, JSON.stringify({ profile, ...url, orders }));
    return path;
  };

  test('Jysan: JY-MRD-09 is failed with the reason, every other rule not judged, exit 3', async () => {
    const backref = `${origin}/jysan/backref?redirect=true`;
    const out = join(dir, 'jysan-out');
    const r = await command(
      realRun(
        'jysan',
        backref,
        '--subject',
        'merchant',
        '--declaration',
        declaration('jysan', { backref }),
        '--runs',
        '2',
        '--out',
        out,
      ),
    );
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/TLS certificate is not accepted \(DEPTH_ZERO_SELF_SIGNED_CERT/);
    const rules = certificateRules(out);
    const of = (id: string) => rules.find((x) => x.id === id)!;
    expect(of('JY-MRD-09')).toMatchObject({ verdict: 'warning', reason: expect.stringMatching(/not trusted/) });
    const others = rules.filter((x: RuleVerdict) => x.id !== 'JY-MRD-09');
    expect(others.length).toBeGreaterThan(10);
    expect(others.filter((x) => x.verdict !== 'inconclusive')).toEqual([]);
    for (const x of others)
      expect(x.reason).toMatch(
        /over a trusted connection, its TLS certificate not accepted \(DEPTH_ZERO_SELF_SIGNED_CERT/,
      );
    const cert = JSON.parse(readFileSync(join(out, 'certificate.json'), 'utf8')) as { verdict: string };
    expect(cert.verdict).toBe('unjudged');
  });

  test('Jysan, a run without the check that judges the certificate: stopped as before (exit 3, one line)', async () => {
    const backref = `${origin}/jysan/backref?redirect=true`;
    const out = join(dir, 'jysan-genuine-out');
    const decl = declaration('jysan', { backref });
    const r = await command(
      realRun(
        'jysan',
        backref,
        '--subject',
        'merchant',
        '--declaration',
        decl,
        '--check',
        'jy.merchant.genuine',
        '--out',
        out,
      ),
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^paycert: cannot reach .*TLS certificate is not accepted/);
    expect(existsSync(join(out, 'certificate.json'))).toBe(false);
  });

  test('greenleaves: no rule judges the certificate, the run stops before its checks (exit 3, one line)', async () => {
    const resultUrl = `${origin}/pay/result`;
    const out = join(dir, 'g2g-out');
    const r = await command(
      realRun(
        'greenleaves',
        resultUrl,
        '--subject',
        'merchant',
        '--declaration',
        declaration('greenleaves', { resultUrl }),
        '--out',
        out,
      ),
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^paycert: cannot reach .*TLS certificate is not accepted/);
    expect(existsSync(join(out, 'certificate.json'))).toBe(false);
  });
});
