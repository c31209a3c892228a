import { expect, test } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { paycert } from './cli.ts';

const CHROMIUM = '/usr/bin/chromium';

// A real browser renders the single-file report from file:// with the network off. Runs where
// Debian's chromium is installed (apt-get install chromium); skipped elsewhere.
test.skipIf(!existsSync(CHROMIUM))('the HTML report renders offline in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paycert-browser-'));
  expect(paycert(['run', '--profile', 'greenleaves', '--plan', 'smoke', '--runs', '5', '--out', dir]).code).toBe(0);
  const profile = mkdtempSync(join(tmpdir(), 'paycert-chromium-'));
  const r = spawnSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      '--virtual-time-budget=8000',
      '--dump-dom',
      `file://${join(dir, 'html', 'index.html')}`,
    ],
    { encoding: 'utf8', timeout: 90_000, maxBuffer: 256 * 1024 * 1024 },
  );
  expect(r.stdout).toContain('paycert certificate');
  expect(r.stdout).toMatch(/greenleaves/);
  expect(r.stdout).not.toMatch(/googletagmanager/);
});
