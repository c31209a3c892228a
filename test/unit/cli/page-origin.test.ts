import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { pageOrigin } from '../../../src/cli/args.ts';
import { describeError, EXIT } from '../../../src/cli/errors.ts';

// --page-origin (repeatable): a further origin of a Jysan gateway (its card and error pages on a second
// host) that the scripted payer is followed to and posts the card form to. An origin only: a path, a
// query or a login would name more than a host, and the value is written into the reports.
describe('--page-origin values', () => {
  test.each([
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['https://ecom.jysanbank.kz:8462/', 'https://ecom.jysanbank.kz:8462'],
    ['HTTPS://Pay.Bank.Example:443', 'https://pay.bank.example'],
    ['http://[::1]:1', 'http://[::1]:1'],
  ])('%s is the origin %s', (v, want) => {
    expect(pageOrigin(v, '--page-origin')).toBe(want);
  });

  test.each([
    'https://ecom.jysanbank.kz:8462/ecom/page',
    'https://pay.example/?x=1',
    'https://pay.example?',
    'https://pay.example/#top',
    'https://pay.example//',
  ])('%s (a path, query or fragment) is refused on one line', (v) => {
    expect(() => pageOrigin(v, '--page-origin')).toThrow(
      /^--page-origin must be an origin, scheme:\/\/host\[:port\] with no path, query or fragment \(the host the gateway's payment pages are on\), got "https:\/\/(ecom\.jysanbank\.kz:8462|pay\.example)\/.*"$/,
    );
  });

  test.each([
    ['ftp://pay.example', /^--page-origin must be an http\(s\) URL/],
    ['pay.example', /^--page-origin must be an http\(s\) URL/],
    ['https://qa:hunter2pass@pay.example', /^--page-origin must not carry a user name or password/],
    ['https://pay.example\r\nX: 1', /^--page-origin must be a URL without spaces or control characters/],
  ])('%j is refused', (v, why) => {
    expect(() => pageOrigin(v, '--page-origin')).toThrow(why);
    try {
      pageOrigin(v, '--page-origin');
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2pass');
    }
  });
});

// `paycert run` in this process, as the binary maps its error: the exit code and the one line
describe('paycert run --page-origin', () => {
  const outs: string[] = [];
  afterAll(() => outs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  async function run(args: string[]): Promise<{ code: number; line: string }> {
    const out = mkdtempSync(join(tmpdir(), 'paycert-page-origin-'));
    outs.push(out);
    const { run: runCommand } = await import('../../../src/cli/run.ts');
    try {
      return { code: await runCommand([...args, '--out', out]), line: '' };
    } catch (e) {
      return describeError(e);
    }
  }
  const JYSAN = ['--profile', 'jysan', '--subject', 'gateway', '--target', 'http://127.0.0.1:1'];

  test.each([
    [[...JYSAN, '--page-origin', 'https://pay.example/ecom/page'], /--page-origin must be an origin/],
    [[...JYSAN, '--page-origin', 'http://127.0.0.1:2', '--page-origin', 'gopher://x'], /must be an http\(s\) URL/],
    [
      ['--profile', 'jysan', '--page-origin', 'http://127.0.0.1:2'],
      /^paycert: --page-origin names a host of a Jysan gateway's payment pages: it needs --profile jysan --subject gateway --target URL$/,
    ],
    [
      ['--profile', 'greenleaves', '--target', 'http://127.0.0.1:1', '--page-origin', 'http://127.0.0.1:2'],
      /it needs --profile jysan --subject gateway --target URL$/,
    ],
    [
      [
        '--profile',
        'jysan',
        '--subject',
        'merchant',
        '--target',
        'http://127.0.0.1:1/back',
        '--page-origin',
        'http://127.0.0.1:2',
      ],
      /it needs --profile jysan --subject gateway --target URL$/,
    ],
    [
      [...JYSAN, '--page-origin', 'https://ecom.jysanbank.kz'],
      /^paycert: --page-origin ecom\.jysanbank\.kz is production \(ecom\.jysanbank\.kz, jysan\); use a test domain, or pass --allow-production if you really mean it$/,
    ],
  ])('%j is exit 2 with one line', async (args, why) => {
    const r = await run(args);
    expect(r.code, r.line).toBe(EXIT.usage);
    expect(r.line).toMatch(why);
    expect(r.line).not.toMatch(/\n/);
  });

  // taken: the run goes on to the target, which is not there (exit 3, not a usage error)
  test.each([
    [[...JYSAN, '--page-origin', 'https://ecom.jysanbank.kz:8462']],
    [[...JYSAN, '--page-origin', 'https://ecom.jysanbank.kz', '--allow-production']],
  ])('%j is taken', async (args) => {
    const r = await run(args);
    expect(r.code, r.line).toBe(EXIT.unjudged);
    expect(r.line).toMatch(/cannot reach/);
  });
});
