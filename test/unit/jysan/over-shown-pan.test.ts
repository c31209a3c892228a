import { describe, expect, test } from 'vitest';
import { fullPanShown, overShownPan } from '../../../suites/pan.ts';

// JY-PAY-23 / JY-RED-08: "first 6 and last 4 digits at most" (probe 22's half-masked card)
describe('overShownPan', () => {
  const pans = ['4111111111111111', '4222222222222'];
  test('a card masked first 6 + last 4 is within the rule', () => {
    expect(overShownPan('<card_masked>411111******1111</card_masked>', pans)).toBeUndefined();
    expect(overShownPan('<card_masked>411111***1111</card_masked>', pans)).toBeUndefined();
    expect(overShownPan('4111 11** **** 1111 and 422222***2222', pans)).toBeUndefined();
    expect(overShownPan('************1111', pans)).toBeUndefined();
  });
  test('a card showing more than first 6 + last 4 is found, counted against the card', () => {
    expect(overShownPan('<card_masked>411111******111111</card_masked>', pans)).toEqual({
      pan: '4111111111111111',
      lead: 6,
      tail: 6,
    });
    // 12 of a 13-digit card's digits, whatever the mask's length
    expect(overShownPan('<card_masked>422222******222222</card_masked>', ['4222222222222'])).toEqual({
      pan: '4222222222222',
      lead: 6,
      tail: 6,
    });
    expect(overShownPan('card 41111111XXXX1111', pans)?.lead).toBe(8);
  });
  test('digits glued in front that are not the card are not counted', () => {
    expect(overShownPan('amount 100 411111******1111', pans)).toBeUndefined();
    expect(overShownPan('12345678*90', pans)).toBeUndefined();
  });
});

// review: the digits after a card masked as it should be were glued onto its last four once blanks and
// newlines were taken out (a date, an amount, the next BACKREF value): a false JY-PAY-23 / JY-RED-08
describe('overShownPan reads one card-shaped run at a time', () => {
  const pans = ['4111111111111111'];
  test.each([
    'Card 411111******1111 15.03.2026',
    '411111******1111\n1000.00',
    '411111******1111 11.03.2026',
    '411111******1111 1000.00 KZT',
    '411111******1111-15',
    '411111******1111 1 item',
    '411111******1111 1500',
    ['411111******1111', '1000.00', '15'].join('\n'),
  ])('a card masked first 6 + last 4 followed by a date or amount passes: %j', (text) => {
    expect(overShownPan(text, pans)).toBeUndefined();
    expect(fullPanShown(text, pans)).toBeUndefined();
  });
  test('the blanks and dashes inside one card number are still taken out', () => {
    expect(overShownPan('4111 1111 11** 1111', pans)).toEqual({ pan: pans[0], lead: 10, tail: 4 });
    expect(overShownPan('4111-11**-**11-1111', pans)).toEqual({ pan: pans[0], lead: 6, tail: 6 });
    expect(fullPanShown('card 4111 1111 1111 1111.', pans)).toBe(pans[0]);
    expect(fullPanShown('4111-1111-1111-1111', pans)).toBe(pans[0]);
    expect(fullPanShown('<pan>4111111111111111</pan>', pans)).toBe(pans[0]);
  });
  test('digits on another line, or in another field, are not the card', () => {
    expect(fullPanShown('41111111\n11111111', pans)).toBeUndefined();
  });
});

// review: /([0-9]*)[*•Xx]+([0-9]*)/g was quadratic on a long digit run without a mask (200k digits took
// 130 s, and a reply may be 8 MB): 2 MB of digits would hang the run for hours; now walked by hand
test('a reply of megabytes of digits is read in one pass', () => {
  const digits = '1'.repeat(2_000_000);
  expect(overShownPan(digits, ['4111111111111111'])).toBeUndefined();
  expect(overShownPan(`${digits} 4111111*****${digits}`, ['4111111111111111'])).toEqual({
    pan: '4111111111111111',
    lead: 7,
    tail: 0,
  });
  expect(fullPanShown(`${digits}4111111111111111${digits}`, ['4111111111111111'])).toBe('4111111111111111');
  expect(overShownPan('1*'.repeat(1_000_000), ['4111111111111111'])).toBeUndefined();
});
