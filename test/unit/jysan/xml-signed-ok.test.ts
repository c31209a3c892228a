// An XML request signed by the documented formula and refused with 21 (xmlSignedOk): a gateway
// comparing with uppercase hex refuses PHP's lowercase digest in every operation (the Perl outsider's
// uc_hex). The same request taken in uppercase is JY-SIG-06's fault, not the operation's formula
// rule; a cancel is sent again only when its order shows nothing was done (no refund twice).
import { expect, test } from 'vitest';
import { xmlSignedOk, type Ctx } from '../../../suites/jysan/support.ts';
import { Inconclusive } from '../../../src/harness/outcome.ts';
import { decodeForm } from '../../../src/protocols/jysan/index.ts';
import { readXml } from '../../../src/sdk/jysan.ts';
import type { Request, Response } from '../../../src/sdk/transport.ts';

class Failed extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

const xml = (body: string): Response => {
  const text = `<?xml version="1.0" encoding="UTF-8"?><result>${body}</result>`;
  return { status: 200, headers: { 'content-type': 'text/xml' }, text, body: new TextEncoder().encode(text) };
};
const BAD = xml('<code>21</code><description>Signature is invalid!</description>');
const op = (status: string, revMax: string) =>
  xml(
    `<code>0</code><description>ok</description><operation><status>${status}</status><amount>1000</amount><currency>KZT</currency><rev_max_amount>${revMax}</rev_max_amount></operation>`,
  );

/** A gateway taking P_SIGN in uppercase only; `state`: its status answer for the order. */
function gateway(state: Response) {
  const sent: Array<Record<string, string>> = [];
  const send = async (r: Request): Promise<Response> => {
    const f = decodeForm(new URLSearchParams(r.form ?? []).toString());
    sent.push(f);
    if (f.P_SIGN !== f.P_SIGN!.toUpperCase()) return BAD;
    if (f.GETSTATUS) return state;
    return xml('<code>0</code><description>ok</description>');
  };
  const t = {
    subject: { target: 'reference', baseUrl: 'http://gw.test' },
    credentials: { merchant: 'TEST_ECOM', terminal: 'WEB10004', sharedSecret: 'k' },
    http: { send },
    check: { rules: ['JY-REV-01', 'JY-SIG-13'] },
    require: (rule: string, ok: boolean, msg: string) => {
      if (!ok) throw new Failed(rule, msg);
    },
    fail: (rule: string, msg: string) => {
      throw new Failed(rule, msg);
    },
    inconclusive: (msg: string) => {
      throw new Inconclusive(msg);
    },
  } as unknown as Ctx;
  return { t, sent };
}

const cancel = { ORDER: '1234567', MERCHANT: 'TEST_ECOM', REV_AMOUNT: '400', REV_DESC: 'x', P_SIGN: 'ab12cd' };
const cancels = (sent: Array<Record<string, string>>) => sent.filter((f) => f.REV_AMOUNT !== undefined);

test('a cancel refused with 21, its order showing nothing refunded: sent again in uppercase, taken: JY-SIG-06 named, not JY-SIG-13', async () => {
  const { t, sent } = gateway(op('S', '1000'));
  const e = await xmlSignedOk(t, 'cancel', cancel, readXml(BAD), 'cancel 400').catch((x: unknown) => x);
  expect(e).toBeInstanceOf(Inconclusive);
  expect((e as Error).message).toMatch(
    /the same cancel in uppercase is not .*\(JY-SIG-06, judged by jy\.kat\.vectors\)/,
  );
  expect(cancels(sent).map((f) => f.P_SIGN)).toEqual(['AB12CD']);
});

test('its order showing a refund already: the cancel is not sent again; the status taken in uppercase only names JY-SIG-06', async () => {
  const { t, sent } = gateway(op('S', '600'));
  const e = await xmlSignedOk(t, 'cancel', cancel, readXml(BAD), 'cancel 400').catch((x: unknown) => x);
  expect(e).toBeInstanceOf(Inconclusive);
  expect((e as Error).message).toMatch(
    /a status of the same ORDER is taken in uppercase hex, not in lowercase .*the cancel is not sent again/,
  );
  expect(cancels(sent)).toEqual([]);
});

test('refused in uppercase too: the formula rule fails, as before', async () => {
  const { t } = gateway(op('S', '1000'));
  const send = (t as unknown as { http: { send: (r: Request) => Promise<Response> } }).http;
  const inner = send.send;
  send.send = async (r) => (new URLSearchParams(r.form ?? []).get('REV_AMOUNT') ? BAD : inner(r));
  const e = await xmlSignedOk(t, 'cancel', cancel, readXml(BAD), 'cancel 400').catch((x: unknown) => x);
  expect(e).toBeInstanceOf(Failed);
  expect((e as Failed).rule).toBe('JY-SIG-13');
});

test('a status refused with 21 is sent again in uppercase (it only reads); the check citing JY-SIG-06 fails it', async () => {
  const { t, sent } = gateway(op('S', '1000'));
  (t as unknown as { check: { rules: string[] } }).check.rules = ['JY-SIG-06', 'JY-SIG-11'];
  const status = { ORDER: '1234567', MERCHANT: 'TEST_ECOM', GETSTATUS: '1', P_SIGN: 'ab12cd' };
  const e = await xmlSignedOk(t, 'status', status, readXml(BAD), 'status').catch((x: unknown) => x);
  expect(e).toBeInstanceOf(Failed);
  expect((e as Failed).rule).toBe('JY-SIG-06');
  expect(sent.map((f) => f.P_SIGN)).toEqual(['AB12CD']);
});
