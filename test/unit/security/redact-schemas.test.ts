import { afterAll, describe, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultSchemaDirs, redact, redactText, useSchemas } from '../../../src/harness/redact.ts';

// Set before the first redaction in this process: nothing calls registerSecret here, the
// configured secrets of every profile must be picked up from the environment by redact.ts itself.
const ENV_SECRETS = {
  PAYCERT_GREENLEAVES_SECRET_KEY: 'unit-gl-secret-a1b2c3',
  PAYCERT_GREENLEAVES_V5_OTHER_SECRET_KEY: 'unit-v5-other-d4e5f6',
  PAYCERT_JYSAN_SHARED_SECRET: 'unit-jy-shared-0789ab',
};
Object.assign(process.env, ENV_SECRETS);

const FIXTURE = fileURLToPath(new URL('./fixtures/schemas', import.meta.url));
const PAN = '4716047261941981';

/** Top-level x-sensitive fields of the real schemas, found independently of redact.ts. */
function sensitiveTopLevel(): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const dir of defaultSchemaDirs()) {
    for (const f of readdirSync(dir)) {
      const s = JSON.parse(readFileSync(join(dir, f), 'utf8')) as {
        properties?: Record<string, { 'x-sensitive'?: boolean; 'x-gen'?: string; type?: string }>;
      };
      for (const [k, p] of Object.entries(s.properties ?? {}))
        if (p['x-sensitive'] && p.type === 'string') out.set(k, p['x-gen']);
    }
  }
  return out;
}

afterAll(() => useSchemas(defaultSchemaDirs()));

describe('redaction follows the schemas', () => {
  test('the configured secrets of every profile are redacted in any process, without registration', () => {
    for (const v of Object.values(ENV_SECRETS)) {
      expect(redactText(`<!-- ${v} --> x-echo: ${v}; {"k":"${v}"}`)).not.toContain(v);
      expect(JSON.stringify(redact({ nested: [`a ${v} b`] }))).not.toContain(v);
      expect(redactText(`k=${encodeURIComponent(`${v}&`)}`)).not.toContain(v);
      // a merchant that echoed its key reversed ("debug: key=9y3KterceSzQ7xH"): in every report
      const reversed = [...v].reverse().join('');
      expect(redactText(`debug: key=${reversed}; {"k":"${reversed}"}`)).not.toContain(reversed);
    }
  });

  test('every x-sensitive string field of the specs is masked (card numbers) or removed', () => {
    const fields = sensitiveTopLevel();
    expect(fields.size).toBeGreaterThan(8);
    for (const [k, gen] of fields) {
      const value = gen === 'pan' ? PAN : 'SeNsItIvE-Value42';
      for (const text of [`${k}=${value}&x=1`, `{"${k}":"${value}"}`, `<${k}>${value}</${k}>`]) {
        const r = redactText(text);
        expect(r, text).not.toContain(value);
        if (gen === 'pan') expect(r).toContain('471604******1981');
      }
      expect(JSON.stringify(redact({ [k]: value }))).not.toContain(value);
    }
  });

  test('an x-sensitive object (greenleaves-v5 card) is redacted whole: PAN masked, the rest removed', () => {
    const card = { name: 'IVAN PETROV', pan: PAN, cvc: '737', year: 29, month: 11 };
    const structured = JSON.stringify(redact({ from: { card } }));
    const text = redactText(JSON.stringify({ amount: '10.00', from: { card } }));
    for (const r of [structured, text]) {
      expect(r).toContain('471604******1981');
      expect(r).not.toMatch(/IVAN|737|29|11\b/);
    }
  });

  test('a field newly marked x-sensitive in a schema is redacted with no code change', () => {
    const before = redactText('acme_loyalty_token=tok-12345&acme_visible=yes');
    expect(before).toContain('tok-12345');
    useSchemas([...defaultSchemaDirs(), FIXTURE]);
    expect(redactText('acme_loyalty_token=tok-12345&acme_visible=yes')).toBe(
      'acme_loyalty_token=[removed]&acme_visible=yes',
    );
    expect(redactText('{"acme_loyalty_token": "tok-12345"}')).not.toContain('tok-12345');
    expect(redactText('<acme_loyalty_token>tok-12345</acme_loyalty_token>')).not.toContain('tok-12345');
    const r = redact({
      acme_loyalty_token: 'tok-12345',
      acme_visible: 'yes',
      acme_wallet: { holder: 'A HOLDER', pan: PAN },
    });
    expect(r.acme_visible).toBe('yes');
    expect(JSON.stringify(r)).not.toMatch(/tok-12345|A HOLDER|4716047261941981/);
    expect(JSON.stringify(r)).toContain('471604******1981');
  });
});
