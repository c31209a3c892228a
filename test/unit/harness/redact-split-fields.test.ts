import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { test as prop, fc } from '@fast-check/vitest';
import { luhn, redact, redactText, registerSecret } from '../../../src/harness/redact.ts';
import { shows, views } from '../../e2e/scan.ts';
import { cpuMsSince } from '../../cpu-time.ts';

// A probe put a proxy between paycert and its reference gateways that echoed what paycert sent back in the
// replies, split across fields: `47160472</pg_x><pg_y>61941981` reached 63 Allure attachments of the g2g run
// (99 in the v5 run), the Jysan SHARED_SECRET `01234567</pg_x><pg_y>890123456789012` those of the Jysan run.
// Redaction read whole tokens: a value cut by markup (an XML element's end and the next one's start, a JSON
// field boundary `","key":"`, a form's `&key=`) was two harmless tokens. The decoded view now reads such a
// boundary as one field separator: a card number of paycert's own (only those: an order id beside an amount
// passes Luhn one time in ten) and a registered secret are read across it, each part masked where it stands.

const CARDS = [
  ...new Set(
    ['greenleaves', 'jysan'].flatMap((f) =>
      [...readFileSync(`fixtures/${f}/test-cards.json`, 'utf8').matchAll(/"(\d{13,19})"/g)]
        .map((m) => m[1]!)
        .filter(luhn),
    ),
  ),
];
const SECRET_VALUE = 'h0stileSecret-Zq81';
registerSecret(SECRET_VALUE);
// paycert's default secrets (registered from the environment's defaults at first use)
const SECRETS = [SECRET_VALUE, 's3cr3tKey', 'v5-sandbox-secret-key', '01234567890123456789012'];

/** `v` cut at the given points (each part one character at least) */
const cut = (v: string, at: number[]): string[] => {
  const points = [...new Set(at.map((x) => 1 + (x % (v.length - 1))))].sort((a, b) => a - b);
  return [0, ...points].map((p, k) => v.slice(p, points[k] ?? v.length));
};

/** The shapes a proxy or a target writes the parts of one value in, each part a field of its own. */
const SHAPES: Record<string, (p: string[]) => string> = {
  'XML elements': (p) => `<r>${p.map((x, k) => `<pg_${k}>${x}</pg_${k}>`).join('')}</r>`,
  'XML elements, indented': (p) => `<r>\n${p.map((x, k) => `    <f${k} t="s">${x}</f${k}>`).join('\n')}\n</r>`,
  'the markup quoted in a text': (p) => `echo ${p.join('</pg_x><pg_y>')} | end`,
  'the markup quoted, HTML-escaped': (p) => `<d>echo ${p.join('&lt;/pg_x&gt;&lt;pg_y&gt;')} | end</d>`,
  'the markup quoted, its "<" escaped as XML text': (p) => `<d>${p.join('&lt;/pg_x>&lt;pg_y>')}</d>`,
  'the markup quoted in a JSON string': (p) => JSON.stringify({ description: `x ${p.join('</pg_x><pg_y>')} y` }),
  'JSON string fields': (p) => JSON.stringify(Object.fromEntries(p.map((x, k) => [`f${k}`, x]))),
  'JSON fields, pretty-printed': (p) => JSON.stringify(Object.fromEntries(p.map((x, k) => [`f${k}`, x])), null, 2),
  'JSON fields in objects of their own': (p) =>
    JSON.stringify(Object.fromEntries(p.map((x, k) => [`o${k}`, { [`f${k}`]: x }]))),
  'JSON fields in a JSON string': (p) =>
    JSON.stringify({ body: JSON.stringify(Object.fromEntries(p.map((x, k) => [`f${k}`, x]))) }),
  'a JSON array': (p) => JSON.stringify({ parts: p }),
  'form fields': (p) => `${p.map((x, k) => `f${k}=${x}`).join('&')}&z=1`,
  'form fields, XML-escaped': (p) => `<q>${p.map((x, k) => `f${k}=${x}`).join('&amp;')}</q>`,
};
const NUMERIC_SHAPES: Record<string, (p: string[]) => string> = {
  'JSON number fields': (p) => `{${p.map((x, k) => `"f${k}":${x}`).join(',')}}`,
  'JSON number fields in objects': (p) => `{${p.map((x, k) => `"o${k}":{"f${k}":${x}}`).join(',')}}`,
  'grouped parts in XML elements': (p) => p.map((x, k) => `<f${k}>${x.match(/.{1,4}/g)!.join(' ')}</f${k}>`).join('\n'),
};
const unreadable = (r: string, v: string): string[] =>
  views(r)
    .filter((x) => shows(x, v))
    .map((x) => `${x.how}: ${x.text.slice(0, 300)}`);

describe('a value split across fields (XML elements, JSON fields, form fields)', () => {
  prop.prop([
    fc.constantFrom(...CARDS),
    fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
    fc.constantFrom(...Object.keys(SHAPES), ...Object.keys(NUMERIC_SHAPES)),
  ])("one of paycert's cards is masked, in every view a reader has", (card, at, shape) => {
    const text = (SHAPES[shape] ?? NUMERIC_SHAPES[shape])!(cut(card, at));
    // the scan reads the card number out of the text as written (else a leak would go unseen)
    expect(unreadable(text, card).length, text).toBeGreaterThan(0);
    const r = redactText(text);
    expect(unreadable(r, card), `${text} → ${r}`).toEqual([]);
  });
  prop.prop([
    fc.constantFrom(...SECRETS),
    fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
    fc.constantFrom(...Object.keys(SHAPES)),
  ])('a secret is replaced, in every view a reader has', (secret, at, shape) => {
    const text = SHAPES[shape]!(cut(secret, at));
    expect(unreadable(text, secret).length, text).toBeGreaterThan(0);
    const r = redactText(text);
    expect(unreadable(r, secret), `${text} → ${r}`).toEqual([]);
  });

  test("each part masked where it stands, the fields' markup kept", () => {
    expect(redactText('<pg_x>47160472</pg_x><pg_y>61941981</pg_y>')).toBe('<pg_x>471604**</pg_x><pg_y>****1981</pg_y>');
    expect(redactText('{"a":"47160472","b":"61941981","amount":"100"}')).toBe(
      '{"a":"471604**","b":"****1981","amount":"100"}',
    );
    expect(redactText('a=4716047&b=261941981&c=2')).toBe('a=471604*&b=*****1981&c=2');
    expect(redactText('<x>echo 47160472</pg_x><pg_y>61941981 |</x>')).toBe(
      '<x>echo 471604**</pg_x><pg_y>****1981 |</x>',
    );
    expect(redactText('{"a":"h0stileSe","b":"cret-Zq81","c":"1"}')).toBe('{"a":"[secret]","b":"","c":"1"}');
    expect(redactText('<k1>01234567</k1>\n<k2>890123456789012</k2>')).toBe('<k1>[secret]</k1>\n<k2></k2>');
    // a structured value: each field's string is its own text, and the fields together are not read
    expect(redact({ a: '47160472', b: '61941981' })).toEqual({ a: '47160472', b: '61941981' });
  });

  // A card number nobody told paycert of is not read across fields: an order id beside an amount, or two
  // ids, pass Luhn one time in ten, and would be masked in every report.
  test('numbers of data fields side by side stay, also when together they pass Luhn', () => {
    const pairs: Array<[string, string]> = [
      ['41111111', '11111111'], // a Luhn-valid 16 digits, not one of paycert's cards
      ['4000123', '100000'],
      ['1718000000', '500'],
    ];
    for (const [a, b] of pairs) {
      for (const t of [
        `<pg_order_id>${a}</pg_order_id><pg_amount>${b}</pg_amount>`,
        `{"order_id":"${a}","amount":"${b}"}`,
        `{"order_id":${a},"amount":${b}}`,
        `ORDER=${a}&AMOUNT=${b}`,
        `<response>\n  <ORDER>${a}</ORDER>\n  <AMOUNT>${b}</AMOUNT>\n</response>`,
      ])
        expect(redactText(t), t).toBe(t);
    }
    expect(luhn('4111111111111111')).toBe(true);
  });

  // a Jysan NONCE after another field: its digits stay readable (the key is read where it is written)
  test("a NONCE after another field stays; paycert's card there is masked", () => {
    const nonce = '1833081234569573'; // passes Luhn
    for (const t of [
      `{"ORDER":"123","NONCE":"${nonce}"}`,
      `ORDER=123&NONCE=${nonce}&x=1`,
      `<ORDER>123</ORDER><NONCE>${nonce}</NONCE>`,
      `&lt;ORDER&gt;123&lt;/ORDER&gt;&lt;NONCE&gt;${nonce}&lt;/NONCE&gt;`,
    ])
      expect(redactText(t), t).toBe(t);
    expect(redactText('ORDER=123&NONCE=4400430000000015')).toBe('ORDER=123&NONCE=440043******0015');
  });
});

// The same proxy echoed paycert's cards backwards (`1891491627406174`): every digit of the card, which the
// scan of the probe read. Only paycert's own cards are read backwards: any Luhn-valid number read so too
// would double the false masks (a backwards card passes Luhn one time in ten, as any number does).
describe("paycert's own cards written backwards", () => {
  const back = (v: string): string => [...v].reverse().join('');
  test('masked as the card is, backwards', () => {
    expect(redactText('echo 1891491627406174 | end')).toBe('echo 1891******406174 | end');
    expect(redactText('ts=17180000001891491627406174')).toBe('ts=17180000001891******406174');
    for (const card of CARDS) {
      const r = redactText(`x ${back(card)} y`);
      expect(r, card).not.toContain(back(card));
      // the digits a reader sees are the card's first six and last four, as anywhere else
      expect(back(r.slice(2, -2)), card).toBe(redactText(card));
    }
  });
  // (ending in 0, 7 or 8: backwards, no issuer's first digit, so that no card number glued in it is read)
  prop.prop([
    fc.stringMatching(/^[2-6][0-9]{14}[078]$/).filter((p) => luhn(p) && !CARDS.includes(p) && !luhn(back(p))),
  ])('another card number written backwards (not Luhn-valid so) stays', (pan) => {
    expect(redactText(`n ${back(pan)} m`)).toBe(`n ${back(pan)} m`);
  });
});

// The same proxy echoed the secrets with a blank between every character (`s 3 c r 3 t K e y`) and a dash
// every four (`s3cr-3tKe-y`, `v5-s-andb-ox-s-ecre-t-ke-y`): whole in the reports (a secret of digits half
// masked as a card number, `0 1 2 345678*********8901 2`). A secret is read with one blank, dash, dot or
// underscore between its characters, as a card number is read in its groups.
describe('a secret written with blanks or dashes between its characters', () => {
  const FORMS: Record<string, (v: string) => string> = {
    'a blank between every character': (v) => [...v].join(' '),
    'a dash every four': (v) => v.replace(/(.{4})(?=.)/g, '$1-'),
    'a blank every four': (v) => v.replace(/(.{4})(?=.)/g, '$1 '),
    'a dot every three, in JSON': (v) => JSON.stringify({ k: v.replace(/(.{3})(?=.)/g, '$1.') }),
    'blanks and a field boundary': (v) => `<a>${[...v.slice(0, 5)].join(' ')}</a><b>${v.slice(5)}</b>`,
  };
  test.each(SECRETS.flatMap((v) => Object.keys(FORMS).map((f) => [v, f] as const)))('%s, %s', (secret, form) => {
    const text = `echo ${FORMS[form]!(secret)} | end`;
    expect(unreadable(text, secret).length, text).toBeGreaterThan(0);
    const r = redactText(text);
    expect(unreadable(r, secret), `${text} → ${r}`).toEqual([]);
    expect(r).toMatch(/^echo .*\[secret\].* \| end$/);
  });
});

// viewSecrets looks for its pattern only where the text, its skipped characters removed and in lower case,
// holds a secret so written (mayHoldSecret), a secret that is not ASCII too.
describe('the search for spaced secrets is only skipped where no secret can be', () => {
  const OTHER = 'Schlüssel-Qx7vK2mW';
  registerSecret(OTHER);
  test.each([
    ['upper case, a blank between every character', [...SECRET_VALUE.toUpperCase()].join(' ')],
    ['a dot and a field boundary', `<a>${SECRET_VALUE.slice(0, 6)}.</a>\n  <b>${SECRET_VALUE.slice(6)}</b>`],
    ['not ASCII, a dash every four', OTHER.replace(/(.{4})(?=.)/g, '$1-')],
    ['not ASCII, split by tags', `<i>${OTHER.slice(0, 7)}</i><i>${OTHER.slice(7)}</i>`],
    [
      'not ASCII, its ASCII letters in upper case, spaced',
      [...OTHER.replace(/[a-z]/g, (c) => c.toUpperCase())].join(' '),
    ],
  ])('%s', (_how, form) => {
    const r = redactText(`x ${form} y`);
    expect(r, r).toMatch(/^x .*\[secret\].* y$/);
    for (const v of [SECRET_VALUE, OTHER]) expect(unreadable(r, v), r).toEqual([]);
  });
});

// The report scan reads every report whole: its views are linear too. A run of backslashes was read again
// from each of them (`\\+u…` from every position: 128 KiB of them took 39 s).
describe('the report scan reads hostile markup in linear time', () => {
  const fill = (unit: string, n: number): string => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
  /** CPU time(8n) / CPU time(n), the best of three: linear is 8, quadratic 64 */
  const ratio = (unit: string, n: number): number => {
    let [a, b] = [Infinity, Infinity];
    for (let r = 0; r < 3; r++) {
      let c = process.cpuUsage();
      views(fill(unit, n));
      a = Math.min(a, cpuMsSince(c));
      c = process.cpuUsage();
      views(fill(unit, 8 * n));
      b = Math.min(b, cpuMsSince(c));
    }
    return b / Math.max(a, 1);
  };
  test.each([
    ['backslashes', '\\'],
    ['JSON field boundaries', '"4","k":"'],
    ['JSON keys never ending', `","${'k'.repeat(70)}`],
    ['quotes before blanks', `"${' '.repeat(39)}`],
    ['escaped tags never closed', '&lt;a '],
  ])('%s', (_name, unit) => {
    expect(ratio(unit, 1 << 16)).toBeLessThan(32);
  });
});
