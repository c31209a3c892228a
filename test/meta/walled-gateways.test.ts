// A gateway behind a wall that answers every request itself: a bot challenge (Cloudflare's "Just a
// moment...", marked `cf-mitigated: challenge`), a firewall's block page, nginx refusing an address not
// on its list, or a page no one recognises. None of these replies is the API's, so no rule may pass on
// them; the walls paycert knows leave every rule inconclusive, the reason naming the wall. Was: V5-RSP-01/
// 03/05, V5-JWS-01/02/04, V5-BODY-01, GL-TX-02, GL-SIG-11 (MUST) failed on Cloudflare's page, and
// V5-BODY-05 and V5-FMT-03 passed.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from 'vitest';
import { realSubjectOf, startReference } from '../../src/harness/reference.ts';
import { runChecks } from '../../src/harness/runner.ts';
import { profileCertificate } from '../../src/report/certificate.ts';
import { PROFILES, type ProfileId } from '../../src/spec/paths.ts';
import { CHECKS } from '../../suites/registry.ts';
import { SEED } from '../seed.ts';
import { askLogin, passOn, startFront } from '../front.ts';

const WALLS = {
  'a Cloudflare challenge': {
    status: 403,
    headers: { server: 'cloudflare', 'cf-mitigated': 'challenge' },
    page: '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title><meta http-equiv="refresh" content="390"></head><body><h1>pay.example.kz</h1><p>Verifying you are human. This may take a few seconds.</p><noscript>Enable JavaScript and cookies to continue</noscript></body></html>',
    why: /with a bot challenge \(Cloudflare, cf-mitigated: challenge\) "Just a moment\.\.\.": not the API's reply, not judged/,
  },
  "DDoS-Guard's check, as HTTP 200": {
    status: 200,
    headers: { server: 'ddos-guard' },
    page: '<!doctype html><html><head><title>DDoS-Guard</title></head><body><div>Checking your browser before accessing pay.example.kz</div></body></html>',
    why: /with a bot check \(DDoS-Guard\) "DDoS-Guard": not the API's reply/,
  },
  "nginx's 403 to an address not on its list": {
    status: 403,
    headers: { server: 'nginx' },
    page: '<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
    why: /with an edge's 403 page "403 Forbidden" \(an address not let through\?\): not the API's reply/,
  },
  // a test domain behind nginx's auth_basic: paycert sends no HTTP login. Was: GL-TX-02, GL-SIG-11 and
  // V5-JWS-01/02/04 (MUST) failed on nginx's 401 page
  "nginx's HTTP Basic login": {
    status: 401,
    headers: { server: 'nginx', 'www-authenticate': 'Basic realm="test domain"' },
    page: '<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n<center><h1>401 Authorization Required</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
    why: /answered HTTP 401 with an HTTP Basic login \(realm "test domain"\), which paycert does not send \(give it in PAYCERT_TARGET_LOGIN=user:password\): not the API's reply, not judged/,
  },
  // AWS API Gateway in front of the API, which wants an API key paycert does not have: its own JSON.
  // Was judged as the API's refusal (a v5 "correct token not accepted")
  'AWS API Gateway wanting an API key': {
    status: 403,
    headers: {
      'content-type': 'application/json',
      'x-amzn-errortype': 'ForbiddenException',
      'x-amzn-requestid': 'f1e2',
    },
    page: '{"message":"Forbidden"}',
    why: /answered HTTP 403 with AWS API Gateway's "Forbidden" \(an API key, WAF rule or resource policy paycert does not meet\): not the API's reply/,
  },
  // Kong's key-auth plugin: its own JSON, marked by X-Kong-Response-Latency
  "Kong's key-auth": {
    status: 401,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'www-authenticate': 'Key realm="kong"',
      'x-kong-response-latency': '0',
      server: 'kong/3.9.0',
    },
    page: '{\n  "message":"No API key found in request",\n  "request_id":"a7c1"\n}',
    why: /answered HTTP 401 with Kong's own 401 \(a credential its plugin wants, an API key or a login, that paycert does not send\): not the API's reply/,
  },
  // nginx `error_page 429 =200 @rl`: its rate limit answered with HTTP 200 and a page of its own. Was: 85
  // rules inconclusive ("not a page paycert can read") and JY-PAY-17, JY-3DS-06, JY-ERR-21 judged on it
  // (probe 26 gateway-paced-real)
  "a rate limiter's page, as HTTP 200": {
    status: 200,
    headers: { server: 'nginx' },
    page: '<html><body><h1>Slow down</h1><p>Too many requests from your address. Try again later.</p></body></html>\n',
    why: /answered HTTP 200 with a rate limiter's page "Slow down": a rate limit page, not the API's reply, not judged/,
  },
  'a page no one recognises': {
    status: 403,
    headers: {},
    page: '<html><body><p>Blocked by policy 7731</p></body></html>',
    why: undefined,
  },
} as const;

test.concurrent.each(PROFILES.flatMap((p) => Object.keys(WALLS).map((w) => [p, w] as [ProfileId, keyof typeof WALLS])))(
  '%s gateway behind %s answering every request: no rule passes',
  async (profile, name) => {
    const wall = WALLS[name];
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(wall.status, { 'content-type': 'text/html; charset=UTF-8', ...wall.headers }).end(wall.page);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const h = await startReference(profile, 'gateway');
    try {
      const real = realSubjectOf(h, 'gateway');
      const subject = {
        ...real,
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        limits: { ...real.limits, minIntervalMs: 0 },
      };
      const checks = CHECKS[profile].filter((c) => c.subject === 'gateway');
      const rules = profileCertificate(
        subject,
        await runChecks(checks, subject, { seed: SEED, plan: 'full', runs: 2 }),
      ).rules;
      expect(rules.filter((r) => r.verdict === 'passed').map((r) => r.id)).toEqual([]);
      if (wall.why === undefined) return;
      expect(
        rules
          .filter((r) => r.verdict !== 'inconclusive' && r.verdict !== 'skipped')
          .map((r) => `${r.id} ${r.verdict}: ${r.reason}`),
      ).toEqual([]);
      const walled = rules.filter((r) => r.verdict === 'inconclusive');
      expect(walled.length).toBeGreaterThan(20);
      expect(walled.filter((r) => !wall.why.test(String(r.reason))).map((r) => `${r.id}: ${r.reason}`)).toEqual([]);
    } finally {
      server.close();
      await h.close();
    }
  },
);

// A test domain behind nginx's auth_basic, and the login given in PAYCERT_TARGET_LOGIN: paycert sends
// it to the gateway's origin, and every rule is judged as without the wall; a wrong login is named.
// The login reaches no result. Not concurrent: the variable is the process's.
const LOGIN = 'qa-team:Stag1ng-pass-4471';
test.each([...PROFILES.map((p) => [p, LOGIN] as const), ['greenleaves', 'qa-team:wrong-pass-0000'] as const])(
  '%s gateway behind an HTTP Basic login, PAYCERT_TARGET_LOGIN=%s',
  async (profile, given) => {
    const h = await startReference(profile, 'gateway');
    const wanted = `Basic ${Buffer.from(LOGIN).toString('base64')}`;
    let forwarded = 0;
    const wall = await startFront(async (req, body, res) => {
      if (req.headers.authorization !== wanted) return askLogin(res, 'staging');
      forwarded++;
      await passOn(h.url, req, body, res, { drop: ['authorization'] });
    });
    const saved = process.env.PAYCERT_TARGET_LOGIN;
    process.env.PAYCERT_TARGET_LOGIN = given;
    try {
      const real = realSubjectOf(h, 'gateway');
      const subject = {
        ...real,
        baseUrl: wall.url,
        limits: { ...real.limits, minIntervalMs: 0 },
      };
      // a wrong login: a few checks show it (the same request path as every other's)
      const checks = CHECKS[profile].filter((c) => c.subject === 'gateway').slice(0, given === LOGIN ? undefined : 6);
      const results = await runChecks(checks, subject, { seed: SEED, plan: 'full', runs: 2 });
      const rules = profileCertificate(subject, results).rules;
      const text = JSON.stringify(results);
      for (const leak of ['Stag1ng-pass-4471', 'wrong-pass-0000', wanted.slice(6)]) expect(text).not.toContain(leak);
      if (given !== LOGIN) {
        expect(rules.filter((r) => r.verdict !== 'skipped' && r.verdict !== 'inconclusive').map((r) => r.id)).toEqual(
          [],
        );
        const walled = rules.filter((r) => r.verdict === 'inconclusive');
        expect(walled.length).toBeGreaterThan(3);
        expect(
          walled.filter((r) => !/which refused the login PAYCERT_TARGET_LOGIN gives/.test(r.reason)).map((r) => r.id),
        ).toEqual([]);
        return;
      }
      expect(forwarded).toBeGreaterThan(20);
      expect(
        rules
          .filter((r) => r.verdict === 'failed' || r.verdict === 'inconclusive')
          .map((r) => `${r.id} ${r.verdict}: ${r.reason}`),
      ).toEqual([]);
      expect(rules.filter((r) => r.verdict === 'passed').length).toBeGreaterThan(40);
    } finally {
      if (saved === undefined) delete process.env.PAYCERT_TARGET_LOGIN;
      else process.env.PAYCERT_TARGET_LOGIN = saved;
      wall.close();
      await h.close();
    }
  },
);
