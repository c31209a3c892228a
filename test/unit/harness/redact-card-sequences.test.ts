// A probe's Java g2g SDK (probe18) put its signature base string in an HTTP header, which Java refused: the
// IllegalArgumentException quoted the base, a rule's reason quoted the exception, and certificate.json, the
// certificate page, results.ndjson and the Allure results showed "payment;500;123;12;[removed];
// 471604******1981;[removed];KZT;…;[secret]": the secret, the holder's name and the year removed, the card
// masked, but the CVC and the expiry month in clear. A g2g base lists the values sorted by field name
// (pg_card_cvc and pg_card_month come before pg_card_pan), and the redactor removed a short number only
// right after a card number. In a sequence of values with one separator (";", ",", "|", ":", "&", a tab, a
// line of its own, blanks) that holds a card number as one of its values, the short numbers on either side
// are card data as much as the ones after it. Named ones are removed anywhere in the sequence, unless their
// name is one of paycert's protocol fields that is no card data (pg_amount, pg_testing_mode); unnamed ones
// (a base's) within three values of the card, and further away when they are short card data paycert sent
// (its test cards' CVCs and expiries, an SDK adapter's input): paycert's own base, whose card data is
// removed by name already, keeps its amount and order id.
import { describe, expect, test } from 'vitest';
import { redactText, registerSecret } from '../../../src/harness/redact.ts';
import { warmCpuRatio } from '../../cpu-time.ts';
import { cardDataInBases, findingsIn } from '../../e2e/scan.ts';

const PAN = '4716047261941981';
const MASKED = '471604******1981';
const R = '[removed]';

describe('short numbers beside a card number in a sequence of values', () => {
  test("the probe's reason: a g2g signature base quoted in a Java SDK's error, in every report's form", () => {
    const SECRET_KEY = 'ZkKm9g83S9ZFYLZrxEX7';
    registerSecret(SECRET_KEY);
    const reason =
      'the SDK refused 37 of 52 inputs before sending anything (the first: payment.create with pg_description ' +
      '"Покупка в интернет магазине Site.kz", pg_amount 500: error transport: adapter error: ' +
      'java.lang.IllegalArgumentException: invalid header value: "payment;500;123;12;TEST TESTOV;' +
      `${PAN};30;KZT;Покупка в интернет магазине Site.kz;495042;PCMXCJU957BEC46F39;FZS0CAOvdvbCNmvy;1;` +
      `${SECRET_KEY}"), so those judge nothing`;
    // the base's values: its amount, CVC, month, (holder), card, year, currency, …, testing mode, secret
    const base = new RegExp(
      `payment;500;\\[removed\\];\\[removed\\];(?:TEST TESTOV|\\[removed\\]);471604\\*{6}1981;\\[removed\\];KZT;Покупка в интернет магазине Site\\.kz;495042;PCMXCJU957BEC46F39;FZS0CAOvdvbCNmvy;1;\\[secret\\]`,
    );
    const plain = redactText(reason);
    expect(plain).toMatch(base);
    // outside the base, its words stay as they are
    expect(plain).toContain('pg_amount 500: error transport');
    expect(plain).toContain('(the first: payment.create');
    // as certificate.json and results.ndjson write it (JSON), and the certificate page (HTML)
    const json = redactText(JSON.stringify({ reason }));
    expect(JSON.parse(json).reason).toMatch(base);
    const html = redactText(`<td>${reason.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}</td>`);
    expect(html).toMatch(base);
    for (const out of [plain, json, html]) expect(out).not.toMatch(/;(?:123|12|30);/);
  });

  test("unnamed: any short number near the card, the card data paycert sent anywhere; paycert's own base keeps the rest", () => {
    // 123 and 12/30 are paycert's test card's CVC and expiry (fixtures): removed however far from the card
    expect(redactText(`123;a;b;c;d;${PAN};e;f;g;h;30`)).toBe(`${R};a;b;c;d;${MASKED};e;f;g;h;${R}`);
    expect(redactText(`124;a;b;c;d;${PAN};e;f;g;h;31`)).toBe(`124;a;b;c;d;${MASKED};e;f;g;h;31`);
    expect(redactText(`124;a;b;${PAN};c;d;31`)).toBe(`${R};a;b;${MASKED};c;d;${R}`);
    // paycert's own base as the evidence writes it: its card data removed by name, its order id and mode kept
    const own = `payment;500;${R};${R};${R};${PAN};${R};KZT;desc;495042;77;salt;1;[secret]`;
    expect(redactText(own)).toBe(own.replace(PAN, MASKED));
    // a named value is removed however far, unless it is a protocol field that is no card data
    expect(redactText(`{c=124, a=x, b=x, d=x, number=${PAN}, e=x, f=x, g=x, pg_amount=500, m=7}`)).toBe(
      `{c=${R}, a=x, b=x, d=x, number=${MASKED}, e=x, f=x, g=x, pg_amount=500, m=${R}}`,
    );
  });

  test('a base whose first or last value is the card data, quoted in a sentence', () => {
    expect(redactText(`base was "123;12;${PAN};30" then`)).toBe(`base was "${R};${R};${MASKED};${R}" then`);
    expect(redactText(`sign(123;12;${PAN}) failed`)).toBe(`sign(${R};${R};${MASKED}) failed`);
    expect(redactText(`P_SIGN base: 1230;${PAN};123;`)).toBe(`P_SIGN base: ${R};${MASKED};${R};`);
  });

  test.each([
    ['commas', `500,123,12,${PAN},30`, `${R},${R},${R},${MASKED},${R}`],
    ['commas and blanks', `500, 123, 12, ${PAN}, 30`, `${R}, ${R}, ${R}, ${MASKED}, ${R}`],
    ['bars', `500|123|12|${PAN}|30`, `${R}|${R}|${R}|${MASKED}|${R}`],
    ['colons', `500:123:12:${PAN}:30`, `${R}:${R}:${R}:${MASKED}:${R}`],
    ['tabs', `500\t123\t12\t${PAN}\t30`, `${R}\t${R}\t${R}\t${MASKED}\t${R}`],
    ['blanks', `500 123 12 ${PAN} 30`, `${R} ${R} ${R} ${MASKED} ${R}`],
    ['an expiry as one value', `12/30;KZT;${PAN};123`, `${R};KZT;${MASKED};${R}`],
    ['values between them', `124;KZT;some shop;13;a;${PAN};x`, `124;KZT;some shop;${R};a;${MASKED};x`],
    ['a masked card', `123;12;${MASKED};30`, `${R};${R};${MASKED};${R}`],
    ['a card masked by the subject', `123|12|4716********1981|30`, `${R}|${R}|4716********1981|${R}`],
    ['URL-encoded ";"', `payment%3B123%3B12%3B${PAN}%3B30`, `payment%3B${R}%3B${R}%3B${MASKED}%3B${R}`],
    ['twice URL-encoded ";"', `p%253B123%253B12%253B${PAN}%253B30`, `p%253B${R}%253B${R}%253B${MASKED}%253B${R}`],
    ['a form URL-encoded', `c%3D123%26n%3D${PAN}%26y%3D30`, `c%3D${R}%26n%3D${MASKED}%26y%3D${R}`],
  ])('unnamed values split by %s', (_how, text, out) => {
    expect(redactText(text)).toBe(out);
  });

  test('key=value&key=value: unknown names removed, the protocol fields that are no card data kept', () => {
    expect(redactText(`amount=500&c=123&m=12&number=${PAN}&y=30&pg_testing_mode=1&pg_amount=500`)).toBe(
      `amount=500&c=${R}&m=${R}&number=${MASKED}&y=${R}&pg_testing_mode=1&pg_amount=500`,
    );
    expect(redactText(`pg_amount=500&pg_card_pan=${PAN}&pg_testing_mode=1&pg_lifetime=300`)).toBe(
      `pg_amount=500&pg_card_pan=${MASKED}&pg_testing_mode=1&pg_lifetime=300`,
    );
  });

  test('JSON: by name already, and under unknown names (a number stays JSON)', () => {
    expect(redactText(`{"pg_card_cvc":"123","pg_card_month":"12","pg_card_pan":"${PAN}","pg_card_year":"30"}`)).toBe(
      `{"pg_card_cvc":"${R}","pg_card_month":"${R}","pg_card_pan":"${MASKED}","pg_card_year":"${R}"}`,
    );
    const out = redactText(`{"c":"123","m":12,"number":"${PAN}","y":"30","amount":500}`);
    expect(out).toBe(`{"c":"${R}","m":"${R}","number":"${MASKED}","y":"${R}","amount":500}`);
    expect(JSON.parse(out)).toMatchObject({ m: R, amount: 500 });
    // the first field of a nested object, and JSON inside a JSON string
    expect(redactText(`{"card":{"c":"123","number":"${PAN}"}}`)).toBe(`{"card":{"c":"${R}","number":"${MASKED}"}}`);
    expect(redactText(`"{\\"c\\":\\"123\\",\\"number\\":\\"${PAN}\\"}"`)).toBe(
      `"{\\"c\\":\\"${R}\\",\\"number\\":\\"${MASKED}\\"}"`,
    );
    // an SDK adapter's input as the evidence writes it: its protocol fields stay readable
    const input = `{"fields":{"pg_order_id":"X1","pg_amount":"500","pg_card_name":"T","pg_card_pan":"${PAN}","pg_card_cvc":"123","pg_testing_mode":"1"}}`;
    expect(redactText(input)).toBe(
      `{"fields":{"pg_order_id":"X1","pg_amount":"500","pg_card_name":"${R}","pg_card_pan":"${MASKED}","pg_card_cvc":"${R}","pg_testing_mode":"1"}}`,
    );
  });

  test('pretty-printed JSON: the fields beside the card on their own lines', () => {
    const text = `{\n  "amount": 500,\n  "card": {\n    "c": "123",\n    "m": 12,\n    "number": "${PAN}"\n  },\n  "n": 3\n}`;
    expect(redactText(text)).toBe(
      `{\n  "amount": 500,\n  "card": {\n    "c": "${R}",\n    "m": "${R}",\n    "number": "${MASKED}"\n  },\n  "n": 3\n}`,
    );
  });

  test("a Java Map's toString, by name and under unknown names", () => {
    expect(redactText(`{pg_card_cvc=123, pg_card_month=12, pg_card_pan=${PAN}, pg_card_year=30}`)).toBe(
      `{pg_card_cvc=${R}, pg_card_month=${R}, pg_card_pan=${MASKED}, pg_card_year=${R}}`,
    );
    expect(redactText(`{c=123, m=12, number=${PAN}, y=30, amount=500}`)).toBe(
      `{c=${R}, m=${R}, number=${MASKED}, y=${R}, amount=500}`,
    );
    expect(redactText(`Card{cvc2x=123, m=12, number=${PAN}}`)).not.toMatch(/=12\b|=123\b/);
    // a Python dict's repr, a Kotlin data class's toString
    expect(redactText(`{'c': '123', 'm': 12, 'n': '${PAN}', 'amount': 500}`)).toBe(
      `{'c': '${R}', 'm': ${R}, 'n': '${MASKED}', 'amount': 500}`,
    );
    expect(redactText(`CardData(cvc2x=123, month=12, number=${PAN}, year=30)`)).toBe(
      `CardData(cvc2x=${R}, month=${R}, number=${MASKED}, year=${R})`,
    );
  });

  test("PHP's print_r, on its lines and on one line", () => {
    const named = `Array\n(\n    [pg_card_cvc] => 123\n    [pg_card_month] => 12\n    [pg_card_pan] => ${PAN}\n)\n`;
    expect(redactText(named)).toBe(
      `Array\n(\n    [pg_card_cvc] => ${R}\n    [pg_card_month] => ${R}\n    [pg_card_pan] => ${MASKED}\n)\n`,
    );
    const unknown = `Array\n(\n    [c] => 123\n    [m] => 12\n    [n] => ${PAN}\n    [y] => 30\n    [amount] => 500\n)\n`;
    expect(redactText(unknown)).toBe(
      `Array\n(\n    [c] => ${R}\n    [m] => ${R}\n    [n] => ${MASKED}\n    [y] => ${R}\n    [amount] => 500\n)\n`,
    );
    expect(redactText(`Array ( [c] => 123 [m] => 12 [n] => ${PAN} [y] => 30 )`)).toBe(
      `Array ( [c] => ${R} [m] => ${R} [n] => ${MASKED} [y] => ${R} )`,
    );
  });

  test("PHP's var_dump: by name (also without a card number) and under unknown names", () => {
    const dump = (k: [string, string, string, string]) =>
      `array(4) {\n  ["${k[0]}"]=>\n  string(3) "123"\n  ["${k[1]}"]=>\n  string(2) "12"\n  ["${k[2]}"]=>\n  string(16) "${PAN}"\n  ["${k[3]}"]=>\n  int(30)\n}\n`;
    const removed = (k: [string, string, string, string]) =>
      `array(4) {\n  ["${k[0]}"]=>\n  string(3) "${R}"\n  ["${k[1]}"]=>\n  string(2) "${R}"\n  ["${k[2]}"]=>\n  string(16) "${MASKED}"\n  ["${k[3]}"]=>\n  int(${R})\n}\n`;
    for (const k of [
      ['pg_card_cvc', 'pg_card_month', 'pg_card_pan', 'pg_card_year'],
      ['c', 'm', 'n', 'y'],
    ] as Array<[string, string, string, string]>)
      expect(redactText(dump(k)), k[0]).toBe(removed(k));
    expect(redactText(`array(1) {\n  ["pg_card_cvc"]=>\n  string(3) "123"\n}`)).toBe(
      `array(1) {\n  ["pg_card_cvc"]=>\n  string(3) "${R}"\n}`,
    );
    expect(redactText(`object(Card)#1 (1) {\n  ["cvv":protected]=>\n  string(3) "123"\n}`)).not.toContain('"123"');
  });

  // the report scan (scripts/probe/scan.ts) read only ';' lists: the same base joined otherwise passed it
  test("the report scan finds paycert's test CVC or expiry beside a card in a list of any separator", () => {
    const scan = (text: string) => findingsIn([{ file: 'r', text }], [], [cardDataInBases()]);
    for (const text of [
      `payment;500;123;12;TEST TESTOV;${MASKED};30;KZT`,
      `500,123,12,${MASKED},30`,
      `values: 500, 123, 12, ${MASKED}, 30`,
      `500|123|12|${MASKED}|30`,
      `500\t123\t12\t${MASKED}\t30`,
    ]) {
      expect(scan(text), text).not.toEqual([]);
      expect(scan(redactText(text)), text).toEqual([]);
    }
    for (const text of [`card ${MASKED}, 123 KZT`, `123,12,a,b,c,d,${MASKED}`, `amount 123, card ${MASKED}`])
      expect(scan(text), text).toEqual([]);
  });

  test('a text with numbers and no card number is left alone, and so are numbers apart from one', () => {
    for (const t of [
      'payment;500;123;12;KZT;1',
      'a=1&b=22&c=333',
      '{c=123, m=12, y=30}',
      '{"c":"123","m":12}',
      'Array ( [c] => 123 [m] => 12 )',
      'Array\n(\n    [c] => 123\n    [m] => 12\n)\n',
      'array(1) {\n  ["c"]=>\n  string(3) "123"\n}',
      '12:30:45 step 3 of 4, 500 KZT',
      'values 1|2|3|4\t5\t6',
      // a number of 16 digits that is no card number (it fails Luhn)
      'payment;500;123;12;4716047261941982;30',
      // a card number among words: the numbers of the sentence are no values beside it
      `card ${PAN} was declined at 12:30, 3 tries, code 51`,
      `card ${MASKED} for 987 KZT; retry in 30 s`,
      `paid 500 KZT with ${MASKED} | step 3 | 12:30`,
    ]) {
      const out = redactText(t);
      expect(out.replace(PAN, MASKED), t).toBe(t.replace(PAN, MASKED));
    }
  });
});

// a 13-digit number in a g2g receipt (a GTIN that passes Luhn) is masked as a card, 6 + *** + 4: a
// short number beside it stayed, and the report scanner found "card data beside 408776***7101" in one of
// three clean runs (the redactor read a masked card as four stars and more)
test('a 13-digit card masked with three stars has its neighbours removed too', () => {
  const out = redactText('signature base: a;9;26066;123;11;4087760067101;86137;y');
  expect(out).toContain('408776***7101');
  expect(out).not.toMatch(/;123;|;11;/);
  expect(findingsIn([{ file: 'r', text: out }], [], [cardDataInBases()])).toEqual([]);
});

describe('short numbers beside card numbers: linear time', () => {
  const fill = (unit: string, n: number): string => unit.repeat(Math.ceil(n / unit.length));
  test.each<[string, (n: number) => string]>([
    ['short numbers around one card on one line', (n) => `${fill('1;', n)}${PAN}${fill(';2', n)}`],
    ['cards and short numbers on one line', (n) => fill(`${MASKED};1;`, n)],
    ['cards and short numbers between blanks', (n) => fill(`${MASKED} 1 [c] => `, n)],
    ['cards among long values', (n) => `${fill('x', n)};${MASKED};${fill('y', n)}`],
    ['cards between colons and blanks', (n) => fill(`${MASKED}:1 a:`, n)],
    ['print_r entries around one card', (n) => `${fill('    [c] => 1\n', n)}    [n] => ${MASKED}\n`],
    ['print_r entries of cards', (n) => fill(`    [n] => ${MASKED}\n    [c] => 1\n`, n)],
    ['var_dump entries of cards', (n) => fill(`  ["n"]=>\n  string(16) "${MASKED}"\n  int(1)\n`, n)],
  ])('%s (1 MiB)', (_name, make) => {
    // linear is 8, quadratic 64
    expect(warmCpuRatio(redactText, make, 1 << 17)).toBeLessThan(32);
  });
});
