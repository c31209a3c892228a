import { describe, expect, test } from 'vitest';
import { notJsonText, notUuid } from '../../../suites/greenleaves-v5/sdk/sdk.checks.ts';
import { isUuid, uuidv7 } from '../../../src/protocols/greenleaves-v5/uuid.ts';
import { requestPath } from '../../../src/reference/server.ts';

// A probe's PHP SDK passed V5-SDK-02 with 32 random hex digits in the 8-4-4-4-12 form (no version or
// variant), which paycert's own gateway refuses as "not a UUID" (1103): the check had a looser pattern.
describe('V5-SDK-02: a UUID is what the gateway takes as one', () => {
  const ids = [
    uuidv7(),
    '00000000-0000-4000-8000-000000000000',
    '2F132078-4A35-456A-A640-55A495EE6CFF',
    'fb0b177a-ff9c-0c83-d3a3-03fafde50095', // the probe's: version 0, variant d
    '00000000-0000-0000-0000-000000000000',
    'req-0123456789abcdef',
    '',
  ];
  test.each(ids)('%j: judged as the gateway reads it', (id) => {
    expect(notUuid(id) === undefined).toBe(isUuid(id));
  });
  // RFC 9562 defines the variants 0xxx, 110x and 111x too: only 10xx (8, 9, a, b) is its own layout's, so
  // "variant 0, none of RFC 9562's" was wrong. The reason names only the part that is off
  test('the reason says what is missing', () => {
    const layout = "not the variant of RFC 9562's layout (10xx: 8, 9, a or b)";
    expect(notUuid('fb0b177a-ff9c-0c83-d3a3-03fafde50095')).toBe(
      `X-Request-Id "fb0b177a-ff9c-0c83-d3a3-03fafde50095" is not a UUID: 32 hex digits in the 8-4-4-4-12 form, but with version 0, not a version of RFC 9562's layout (1-8), and variant d, ${layout}`,
    );
    expect(notUuid('fb0b177a-ff9c-4c83-03a3-03fafde50095')).toMatch(/form, but with variant 0, not the variant/);
    expect(notUuid('fb0b177a-ff9c-4c83-03a3-03fafde50095')).not.toMatch(/version/);
    expect(notUuid('fb0b177a-ff9c-0c83-a3a3-03fafde50095')).toMatch(
      /form, but with version 0, not a version of RFC 9562's layout \(1-8\)$/,
    );
    expect(notUuid('req-1')).toBe('X-Request-Id "req-1" is not a UUID');
  });
});

// The probe's form-body (http_build_query under Content-Type application/json) and bom passed every rule.
describe('V5-SDK-16: the body is JSON text', () => {
  const b = (s: string | number[]) => (typeof s === 'string' ? Buffer.from(s, 'utf8') : Buffer.from(s));
  test('JSON, also indented or with a trailing newline, and raw UTF-8 text', () => {
    for (const s of ['{"amount":1}', '{\n  "a": "Заказ"\n}\n', ' {"a":[1,2]} '])
      expect(notJsonText(b(s)), s).toBeUndefined();
  });
  test('a form, a byte order mark, another encoding, nothing', () => {
    expect(notJsonText(b('amount=0.01&from%5Bcard%5D%5Bpan%5D=4400444400004440'))).toMatch(/^it is form-encoded/);
    expect(notJsonText(b('\ufeff{"amount":1}'))).toMatch(/byte order mark/);
    expect(notJsonText(b([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc7, 0xe0, 0x22, 0x7d]))).toMatch(/not UTF-8/); // cp1251
    expect(notJsonText(b(''))).toBe('it is empty');
    expect(notJsonText(b('{"amount":1'))).toMatch(/^it does not parse as JSON/);
  });
});

// An audit: an SDK sending the absolute form (a request line "POST http://host/v5/g2g/create") got
// HTTP 200 from paycert's gateway, which reads the URL's path, while V5-SDK-18 and V5-SDK-01 failed it
// ("the request path is http://…"): the checks cut the target at "?" only. One reading for both now.
test('requestPath: the absolute form names the origin form path; the query is no part of it', () => {
  expect(requestPath('http://127.0.0.1:8080/v5/g2g/create')).toBe('/v5/g2g/create');
  expect(requestPath('/v5/g2g/create?x=1')).toBe('/v5/g2g/create');
  expect(requestPath('/v5/g2g/./create')).toBe('/v5/g2g/create');
  expect(requestPath('/v5/g2g/create/')).toBe('/v5/g2g/create/');
});

// A probe's SDK with a base URL ending in "/" sent //v5/g2g/create, reported as sent to /g2g/create:
// `new URL('//v5/…', base)` reads a target beginning with "//" as a host (v5) and a path.
test('requestPath: an origin-form target beginning with "//" is a path, as sent', () => {
  expect(requestPath('//v5/g2g/create')).toBe('//v5/g2g/create');
  expect(requestPath('//v5/g2g/create?x=1')).toBe('//v5/g2g/create');
  expect(requestPath('http://127.0.0.1:8080//v5/g2g/create')).toBe('//v5/g2g/create');
});
