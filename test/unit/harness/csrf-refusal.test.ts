// A web framework's CSRF protection left on for the callback URL refuses every call the gateway or the
// bank sends (they carry no CSRF token): the reason of the failed rule names the framework's refusal,
// from the status and words its default handler answers with. Pages that only carry a token, or
// refusals for other causes, are not named so. A 405 names the methods the URL takes.
import { describe, expect, test } from 'vitest';
import { besideStatus, csrfOnlyIfAllRefused, csrfRefusal, notThisMethod } from '../../../src/harness/edge-page.ts';

describe('csrfRefusal', () => {
  test.each([
    // Laravel: its minimal error page, its JSON answer, and a 419 with no body
    [
      419,
      '<!DOCTYPE html>\n<html lang="en">\n<head><title>Page Expired</title></head>\n<body><div class="px-4">419</div><div>Page Expired</div></body></html>',
      'Laravel',
    ],
    [419, '{"message": "CSRF token mismatch."}', 'Laravel'],
    [419, '', 'Laravel'],
    // Django's csrf_failure view, and Django REST framework's session authentication
    [
      403,
      '<!DOCTYPE html><html lang="en"><head><title>403 Forbidden</title></head><body><div id="summary"><h1>Forbidden <span>(403)</span></h1><p>CSRF verification failed. Request aborted.</p></div></body></html>',
      'Django',
    ],
    [403, '{"detail":"CSRF Failed: CSRF token missing."}', 'Django'],
    // Rails, development (its exception page names the class)
    [
      422,
      '<html><head><title>Action Controller: Exception caught</title></head><body><h1>ActionController::InvalidAuthenticityToken</h1></body></html>',
      'Rails',
    ],
    // Rails, production (probe 26): its public/422.html, and its public exceptions' JSON for a JSON call
    [
      422,
      '<!DOCTYPE html>\n<html>\n<head>\n  <title>The change you wanted was rejected (422)</title>\n</head>\n<body class="rails-default-error-page">\n  <!-- This file lives in public/422.html -->\n  <div class="dialog">\n    <div>\n      <h1>The change you wanted was rejected.</h1>\n      <p>Maybe you tried to change something you didn\'t have access to.</p>\n    </div>\n  </div>\n</body>\n</html>\n',
      'Rails',
    ],
    [422, '{"status":422,"error":"Unprocessable Entity"}', 'Rails'],
    [400, '<h1>Bad Request (#400)</h1><p>Unable to verify your data submission.</p>', 'Yii'],
    [
      403,
      '<html><body><h1>403 - Forbidden</h1><p>The action you requested is not allowed.</p></body></html>',
      'CodeIgniter',
    ],
    // express (csurf), Flask-WTF, Spring Security
    [403, 'ForbiddenError: invalid csrf token', 'a CSRF refusal'],
    [400, '<title>400 Bad Request</title><h1>Bad Request</h1><p>The CSRF token is missing.</p>', 'a CSRF refusal'],
    [
      403,
      "Invalid CSRF Token 'null' was found on the request parameter '_csrf' or header 'X-CSRF-TOKEN'.",
      'a CSRF refusal',
    ],
  ])('%#: HTTP %i is named as %s', (status, text, who) => {
    expect(csrfRefusal({ status, text })).toContain(who);
    expect(besideStatus({ status, text })).toContain('exempt this URL from the CSRF check');
  });

  test.each([
    // a framework's 404 page carrying its token in a meta tag
    [
      404,
      '<html><head><meta name="csrf-token" content="aBcD"><title>Not Found</title></head><body>404 | Not Found</body></html>',
    ],
    // a shop refusing a forged call in its own words, a validation error, a server error naming CSRF
    [403, '<response><pg_status>rejected</pg_status><pg_description>bad signature</pg_description></response>'],
    [422, '{"errors":{"pg_amount":["must be a number"]}}'],
    // Rails's 422 page with another status, its JSON with another error
    [400, '<title>The change you wanted was rejected (422)</title>'],
    [422, '{"status":422,"error":"amount must be a number"}'],
    [500, 'CSRF token mismatch'],
    [200, '<title>Page Expired</title>'],
    // nginx's bare 403 and a 419 of some other server saying something else
    [
      403,
      '<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center></body></html>',
    ],
    [419, 'Too many requests, slow down'],
  ])('%#: HTTP %i with another page is no CSRF refusal', (status, text) => {
    expect(csrfRefusal({ status, text })).toBeUndefined();
  });
});

// Rails answers every 422 exception with its production page or JSON (a model validation's too, and an
// API-only app has no CSRF check): named a likely CSRF refusal, one only where every call meets it
describe('csrfOnlyIfAllRefused', () => {
  const json = { status: 422, text: '{"status":422,"error":"Unprocessable Entity"}' };
  const page = { status: 422, text: '<title>The change you wanted was rejected (422)</title>' };
  test("Rails's production 422 page and JSON: named likely CSRF, or a validation error", () => {
    for (const r of [json, page]) {
      expect(csrfOnlyIfAllRefused(r)).toBe(true);
      expect(csrfRefusal(r)).toMatch(/^likely Rails's CSRF refusal \(or another 422 of the app: a validation error/);
      expect(besideStatus(r)).toMatch(/\(if so, exempt this URL from the CSRF check\)$/);
    }
  });
  test('a refusal naming CSRF itself, or another answer, is not', () => {
    expect(csrfOnlyIfAllRefused({ status: 422, text: 'ActionController::InvalidAuthenticityToken' })).toBe(false);
    expect(csrfOnlyIfAllRefused({ status: 419, text: 'Page Expired' })).toBe(false);
    expect(csrfOnlyIfAllRefused({ status: 400, text: page.text })).toBe(false);
    expect(besideStatus({ status: 419, text: 'Page Expired' })).toMatch(/\(exempt this URL from the CSRF check\)$/);
  });
});

describe('notThisMethod', () => {
  test('a 405 names the methods its Allow lists; without one, only that the method is not taken', () => {
    expect(notThisMethod({ status: 405, headers: { allow: 'GET, HEAD' } })).toBe(
      " (the URL does not take the call's method: it allows GET, HEAD)",
    );
    expect(besideStatus({ status: 405, headers: {} })).toBe(" (the URL does not take the call's method)");
    expect(notThisMethod({ status: 404, headers: { allow: 'GET' } })).toBe('');
  });
});
