// probe 22's Java v5 SDK: in 87 evidence lines the adapter answer's own protocol "id" was written
// "[removed]" ({"id":"[removed]","ok":true,"output":{"body":{…"masked_pan":"471604******1981"…}}}),
// while other answers kept it ({"id":242,…}). An SDK run registers the CVCs and expiries it gives the
// adapter as card data (sdk.ts), and a short number equal to one of them beside a card is removed: the
// run's request ids (1, 2, … 243 …) meet its CVCs. The protocol's id is paycert's own counter
// (docs/sdk-adapter.md), no data of the subject's: it stays readable in the adapter's answer, and only there.
import { expect, test } from 'vitest';
import { registerCardData } from '../../../src/harness/redact.ts';
import { redactExchange, type Exchange } from '../../../src/harness/evidence.ts';

const body = (id: string) =>
  `{"id":${id},"ok":true,"output":{"body":{"id":"01a2502d-a708-7042-a5d7-f992dcf36afe","order_id":"PCMXD5YKTV40AA5E0CE5","status":"cleared","amount":500,"currency":"KZT","auto_clearing":true,"cleared_amount":500,"refunded_amount":0,"masked_pan":"471604******1981","cvc":"243","month":"12","operations":[{"type":"create","amount":500,"status":"cleared"}]}}}`;
const exchange = (method: string, responseBody: string): Exchange => ({
  at: '2026-12-07T11:04:58.867Z',
  direction: 'sent',
  method,
  url: 'payment.create',
  requestHeaders: {},
  requestBody: '{"body":{}}',
  responseBody,
});

test("the adapter protocol's id stays readable in its answer beside a card, the card data removed", () => {
  for (const v of ['243', '12', '30']) registerCardData(v);
  const out = redactExchange(exchange('SDK', body('243'))).responseBody!;
  expect(out).toMatch(/^\{"id":243,"ok":true,"output"/);
  expect(out).not.toMatch(/"cvc":"243"|"month":"12"/);
});

test('elsewhere a short number named id that is card data paycert sent stays removed', () => {
  registerCardData('987');
  expect(redactExchange(exchange('POST', body('987'))).responseBody).not.toMatch(/"id":987/);
});
