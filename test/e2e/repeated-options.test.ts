import { expect, test } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inProcess } from './cli.ts';

// A probe of the certification workflow: a repeated --fail-on or --format kept the last value, unsaid
// (`--fail-on warning --fail-on inconclusive` exited 0 with a warned rule; `--format json --format
// junit` wrote junit.xml only). --format takes the union; --fail-on the strictest, and refuses
// warning with inconclusive (run --help says so).

const tmp = () => mkdtempSync(join(tmpdir(), 'paycert-repeated-'));
const small = ['run', '--profile', 'greenleaves', '--subject', 'gateway', '--rule', 'GL-SIG-04', '--runs', '1'];

test('--format repeated writes every format given; --fail-on repeated keeps the strictest', async () => {
  const out = tmp();
  const r = await inProcess([
    ...small,
    '--format',
    'html',
    '--format',
    'junit',
    '--fail-on',
    'inconclusive',
    '--fail-on',
    'failed',
    '--out',
    out,
  ]);
  expect(r.code, r.line).toBe(0);
  expect(existsSync(join(out, 'junit.xml'))).toBe(true);
  expect(existsSync(join(out, 'certificate.html'))).toBe(true);
  expect(existsSync(join(out, 'html'))).toBe(false);
  expect(JSON.parse(readFileSync(join(out, 'certificate.json'), 'utf8')).failOn).toBe('inconclusive');
});

test('--fail-on warning with --fail-on inconclusive is a usage error', async () => {
  const r = await inProcess([...small, '--fail-on', 'warning', '--fail-on', 'inconclusive', '--out', tmp()]);
  expect(r).toEqual({
    code: 2,
    line: 'paycert: --fail-on warning and --fail-on inconclusive: a run counts one of them besides failed rules; give one',
  });
});
