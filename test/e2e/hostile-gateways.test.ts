import { afterEach, describe, expect, test } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { by, certificateRules as rules, noStack, paycert, realRun } from './cli.ts';
import { findings } from './scan.ts';
import { startHostile } from './hostile-server.ts';

// Hostile gateways (test/fixtures-hostile/gateway.mjs, role p5), through the CLI as a user runs it:
// each run ends, writes its certificate (or exits 3 with one line when nothing answers HTTP), fails
// no rule on what paycert could not read, names the reason, and writes no secret or card number even
// when the gateway echoes them. One narrow check per case (--check): the rest of the modes are in
// test/fixtures-hostile/README.md, and the parsers' and transport's parts in
// test/unit/harness/hostile-gateway-wire.test.ts.

const GL_SECRET = 'hostileGwSecret-91c2';
const V5_SECRET = 'hostileV5Secret-5d07';
const PAN = '4400444400004440'; // the PAN gateway.mjs echoes
const ENV = {
  PAYCERT_GREENLEAVES_MERCHANT_ID: '123456',
  PAYCERT_GREENLEAVES_SECRET_KEY: GL_SECRET,
  PAYCERT_GREENLEAVES_V5_AUTH_ID: '123456',
  PAYCERT_GREENLEAVES_V5_SECRET_KEY: V5_SECRET,
  PAYCERT_JYSAN_MERCHANT: 'TEST_ECOM',
  PAYCERT_JYSAN_TERMINAL: 'WEB10004',
  PAYCERT_JYSAN_SHARED_SECRET: 'hostileJySecret-3e8a0',
};

const tmp = () => mkdtempSync(join(tmpdir(), 'paycert-hostile-gw-'));

let gw: ChildProcess | undefined;
afterEach(() => {
  gw?.kill();
  gw = undefined;
});

/** Start gateway.mjs for PROFILE in MODE on a port of its own (hostile-server.ts); its base URL. */
async function start(profile: string, mode: string): Promise<string> {
  const s = await startHostile('gateway.mjs', [profile, mode], { ...process.env, ...ENV });
  gw = s.child;
  return `http://127.0.0.1:${s.port}`;
}

function run(profile: string, target: string, check: string, out: string) {
  return paycert(realRun(profile, target, '--runs', '2', '--check', check, '--out', out, '--quiet', '--no-html'), ENV);
}

describe('hostile gateways', () => {
  test('g2g replies nested 10^6 deep: inconclusive "deeper than 100 levels", not failed as "not well-formed XML"', async () => {
    const out = tmp();
    const r = run('greenleaves', await start('greenleaves', 'deep'), 'gl.tx.encodings', out);
    expect(noStack(r.stderr)).toBe(true);
    const rs = rules(out);
    // before: GL-TX-02 failed "not XML (not well-formed XML: Maximum nested tags exceeded)", 9 s a reply
    expect(by(rs, 'failed')).toEqual([]);
    expect(by(rs, 'inconclusive').sort()).toEqual([
      'GL-SIG-04',
      'GL-SIG-11',
      'GL-TX-01',
      'GL-TX-02',
      'GL-TX-03',
      'GL-TX-05',
      'GL-TX-06',
      'GL-TX-09',
      'GL-TX-10',
    ]);
    for (const x of rs.filter((y) => y.verdict === 'inconclusive')) {
      expect(x.reason).toMatch(/nested deeper than 100 levels/);
      expect(x.reason).not.toMatch(/well-formed/);
    }
    expect(r.code).toBe(3);
    // the 7 MB reply is kept cut, with how much was cut (before: whole in evidence/, 230 MB of reports
    // for a 58-request run of 700 KB replies, certificate.html 100 MB rewritten every second)
    const evidence = readdirSync(join(out, 'evidence'));
    expect(evidence.length).toBeGreaterThan(0);
    for (const f of evidence) {
      const text = readFileSync(join(out, 'evidence', f), 'utf8');
      expect(text.length).toBeLessThan(64 * 1024);
      expect(text).toMatch(/\[cut: \d+ more characters of \d+ not kept\]/);
    }
  });

  test('g2g API answered with a 302 to another host: inconclusive naming the redirect, GL-SIG-11 not failed', async () => {
    const out = tmp();
    const r = run('greenleaves', await start('greenleaves', 'offhost'), 'gl.sig.replies-signed', out);
    expect(noStack(r.stderr)).toBe(true);
    const rs = rules(out);
    // before: GL-SIG-11 failed "no pg_salt and no pg_sig: HTTP 302, not XML (… Start tag expected …)"
    expect(by(rs, 'failed')).toEqual([]);
    expect(by(rs, 'warning')).toEqual([]);
    const sig = rs.find((x) => x.id === 'GL-SIG-11')!;
    expect(sig.verdict).toBe('inconclusive');
    expect(sig.reason).toMatch(
      /HTTP 302 to "http:\/\/203\.0\.113\.7\/g2g\/payment": a redirect.*does not follow redirects/,
    );
    expect(r.code).toBe(3);
  });

  test('Jysan API answered with a 302 to another host: the XML operations are no reply of the API, JY-PAY-17 inconclusive naming the redirect', async () => {
    const out = tmp();
    // jy.flow.routing sends the four XML operations first: no request leaves loopback (a payment
    // would send the payer's browser to 203.0.113.7, test/unit/jysan/follow-payer-unreachable.test.ts)
    const r = run('jysan', await start('jysan', 'offhost'), 'jy.flow.routing', out);
    expect(noStack(r.stderr)).toBe(true);
    const rs = rules(out);
    // before: JY-PAY-17 warned "a request with GETSTATUS was not answered with an XML <result>: HTTP 302, …"
    expect(by(rs, 'failed')).toEqual([]);
    expect(by(rs, 'warning')).toEqual([]);
    const routing = rs.find((x) => x.id === 'JY-PAY-17')!;
    expect(routing.verdict).toBe('inconclusive');
    expect(routing.reason).toMatch(
      /answered HTTP 302 to "http:\/\/203\.0\.113\.7\/g2g\/payment": a redirect, not a reply of the API.*does not follow redirects/,
    );
  });

  test('Jysan payments redirected to a WAF challenge: the payer is followed there, every rule inconclusive naming it, none failed or passed', async () => {
    const out = tmp();
    const r = run('jysan', await start('jysan', 'elsewhere'), 'jy.sig.tampered', out);
    expect(noStack(r.stderr)).toBe(true);
    const rs = rules(out);
    // before: JY-SIG-07 and JY-ERR-09 (MUST) failed "ORDER changed after signing was not refused: HTTP 302, redirect to …"
    expect(by(rs, 'failed')).toEqual([]);
    expect(by(rs, 'passed')).toEqual([]);
    expect(by(rs, 'warning')).toEqual([]);
    expect(by(rs, 'inconclusive').sort()).toEqual(['JY-ERR-01', 'JY-ERR-09', 'JY-ERR-16', 'JY-SIG-07', 'JY-SIG-17']);
    for (const x of rs.filter((y) => y.verdict === 'inconclusive'))
      expect(x.reason).toMatch(
        /the reply redirected the payer's browser .*http:\/\/127\.0\.0\.1:[0-9]+\/waf\/challenge\?ray=[0-9a-f]+ answered HTTP 200 with a bot challenge \(Cloudflare\) "Just a moment\.\.\.": not the API's reply/,
      );
    expect(r.code).toBe(3);
  });

  test('Jysan payments redirected to a card page elsewhere, whatever their signature: followed, so the tampered request taken fails JY-SIG-07', async () => {
    const out = tmp();
    const r = run('jysan', await start('jysan', 'cardelsewhere'), 'jy.sig.tampered', out);
    expect(noStack(r.stderr)).toBe(true);
    const rs = rules(out);
    expect(by(rs, 'failed').sort()).toEqual(['JY-SIG-07']);
    expect(rs.find((x) => x.id === 'JY-SIG-07')!.reason).toMatch(
      /changed after signing was not refused: the payer redirected via http:\/\/127\.0\.0\.1:[0-9]+\/pay\/[0-9a-f]+, then HTTP 200, card-page/,
    );
  });

  test('a TLS answer on the plain-HTTP URL: exit 3, one line saying TLS and https://', async () => {
    const out = tmp();
    const r = run('greenleaves', await start('greenleaves', 'tls'), 'gl.tx.encodings', out);
    expect(r.code).toBe(3);
    expect(noStack(r.stderr)).toBe(true);
    // before: "no HTTP answer paycert can read: Response does not match the HTTP/1.1 protocol (Expected HTTP/, RTSP/ or ICE/)"
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/answered with TLS, not HTTP.*https:\/\//);
  });

  test('a v5 gateway echoing the request, its headers, the secret and a PAN (body, headers, Set-Cookie): nothing of it in the reports', async () => {
    const out = tmp();
    const r = run('greenleaves-v5', await start('greenleaves-v5', 'echo'), 'v5.jws.accepted', out);
    expect(noStack(r.stderr)).toBe(true);
    expect(rules(out).length).toBeGreaterThan(0);
    expect(findings(out, [V5_SECRET, PAN])).toEqual([]);
    expect(r.stdout + r.stderr).not.toContain(V5_SECRET);
  });
});
