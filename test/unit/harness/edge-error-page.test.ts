// An edge's own error page for a shop it cannot reach, sent with HTTP 200 (the Jysan merchant checks
// judge it as the 5xx it states, suites/jysan/merchant/support.ts fromShop): the pages real edges send,
// and shop pages that only mention the numbers or words.
import { describe, expect, test } from 'vitest';
import { apiGatewayWall, edgeErrorPage, loginWall, notServedPage, wallPage } from '../../../src/harness/edge-page.ts';

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

// A bot wall's or firewall's page answering for a gateway (HttpClient: not the API's reply, not judged),
// and the gateways' own replies and pages, which are never one.
describe('wallPage', () => {
  test.each([
    [
      403,
      { 'cf-mitigated': 'challenge' },
      '<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>',
      /^a bot challenge \(Cloudflare, cf-mitigated: challenge\) "Just a moment\.\.\."$/,
    ],
    [
      503,
      {},
      '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>',
      /^a bot challenge \(Cloudflare\)/,
    ],
    [
      403,
      {},
      '<!DOCTYPE html>\n<html><head><title>Attention Required! | Cloudflare</title></head>',
      /block page \(Cloudflare\)/,
    ],
    [200, {}, '<!doctype html><html><head><title>DDoS-Guard</title></head>', /^a bot check \(DDoS-Guard\)/],
    [403, {}, '<html><head><title>Sucuri WebSite Firewall - Access Denied</title></head>', /\(Sucuri\)/],
    [
      200,
      {},
      '<html><head><title>Request Rejected</title></head><body>The requested URL was rejected.</body></html>',
      /\(F5\)/,
    ],
    [403, {}, '<HTML><HEAD><TITLE>ERROR: The request could not be satisfied</TITLE></HEAD>', /\(CloudFront\)/],
    [
      403,
      {},
      '<html><head><META NAME="robots"></head><body>Request unsuccessful. Incapsula incident ID: 1-2</body></html>',
      /\(Imperva Incapsula\)/,
    ],
    [
      403,
      {},
      '<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>',
      /^an edge's 403 page "403 Forbidden"/,
    ],
    [
      403,
      {},
      '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>403 Forbidden</title>\n</head><body>\n<h1>Forbidden</h1>\n<p>You don\'t have permission to access this resource.</p>',
      /^an edge's 403 page/,
    ],
  ] as const)('HTTP %s %j: %s', (status, headers, text, what) => {
    expect(wallPage({ status, headers, text })).toMatch(what);
  });

  test.each([
    // the gateways' own replies: XML, JSON, and the Jysan card page
    [200, '<?xml version="1.0" encoding="utf-8"?><response><pg_status>ok</pg_status></response>'],
    [401, '{"error":{"code":1002,"message":"Just a moment..."}}'],
    [200, '<!DOCTYPE html><html><head><title>Оплата картой</title></head><body><form></form></body></html>'],
    // a 403 page of the gateway's own, and an nginx 403 sent with another status
    [403, '<html><head><title>403 Forbidden</title></head><body><p>Merchant blocked</p></body></html>'],
    [404, '<html><head><title>403 Forbidden</title></head><body><center>nginx</center></body></html>'],
    [200, ''],
  ] as const)('HTTP %s %s: not a wall', (status, text) => {
    expect(wallPage({ status, headers: {}, text })).toBeUndefined();
  });
});

describe('notServedPage', () => {
  const nginx = (t: string) =>
    `<html>\r\n<head><title>${t}</title></head>\r\n<body>\r\n<center><h1>${t}</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n`;
  const apache =
    '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n';
  const php =
    '<!doctype html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>The requested resource <code class="url">/v5/g2g/edit</code> was not found on this server.</p></body></html>';

  test.each([
    [404, nginx('404 Not Found')],
    [405, nginx('405 Not Allowed')],
    [404, apache],
    [404, php],
  ])("HTTP %i with a web server's own page: not served", (status, text) => {
    expect(notServedPage({ status, text })).toMatch(/^the web server's own "40[45] Not (Found|Allowed)" page$/);
  });

  test.each([
    // an API's own not-found (v5 reads answer 404 for a payment that does not exist), a plain text one
    [404, '{"error":{"code":3001,"message":"Payment not found"}}'],
    [404, 'not found'],
    // an application's own page, a router's, and the right page with another status
    [404, '<html><head><title>Page not found | Shop</title></head><body>Sorry</body></html>'],
    [404, '<html><head><title>404 Not Found</title></head><body>No route</body></html>'],
    [200, nginx('404 Not Found')],
    [403, nginx('403 Forbidden')],
  ])('HTTP %i %s: not such a page', (status, text) => {
    expect(notServedPage({ status, text })).toBeUndefined();
  });
});

describe('loginWall', () => {
  test.each([
    ['Basic realm="test domain"', 'an HTTP Basic login (realm "test domain"), which paycert does not send'],
    ['Digest realm="api", qop="auth", nonce="x"', 'an HTTP Digest login (realm "api"), which paycert does not send'],
    ['basic', 'an HTTP Basic login, which paycert does not send'],
  ])('401 with WWW-Authenticate %s', (challenge, what) => {
    expect(loginWall({ status: 401, headers: { 'www-authenticate': challenge } })).toBe(what);
  });

  // the API's own refusals: a v5 bad signature answered 401 (no challenge, or a scheme of its own)
  test.each([
    [401, {}],
    [401, { 'www-authenticate': 'Bearer error="invalid_token"' }],
    [403, { 'www-authenticate': 'Basic realm="x"' }],
  ])('HTTP %i %j: no login wall', (status, headers) => {
    expect(loginWall({ status, headers })).toBeUndefined();
  });
});

describe('apiGatewayWall', () => {
  test('AWS API Gateway refusing by itself: no route (or an AWS signature wanted), an API key or policy not met', () => {
    const aws = (type: string) => apiGatewayWall({ status: 403, headers: { 'x-amzn-errortype': type } });
    expect(aws('MissingAuthenticationTokenException')).toMatch(/^AWS API Gateway's "Missing Authentication Token"/);
    expect(aws('ForbiddenException')).toMatch(/^AWS API Gateway's "Forbidden" \(an API key/);
    expect(aws('ForbiddenException:http://internal.amazon.com/coral/com.amazon.coral.service/')).toMatch(/"Forbidden"/);
  });

  test("Kong's own refusals (X-Kong-Response-Latency), not the ones it relays from the API", () => {
    const kong = (status: number, own: boolean) =>
      apiGatewayWall({
        status,
        headers: own
          ? { 'x-kong-response-latency': '0', server: 'kong/3.9.0' }
          : { 'x-kong-upstream-latency': '12', 'x-kong-proxy-latency': '1', via: 'kong/3.9.0' },
      });
    expect(kong(401, true)).toMatch(/^Kong's own 401 \(a credential/);
    expect(kong(403, true)).toMatch(/^Kong's own 403/);
    // its router's 404 is a path not served (notServedPage)
    expect(
      notServedPage({
        status: 404,
        headers: { 'x-kong-response-latency': '0' },
        text: '{"message":"no Route matched with those values"}',
      }),
    ).toBe("Kong's own 404 (no route)");
    // its rate limit (429) is a rate limit, resent as any; what it relays is the API's
    for (const [status, own] of [
      [429, true],
      [404, true],
      [401, false],
      [404, false],
    ] as const)
      expect(kong(status, own)).toBeUndefined();
  });

  test("the API's own refusals behind it: an authorizer's deny, the application's 403, another status", () => {
    expect(apiGatewayWall({ status: 403, headers: { 'x-amzn-errortype': 'AccessDeniedException' } })).toBeUndefined();
    expect(apiGatewayWall({ status: 403, headers: { 'x-amzn-errortype': 'toString' } })).toBeUndefined();
    expect(apiGatewayWall({ status: 403, headers: {} })).toBeUndefined();
    expect(apiGatewayWall({ status: 401, headers: { 'x-amzn-errortype': 'ForbiddenException' } })).toBeUndefined();
  });
});
