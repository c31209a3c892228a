import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../../../src/spec/paths.ts';
import { loadErrors, loadRules, ruleIndex } from '../../../src/spec/load.ts';
import { ajv, schemaId, validate } from '../../../src/spec/ajv.ts';
import { JWS_ERROR_CODE, V5_ACTIONS, requestHeaders, uuidv7 } from '../../../src/protocols/greenleaves-v5/index.ts';
import { G2G_HEADER } from './helpers.ts';

const P = 'greenleaves-v5';
const rules = loadRules(P).rules;
const errors = loadErrors(P);
const codes = new Set(errors.codes.map((c) => c.code));
const id = (name: string) => schemaId(P, name);
const SCHEMAS = [
  'request-headers',
  'response-headers',
  'jws-header',
  'create-request',
  'read-request',
  'edit-request',
  'payment',
  'error',
];
const seedBody = () =>
  JSON.parse(readFileSync(join(FIXTURES, P, 'example-bodies/seed-create.compact.json'), 'utf8')) as Record<string, any>;

describe('rules.json', () => {
  test('ids, subject and levels', () => {
    for (const r of rules) {
      expect(r.id, r.id).toMatch(/^V5-[A-Z]+-\d{2}$/);
      expect(r.subject).toBe(r.id.startsWith('V5-SDK-') ? 'sdk' : r.id.startsWith('V5-MCB-') ? 'merchant' : 'gateway');
    }
    expect(rules.filter((r) => r.level === 'MUST').every((r) => r.source.includes('seed 000'))).toBe(true);
    expect(rules.some((r) => r.level === 'SHOULD')).toBe(false);
  });

  test('rules on decided formats say their checks are advisory against real test domains', () => {
    for (const r of rules.filter(
      (r) => ['format', 'errors'].includes(r.area) || ['V5-RSP-04', 'V5-RSP-06', 'V5-RSP-07'].includes(r.id),
    )) {
      expect(r.level, r.id).toBe('INFERRED');
      expect(r.note, r.id).toMatch(/advisory against real test domains/);
    }
  });

  test('X-Action rules: published names and guessed names are both INFERRED, one rule per action', () => {
    const idx = ruleIndex(P);
    for (const a of Object.values(V5_ACTIONS)) {
      const r = idx.get(a.rule);
      expect(r?.level, a.action).toBe('INFERRED');
      expect(r?.statement, a.action).toContain(a.action);
      expect(r?.source, a.action).toContain(a.published ? '[P]' : '[I]');
    }
  });

  test('every error code a rule mentions is in errors.json', () => {
    for (const r of rules) {
      for (const m of `${r.statement} ${r.note ?? ''}`.matchAll(/\b(1[01]0\d|200\d|300\d|400\d)\b/g))
        expect(codes.has(Number(m[1])), `${r.id} cites ${m[1]}`).toBe(true);
    }
  });
});

describe('errors.json', () => {
  test('all INFERRED, named, with en and ru text and an HTTP status', () => {
    for (const c of errors.codes) {
      expect(c.level).toBe('INFERRED');
      expect(c.name).toBeTruthy();
      expect(c.en && c.ru).toBeTruthy();
      expect(c.ru).toMatch(/[а-яА-Я]/);
      expect(c.note).toMatch(/^HTTP [24]\d\d\./);
    }
  });

  test('signature failures and violations map onto known codes', () => {
    for (const [k, c] of Object.entries(JWS_ERROR_CODE)) expect(codes.has(c), k).toBe(true);
    for (const c of Object.values(errors.violations?.default ?? {})) expect(codes.has(c)).toBe(true);
  });

  test('every rule id cited in a code note exists', () => {
    const idx = ruleIndex(P);
    for (const c of errors.codes)
      for (const m of (c.note ?? '').matchAll(/V5-[A-Z]+-\d{2}/g))
        expect(idx.has(m[0]), `${c.code} cites ${m[0]}`).toBe(true);
  });
});

describe('schemas', () => {
  test('all load under the strict ajv, with the profile $id', () => {
    for (const s of SCHEMAS) expect(ajv().getSchema(id(s)), s).toBeTruthy();
    for (const a of Object.values(V5_ACTIONS))
      expect(ajv().getSchema(`https://paycert.local/specs/${P}/schemas/${a.schema}`), a.schema).toBeTruthy();
  });

  test('a field defined in several schemas has the same constraints everywhere (schemas inline them: no $ref across files)', () => {
    const seen = new Map<string, { where: string; c: string }>();
    const constraints = (n: Record<string, unknown>) =>
      JSON.stringify(
        Object.fromEntries(
          Object.entries(n)
            .filter(([k]) => !k.startsWith('x-'))
            .sort(),
        ),
      );
    const walk = (n: unknown, where: string): void => {
      if (!n || typeof n !== 'object') return;
      const props = (n as { properties?: Record<string, Record<string, unknown>> }).properties ?? {};
      for (const [name, p] of Object.entries(props)) {
        if (
          [
            'id',
            'order_id',
            'amount',
            'currency',
            'x-request-id',
            'created_at',
            'updated_at',
            'x-datetime',
            'message',
          ].includes(name)
        ) {
          // X-Datetime is a header: an HTTP-date (the Date header's form) is taken there, not in a body
          const key = name.endsWith('_at') ? 'datetime' : name;
          const c = constraints(p);
          const prev = seen.get(key);
          if (prev) expect(c, `${where}.${name} vs ${prev.where}`).toBe(prev.c);
          if (!prev) seen.set(key, { where: `${where}.${name}`, c });
        }
        walk(p, `${where}.${name}`);
      }
      for (const v of Object.values((n as { $defs?: Record<string, unknown> }).$defs ?? {})) walk(v, where);
    };
    for (const s of SCHEMAS) walk(ajv().getSchema(id(s))!.schema, s);
    expect(seen.size).toBeGreaterThan(5);
  });

  test('every x-rule names a known rule', () => {
    const idx = ruleIndex(P);
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) return n.forEach(walk);
      if (n && typeof n === 'object') {
        for (const [k, v] of Object.entries(n)) {
          if (k === 'x-rule') for (const r of [v].flat()) expect(idx.has(r as string), String(r)).toBe(true);
          walk(v);
        }
      }
    };
    for (const s of SCHEMAS) walk(ajv().getSchema(id(s))!.schema);
  });

  test("the seed's body, printed and older, is a valid create request", () => {
    expect(validate(id('create-request'), seedBody()).ok).toBe(true);
    const older = JSON.parse(readFileSync(join(FIXTURES, P, 'example-bodies/seed-create-older.compact.json'), 'utf8'));
    expect(validate(id('create-request'), older).ok).toBe(true);
  });

  test.each<[string, (b: Record<string, any>) => void]>([
    ['amount as a string', (b) => (b.amount = '123.42')],
    ['amount 0', (b) => (b.amount = 0)],
    ['pan with letters', (b) => (b.from.card.pan = '4400abcd00004440')],
    ['pan too short', (b) => (b.from.card.pan = '440044440000')],
    ['cvc as a number', (b) => (b.from.card.cvc = 123)],
    ['month 13', (b) => (b.from.card.month = 13)],
    ['year 2030', (b) => (b.from.card.year = 2030)],
    ['missing order_id', (b) => delete b.order_id],
    ['missing card', (b) => delete b.from.card],
    ['unknown field', (b) => (b.extra = 1)],
    ['from.type token', (b) => (b.from.type = 'token')],
    ['user_ip not IPv4', (b) => (b.device.user_ip = '256.1.1.1')],
    ['result_url not http(s)', (b) => (b.urls.result_url = 'ftp://x/y')],
  ])('create request refused: %s', (_n, mutate) => {
    const b = seedBody();
    mutate(b);
    expect(validate(id('create-request'), b).ok).toBe(false);
  });

  test('read: id or order_id, each required only when the other is missing', () => {
    const pid = uuidv7();
    expect(validate(id('read-request'), {}).ok).toBe(false);
    expect(validate(id('read-request'), { id: pid }).ok).toBe(true);
    expect(validate(id('read-request'), { order_id: 'o-1' }).ok).toBe(true);
    expect(validate(id('read-request'), { id: pid, order_id: 'o-1' }).ok).toBe(true);
    expect(validate(id('read-request'), { id: 'nope' }).ok).toBe(false);
  });

  test('edit: per action', () => {
    const e = (a: string) => `https://paycert.local/specs/${P}/schemas/edit-request.schema.json#/$defs/${a}`;
    expect(validate(e('reverse'), { order_id: 'o-1' }).ok).toBe(true);
    expect(validate(e('reverse'), { order_id: 'o-1', amount: 1 }).ok).toBe(false);
    expect(validate(e('refund'), { order_id: 'o-1', amount: 10.5 }).ok).toBe(true);
    expect(validate(e('refund'), { order_id: 'o-1' }).ok).toBe(false);
    expect(validate(e('clearing'), { amount: 10.5 }).ok).toBe(false);
  });

  test('jws-header: the seed header passes, alg none and a missing field do not', () => {
    expect(validate(id('jws-header'), JSON.parse(G2G_HEADER)).ok).toBe(true);
    expect(validate(id('jws-header'), { ...JSON.parse(G2G_HEADER), alg: 'none' }).ok).toBe(false);
    const { params: _p, ...noParams } = JSON.parse(G2G_HEADER) as Record<string, string>;
    expect(validate(id('jws-header'), noParams).ok).toBe(false);
  });

  test('request headers built by requestHeaders validate (lowercased as Node presents them)', () => {
    const h = requestHeaders({ action: 'gateway.payment.status', signature: 'aGVhZGVy..c2ln' });
    const lower = Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
    expect(validate(id('request-headers'), lower).ok).toBe(true);
    expect(validate(id('request-headers'), { ...lower, 'content-type': 'text/plain' }).ok).toBe(false);
    expect(validate(id('request-headers'), { ...lower, 'x-jws-signature': 'a.b.c' }).ok).toBe(false);
  });

  test('a sandbox reply passes the response schemas', () => {
    const rid = uuidv7();
    expect(
      validate(id('response-headers'), {
        'content-type': 'application/json; charset=utf-8',
        'x-request-id': rid,
        'x-datetime': '2025-06-27T11:39:33.123Z',
        'x-request-status': 'success',
      }).ok,
    ).toBe(true);
    // RFC 9110 8.3.1: a quoted charset value is the same parameter (an edge proxy writes it so)
    expect(
      validate(id('response-headers'), {
        'content-type': 'application/json;charset="UTF-8"',
        'x-request-id': rid,
        'x-datetime': '2025-06-27T11:39:33.123Z',
        'x-request-status': 'success',
      }).ok,
    ).toBe(true);
    expect(
      validate(id('response-headers'), {
        'content-type': 'application/json',
        'x-request-id': rid,
        'x-datetime': '2025-06-27 11:39:33',
        'x-request-status': 'success',
      }).ok,
    ).toBe(false);
    // RFC 3339 time-secfrac is "." 1*DIGIT (Go RFC3339Nano, Java Instant: 9 digits); a space for T by
    // agreement (§5.6 NOTE; seed 000 prints its own time so), an offset always
    for (const [dt, ok] of [
      ['2026-12-05T22:02:49.387434009Z', true],
      ['2026-12-05 22:02:49+00:00', true],
      ['2026-12-05t22:02:49.1z', true],
      ['2026-12-05T22:02:49.Z', false],
      ['2026-12-05 22:02:49.387434009', false],
      // seed 000 documents no format: an HTTP-date (RFC 9110 §5.6.7 IMF-fixdate) names the instant too
      ['Sat, 05 Dec 2026 22:02:49 GMT', true],
      ['Sat, 05 Dec 2026 22:02:49', false],
      ['Saturday, 05-Dec-26 22:02:49 GMT', false],
    ] as const)
      expect(
        validate(id('response-headers'), {
          'content-type': 'application/json',
          'x-request-id': rid,
          'x-datetime': dt,
          'x-request-status': 'success',
        }).ok,
        dt,
      ).toBe(ok);
    // seed 000 documents no values: the reference's two words, in any letter case
    for (const [status, ok] of [
      ['SUCCESS', true],
      ['Error', true],
      ['ok', false],
      ['successful', false],
    ] as const)
      expect(
        validate(id('response-headers'), {
          'content-type': 'application/json',
          'x-request-id': rid,
          'x-datetime': '2025-06-27T11:39:33.123Z',
          'x-request-status': status,
        }).ok,
        status,
      ).toBe(ok);
    const payment = {
      id: rid,
      order_id: 'order_id',
      status: 'declined',
      amount: 123.42,
      currency: 'KZT',
      description: 'description',
      user_id: 'user_id',
      auto_clearing: true,
      cleared_amount: 0,
      refunded_amount: 0,
      masked_pan: '440044******4440',
      decline: { code: 4001, name: 'declined-by-issuer', message: { en: 'x', ru: 'х' } },
      created_at: '2025-06-27T11:39:33.123Z',
      updated_at: '2025-06-27T11:39:33.123+05:00',
    };
    expect(validate(id('payment'), payment).ok).toBe(true);
    expect(validate(id('payment'), { ...payment, masked_pan: '4400444400004440' }).ok).toBe(false);
    // the vendor's own masks (seed 001 "5483-18XX-XXXX-0293"): separators, X or *, at most 6 + 4 shown
    for (const m of ['5483-18XX-XXXX-0293', '5483 18** **** 0293', '440044XXXXXX4440', '************4440'])
      expect(validate(id('payment'), { ...payment, masked_pan: m }).ok, m).toBe(true);
    for (const m of ['4400-4444-0000-4440', '4400 4444 0000 4440', '5483-183X-XXXX-0293', '5483-18XX-XX1X-0293'])
      expect(validate(id('payment'), { ...payment, masked_pan: m }).ok, m).toBe(false);
    expect(validate(id('payment'), { ...payment, pan: '4400444400004440' }).ok).toBe(false);
    const err = {
      error: {
        code: 2002,
        name: 'invalid-field',
        message: { en: 'x', ru: 'х' },
        violations: [{ field: 'from.card.pan', kind: 'charset', code: 2002 }],
      },
    };
    expect(validate(id('error'), err).ok).toBe(true);
    expect(validate(id('error'), { code: 2002 }).ok).toBe(false);
  });
});
