import { createServer } from 'node:net';
import { expect, test } from 'vitest';
import { serve } from '../../../src/reference/server.ts';

/** Whether this machine can listen on IPv6 loopback (a container may have no IPv6 at all). */
const ipv6 = await new Promise<boolean>((resolve) => {
  const s = createServer();
  s.once('error', () => resolve(false));
  s.listen(0, '::1', () => s.close(() => resolve(true)));
});

test.skipIf(!ipv6)('a reference served on an IPv6 address prints a URL a client can use', async () => {
  const running = await serve(() => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' }), {
    host: '::1',
  });
  try {
    expect(running.url).toBe(`http://[::1]:${running.port}`);
    const res = await fetch(`${running.url}/x`);
    expect(await res.text()).toBe('ok');
  } finally {
    await running.close();
  }
});
