// A direct debit answered pg_status ok without pg_payment_id (the probe's gl-drop-payment-id, which drops it
// from every /g2g/payment success reply). GL-TOK-01 failed "direct debit of an approved card refused:
// pg_status=ok": it was not refused. GL-TOK-01 (MUST) says the debit is charged without CVC and without the
// payer, which an ok reply to a request without CVC shows; the reply's pg_payment_id is public material
// (digest §3.8) the rule does not state (the card payment's is GL-PAY-01's, whose statement names it).
import { expect, test } from 'vitest';
import { referenceBehindProxies, replyRewritingProxy } from '../harness/request-proxy.ts';
import { subjectOf } from '../../../src/harness/reference.ts';
import { buildXml, parseXml, sign } from '../../../src/protocols/greenleaves/index.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { judgeChecks } from '../harness/judge-checks.ts';

const ref = referenceBehindProxies('greenleaves');

/** The reference behind a proxy that rewrites the reply to each direct debit (a /g2g/payment with a
 *  pg_card_token) with `rewrite`, signing it again. */
async function debitsAnswered(rewrite: (m: Record<string, unknown>) => Record<string, unknown>) {
  const p = await replyRewritingProxy(ref.handle.url, (body, { url, sent }) => {
    if (url !== '/g2g/payment' || !sent.toString('utf8').includes('pg_card_token=')) return body;
    const { root, message } = parseXml(body);
    const m = rewrite(message) as typeof message;
    return buildXml({ ...m, pg_sig: sign('payment', m, credentials('greenleaves').secretKey) }, root);
  });
  ref.keep(p);
  return { ...subjectOf(ref.handle, 'gateway'), baseUrl: p.url };
}

test('a direct debit taken without pg_payment_id in its reply is not called refused', async () => {
  const s = await debitsAnswered(({ pg_payment_id: _drop, ...m }) =>
    m.pg_status === 'ok' ? m : { ...m, pg_payment_id: _drop },
  );
  const { results, shown } = await judgeChecks('greenleaves', ['gl.flow.direct-debit'], s);
  const r = results[0]!;
  expect(JSON.stringify([r.reason, r.failures]), shown).not.toMatch(/refused: pg_status=ok/);
  expect(r.ruleOutcomes['GL-TOK-01'], shown).toBe('passed');
  // the refusals of another payer and of an unknown token stand beside the card's own payer charged
  expect(r.ruleOutcomes['GL-TOK-02'], shown).toBe('passed');
  expect(r.notes.join('\n'), shown).toMatch(/accepted \(pg_status ok\) without a pg_payment_id/);
});

test('a direct debit refused says so, and one answered pending is followed, never called refused', async () => {
  const refused = await debitsAnswered((m) =>
    m.pg_status === 'ok'
      ? { pg_status: 'error', pg_error_code: '10001', pg_error_description: 'declined', pg_salt: m.pg_salt }
      : m,
  );
  const a = (await judgeChecks('greenleaves', ['gl.flow.direct-debit'], refused)).results[0]!;
  expect(a.ruleOutcomes['GL-TOK-01']).toBe('failed');
  expect(a.reason).toMatch(/direct debit of an approved card was refused: pg_status=error pg_error_code=10001/);
  // pending with its pg_payment_id: followed on status_v2 (probe23), which reports the charge
  const pending = await debitsAnswered((m) => (m.pg_status === 'ok' ? { ...m, pg_status: 'pending' } : m));
  const b = await judgeChecks('greenleaves', ['gl.flow.direct-debit'], pending);
  expect(b.results[0]!.ruleOutcomes['GL-TOK-01'], b.shown).toBe('passed');
  // pending without one: nothing to follow, so whether the card was charged does not show
  const unnamed = await debitsAnswered(({ pg_payment_id: _drop, ...m }) =>
    m.pg_status === 'ok' ? { ...m, pg_status: 'pending' } : { ...m, pg_payment_id: _drop },
  );
  const c = await judgeChecks('greenleaves', ['gl.flow.direct-debit'], unnamed);
  const r = c.results[0]!;
  expect(r.ruleOutcomes['GL-TOK-01'], c.shown).toBe('inconclusive');
  expect(JSON.stringify(r.ruleReasons), c.shown).toMatch(/answered pg_status pending/);
});
