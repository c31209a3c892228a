import { expect, test } from 'vitest';
import { merge, policyFor, type PolicyDefect, type PolicyVariant } from '../../../src/sandbox/policy.ts';
import { DEFAULT_JYSAN_POLICY } from '../../../src/sandbox/jysan/policy.ts';
import { JYSAN_DEFECTS, JYSAN_VARIANTS } from '../../../src/sandbox/jysan/defects.ts';

interface P {
  verify: boolean;
  retry: { intervalMs: number; count: number };
  fields: readonly string[];
  codes: Partial<Record<number, number>>;
  message: { ru: string } | null;
}
const DEFAULTS: P = { verify: true, retry: { intervalMs: 1000, count: 3 }, fields: ['A', 'B'], codes: { 12: 12 }, message: null };
const DEFECTS: PolicyDefect<P>[] = [
  { id: 'no-verify', rules: ['X-01'], description: 'd', patch: { verify: false } },
  { id: 'fast-retry', rules: ['X-02'], description: 'd', patch: { retry: { intervalMs: 10 } } },
  { id: 'one-field', rules: ['X-03'], description: 'd', patch: { fields: ['A'] } },
  { id: 'code-27', rules: ['X-04'], description: 'd', patch: { codes: { 24: 27 }, message: { ru: 'x' } } },
];
const VARIANTS: PolicyVariant<P>[] = [{ id: 'slow-retry', description: 'v', allowedBy: 'silence', patch: { retry: { count: 9 } } }];

test('no deviation: the defaults themselves, nothing listed', () => {
  expect(policyFor(DEFAULTS, DEFECTS)).toEqual({ policy: DEFAULTS, defects: [], variants: [] });
});

test('nested knobs are patched one by one, arrays and null are replaced, the defaults are not touched', () => {
  const a = policyFor(DEFAULTS, DEFECTS, ['fast-retry', 'one-field', 'code-27'], VARIANTS, ['slow-retry']);
  expect(a.policy).toEqual({ verify: true, retry: { intervalMs: 10, count: 9 }, fields: ['A'], codes: { 12: 12, 24: 27 }, message: { ru: 'x' } });
  expect(a.defects).toEqual(['fast-retry', 'one-field', 'code-27']);
  expect(a.variants).toEqual(['slow-retry']);
  expect(DEFAULTS).toEqual({ verify: true, retry: { intervalMs: 1000, count: 3 }, fields: ['A', 'B'], codes: { 12: 12 }, message: null });
});

test('unknown ids are refused with the catalogue', () => {
  expect(() => policyFor(DEFAULTS, DEFECTS, ['nope'])).toThrow('unknown defect nope; known: no-verify, fast-retry, one-field, code-27');
  expect(() => policyFor(DEFAULTS, DEFECTS, [], VARIANTS, ['no-verify'])).toThrow('unknown variant no-verify; known: slow-retry');
  expect(() => policyFor(DEFAULTS, [], ['x'])).toThrow('unknown defect x; known: none');
});

test('merge leaves undefined patch values alone', () => {
  expect(merge(DEFAULTS, { verify: undefined })).toEqual(DEFAULTS);
});

test('every jysan defect and variant changes the reference policy', () => {
  for (const d of [...JYSAN_DEFECTS, ...JYSAN_VARIANTS]) {
    const on = policyFor(DEFAULT_JYSAN_POLICY, JYSAN_DEFECTS, JYSAN_DEFECTS.some((x) => x.id === d.id) ? [d.id] : [], JYSAN_VARIANTS, JYSAN_VARIANTS.some((x) => x.id === d.id) ? [d.id] : []);
    expect(on.policy, d.id).not.toEqual(DEFAULT_JYSAN_POLICY);
  }
});
