import fc from 'fast-check';
import { defineChecks } from '../../../src/harness/check.ts';
import { sign, verify } from '../../../src/protocols/jysan/index.ts';
import { orderId, type Ctx } from '../support.ts';
import { describeAnswer, secretIn, sentForm, sentSince, verifiedAsGenuine } from '../../sdk-support.ts';
import { secretValues } from '../../../src/spec/credentials.ts';
import { keyMaterial } from './key-material.ts';

const base = { profile: 'jysan', subject: 'sdk', area: 'sdk' } as const;

// JY-SDK-01/03 judge the SHA-512 value (the seed gives no hex case); JY-SDK-08 the case (INFERRED),
// only of a P_SIGN whose value is right: of a missing or wrong one there is no case to judge
function judgeCase(t: Ctx, sig: string | undefined, right: boolean, what: string): void {
  if (typeof sig === 'string' && right)
    t.expect('JY-SDK-08', !/[A-F]/.test(sig), `${what}P_SIGN ${sig} is not lowercase hex`);
}

export const checks = defineChecks(base, [
  {
    id: 'jy.sdk.payment-form',
    title: 'the payment form carries a P_SIGN that verifies (LANGUAGE left out), a fresh NONCE and no secret',
    rules: ['JY-SDK-01', 'JY-SDK-02', 'JY-SDK-05', 'JY-SDK-08'],
    plans: ['smoke', 'full'],
    async run(t) {
      const sdk = await t.sdk();
      const nonces: string[] = [];
      const arb = fc.record({
        AMOUNT: fc
          .tuple(fc.integer({ min: 1, max: 9_999_999 }), fc.integer({ min: 0, max: 99 }))
          .map(([a, b]) => `${a}.${String(b).padStart(2, '0')}`),
        DESC: fc.stringMatching(/^[A-Za-z0-9 .,А-Яа-я-]{1,50}$/),
        LANGUAGE: fc.constantFrom('ru', 'en'),
      });
      await t.property('JY-SDK-01', arb, async (v) => {
        const a = await sdk.call('payment.form', { fields: { ORDER: orderId(), CURRENCY: 'KZT', ...v } });
        if (!a.ok) return t.inconclusive(`payment.form failed: ${describeAnswer(a)}`);
        const f = a.output.fields as Record<string, string> | undefined;
        if (!f || typeof f !== 'object') return t.inconclusive('payment.form gave no fields');
        if (f.NONCE !== undefined) nonces.push(f.NONCE);
        const right =
          typeof f.P_SIGN === 'string' && verify('payment', f, t.credentials.sharedSecret, f.P_SIGN.toLowerCase());
        t.expect(
          'JY-SDK-01',
          right,
          `P_SIGN ${f.P_SIGN ?? '(none)'} does not verify over ${JSON.stringify({ ...f, P_SIGN: undefined })}`,
        );
        const text = JSON.stringify(a.output);
        const leaked = secretValues().some((s) => s.length >= 4 && text.includes(s));
        t.expect('JY-SDK-05', !leaked, 'the payment form carries a configured secret');
        judgeCase(t, f.P_SIGN, right, '');
      });
      if (nonces.length > 1) {
        const dup = nonces.find((n, i) => nonces.indexOf(n) !== i);
        t.expect('JY-SDK-02', dup === undefined, `NONCE ${dup} was used for two payment forms`);
      }
    },
  },
  {
    id: 'jy.sdk.no-key-in-form',
    title: 'the payment form for the browser carries no encoding of SHARED_SECRET and no key derived from it',
    rules: ['JY-SDK-07'],
    plans: ['smoke', 'full'],
    async run(t) {
      const sdk = await t.sdk();
      const material = keyMaterial(t.credentials.sharedSecret);
      for (const LANGUAGE of ['ru', 'en']) {
        const fields = { ORDER: orderId(), AMOUNT: '1500.50', CURRENCY: 'KZT', DESC: 'paycert order', LANGUAGE };
        const a = await sdk.call('payment.form', { fields });
        if (!a.ok) return t.inconclusive(`payment.form failed: ${describeAnswer(a)}`);
        // every string of the output, the action URL included, compared case-insensitively (hex)
        const text = JSON.stringify(a.output).toLowerCase();
        const found = material.find((m) => text.includes(m.value.toLowerCase()));
        // the value itself is never printed: it is key material
        t.expect('JY-SDK-07', found === undefined, `the payment form carries ${found?.what ?? ''} of SHARED_SECRET`);
      }
    },
  },
  {
    id: 'jy.sdk.status-cancel',
    title: 'status and cancel requests carry the P_SIGN of their operation, and error codes reach the caller',
    rules: ['JY-SDK-03', 'JY-SDK-05', 'JY-SDK-06', 'JY-SDK-08'],
    async run(t) {
      const sdk = await t.sdk();
      for (const [op, input, sigOp] of [
        ['status.get', { order: orderId() }, 'status'],
        ['payment.cancel', { order: orderId(), amount: '10.00', description: 'paycert refund' }, 'cancel'],
      ] as const) {
        const from = sdk.gateway.requests.length;
        const a = await sdk.call(op, input);
        for (const r of sentSince(t, sdk.gateway.requests, from, op)) {
          const f = sentForm(r);
          const right =
            typeof f.P_SIGN === 'string' && verify(sigOp, f, t.credentials.sharedSecret, f.P_SIGN.toLowerCase());
          t.expect('JY-SDK-03', right, `${op}: P_SIGN ${f.P_SIGN ?? '(none)'} does not verify as ${sigOp}`);
          judgeCase(t, f.P_SIGN, right, `${op}: `);
          const where = secretIn(r);
          t.expect('JY-SDK-05', where === undefined, `${op}: the secret is in ${where}`);
          const code = /<code>\s*([0-9]+)\s*<\/code>/.exec(r.replyText ?? '')?.[1];
          // an order that was never paid: the bank answers with an error code
          if (code && code !== '0')
            t.expect(
              'JY-SDK-06',
              !a.ok && a.error.code === code,
              `${op}: the bank answered code ${code}; the SDK reported ${describeAnswer(a)}`,
            );
        }
      }
    },
  },
  {
    id: 'jy.sdk.backref',
    title: 'a result redirect whose sign does not verify is refused',
    rules: ['JY-SDK-04'],
    plans: ['smoke', 'full'],
    async run(t) {
      const sdk = await t.sdk();
      const secret = t.credentials.sharedSecret;
      const q: Record<string, string> = {
        order: orderId(),
        mpi_order: '12345',
        rrn: '123456789012',
        res_code: '0',
        amount: '1500.50',
        currency: 'KZT',
        res_desc: 'Approved',
      };
      q.sign = sign('redirect', q, secret);
      const genuine = await sdk.call('backref.verify', { query: q });
      if (!verifiedAsGenuine(genuine))
        t.inconclusive(`a genuine redirect was not verified: ${describeAnswer(genuine)}`);
      const forged: Array<[string, Record<string, string>]> = [
        ['amount changed after signing', { ...q, amount: '1.00' }],
        ['res_code changed after signing', { ...q, res_code: '05' }],
        ['no sign', Object.fromEntries(Object.entries(q).filter(([k]) => k !== 'sign'))],
        ['signed with another secret', { ...q, sign: sign('redirect', q, `${secret}x`) }],
      ];
      for (const [what, query] of forged) {
        const a = await sdk.call('backref.verify', { query });
        t.expect('JY-SDK-04', !verifiedAsGenuine(a), `a redirect with ${what} was reported as ${describeAnswer(a)}`);
      }
    },
  },
]);
