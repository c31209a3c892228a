import { describe, expect, test } from 'vitest';
import {
  bodyLines,
  redactExchange,
  renderExchanges,
  renderRequest,
  requestLine,
  type Exchange,
} from '../../../src/harness/evidence.ts';
import { encodeMultipart } from '../../../src/protocols/common/form.ts';
import { warmCpuRatio } from '../../cpu-time.ts';

// Probe 26 (a Go g2g SDK): an exchange's body was redacted as raw text and only then decoded for display.
// The raw multipart text hides the field names from the name=value redaction, and a pg_xml value is
// URL-encoded in the raw form: pg_card_cvc, _month and _year were shown in clear once decoded.
const CARD: Array<[string, string]> = [
  ['pg_merchant_id', '561604'],
  ['pg_order_id', 'ORDER-ev26'],
  ['pg_card_name', 'EVIDENCE TWENTYSIX'],
  ['pg_card_pan', '4716047261941981'],
  ['pg_card_cvc', '739'],
  ['pg_card_month', '11'],
  ['pg_card_year', '31'],
  ['pg_salt', 'saltEv26'],
];
const xml = `<?xml version="1.0" encoding="utf-8"?><request>${CARD.map(([k, v]) => `<${k}>${v}</${k}>`).join('')}</request>`;
const BOUNDARY = '----ev26boundary';

const exchanges: Array<[string, Exchange]> = [
  [
    'multipart',
    {
      at: '',
      direction: 'received',
      method: 'POST',
      url: '/g2g/payment',
      requestHeaders: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      requestBody: encodeMultipart(CARD, BOUNDARY),
    },
  ],
  [
    'pg_xml (urlencoded)',
    {
      at: '',
      direction: 'received',
      method: 'POST',
      url: '/g2g/payment',
      requestHeaders: { 'content-type': 'application/x-www-form-urlencoded' },
      requestBody: new URLSearchParams([['pg_xml', xml]]).toString(),
    },
  ],
  [
    'pg_xml (multipart)',
    {
      at: '',
      direction: 'received',
      method: 'POST',
      url: '/g2g/payment',
      requestHeaders: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      requestBody: encodeMultipart([['pg_xml', xml]], BOUNDARY),
    },
  ],
];

const LEAKS = [
  /\b739\b/,
  /pg_card_month\W{0,6}11\b/,
  /pg_card_year\W{0,6}31\b/,
  /EVIDENCE TWENTYSIX/,
  /4716047261941981/,
];
const leaks = (text: string) => LEAKS.filter((re) => re.test(text)).map(String);

describe('a decoded body is redacted as decoded (probe 26)', () => {
  test.each(exchanges)('%s: bodyLines, requestLine, renderRequest and renderExchanges show no card data', (_, x) => {
    const safe = redactExchange(x);
    const ct = safe.requestHeaders['content-type'];
    const shown = {
      bodyLines: bodyLines(safe.requestBody!, ct).join('\n'),
      requestLine: requestLine(safe, 'pg_card_cvc'),
      renderRequest: renderRequest(safe),
      renderExchanges: renderExchanges([safe]),
    };
    for (const [how, text] of Object.entries(shown)) expect(leaks(text), `${how}:\n${text}`).toEqual([]);
    // still decoded: the fields are shown by name, the card's as removed or masked
    expect(shown.renderRequest).toMatch(/pg_card_cvc(?: = |>)\[removed\]/);
    expect(shown.renderRequest).toMatch(/471604\*{6}1981/);
    expect(shown.renderRequest).toContain('ORDER-ev26');
  });

  test('a field decoded from a form is redacted by its name, as urlencoded fields are', () => {
    const body = encodeMultipart(
      [
        ['pg_card_cvc', '4242'],
        ['cvc', '521'],
        ['pg_description', 'ok 12'],
      ],
      BOUNDARY,
    );
    const lines = bodyLines(body, `multipart/form-data; boundary=${BOUNDARY}`);
    expect(lines).toEqual(['pg_card_cvc = [removed]', 'cvc = [removed]', 'pg_description = ok 12']);
  });
});

// Review: a multipart body over the cut (the second exchange's 4000 characters in renderExchanges, the
// 16 KB a log keeps) was shown raw, line by line, with its CVC and expiry under their part headers; the
// same raw body went into requestLine. The raw body is now redacted by field name before it is stored.
describe('a cut multipart body shows no card data (redacted by name before the cut)', () => {
  const CT = `multipart/form-data; boundary=${BOUNDARY}`;
  const multipart = (description: string): Exchange => ({
    at: '',
    direction: 'received',
    method: 'POST',
    url: '/g2g/payment',
    requestHeaders: { 'content-type': CT },
    requestBody: encodeMultipart([...CARD, ['pg_description', description]], BOUNDARY),
  });
  const first: Exchange = { at: '', direction: 'sent', method: 'GET', url: '/status', requestHeaders: {} };
  // the value after a part's headers, in a raw body
  const after = (body: string, name: string) => {
    const at = body.indexOf(`name="${name}"\r\n\r\n`);
    return at < 0 ? undefined : body.slice(at + name.length + 11, at + name.length + 11 + 9);
  };

  test('the reviewer’s repro: the second exchange, over 4000 characters', () => {
    const x = redactExchange(multipart('d'.repeat(5000)));
    const text = renderExchanges([redactExchange(first), x]);
    expect(text).toContain('… [cut:');
    expect(leaks(text), text).toEqual([]);
    expect(leaks(requestLine(x, 'pg_card_cvc'))).toEqual([]);
    expect(leaks(x.requestBody!)).toEqual([]);
    for (const k of ['pg_card_cvc', 'pg_card_month', 'pg_card_year', 'pg_card_name'])
      expect(after(x.requestBody!, k)).toBe('[removed]');
    expect(x.requestBody).toContain(`--${BOUNDARY}--`);
    expect(x.requestBody).toContain('ORDER-ev26');
  });

  test('a body over the 16 KB a log keeps: stored, listed and rendered without card data', async () => {
    const { EvidenceLog } = await import('../../../src/harness/evidence.ts');
    const log = new EvidenceLog();
    log.add(first);
    log.add(multipart('d'.repeat(20_000)));
    const list = log.list(true);
    const text = renderExchanges(list);
    expect(text).toContain('not kept]');
    expect(leaks(text), text).toEqual([]);
    expect(leaks(JSON.stringify(list))).toEqual([]);
    for (const x of list) expect(leaks(requestLine(x, 'pg_card_cvc'))).toEqual([]);
  });

  test('a body already cut, at every place: a part cut mid-value is redacted by its name', () => {
    const body = multipart('ok').requestBody!;
    for (let cut = 0; cut <= body.length; cut++) {
      const x = redactExchange({ ...multipart(''), requestBody: body.slice(0, cut) });
      const shown = [x.requestBody!, renderExchanges([redactExchange(first), x]), requestLine(x)].join('\n');
      expect(leaks(shown), `cut at ${cut}:\n${x.requestBody}`).toEqual([]);
      for (const k of ['pg_card_cvc', 'pg_card_month', 'pg_card_year', 'pg_card_name']) {
        const v = after(x.requestBody!, k);
        // nothing of the value: the part cut in its headers, or its value removed
        expect(v === undefined || v === '' || v === '[removed]', `cut at ${cut}, ${k}: ${v}`).toBe(true);
      }
    }
  });

  test('a part without the blank line, or with bare LF line ends, shows no value', () => {
    const lf = encodeMultipart(CARD, BOUNDARY).replaceAll('\r\n', '\n');
    const noBlank = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="pg_card_cvc"\r\n739\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="pg_note"\r\n\r\nok\r\n--${BOUNDARY}--\r\n`;
    const shared = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="pg_note"\r\n\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="pg_card_cvc"\r\n\r\n739\r\n--${BOUNDARY}--\r\n`;
    for (const body of [lf, noBlank, shared]) {
      const x = redactExchange({ ...multipart(''), requestBody: body });
      const shown = [x.requestBody!, renderRequest(x), requestLine(x)].join('\n');
      expect(leaks(shown), shown).toEqual([]);
    }
  });

  test('a urlencoded pg_xml keeps no card data in its raw body, cut or not', () => {
    const body = new URLSearchParams([
      ['pg_xml', xml],
      ['pg_description', 'd'.repeat(5000)],
    ]).toString();
    const x = redactExchange({
      ...multipart(''),
      requestHeaders: { 'content-type': 'application/x-www-form-urlencoded' },
      requestBody: body,
    });
    const decoded = decodeURIComponent(x.requestBody!);
    expect(leaks(decoded), decoded).toEqual([]);
    expect(decoded).toMatch(/<pg_card_cvc>\[removed\]<\/pg_card_cvc>/);
    expect(leaks(renderExchanges([redactExchange(first), x]))).toEqual([]);
  });

  test('a hostile 2 MB multipart body is redacted in linear time', () => {
    const b = `--${BOUNDARY}`;
    const shapes: Array<(n: number) => string> = [
      // unmatched near-boundaries and part headers without a value
      (n) =>
        `${b}\r\n` + `\r\n--${BOUNDARY.slice(0, -1)}x\r\nContent-Disposition: form-data; name="a"\r\n`.repeat(n / 64),
      // many small parts, the last unterminated
      (n) =>
        `${b}\r\n` + `Content-Disposition: form-data; name="pg_card_cvc"\r\n\r\n739\r\n${b}\r\n`.repeat(n / 80) + 'x',
      // parts without the blank line
      (n) => `${b}\r\n` + `Content-Disposition: form-data; name="a"\r\n739\r\n${b}\r\n`.repeat(n / 64),
      // one part whose value never ends, full of line ends
      (n) => `${b}\r\nContent-Disposition: form-data; name="pg_note"\r\n\r\n` + '\r\n-'.repeat(n / 3),
    ];
    for (const make of shapes) {
      const run = (body: string) => redactExchange({ ...multipart(''), requestBody: body });
      expect(leaks(run(make(1 << 12)).requestBody!)).toEqual([]);
      expect(warmCpuRatio(run, make, 1 << 18)).toBeLessThan(32);
    }
  });
});
