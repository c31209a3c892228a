import { describe, expect, test } from 'vitest';
import { redact, redactText } from '../../../src/harness/redact.ts';

// probe 22: a gateway's card_masked 411111******111111 shows 12 of the card's 16 digits (12 of 13 for
// 422222******222222); the reports promise first 6 / last 4 at most, so such a string is masked again
describe('a card masked too little is masked to first 6 / last 4', () => {
  test('in text and XML', () => {
    expect(redactText('<card_masked>411111******111111</card_masked>')).toBe(
      '<card_masked>411111********1111</card_masked>',
    );
    expect(redactText('<card_masked>422222******222222</card_masked>')).toBe(
      '<card_masked>422222********2222</card_masked>',
    );
    expect(redactText('card 47160472XXXX1981 paid')).toBe('card 471604XXXXXX1981 paid');
    expect(redactText('card=411111%2A%2A%2A111111&x=1')).not.toContain('111111&');
  });
  test('in a structured value (an attachment, evidence)', () => {
    expect(redact({ card_masked: '411111******111111' })).toEqual({ card_masked: '411111********1111' });
  });
  test('a card masked first 6 / last 4, or less, is left as it is', () => {
    for (const s of ['411111******1111', '411111***1111', '4111********1111', '************1111', '2*3'])
      expect(redactText(`<c>${s}</c>`)).toBe(`<c>${s}</c>`);
  });
});
