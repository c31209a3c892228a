import { expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { EvidenceLog, renderExchanges } from '../../../src/harness/evidence.ts';
import { registerSecret } from '../../../src/harness/redact.ts';
import { keyHashes } from '../../../src/harness/sdk.ts';

/** The evidence of one payment.form call with this input and answer, rendered. */
function rendered(input: unknown, answer: unknown): string {
  const log = new EvidenceLog();
  log.add({
    at: '2026-01-01T00:00:00.000Z',
    direction: 'sent',
    method: 'SDK',
    url: 'payment.form',
    requestHeaders: {},
    requestBody: JSON.stringify(input),
    responseBody: JSON.stringify(answer),
    note: 'adapter operation payment.form',
  });
  return renderExchanges(log.list());
}

// An SDK call's evidence is the input given to the adapter and the answer it returned (src/harness/sdk.ts): a
// probe's report showed only the inputs, so the form carrying a key field (JY-SDK-07) was nowhere to be read.
test("an SDK operation's answer is rendered beside its input", () => {
  const text = rendered(
    { fields: { ORDER: '000123' } },
    { ok: true, output: { action: 'http://gw/ecom/api', fields: { KEY_ID: 'abc123' } } },
  );
  expect(text).toContain('"ORDER":"000123"');
  expect(text).toMatch(/<- answer: .*"KEY_ID":"abc123"/);
});

// The answer shown may carry a hash of the secret (a key id a defective SDK puts into its form, JY-SDK-07):
// the secret's hashes are redacted as the secret is (probe 21's leak check found md5(secret) in the evidence).
test("an SDK answer's hash of the secret is redacted from the evidence", () => {
  const secret = 'evidence-answer-secret-42';
  for (const x of keyHashes(secret)) registerSecret(x);
  const md5 = createHash('md5').update(secret).digest('hex');
  const text = rendered({}, { ok: true, output: { fields: { KEY_ID: md5 } } });
  expect(text).toContain('KEY_ID');
  expect(text).not.toContain(md5);
});
