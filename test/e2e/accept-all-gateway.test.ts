// A "gateway" that answers every request with the same acceptance, whatever it is sent (a mock left in
// front of a test domain, a misrouted stub): it verifies no signature, so a rule about how the gateway
// verifies (which bytes it hashes) is never passed on its acceptances. Each such check pairs the
// acceptance with the same request signed wrongly, which must be refused for the acceptance to count.
// And the other way round, one that refuses everything: a rule that something is refused (and with
// which code) is never passed on its refusals, which count only beside an accepted control.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { judgeGateway } from './judge-gateway.ts';
import { CHECKS } from '../../suites/registry.ts';
import type { ProfileId } from '../../src/spec/paths.ts';
import { startReference } from '../../src/harness/reference.ts';
import { scriptName, sign } from '../../src/protocols/greenleaves/signature.ts';
import { credentials } from '../../src/spec/credentials.ts';
import { generateCardKeyPair } from '../../src/protocols/jysan/card.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPLIES = {
  greenleaves: [
    'application/xml',
    '<?xml version="1.0" encoding="utf-8"?><response><pg_status>ok</pg_status><pg_payment_id>1</pg_payment_id><pg_redirect_url>http://127.0.0.1:1/x</pg_redirect_url><pg_salt>a</pg_salt><pg_sig>00000000000000000000000000000000</pg_sig></response>',
  ],
  'greenleaves-v5': [
    'application/json',
    '{"id":"01a23ebb-2275-7004-8b01-a4192d7f6fd7","order_id":"x","status":"success","amount":1,"currency":"KZT"}',
  ],
  jysan: [
    'application/xml',
    '<?xml version="1.0" encoding="utf-8"?><result><code>0</code><description>ok</description></result>',
  ],
  // an acceptance with nothing else: no payment id, no signature (gl.rec.signature once sent its next
  // request with an undefined pg_payment_id and ended in an internal error)
  'greenleaves-bare': [
    'application/xml',
    '<?xml version="1.0" encoding="utf-8"?><response><pg_status>ok</pg_status></response>',
  ],
} as const;

const servers: Server[] = [];
const urls: Record<string, string> = {};
beforeAll(async () => {
  for (const [profile, [type, body]] of Object.entries(REPLIES)) {
    const s = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': type }).end(body));
    });
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    servers.push(s);
    urls[profile] = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  }
});
afterAll(() => {
  for (const s of servers) s.close();
});

test('g2g: a Cyrillic request accepted beside its Latin-1-signed twin does not pass GL-SIG-08 (UTF-8 hashing)', async () => {
  const v = await judgeGateway('greenleaves', urls.greenleaves!, ['gl.sig.utf8', 'gl.sig.tamper-any-field']);
  expect(v.said('GL-SIG-08')).toMatch(
    /^GL-SIG-08 inconclusive: .*accepted, and so was the same request signed over Latin-1 bytes \(pg_status=ok\): which bytes the gateway hashes is not shown/,
  );
  expect(v.verdict('GL-SIG-04')).toBe('failed');
});

test('v5: a body accepted in any layout beside its re-serialised twin does not pass V5-JWS-06 (the bytes verified)', async () => {
  const v = await judgeGateway('greenleaves-v5', urls['greenleaves-v5']!, ['v5.jws.exact-body-bytes']);
  expect(v.said('V5-JWS-06')).toMatch(
    /^V5-JWS-06 inconclusive: .*was processed, and so was the same body signed compact and sent .*: which bytes are verified is not shown/,
  );
  expect(v.verdict('V5-JWS-07')).toBe('failed');
});

// V5-JWS-01/02 (the detached form and the header layout are what is taken) were passed on the
// acceptance alone, and on paycert's own token besides; they need a wrongly signed request refused
test('v5: a token taken beside tokens signed wrongly does not pass V5-JWS-01/02 (its form)', async () => {
  const v = await judgeGateway('greenleaves-v5', urls['greenleaves-v5']!, ['v5.jws.accepted']);
  for (const id of ['V5-JWS-01', 'V5-JWS-02'])
    expect(v.said(id)).toMatch(new RegExp(`^${id} inconclusive: .*and so was every one signed wrongly`));
  expect(v.verdict('V5-JWS-04')).toBe('failed');
});

// every check of each profile against such a gateway: each ends in a verdict of its own, never in an
// internal error of paycert (a field the reply left out, read as if it were there)
test.concurrent.each([
  ['greenleaves', 'greenleaves-bare'],
  ['greenleaves', 'greenleaves'],
  ['greenleaves-v5', 'greenleaves-v5'],
  ['jysan', 'jysan'],
] as const)(
  '%s: every check against an accept-all gateway (%s) ends in a verdict, no internal error',
  async (profile, server) => {
    const ids = CHECKS[profile as ProfileId].filter((c) => c.subject === 'gateway').map((c) => c.id);
    const v = await judgeGateway(profile, urls[server]!, ids, { callbackWaitMs: 300, quietMs: 300 });
    expect(v.rules.filter((r) => /internal error/.test(String(r.reason))).map((r) => `${r.id}: ${r.reason}`)).toEqual(
      [],
    );
    // and it is not certified: its acceptances of forged and invalid requests fail rules, or (Jysan, whose
    // payment requests want a page, not XML) leave them unjudged
    expect(v.rules.filter((r) => r.verdict === 'failed' || r.verdict === 'inconclusive').length).toBeGreaterThan(5);
  },
);

// the reference gateway, but card/init answered by a bare acceptance (a stub on that one path): the
// check that then pays by CVC had sent pg_payment_id undefined and ended in an internal error
test('g2g: card/init accepted without a pg_payment_id leaves gl.rec.signature inconclusive, no internal error', async () => {
  const h = await startReference('greenleaves', 'gateway');
  const stub = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (/\/card\/init$/.test(req.url ?? '')) {
        res.writeHead(200, { 'content-type': REPLIES['greenleaves-bare'][0] }).end(REPLIES['greenleaves-bare'][1]);
        return;
      }
      const up = await fetch(`${h.url}${req.url}`, {
        method: req.method,
        headers: { 'content-type': String(req.headers['content-type'] ?? '') },
        body: req.method === 'GET' ? undefined : Buffer.concat(chunks),
      });
      res
        .writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? '' })
        .end(Buffer.from(await up.arrayBuffer()));
    });
  });
  await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r));
  try {
    const v = await judgeGateway('greenleaves', `http://127.0.0.1:${(stub.address() as AddressInfo).port}`, [
      'gl.rec.signature',
    ]);
    expect(v.said('GL-SIG-03')).toMatch(
      /^GL-SIG-03 inconclusive: .*card\/init was accepted without a pg_payment_id: pg_status=ok/,
    );
  } finally {
    stub.close();
    await h.close();
  }
});

// The other way round: a g2g "gateway" refusing every request with the same signed error. Its refusals
// of a declining card, of the wrong script names and of an unknown payment passed GL-PAY-04, GL-TX-08
// and GL-OPS-02: each counts now only where its control (the same payment with a card that authorises,
// the right script name, the shop's own payment) is accepted. What it shows of its error replies stands.
test('g2g: a gateway refusing everything passes no rule about what it refuses, only about its error replies', async () => {
  // 600, not a code a bad signature may get: 101 is one (like 1100 and 9998, digest open question 3),
  // and a refusal with it reads as a refusal of paycert's signature, which leaves the checks inconclusive
  const stub = signedG2gStub({ pg_status: 'error', pg_error_code: '600', pg_error_description: 'Refused' });
  await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
    const ids = CHECKS.greenleaves.filter((c) => c.subject === 'gateway').map((c) => c.id);
    const v = await judgeGateway('greenleaves', url, ids, { callbackWaitMs: 300, quietMs: 300 });
    // its replies: XML with HTTP 200 under <response>, labelled XML (GL-TX-10), signed with a salt of their own
    // (every one verifies: GL-SIG-11, judged on each as it arrives), with the error fields
    expect(v.rules.filter((r) => r.verdict === 'passed').map((r) => r.id)).toEqual([
      'GL-TX-02',
      'GL-TX-03',
      'GL-TX-06',
      'GL-TX-10',
      'GL-SIG-11',
      'GL-SIG-14',
      'GL-SIG-15',
      'GL-SIG-16',
      // no reply shows the card number sent (judged on each reply of the checks that send one)
      'GL-PAY-12',
      'GL-ERR-02',
    ]);
    // their pg_status (error) is a documented word, but gl.flow.one-step ended at GL-PAY-01's failure before
    // it read the status_v2 reply: GL-TX-09 is not judged on every reply it cites, so not passed, never failed
    expect(v.said('GL-TX-09')).toMatch(
      /^GL-TX-09 inconclusive: .*stopped at the failure of GL-PAY-01 before judging GL-TX-09/,
    );
    expect(v.said('GL-PAY-04')).toMatch(/^GL-PAY-04 inconclusive: .*a card that authorises was refused too/);
    // (the last file's reason: revoke.php had no payment to work on, the others' right names were refused)
    expect(v.said('GL-TX-08')).toMatch(/^GL-TX-08 inconclusive: .*(?:was not accepted either|no payment to work on)/);
    expect(v.said('GL-OPS-02')).toMatch(/^GL-OPS-02 inconclusive: .*the shop's own payment was not accepted/);
    expect(v.said('GL-SIG-13')).toMatch(
      /^GL-SIG-13 inconclusive: .*the shop's own correctly signed request was refused too/,
    );
  } finally {
    stub.close();
  }
});

// v5's: every request answered 400 with the same error. Its refusals of GET, PUT, DELETE and PATCH
// passed V5-URL-04 (POST only); now that refusal counts only beside a POSTed create that is processed
test('v5: a gateway refusing everything passes no rule but the reply-header ones', async () => {
  const stub = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = req.headers['x-request-id'];
      res
        .writeHead(400, {
          'content-type': 'application/json; charset=utf-8',
          'x-datetime': new Date().toISOString(),
          'x-request-status': 'error',
          ...(typeof id === 'string' ? { 'x-request-id': id } : {}),
        })
        .end('{"error":{"code":1000,"name":"refused","message":{"en":"Refused.","ru":"Отказано."}}}');
    });
  });
  await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
    const ids = CHECKS['greenleaves-v5'].filter((c) => c.subject === 'gateway').map((c) => c.id);
    const v = await judgeGateway('greenleaves-v5', url, ids, { callbackWaitMs: 300, quietMs: 300 });
    // the reply-header rules hold for every reply, "processed or refused by the API": its refusals carry
    // the documented headers, and nothing else is shown to hold
    expect(
      v.rules.filter((r) => r.verdict === 'passed' && !r.id.startsWith('V5-RSP-')).map((r) => r.id),
      v.out,
    ).toEqual([]);
    expect(v.said('V5-URL-04')).toMatch(/^V5-URL-04 inconclusive: .*control request \(a create\) was refused too/);
  } finally {
    stub.close();
  }
});

// Jysan's: every payment answered with the error page of code 99, every XML operation with <code>99</code>.
// Its 99 for an unknown MERCHANT, AMOUNT 0 or a tampered request was judged as the code those got
// (warned, or failed JY-SIG-07 and JY-ERR-09 as signature faults), LANGUAGE=ru refused failed JY-PAY-07,
// and paycert's own signer passed JY-SIG-06. Now a refusal and its code count only where a plain
// payment is taken; what remains is the formula refused (JY-SIG-01, JY-PAY-16) and its pages' own form.
test('jysan: a gateway refusing everything fails the formula and its message template, no aspect of them', async () => {
  const stub = jysanStub(
    '<result><code>99</code><description>Ошибка</description></result>',
    '<div id="error" data-code="99"><p>Код ошибки: <span id="code">99</span></p><p id="message">Ошибка.</p></div>',
  );
  await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
    const ids = CHECKS.jysan.filter((c) => c.subject === 'gateway').map((c) => c.id);
    const v = await judgeGateway('jysan', url, ids, { callbackWaitMs: 300, quietMs: 300 });
    const of = (verdict: string) => v.rules.filter((r) => r.verdict === verdict).map((r) => r.id);
    expect(of('failed'), v.out).toEqual(['JY-SIG-01', 'JY-PAY-16', 'JY-ERR-01']);
    // payments get HTML and the XML operations XML; the error page shows its code and message
    expect(of('passed'), v.out).toEqual(['JY-PAY-17', 'JY-PAY-19']);
    // that it sends the payer nowhere is no warning of JY-RED-04: none of its refusals is shown to come
    // after the signature is verified (a wrong P_SIGN gets the same 99), and a bank may send nothing to a
    // BACKREF it cannot authenticate (probe 21)
    expect(of('warning'), v.out).toEqual([]);
    expect(v.out).toMatch(
      /^JY-RED-04 inconclusive: .*no refusal paycert provokes comes after the signature is verified/m,
    );
    expect(v.out).toMatch(/^JY-ERR-\d+ inconclusive: jy\.err\.[a-z-]+: .*and so is a plain payment request/m);
  } finally {
    stub.close();
  }
});

/** A g2g "gateway" answering every request with these fields (or those `answer` gives for the request's
 *  form and the called script name), pg_salt and a pg_sig made with the called script name and the
 *  merchant's secret (as a real gateway signs). */
function signedG2gStub(
  answer: Record<string, string> | ((form: Record<string, string>, script: string) => Record<string, string>),
): Server {
  const { secretKey } = credentials('greenleaves');
  let n = 0;
  return createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const script = scriptName(req.url ?? '/');
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(parts).toString('latin1')));
      const f = { ...(typeof answer === 'function' ? answer(form, script) : answer), pg_salt: `s${++n}` };
      const sig = sign(script, f, secretKey);
      const xml = Object.entries({ ...f, pg_sig: sig }).map(([k, v]) => `<${k}>${v}</${k}>`);
      res.writeHead(200, { 'content-type': 'application/xml' }).end(`<response>${xml.join('')}</response>`);
    });
  });
}

// A classic endpoint that refuses what is signed with its own file name and takes what is signed
// otherwise: its right name refused leaves the wrong names' refusals unjudged, but a wrong name taken
// breaks GL-TX-08 all the same
test('g2g: init_payment.php taking a request signed without ".php" warns GL-TX-08 (INFERRED) though it refuses the right name', async () => {
  const { secretKey } = credentials('greenleaves');
  const stub = signedG2gStub((form, script): Record<string, string> =>
    form.pg_sig === sign(script, form, secretKey)
      ? { pg_status: 'error', pg_error_code: '600', pg_error_description: 'Refused' } // not a bad-signature code
      : { pg_status: 'ok', pg_payment_id: '1001', pg_redirect_url: 'http://127.0.0.1:1/x' },
  );
  await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
    const v = await judgeGateway('greenleaves', url, ['gl.tx.classic']);
    expect(v.said('GL-TX-08')).toMatch(
      /^GL-TX-08 warning: .*init_payment\.php: a request signed with the script name "init_payment" was accepted/,
    );
  } finally {
    stub.close();
  }
});

// Signed acceptances of everything: a request with a wrong pg_sig gets no error reply, so GL-SIG-14
// (that error reply is signed) was passed on the acceptance; so was GL-SIG-15 on an unknown order's
// status given as a success. And GL-TX-04/05 (bracket notation and pg_xml taken, "signed as nested
// data", "signed the same way") on acceptances beside which a wrong signature was taken too
test('g2g: a gateway accepting everything, its replies signed, passes no rule about its error replies or how it verifies', async () => {
  const stub = signedG2gStub({ pg_status: 'ok', pg_payment_id: '1001', pg_redirect_url: 'http://127.0.0.1:1/x' });
  await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
    const v = await judgeGateway('greenleaves', url, ['gl.sig.replies-signed', 'gl.tx.encodings', 'gl.tx.nested']);
    expect(v.said('GL-SIG-14')).toMatch(/^GL-SIG-14 inconclusive: .*a wrong pg_sig was accepted \(pg_status=ok\)/);
    expect(v.said('GL-SIG-15')).toMatch(/^GL-SIG-15 inconclusive: .*does not exist was answered pg_status="ok"/);
    expect(v.said('GL-TX-05')).toMatch(
      /^GL-TX-05 inconclusive: .*pg_xml request was accepted, and so was one with a wrong pg_sig/,
    );
    expect(v.said('GL-TX-04')).toMatch(
      /^GL-TX-04 inconclusive: .*and so was the same request signed without the nested values/,
    );
    expect(v.verdict('GL-SIG-05')).toBe('failed');
    expect(v.verdict('GL-SIG-11')).toBe('passed');
    // taken form-encoded and multipart, as GL-TX-01 says (an acceptance)
    expect(v.verdict('GL-TX-01')).toBe('passed');
  } finally {
    stub.close();
  }
});

// Jysan's accept-all that reads like a bank: the card page to every payment, <code>0</code> to every XML
// operation. It passed JY-SIG-06 (the lowercase digest taken) and JY-PAY-21 (NAME and WTYPE left out of
// the signature) on acceptances that show nothing of how it verifies, JY-ERR-13 on a DESC of 51
// characters taken (no code to judge), JY-ERR-18 on an unknown order's status given as code 0, and
// JY-ERR-09 on the "no effect" of tampered requests that were all taken.
test('jysan: a gateway taking everything passes no rule about how it verifies or how it refuses', async () => {
  const stub = jysanStub(
    '<result><code>0</code><description>OK</description></result>',
    '<form method="post" action="/pay"><input name="pan"><input name="cvc"></form>',
  );
  await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
    // the bank's public key, to encrypt card data with (the stub reads none of it)
    const pem = join(mkdtempSync(join(tmpdir(), 'paycert-key-')), 'bank.pem');
    writeFileSync(pem, generateCardKeyPair().publicKey);
    const v = await judgeGateway(
      'jysan',
      url,
      [
        'jy.kat.vectors',
        'jy.fields.extra',
        'jy.fields.characters',
        'jy.flow.status-unknown',
        'jy.sig.tampered',
        'jy.fields.payment.violations',
        'jy.flow.card-data',
      ],
      { env: { PAYCERT_JYSAN_PUBLIC_KEY: pem } },
    );
    for (const [id, why] of [
      ['JY-SIG-06', /the lowercase digest was taken, and so was a wrong one/],
      ['JY-PAY-21', /and so was one with a wrong P_SIGN/],
      // (or the violations check's: every violation taken, no case got to a code)
      [
        'JY-ERR-13',
        /(?:was not refused \(JY-PAY-09\): there is no code to judge|stopped at the failure of JY-PAY-\d+ before judging JY-ERR-13|never reached an assertion of JY-ERR-13 after the failure of JY-PAY-\d+)/,
      ],
      ['JY-ERR-18', /was not refused \(<code>0<\/code> "OK"\): there is no error reply to judge/],
      ['JY-ERR-09', /no request changed after signing was refused/],
    ] as const)
      expect(v.said(id)).toMatch(new RegExp(`^${id} inconclusive: .*${why.source}`));
    // plaintext card data not paid, or answered with the card page as ciphertext is: JY-ENC-01 was
    // passed on both, beside a payment with encrypted card data that was not paid either
    const enc01 = (check: string) => {
      const r = v.results.find((x) => x.id === check)!;
      return `${r.ruleOutcomes['JY-ENC-01']}: ${r.ruleReasons?.['JY-ENC-01']}`;
    };
    // (its status replies, code 0 and no <operation>, show no state of any order: JY-STA-02's fault)
    expect(enc01('jy.flow.card-data')).toMatch(
      /^inconclusive: .*has code 0 and no <operation> \(JY-STA-02\), so it shows no state of the order/,
    );
    // the violations check hands JY-ENC-01 to jy.flow.card-data: it leaves it unjudged (inconclusive
    // would outrank that check's pass against a gateway that shows the card page rightly)
    expect(enc01('jy.fields.payment.violations')).toMatch(
      /^skipped: .*was answered with the card page: not processed as card data, but that shows nothing/,
    );
    expect(v.verdict('JY-ENC-01')).toBe('inconclusive');
    expect(v.verdict('JY-SIG-07')).toBe('failed');
    expect(v.verdict('JY-PAY-20')).toBe('failed');
  } finally {
    stub.close();
  }
});

// The same, its status replies showing every order in error (E): a plaintext card not paid is then no
// evidence that card data is taken only encrypted (JY-ENC-01), since encrypted card data is not paid either
test('jysan: plaintext card data not paid counts for JY-ENC-01 only beside encrypted card data paid', async () => {
  const stub = jysanStub(
    '<result><code>0</code><description>OK</description><operation><status>E</status><amount>1.00</amount><currency>KZT</currency></operation></result>',
    '<div id="result" data-res-code="05">Отказ</div>',
  );
  await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
    const pem = join(mkdtempSync(join(tmpdir(), 'paycert-key-')), 'bank.pem');
    writeFileSync(pem, generateCardKeyPair().publicKey);
    const v = await judgeGateway('jysan', url, ['jy.flow.card-data'], { env: { PAYCERT_JYSAN_PUBLIC_KEY: pem } });
    expect(v.said('JY-ENC-01')).toMatch(
      /^JY-ENC-01 inconclusive: .*shows status E, not S: that the plaintext ones were not paid shows nothing/,
    );
  } finally {
    stub.close();
  }
});

/** A Jysan "gateway" answering every XML operation (GETSTATUS, REV_*, DATE_*, or none of a payment's own
 *  fields: confirm) with `result`, and every payment with an HTML page whose body is `page`. */
function jysanStub(result: string, page: string): Server {
  return createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const q = new URLSearchParams(
        `${Buffer.concat(parts).toString('latin1')}&${(req.url ?? '').split('?')[1] ?? ''}`,
      );
      const xml =
        ['GETSTATUS', 'REV_AMOUNT', 'REV_DESC', 'DATE_FROM', 'DATE_TO'].some((k) => q.has(k)) ||
        !['TERMINAL', 'CURRENCY', 'DESC'].some((k) => q.has(k));
      if (xml)
        res
          .writeHead(200, { 'content-type': 'application/xml; charset=utf-8' })
          .end(`<?xml version="1.0" encoding="UTF-8"?>\n${result}`);
      else
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(
            `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Банк</title></head><body>${page}</body></html>`,
          );
    });
  });
}
