import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command, paycert, serve } from './cli.ts';
import { ROOT } from '../../src/spec/paths.ts';

const out = () => mkdtempSync(join(tmpdir(), 'paycert-report-'));
const CHROMIUM = '/usr/bin/chromium';
const CHECK = 'gl.sig.tamper-any-field';

interface Prop {
  index: number;
  seed: number;
  path?: string;
  counterexample?: string;
  sent?: string[];
}
const results = (dir: string) =>
  readFileSync(join(dir, 'results.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id: string; properties: Prop[]; replay?: string });

// A sandbox that never verifies pg_sig: the GL-SIG-04 property of gl.sig.tamper-any-field fails
// and shrinks; the run prints one replay command per failed rule.
describe('a failing defect run: replay, certificate.html, junit.xml', () => {
  let child: ChildProcess;
  let url: string;
  let dir: string;
  let first: ReturnType<typeof paycert>;
  beforeAll(async () => {
    const s = await serve(['sandbox', '--profile', 'greenleaves', '--defect', 'accepts-bad-signature']);
    child = s.child;
    url = /greenleaves (\S+)/.exec(s.lines[0]!)![1]!;
    dir = out();
    first = paycert([
      'run',
      '--profile',
      'greenleaves',
      '--target',
      url,
      '--check',
      CHECK,
      '--seed',
      '-7',
      '--fail-on',
      'warning',
      '--format',
      'json,junit,html',
      '--out',
      dir,
    ]);
  });
  afterAll(() => child?.kill('SIGINT'));

  test('the printed replay command (negative seed, --check, --replay) reproduces the same counterexample', () => {
    expect(first.code, first.stdout + first.stderr).toBe(1);
    const prop = results(dir)[0]!.properties[0]!;
    expect(prop.path).toBeTruthy();
    // what was sent, with the pg_sig actually sent and the signature base with the secret redacted
    expect(prop.sent?.[0]).toMatch(/pg_sig = [0-9a-f]{32}\n/);
    expect(prop.sent?.[0]).toMatch(/signature base: payment_page;.*;\[secret\]$/m);
    const line = first.stdout.split('\n').find((l) => l.includes('replay: '))!;
    const cmd = line.slice(line.indexOf('replay: ') + 8);
    expect(cmd).toBe(
      `npx paycert run --profile greenleaves --subject gateway --target ${url} --fail-on warning --seed -7 --check ${CHECK} --replay ${prop.index}:${prop.path}`,
    );
    const argv = cmd.split(' ').slice(2); // npx paycert
    for (const args of [argv, argv.slice(0, argv.indexOf('--replay'))]) {
      const again = out();
      const r = paycert([...args, '--format', 'json', '--quiet', '--out', again]);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      const p2 = results(again)[0]!.properties[0]!;
      expect({ seed: p2.seed, path: p2.path, counterexample: p2.counterexample }).toEqual({
        seed: prop.seed,
        path: prop.path,
        counterexample: prop.counterexample,
      });
    }
  });

  // (was cli.test.ts's own sandbox and run, --grep gl.sig.tamper: this run selects the same check)
  test('a defective sandbox given as --target makes the run exit 1 with the broken rule failed', () => {
    expect(first.code, first.stdout + first.stderr).toBe(1);
    const cert = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8'));
    expect(cert.profiles[0].target).toMatchObject({ kind: 'reference', defects: ['accepts-bad-signature'] });
    expect(cert.profiles[0].rules.find((x: { id: string }) => x.id === 'GL-SIG-04').verdict).toBe('failed');
  });

  test('junit.xml has one testcase per rule, classname profile.subject.area, inconclusive as <error>, skipped with its reason', () => {
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    const cert = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8'));
    expect((junit.match(/<testcase /g) ?? []).length).toBe(cert.profiles[0].rules.length);
    expect(junit).toMatch(/<testsuite name="greenleaves\.gateway"/);
    expect(junit).toMatch(
      /<testcase classname="greenleaves\.gateway\.signature" name="GL-SIG-04 [^"]+"[^>]*><failure message="[^"]+" type="failed">[^<]*replay: npx paycert run [^<]*--check gl\.sig\.tamper-any-field/,
    );
    expect(junit).toMatch(/<skipped message="no check ran for this rule in this run"\/>/);
    expect(junit).not.toMatch(/<failure[^>]*type="inconclusive"/);
  });

  test('certificate.html opens on the verdict, the failing rule first, its replay command visible without clicks', () => {
    const html = readFileSync(join(dir, 'certificate.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|@import|https?:\/\/(?!127\.0\.0\.1)/);
    checkPage(html);
  });

  test.skipIf(!existsSync(CHROMIUM))(
    'headless Chromium renders certificate.html offline; screenshot saved under --out',
    () => {
      const profile = mkdtempSync(join(tmpdir(), 'paycert-chromium-'));
      const flags = [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${profile}`,
        '--window-size=1280,1600',
      ];
      const page = `file://${join(dir, 'certificate.html')}`;
      const dom = spawnSync(CHROMIUM, [...flags, '--dump-dom', page], {
        encoding: 'utf8',
        timeout: 90_000,
        maxBuffer: 64 << 20,
      });
      checkPage(dom.stdout);
      const png = join(dir, 'certificate.png');
      spawnSync(CHROMIUM, [...flags, `--screenshot=${png}`, page], { encoding: 'utf8', timeout: 90_000 });
      expect(statSync(png).size).toBeGreaterThan(10_000);
    },
  );
});

// A sandbox answering a bad signature with the wrong code: gl.sig.tamper-any-field fails GL-ERR-01 and
// passes GL-SIG-04. Allure grouped the one result of the check under both rules' stories, so GL-SIG-04
// showed red in the Allure report, though the certificate passed it.
test('allure-results: a check failing one of its rules is red only under that rule', async () => {
  const s = await serve(['sandbox', '--profile', 'greenleaves', '--defect', 'wrong-error-code']);
  try {
    const url = /greenleaves (\S+)/.exec(s.lines[0]!)![1]!;
    const dir = out();
    const r = paycert(
      ['run', '--profile', 'greenleaves', '--target', url, '--pace', '0', '--check', CHECK].concat([
        '--format',
        'allure',
        '--quiet',
        '--out',
        dir,
      ]),
    );
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const results = join(dir, 'allure-results');
    const byRule = readdirSync(results)
      .filter((f) => f.endsWith('-result.json'))
      .map(
        (f) =>
          JSON.parse(readFileSync(join(results, f), 'utf8')) as {
            status: string;
            labels: Array<{ name: string; value: string }>;
            statusDetails: { message?: string };
          },
      )
      .map((x) => [
        x.labels
          .filter((l) => l.name === 'story')
          .map((l) => l.value)
          .join(),
        x.status,
        x.statusDetails.message ?? '',
      ]);
    expect(byRule.map(([story, status]) => `${story} ${status}`).sort()).toEqual([
      'GL-ERR-01 failed',
      // GL-SIG-17 (no reply shows the secret or the right pg_sig), GL-TX-02 (every reply it read is XML),
      // GL-SIG-11 (every reply it read is signed) and GL-TX-10 (every reply is labelled XML) are the
      // check's too, passed with GL-SIG-04
      'GL-SIG-04,GL-SIG-17,GL-TX-02,GL-SIG-11,GL-TX-10 passed',
    ]);
    expect(byRule.find(([story]) => story === 'GL-ERR-01')![2]).toMatch(
      /^GL-ERR-01: changing \S+ after signing: pg_error_code "9999", want 1100/,
    );
  } finally {
    s.child.kill('SIGINT');
  }
});

/** The verdict, the failing rule and its replay command come before any <details> (so nothing needs
 *  a click), and failed rules come before passed ones. */
function checkPage(html: string): void {
  const body = html.slice(html.indexOf('<body'));
  const closed = body.indexOf('<details');
  const before = closed < 0 ? body : body.slice(0, closed);
  expect(before).toMatch(/<h1 id="verdict"[^>]*>FAILED<\/h1>/);
  expect(before).toMatch(/<tr class="failed" id="rule-GL-SIG-04">/);
  expect(before).toMatch(
    /<pre class="cmd">npx paycert run --profile greenleaves --subject gateway --target http:\/\/127\.0\.0\.1:\d+ --fail-on warning --seed -7 --check gl\.sig\.tamper-any-field --replay \d+:[\d:]+<\/pre>/,
  );
  const firstPassed = before.indexOf('<tr class="passed"');
  if (firstPassed >= 0) expect(before.indexOf('<tr class="failed"')).toBeLessThan(firstPassed);
  expect(body).toMatch(/<details id="ev-greenleaves-gateway-gl\.sig\.tamper-any-field">/);
  expect(body).toMatch(/pg_sig = [0-9a-f]{32}/); // evidence: form bodies decoded, one field a line
}

describe('sharding, merge and Ctrl-C', () => {
  test('two shards merged give the same rule verdicts as one run', async () => {
    const args = [
      'run',
      '--profile',
      'greenleaves',
      '--subject',
      'gateway',
      '--plan',
      'smoke',
      '--seed',
      '3',
      // the same runs in all three: what is compared is how the checks are split and merged, not the
      // cases (3 a check pass every rule, as in redaction.test.ts's full run)
      '--runs',
      '3',
      '--format',
      'json,junit',
      '--quiet',
    ];
    const whole = out();
    const a = out();
    const b = out();
    const merged = out();
    expect(paycert([...args, '--out', whole]).code).toBe(0);
    expect(paycert([...args, '--shard', '1/2', '--out', a]).code).toBe(0);
    expect(paycert([...args, '--shard', '2/2', '--out', b]).code).toBe(0);
    const ids = (d: string) => results(d).map((r) => r.id);
    expect(ids(a).length).toBeGreaterThan(0);
    expect(ids(b).length).toBeGreaterThan(0);
    expect(ids(a).filter((id) => ids(b).includes(id))).toEqual([]);
    const m = paycert(['merge', a, b, '--out', merged]);
    expect(m.code, m.stdout + m.stderr).toBe(0);
    const verdicts = (d: string) =>
      (
        JSON.parse(readFileSync(join(d, 'certificate.json'), 'utf8')).profiles as Array<{
          rules: Array<{ id: string; verdict: string }>;
        }>
      )
        .flatMap((p) => p.rules.map((r) => `${r.id}=${r.verdict}`))
        .sort();
    expect(verdicts(merged)).toEqual(verdicts(whole));
    const cases = (d: string) =>
      (readFileSync(join(d, 'junit.xml'), 'utf8').match(/<testcase [^>]*>(<failure|<error|<skipped)?/g) ?? [])
        .map((s) => s.replace(/ time="[\d.]+"/, ''))
        .sort();
    expect(cases(merged)).toEqual(cases(whole));
    // sealed: the merged directory verifies like a single run
    const v = await command(['verify', merged]); // the binary's verify: certify.test.ts
    expect(v.code, v.stdout + v.stderr).toBe(0);
  });

  test.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)(
    'interrupted by %s (Ctrl-C, a CI job timeout, a closed terminal), exit %i: certificate.json (complete: false), junit.xml and the summary are written',
    async (signal, exit) => {
      const dir = out();
      const child = spawn(
        process.execPath,
        [
          join(ROOT, 'bin', 'paycert.mjs'),
          'run',
          '--profile',
          'greenleaves',
          '--subject',
          'gateway',
          // what is asserted is the interruption, not the cases: the first progress line comes after a
          // whole property check, which at the default runs took over 120 s at load 25 (failed here);
          // the other worker's checks run on until the signal too
          '--runs',
          '3',
          '--format',
          'json,junit,html',
          '--out',
          dir,
        ],
        { cwd: ROOT, env: { ...process.env, CI: 'true' } },
      );
      let stdout = '';
      child.stdout.on('data', (b: Buffer) => {
        stdout += b.toString();
      });
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no progress line: ${stdout}`)), 120_000);
        const tick = setInterval(() => {
          if (/^\[1\/\d+\] /m.test(stdout)) {
            clearTimeout(t);
            clearInterval(tick);
            resolve();
          }
        }, 100);
      });
      child.kill(signal);
      const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      expect(code).toBe(exit);
      // CI: plain lines, no colour codes
      expect(stdout).not.toContain('\x1b[');
      expect(stdout).toMatch(/^\[1\/\d+\] (ok|FAIL|\?\?|--)\s+gl\.\S+ \([A-Z0-9, -]+\) \d+\.\ds/m);
      expect(stdout).toMatch(/certificate: .*certificate\.json {2}verdict: partial/);
      const cert = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8'));
      expect(cert).toMatchObject({
        complete: false,
        verdict: 'partial',
        errors: expect.arrayContaining([`interrupted (${signal})`]),
      });
      expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('<testsuites');
      expect(existsSync(join(dir, 'certificate.html'))).toBe(true);
    },
  );
});
