// A probe's Jysan SDK (Python, /tmp/probe-jysan-sdk in the report) found, against jy.sdk.payment-form and
// jy.sdk.status-cancel: a MUST failed for what seed 002 does not forbid (AMOUNT 1500.500, CURRENCY 398), an
// SDK writing another amount than the order's certified, optional signed fields never generated (EMAIL and
// BACKREF swapped in P_SIGN, DESC_ORDER signed with its CR/LF: certified), signature failures that never said
// what was expected, and a cancel sending AMOUNT for REV_AMOUNT blamed on P_SIGN alone. The same mistakes in
// a small Node adapter (BUG=…), each judged as a real SDK (sdk-judge.ts); every case was red before.
import { describe, expect, test } from 'vitest';
import { judgeSdk, judged, shown } from './sdk-judge.ts';
import { secretValues } from '../../src/spec/credentials.ts';

const ADAPTER = String.raw`
const { createHash, randomInt } = require('node:crypto');
const BUG = process.env.BUG || '';
const SIGNED = ['ORDER','AMOUNT','CURRENCY','MERCHANT','TERMINAL','NONCE','CLIENT_ID','DESC','DESC_ORDER','EMAIL','BACKREF','Ucaf_Flag','Ucaf_Authentication_Data'];
const strip = (s) => s.replace(/[\r\n]/g, '');
const sha = (secret, base) => createHash('sha512').update(secret + base, 'utf8').digest('hex');
function form(c, gw, given) {
  const f = { MERCHANT: c.merchant, TERMINAL: c.terminal, ...given, NONCE: String(randomInt(1e9, 2 ** 47)) };
  if (BUG === 'three_decimals') f.AMOUNT = Number(f.AMOUNT).toFixed(3);
  if (BUG === 'numeric_currency' && f.CURRENCY === 'KZT') f.CURRENCY = '398';
  if (BUG === 'amount_int') f.AMOUNT = String(Math.trunc(Number(f.AMOUNT)));
  if (BUG === 'drop_email') delete f.EMAIL;
  if (BUG === 'desc_cut') f.DESC = f.DESC.slice(0, 5);
  const names = [...SIGNED];
  if (BUG === 'swap_email_backref') names.splice(9, 2, 'BACKREF', 'EMAIL');
  const base = names.map((n) => {
    const v = f[n] ?? '';
    return (n === 'DESC' || (n === 'DESC_ORDER' && BUG !== 'keep_crlf_order') ? strip(v) : v) + ';';
  }).join('');
  f.P_SIGN = sha(c.sharedSecret, base);
  return { action: gw.replace(/\/+$/, '') + '/ecom/api', method: 'POST', fields: f };
}
async function post(gw, fields) {
  const r = await fetch(gw.replace(/\/+$/, '') + '/ecom/api', { method: 'POST', body: new URLSearchParams(fields) });
  const text = await r.text();
  const code = /<code>\s*(\d+)\s*<\/code>/.exec(text)?.[1];
  if (code === undefined) throw Object.assign(new Error('no code'), { kind: 'transport' });
  if (code !== '0') throw Object.assign(new Error('refused'), { kind: 'rejected', code });
  return { code, description: '', operation: {} };
}
async function handle(r) {
  const c = r.credentials;
  if (r.op === 'payment.form') return form(c, r.gateway, r.input.fields);
  if (r.op === 'status.get') {
    const f = { ORDER: r.input.order, MERCHANT: c.merchant, GETSTATUS: '1' };
    f.P_SIGN = sha(c.sharedSecret, f.ORDER + ';' + f.MERCHANT);
    return post(r.gateway, f);
  }
  if (r.op === 'payment.cancel') {
    const amountName = BUG === 'rev_amount_field' ? 'AMOUNT' : 'REV_AMOUNT';
    const f = { ORDER: r.input.order, MERCHANT: c.merchant, [amountName]: r.input.amount, REV_DESC: r.input.description || 'Refund' };
    f.P_SIGN = sha(c.sharedSecret, [f.ORDER, f.MERCHANT, r.input.amount, strip(f.REV_DESC)].map((v) => v + ';').join(''));
    return post(r.gateway, f);
  }
  throw Object.assign(new Error(r.op), { kind: 'unsupported' });
}
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const r = JSON.parse(line);
  handle(r).then(
    (output) => process.stdout.write(JSON.stringify({ id: r.id, ok: true, output }) + '\n'),
    (e) => process.stdout.write(JSON.stringify({ id: r.id, ok: false, error: { kind: e.kind || 'transport', message: e.message, ...(e.code ? { code: e.code } : {}) } }) + '\n'),
  );
});`;

const judge = (bug: string, check: string) =>
  judgeSdk('jysan', ['env', `BUG=${bug}`, process.execPath, '-e', ADAPTER], [check]);
const reason = (rules: Array<{ id: string; reason: string }>, id: string) => rules.find((r) => r.id === id)!.reason;

describe('jysan sdk: the form is judged on what the seed states, and on the order it was given', () => {
  test('the clean adapter passes', async () => {
    const rules = await judge('', 'jy.sdk.payment-form');
    expect(judged(rules, 'failed', 'warning', 'inconclusive'), shown(rules)).toEqual([]);
  });

  // seed 002: "AMOUNT Да N(1 - 13) Сумма заказа, разделитель - точка", "CURRENCY Да C(3) Валюта заказа (ISO 4217,
  // например KZT)": two decimals and the alphabetic code are our inference (JY-SDK-14), not JY-SDK-09's MUST
  test('numeric_currency warns on JY-SDK-14 only, never fails JY-SDK-09', async () => {
    const rules = await judge('numeric_currency', 'jy.sdk.payment-form');
    expect(judged(rules, 'failed', 'inconclusive'), shown(rules)).toEqual([]);
    expect(judged(rules, 'warning'), shown(rules)).toEqual(['JY-SDK-14']);
    expect(reason(rules, 'JY-SDK-14')).toContain('CURRENCY "398" is not the alphabetic ISO 4217 code');
  });

  // the orders' amounts go up to 13 digits (1234567890123): written with three decimals that one is longer than
  // the table's N(1 - 13), JY-SDK-09's for its length; its decimals stay JY-SDK-14's
  test('three_decimals warns on JY-SDK-14 for its decimals; JY-SDK-09 fails only for a length past N(1 - 13)', async () => {
    const rules = await judge('three_decimals', 'jy.sdk.payment-form');
    expect(judged(rules, 'inconclusive'), shown(rules)).toEqual([]);
    expect(judged(rules, 'failed'), shown(rules)).toEqual(['JY-SDK-09']);
    expect(judged(rules, 'warning'), shown(rules)).toEqual(['JY-SDK-14']);
    expect(reason(rules, 'JY-SDK-14')).toContain('"1500.500" has more than two decimals');
    expect(reason(rules, 'JY-SDK-09')).toMatch(/the first: AMOUNT is longer than 13 characters/);
    expect(reason(rules, 'JY-SDK-09')).not.toMatch(/decimals/);
  });

  test('an AMOUNT in whole units for an order of 1500.50 fails JY-SDK-15', async () => {
    const rules = await judge('amount_int', 'jy.sdk.payment-form');
    expect(judged(rules, 'failed', 'warning'), shown(rules)).toEqual(['JY-SDK-15']);
    expect(reason(rules, 'JY-SDK-15')).toMatch(/AMOUNT "1500\.50" became "1500"/);
  });

  test.each([['drop_email'], ['desc_cut']])('%s warns on JY-SDK-16', async (bug) => {
    const rules = await judge(bug, 'jy.sdk.payment-form');
    expect(judged(rules, 'failed', 'warning'), shown(rules)).toEqual(['JY-SDK-16']);
  });

  // the optional signed fields are generated: a signer that swaps two of them, or keeps DESC_ORDER's CR/LF, fails
  // JY-SDK-01, and the reason shows the base string expected, the secret named but never written
  test.each([
    ['swap_email_backref', ';Buyer.Name@Example.kz;https://shop.example.kz/result?order=18&lang=ru;'],
    // the base string is quoted as JSON: its '"' escaped
    ['keep_crlf_order', ';Товар 1: 2 шт.Товар \\"2\\" <XL>: 1 шт.; 5% + #7 & Ко;'],
  ])('%s fails JY-SDK-01 with the expected base string', async (bug, part) => {
    const rules = await judge(bug, 'jy.sdk.payment-form');
    expect(judged(rules, 'failed'), shown(rules)).toEqual(['JY-SDK-01']);
    const why = reason(rules, 'JY-SDK-01');
    expect(why).toContain('expected sha512(SHARED_SECRET + "');
    expect(why).toContain(part);
    for (const s of secretValues()) expect(why).not.toContain(s);
  });
});

describe('jysan sdk: a cancel without REV_AMOUNT', () => {
  // the request's own form, without REV_AMOUNT, is JY-SDK-21's (the gateway's cancel-request schema)
  test('JY-SDK-03 names the missing field and the name it was sent under; JY-SDK-21 warns of it', async () => {
    const rules = await judge('rev_amount_field', 'jy.sdk.status-cancel');
    expect(judged(rules, 'failed', 'warning'), shown(rules)).toEqual(['JY-SDK-03', 'JY-SDK-21']);
    expect(reason(rules, 'JY-SDK-21')).toContain('REV_AMOUNT is required');
    const why = reason(rules, 'JY-SDK-03');
    expect(why).toContain('carries no REV_AMOUNT but AMOUNT');
    expect(why).toContain('expected sha512(SHARED_SECRET + "');
    expect(why).toContain('it verifies with AMOUNT as REV_AMOUNT');
  });
});
