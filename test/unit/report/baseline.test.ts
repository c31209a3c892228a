import { describe, expect, test, vi } from 'vitest';
import { applyBaseline, baselineFrom, readBaseline, type BaselineEntry } from '../../../src/report/baseline.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { overallVerdict, EXIT } from '../../../src/report/verdict.ts';
import { secretPreflight } from '../../../src/cli/preflight.ts';
import { sign } from '../../../src/protocols/greenleaves/index.ts';
import { buildXml } from '../../../src/protocols/greenleaves/index.ts';
import type { Subject } from '../../../src/harness/subject.ts';
import { LIMITS } from '../../../src/harness/subject.ts';
import type { RunConfig } from '../../../src/harness/run-config.ts';
import { buildCertificate } from '../../../src/report/write.ts';
import { junitXml } from '../../../src/report/junit.ts';
import { certificateHtml } from '../../../src/report/certificate-html.ts';
import { checkResult, jysanSubject } from './report-fixtures.ts';

const entry = (rule: string, extra: Partial<BaselineEntry> = {}): BaselineEntry => ({
  rule,
  profile: 'greenleaves',
  subject: 'gateway',
  reason: 'known',
  ...extra,
});
const profile = (rules: Array<[string, string]>) => ({
  profile: 'greenleaves',
  subject: 'gateway',
  target: { kind: 'reference' as const },
  summary: {
    passed: rules.filter((r) => r[1] === 'passed').length,
    failed: rules.filter((r) => r[1] === 'failed').length,
    warning: 0,
    inconclusive: 0,
    skipped: rules.filter((r) => r[1] === 'skipped').length,
  },
  rules: rules.map(([id, verdict]) => ({ id, verdict: verdict as 'passed', reason: 'r' })),
});

describe('baseline', () => {
  test('a known failure is tolerated, a new one is not, a vanished one fails, a skipped one says nothing', () => {
    const p = profile([
      ['GL-A-01', 'failed'],
      ['GL-A-02', 'failed'],
      ['GL-A-03', 'passed'],
      ['GL-A-04', 'skipped'],
    ]);
    const b = applyBaseline([p], 'b.json', [entry('GL-A-01'), entry('GL-A-04')], '2030-01-01');
    expect(b).toMatchObject({ tolerated: 1, problems: [], known: ['greenleaves/gateway/GL-A-01'] });
    expect(overallVerdict([p], { complete: true, baseline: b })).toMatchObject({
      verdict: 'failed',
      exit: EXIT.failed,
      reason: expect.stringMatching(/^1 rule\(s\) failed \(\+1 known/),
    });
    const onlyKnown = profile([
      ['GL-A-01', 'failed'],
      ['GL-A-03', 'passed'],
    ]);
    expect(
      overallVerdict([onlyKnown], {
        complete: true,
        baseline: applyBaseline([onlyKnown], 'b.json', [entry('GL-A-01')], '2030-01-01'),
      }).exit,
    ).toBe(EXIT.ok);
    const vanished = applyBaseline([onlyKnown], 'b.json', [entry('GL-A-01'), entry('GL-A-03')], '2030-01-01');
    expect(vanished.problems).toEqual([
      'GL-A-03 (greenleaves/gateway) is in the baseline but passed: delete its entry from b.json',
    ]);
    expect(overallVerdict([onlyKnown], { complete: true, baseline: vanished })).toMatchObject({
      verdict: 'failed',
      exit: EXIT.failed,
    });
  });

  // a CI probe: a rule named twice was counted twice ("+2 known" for one rule), and an entry recorded as a
  // warning tolerated the rule when it failed
  test('a rule is tolerated once; an entry known as a warning does not tolerate a failure', () => {
    const p = profile([['GL-A-01', 'failed']]);
    expect(applyBaseline([p], 'b.json', [entry('GL-A-01'), entry('GL-A-01')], '2030-01-01')).toMatchObject({
      tolerated: 1,
      known: ['greenleaves/gateway/GL-A-01'],
    });
    const worse = applyBaseline([p], 'b.json', [entry('GL-A-01', { verdict: 'warning' })], '2030-01-01');
    expect(worse).toMatchObject({ tolerated: 0, known: [] });
    expect(worse.problems).toEqual([
      'GL-A-01 (greenleaves/gateway) is in the baseline as a warning but failed: not tolerated',
    ]);
    expect(overallVerdict([p], { complete: true, baseline: worse }).exit).toBe(EXIT.failed);
    const dir = mkdtempSync(join(tmpdir(), 'paycert-baseline-'));
    const file = join(dir, 'b.json');
    const e = { rule: 'GL-SIG-01', profile: 'greenleaves', subject: 'gateway', reason: 'known' };
    writeFileSync(file, JSON.stringify({ entries: [e, { ...e, reason: 'again' }] }));
    expect(() => readBaseline(file)).toThrow(
      /\/entries\/1 names greenleaves\/gateway\/GL-SIG-01 again \(as \/entries\/0\): keep one entry$/,
    );
  });

  test('an entry tolerates up to and including its expiry day', () => {
    const p = profile([['GL-A-01', 'failed']]);
    expect(applyBaseline([p], 'b', [entry('GL-A-01', { expires: '2030-01-01' })], '2030-01-01').tolerated).toBe(1);
    expect(applyBaseline([p], 'b', [entry('GL-A-01', { expires: '2030-01-01' })], '2030-01-02').tolerated).toBe(0);
    expect(p.rules[0]).toMatchObject({ baseline: { expired: true } });
  });

  test('baselineFrom lists failed and warned rules only', () => {
    const b = baselineFrom({
      profiles: [
        profile([
          ['GL-A-01', 'failed'],
          ['GL-A-02', 'warning'],
          ['GL-A-03', 'passed'],
        ]),
      ],
    });
    expect(b.entries.map((e) => [e.rule, e.verdict])).toEqual([
      ['GL-A-01', 'failed'],
      ['GL-A-02', 'warning'],
    ]);
  });
});

describe('wrong-secret pre-flight', () => {
  const subject = {
    profile: 'greenleaves',
    kind: 'gateway',
    target: 'real',
    baseUrl: 'http://gw.test',
    capabilities: [],
    limits: LIMITS.real,
    slow: false,
  } as Subject;
  const reply = (fields: Record<string, string>) => async () => {
    const text = buildXml(fields, 'response');
    return { status: 200, headers: {}, body: new TextEncoder().encode(text), text };
  };
  const refusal = {
    pg_status: 'error',
    pg_error_code: '1100',
    pg_error_description: 'Invalid request signature',
    pg_salt: 'x',
  };

  test('an invalid-signature refusal not signed with our secret stops the run', async () => {
    await expect(secretPreflight(subject, reply(refusal))).rejects.toThrow(/check PAYCERT_GREENLEAVES_SECRET_KEY/);
    await expect(secretPreflight(subject, reply({ ...refusal, pg_sig: 'deadbeef' }))).rejects.toThrow(
      /check PAYCERT_GREENLEAVES_SECRET_KEY/,
    );
  });

  test('so does a refusal with the other documented bad-signature codes, or a description about it', async () => {
    for (const r of [
      { pg_status: 'error', pg_error_code: '9998', pg_error_description: 'Некорректная подпись запроса' },
      { pg_status: 'error', pg_error_code: '101', pg_error_description: 'Wrong sign' },
      { pg_status: 'error', pg_error_code: '7', pg_error_description: 'Неверная подпись' },
    ])
      await expect(secretPreflight(subject, reply(r)), r.pg_error_code).rejects.toThrow(
        /check PAYCERT_GREENLEAVES_SECRET_KEY/,
      );
  });

  test('a refusal signed with our secret, another error, or transport trouble is left to the checks', async () => {
    const signed = {
      ...refusal,
      pg_sig: sign('status_v2', refusal, process.env.PAYCERT_GREENLEAVES_SECRET_KEY || 's3cr3tKey'),
    };
    await expect(secretPreflight(subject, reply(signed))).resolves.toBeUndefined();
    await expect(
      secretPreflight(subject, reply({ pg_status: 'error', pg_error_code: '340', pg_error_description: 'not found' })),
    ).resolves.toBeUndefined();
    await expect(
      secretPreflight(subject, async () => {
        throw new Error('ECONNRESET');
      }),
    ).resolves.toBeUndefined();
    await expect(secretPreflight({ ...subject, kind: 'merchant' }, reply(refusal))).resolves.toBeUndefined();
  });
});

test('v5 pre-flight: a 1001 refusal signed with our secret (even in standard Base64) is left to the checks', async () => {
  const { createHmac } = await import('node:crypto');
  const { credentials } = await import('../../../src/spec/credentials.ts');
  const subject = {
    ...({ kind: 'gateway', target: 'real', baseUrl: 'http://gw.test' } as Subject),
    profile: 'greenleaves-v5',
  } as Subject;
  const text = '{"error":{"code":1001,"message":"Invalid signature"}}';
  const h = Buffer.from('{"uri":"/v5/g2g/read","auth_id":"123456","method":"POST","params":"","alg":"HS256"}').toString(
    'base64url',
  );
  const mac = (key: string) =>
    createHmac('sha256', key)
      .update(`${h}.${Buffer.from(text).toString('base64url')}`)
      .digest();
  const reply = (token?: string) => async () => ({
    status: 401,
    headers: { 'content-type': 'application/json', ...(token && { 'x-jws-signature': token }) },
    body: new TextEncoder().encode(text),
    text,
  });
  const ours = credentials('greenleaves-v5').secretKey;
  // the gateway has our secret (it signs its refusal with it): its refusal is its own fault, judged by the checks
  await expect(secretPreflight(subject, reply(`${h}..${mac(ours).toString('base64url')}`))).resolves.toBeUndefined();
  await expect(secretPreflight(subject, reply(`${h}..${mac(ours).toString('base64')}`))).resolves.toBeUndefined();
  // unsigned, or signed with another secret: ours is visibly wrong
  await expect(secretPreflight(subject, reply())).rejects.toThrow(/check PAYCERT_GREENLEAVES_V5_SECRET_KEY/);
  await expect(secretPreflight(subject, reply(`${h}..${mac('other').toString('base64url')}`))).rejects.toThrow(
    /check PAYCERT_GREENLEAVES_V5_SECRET_KEY/,
  );
});

test('jysan pre-flight: a wrong shared secret (code 21 for a signed status) is a warning naming the variable', async () => {
  const { startSandbox } = await import('../../../src/sandbox/registry.ts');
  const h = await startSandbox('jysan', {});
  const saved = process.env.PAYCERT_JYSAN_SHARED_SECRET;
  const subject = {
    profile: 'jysan',
    kind: 'gateway',
    target: 'real',
    baseUrl: h.url,
    capabilities: [],
    limits: LIMITS.real,
    slow: false,
  } as Subject;
  try {
    const warned: string[] = [];
    const write = vi.spyOn(console, 'error').mockImplementation((s) => void warned.push(`${String(s)}\n`));
    try {
      await expect(secretPreflight(subject)).resolves.toBeUndefined(); // the bank's own secret
      expect(warned).toEqual([]);
      // a bank that verifies P_SIGN wrongly answers the same, and its replies are unsigned: warn, go on
      process.env.PAYCERT_JYSAN_SHARED_SECRET = 'not-the-bank-secret-0000';
      await expect(secretPreflight(subject)).resolves.toBeUndefined();
    } finally {
      write.mockRestore();
    }
    expect(warned.join('')).toMatch(/^paycert: warning: .*check PAYCERT_JYSAN_SHARED_SECRET.*the run goes on\n$/);
  } finally {
    if (saved === undefined) delete process.env.PAYCERT_JYSAN_SHARED_SECRET;
    else process.env.PAYCERT_JYSAN_SHARED_SECRET = saved;
    await h.close();
  }
});

test('pre-flight: a bot wall in front of the gateway is named in a warning, whatever the profile, and the run goes on', async () => {
  const challenge =
    '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head><body></body></html>';
  const wall = async () => ({
    status: 403,
    headers: { 'content-type': 'text/html; charset=UTF-8', 'cf-mitigated': 'challenge' },
    body: new TextEncoder().encode(challenge),
    text: challenge,
  });
  const xml = buildXml({ pg_status: 'error', pg_error_code: '340', pg_error_description: 'not found' }, 'response');
  const api = async () => ({ status: 200, headers: {}, body: new TextEncoder().encode(xml), text: xml });
  const warned: string[] = [];
  const write = vi.spyOn(console, 'error').mockImplementation((s) => void warned.push(`${String(s)}\n`));
  try {
    for (const profile of ['greenleaves', 'greenleaves-v5', 'jysan'] as const) {
      const subject = { kind: 'gateway', target: 'real', baseUrl: 'https://gw.test', profile } as Subject;
      await expect(secretPreflight(subject, wall)).resolves.toBeUndefined();
      expect(warned.splice(0)).toEqual([
        expect.stringMatching(
          /^paycert: warning: https:\/\/gw\.test answers with a bot challenge \(Cloudflare.*"Just a moment\.\.\.".*not judged.*\n$/,
        ),
      ]);
    }
    // nginx's auth_basic in front of the test domain
    const login = async () => ({
      status: 401,
      headers: { 'www-authenticate': 'Basic realm="staging"' },
      body: new Uint8Array(),
      text: '',
    });
    const gw = { kind: 'gateway', target: 'real', baseUrl: 'https://gw.test', profile: 'greenleaves-v5' } as Subject;
    await expect(secretPreflight(gw, login)).resolves.toBeUndefined();
    expect(warned.splice(0)).toEqual([
      expect.stringMatching(/answers with an HTTP Basic login \(realm "staging"\), which paycert does not send/),
    ]);
    // the web server's own 404 at the status endpoint: a --target without the API's path prefix
    const page =
      '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
    const notThere = async () => ({ status: 404, headers: {}, body: new TextEncoder().encode(page), text: page });
    await expect(
      secretPreflight({ ...gw, profile: 'greenleaves', baseUrl: 'https://gw.test' } as Subject, notThere),
    ).resolves.toBeUndefined();
    expect(warned.splice(0)).toEqual([
      'paycert: warning: https://gw.test/g2g/status_v2 answers with the web server\'s own "404 Not Found" page: the API is not served there; is --target its base URL (with its path prefix, if any)? the run goes on\n',
    ]);
    // a single-page app answering every path with its index.html: the site, not the API
    const spa =
      '<!doctype html><html><head><title>Shop — checkout</title></head><body><div id="root"></div></body></html>';
    const site = async () => ({ status: 200, headers: {}, body: new TextEncoder().encode(spa), text: spa });
    for (const profile of ['greenleaves', 'greenleaves-v5'] as const) {
      await expect(secretPreflight({ ...gw, profile } as Subject, site)).resolves.toBeUndefined();
      expect(warned.splice(0)).toEqual([
        expect.stringMatching(
          /^paycert: warning: https:\/\/gw\.test\/\S+ answers HTTP 200 with an HTML page titled "Shop — checkout", not the API's reply; is --target its base URL \(with its path prefix, if any\)\? the run goes on\n$/,
        ),
      ]);
    }
    // Jysan's bank may answer with an HTML page of its own: no warning
    await expect(secretPreflight({ ...gw, profile: 'jysan' } as Subject, site)).resolves.toBeUndefined();
    expect(warned.splice(0)).toEqual([]);
    // the API's own reply: no warning
    await expect(
      secretPreflight(
        { kind: 'gateway', target: 'real', baseUrl: 'https://gw.test', profile: 'greenleaves' } as Subject,
        api,
      ),
    ).resolves.toBeUndefined();
    expect(warned).toEqual([]);
  } finally {
    write.mockRestore();
  }
});

describe('the baseline in junit.xml, certificate.json and certificate.html', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paycert-baseline-'));
  const results = [
    checkResult('jy.a', ['JY-SIG-01'], 'failed'),
    checkResult('jy.b', ['JY-SIG-02'], 'failed'),
    checkResult('jy.c', ['JY-SIG-03'], 'passed'),
  ];
  const config = (entries: BaselineEntry[]) =>
    ({
      seed: 1,
      plan: 'full',
      subjects: [jysanSubject],
      baseline: { path: 'bl.json', entries },
    }) as unknown as RunConfig;
  const entry = (rule: string): BaselineEntry => ({ rule, profile: 'jysan', subject: 'gateway', reason: 'ticket 7' });

  test('a tolerated failure is marked known, and junit.xml shows it as no failure of a passing run', () => {
    const c = config([entry('JY-SIG-01'), entry('JY-SIG-02')]);
    const cert = buildCertificate(c, results, '', true);
    expect(cert.verdict).toBe('passed');
    const rules = cert.profiles[0]!.rules;
    expect(rules.find((r) => r.id === 'JY-SIG-01')?.baseline?.known).toBe(true);
    const junit = junitXml(c, results, cert);
    expect(junit).toMatch(/<testsuites name="paycert passed"[^>]* failures="0"/);
    expect(junit).toMatch(/<skipped message="known failure \(in the baseline bl\.json: ticket 7\)/);
    expect(certificateHtml(cert, results, dir)).toMatch(/failed \(known\)/);
  });

  test('a new failure beside a known one: only the new one is a failure, in every file', () => {
    const c = config([entry('JY-SIG-01')]);
    const cert = buildCertificate(c, results, '', true);
    expect(cert.verdict).toBe('failed');
    const rules = cert.profiles[0]!.rules;
    expect(rules.find((r) => r.id === 'JY-SIG-02')?.baseline).toBeUndefined();
    const junit = junitXml(c, results, cert);
    expect(junit).toMatch(/<testsuites name="paycert failed"[^>]* failures="1"/);
    const html = certificateHtml(cert, results, dir);
    expect(html.match(/failed \(known\)/g)).toHaveLength(1);
  });

  test('a stale entry fails the run, and junit.xml says so', () => {
    const c = config([entry('JY-SIG-01'), entry('JY-SIG-02'), entry('JY-SIG-03')]);
    const cert = buildCertificate(c, results, '', true);
    expect(cert.verdict).toBe('failed');
    expect(cert.profiles[0]!.rules.find((r) => r.id === 'JY-SIG-03')?.baseline?.known).toBeUndefined();
    const junit = junitXml(c, results, cert);
    expect(junit).toMatch(/<testsuites name="paycert failed"[^>]* failures="1"/);
    expect(junit).toMatch(/<failure message="JY-SIG-03 \(jysan\/gateway\) is in the baseline but passed/);
  });
});
