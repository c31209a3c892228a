// A g2g gateway whose result_url call the suite cannot read, or carries what paycert does not read, is
// judged on what happened (hostile-input probe): a body over 1 MiB or a header block over 16 KiB was
// refused before the listener recorded it, and GL-CB-01 (MUST) failed "result_url was not called after a
// successful payment"; a field named `__proto__[polluted]` was "internal error of paycert"; a full card
// number in pg_card_pan was quoted in the reason, masked by the report's redaction, "… is not masked".
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCheck } from '../../../src/harness/runner.ts';
import { LIMITS, type Subject } from '../../../src/harness/subject.ts';
import { buildXml, salt, sign, type PgMessage } from '../../../src/protocols/greenleaves/index.ts';
import { encodeForm } from '../../../src/protocols/common/form.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { checks } from '../../../suites/greenleaves/index.ts';

type Mode = 'big' | 'headers' | 'proto' | 'full-pan';

let server: http.Server;
let base: string;
let mode: Mode = 'big';
let payment = 7000;

const secret = () => credentials('greenleaves').secretKey;

/** The result_url call of the payment `f`, signed, then spoilt as `mode` says. */
function callBack(f: Record<string, string>, paymentId: string): void {
  const url = new URL(f.pg_result_url!);
  const m: PgMessage = {
    pg_order_id: f.pg_order_id!,
    pg_payment_id: paymentId,
    pg_amount: f.pg_amount!,
    pg_currency: 'KZT',
    pg_net_amount: f.pg_amount!,
    pg_ps_amount: f.pg_amount!,
    pg_ps_full_amount: f.pg_amount!,
    pg_ps_currency: 'KZT',
    pg_description: mode === 'big' ? 'a'.repeat(2 << 20) : 'paycert test order',
    pg_result: '1',
    pg_payment_date: '2024-05-01 12:00:00',
    pg_can_reject: '1',
    ...(mode === 'full-pan' && { pg_card_pan: '4405645000006150' }),
    shop_ref: f.shop_ref ?? '',
    pg_param1: f.pg_param1 ?? '',
    pg_salt: salt(),
  };
  m.pg_sig = sign(url.pathname.split('/').pop()!, m, secret());
  let body = encodeForm(Object.entries(m) as Array<[string, string]>);
  if (mode === 'proto') body = `__proto__[polluted]=1&${body}`;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (mode === 'headers') for (let i = 0; i < 3000; i++) headers[`x-h${i}`] = 'v';
  const req = http.request(url, { method: 'POST', headers }, (res) => res.resume());
  req.on('error', () => {}); // a refusal may cut the upload short
  req.end(body);
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const f = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const id = String(++payment);
      const r: PgMessage = { pg_status: 'ok', pg_payment_id: id, pg_salt: salt() };
      r.pg_sig = sign('payment', r, secret());
      res.writeHead(200, { 'content-type': 'application/xml' }).end(buildXml(r));
      if (f.pg_result_url) setTimeout(() => callBack(f, id), 50);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const judge = async (m: Mode) => {
  mode = m;
  const subject: Subject = {
    profile: 'greenleaves',
    kind: 'gateway',
    target: 'real',
    baseUrl: base,
    capabilities: ['callbacks'],
    limits: { ...LIMITS.real, minIntervalMs: 0, callbackWaitMs: 10_000, quietMs: 500 },
    slow: false,
  };
  const r = await runCheck(
    checks.find((c) => c.id === 'gl.cb.result-call')!,
    subject,
    { seed: 1, plan: 'full' },
  );
  const shown = JSON.stringify([r.ruleOutcomes, r.reason, r.ruleReasons], null, 1);
  if (process.env.SHOW) console.log(shown);
  return { r, shown };
};

describe('gl.cb.result-call on a result_url call the listener does not read', () => {
  test.each([
    ['big', /the POST call to \/cb\/[0-9a-f]{12}\/pay-result came but was not read: its body is over 1 MiB/],
    [
      'headers',
      /the POST call to \/cb\/[0-9a-f]{12}\/pay-result came but was not read: its header block exceeded 16 KiB/,
    ],
  ] as const)('%s: no rule failed, none "not called", every rule inconclusive with the reason', async (m, why) => {
    const { r, shown } = await judge(m);
    expect(r.failures, shown).toEqual([]);
    // every rule about the call; the payment's own reply, judged as it came (GL-SIG-11, GL-TX-02, GL-TX-10), stands
    const onArrival = ['GL-SIG-11', 'GL-TX-02', 'GL-TX-10'];
    const ofCall = r.rules.filter((id) => !onArrival.includes(id));
    expect(
      ofCall.map((id) => r.ruleOutcomes[id]),
      shown,
    ).toEqual(ofCall.map(() => 'inconclusive'));
    for (const id of onArrival) expect(r.ruleOutcomes[id], shown).toBe('passed');
    expect(r.reason, shown).toMatch(why);
    expect(shown).not.toMatch(/not called/);
  });

  test('a field named __proto__[polluted]: inconclusive naming the field, not an internal error of paycert', async () => {
    const { r, shown } = await judge('proto');
    expect(r.failures, shown).toEqual([]);
    expect(r.outcome, shown).toBe('inconclusive');
    expect(r.reason, shown).toMatch(
      /^the subject sent a form paycert does not read: field name "__proto__\[polluted\]" uses the reserved segment "__proto__"/,
    );
    expect(shown).not.toMatch(/internal error/);
  });
});

test('a full card number in pg_card_pan: GL-CB-12 fails with a reason true once the report masks it', async () => {
  const { r, shown } = await judge('full-pan');
  expect(r.ruleOutcomes['GL-CB-12'], shown).toBe('failed');
  const why = r.failures.filter((f) => f.rule === 'GL-CB-12').map((f) => f.message);
  // before: 'pg_card_pan "440564******6150" is not masked', the value masked by the redaction
  expect(why, shown).toContain(
    'pg_card_pan is not masked with X or *: it shows all 16 of its digits (not quoted here: a report masks card numbers)',
  );
  expect(why.join(' '), shown).not.toMatch(/\*{6}/);
});
