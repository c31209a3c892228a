// `paycert run --page-origin` end to end: a Jysan gateway (the reference, through two loopback fronts)
// whose card and error pages are served from a second origin (test/page-host.ts). Without the option
// the payment rules are inconclusive, the certificate saying which option to give; with it they are
// judged, and the page origin is recorded where the target is (the certificate's target section,
// .run-config.json and the replay command it holds).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReference } from '../../src/harness/reference.ts';
import type { SandboxHandle } from '../../src/reference/handle.ts';
import { pageHostFronts, type PageHost } from '../page-host.ts';
import { command } from './cli.ts';

let h: SandboxHandle;
let fronts: PageHost;
const outs: string[] = [];

beforeAll(async () => {
  h = await startReference('jysan', 'gateway');
  fronts = await pageHostFronts(h.url);
});

afterAll(async () => {
  fronts?.close();
  await h?.close();
  for (const d of outs) rmSync(d, { recursive: true, force: true });
});

async function run(extra: string[]) {
  const out = mkdtempSync(join(tmpdir(), 'paycert-page-origin-'));
  outs.push(out);
  const r = await command([
    'run',
    '--profile',
    'jysan',
    '--subject',
    'gateway',
    '--target',
    fronts.target,
    '--check',
    'jy.flow.browser',
    '--runs',
    '2',
    '--seed',
    '5',
    '--format',
    'json',
    '--quiet',
    '--out',
    out,
    ...extra,
  ]);
  const cert = JSON.parse(readFileSync(join(out, 'certificate.json'), 'utf8')) as {
    verdict: string;
    profiles: Array<{
      target: { pageOrigins?: string[] };
      rules: Array<{ id: string; verdict: string; reason: string }>;
    }>;
  };
  const config = JSON.parse(readFileSync(join(out, '.run-config.json'), 'utf8')) as {
    subjects: Array<{ pageOrigins?: string[] }>;
    replayBase: Record<string, string>;
  };
  return { r, cert, config, rule: (id: string) => cert.profiles[0]!.rules.find((x) => x.id === id)! };
}

test('without --page-origin: not followed there, the certificate names the option to give', async () => {
  fronts.seen.page.length = 0;
  const { r, cert, rule } = await run([]);
  expect(fronts.seen.page).toEqual([]);
  // nothing of the browser flow could be judged
  expect(r.code, r.stdout + r.stderr).toBe(3);
  expect(cert.verdict).toBe('unjudged');
  expect(r.stdout).toContain(`name it with --page-origin ${fronts.pageHost}`);
  expect(rule('JY-RED-01').verdict).toBe('inconclusive');
  expect(rule('JY-RED-01').reason).toContain(
    `if it is the gateway's own page host, name it with --page-origin ${fronts.pageHost}`,
  );
  expect(cert.profiles[0]!.target.pageOrigins).toBeUndefined();
});

test('with --page-origin: the browser flow is judged, the page origin recorded and replayed', async () => {
  fronts.seen.page.length = 0;
  const { r, cert, config, rule } = await run(['--page-origin', `${fronts.pageHost}/`]);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(cert.verdict).toBe('passed');
  for (const id of ['JY-RED-01', 'JY-RED-02', 'JY-RED-03']) expect(rule(id).verdict, rule(id).reason).toBe('passed');
  expect(fronts.seen.page.some((x) => x.method === 'POST' && x.url.startsWith('/ecom/pay/'))).toBe(true);
  expect(cert.profiles[0]!.target.pageOrigins).toEqual([fronts.pageHost]);
  expect(config.subjects[0]!.pageOrigins).toEqual([fronts.pageHost]);
  expect(config.replayBase['jysan/gateway']).toContain(`--target ${fronts.target} --page-origin ${fronts.pageHost}`);
});
