import { expect, test } from 'vitest';
import { readPage } from '../../../src/sdk/jysan.ts';
import type { Response } from '../../../src/sdk/transport.ts';

const page = (body: string): Response => ({ status: 200, headers: {}, text: body }) as unknown as Response;

// probe 22: a bank's code-21 page of its own design, text after the message: was kind 'other'
test('an error page with the code on its own and text after the documented message is that code', () => {
  const r = readPage(
    page(
      '<html><head><title>Ошибка 21</title></head><body><p><span class="code">21</span> Неправильная подпись! (expected 0a1b2c)</p></body></html>',
    ),
  );
  expect([r.kind, r.code, r.message]).toEqual(['error', 21, 'Неправильная подпись!']);
});

test('without the code shown on its own, a template followed by other text is no error page', () => {
  expect(readPage(page('<p>Неправильная подпись! (expected 0a1b2c)</p>')).kind).toBe('other');
});
