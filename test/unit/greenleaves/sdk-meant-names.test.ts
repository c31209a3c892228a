import { describe, expect, test } from 'vitest';
import { decoderName, meantScripts, requestSignature } from '../../../suites/greenleaves/sdk/support.ts';
import { sign, toForm } from '../../../src/protocols/greenleaves/index.ts';
import { encodeForm } from '../../../src/protocols/common/form.ts';
import { recorded } from '../recorded-request.ts';

const SECRET = 's3cr3tKey';
const FIELDS = { pg_merchant_id: '123456', pg_order_id: 'A-1', pg_amount: '500', pg_salt: 'a1b2' };
const sentTo = (path: string, script: string) =>
  recorded(
    encodeForm(toForm({ ...FIELDS, pg_sig: sign(script, FIELDS, SECRET) })),
    'application/x-www-form-urlencoded',
    path,
  );

// A probe's PHP SDK posted to /g2g/payment/ signed for "payment": GL-SDK-01 (MUST) failed 'does not verify
// for script ""' beside GL-SDK-20, one mistake blamed twice.
describe('the script a request was meant for (GL-SDK-01 beside GL-SDK-20, -21)', () => {
  test("a path not the operation's: its last non-empty segment and the documented endpoint", () => {
    expect(meantScripts('payment.create', '/g2g/payment/')).toEqual(['payment']);
    expect(meantScripts('payment.clearing', '/g2g/clearing/')).toEqual(['clearing']);
    expect(meantScripts('status.get', '/g2g/status/')).toEqual(['status', 'status_v2']);
  });

  test("the operation's own path or a classic twin: only the path's script counts", () => {
    expect(meantScripts('payment.create', '/g2g/payment')).toEqual([]);
    expect(meantScripts('payment.create', '/payment.php')).toEqual([]);
  });

  test('/g2g/payment/ signed for "payment" verifies for the script meant; the empty one stays the path\'s', () => {
    const r = sentTo('/g2g/payment/', 'payment');
    expect(requestSignature(r, SECRET).verifies).toBe(false);
    expect(requestSignature(r, SECRET, meantScripts('payment.create', '/g2g/payment/'))).toMatchObject({
      verifies: true,
      script: 'payment',
    });
    // signed for the empty script name of the path sent: as before
    expect(requestSignature(sentTo('/g2g/payment/', ''), SECRET).verifies).toBe(true);
  });

  test("signed for another operation's script: verifies under no candidate", () => {
    const r = sentTo('/g2g/clearing/', 'payment');
    expect(requestSignature(r, SECRET, meantScripts('payment.clearing', '/g2g/clearing/')).verifies).toBe(false);
  });
});

// A probe's PHP SDK read a result_url call with parse_str: GL-SDK-11 said "with those values and names".
describe("decoderName: a field name as PHP's $_POST and parse_str read it (GL-SDK-11)", () => {
  test('"." and " " read as "_", blanks at the start dropped', () => {
    expect(decoderName('Параметры мерчанта')).toBe('Параметры_мерчанта');
    expect(decoderName('shop.ref')).toBe('shop_ref');
    expect(decoderName(' a.b')).toBe('a_b');
  });

  test('a name read as given is undefined', () => {
    expect(decoderName('shop_note')).toBeUndefined();
    expect(decoderName('pg_sig')).toBeUndefined();
  });
});
