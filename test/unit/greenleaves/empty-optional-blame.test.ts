import { describe, expect, test } from 'vitest';
import { buildXml, salt, sign, type PgMessage } from '../../../src/protocols/greenleaves/index.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import { CHECKS } from '../../../suites/registry.ts';
import { referenceBehindProxies, replyRewritingProxy } from '../harness/request-proxy.ts';
import { otherFieldRefused } from '../../../suites/greenleaves/fields.checks.ts';
import type { GreenleavesReply } from '../../../src/sdk/greenleaves.ts';

// GL-PAY-11 (an optional field sent empty is taken as not sent) judged on a gateway that refuses
// pg_description letters beyond the Russian alphabet (probe16's charset_strict: Kazakh letters are inside
// paycert's advised charset, so its random valid requests carry them). The empty-field case must not be
// blamed for the description: it starts from the control request the gateway took (probe16: "pg_recurring_start
// sent empty was refused: … pg_description bad format", with pg_description = І).
const ref = referenceBehindProxies('greenleaves');
const STRICT = /^[0-9A-Za-zА-Яа-яЁё .-]+$/;

function strictDescription(body: string, url: string): string {
  const sent = new URLSearchParams(body);
  const d = sent.get('pg_description');
  if (url !== '/g2g/payment' || d === null || STRICT.test(d)) return '';
  const { secretKey } = credentials('greenleaves');
  const m: PgMessage = {
    pg_status: 'error',
    pg_error_code: '9999',
    pg_error_description: 'Ошибка в параметрах запроса: pg_description bad format',
    pg_salt: salt(),
  };
  return buildXml({ ...m, pg_sig: sign('payment', m, secretKey) });
}

test('a refusal of the description is not blamed on an optional field sent empty (GL-PAY-11)', async () => {
  const proxy = ref.keep(
    await replyRewritingProxy(ref.handle.url, (b, ctx) => strictDescription(ctx.sent.toString('utf8'), ctx.url) || b),
  );
  const check = CHECKS.greenleaves.find((c) => c.id === 'gl.fields.payment.violations')!;
  const r = await runCheck(
    check,
    { ...subjectOf(ref.handle, 'gateway'), baseUrl: proxy.url },
    {
      seed: 1,
      plan: 'full',
      runs: 30,
    },
  );
  const why = JSON.stringify([r.ruleOutcomes, r.ruleReasons, r.failures]);
  // the control went through (else nothing would be judged), and the empty fields were judged
  expect(r.ruleOutcomes['GL-PAY-02'], why).toBe('passed');
  expect(r.ruleOutcomes['GL-PAY-11'], why).toBe('passed');
  // nor is a violation of another field (pg_order_id missing) blamed for the description's refusal
  expect(r.ruleOutcomes['GL-PAY-03'], why).toBe('passed');
  // the description's own charset case is still judged on it (outside the advised charset, refused)
  expect(r.ruleOutcomes['GL-PAY-09'], why).toBe('failed');
});

describe('otherFieldRefused: a refusal that names another field than the one under test', () => {
  const reply = (status: string, text: string): GreenleavesReply => {
    const message = { pg_status: status, pg_error_code: '9999', pg_error_description: text };
    return {
      http: {} as GreenleavesReply['http'],
      message,
      signedAs: () => true,
      field: (n) => message[n as 'pg_status'],
    };
  };
  const m = { pg_amount: '1', pg_description: 'І', pg_recurring_start: '' };
  test('names the other field', () => {
    const r = reply('error', 'Ошибка в параметрах запроса: pg_description bad format');
    expect(otherFieldRefused(m, r, 'pg_recurring_start')).toBe('pg_description');
  });
  test('not when it names the field under test too, names none, or the request was taken', () => {
    expect(otherFieldRefused(m, reply('error', 'pg_recurring_start and pg_description'), 'pg_recurring_start')).toBe(
      undefined,
    );
    expect(otherFieldRefused(m, reply('error', 'invalid request'), 'pg_recurring_start')).toBe(undefined);
    expect(otherFieldRefused(m, reply('ok', 'pg_description'), 'pg_recurring_start')).toBe(undefined);
  });
  test('a longer name is not the field (pg_amount_interval_from is not pg_amount)', () => {
    expect(otherFieldRefused(m, reply('error', 'pg_amount_interval_from bad'), 'pg_recurring_start')).toBe(undefined);
  });
});
