import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, vi } from 'vitest';
import { EvidenceLog } from '../../../src/harness/evidence.ts';

// A --listen-port another process holds when a check opens the listener (probe 22: every callback
// check was inconclusive with "internal error of paycert … listen EADDRINUSE"): the check cannot wait
// for the subject's calls, which is said as such, naming the port; never paycert's internal error.
test('a listen port taken by another process: inconclusive, naming the port, not an internal error', async () => {
  const other = createServer((_, res) => void res.writeHead(404).end());
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
  const { port } = other.address() as AddressInfo;
  // a fresh listener module: the unit files share one (its listener, once open, is the process's)
  vi.resetModules();
  const { Listener } = await import('../../../src/harness/listener.ts');
  const { Inconclusive } = await import('../../../src/harness/outcome.ts');
  try {
    const opened = Listener.open(new EvidenceLog(), { listenPort: port, publicBase: 'https://hooks.example' });
    await expect(opened).rejects.toBeInstanceOf(Inconclusive);
    await expect(opened).rejects.toThrow(
      `the callback listener cannot listen on 127.0.0.1:${port} (--listen-port): the port is taken by another process`,
    );
  } finally {
    other.close();
  }
});
