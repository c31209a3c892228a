// Code review: V5-SDK-02's loop rescanned the prefix of the requests at each step and named only the first
// X-Request-Id sent for two requests: a second one reused later was never named.
import { expect, test } from 'vitest';
import type { Recorded } from '../../../src/harness/recorder.ts';
import { idOfTwoRequests, idsOfTwoRequests } from '../../../suites/greenleaves-v5/sdk/sdk.checks.ts';

const req = (id: string, body: string, action = 'payment.read'): Recorded =>
  ({
    at: 0,
    method: 'POST',
    path: '/v5/g2g/payments/read',
    headers: { 'x-request-id': id, 'x-action': action },
    body: Buffer.from(body, 'utf8'),
    text: body,
  }) as unknown as Recorded;

test('every id sent for two requests that differ is named, each once, in order', () => {
  const rs = [
    req('A', '{"id":1}'),
    req('B', '{"id":2}'),
    req('A', '{"id":3}'),
    req('B', '{"id":4}'),
    req('A', '{"id":5}'),
  ];
  expect(idsOfTwoRequests(rs)).toEqual(['A', 'B']);
  expect(idOfTwoRequests(rs)).toBe('A');
});

test('a resend of the same bytes under its id is the same request, not a second one', () => {
  const rs = [req('A', '{"id":1}'), req('A', '{"id":1}'), req('B', '{"id":2}'), req('B', '{"id":2}', 'payment.refund')];
  expect(idsOfTwoRequests(rs)).toEqual(['B']);
});
