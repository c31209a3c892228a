import { PassThrough } from 'node:stream';
import { expect, test } from 'vitest';
import { serveAdapter } from '../../../src/sdk-adapter/reference.ts';

// The reference adapter serves every defect of a profile in one process (the meta-tests): a
// request's `defects` are added to those it was started with, for that request only, and a name
// that is not one of the profile's sdk defects is refused.
async function serve(started: string[], requests: object[]) {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (d: Buffer) => void (text += d.toString()));
  const done = serveAdapter('jysan', new Set(started), input, output);
  const credentials = { merchant: 'M1', terminal: 'T1', sharedSecret: 'secret' };
  const base = { op: 'payment.form', gateway: 'http://127.0.0.1:9', credentials };
  const fields = { ORDER: '100001', AMOUNT: '1000', CURRENCY: '398', DESC: 'x' };
  // one at a time: form-cache's answers depend on what came before
  for (const [i, r] of requests.entries()) {
    input.write(`${JSON.stringify({ ...base, input: { fields }, ...r, id: i + 1 })}\n`);
    await new Promise((res) => setTimeout(res, 20));
  }
  input.end();
  await done;
  const answers = text
    .split('\n')
    .filter(Boolean)
    .map(
      (l) => JSON.parse(l) as { id: number; ok: boolean; output?: { fields: Record<string, string> }; error?: object },
    );
  return answers.sort((a, b) => a.id - b.id);
}

test("a request's defects apply to it alone, added to the start's", async () => {
  const a = await serve(
    ['constant-nonce'],
    [{}, { defects: ['uppercase-hex'] }, { defects: ['form-cache'] }, { defects: ['form-cache'] }, {}],
  );
  const f = a.map((x) => x.output!.fields);
  expect(a.every((x) => x.ok)).toBe(true);
  // the start's constant-nonce holds for every request
  expect(new Set(f.map((x) => x.NONCE))).toEqual(new Set(['123456789']));
  expect(f[0]!.P_SIGN).toMatch(/^[0-9a-f]{128}$/);
  expect(f[1]!.P_SIGN).toBe(f[0]!.P_SIGN!.toUpperCase());
  expect(f[4]!.P_SIGN).toBe(f[0]!.P_SIGN);
});

test("form-cache's cache belongs to its defect set: another set builds its own form", async () => {
  const both = ['form-cache', 'uppercase-hex'];
  const a = await serve([], [{ defects: ['form-cache'] }, { defects: ['form-cache'] }, { defects: both }, {}]);
  const f = a.map((x) => x.output!.fields);
  expect(f[1]!.NONCE).toBe(f[0]!.NONCE);
  expect(new Set(f.map((x) => x.NONCE)).size).toBe(3);
  expect(f[2]!.P_SIGN).toMatch(/^[0-9A-F]{128}$/);
});

test('defects that are not the profile’s sdk defects are refused', async () => {
  const a = await serve([], [{ defects: ['no-such-defect'] }, { defects: 'uppercase-hex' }, { defects: [1] }]);
  for (const x of a) {
    expect(x.ok).toBe(false);
    expect(x.error).toMatchObject({ kind: 'validation' });
  }
  expect(a.map((x) => x.id)).toEqual([1, 2, 3]);
});
