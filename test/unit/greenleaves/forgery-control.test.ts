import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { judgeChecks, withEnv } from '../harness/judge-checks.ts';

// A g2g gateway that refuses every correctly signed request (here: it knows the merchant by another
// secret_key than paycert's, as one hashing other bytes does) also refuses every forged pg_sig; that
// shows nothing about the cause each rule names. The rules "X is refused" (GL-SIG-01, GL-SIG-07)
// end inconclusive with the reason, never passed; GL-SIG-02 fails on the refused correct request.
const VAR = 'PAYCERT_GREENLEAVES_SECRET_KEY';
let h: SandboxHandle;

beforeAll(async () => {
  h = await startReference('greenleaves', 'gateway');
});
afterAll(async () => {
  await h?.close();
});

const IDS = [
  'gl.sig.tamper-any-field',
  'gl.sig.script-name',
  'gl.sig.exact-lowercase',
  'gl.sig.salt-and-sig-required',
  'gl.sig.empty-values',
  'gl.sig.byte-order',
];

test('a g2g gateway refusing every correct pg_sig passes no forgery rule: they are inconclusive, with the reason', async () => {
  const { results, verdicts, shown } = await withEnv(VAR, 'not-the-key-the-gateway-knows', () =>
    judgeChecks('greenleaves', IDS, subjectOf(h, 'gateway')),
  );
  // the refusals are XML, labelled so: GL-TX-02 and GL-TX-10, judged on each reply as it arrives, are the only
  // rules they pass
  expect(
    (verdicts.passed ?? []).filter((v) => !v.endsWith(' GL-TX-02') && !v.endsWith(' GL-TX-10')),
    shown,
  ).toEqual([]);
  expect((verdicts.failed ?? []).sort(), shown).toEqual(['gl.sig.script-name GL-SIG-02']);
  for (const id of ['gl.sig.exact-lowercase', 'gl.sig.salt-and-sig-required']) {
    const r = results.find((x) => x.id === id)!;
    expect(r.outcome, `${id}: ${r.reason}`).toBe('inconclusive');
    expect(r.reason, id).toMatch(/correctly signed control request .* was refused too/);
  }
}, 300_000);
