import { expect, test } from 'vitest';
import { startSandbox } from '../../../src/sandbox/registry.ts';
import { ControlClient } from '../../../src/harness/control.ts';
import { HttpClient } from '../../../src/harness/http.ts';
import { EvidenceLog } from '../../../src/harness/evidence.ts';
import { LIMITS } from '../../../src/harness/subject.ts';

test('one check at a time moves a reference clock: another waits until the holder releases it', async () => {
  const h = await startSandbox('greenleaves', {});
  try {
    const http = new HttpClient(HttpClient.agent(), LIMITS.reference, new EvidenceLog(), { reuseConnections: true });
    const a = new ControlClient(h.controlUrl, http, 'check-a');
    const b = new ControlClient(h.controlUrl, http, 'check-b');
    const t0 = await a.advance(1000);
    let bDone = false;
    const bAdvance = b.advance(1000).then((now) => {
      bDone = true;
      return now;
    });
    const t1 = await a.advance(1000); // the holder goes on while b waits
    expect(t1 - t0).toBeGreaterThanOrEqual(1000); // the clock also runs in real time
    await new Promise((r) => setTimeout(r, 300));
    expect(bDone).toBe(false);
    await a.release();
    expect(await bAdvance).toBeGreaterThanOrEqual(t1 + 1000);
    await b.release();
  } finally {
    await h.close();
  }
});

test('a control action ages one object without moving the shared clock; bad input is a 400 naming the field', async () => {
  const h = await startSandbox('greenleaves', {});
  try {
    const http = new HttpClient(HttpClient.agent(), LIMITS.reference, new EvidenceLog(), { reuseConnections: true });
    const c = new ControlClient(h.controlUrl, http, 'check-a');
    const before = (await c.get<{ now: number }>('clock')).now;
    await expect(c.post('recurring/age', { profile: 'nope', ms: 1 })).rejects.toThrow(/HTTP 400.*profile/);
    await expect(c.post('recurring/age', { profile: 'nope' })).rejects.toThrow(/HTTP 400/);
    await expect(c.post('no/such-action', {})).rejects.toThrow(/HTTP 404/);
    await expect(c.post('check/expire', {})).rejects.toThrow(/HTTP 400.*payment/);
    expect(await c.post('check/expire', { payment: '1' })).toEqual({ expired: false }); // none in flight
    const after = (await c.get<{ now: number }>('clock')).now;
    expect(after - before).toBeLessThan(60_000); // only real time passed
  } finally {
    await h.close();
  }
});

test('idle returns once the due jobs have run, without taking the clock from its holder', async () => {
  const h = await startSandbox('greenleaves', {});
  try {
    const http = new HttpClient(HttpClient.agent(), LIMITS.reference, new EvidenceLog(), { reuseConnections: true });
    const holder = new ControlClient(h.controlUrl, http, 'check-a');
    const other = new ControlClient(h.controlUrl, http, 'check-b');
    await holder.advance(0);
    let ran = false;
    h.scheduler!.after(0, async () => {
      await new Promise((r) => setTimeout(r, 200));
      ran = true;
    });
    await other.idle(); // check-a holds the clock: an advance by check-b would wait, idle does not
    expect(ran).toBe(true);
    // with a key, only that key's jobs are waited for (not another payment's slow merchant)
    let mine = false;
    let slow = false;
    h.scheduler!.after(0, async () => void (await new Promise((r) => setTimeout(r, 200)), (mine = true)), 'pay-1');
    h.scheduler!.after(0, async () => void (await new Promise((r) => setTimeout(r, 3000)), (slow = true)), 'pay-2');
    await other.idle('pay-1');
    expect([mine, slow]).toEqual([true, false]);
    await other.idle();
    expect(slow).toBe(true);
    await holder.release();
  } finally {
    await h.close();
  }
});
