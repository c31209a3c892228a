import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command, inProcess, noStack, paycert, serve } from './cli.ts';
import { ROOT } from '../../src/spec/paths.ts';
import { REPORT_MARKER } from '../../src/cli/report-dir.ts';

const out = () => mkdtempSync(join(tmpdir(), 'paycert-e2e-'));

describe('paycert command line', () => {
  // A usage error of each command through the command a user types (run's argument parser, another
  // command's, the command name itself): one line on stderr, exit 2, no stack
  test.each([
    [['run', '--bogus'], /Unknown option '--bogus'/],
    [['sandbox', '--defect', 'no-such-defect'], /unknown defect "no-such-defect"/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('%j is a usage error: one line, exit 2, no stack', (args, message) => {
    const r = paycert(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(noStack(r.stderr)).toBe(true);
  });

  // ... and the rest of `run`'s argument checks in this process (a process start is about a CPU-second
  // each): the same command function, and the same mapping to a line and an exit code, as the binary's
  test.each([
    [
      ['run', '--profile', 'greenleaves', '--target', 'https://api.greenleavespay.kz'],
      /is production \(api\.greenleavespay\.kz/,
    ],
    [['run', '--out', join(ROOT, 'package.json')], /--out .*package\.json is a file, not a directory/],
    [['run', '--profile', 'nope'], /--profile must be one of/],
    [['run', '--plan', 'huge'], /--plan must be one of smoke, full/],
    // an unset shell variable: not the working directory (its old reports would be cleared)
    [['run', '--out', ''], /--out needs a directory, got an empty string/],
    // ... nor the option left out: the embedded merchant, or every check
    [['run', '--profile', 'greenleaves', '--declaration', ''], /--declaration needs a value, got an empty string/],
    [['run', '--profile', 'greenleaves', '--check-url', ''], /--check-url needs a value, got an empty string/],
    [['run', '--grep', ' '], /--grep needs a value, got an empty string/],
    [['run', '--check', 'gl.kat.vectors', '--check', ''], /--check needs a value, got an empty string/],
    [['run', '--sign-key', ''], /--sign-key needs a value, got an empty string/],
    // `--format "$FMT"` with FMT unset ran and wrote no junit.xml, exit 0 (`--format json`: certificate.json alone)
    [['run', '--format', ''], /--format needs a value, got an empty string \(an unset shell variable\?\)/],
    [['run', '--format', 'json', '--format', ' '], /--format needs a value, got an empty string/],
    [['run', '--format', ','], /--format needs one of json, junit, html, allure, got ","/],
    [['run', '--seed', 'x'], /--seed must be an integer/],
    [
      ['run', '--profile', 'greenleaves', '--target', 'not a url'],
      /--target must be a URL without spaces or control characters, got "not a url"/,
    ],
    [
      ['run', '--profile', 'greenleaves', '--target', 'https://API.greenleavespay.kz.:443/g2g'],
      /is production \(api\.greenleavespay\.kz/,
    ],
    [
      ['run', '--profile', 'greenleaves', '--target', 'https://api.greenleavespay%2Ekz.'],
      /is production \(api\.greenleavespay\.kz/,
    ],
    [
      ['run', '--profile', 'jysan', '--target', 'https://api.greenleavespay.kz'],
      /is production \(api\.greenleavespay\.kz/,
    ],
    [['run', '--fail-on', 'sometimes'], /--fail-on must be one of failed, warning, inconclusive/],
    [['run', '--pace', '0'], /--pace spaces the requests to a real target: give --target/],
    [
      ['run', '--profile', 'greenleaves', '--target', 'http://127.0.0.1:9', '--pace', 'soon'],
      /--pace must be an integer/,
    ],
    [
      ['run', '--out', '/proc/paycert-no-such/out'],
      /--out \/proc\/paycert-no-such\/out: cannot use it as the report directory/,
    ],
    [
      ['run', '--profile', 'greenleaves', '--target', 'http://127.0.0.1:9', '--pace', '1e3'],
      /--pace must be an integer/,
    ],
    [
      ['run', '--profile', 'greenleaves', '--target', 'http://127.0.0.1:9', '--listen-port', '99999'],
      /from 1 to 65535/,
    ],
    [['run', '--seed', '12345678901234567'], /--seed must be an integer of at most 16 digits/],
    [['run', '--check', 'gl.kat.vectors', '--replay', 'abc'], /--replay must be K:PATH .*got "abc"/],
    [['run', '--replay', '0:1'], /--replay K:PATH needs exactly one --check \(the check it replays\), got 0/],
    // a typo's 99999999999 ran every check into its time budget: hours, then inconclusive rules
    [['run', '--runs', '99999999999'], /--runs must be an integer from 1 to 100000, got "99999999999"/],
    [
      ['run', '--profile', 'greenleaves', '--subject', 'merchant', '--target', 'http://127.0.0.1:9/x'],
      /needs --declaration/,
    ],
    [
      ['run', '--subject', 'sdk', '--sdk', 'x', '--target', 'http://127.0.0.1:9', '--profile', 'jysan'],
      /--sdk certifies an SDK against the embedded gateway: leave out --target/,
    ],
    [['run', '--subject', 'sdk', '--sdk', '"python3 x', '--profile', 'jysan'], /--sdk: unterminated " in the command/],
    // a command that is not there: every SDK rule was inconclusive ("could not start …"), exit 3
    [
      ['run', '--subject', 'sdk', '--sdk', 'no-such-adapter-xyz --flag', '--profile', 'jysan'],
      /^paycert: --sdk: no-such-adapter-xyz is not a command here \(not found on PATH\)/,
    ],
    [
      ['run', '--subject', 'sdk', '--sdk', './missing/adapter.sh', '--profile', 'jysan'],
      /--sdk: \.\/missing\/adapter\.sh is not a command here \(no such executable file\)/,
    ],
    // a script that is not executable, given as the command itself
    [
      ['run', '--subject', 'sdk', '--sdk', 'README.md', '--profile', 'jysan'],
      /--sdk: README\.md is not a command here/,
    ],
    // probe 26: --sdk-tls is the SDK subject's recording gateway over HTTPS
    [['run', '--sdk-tls', '--profile', 'jysan'], /--sdk-tls .* needs --subject sdk and no --target/],
    [
      ['run', '--sdk-tls', '--subject', 'gateway', '--profile', 'jysan', '--target', 'http://127.0.0.1:9'],
      /--sdk-tls .* needs --subject sdk and no --target/,
    ],
  ])('%j is a usage error with that one line (exit 2)', async (args, message) => {
    const { code, line } = await inProcess(args);
    expect(code).toBe(2);
    expect(line).toMatch(message);
    expect(line.split('\n')).toHaveLength(1);
  });

  // a symlink loop (existsSync says it is absent) is named for what it is, not "not found"
  test('--declaration through a symlink loop names the loop', async () => {
    const dir = out();
    symlinkSync('b', join(dir, 'a'));
    symlinkSync('a', join(dir, 'b'));
    const decl = join(dir, 'a');
    const args = ['run', '--profile', 'greenleaves', '--subject', 'merchant', '--target', 'http://127.0.0.1:9/r'];
    const r = await inProcess([...args, '--declaration', decl]);
    expect(r.code).toBe(2);
    expect(r.line).toMatch(/--declaration: declaration .* cannot be read: ELOOP/);
    expect((await inProcess([...args, '--declaration', join(dir, 'none')])).line).toMatch(
      /declaration file .*none not found/,
    );
  });

  test('an unreachable target exits 3 with one line', () => {
    const r = paycert(['run', '--profile', 'greenleaves', '--target', 'http://127.0.0.1:9', '--out', out()]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9/);
    expect(noStack(r.stderr)).toBe(true);
  });

  test('sign greenleaves reproduces the vendor item1/item10 vector and wants the secret from the environment', () => {
    const input = JSON.stringify({ pg_merchant_id: '1', pg_salt: 's', item1: 'A', item10: 'B' });
    expect(paycert(['sign', 'greenleaves', '--script', 'result'], { PAYCERT_SECRET: 'k' }, input).stdout.trim()).toBe(
      'ebf013e86afbeb55abf29780d86293eb',
    );
    expect(
      paycert(
        ['sign', 'greenleaves', '--script', 'result', '--order', 'natural'],
        { PAYCERT_SECRET: 'k' },
        input,
      ).stdout.trim(),
    ).toBe('af303f51aaa363526a639f41749955eb');
    const noSecret = paycert(['sign', 'greenleaves', '--script', 'result'], { PAYCERT_SECRET: '' }, input);
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toMatch(/PAYCERT_SECRET/);
  });

  test('a smoke run against the embedded greenleaves sandbox exits 0 and writes every report', () => {
    const dir = out();
    const r = paycert([
      'run',
      '--profile',
      'greenleaves',
      '--plan',
      'smoke',
      '--seed',
      '7',
      // what is asserted is the exit code and the reports, not the cases: 3 a check as in
      // redaction.test.ts's full run, which passes every rule of every profile with them
      '--runs',
      '3',
      '--out',
      dir,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/greenleaves\s+gateway\s+reference\s+\d+ rules: \d+ passed, 0 failed/);
    const cert = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8'));
    expect(cert).toMatchObject({
      complete: true,
      seed: 7,
      plan: 'smoke',
      verdict: 'passed',
      tool: { name: 'paycert' },
    });
    expect(cert.profiles.map((p: { subject: string }) => p.subject).sort()).toEqual(['gateway', 'merchant', 'sdk']);
    const rule = cert.profiles[0].rules.find((x: { id: string }) => x.id === 'GL-SIG-04');
    expect(rule).toMatchObject({
      level: 'MUST',
      verdict: 'passed',
      tests: expect.arrayContaining(['gl.sig.tamper-any-field']),
    });
    expect(cert.profiles[0].rules.some((x: { verdict: string }) => x.verdict === 'skipped')).toBe(true); // smoke leaves rules out
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('<testsuites');
    expect(readdirSync(join(dir, 'allure-results')).some((f) => f.endsWith('-result.json'))).toBe(true);
    const html = readFileSync(join(dir, 'html', 'index.html'), 'utf8');
    expect(html).not.toMatch(/googletagmanager|gtag\(|dataLayer/);
    expect(html).not.toMatch(/<script[^>]*src="https?:/);
  });

  // a defective sandbox given as --target, exit 1 with the broken rule failed: report.test.ts, on its
  // failing run (the same defect and check)

  // no deadline of its own on the first results (20 s was too short at load 12): the test's timeout.
  // --runs 3 and --no-html: what is asserted is what a kill leaves behind (results.ndjson and the
  // certificate), not the cases or the HTML (the default 220 only made the first three checks longer,
  // and the Allure child read results nobody looks at)
  test('a run killed half-way leaves the results it had', async () => {
    const dir = out();
    const { child } = await serve([
      'run',
      '--profile',
      'greenleaves',
      '--subject',
      'gateway',
      '--runs',
      '3',
      '--no-html',
      '--out',
      dir,
    ]);
    const ndjson = join(dir, 'results.ndjson');
    // killed once the certificate (rewritten at most once a second while checks end; SIGKILL gives no
    // chance of a last write) holds a passed rule: killed on results.ndjson's lines alone, a fast run
    // could die before the certificate had caught up with them (it failed so at load 4.7)
    const passedSoFar = () => {
      try {
        const cert = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8'));
        return cert.profiles[0].rules.some((r: { verdict: string }) => r.verdict === 'passed');
      } catch {
        return false; // not written yet, or caught half-written
      }
    };
    while (
      child.exitCode === null &&
      !(existsSync(ndjson) && readFileSync(ndjson, 'utf8').split('\n').length > 3 && passedSoFar())
    )
      await new Promise((r) => setTimeout(r, 100));
    expect(child.exitCode, 'the run ended before it could be killed half-way').toBe(null);
    child.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    const lines = readFileSync(ndjson, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(2);
    const cert = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8'));
    expect(cert.complete).toBe(false);
    expect(cert.verdict).toBe('partial');
    expect(cert.profiles[0].rules.filter((r: { verdict: string }) => r.verdict === 'passed').length).toBeGreaterThan(0);
  });

  // in this process: the reports are cleared by run() itself, before the error the binary maps to its exit code
  test('a run that stops early (usage error, unreachable target) leaves no earlier certificate behind', async () => {
    const dir = out();
    writeFileSync(join(dir, REPORT_MARKER), ''); // an earlier run's report directory
    const stale = JSON.stringify({ complete: true, verdict: 'passed', profiles: [] });
    for (const [args, code] of [
      [['run', '--profile', 'greenleaves', '--target', 'http://127.0.0.1:9', '--out', dir], 3],
      [['run', '--profile', 'greenleaves', '--target', 'https://api.greenleavespay.kz.', '--out', dir], 2],
      [['run', '--bogus', '--out', dir], 2],
    ] as const) {
      writeFileSync(join(dir, 'certificate.json'), stale);
      writeFileSync(join(dir, 'junit.xml'), '<testsuites tests="1"/>');
      const r = await inProcess([...args]);
      expect(r.code, r.line).toBe(code);
      expect(existsSync(join(dir, 'certificate.json')), args.join(' ')).toBe(false);
      expect(existsSync(join(dir, 'junit.xml')), args.join(' ')).toBe(false);
    }
  });

  // --out . in a project, --out ~: an html/ or evidence/ there is the user's, not an earlier run's
  test('a directory paycert did not make its own keeps its html/ and junit.xml: exit 2 and nothing removed, for run and merge', async () => {
    const dir = out();
    mkdirSync(join(dir, 'html'));
    writeFileSync(join(dir, 'html', 'index.html'), 'the site');
    writeFileSync(join(dir, 'junit.xml'), '<testsuites/>');
    const shard = out();
    expect((await command(['run', '--check', 'gl.kat.vectors', '--out', shard])).code).toBe(0);
    for (const args of [
      ['run', '--check', 'gl.kat.vectors', '--out', dir],
      ['merge', shard, '--out', dir],
    ]) {
      const r = await command(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim()).toMatch(
        /^paycert: (merge: )?--out .* holds "html", "junit\.xml" that paycert did not write \(no \.paycert-report in it\), and a run would replace them: give a new or empty directory$/,
      );
      expect(readFileSync(join(dir, 'html', 'index.html'), 'utf8')).toBe('the site');
      expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toBe('<testsuites/>');
    }
    // a report directory of a run before the marker existed (its .run-config.json) is cleared as before
    writeFileSync(join(dir, '.run-config.json'), '{}');
    expect(
      (await inProcess(['run', '--profile', 'greenleaves', '--target', 'http://127.0.0.1:9', '--out', dir])).code,
    ).toBe(3);
    expect(existsSync(join(dir, 'html'))).toBe(false);
    expect(existsSync(join(dir, REPORT_MARKER))).toBe(true);
  });

  // an existing directory nothing can be written in (a kernel file system, another user's): a usage
  // error naming it, not an internal error
  test.runIf(process.platform === 'linux')(
    '--out a directory that cannot hold files is exit 2 with one line',
    async () => {
      for (const dir of ['/proc/self', '/proc/self/fd']) {
        const r = await inProcess(['run', '--check', 'gl.kat.vectors', '--out', dir]);
        expect(r.code, dir).toBe(2);
        expect(r.line).toMatch(/cannot use it as the report directory \((ENOENT|EACCES|EPERM)\)/);
      }
    },
  );

  test('an unhandled error in the command is one line, exit 4, and the certificate written so far says so', () => {
    const dir = out();
    const r = paycert(
      [
        'run',
        '--profile',
        'greenleaves',
        '--subject',
        'gateway',
        '--plan',
        'smoke',
        '--grep',
        'gl.sig.tamper',
        '--out',
        dir,
      ],
      { PAYCERT_TEST_FAULT: 'unhandled-rejection', PAYCERT_DEBUG: '' },
    );
    expect(r.code).toBe(4);
    expect(r.stderr.trim().split('\n')).toEqual([
      'paycert: internal error: injected fault (PAYCERT_TEST_FAULT) (set PAYCERT_DEBUG=1 for the stack)',
    ]);
    expect(noStack(r.stderr)).toBe(true);
    const cert = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8'));
    expect(cert).toMatchObject({
      complete: false,
      verdict: 'partial',
      errors: [expect.stringContaining('injected fault')],
    });
  });

  test('certificate.json, junit.xml and the HTML report agree, verdict by verdict (checks, rules, each rule of each check)', async () => {
    const { child, lines } = await serve(['sandbox', '--profile', 'greenleaves', '--defect', 'wrong-error-code']);
    try {
      const url = /greenleaves (\S+)/.exec(lines[0]!)![1]!;
      const dir = out();
      const r = paycert([
        'run',
        '--profile',
        'greenleaves',
        '--target',
        url,
        '--plan',
        'smoke',
        '--grep',
        'gl.sig',
        '--seed',
        '5',
        // what is compared is how the three reports count the checks, not the cases (the default
        // against a sandbox is 220 a check): the defect answers every bad signature with 9999
        '--runs',
        '3',
        '--fail-on',
        'inconclusive',
        '--out',
        dir,
      ]);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      const cert = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8'));
      expect(cert.failOn).toBe('inconclusive');
      const c = cert.profiles[0].checkSummary as {
        passed: number;
        failed: number;
        warning: number;
        inconclusive: number;
        skipped: number;
      };
      const total = Object.values(c).reduce((a, b) => a + b, 0);
      expect(c.failed).toBeGreaterThan(0);
      expect(c.skipped).toBeGreaterThan(0);
      expect(total).toBe(cert.profiles[0].summary.checks);
      // junit.xml counts rules (one testcase per rule), the Allure HTML each check, or each verdict its
      // rules got where they differ (src/report/allure-per-rule.ts)
      const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
      const attr = (name: string) => Number(new RegExp(`<testsuites[^>]* ${name}="(\\d+)"`).exec(junit)![1]);
      const rs = cert.profiles[0].summary as { rules: number; failed: number; inconclusive: number; skipped: number };
      expect({
        tests: attr('tests'),
        failures: attr('failures'),
        errors: attr('errors'),
        skipped: attr('skipped'),
      }).toEqual({ tests: rs.rules, failures: rs.failed, errors: rs.inconclusive, skipped: rs.skipped });
      expect((junit.match(/<testcase /g) ?? []).length).toBe(rs.rules);
      const html = readFileSync(join(dir, 'html', 'index.html'), 'utf8');
      const stat = JSON.parse(
        Buffer.from(/d\("widgets\/statistic\.json","([A-Za-z0-9+/=]+)"\)/.exec(html)![1]!, 'base64').toString('utf8'),
      );
      // against a reference a failed rule is failed, never a warning (src/report/verdict.ts)
      const perRule = { total: 0, passed: 0, failed: 0, broken: 0, skipped: 0 };
      let split = 0;
      for (const line of readFileSync(join(dir, 'results.ndjson'), 'utf8').split('\n').filter(Boolean)) {
        const outcomes = Object.values((JSON.parse(line) as { ruleOutcomes: Record<string, string> }).ruleOutcomes);
        if (new Set(outcomes).size > 1) split++;
        for (const o of new Set(outcomes)) {
          perRule.total++;
          perRule[o === 'inconclusive' ? 'broken' : (o as 'passed' | 'failed' | 'skipped')]++;
        }
      }
      // the defect run has a check whose rules differ: GL-ERR-01 failed, GL-SIG-04 passed
      expect(split).toBeGreaterThan(0);
      expect(perRule.total).toBeGreaterThan(total);
      expect({
        total: stat.total,
        passed: stat.passed ?? 0,
        failed: stat.failed ?? 0,
        broken: stat.broken ?? 0,
        skipped: stat.skipped ?? 0,
      }).toEqual(perRule);
      expect(r.stdout).toContain(`verdict: failed (${cert.verdictReason})`);
    } finally {
      child.kill('SIGINT');
    }
  });
});

test('output longer than a pipe holds reaches a reader that is slow to start (paycert list | less)', async () => {
  // the whole text from the command's function in this process; the binary writes it through the pipe below
  const whole = await command(['list']);
  expect(whole.code).toBe(0);
  expect(whole.stdout.length).toBeGreaterThan(65_536); // more than a Linux pipe buffer
  // a shell pipe whose reader starts late: the pipe fills and paycert's last writes wait in its queue
  const slow = spawnSync('sh', ['-c', `"${process.execPath}" bin/paycert.mjs list | (sleep 1.5; cat)`], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 16 << 20,
  });
  expect(slow.status).toBe(0);
  expect(slow.stdout.length).toBe(whole.stdout.length);
});
