// A /g2g/payment reply with pg_status=pending is followed on status_v2 to its outcome (probe23). Found in
// review: every final word but `failed` counted as accepted ("declined", "FAILED", a hostile reply), and
// unclipped in the reasons; a payment followed to `failed` was neither accepted nor refused, so GL-PAY-04
// ("a declining card was accepted") and GL-CB-17 ("taken although check_url never answered") failed on a
// decline; and each payment that stayed pending cost the whole wait, so a check of many payments against
// such a gateway spent its budget waiting.
import { expect, test } from 'vitest';
import { referenceBehindProxies, replyRewritingProxy } from '../harness/request-proxy.ts';
import { subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import { buildXml, parseXml, scriptName, sign, type PgMessage } from '../../../src/protocols/greenleaves/index.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { checks } from '../../../suites/greenleaves/index.ts';
import { card, cardFields, client, describe, gatewayChecks, ok } from '../../../suites/greenleaves/support.ts';

const ref = referenceBehindProxies('greenleaves');
const secret = () => credentials('greenleaves').secretKey;

/** The reference behind a proxy turning the /g2g/payment replies `which` says (ok ones, error ones) into
 *  pg_status=pending, and answering status_v2 for those payments with `word`; `reads` counts its reads
 *  by payment. */
async function pendingThen(which: 'ok' | 'error', word: string, limits: { callbackWaitMs?: number } = {}) {
  const ids = new Set<string>();
  const reads = new Map<string, number>();
  const p = await replyRewritingProxy(ref.handle.url, (body, ctx) => {
    const path = ctx.url.split('?')[0]!;
    if (path === '/g2g/payment') {
      const { root, message } = parseXml(body);
      if (message.pg_status !== which || typeof message.pg_payment_id !== 'string') return body;
      const { pg_error_code: _c, pg_error_description: _d, pg_sig: _s, ...rest } = message;
      const m: PgMessage = { ...rest, pg_status: 'pending' };
      ids.add(message.pg_payment_id);
      return buildXml({ ...m, pg_sig: sign('payment', m, secret()) }, root);
    }
    if (path === '/g2g/status_v2') {
      const id = new URLSearchParams(ctx.sent.toString('utf8')).get('pg_payment_id') ?? '';
      if (!ids.has(id)) return body;
      reads.set(id, (reads.get(id) ?? 0) + 1);
      const m: PgMessage = { pg_status: 'ok', pg_payment_id: id, pg_payment_status: word, pg_salt: 'abc123' };
      ctx.status = 200;
      return buildXml({ ...m, pg_sig: sign(scriptName('/g2g/status_v2'), m, secret()) }, 'response');
    }
    return body;
  });
  ref.keep(p);
  const s = subjectOf(ref.handle, 'gateway');
  return { subject: { ...s, baseUrl: p.url, limits: { ...s.limits, ...limits } }, reads, ids };
}

const run = async (id: string, subject: Awaited<ReturnType<typeof pendingThen>>['subject']) => {
  const r = await runCheck(
    checks.find((c) => c.id === id)!,
    subject,
    { seed: 1, plan: 'full' },
  );
  return { ...r, why: `${JSON.stringify(r.ruleOutcomes)} ${r.reason} ${JSON.stringify(r.ruleReasons)}` };
};

test.each(['declined', 'FAILED', 'error', 'Success', 'x'.repeat(300)])(
  'a payment followed to "%s" (no documented state) is neither accepted nor refused: inconclusive, the word clipped',
  async (word) => {
    const { subject } = await pendingThen('ok', word);
    const r = await run('gl.flow.decline', subject);
    expect(r.ruleOutcomes['GL-PAY-04'], r.why).toBe('inconclusive');
    expect(Object.values(r.ruleOutcomes), r.why).not.toContain('failed');
    expect(r.reason).toContain(`"${word.slice(0, 40)}"`);
    if (word.length > 40) expect(r.why).not.toContain(word.slice(0, 41));
  },
);

test.each(['success', 'revoked', 'refunded', 'partial_refund'])(
  'a payment followed to "%s" was taken: the control stands',
  async (word) => {
    const { subject } = await pendingThen('ok', word);
    const r = await run('gl.flow.decline', subject);
    expect(r.ruleOutcomes['GL-PAY-04'], r.why).toBe('passed');
  },
);

test('a declining card taken pending and followed to "failed" is declined (GL-PAY-04); its code cannot be judged', async () => {
  const { subject } = await pendingThen('error', 'failed');
  const r = await run('gl.flow.decline', subject);
  expect(r.ruleOutcomes['GL-PAY-04'], r.why).toBe('passed');
  expect(r.ruleOutcomes['GL-ERR-02'], r.why).toBe('inconclusive');
  expect(r.ruleOutcomes['GL-ERR-03'], r.why).toBe('inconclusive');
  expect(r.ruleReasons?.['GL-ERR-03'], r.why).toMatch(/status_v2 then said "failed"/);
});

test('a payment whose check_url never answered, taken pending and followed to "failed", was not taken (GL-CB-17)', async () => {
  const { subject } = await pendingThen('error', 'failed');
  const r = await run('gl.cb.check-timeout', subject);
  expect(r.ruleOutcomes['GL-CB-17'], r.why).toBe('passed');
});

test('describe() quotes the status_v2 word, clipped', async () => {
  const word = `<b>${'y'.repeat(200)}`;
  const { subject } = await pendingThen('ok', word);
  let shown = '';
  const [check] = gatewayChecks('flows', [
    {
      id: 'test.describe-followed',
      title: 'describe a followed payment',
      rules: ['GL-PAY-01'],
      async run(t) {
        const r = await client(t).call('/g2g/payment', cardFields(card({ auth: true, threeDs: false })));
        shown = describe(r);
      },
    },
  ]);
  await runCheck(check!, subject, { seed: 1, plan: 'full' });
  expect(shown).toContain(`(status_v2 then: "${word.slice(0, 40)}")`);
  expect(shown).not.toContain(word.slice(0, 41));
});

test('after one payment of a check stays pending through the wait, the next ones are read once, not waited for', async () => {
  const { subject, reads, ids } = await pendingThen('ok', 'pending', { callbackWaitMs: 400 });
  const outcomes: string[] = [];
  const [check] = gatewayChecks('flows', [
    {
      id: 'test.pending-payments',
      title: 'three payments that stay pending',
      rules: ['GL-PAY-01'],
      async run(t) {
        for (let i = 0; i < 3; i++) {
          const r = await client(t).call('/g2g/payment', cardFields(card({ auth: true, threeDs: false })));
          try {
            outcomes.push(String(ok(r)));
          } catch (e) {
            outcomes.push((e as Error).message);
          }
        }
      },
    },
  ]);
  await runCheck(check!, subject, { seed: 1, plan: 'full' });
  expect(ids.size).toBe(3);
  const [, ...later] = [...ids];
  for (const id of later) expect(reads.get(id), JSON.stringify([...reads])).toBe(1);
  expect(outcomes[0]).toMatch(/still said "pending" at the end of the wait/);
  expect(outcomes[2]).toMatch(/did not wait for its outcome, as an earlier payment of this check stayed pending/);
});
