import { describe, expect, test, beforeAll, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command, inProcess, noStack, paycert, serve } from './cli.ts';

// Section 1, 2 and 5 of issue 11: a verifiable certificate, partial runs, the baseline, list and
// --rule, and configuration mistakes as usage errors. Runs are kept small (--rule/--grep, --runs 1).
// Each exit of verify (0, 1, 2) and the baseline command keep one case through the binary; the other
// cases call the same command functions in this process (`command`, `inProcess`: a process start is a
// CPU-second and more, 4 for a `run`).

const tmp = () => mkdtempSync(join(tmpdir(), 'paycert-cert-'));
const cert = (dir: string) => JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8'));

function keyPair(type: 'ed25519' | 'ec'): { priv: string; pub: string } {
  const k = type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
  const dir = tmp();
  writeFileSync(join(dir, 'k.pem'), k.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  writeFileSync(join(dir, 'pub.pem'), k.publicKey.export({ type: 'spki', format: 'pem' }) as string);
  return { priv: join(dir, 'k.pem'), pub: join(dir, 'pub.pem') };
}

/** Flip one byte of a file (a digit or letter to another of its kind, so JSON stays JSON). */
function editOneByte(path: string, at: RegExp): void {
  const text = readFileSync(path, 'utf8');
  const m = at.exec(text)!;
  const i = m.index + m[0].length - 1;
  const c = text[i]!;
  writeFileSync(
    path,
    text.slice(0, i) +
      (c === 'd' ? 'e' : c === '1' ? '2' : c === 'p' ? 'q' : String.fromCharCode(c.charCodeAt(0) ^ 1)) +
      text.slice(i + 1),
  );
}

describe('a signed certificate', () => {
  const key = keyPair('ed25519');
  let dir: string;
  beforeAll(() => {
    dir = tmp();
    const r = paycert([
      'run',
      '--profile',
      'greenleaves',
      '--subject',
      'gateway',
      '--rule',
      'GL-SIG-04',
      '--runs',
      '1',
      '--seed',
      '5',
      '--sign-key',
      key.priv,
      '--out',
      dir,
    ]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/verdict: passed \(partial: only the checks selected by --rule GL-SIG-04\)/);
  });

  test('records how the run was made, labels it partial, and verifies with and without the key', async () => {
    const c = cert(dir);
    expect(c).toMatchObject({
      seed: 5,
      runs: 1,
      filters: { rules: ['GL-SIG-04'] },
      partial: expect.stringContaining('--rule GL-SIG-04'),
      environment: { node: process.version },
    });
    expect(c.specs).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(c.digests['results.ndjson']).toMatch(/^sha256:/);
    expect(Object.keys(c.digests).some((f) => f.startsWith('allure-results/'))).toBe(true);
    expect(c.profiles[0].account).toEqual({ merchantId: expect.any(String) });
    expect(JSON.stringify(c)).not.toContain('s3cr3tKey');
    const plain = paycert(['verify', dir]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/signer unauthenticated/);
    const keyed = await command(['verify', dir, '--key', key.pub]);
    expect(keyed.code, keyed.stderr).toBe(0);
    expect(keyed.stdout).toMatch(/signed by the given key/);
  });

  test('a wrong key fails', () => {
    const r = paycert(['verify', dir, '--key', keyPair('ec').pub]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/signature of certificate\.jws does not verify: signed by key \S+, not by the given key/);
  });

  test.each([
    ['certificate.json', /"verdict": "passe/, /digest of certificate\.json does not match/],
    ['results.ndjson', /"outcome":"passe/, /digest of results\.ndjson does not match/],
  ])('%s edited by one byte fails, naming the digest', async (file, at, message) => {
    const copy = tmp();
    cpSync(dir, copy, { recursive: true });
    editOneByte(join(copy, file), at);
    const r = await command(['verify', copy]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  // an edited certificate re-signed by whoever edited it: with no signature (alg none), or with HMAC
  // keyed by the signer's public key PEM (the classic key confusion); neither verifies, with or without --key
  test.each(['none', 'HS256'])('an edited certificate re-signed with alg %s fails, naming the alg', async (alg) => {
    const copy = tmp();
    cpSync(dir, copy, { recursive: true });
    editOneByte(join(copy, 'certificate.json'), /"verdict": "passe/);
    const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');
    const head = b64(JSON.stringify({ alg, typ: 'paycert-certificate+jws' }));
    const input = `${head}.${b64(readFileSync(join(copy, 'certificate.json')))}`;
    const sig = alg === 'none' ? '' : createHmac('sha256', readFileSync(key.pub)).update(input).digest('base64url');
    writeFileSync(join(copy, 'certificate.jws'), `${input}.${sig}`);
    const keyed = await command(['verify', copy, '--key', key.pub]);
    expect(keyed.code).toBe(1);
    expect(keyed.stderr).toMatch(
      new RegExp(
        `it names no signing key, and the given key \\S+ does not verify it \\(alg "${alg}": only EdDSA and ES256 are taken\\)`,
      ),
    );
    const plain = await command(['verify', copy]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/"alg" \(Algorithm\) Header Parameter value not allowed/);
  });

  test('evidence changed or added after the run fails', async () => {
    const copy = tmp();
    cpSync(dir, copy, { recursive: true });
    const ev = readdirSync(join(copy, 'allure-results')).find((f) => f.endsWith('.txt'))!;
    writeFileSync(join(copy, 'allure-results', ev), `${readFileSync(join(copy, 'allure-results', ev), 'utf8')} `);
    expect((await command(['verify', copy])).stderr).toMatch(
      new RegExp(`digest of allure-results/${ev} does not match`),
    );
    const copy2 = tmp();
    cpSync(dir, copy2, { recursive: true });
    writeFileSync(join(copy2, 'allure-results', 'extra.json'), '{}');
    expect((await command(['verify', copy2])).stderr).toMatch(/allure-results\/extra\.json is not covered/);
  });

  test('usage: no directory, not a run directory, a bad key file', async () => {
    expect(paycert(['verify']).code).toBe(2);
    expect((await command(['verify', tmp()])).stderr).toMatch(/no certificate\.json/);
    const r = await command(['verify', dir, '--key', join(dir, 'junit.xml')]);
    expect(r.code).toBe(2);
    expect(noStack(r.stderr)).toBe(true);
  });
});

describe('known failures baseline', () => {
  let sandbox: ChildProcess;
  let url: string;
  let failing: string;
  // --no-html: these runs are judged by their certificate and exit code only
  const grep = ['--profile', 'greenleaves', '--grep', 'gl.sig.tamper', '--runs', '1', '--seed', '3', '--no-html'];
  beforeAll(async () => {
    const s = await serve(['sandbox', '--profile', 'greenleaves', '--defect', 'accepts-bad-signature']);
    sandbox = s.child;
    url = /greenleaves (\S+)/.exec(s.lines[0]!)![1]!;
    failing = tmp();
    const r = paycert(['run', ...grep, '--target', url, '--out', failing]);
    expect(r.code, r.stdout).toBe(1);
  });
  afterAll(() => void sandbox?.kill('SIGINT'));

  /** `paycert baseline` in this process; through the binary for the first test's file. */
  async function baselineFile(
    edit?: (b: { entries: Array<Record<string, unknown>> }) => void,
    cli = false,
  ): Promise<string> {
    const path = join(tmp(), 'baseline.json');
    const args = ['baseline', '--from', failing, '--out', path];
    const w = cli ? paycert(args) : await command(args);
    expect(w.code, w.stderr).toBe(0);
    const b = JSON.parse(readFileSync(path, 'utf8'));
    edit?.(b);
    writeFileSync(path, JSON.stringify(b));
    return path;
  }

  test('paycert baseline writes the failed rules; with it, the known failure does not fail the run', async () => {
    const path = await baselineFile(undefined, true);
    const b = JSON.parse(readFileSync(path, 'utf8'));
    expect(b.entries).toContainEqual(
      expect.objectContaining({ rule: 'GL-SIG-04', profile: 'greenleaves', subject: 'gateway', verdict: 'failed' }),
    );
    const dir = tmp();
    const r = paycert(['run', ...grep, '--target', url, '--baseline', path, '--out', dir]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/GL-SIG-04 MUST failed \(known: /);
    expect(cert(dir).baseline).toMatchObject({
      tolerated: b.entries.filter((e: { verdict: string }) => e.verdict === 'failed').length,
      problems: [],
    });
  });

  test('a new failure (not in the baseline) fails the run', async () => {
    const path = await baselineFile((b) => void (b.entries = b.entries.filter((e) => e.rule !== 'GL-SIG-04')));
    const r = paycert(['run', ...grep, '--target', url, '--baseline', path, '--out', tmp()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ GL-SIG-04 MUST failed: /);
  });

  test('an expired entry no longer tolerates', async () => {
    const path = await baselineFile((b) => b.entries.forEach((e) => (e.expires = '2000-01-01')));
    const r = paycert(['run', ...grep, '--target', url, '--baseline', path, '--out', tmp()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/GL-SIG-04 MUST failed \(baseline entry expired on 2000-01-01/);
  });

  test('a known failure that disappears fails the run and says to delete its entry', async () => {
    const path = await baselineFile();
    const r = paycert(['run', ...grep, '--subject', 'gateway', '--baseline', path, '--out', tmp()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /GL-SIG-04 \(greenleaves\/gateway\) is in the baseline but passed: delete its entry from /,
    );
  });

  test.each([
    ['{ not json', /baseline \S+ is not JSON \(at line 1, column 3\)/],
    [
      JSON.stringify({
        entries: [{ rule: 'GL-SIG-04', profile: 'greenleaves', subject: 'gateway', reason: 'x', expires: 'soon' }],
      }),
      /\/entries\/0\/expires must match format "date"/,
    ],
    [
      JSON.stringify({ entries: [{ rule: 'GL-NOPE-99', profile: 'greenleaves', subject: 'gateway', reason: 'x' }] }),
      /\/entries\/0\/rule GL-NOPE-99 is not a greenleaves rule/,
    ],
  ])('a bad baseline file is a usage error with the bad field: %s', async (text, message) => {
    const path = join(tmp(), 'b.json');
    writeFileSync(path, text);
    const r = await inProcess(['run', ...grep, '--baseline', path, '--out', tmp()]);
    expect(r.code).toBe(2);
    expect(r.line).toMatch(message);
    expect(r.line.split('\n')).toHaveLength(1);
  });
});

describe('list and filters', () => {
  // in this process: cli.test.ts has `paycert list` through the binary
  test('paycert list prints rules and checks with plans and needs', async () => {
    const r = await command(['list', '--profile', 'greenleaves', '--subject', 'gateway']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/GL-SIG-04\s+MUST\s+\S/);
    expect(r.stdout).toMatch(/gl\.sig\.tamper-any-field\s+\[smoke,full\].*GL-SIG-04/);
    expect(r.stdout).not.toMatch(/GL-MCB-/);
  });

  test.each([
    [['--rule', 'GL-NOPE-01'], /--rule GL-NOPE-01 is not a rule of greenleaves/],
    [['--grep', 'no-check-is-called-this'], /--grep "no-check-is-called-this" matches no check/],
    [['--rule', 'GL-MCB-01', '--subject', 'gateway'], /--rule GL-MCB-01 matches no check of greenleaves\/gateway/],
  ])('a filter matching nothing is a usage error: %j', async (args, message) => {
    const r = await inProcess(['run', '--profile', 'greenleaves', ...args, '--out', tmp()]);
    expect(r.code).toBe(2);
    expect(r.line).toMatch(message);
  });
});

/** A "real" gateway (no /__paycert/info) answering every POST with an unsigned invalid-signature error. */
async function fakeGateway(): Promise<{ child: ChildProcess; url: string }> {
  const code = `require('http').createServer((q,s)=>{if(q.method!=='POST'){s.statusCode=404;return s.end('no')}q.resume();q.on('end',()=>{s.setHeader('content-type','application/xml');s.end('<?xml version="1.0" encoding="utf-8"?><response><pg_status>error</pg_status><pg_error_code>1100</pg_error_code><pg_error_description>Invalid request signature</pg_error_description></response>')})}).listen(0,'127.0.0.1',function(){console.log('http://127.0.0.1:'+this.address().port)})`;
  const child = spawn(process.execPath, ['-e', code]);
  const url = await new Promise<string>((resolve) =>
    child.stdout!.once('data', (b: Buffer) => resolve(b.toString().trim())),
  );
  return { child, url };
}

describe('configuration mistakes are exit 2 with one line', () => {
  test('a declaration that is not JSON, or does not follow its schema, names the bad field', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.json'), '{ "profile": ');
    writeFileSync(
      join(dir, 'wrong.json'),
      JSON.stringify({ profile: 'greenleaves', orders: [{ orderId: 'A1', state: 'sometimes' }] }),
    );
    const base = [
      'run',
      '--profile',
      'greenleaves',
      '--subject',
      'merchant',
      '--target',
      'http://127.0.0.1:9/result',
      '--out',
      tmp(),
      '--declaration',
    ];
    const a = await inProcess([...base, join(dir, 'bad.json')]);
    expect(a.code).toBe(2);
    expect(a.line).toMatch(/--declaration: declaration .*bad\.json is not JSON: it ends too soon$/);
    const b = await inProcess([...base, join(dir, 'wrong.json')]);
    expect(b.code).toBe(2);
    expect(b.line).toMatch(/\/orders\/0\/state/);
    expect(b.line.split('\n')).toHaveLength(1);
  });

  // in this process, as the other usage errors of run (cli.test.ts keeps exit 2 through the binary)
  test('credentials unset for a real target name the variables; a refused signature says which secret to check', async () => {
    const { child, url } = await fakeGateway();
    try {
      const args = ['run', '--profile', 'greenleaves', '--target', url, '--out', tmp()];
      const unset = await inProcess(args, { PAYCERT_GREENLEAVES_MERCHANT_ID: '', PAYCERT_GREENLEAVES_SECRET_KEY: '' });
      expect(unset.code).toBe(2);
      expect(unset.line).toMatch(/PAYCERT_GREENLEAVES_MERCHANT_ID, PAYCERT_GREENLEAVES_SECRET_KEY are not set/);
      const wrong = await inProcess(args, {
        PAYCERT_GREENLEAVES_MERCHANT_ID: '1',
        PAYCERT_GREENLEAVES_SECRET_KEY: 'not-the-secret',
      });
      expect(wrong.code).toBe(2);
      expect(wrong.line).toMatch(/check PAYCERT_GREENLEAVES_SECRET_KEY/);
      expect(wrong.line.split('\n')).toHaveLength(1);
    } finally {
      child.kill();
    }
  });
});
