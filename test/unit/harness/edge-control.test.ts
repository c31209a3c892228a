// controlAfterEdge403: the URL alone, asked once per check and URL after an edge's bare 403; a redirect
// (a BACKREF sending a GET on) gets through as a 2xx does
import { expect, test } from 'vitest';
import { controlAfterEdge403 } from '../../../src/harness/edge-page.ts';

const APACHE_403 =
  '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN"><html><head><title>403 Forbidden</title></head><body><h1>Forbidden</h1><p>You don\'t have permission to access this resource.</p></body></html>';
const refused = { status: 403, text: APACHE_403, refusedContent: { flagged: ['res_desc (a quote)'], passed: 0 } };

test('a redirect answer to the control gets through; the control is asked once per check and URL', async () => {
  const check = {};
  let sent = 0;
  const send = async () => (sent++, { status: 302, headers: { location: '/orders/1' }, text: '' });
  const c = await controlAfterEdge403(check, 'https://shop/backref', refused, send);
  expect(c?.controlPassed).toBe(true);
  await controlAfterEdge403(check, 'https://shop/backref', refused, send);
  expect(sent).toBe(1);
  await controlAfterEdge403({}, 'https://shop/backref', refused, send);
  expect(sent).toBe(2);
});

test("the control meeting the edge's 403 too, or a 5xx, does not get through; no 403 page asks nothing", async () => {
  let sent = 0;
  const c = await controlAfterEdge403(
    {},
    'https://shop/backref',
    refused,
    async () => (sent++, { status: 403, text: APACHE_403 }),
  );
  expect(c?.controlPassed).toBeFalsy();
  const five = await controlAfterEdge403({}, 'https://shop/backref', refused, async () => ({ status: 502, text: '' }));
  expect(five?.controlPassed).toBeFalsy();
  const none = await controlAfterEdge403(
    {},
    'https://shop/backref',
    { status: 400, text: 'bad sign' },
    async () => (sent++, { status: 200 }),
  );
  expect(none).toBeUndefined();
  expect(sent).toBe(1);
});
