// probe21 (BUG=hashmap_order): a gateway that signs in another order refused paycert's correctly signed
// request, and the preflight said only "check PAYCERT_GREENLEAVES_SECRET_KEY": the secret was right, the
// gateway's formula was not. The message names both causes.
import { expect, test } from 'vitest';
import { secretPreflight } from '../../../src/cli/preflight.ts';
import type { Subject } from '../../../src/harness/subject.ts';
import type { Send } from '../../../src/sdk/transport.ts';

test('the preflight refusal names the secret and the gateway computing pg_sig otherwise', async () => {
  const body = Buffer.from(
    '<?xml version="1.0" encoding="utf-8"?><response><pg_status>error</pg_status><pg_error_code>1100</pg_error_code><pg_error_description>Некорректная подпись запроса</pg_error_description></response>',
  );
  const refusing: Send = async () => ({
    status: 200,
    headers: { 'content-type': 'application/xml; charset=utf-8' },
    body,
    text: body.toString('utf8'),
  });
  const subject = { kind: 'gateway', target: 'real', baseUrl: 'https://gw.test', profile: 'greenleaves' } as Subject;
  const refusal = await secretPreflight(subject, refusing).then(
    () => undefined,
    (e: Error) => e.message,
  );
  expect(refusal).toMatch(/check PAYCERT_GREENLEAVES_SECRET_KEY/);
  expect(refusal).toMatch(/or the gateway computes the signature otherwise than documented \(the order of the fields/);
});
