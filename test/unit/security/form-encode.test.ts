// encodeForm's fast path (a component of unreserved characters only is taken as it is) gives what
// encodeURIComponent gives for every name and value, the ones it refuses (lone surrogates) included.
import { expect } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { encodeComponent, encodeForm } from '../../../src/protocols/common/form.ts';

const straightforward = (pairs: ReadonlyArray<readonly [string, string]>): string =>
  pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

const outcome = (f: () => string): string => {
  try {
    return `ok ${f()}`;
  } catch (e) {
    return `throws ${(e as Error).name}`;
  }
};

// every ASCII character, some that encode to several bytes, and lone surrogates
const component = fc.oneof(
  fc.string({ unit: 'grapheme-ascii', maxLength: 12 }),
  fc.string({
    unit: fc.constantFrom(
      'a',
      'Z',
      '0',
      '-',
      '_',
      '.',
      '!',
      '~',
      '*',
      "'",
      '(',
      ')',
      ' ',
      '%',
      '+',
      '&',
      '=',
      'Ж',
      '😀',
      '\uD800',
      '\uDC00',
    ),
    maxLength: 12,
  }),
  fc.string({ unit: 'binary', maxLength: 8 }),
);

fcTest.prop([component], { numRuns: 3000 })('encodeComponent is encodeURIComponent', (s) => {
  expect(outcome(() => encodeComponent(s))).toBe(outcome(() => encodeURIComponent(s)));
});

fcTest.prop([fc.array(fc.tuple(component, component), { maxLength: 6 })], { numRuns: 1000 })(
  'encodeForm joins the pairs as the straightforward encoding does',
  (pairs) => {
    expect(outcome(() => encodeForm(pairs))).toBe(outcome(() => straightforward(pairs)));
  },
);
