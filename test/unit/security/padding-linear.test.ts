// The v5 sandbox variant that takes base64 padding off each X-JWS-Signature segment did it with
// s.replace(/=+$/, ''): a header of `=`s followed by another character restarted the pattern at
// every `=` (quadratic). stripPadding gives the same strings in one backward pass.
import { expect, test } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { stripPadding } from '../../../src/protocols/greenleaves-v5/b64.ts';
import { cpuMsSince } from '../../cpu-time.ts';

fcTest.prop([fc.stringMatching(/^[A-Za-z0-9_=.-]{0,40}$/)])('what /=+$/ took off, and only that', (s) => {
  expect(stripPadding(s)).toBe(s.replace(/=+$/, ''));
});

test('ordinary segments', () => {
  expect(stripPadding('eyJhbGciOiJIUzI1NiJ9==')).toBe('eyJhbGciOiJIUzI1NiJ9');
  expect(stripPadding('abc')).toBe('abc');
  expect(stripPadding('===')).toBe('');
  expect(stripPadding('a=b=')).toBe('a=b');
});

test('400 KB of = then another character: linear', () => {
  const s = `${'='.repeat(400_000)}x`;
  const t = process.cpuUsage();
  expect(stripPadding(s)).toBe(s);
  // /=+$/ took 7 s at 100 KB (and minutes at 400 KB); one pass takes well under a millisecond
  expect(cpuMsSince(t)).toBeLessThan(1000);
});
