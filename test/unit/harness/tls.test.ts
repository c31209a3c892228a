import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttp, type Server } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hasOpenssl, selfSigned } from '../../self-signed.ts';
import { probeTls } from '../../../src/harness/tls.ts';
import { reach, reachable } from '../../../src/harness/targets.ts';

describe.runIf(hasOpenssl())('probeTls judges the certificate a BACKREF presents (JY-MRD-09)', () => {
  let dir: string;
  let cert: string;
  const servers: Server[] = [];
  let https = 0;
  let http = 0;
  const listen = (s: Server) =>
    new Promise<number>((r) => {
      servers.push(s);
      s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port));
    });
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'paycert-tls-'));
    // a self-signed certificate naming localhost only
    let key: string;
    ({ cert, key } = selfSigned(dir, 'localhost'));
    https = await listen(createHttps({ cert, key }, (_q, s) => s.end('ok')));
    http = await listen(createHttp((_q, s) => s.end('ok')));
  });
  afterAll(() => {
    for (const s of servers) s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a certificate chaining to a trusted root and naming the host is valid', async () => {
    expect((await probeTls(`https://localhost:${https}/back`, { roots: [cert] })).kind).toBe('valid');
  });
  // probe 23: a BACKREF whose certificate chains only to the tester's own CA (NODE_EXTRA_CA_CERTS, here
  // `ca`) passed; the payer's browser and the bank trust the public roots, not that CA
  test('a certificate trusted only through the CA paycert was given is not valid, and the reason says so', async () => {
    const v = await probeTls(`https://localhost:${https}/back`, { ca: cert });
    expect(v.kind).toBe('invalid');
    expect(v.kind === 'invalid' && v.reason).toMatch(
      /^certificate trusted only through the CA given to paycert in NODE_EXTRA_CA_CERTS, not by the public roots .*\(DEPTH_ZERO_SELF_SIGNED_CERT/,
    );
  });
  // session 23 review: trusted only through that CA and naming another host, the reason said only
  // "certificate not trusted: ERR_TLS_CERT_ALTNAME_INVALID", the private CA unnamed
  test('a certificate trusted only through the CA paycert was given and naming another host: both said', async () => {
    const v = await probeTls(`https://127.0.0.1:${https}/back`, { ca: cert });
    expect(v.kind).toBe('invalid');
    expect(v.kind === 'invalid' && v.reason).toMatch(
      /^certificate trusted only through the CA given to paycert in NODE_EXTRA_CA_CERTS, not by the public roots .*, and it does not name 127\.0\.0\.1/,
    );
  });
  test('a self-signed certificate is not', async () => {
    const v = await probeTls(`https://localhost:${https}/back`);
    expect(v.kind).toBe('invalid');
  });
  test('a certificate naming another host is not', async () => {
    const v = await probeTls(`https://127.0.0.1:${https}/back`, { roots: [cert] });
    expect(v.kind).toBe('invalid');
    expect(v.kind === 'invalid' && v.reason).toMatch(/ALTNAME|does not name 127\.0\.0\.1/);
  });
  test('plain http where https is expected fails the handshake', async () => {
    expect((await probeTls(`https://localhost:${http}/back`)).kind).toBe('invalid');
  });
  test('a run that cannot start on a certificate says so, and how to trust a CA of your own', async () => {
    const why = await reachable(`https://localhost:${https}/back`, 5_000);
    expect(why).toMatch(
      /^its TLS certificate is not accepted \(DEPTH_ZERO_SELF_SIGNED_CERT: self[- ]signed certificate[;)]/,
    );
    expect(why).toMatch(/NODE_EXTRA_CA_CERTS=\/path\/ca\.pem$/);
    // only the certificate stopped it: what JY-MRD-09 judges (the run goes on for that check)
    expect(await reach(`https://localhost:${https}/back`, 5_000)).toMatchObject({
      untrusted: expect.stringMatching(/^DEPTH_ZERO_SELF_SIGNED_CERT: self[- ]signed certificate/),
    });
    expect(await reach(`https://localhost:${http}/back`, 5_000)).not.toHaveProperty('untrusted');
  });
  test('nothing listening is unreachable, not invalid', async () => {
    const s = createHttp();
    const port = await listen(s);
    s.close();
    expect((await probeTls(`https://localhost:${port}/back`, { timeoutMs: 2000 })).kind).toBe('unreachable');
  });
});
