import { expect, test } from 'vitest';
import { notJsonReason, parseJsonBounded } from '../../../src/protocols/common/json-depth.ts';

const reason = (text: string): string => {
  try {
    parseJsonBounded(text);
  } catch (e) {
    return notJsonReason(e, text);
  }
  throw new Error(`${text} parsed`);
};

// V8's messages quote the document's first characters ("Unexpected token 'S', "SECRET=top"... is not
// valid JSON"): a secrets file given where JSON is wanted must not be printed in part
test.each([
  ['SECRET=topsecretvalue\n', /^not JSON$/],
  ['{"a": ', /^not JSON: it ends too soon$/],
  // where V8 says (a position in Node 20; later versions add the line and column): the same words on each
  ['{"a": 1} trailing', /^not JSON \(at line 1, column 10\)$/],
  ['{\n  "a": 1,\n  "b" 2\n}', /^not JSON \(at line 3, column 7\)$/],
  ['[' + '['.repeat(200) + ']'.repeat(201), /^JSON nested deeper than 100 levels, more than paycert reads$/],
])('%j', (text, want) => {
  const r = reason(text);
  expect(r).toMatch(want);
  expect(r).not.toMatch(/topsecret|SECRET|trailing/);
});
