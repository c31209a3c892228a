// JY-MRD-09 has no defect (the reference merchant is plain http by design, rules.json realOnly):
// here its check is run against fabricated real merchants to show it fails what the rule forbids.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runChecks } from '../../../src/harness/runner.ts';
import { LIMITS, type Subject } from '../../../src/harness/subject.ts';
import { checks } from '../../../suites/jysan/merchant/transport.checks.ts';

const subject = (baseUrl: string, target: Subject['target'] = 'real'): Subject => ({
  profile: 'jysan',
  kind: 'merchant',
  target,
  baseUrl,
  capabilities: [],
  limits: { ...LIMITS.real, timeoutMs: 3_000 },
  slow: false,
});
const judge = async (s: Subject) => (await runChecks(checks, s, { seed: 1, plan: 'full' }))[0]!;

let server: Server | undefined;
let dir = '';
beforeAll(async () => {
  try {
    dir = mkdtempSync(join(tmpdir(), 'paycert-mrd09-'));
    execFileSync(
      'openssl',
      'req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=localhost'
        .split(' ')
        .concat(['-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')]),
      { stdio: 'ignore' },
    );
  } catch {
    return; // no openssl: the self-signed case is left out
  }
  const s = createServer({ cert: readFileSync(join(dir, 'c.pem')), key: readFileSync(join(dir, 'k.pem')) }, (_q, r) =>
    r.end('ok'),
  );
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  server = s;
});
afterAll(() => {
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('skipped, with the reason, against the reference merchant', async () => {
  const r = await judge(subject('http://127.0.0.1:1/shop/jysan/back?redirect=true', 'reference'));
  expect(r.outcome).toBe('skipped');
  expect(r.reason).toMatch(/reference merchant/);
});

test('an http BACKREF of a real merchant fails JY-MRD-09 (no connection needed)', async () => {
  const r = await judge(subject('http://shop.example.kz/pay/back'));
  expect(r.ruleOutcomes['JY-MRD-09']).toBe('failed');
});

test('a self-signed certificate fails JY-MRD-09', async (ctx) => {
  if (!server) ctx.skip();
  const port = (server!.address() as AddressInfo).port;
  const r = await judge(subject(`https://localhost:${port}/pay/back`));
  expect(r.ruleOutcomes['JY-MRD-09']).toBe('failed');
  expect(r.failures.map((f) => f.message).join(' ')).toMatch(/not trusted/);
});

test('a BACKREF nobody answers is inconclusive, not failed', async () => {
  const r = await judge(subject('https://localhost:1/pay/back'));
  expect(r.ruleOutcomes['JY-MRD-09']).toBe('inconclusive');
});
