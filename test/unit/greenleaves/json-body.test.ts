import { describe, expect, test } from 'vitest';
import { fromForm, isJsonMedia, jsonPairs, sign, toForm, verify } from '../../../src/protocols/greenleaves/index.ts';
import { FORM_LIMITS } from '../../../src/protocols/common/form.ts';
import { requestFields, undocumentedBody } from '../../../suites/greenleaves/sdk/support.ts';
import type { Recorded } from '../../../src/harness/recorder.ts';

const recorded = (text: string, type?: string): Recorded => ({
  at: 0,
  method: 'POST',
  path: '/g2g/payment',
  headers: type ? { 'content-type': type } : {},
  body: Buffer.from(text),
  text,
});

describe('a JSON body read as the form fields it names (GL-SDK-12)', () => {
  test('JSON media types, parameters ignored; others not', () => {
    for (const t of ['application/json', 'Application/JSON; charset=utf-8', 'text/json', 'application/vnd.api+json'])
      expect(isJsonMedia(t), t).toBe(true);
    for (const t of [
      undefined,
      '',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'text/plain; a=json',
      'application/jsonp',
    ])
      expect(isJsonMedia(t), String(t)).toBe(false);
  });

  test('nested objects and arrays in bracket notation; scalars as a PHP string cast gives them', () => {
    const pairs = jsonPairs(
      '{"pg_amount":100.5,"pg_testing_mode":true,"pg_x":false,"pg_n":null,"pg_receipt_positions":[{"name":"Чай","count":2}]}',
    );
    expect(pairs).toEqual([
      ['pg_amount', '100.5'],
      ['pg_testing_mode', '1'],
      ['pg_x', ''],
      ['pg_n', ''],
      ['pg_receipt_positions[0][name]', 'Чай'],
      ['pg_receipt_positions[0][count]', '2'],
    ]);
  });

  test('a message signed as JSON verifies over the fields read back, as its form would', () => {
    const m = {
      pg_merchant_id: '123456',
      pg_amount: '500',
      pg_receipt_positions: [{ name: 'a', count: '1' }],
      pg_salt: 's',
    };
    const signed = { ...m, pg_sig: sign('payment', m, 'k') };
    const back = requestFields(recorded(JSON.stringify(signed), 'application/json'));
    expect(verify('payment', back, 'k', signed.pg_sig)).toBe(true);
    expect(back).toEqual(fromForm(toForm(signed)));
  });

  test('not a JSON object, too deep or too many values: nothing read', () => {
    for (const text of ['[1,2]', '"x"', '12', 'null', '{', '']) expect(jsonPairs(text), text).toBeUndefined();
    expect(jsonPairs(`{"a":${'['.repeat(40)}1${']'.repeat(40)}}`)).toBeUndefined();
    const many = Object.fromEntries(Array.from({ length: FORM_LIMITS.fields + 1 }, (_, i) => [`f${i}`, 'v']));
    expect(jsonPairs(JSON.stringify(many))).toBeUndefined();
    // a deep document is refused before any recursion could exhaust the stack
    expect(jsonPairs(`{"a":${'['.repeat(200_000)}${']'.repeat(200_000)}}`)).toBeUndefined();
  });

  test('__proto__ in a JSON body is a field name, never a prototype', () => {
    const pairs = jsonPairs('{"__proto__":{"polluted":"1"},"pg_a":"x"}');
    expect(pairs).toEqual([
      ['__proto__[polluted]', '1'],
      ['pg_a', 'x'],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // the form reader refuses the reserved name: the request's fields are then unreadable, not polluted
    expect(() => fromForm(pairs!)).toThrow();
  });

  test('GL-SDK-12 judges the body type of a POST: form fields and no body pass, JSON and a bare XML document do not', () => {
    expect(undocumentedBody(recorded('a=1', 'application/x-www-form-urlencoded; charset=utf-8'))).toBeUndefined();
    expect(undocumentedBody(recorded('--x--', 'multipart/form-data; boundary=x'))).toBeUndefined();
    expect(undocumentedBody(recorded(''))).toBeUndefined();
    expect(undocumentedBody(recorded('{"a":"1"}', 'application/json'))).toMatch(
      /application\/json \(JSON\), not as form fields/,
    );
    expect(undocumentedBody(recorded('<request/>', 'application/xml'))).toMatch(
      /application\/xml \(the XML of pg_xml without the form field\), not as form fields/,
    );
    expect(undocumentedBody(recorded('a=1'))).toMatch(/\(none given\)/);
  });
});
