import { expect, test } from 'vitest';
import { merge, policyFor, type PolicyDefect, type PolicyVariant } from '../../../src/reference/policy.ts';
import { DEFAULT_JYSAN_POLICY } from '../../../src/sandbox/jysan/policy.ts';
import { JYSAN_DEFECTS, JYSAN_VARIANTS } from '../../../src/sandbox/jysan/defects.ts';
import { DEFAULT_GREENLEAVES_POLICY } from '../../../src/sandbox/greenleaves/policy.ts';
import { GREENLEAVES_DEFECTS, GREENLEAVES_VARIANTS } from '../../../src/sandbox/greenleaves/defects.ts';
import { DEFAULT_GREENLEAVES_V5_POLICY } from '../../../src/sandbox/greenleaves-v5/policy.ts';
import { GREENLEAVES_V5_DEFECTS, GREENLEAVES_V5_VARIANTS } from '../../../src/sandbox/greenleaves-v5/defects.ts';
import { DEFAULT_GREENLEAVES_MERCHANT_POLICY } from '../../../src/merchant/greenleaves/policy.ts';
import {
  GREENLEAVES_MERCHANT_DEFECTS,
  GREENLEAVES_MERCHANT_VARIANTS,
} from '../../../src/merchant/greenleaves/defects.ts';
import { DEFAULT_JYSAN_MERCHANT_POLICY } from '../../../src/merchant/jysan/policy.ts';
import { JYSAN_MERCHANT_DEFECTS, JYSAN_MERCHANT_VARIANTS } from '../../../src/merchant/jysan/defects.ts';
import { SDK_DEFAULT_POLICIES } from '../../../src/sdk-adapter/policy.ts';
import { SDK_DEFECTS } from '../../../src/sdk-adapter/defects.ts';
import { sameSignature } from '../../../src/protocols/common/compare.ts';

interface P {
  verify: boolean;
  retry: { intervalMs: number; count: number };
  fields: readonly string[];
  codes: Partial<Record<number, number>>;
  message: { ru: string } | null;
}
const DEFAULTS: P = {
  verify: true,
  retry: { intervalMs: 1000, count: 3 },
  fields: ['A', 'B'],
  codes: { 12: 12 },
  message: null,
};
const DEFECTS: PolicyDefect<P>[] = [
  { id: 'no-verify', rules: ['X-01'], description: 'd', patch: { verify: false } },
  { id: 'fast-retry', rules: ['X-02'], description: 'd', patch: { retry: { intervalMs: 10 } } },
  { id: 'one-field', rules: ['X-03'], description: 'd', patch: { fields: ['A'] } },
  { id: 'code-27', rules: ['X-04'], description: 'd', patch: { codes: { 24: 27 }, message: { ru: 'x' } } },
];
const VARIANTS: PolicyVariant<P>[] = [
  { id: 'slow-retry', description: 'v', allowedBy: 'silence', patch: { retry: { count: 9 } } },
];

test('no deviation: the defaults themselves, nothing listed', () => {
  expect(policyFor(DEFAULTS, DEFECTS)).toEqual({ policy: DEFAULTS, defects: [], variants: [] });
});

test('nested knobs are patched one by one, arrays and null are replaced, the defaults are not touched', () => {
  const a = policyFor(DEFAULTS, DEFECTS, ['fast-retry', 'one-field', 'code-27'], VARIANTS, ['slow-retry']);
  expect(a.policy).toEqual({
    verify: true,
    retry: { intervalMs: 10, count: 9 },
    fields: ['A'],
    codes: { 12: 12, 24: 27 },
    message: { ru: 'x' },
  });
  expect(a.defects).toEqual(['fast-retry', 'one-field', 'code-27']);
  expect(a.variants).toEqual(['slow-retry']);
  expect(DEFAULTS).toEqual({
    verify: true,
    retry: { intervalMs: 1000, count: 3 },
    fields: ['A', 'B'],
    codes: { 12: 12 },
    message: null,
  });
});

test('unknown ids are refused with the catalogue', () => {
  expect(() => policyFor(DEFAULTS, DEFECTS, ['nope'])).toThrow(
    'unknown defect nope; known: no-verify, fast-retry, one-field, code-27',
  );
  expect(() => policyFor(DEFAULTS, DEFECTS, [], VARIANTS, ['no-verify'])).toThrow(
    'unknown variant no-verify; known: slow-retry',
  );
  expect(() => policyFor(DEFAULTS, [], ['x'])).toThrow('unknown defect x; known: none');
});

test('merge leaves undefined patch values alone', () => {
  expect(merge(DEFAULTS, { verify: undefined })).toEqual(DEFAULTS);
});

const REFERENCES: [string, object, readonly PolicyDefect<object>[], readonly PolicyVariant<object>[]][] = [
  ['jysan gateway', DEFAULT_JYSAN_POLICY, JYSAN_DEFECTS, JYSAN_VARIANTS],
  ['greenleaves gateway', DEFAULT_GREENLEAVES_POLICY, GREENLEAVES_DEFECTS, GREENLEAVES_VARIANTS],
  ['greenleaves-v5 gateway', DEFAULT_GREENLEAVES_V5_POLICY, GREENLEAVES_V5_DEFECTS, GREENLEAVES_V5_VARIANTS],
  [
    'greenleaves merchant',
    DEFAULT_GREENLEAVES_MERCHANT_POLICY,
    GREENLEAVES_MERCHANT_DEFECTS,
    GREENLEAVES_MERCHANT_VARIANTS,
  ],
  ['jysan merchant', DEFAULT_JYSAN_MERCHANT_POLICY, JYSAN_MERCHANT_DEFECTS, JYSAN_MERCHANT_VARIANTS],
  ['greenleaves sdk', SDK_DEFAULT_POLICIES.greenleaves, SDK_DEFECTS.greenleaves, []],
  ['greenleaves-v5 sdk', SDK_DEFAULT_POLICIES['greenleaves-v5'], SDK_DEFECTS['greenleaves-v5'], []],
  ['jysan sdk', SDK_DEFAULT_POLICIES.jysan, SDK_DEFECTS.jysan, []],
];

/** a patch naming a knob the policy does not have would be silently inert */
function unknownKnobs(base: unknown, patch: unknown, path = ''): string[] {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return [];
  if (typeof base !== 'object' || base === null || Array.isArray(base)) return [];
  return Object.entries(patch).flatMap(([k, v]) => {
    if (!(k in base)) return Object.keys(base).length === 0 || /^\d+$/.test(k) ? [] : [`${path}${k}`];
    return unknownKnobs((base as Record<string, unknown>)[k], v, `${path}${k}.`);
  });
}

test.each(REFERENCES)(
  '%s: every defect and variant patches known knobs and changes the reference policy',
  (_name, defaults, defects, variants) => {
    for (const d of defects) {
      expect(policyFor(defaults, defects, [d.id]).policy, d.id).not.toEqual(defaults);
      expect(unknownKnobs(defaults, d.patch), d.id).toEqual([]);
    }
    for (const v of variants) {
      expect(policyFor(defaults, defects, [], variants, [v.id]).policy, v.id).not.toEqual(defaults);
      expect(unknownKnobs(defaults, v.patch), v.id).toEqual([]);
    }
  },
);

test('sameSignature: equal bytes only, any length', () => {
  expect(sameSignature('abc', 'abc')).toBe(true);
  expect(sameSignature('abc', 'abd')).toBe(false);
  expect(sameSignature('ab', 'abc')).toBe(false);
  expect(sameSignature('', 'abc')).toBe(false);
  expect(sameSignature(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
  expect(sameSignature(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
});
