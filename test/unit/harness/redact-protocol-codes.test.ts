import { expect, test } from 'vitest';
import { redactText } from '../../../src/harness/redact.ts';

// Probe 20: beside a masked card number the redactor took a v5 reply's decline.code for card data
// ("code":"[removed]"), while the reason it judged quoted 4002. The codes the v5 schemas mark x-not-card
// (decline.code, error.code, violations[].code) stay readable as JSON numbers; a CVC does not.
const MASKED = '"masked_pan":"440044******4440"';

test('a v5 decline or error code beside a card number stays', () => {
  const decline = `{"id":"01a2","status":"declined",${MASKED},"decline":{"code":4002,"name":"rejected-by-merchant"}}`;
  expect(redactText(decline)).toBe(decline);
  const error = `{"error":{"code":2002,"name":"invalid-field","violations":[{"field":"from.card.pan","code":2002}]},${MASKED}}`;
  expect(redactText(error)).toBe(error);
});

test('a CVC beside a card number is still removed, whatever its name', () => {
  expect(redactText(`{${MASKED},"cvv":"123","cvv2":"456","cvc":"789"}`)).toBe(
    `{${MASKED},"cvv":"[removed]","cvv2":"[removed]","cvc":"[removed]"}`,
  );
  expect(redactText('{"pan":"4400444400004440","cvc":123,"cvv":456}')).toBe(
    '{"pan":"440044******4440","cvc":"[removed]","cvv":"[removed]"}',
  );
  // "code" as a string (an SDK's own name for the CVC) is not one of the protocol's codes
  expect(redactText('{"pan":"4400444400004440","code":"456"}')).toBe('{"pan":"440044******4440","code":"[removed]"}');
});
