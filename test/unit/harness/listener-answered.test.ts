import { expect, test } from 'vitest';
import { request } from 'undici';
import { Listener } from '../../../src/harness/listener.ts';
import { EvidenceLog } from '../../../src/harness/evidence.ts';

// waitFor is the wait of a check that then reads what the subject made of its answer (a payment
// revoked by a "rejected"). A call that had arrived, its answer not yet written, made waitFor return
// at once: the check read the subject's state before the subject even had the answer.
test('waitFor returns once the calls are answered, not as soon as they arrive', async () => {
  const l = await Listener.open(new EvidenceLog(), {});
  try {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    l.respond(async () => {
      await held;
      return { status: 200, body: 'ok' };
    });
    const call = request(l.url('result'), { method: 'POST', body: 'pg_status=ok' });
    expect(await l.waitForArrival(1, 10_000)).toHaveLength(1);
    let returned = false;
    const waited = l.waitFor(1, 10_000).then((got) => ((returned = true), got));
    // the call is in, its answer held: waitFor must still be waiting (whatever the machine's speed:
    // nothing answers the call until release())
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 50));
    expect(returned).toBe(false);
    release();
    expect(await waited).toHaveLength(1);
    expect((await call).statusCode).toBe(200);
  } finally {
    l.close();
  }
});
