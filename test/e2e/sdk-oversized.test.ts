// An SDK sending a request body over the recording gateway's 4 MiB read limit (a serialiser looping
// over a receipt, a file attached by mistake): the gateway answered 413 and recorded nothing, so the
// checks read the request as never sent, "the SDK sent no request", or judged the check's other
// requests. Now the call that sent it makes the check inconclusive, naming the request and the limit.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { judgeSdk } from './sdk-judge.ts';

const ADAPTER = `
const rl = require('node:readline').createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  const r = JSON.parse(line);
  const answer = (x) => process.stdout.write(JSON.stringify({ id: r.id, ...x }) + '\\n');
  if (r.op !== 'payment.create') return answer({ ok: false, error: { kind: 'unsupported', message: 'no' } });
  const body = 'pg_description=' + 'x'.repeat(5 << 20);
  try {
    const res = await fetch(r.gateway + '/g2g/payment', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    answer({ ok: false, error: { kind: 'transport', message: 'HTTP ' + res.status } });
  } catch (e) {
    answer({ ok: false, error: { kind: 'transport', message: String(e) } });
  }
});
`;

test('a request over 4 MiB leaves the check inconclusive, naming it and the limit; nothing is failed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'paycert-oversized-'));
  const file = join(dir, 'adapter.cjs');
  writeFileSync(file, ADAPTER);
  const rules = await judgeSdk('greenleaves', [process.execPath, file], ['gl.sdk.requests']);
  expect(rules.filter((r) => r.verdict === 'failed')).toEqual([]);
  const r = rules.find((x) => x.id === 'GL-SDK-01')!;
  expect(r.verdict).toBe('inconclusive');
  expect(r.reason).toMatch(/request POST \/g2g\/payment with a body of more than 4 MiB.*HTTP 413/);
});
