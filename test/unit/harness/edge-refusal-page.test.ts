// probe 22: behind an edge with a header-size limit, the HS512 request got nginx's "400 Request Header Or
// Cookie Too Large" page and V5-JWS-05 (MUST) passed on it as the gateway's refusal; behind a body-size
// limit JY-PAY-10 and GL-PAGE-03 said "not a page paycert can read … HTTP 413". An edge's own 4xx page
// (its limits, its refusal of a request it could not parse) is recognised by its shape and named.
import { describe, expect, test } from 'vitest';
import { edgeRefusal, frontWall } from '../../../src/harness/edge-page.ts';

const nginx = (status: number, title: string, h1 = title, sig = 'nginx/1.24.0') =>
  `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${h1}</h1></center>\r\n<hr><center>${sig}</center>\r\n</body>\r\n</html>\r\n`;

describe('edgeRefusal', () => {
  test.each([
    [
      400,
      nginx(400, 'Request Header Or Cookie Too Large'),
      {},
      /"400 Request Header Or Cookie Too Large" page \(nginx\)/,
    ],
    // real nginx: the title names the limit, the heading is the bare status
    [
      400,
      '<html>\r\n<head><title>400 Request Header Or Cookie Too Large</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>Request Header Or Cookie Too Large</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
      {},
      /header size/,
    ],
    [413, nginx(413, 'Request Entity Too Large'), {}, /body size/],
    [414, nginx(414, 'Request-URI Too Large'), {}, /URL's length/],
    [400, nginx(400, 'Bad Request'), {}, /"400 Bad Request" page \(nginx\)/],
    [400, nginx(400, 'The plain HTTP request was sent to HTTPS port'), {}, /HTTPS port/],
    [413, nginx(413, 'Request Entity Too Large', undefined, 'cloudflare'), {}, /\(Cloudflare\)/],
    // Apache
    [
      400,
      '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>400 Bad Request</title>\n</head><body>\n<h1>Bad Request</h1>\n<p>Your browser sent a request that this server could not understand.<br />\nSize of a request header field exceeds server limit.<br />\n</p>\n</body></html>\n',
      {},
      /\(Apache\)/,
    ],
    // HAProxy (no title)
    [
      400,
      '<html><body><h1>400 Bad Request</h1>\nYour browser sent an invalid request.\n</body></html>\n',
      {},
      /HAProxy/,
    ],
    // AWS's load balancer: its page bears no name, its Server header does
    [
      400,
      '<html>\r\n<head><title>400 Bad Request</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n</body>\r\n</html>\r\n',
      { server: 'awselb/2.0' },
      /AWS/,
    ],
    // Envoy's plain text
    [413, 'Payload Too Large', { server: 'envoy' }, /"413 Payload Too Large"/],
    [431, '', { server: 'envoy' }, /HTTP 431|header size/],
    // a plain text that is the status line alone, from a named edge
    [400, '400 Bad Request', { server: 'envoy' }, /"400 Bad Request"/],
  ])('%i: %#', (status, text, headers, why) => {
    const r = { status, text, headers: headers as Record<string, string> };
    expect(edgeRefusal(r)).toMatch(why);
    expect(edgeRefusal(r)).toMatch(/an edge answered in the gateway's place/);
    expect(frontWall(r)).toBe(edgeRefusal(r));
  });

  test.each([
    // the API's own refusals
    [400, '{"error":{"code":1002,"name":"unsupported-alg"}}', { 'content-type': 'application/json', server: 'nginx' }],
    [200, nginx(413, 'Request Entity Too Large'), {}],
    [400, '<?xml version="1.0"?><response><pg_status>error</pg_status></response>', { server: 'nginx' }],
    // an API behind nginx refusing in plain text: the status line with words of its own is its refusal
    [400, '400 Bad Request: amount is invalid', { server: 'nginx' }],
    // a gateway's own HTML error page (Jysan's bank answers errors with pages of its own)
    [
      400,
      '<!doctype html><html><head><title>Ошибка</title></head><body><h1>Bad Request</h1><p>Неверный ORDER</p></body></html>',
      {},
    ],
    // a "400 Bad Request" page without any edge's signature: the application's own, for all paycert knows
    [400, '<html><head><title>400 Bad Request</title></head><body><h1>400 Bad Request</h1></body></html>', {}],
  ])('%i not an edge refusal: %#', (status, text, headers) => {
    expect(edgeRefusal({ status, text, headers: headers as Record<string, string> })).toBeUndefined();
  });
});
