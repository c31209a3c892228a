// An edge's own error page for a shop it cannot reach, sent with HTTP 200 (the Jysan merchant checks
// judge it as the 5xx it states, suites/jysan/merchant/support.ts fromShop): the pages real edges send,
// and shop pages that only mention the numbers or words.
import { describe, expect, test } from 'vitest';
import { edgeErrorPage } from '../../../src/harness/edge-page.ts';

describe('edgeErrorPage', () => {
  test.each([
    // nginx
    [
      '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
      502,
    ],
    ["<html><body><h1>504 Gateway Time-out</h1>\nThe server didn't respond in time.\n</body></html>", 504],
    // HAProxy
    [
      '<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>',
      503,
    ],
    // Apache mod_proxy
    [
      '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>502 Proxy Error</title>\n</head><body>\n<h1>Proxy Error</h1>',
      502,
    ],
    ['<html><head><title>503 Service Temporarily Unavailable</title></head></html>', 503],
    // a CDN's title
    ['<!DOCTYPE html><html><head><title>shop.kz | 502: Bad gateway</title></head><body>…</body></html>', 502],
    // plain text
    ['502 Bad Gateway\n', 502],
  ])('%#: an edge page is the %i it states', (page, status) => {
    expect(edgeErrorPage(page)?.status).toBe(status);
  });

  test.each([
    '',
    'OK',
    '<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Заказ оплачен</title></head><body><h1 id="result">Заказ оплачен</h1></body></html>',
    // a shop page naming an order 502 or telling about a gateway
    '<html><head><title>Order 502 paid</title></head><body><h1>Thank you</h1><p>502 Bad Gateway errors are rare</p></body></html>',
    '<html><head><title>Bad gateway? No: your order is paid</title></head></html>',
    '<html><h1>500 Internal Server Error</h1></html>',
    'payment 503 noted',
  ])('%#: a shop page is not an edge page', (page) => {
    expect(edgeErrorPage(page)).toBeUndefined();
  });
});
