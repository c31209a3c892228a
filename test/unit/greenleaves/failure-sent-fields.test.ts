// A probe's g2g shop answered error to pg_result=0: GL-MCB-09's reason ended with the replayed call's raw
// multipart body ("— sent: POST … ------paycert… Content-Disposition: form-data; name="pg_order_id" …"),
// which the certificate's 400-character reason line cut before pg_result and pg_can_reject, the fields
// the message is about. A property failure's call is shown as its decoded fields, name=value, those the
// message names first.
import { afterAll, expect, test } from 'vitest';
import { startReference, subjectOf } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { oneLine } from '../../../src/harness/clip.ts';
import { bodyLines, requestLine, type Exchange } from '../../../src/harness/evidence.ts';
import { encodeMultipart } from '../../../src/protocols/common/form.ts';
import { judgeChecks } from '../harness/judge-checks.ts';

const started: SandboxHandle[] = [];
afterAll(async () => {
  await Promise.all(started.map((h) => h.close()));
});

const multipart = (pairs: Array<[string, string]>): Exchange => ({
  at: '',
  direction: 'sent',
  method: 'POST',
  url: 'http://shop/result.php',
  requestHeaders: { 'content-type': 'multipart/form-data; boundary=paycertB' },
  requestBody: encodeMultipart(pairs, 'paycertB'),
});

test('a multipart call is shown as its fields, name=value, those a message names first', () => {
  const x = multipart([
    ['pg_order_id', 'SHOP-1'],
    ['pg_description', 'Оплата заказа'],
    ['pg_result', '0'],
    ['pg_can_reject', '0'],
  ]);
  expect(requestLine(x, 'pg_result=0 (pg_can_reject=0) was answered error')).toBe(
    'POST http://shop/result.php pg_result=0 pg_can_reject=0 pg_order_id=SHOP-1 pg_description=Оплата заказа',
  );
  expect(bodyLines(x.requestBody!, x.requestHeaders['content-type'])).toEqual([
    'pg_order_id = SHOP-1',
    'pg_description = Оплата заказа',
    'pg_result = 0',
    'pg_can_reject = 0',
  ]);
  // a name inside another word is not named by it
  expect(
    requestLine(
      multipart([
        ['result', '1'],
        ['pg_result', '0'],
      ]),
      'pg_result=0 refused',
    ),
  ).toBe('POST http://shop/result.php pg_result=0 result=1');
});

test("GL-MCB-09's reason shows the replayed call's pg_result and pg_can_reject, not a multipart dump", async () => {
  const h = await startReference('greenleaves', 'merchant', ['rejects-failed-payment']);
  started.push(h);
  const { results, shown } = await judgeChecks('greenleaves', ['gl.merchant.failed-payment'], subjectOf(h, 'merchant'));
  const failure = results[0]!.failures.find((f) => f.rule === 'GL-MCB-09');
  expect(failure, shown).toBeDefined();
  expect(failure!.message).not.toMatch(/Content-Disposition|------paycert/);
  // as the certificate shows it: one line of at most 400 characters
  const line = oneLine(`gl.merchant.failed-payment: ${failure!.message}`);
  const sent = line.slice(line.indexOf('— sent: '));
  expect(sent, line).toMatch(/ pg_result=0 /);
  expect(sent, line).toMatch(/ pg_can_reject=[01] /);
});
