import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { request } from 'undici';
import { RecordingGateway } from '../../../src/harness/recorder.ts';
import { EvidenceLog } from '../../../src/harness/evidence.ts';
import { HttpClient } from '../../../src/harness/http.ts';

// V5-SDK-02's burst (three creates at once) judges an X-Request-Id kept in state the requests in flight
// share. It relied on the three overlapping: an SDK that sends them a few ms apart to a gateway that
// answers within those ms had each reply before the next request left, and passed or failed by timing.
// The recording gateway now holds the burst's replies until all three have arrived.
const upstream = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
let base = '';
beforeAll(async () => {
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(() => upstream.close());

test('requests sent apart are all in flight together when the gateway holds them together', async () => {
  const gw = await RecordingGateway.open(base, HttpClient.agent(), new EvidenceLog());
  try {
    gw.together(3, 5_000);
    const done: number[] = [];
    const send = async (i: number) => {
      await request(`${gw.url}/v5/g2g/create`, { method: 'POST', body: '{}' }).then((r) => r.body.dump());
      done.push(i);
    };
    const calls: Array<Promise<void>> = [];
    for (const i of [0, 1, 2]) {
      calls.push(send(i));
      await new Promise((r) => setTimeout(r, 150)); // staggered: each would be answered before the next
      if (i < 2) expect(done, `request ${i} was answered before the third arrived`).toEqual([]);
    }
    await Promise.all(calls);
    expect(done.sort()).toEqual([0, 1, 2]);
    // afterwards requests pass at once again
    const t0 = Date.now();
    await request(`${gw.url}/v5/g2g/read`, { method: 'POST', body: '{}' }).then((r) => r.body.dump());
    expect(Date.now() - t0).toBeLessThan(4_000); // not held again (the hold is 5 s)
  } finally {
    await gw.close();
  }
});

test('a burst the SDK never completes is released after the time given', async () => {
  const gw = await RecordingGateway.open(base, HttpClient.agent(), new EvidenceLog());
  try {
    // the hold is long beside a loopback request's time even on a loaded machine
    gw.together(3, 1500);
    const t0 = Date.now();
    await request(`${gw.url}/v5/g2g/create`, { method: 'POST', body: '{}' }).then((r) => r.body.dump());
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1250);
    // the barrier is open: the rest of the burst is not held again
    const t1 = Date.now();
    await request(`${gw.url}/v5/g2g/create`, { method: 'POST', body: '{}' }).then((r) => r.body.dump());
    expect(Date.now() - t1).toBeLessThan(1250);
  } finally {
    await gw.close();
  }
});
