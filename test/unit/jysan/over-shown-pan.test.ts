import { describe, expect, test } from 'vitest';
import { overShownPan } from '../../../suites/pan.ts';

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
