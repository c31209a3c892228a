import { describe, expect, test } from 'vitest';
import { test as prop, fc } from '@fast-check/vitest';
import {
  encodeMultipart,
  FORM_LIMITS,
  FormError,
  parseFormBody,
  parseMultipart,
  type ScanMeter,
} from '../../../src/protocols/common/form.ts';
import { cpuMsSince } from '../../cpu-time.ts';

const CT = 'multipart/form-data; boundary=XyZ';

/** One part holding many `name="` headers and not ending in CRLF: a backtracking regex retries
 *  from every `name="` and scans to the end each time (quadratic: about 4 s for 350 KB). */
function pathological(bytes: number): string {
  const unit = 'name=""\r\n\r\n';
  return `--XyZ\r\nContent-Disposition: form-data; ${unit.repeat(Math.ceil(bytes / unit.length))}x`;
}

describe('multipart parser', () => {
  test('reads the fields the encoder writes, in order, with CRLF and boundary-like text inside values', () => {
    const pairs: Array<[string, string]> = [
      ['pg_order_id', '42'],
      ['pg_description', 'a\r\nb --XyZ c'],
      ['empty', ''],
      ['utf', 'Заказ №1'],
    ];
    expect(parseMultipart(encodeMultipart(pairs, 'XyZ'), CT)).toEqual(pairs);
    expect(parseMultipart(Buffer.from(encodeMultipart(pairs, 'XyZ')), 'multipart/form-data; boundary="XyZ"')).toEqual(
      pairs,
    );
  });

  test('a 350 KB pathological body is parsed in one forward pass (bytes examined ≤ 2 × size)', () => {
    const body = pathological(350_000);
    const meter: ScanMeter = { scanned: 0 };
    const started = process.cpuUsage();
    expect(parseMultipart(body, CT, meter)).toEqual([]);
    expect(meter.scanned).toBeGreaterThan(0);
    expect(meter.scanned).toBeLessThanOrEqual(2 * Buffer.byteLength(body));
    // the backtracking parser took about 15 s on this body; a linear one needs milliseconds
    expect(cpuMsSince(started)).toBeLessThan(2000);
  });

  prop.prop([fc.array(fc.tuple(fc.stringMatching(/^[a-z_]{1,12}$/), fc.string({ maxLength: 40 })), { maxLength: 30 })])(
    'work stays linear and fields round-trip for any fields',
    (pairs) => {
      const body = encodeMultipart(pairs, 'XyZ');
      const meter: ScanMeter = { scanned: 0 };
      const got = parseMultipart(body, CT, meter);
      expect(meter.scanned).toBeLessThanOrEqual(2 * Buffer.byteLength(body) + 8);
      if (pairs.every(([, v]) => !v.includes('\r\n--XyZ'))) expect(got).toEqual(pairs);
    },
  );

  test('more fields than the limit are refused, for multipart and urlencoded bodies', () => {
    const many = Array.from({ length: FORM_LIMITS.fields + 1 }, (_, i): [string, string] => [`f${i}`, 'x']);
    expect(() => parseMultipart(encodeMultipart(many, 'XyZ'), CT)).toThrow(FormError);
    expect(() => parseFormBody(new URLSearchParams(many).toString(), 'application/x-www-form-urlencoded')).toThrow(
      FormError,
    );
    expect(
      parseFormBody(new URLSearchParams(many.slice(1)).toString(), 'application/x-www-form-urlencoded'),
    ).toHaveLength(FORM_LIMITS.fields);
  });

  test('oversized part headers are refused', () => {
    const body = `--XyZ\r\nContent-Disposition: form-data; name="a"\r\nX-Pad: ${'p'.repeat(FORM_LIMITS.headerBytes)}\r\n\r\nv\r\n--XyZ--\r\n`;
    expect(() => parseMultipart(body, CT)).toThrow(FormError);
  });
});
