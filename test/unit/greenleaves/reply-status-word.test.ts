// A gateway whose success replies say pg_status "success" (correctly signed) shows neither acceptance nor
// refusal: every acceptance rule is inconclusive. Was: nothing judged the word itself, so such a gateway came
// out "4 passed, 0 failed, 78 inconclusive", exit 0, verdict passed (probe, defect gl-status-success). The
// word is GL-TX-09's (INFERRED: the g2g seed gives the gateway's replies no pg_status values; the public
// reply examples use ok, pending and error), judged on the replies of the checks citing it as they arrive.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { replyRewritingProxy } from '../harness/request-proxy.ts';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { buildXml, parseXml, scriptName, sign } from '../../../src/protocols/greenleaves/index.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { judgeChecks } from '../harness/judge-checks.ts';

let h: SandboxHandle;
let proxy: { url: string; close: () => void };

beforeAll(async () => {
  h = await startReference('greenleaves', 'gateway');
  // every pg_status ok becomes "success", the reply signed again over it (as the probe's proxy did)
  proxy = await replyRewritingProxy(h.url, (body, { url }) => {
    if (url.startsWith('/__paycert') || !/<pg_status>ok<\/pg_status>/.test(body)) return body;
    const { root, message } = parseXml(body);
    const changed = { ...message, pg_status: 'success' };
    if (typeof message.pg_sig !== 'string') return buildXml(changed, root);
    const script = scriptName(new URL(url, 'http://x').pathname);
    return buildXml({ ...changed, pg_sig: sign(script, changed, credentials('greenleaves').secretKey) }, root);
  });
});
afterAll(async () => {
  proxy?.close();
  await h?.close();
});

test('success replies saying pg_status "success" fail GL-TX-09 where the reply is first read; acceptance stays inconclusive', async () => {
  const ids = ['gl.fields.payment.valid', 'gl.tx.encodings', 'gl.sig.replies-signed', 'gl.flow.one-step'];
  const { results, verdicts, shown } = await judgeChecks('greenleaves', ids, {
    ...subjectOf(h, 'gateway'),
    baseUrl: proxy.url,
  });
  expect(verdicts.failed?.sort(), shown).toEqual(ids.map((id) => `${id} GL-TX-09`).sort());
  for (const r of results)
    expect(
      r.failures.map((f) => f.message),
      shown,
    ).toContainEqual(expect.stringMatching(/pg_status "success" is none of ok, pending, error/));
  // what the word hides is not judged either way: the acceptance rules are inconclusive, not failed
  for (const id of ['gl.fields.payment.valid GL-PAY-01', 'gl.tx.encodings GL-TX-01', 'gl.flow.one-step GL-PAY-01'])
    expect(verdicts.inconclusive, shown).toContain(id);
});
