import { expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../src/spec/paths.ts';
import { findingsIn, reportTexts, views } from './scan.ts';

// Distinctive secrets of every profile; the fake gateway knows them all and echoes them back.
const SECRETS = {
  PAYCERT_GREENLEAVES_SECRET_KEY: 'echoGlSecret-91ab7c',
  PAYCERT_GREENLEAVES_V5_SECRET_KEY: 'echoV5Secret-2d44f0',
  PAYCERT_GREENLEAVES_V5_OTHER_SECRET_KEY: 'echoV5Other-77e1a9',
  PAYCERT_JYSAN_SHARED_SECRET: 'echoJySecret-5c5c5c-0101',
  PAYCERT_SECRET: 'echoSignSecret-3f3f3f',
};
const ALL = Object.values(SECRETS);
const PAN = '4716047261941981';
/** a card number paycert does not know (not a test card of the fixtures): only a pattern finds it */
const OTHER = '4012886500123450';
const CVC = '737';
const grouped = (sep: string): string => PAN.match(/.{4}/g)!.join(sep);
const b64 = (v: unknown, enc: BufferEncoding = 'base64'): string => Buffer.from(JSON.stringify(v)).toString(enc);
const eachChar = (s: string, f: (c: string) => string): string => [...s].map(f).join('');
const wrap = (s: string, w: number): string => s.match(new RegExp(`.{1,${w}}`, 'g'))!.join('\n');
/** The card number and the CVC in the shapes a gateway, a shop or a proxy echoes them (redact.test.ts
 *  has each shape as a property; here they go through a whole run, every report and the scan). */
const SHAPES = [
  `PAN${PAN}`,
  `card:${PAN}x`,
  `<b>${PAN}</b>`,
  `${PAN}1230`,
  `16${PAN}`,
  `${PAN}1230737`,
  `16${PAN}1230`,
  grouped(' '),
  grouped('-'),
  grouped('.'),
  grouped('\t'),
  grouped('\u00a0'),
  grouped('&nbsp;'),
  `q=${grouped('%20')}&r=${grouped('+')}&s=${encodeURIComponent(encodeURIComponent(grouped(' ')))}`,
  `{"amount":100,"card":${PAN}}`,
  `&lt;pan&gt;${PAN}&lt;/pan&gt;`,
  `<x><![CDATA[${PAN}]]></x>`,
  `data=${b64({ card: PAN, cvc: CVC })}`,
  `data=${encodeURIComponent(b64({ card: grouped(' '), n: '>>?' }))}`,
  `X-JWS: eyJhbGciOiJIUzI1NiJ9.${b64({ from: { card: { pan: PAN, cvc: CVC } } }, 'base64url')}.c2ln`,
  `POST /payment.php?pg_card_pan=${PAN}&pg_card_cvc=${CVC} HTTP/1.1`,
  `{"echo":"{\\"pan\\":\\"${PAN}\\",\\"cvc\\":\\"${CVC}\\"}"}`,
  `<pg_card_cvc><![CDATA[${CVC}]]></pg_card_cvc>`,
  `cvc: ${CVC}`,
  `[cvc] => ${CVC}`,
  `{&quot;cvc&quot;:&quot;${CVC}&quot;}`,
  // split over lines or presentational tags, digits escaped (redact.test.ts: 'card numbers split…')
  `card ${PAN.slice(0, 8)}\r\n${PAN.slice(8)}`,
  `reply: ${PAN.slice(0, 7)}\n    ${PAN.slice(7)}`,
  `card ${PAN.slice(0, 10)}=\r\n${PAN.slice(10)}`,
  `<tr><td>${grouped('</td><td>')}</td></tr>`,
  eachChar(PAN, (c) => `<span>${c}</span>`),
  eachChar(PAN, (c) => `&#${c.charCodeAt(0)};`),
  eachChar(PAN, (c) => `&#x${c.charCodeAt(0).toString(16)};`),
  `{"n":"${eachChar(PAN, (c) => `\\u00${c.charCodeAt(0).toString(16)}`)}"}`,
  `q=${eachChar(PAN, (c) => `%${c.charCodeAt(0).toString(16)}`)}`,
  eachChar(PAN, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase()}`),
  eachChar(PAN, (c) => String.fromCharCode(0xff10 + Number(c))),
  wrap(b64({ order: 'A-1', description: 'x'.repeat(40), card: { pan: PAN } }), 64),
  // more blanks, a spaced dash, "_", "/", a zero-width space between the groups; glued behind a
  // timestamp; a NUL after each digit (UTF-16 read as UTF-8); hex of the request, also as a dump of
  // pairs; base64 behind a binary header, and three layers deep
  grouped('    '),
  grouped(' - '),
  grouped('_'),
  grouped('/'),
  grouped('\u200b'),
  `ts=1718000000${PAN}`,
  eachChar(PAN, (c) => `${c}\u0000`),
  `dump ${Buffer.from(`pg_card_pan=${PAN}&pg_card_cvc=${CVC}`).toString('hex')}`,
  Buffer.from(`pan=${PAN}`).toString('hex').match(/../g)!.join(' '),
  Buffer.concat([Buffer.from([0, 1, 2, 3, 0, 0]), Buffer.from(PAN)]).toString('base64'),
  Buffer.from(Buffer.from(Buffer.from(`card ${PAN}`).toString('base64')).toString('base64')).toString('base64'),
  // the secrets in base64, hex, escaped, split
  ...ALL.flatMap((v) => [
    Buffer.from(v).toString('base64'),
    Buffer.from(v).toString('hex'),
    eachChar(v, (c) => `%${c.charCodeAt(0).toString(16)}`),
    eachChar(v, (c) => `&#${c.charCodeAt(0)};`),
    eachChar(v, (c) => `\\u00${c.charCodeAt(0).toString(16)}`),
    `${v.slice(0, 6)}\n${v.slice(6)}`,
    `<b>${v.slice(0, 5)}</b><i>${v.slice(5)}</i>`,
  ]),
].join('\n');

/** A "greenleaves gateway" that answers every request with the secrets, a card number and a CVC
 *  echoed in headers, an XML comment and fields, or JSON fields; it also echoes the request. */
async function echoTarget(): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      n++;
      const echoed = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'x-echo-secret': ALL.join(' '),
        'x-echo-card': `${PAN}/${CVC}`,
        'x-echo-shapes': SHAPES.replace(/\n/g, ' | ').replace(/[^\x20-\x7e]/g, ' '),
      };
      if (n % 4 === 1) {
        // a redirect, and a page that is neither XML nor JSON, each with the card number where a
        // quote of it is cut (its first 200 characters)
        res.writeHead(302, { ...headers, location: `/r?q=${'a'.repeat(180)}&c=${OTHER}&s=${ALL[0]}` }).end();
      } else if (n % 4 === 3) {
        res
          .writeHead(200, { ...headers, 'content-type': 'text/plain' })
          .end(`error: ${'z'.repeat(186)} ${OTHER} ${ALL.join(' ')}\n${SHAPES}`);
      } else if (n % 2 === 0) {
        res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(
          JSON.stringify({
            status: 'error',
            secret: ALL[n % ALL.length],
            echo: `${ALL.join(',')} ${echoed}`,
            shapes: SHAPES,
            pan: PAN,
            cvc: CVC,
            card: { pan: PAN, cvc: CVC },
          }),
        );
      } else {
        const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
        res
          .writeHead(200, { ...headers, 'content-type': 'application/xml' })
          .end(
            `<?xml version="1.0" encoding="utf-8"?>\n<!-- ${ALL.join(' ')} -->\n<response><pg_status>error</pg_status><pg_error_code>1</pg_error_code>` +
              `<pg_error_description>${esc(`${ALL.join(' ')} ${echoed}\n${SHAPES}`)}</pg_error_description><pg_card_pan>${PAN}</pg_card_pan><pg_card_cvc>${CVC}</pg_card_cvc>` +
              `<pg_description><![CDATA[card ${PAN} cvc ${CVC}]]></pg_description>` +
              `<pg_sig>${ALL[n % ALL.length]}</pg_sig></response>`,
          );
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => n,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** `paycert …` without blocking this process (the target runs in it). */
function paycertAsync(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'paycert.mjs'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

test('secrets, card numbers and CVCs echoed by a target reach no file of the report directory', async () => {
  const target = await echoTarget();
  const dir = mkdtempSync(join(tmpdir(), 'paycert-echo-'));
  try {
    const r = await paycertAsync(
      // --pace 0: the fake target takes the load; redaction does not depend on the spacing
      [
        'run',
        '--profile',
        'greenleaves',
        '--target',
        target.url,
        '--plan',
        'smoke',
        '--runs',
        '1',
        '--pace',
        '0',
        '--out',
        dir,
      ],
      { ...SECRETS, PAYCERT_GREENLEAVES_MERCHANT_ID: '123456' },
    ); // a real target needs its credentials set
    expect(r.code, r.out).not.toBe(2);
    expect(target.hits()).toBeGreaterThan(5);
    for (const name of ['allure-results', 'junit.xml', 'certificate.json', 'results.ndjson'])
      expect(readdirSync(dir), r.out).toContain(name);
    const texts = reportTexts(dir);
    // the echoes did reach the evidence (so the scan below is not vacuous), redacted
    expect(texts.some((x) => x.text.includes('[secret]'))).toBe(true);
    expect(texts.some((x) => x.text.includes('471604******1981'))).toBe(true);
    // every shape reached the evidence
    expect(texts.some((x) => x.text.includes('PAN471604******1981'))).toBe(true);
    // the secrets, the card number and a CVC value after its name, in any view of any text, in one
    // pass over the texts read above (each hit names the needle, or the CVC match)
    // (its first and last ten digits too: a quote cut inside it before redaction kept twelve)
    expect(
      findingsIn(
        texts,
        [...ALL, ...[PAN, OTHER].flatMap((p) => [p, p.slice(0, 10), p.slice(-10)])],
        [/(?:pg_card_cvc|card_cvc|"cvc"|cvc)\W{1,6}(\d{3,4})\b/g],
      ),
    ).toEqual([]);
    expect(r.out).not.toMatch(new RegExp(ALL.join('|')));
    // a rule's reason is shown without paycert's own stack (read as a crash of paycert)
    const traces = texts.filter(
      (x) => x.file.includes('allure-results') && /"trace":"[^"]*\/src\/harness\//.test(x.text),
    );
    expect(traces.map((x) => x.text.match(/"trace":"[^"]{0,600}/)?.[0])).toEqual([]);
    // nor what the CLI printed, in any view (decoded, joined)
    expect(views(r.out).filter((v) => [...ALL, PAN].some((n) => v.text.includes(n)))).toEqual([]);
  } finally {
    await target.close();
  }
});
