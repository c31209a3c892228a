// The payer's pages (statuses 'any'): a 4xx of the gateway's page is its answer, judged; an edge's own
// 4xx page in its place (a body-size limit on the card form's POST) is none (probe 22).
import { expect, test } from 'vitest';
import { payerPageAnswered } from '../../../suites/payer-pages.ts';
import { Inconclusive } from '../../../src/harness/outcome.ts';
import type { HttpResponse } from '../../../src/harness/http.ts';

const reply = (status: number, text: string): HttpResponse =>
  ({
    status,
    statusText: '',
    headers: { 'content-type': 'text/html' },
    body: Buffer.from(text),
    text,
    ms: 1,
  }) as HttpResponse;
const req = { url: 'https://gw.test/pay', method: 'POST', note: 'the payer submits the card form' };

test("an edge's 413 page on the card form's POST: not judged, the edge named", () => {
  const page =
    '<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
  expect(() => payerPageAnswered(req, reply(413, page))).toThrow(Inconclusive);
  expect(() => payerPageAnswered(req, reply(413, page))).toThrow(/an edge answered in the gateway's place/);
});

test("the gateway's own page refusing what the payer entered is its answer", () => {
  const page = '<!doctype html><html><head><title>Ошибка</title></head><body><p>Неверный номер карты</p></body></html>';
  expect(payerPageAnswered(req, reply(400, page)).status).toBe(400);
});
