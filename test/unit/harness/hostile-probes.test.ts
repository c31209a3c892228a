import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { ReferenceInfoError, discover, reachable } from '../../../src/harness/targets.ts';

// A target (merchant or gateway) whose answer trickles in a byte every 200 ms, forever: undici's
// headersTimeout/bodyTimeout each bound one pause and never fire. The probes paycert sends before
// any check (is anything there? is it a paycert reference?) read that body: `paycert run` hung for
// hours before its first check (128 KiB at a byte a second), with no certificate written.
let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const t = setInterval(() => res.write('{'), 200);
    res.on('close', () => clearInterval(t));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('start-up probes against a target that trickles its answer', () => {
  // true, not the 3 s deadline's reason: the body (which never ends) was not waited for. No wall-time
  // bound of the test's own: at load 30 a second-long step took seconds, and the test timeout is the
  // hang guard for a probe that would read the trickle for hours
  test('reachable: the status line is the answer; the body is not waited for', async () => {
    expect(await reachable(`${base}/shop/pay/result`, 3_000)).toBe(true);
  });

  test('discover: bounded in all, and a trickle is no reference', async () => {
    expect(await discover(`${base}/shop/pay/result`, 1_000)).toBeUndefined();
  });
});

describe('start-up probe: why nothing usable answered', () => {
  test('10,000 headers: it answered, but nothing paycert can read (not "nothing answered")', async () => {
    const srv = net.createServer((sock) => {
      sock.on('error', () => {});
      sock.once('data', () => {
        const h = Array.from({ length: 10_000 }, (_, i) => `x-h${i}: ${i}\r\n`).join('');
        sock.end(`HTTP/1.1 200 OK\r\n${h}content-length: 0\r\n\r\n`);
      });
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    try {
      const why = await reachable(`http://127.0.0.1:${(srv.address() as AddressInfo).port}/`, 3_000);
      expect(why).toMatch(/header bytes/);
      expect(why).not.toMatch(/nothing answered/);
    } finally {
      await new Promise((r) => srv.close(r));
    }
  });

  test('a refused connection: nothing answered', async () => {
    // port 1 (tcpmux): privileged, nothing listens there on a test machine
    expect(await reachable('http://127.0.0.1:1/', 3_000)).toMatch(/^nothing answered \(ECONNREFUSED/);
  });
});

// A probe's target answering /__paycert/info as a paycert reference, with a version, capabilities and
// defects of its own words (bidi overrides, markup, "../../x"): it was judged as a reference by the
// capabilities it named, with no credential check, and the certificate carried its words as paycert's
// implementation. A document paycert never writes is no reference (run: exit 2, one line).
describe('a target claiming to be a paycert reference', () => {
  const serve = async (doc: unknown) => {
    const srv = http.createServer((req, res) => res.writeHead(200).end(JSON.stringify(doc)));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, close: () => srv.close() };
  };
  const genuine = {
    implementation: 'paycert-reference',
    profile: 'greenleaves',
    role: 'gateway',
    version: '0.1.0',
    capabilities: ['clock', 'callbacks'],
    defects: ['accepts-bad-signature'],
    variants: [],
  };
  test.each([
    ['a version of its own words', { version: 'x \u202epassed <script>' }, /no version paycert writes/],
    ['a capability paycert has none of', { capabilities: ['clock', 'admin'] }, /an unknown capability/],
    ['a defect id that is a path', { defects: ['../../x'] }, /a defect id paycert does not write/],
    ['an unknown profile', { profile: 'paypal' }, /an unknown profile/],
  ])('%s: no reference', async (_, change, why) => {
    const s = await serve({ ...genuine, ...change });
    try {
      const found = await discover(s.url, 3_000);
      expect(found).toBeInstanceOf(ReferenceInfoError);
      expect((found as Error).message).toMatch(why);
    } finally {
      s.close();
    }
  });
  test("a document as paycert's references write it is one", async () => {
    const s = await serve(genuine);
    try {
      expect(await discover(s.url, 3_000)).toEqual(genuine);
    } finally {
      s.close();
    }
  });
});
