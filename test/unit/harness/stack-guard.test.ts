import { afterEach, expect, test } from 'vitest';
import '../../../src/harness/stack-guard.ts';

const before = Error.prepareStackTrace;
afterEach(() => {
  Error.prepareStackTrace = before;
});

// vite's module runner, given a module's code as a Buffer by vitest's file-system cache, threw from its
// stack formatter ("code.charCodeAt is not a function"): Node reading the stack of a destroyed socket's
// error then ended the process (`vitest run --project suites suites/greenleaves/methods.test.ts` died
// at its start, the reference gateway in the global setup)
test('a stack formatter that throws leaves the stack as V8 writes it', () => {
  Error.prepareStackTrace = () => {
    throw new TypeError('code.charCodeAt is not a function');
  };
  const stack = new RangeError('the call site').stack!;
  expect(stack.split('\n')[0]).toBe('RangeError: the call site');
  expect(stack).toMatch(/\n {4}at .*stack-guard\.test\.ts/);
});

test('a formatter that works is used as it is, and unset means V8 formatting', () => {
  Error.prepareStackTrace = (e) => `mapped ${(e as Error).message}`;
  expect(new Error('x').stack).toBe('mapped x');
  Error.prepareStackTrace = undefined as never;
  expect(new Error('y').stack).toMatch(/^Error: y\n {4}at /);
});
