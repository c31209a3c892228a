import { describe, expect, test } from 'vitest';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { reachable } from '../../../src/harness/targets.ts';
import { HttpClient } from '../../../src/harness/http.ts';
import { EvidenceLog } from '../../../src/harness/evidence.ts';
import { Inconclusive } from '../../../src/harness/outcome.ts';

// Hostile gateways at the wire level (test/fixtures-hostile/gateway.mjs, role p5): answers that are
// no HTTP paycert can read must be named for what they are, in one line.

/** A server that answers every request with these raw bytes, then closes. */
async function rawServer(bytes: Buffer | string): Promise<{ base: string; close: () => Promise<void> }> {
  const srv = net.createServer((sock) => {
    sock.on('error', () => {});
    sock.once('data', () => sock.end(bytes));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`,
    close: () => new Promise((r) => srv.close(() => r())),
  };
}

// a TLS alert record (handshake failure) and the start of a ServerHello: what an HTTPS-only port
// sends back to a plain-HTTP request
const TLS = Buffer.from('15030100020228160303004a020000460303' + '00'.repeat(70), 'hex');

describe('a TLS answer on plain HTTP (the target speaks https)', () => {
  test('start-up probe: says TLS and https://, not undici\'s "Expected HTTP/, RTSP/ or ICE/"', async () => {
    const s = await rawServer(TLS);
    try {
      const why = await reachable(`${s.base}/`, 3_000);
      expect(why).toMatch(/TLS/);
      expect(why).toMatch(/https:\/\//);
      expect(why).not.toMatch(/RTSP/);
    } finally {
      await s.close();
    }
  });

  test('a request of a check: inconclusive naming TLS', async () => {
    const s = await rawServer(TLS);
    try {
      const client = new HttpClient(HttpClient.agent(), { timeoutMs: 3_000, minIntervalMs: 0 }, new EvidenceLog());
      const err = await client.send({ url: `${s.base}/g2g/payment`, form: [['a', 'b']] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Inconclusive);
      expect((err as Error).message).toMatch(/TLS/);
      expect((err as Error).message).toMatch(/https:\/\//);
    } finally {
      await s.close();
    }
  });
});
