import { describe, expect, test } from 'vitest';
import net from 'node:net';
import { request } from 'undici';
import { Listener } from '../../../src/harness/listener.ts';
import { EvidenceLog } from '../../../src/harness/evidence.ts';
import { Inconclusive } from '../../../src/harness/outcome.ts';

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

// A call the listener refuses unread (a body over 1 MiB, a header block over Node's 16 KiB, a form
// past the field limits) came: it is recorded, so that no check says "result_url was not called", and
// reading what it carries ends the check inconclusive with the reason (it was refused before any
// record, and GL-CB-01 failed "result_url was not called after a successful payment").
describe('calls refused unread', () => {
  const inconclusive = (read: () => unknown): string => {
    try {
      read();
    } catch (e) {
      expect(e).toBeInstanceOf(Inconclusive);
      return (e as Error).message;
    }
    throw new Error('read');
  };

  test('a body over 1 MiB: recorded with its method, URL and headers, answered 413, its form unread', async () => {
    const l = await Listener.open(new EvidenceLog(), {});
    try {
      const res = await request(l.url('pay-result'), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `pg_order_id=1&pg_description=${'a'.repeat(2 << 20)}`,
      }).catch((e: unknown) => e);
      if ('statusCode' in (res as object)) expect((res as { statusCode: number }).statusCode).toBe(413);
      const got = await l.waitFor(1, 10_000);
      expect(got).toHaveLength(1);
      expect(got[0]!.method).toBe('POST');
      expect(got[0]!.path).toMatch(/\/pay-result$/);
      expect(got[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(got[0]!.unread).toMatch(/body is over 1 MiB \(Content-Length \d+\), refused with HTTP 413/);
      expect(inconclusive(() => got[0]!.form)).toMatch(
        /^the POST call to \/cb\/[0-9a-f]{12}\/pay-result came but was not read: its body is over 1 MiB/,
      );
      expect(inconclusive(() => got[0]!.body)).toMatch(/over 1 MiB/);
    } finally {
      l.close();
    }
  });

  test('a header block over 16 KiB: recorded with its method and URL, answered 431, nothing else read', async () => {
    const l = await Listener.open(new EvidenceLog(), {});
    try {
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
      for (let i = 0; i < 3000; i++) headers[`x-h${i}`] = 'v';
      const res = await request(l.url('pay-result'), { method: 'POST', headers, body: 'pg_order_id=1' }).catch(
        (e: unknown) => e,
      );
      if ('statusCode' in (res as object)) expect((res as { statusCode: number }).statusCode).toBe(431);
      const got = await l.waitFor(1, 10_000);
      expect(got).toHaveLength(1);
      expect(got[0]!.method).toBe('POST');
      expect(got[0]!.path).toMatch(/\/pay-result$/);
      expect(got[0]!.unread).toMatch(/header block exceeded 16 KiB/);
      for (const read of [() => got[0]!.form, () => got[0]!.body, () => got[0]!.headers])
        expect(inconclusive(read)).toMatch(/came but was not read: its header block exceeded 16 KiB/);
    } finally {
      l.close();
    }
  });

  test('a header block over 16 KiB whose request line is not in the packet that overflowed: a wait short of its call is inconclusive', async () => {
    const l = await Listener.open(new EvidenceLog(), {});
    try {
      const { port, pathname } = new URL(l.url('pay-result'));
      await new Promise<void>((resolve) => {
        const c = net.connect(Number(port), '127.0.0.1', () => {
          c.write(`POST ${pathname} HTTP/1.1\r\nHost: x\r\n`);
          setTimeout(() => c.write(`x-a: ${'v'.repeat(20_000)}\r\n\r\n`), 100);
        });
        c.resume(); // read the 431, or 'close' never comes
        c.on('error', () => resolve());
        c.on('close', () => resolve());
      });
      const err = await l.waitFor(1, 500).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Inconclusive);
      expect((err as Error).message).toMatch(
        /^a call to the listener was refused: its header block exceeded 16 KiB .*may have been the call waited for here/,
      );
    } finally {
      l.close();
    }
  });

  test('a form past the field limits: its body is kept, its form unread', async () => {
    const l = await Listener.open(new EvidenceLog(), {});
    try {
      const body = Array.from({ length: 1500 }, (_, i) => `f${i}=1`).join('&');
      const res = await request(l.url('pay-result'), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      expect(res.statusCode).toBe(200);
      const got = await l.waitFor(1, 10_000);
      expect(got[0]!.body).toBe(body);
      // before: an empty form, and the callback was judged as one carrying no field
      expect(inconclusive(() => got[0]!.form)).toMatch(/its form was not read \(more than 1000 form fields\)/);
    } finally {
      l.close();
    }
  });
});
