import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { getSchema, schemaId } from '../../../src/spec/ajv.ts';
import { withinDocumented } from '../../../src/spec/violations.ts';
import { violatingArbitrary } from '../../../src/spec/arbitrary.ts';
import { ENDPOINTS, judgedPlans, oursRefused, type Endpoint } from '../../../suites/greenleaves/fields.checks.ts';
import { fc, test as fcTest } from '@fast-check/vitest';
import type { GreenleavesReply } from '../../../src/sdk/greenleaves.ts';

// A bound or charset the documents do not state (the schema's x-note says "our bound"/"our choice") is
// not a documented constraint: GL-PAY-02 and its kin ("every documented length … is enforced", MUST)
// must not fail a gateway that takes a 65-character pg_card_name or a 70-character pg_salt.
const payment = {
  id: 'payment',
  path: () => '/g2g/payment',
  request: 'payment-request',
  violationRule: 'GL-PAY-02',
} as Endpoint;

describe('greenleaves violation checks judge documented constraints only', () => {
  const plans = violatingArbitrary(schemaId('greenleaves', 'payment-request')).plans;
  const judged = judgedPlans(payment, plans).map((p) => `${p.field}:${p.kind}`);

  test('our own bounds are generated but not judged', () => {
    // pg_description's 1024 is documented for payment_page only (digest §3.11; §3.1 gives /g2g/payment none)
    for (const ours of [
      'pg_card_name:tooLong',
      'pg_salt:tooLong',
      'pg_card_cvc:tooShort',
      'pg_user_phone:tooLong',
      'pg_description:tooLong',
    ])
      (expect(plans.map((p) => `${p.field}:${p.kind}`)).toContain(ours), expect(judged).not.toContain(ours));
  });

  test('documented constraints stay judged', () => {
    for (const documented of ['pg_card_pan:tooShort', 'pg_order_id:tooLong', 'pg_amount:format'])
      expect(judged).toContain(documented);
  });

  test("payment_page's pg_description limit (1024, documented there) stays judged", () => {
    const e = ENDPOINTS.find((x) => x.request === 'payment-page-request')!;
    const all = violatingArbitrary(schemaId('greenleaves', e.request)).plans;
    expect(judgedPlans(e, all).map((p) => `${p.field}:${p.kind}`)).toContain('pg_description:tooLong');
  });

  test('every request field whose note calls a length or charset ours carries x-ours', () => {
    const dir = new URL('../../../specs/greenleaves/schemas/', import.meta.url);
    const missing: string[] = [];
    for (const f of readdirSync(dir).filter((n) => n.endsWith('-request.schema.json'))) {
      const s = JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as {
        properties: Record<string, Record<string, unknown>>;
      };
      for (const [k, p] of Object.entries(s.properties)) {
        const note = String(p['x-note'] ?? '');
        if (/\bour (bound|choice)\b/.test(note) && p['x-ours'] === undefined && p.type !== 'array')
          missing.push(`${f} ${k}`);
      }
    }
    expect(missing).toEqual([]);
  });

  // the digest gives these fields no such constraint (pg_card_token "≤ 255" only, §3.9; pg_md, pg_pares and
  // pg_payment_id no format or length, §3.3; pg_save_card and pg_recurring_profile no values, §3.3, §3.8): a value
  // breaking them is an unknown token, payment or profile, refused as such (probe16: GL-PAY-03 warned a conformant
  // gateway's "Карта не найдена или не подтверждена" for a pg_card_token outside paycert's own charset)
  test('constraints the digest does not give are ours: generated, not judged', () => {
    const ours: Record<string, string[]> = {
      token: ['pg_card_token:charset'],
      'card-init': ['pg_card_token:charset'],
      acs: ['pg_md:charset', 'pg_md:tooLong', 'pg_pares:charset', 'pg_pares:tooLong', 'pg_payment_id:tooLong'],
      payment: ['pg_save_card:enum'],
    };
    const recurrent = { id: 'recurrent', request: 'recurrent-request' } as Endpoint;
    const cases = [...ENDPOINTS.filter((e) => e.id in ours).map((e) => [e, ours[e.id]!] as const)];
    cases.push([recurrent, ['pg_recurring_profile:charset', 'pg_recurring_profile:tooLong']]);
    for (const [e, kinds] of cases) {
      const all = violatingArbitrary(schemaId('greenleaves', e.request)).plans.map((p) => `${p.field}:${p.kind}`);
      const judged = judgedPlans(e, violatingArbitrary(schemaId('greenleaves', e.request)).plans).map(
        (p) => `${p.field}:${p.kind}`,
      );
      for (const k of kinds) {
        expect(all, `${e.request} ${k} generated`).toContain(k);
        expect(judged, `${e.request} ${k} judged`).not.toContain(k);
      }
    }
    // the documented ones stay judged
    const token = ENDPOINTS.find((e) => e.id === 'token')!;
    const plans = judgedPlans(token, violatingArbitrary(schemaId('greenleaves', token.request)).plans);
    expect(plans.map((p) => `${p.field}:${p.kind}`)).toContain('pg_card_token:tooLong');
  });

  test("a saved card's pg_user_id is not judged against its advised charset (another value is another payer)", () => {
    for (const id of ['token', 'card-init']) {
      const e = ENDPOINTS.find((x) => x.id === id)!;
      const all = violatingArbitrary(schemaId('greenleaves', e.request)).plans;
      expect(all.map((p) => `${p.field}:${p.kind}`)).toContain('pg_user_id:charset');
      expect(judgedPlans(e, all).map((p) => `${p.field}:${p.kind}`)).not.toContain('pg_user_id:charset');
    }
  });

  test('a value only our stricter pattern refuses is not a documented violation (x-documented)', () => {
    const schema = getSchema(schemaId('greenleaves', 'payment-request'));
    for (const v of ['005', '0500.5', '1.5']) expect(withinDocumented(schema, 'pg_amount', v), v).toBe(true);
    for (const v of ['500,50', '0', '0.00', '1.555', '100000000', 'abc', ''])
      expect(withinDocumented(schema, 'pg_amount', v), v).toBe(false);
    const page = getSchema(schemaId('greenleaves', 'payment-page-request'));
    expect(withinDocumented(page, 'pg_lifetime', '0300')).toBe(true);
    expect(withinDocumented(page, 'pg_lifetime', '299')).toBe(false);
    expect(withinDocumented(schema, 'pg_card_pan', '0')).toBe(false); // no x-documented: judged as is
  });
});

// oursRefused looks for a field's name in the refusal's text before it compiles the word-boundary
// regex: it names the same field as the regex alone does.
describe('oursRefused', () => {
  const schema = getSchema(schemaId('greenleaves', 'payment-request'));
  const props = Object.keys((schema.properties ?? {}) as object);
  const required = new Set((schema.required ?? []) as string[]);
  const straightforward = (m: Record<string, string>, text: string, underTest?: string) =>
    Object.keys(m).find(
      (f) =>
        f !== underTest &&
        !required.has(f) &&
        !!(schema.properties as Record<string, Record<string, unknown>>)[f]?.['x-ours'] &&
        new RegExp(`(^|[^A-Za-z0-9_])${f}([^A-Za-z0-9_]|$)`).test(text),
    );
  const reply = (text: string): GreenleavesReply => {
    const message = { pg_status: 'error', pg_error_code: '101', pg_error_description: text };
    return {
      http: {} as GreenleavesReply['http'],
      message,
      signedAs: () => true,
      field: (n) => (message as Record<string, string>)[n],
    };
  };
  const word = fc.constantFrom(...props, ' ', ':', '_', 'x', 'pg_', '1', '.', 'pg_user_phonex');
  fcTest.prop([fc.subarray(props), fc.array(word, { maxLength: 6 }), fc.option(fc.constantFrom(...props))], {
    numRuns: 500,
  })('names the field the regex alone names', (fields, words, underTest) => {
    const m = Object.fromEntries(fields.map((f) => [f, 'v']));
    const text = words.join('');
    expect(oursRefused(schema, m, reply(text), underTest ?? undefined)).toBe(
      straightforward(m, text, underTest ?? undefined),
    );
  });
});
