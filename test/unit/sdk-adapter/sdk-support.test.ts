import { describe, expect, test } from 'vitest';
import { verifiedAsGenuine } from '../../../suites/sdk-support.ts';

describe('verifiedAsGenuine (jy.sdk.backref, JY-SDK-04)', () => {
  test('an ok answer is genuine only when it says verified: true', () => {
    expect(verifiedAsGenuine({ id: 1, ok: true, output: { verified: true, order: '1', paid: true } })).toBe(true);
    // the documented output of backref.verify carries the verdict: verified false refuses the redirect
    expect(verifiedAsGenuine({ id: 1, ok: true, output: { verified: false, order: '1', paid: false } })).toBe(false);
    expect(verifiedAsGenuine({ id: 1, ok: true, output: {} })).toBe(false);
  });
  test('an error refuses the redirect', () => {
    expect(verifiedAsGenuine({ id: 1, ok: false, error: { kind: 'signature', message: 'bad sign' } })).toBe(false);
  });
});
