import { quote } from '../../../src/harness/clip.ts';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { defineChecks } from '../../../src/harness/check.ts';
import {
  buildXml,
  parseXml,
  scriptName,
  sign,
  toForm,
  verify,
  type PgMessage,
} from '../../../src/protocols/greenleaves/index.ts';
import { encodeMultipart } from '../../../src/protocols/common/form.ts';
import type { SdkSession } from '../../../src/harness/sdk.ts';
import { card, cardFields, pageFields, type Ctx } from '../support.ts';
import { describeAnswer, secretIn, sentSince } from '../../sdk-support.ts';
import {
  callbackFields,
  documentedFields,
  requestFields,
  requestSchemaBreaks,
  RESULT_URL,
  undocumentedBody,
} from './support.ts';

const base = { profile: 'greenleaves', subject: 'sdk', area: 'sdk' } as const;
const GOOD_CARD = () => card({ auth: true, threeDs: false });

/** Judge every request the SDK sent for one operation (signature, salt, fields, secret). */
function judgeRequests(t: Ctx, sent: ReturnType<typeof sentSince>, input: PgMessage, salts: string[]): void {
  const docs = documentedFields();
  for (const r of sent) {
    const f = requestFields(r);
    const path = r.path.split('?')[0]!;
    const salt = typeof f.pg_salt === 'string' ? f.pg_salt : undefined;
    if (salt) salts.push(salt);
    t.expect('GL-SDK-01', salt !== undefined && salt !== '', `${path}: no pg_salt`);
    const sig = typeof f.pg_sig === 'string' ? f.pg_sig : undefined;
    t.expect(
      'GL-SDK-01',
      sig !== undefined && verify(scriptName(path), f, t.credentials.secretKey, sig),
      `${path}: pg_sig ${sig ?? '(none)'} does not verify for script "${scriptName(path)}"`,
    );
    const extra = Object.keys(f).filter((k) => !docs.has(k) && !(k in input));
    t.expect(
      'GL-SDK-03',
      extra.length === 0,
      `${path}: undocumented field(s) ${extra.join(', ')} that the caller did not give`,
    );
    const broken = requestSchemaBreaks(path, f);
    t.expect('GL-SDK-03', broken === undefined, `${path}: the request breaks ${broken}`);
    const where = secretIn(r);
    t.expect('GL-SDK-09', where === undefined, `${path}: the secret key is in ${where}`);
    const body = undocumentedBody(r);
    t.expect('GL-SDK-12', body === undefined, `${path}: ${body}`);
  }
}

function judgeSalts(t: Ctx, salts: string[]): void {
  if (salts.length < 2) return; // nothing to compare: GL-SDK-02 is not judged by this run
  const dup = salts.find((s, i) => salts.indexOf(s) !== i);
  t.expect('GL-SDK-02', dup === undefined, `pg_salt "${dup}" was sent twice`);
}

async function payment(t: Ctx, sdk: SdkSession, extra: PgMessage = {}) {
  const input = cardFields(GOOD_CARD(), extra);
  const from = sdk.gateway.requests.length;
  const answer = await sdk.call('payment.create', { fields: input });
  return { input, answer, sent: sentSince(t, sdk.gateway.requests, from, 'payment.create', answer) };
}

/** Replace the XML text of a tag (or drop it when `to` is undefined). */
function retag(xml: string, tag: string, to: ((v: string) => string) | undefined): string {
  const re = new RegExp(`<${tag}>([^<]*)</${tag}>\\s*`);
  return xml.replace(re, (_m, v: string) => (to ? `<${tag}>${to(v)}</${tag}>` : ''));
}

/** A result_url call as the gateway sends it: a multipart POST (the seed's sample). */
function callbackRequest(fields: PgMessage) {
  const pairs = toForm(fields);
  const boundary = `----paycert${randomBytes(8).toString('hex')}`;
  return {
    method: 'POST',
    url: RESULT_URL,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: encodeMultipart(pairs, boundary),
  };
}

function signedCallback(t: Ctx, extra: PgMessage = {}): PgMessage {
  const f = callbackFields(String(100000 + Math.floor(Math.random() * 899999)), extra);
  f.pg_sig = sign(scriptName(RESULT_URL), f, t.credentials.secretKey);
  return f;
}

interface Answer {
  status?: string;
  message?: PgMessage;
  /** the adapter's `accepted`: handed to the application as genuine; undefined when it does not report
   *  it (optional, specs/greenleaves/sdk.json): the call is then judged on its answer alone */
  accepted?: boolean;
  /** the adapter's optional `paid` (GL-SDK-13) */
  paid?: boolean;
  raw: string;
}

/** Taken as genuine by what the handler showed: its answer ok, or its report of handing the payment over. */
const taken = (a: Answer): boolean => a.status === 'ok' || a.accepted === true;
/** A genuine call taken: answered ok, and not reported as kept from the application. */
const tookGenuine = (a: Answer): boolean => a.status === 'ok' && a.accepted !== false;

async function handle(t: Ctx, sdk: SdkSession, fields: PgMessage, accept: boolean, note: string): Promise<Answer> {
  const a = await sdk.call('callback.handle', { request: callbackRequest(fields), accept }, { note });
  if (!a.ok) return { raw: describeAnswer(a) };
  const body = typeof a.output.body === 'string' ? a.output.body : '';
  let message: PgMessage | undefined;
  try {
    message = parseXml(body).message;
  } catch {
    /* not XML: no status */
  }
  const status = message && typeof message.pg_status === 'string' ? message.pg_status : undefined;
  const flag = (v: unknown) => (typeof v === 'boolean' ? v : undefined);
  const [accepted, paid] = [flag(a.output.accepted), flag(a.output.paid)];
  return {
    status,
    message,
    ...(accepted !== undefined && { accepted }),
    ...(paid !== undefined && { paid }),
    raw: quote(body, 300),
  };
}

export const checks = defineChecks(base, [
  {
    id: 'gl.sdk.requests',
    title: 'every request the SDK sends is signed for its endpoint, with a fresh salt, documented fields and no secret',
    rules: ['GL-SDK-01', 'GL-SDK-02', 'GL-SDK-03', 'GL-SDK-09', 'GL-SDK-12'],
    plans: ['smoke', 'full'],
    async run(t) {
      const sdk = await t.sdk();
      const salts: string[] = [];
      const desc = fc.stringMatching(/^[A-Za-z0-9 .,#:А-Яа-я-]{1,60}$/);
      await t.property(
        'GL-SDK-01',
        fc.record({ description: desc, amount: fc.integer({ min: 1, max: 999_999 }) }),
        async (v) => {
          const { input, sent } = await payment(t, sdk, { pg_description: v.description, pg_amount: String(v.amount) });
          judgeRequests(t, sent, input, salts);
        },
      );
      // nested receipt positions (signed flattened), and the caller's own fields: one with a capital
      // letter (byte order: 'S' < 'p' < 's') and one empty (an empty value still takes its place)
      const receipt = [1, 2].map((i) => ({ count: String(i), name: `Item ${i}`, tax_type: '0', price: '10' }));
      const input = pageFields({ pg_receipt_positions: receipt, Shop_ref: 'A-1', shop_note: '' });
      // sent twice with the same input (a shop retrying an order): a salt derived from the input
      // (md5 of the order id) is then sent twice, which random inputs alone never show
      for (let i = 0; i < 2; i++) {
        const from = sdk.gateway.requests.length;
        const answer = await sdk.call('payment_page.create', { fields: input });
        judgeRequests(t, sentSince(t, sdk.gateway.requests, from, 'payment_page.create', answer), input, salts);
      }
      // the operations on a payment: each is signed for its own endpoint (an SDK without one answers
      // unsupported and sends nothing to judge)
      const idOf = async () => {
        const { answer } = await payment(t, sdk, { pg_auto_clearing: '0' });
        const id = answer.ok ? (answer.output.fields as PgMessage | undefined)?.pg_payment_id : undefined;
        return typeof id === 'string' && id !== '' ? id : '1';
      };
      const [twoStep, toCancel] = [await idOf(), await idOf()];
      const ops: Array<[string, PgMessage]> = [
        ['payment.clearing', { pg_payment_id: twoStep, pg_clearing_amount: '300' }],
        ['payment.refund', { pg_payment_id: twoStep, pg_amount: '100' }],
        ['payment.cancel', { pg_payment_id: toCancel }],
        ['status.get', { pg_payment_id: twoStep }],
      ];
      for (const [op, fields] of ops) {
        const from = sdk.gateway.requests.length;
        const a = await sdk.call(op, { fields });
        const sent = sdk.gateway.requests.slice(from);
        if (sent.length === 0) {
          t.note(`${op}: the SDK sent no request (${describeAnswer(a)}), so it is not judged`);
          continue;
        }
        judgeRequests(t, sent, fields, salts);
      }
      judgeSalts(t, salts);
    },
  },
  {
    id: 'gl.sdk.reply-verification',
    title:
      'a reply changed after signing, wrongly signed or unsigned is reported as a signature error, never as a success',
    rules: ['GL-SDK-04'],
    plans: ['smoke', 'full'],
    async run(t) {
      const sdk = await t.sdk();
      const clean = await payment(t, sdk);
      if (!clean.answer.ok)
        t.inconclusive(
          `an untouched payment was not a success, so a tampered one cannot be told apart: ${describeAnswer(clean.answer)}`,
        );
      const tampers: Array<[string, (xml: string) => string]> = [
        ['pg_payment_id changed after signing', (x) => retag(x, 'pg_payment_id', (v) => `${v}1`)],
        [
          'pg_sig of another message',
          (x) => retag(x, 'pg_sig', (v) => (v.startsWith('0') ? `1${v.slice(1)}` : `0${v.slice(1)}`)),
        ],
        // a comparison of the leading characters only (Perl's ==, which reads a hex string as its leading
        // digits; a prefix compare) takes this one: the other two differ from the first character on
        ['pg_sig with its last character changed', (x) => retag(x, 'pg_sig', lastCharChanged)],
        ['no pg_sig', (x) => retag(x, 'pg_sig', undefined)],
      ];
      for (const [what, change] of tampers) {
        // judged only on a reply that was a success before it was changed: a refused request (a salt
        // the gateway does not take) gives an error reply, which the SDK reports as such
        let untouched = '';
        for (let attempt = 0; attempt < 2 && !/<pg_status>ok<\/pg_status>/.test(untouched); attempt++) {
          sdk.gateway.next({
            kind: 'transform',
            change: (reply) => {
              untouched = reply.text;
              return { ...reply, text: change(reply.text) };
            },
          });
          const { answer } = await payment(t, sdk);
          if (!/<pg_status>ok<\/pg_status>/.test(untouched)) continue;
          t.expect(
            'GL-SDK-04',
            !answer.ok && answer.error.kind === 'signature',
            `a reply with ${what} was reported as ${describeAnswer(answer)}`,
          );
        }
        if (!/<pg_status>ok<\/pg_status>/.test(untouched))
          t.cannotJudge(
            'GL-SDK-04',
            `the payment whose reply was to get ${what} was refused twice, so there was no success reply to change: ${quote(untouched, 200)}`,
          );
      }
    },
  },
  {
    id: 'gl.sdk.error-replies',
    title: 'a documented error reply reaches the caller as an error with its pg_error_code',
    rules: ['GL-SDK-05'],
    async run(t) {
      const sdk = await t.sdk();
      const from = sdk.gateway.requests.length;
      const answer = await sdk.call('status.get', { fields: { pg_payment_id: '1' } });
      const [r] = sentSince(t, sdk.gateway.requests, from, 'status.get', answer);
      let code: string | undefined;
      try {
        const m = parseXml(r!.replyText ?? '').message;
        if (m.pg_status === 'error' && typeof m.pg_error_code === 'string') code = m.pg_error_code;
      } catch {
        /* judged below */
      }
      if (!code)
        t.inconclusive(
          `the gateway did not answer the status of an unknown payment with an error reply: ${quote(r!.replyText ?? '', 200)}`,
        );
      t.expect(
        'GL-SDK-05',
        !answer.ok && answer.error.kind === 'rejected' && answer.error.code === code,
        `the gateway answered pg_error_code ${code}; the SDK reported ${describeAnswer(answer)}`,
      );
    },
  },
  {
    id: 'gl.sdk.callback-forged',
    title: 'a forged or tampered result_url call is refused and not reported as paid',
    rules: ['GL-SDK-06'],
    plans: ['smoke', 'full'],
    async run(t) {
      const sdk = await t.sdk();
      const genuine = await handle(t, sdk, signedCallback(t), true, 'a genuine call');
      if (!taken(genuine))
        t.inconclusive(
          `a genuine call was neither answered ok nor handed to the application (see GL-SDK-11), so refusals cannot be told apart: ${genuine.raw}`,
        );
      const forged: Array<[string, PgMessage]> = [];
      const changed = signedCallback(t);
      changed.pg_amount = '5';
      forged.push(['pg_amount changed after signing', changed]);
      const unsigned = signedCallback(t);
      delete unsigned.pg_sig;
      forged.push(['no pg_sig', unsigned]);
      const other = callbackFields('424242');
      other.pg_sig = sign(scriptName(RESULT_URL), other, `${t.credentials.secretKey}-not`);
      forged.push(['signed with another key', other]);
      // a comparison of the leading characters only (Perl's ==, a prefix compare) takes no other forgery
      const lastChanged = signedCallback(t);
      lastChanged.pg_sig = lastCharChanged(lastChanged.pg_sig as string);
      forged.push(['pg_sig with its last character changed', lastChanged]);
      const wrongScript = callbackFields('434343');
      wrongScript.pg_sig = sign('payment', wrongScript, t.credentials.secretKey);
      forged.push(['signed for another script', wrongScript]);
      for (const [what, f] of forged) {
        const a = await handle(t, sdk, f, true, `a forged call: ${what}`);
        t.expect(
          'GL-SDK-06',
          !taken(a),
          `a call with ${what} was answered ${a.status ?? a.raw}${a.accepted ? ' and handed to the application' : ''}`,
        );
      }
    },
  },
  {
    id: 'gl.sdk.callback-genuine',
    title: "a genuine result_url call, with the merchant's own fields and values a form decoder can spoil, is taken",
    rules: ['GL-SDK-11'],
    plans: ['smoke', 'full'],
    async run(t) {
      const sdk = await t.sdk();
      const cases: Array<[string, PgMessage]> = [
        ["the seed's sample", {}],
        // the seed's sample carries the merchant's own fields ("Параметры мерчанта"): they are signed too
        ["the merchant's own fields", { shop_order: 'A-7', Shop_ref: 'r1', shop_note: '' }],
        // "+", "%" and "&" as they arrive in a multipart part: never URL-decoded
        [
          'values with "+", "%" and "&"',
          { pg_user_phone: '+77077777777', pg_description: 'Скидка 10% & доставка +1', shop_order: 'a+b=c%2B' },
        ],
      ];
      for (const [what, extra] of cases) {
        const a = await handle(t, sdk, signedCallback(t, extra), true, `a genuine call: ${what}`);
        t.expect(
          'GL-SDK-11',
          tookGenuine(a),
          `a genuine call (${what}; its pg_sig verifies for script "${scriptName(RESULT_URL)}") was answered ${a.status ?? a.raw}${a.accepted === false ? ', not handed to the application' : ''}`,
        );
      }
    },
  },
  {
    id: 'gl.sdk.callback-paid',
    title: 'a genuine result_url call is reported paid only when its pg_result is 1',
    rules: ['GL-SDK-13'],
    async run(t) {
      const sdk = await t.sdk();
      // the paid flag is optional in the adapter protocol: judged on the answers that carry one
      let judged = false;
      for (const [result, want] of [
        ['1', true],
        ['0', false],
      ] as const) {
        const what = `a genuine call with pg_result=${result} (${want ? 'a successful' : 'a failed'} payment, the seed's ${want ? 'positive' : 'negative'} sample)`;
        const a = await handle(t, sdk, signedCallback(t, { pg_result: result }), true, what);
        const paid = a.paid;
        if (paid === undefined) continue;
        // a genuine call the SDK did not take at all is GL-SDK-11's: not paid for that reason alone
        if (want && !tookGenuine(a)) continue;
        judged = true;
        t.expect('GL-SDK-13', paid === want, `${what} was reported ${paid ? 'paid' : 'not paid'}`);
      }
      if (!judged)
        t.notJudged('GL-SDK-13', 'the SDK reports no paid flag for a result_url call (optional, docs/sdk-adapter.md)');
    },
  },
  {
    id: 'gl.sdk.callback-answer',
    title: "the SDK's answer to a result_url call is signed for the merchant's URL",
    rules: ['GL-SDK-07'],
    async run(t) {
      const sdk = await t.sdk();
      const script = scriptName(RESULT_URL);
      const cases: Array<[string, PgMessage, boolean]> = [
        ['an accepted payment', signedCallback(t), true],
        ['a payment the shop cannot deliver, pg_can_reject=1', signedCallback(t, { pg_can_reject: '1' }), false],
        ['a payment the shop cannot deliver, pg_can_reject=0', signedCallback(t, { pg_can_reject: '0' }), false],
      ];
      for (const [what, f, accept] of cases) {
        const a = await handle(t, sdk, f, accept, what);
        const m = a.message;
        if (!m) return t.inconclusive(`the SDK's answer to ${what} is not an XML answer: ${a.raw}`);
        const sig = typeof m.pg_sig === 'string' ? m.pg_sig : undefined;
        const ok = sig !== undefined && verify(script, m, t.credentials.secretKey, sig);
        // the right MD5 for the right script, only in capitals: say so, not "another script"
        const upper = !ok && sig !== undefined && verify(script, m, t.credentials.secretKey, sig.toLowerCase());
        t.expect(
          'GL-SDK-07',
          ok,
          upper
            ? `the answer to ${what} is signed for script "${script}" but its pg_sig ${sig} is uppercase (pg_sig is 32 lowercase hex characters, compared exactly): ${quote(buildXml(m), 300)}`
            : `the answer to ${what} is not signed for script "${script}": ${quote(buildXml(m), 300)}`,
        );
      }
    },
  },
  {
    id: 'gl.sdk.callback-reject',
    title: 'the SDK answers rejected a payment the shop cannot deliver while pg_can_reject=1, and only then',
    rules: ['GL-SDK-08', 'GL-SDK-10'],
    async run(t) {
      const sdk = await t.sdk();
      // an SDK that does not take a genuine call answers every call alike (GL-SDK-11 judges that):
      // whether it would reject, with or without pg_can_reject=1, is then unknown
      const genuine = await handle(t, sdk, signedCallback(t), true, 'a genuine call');
      if (!tookGenuine(genuine))
        t.inconclusive(`a genuine call was not taken (see GL-SDK-11), so a refusal cannot be judged: ${genuine.raw}`);
      const may = 'a payment the shop cannot deliver, pg_can_reject=1';
      const b = await handle(t, sdk, signedCallback(t, { pg_can_reject: '1' }), false, may);
      t.expect(
        'GL-SDK-10',
        b.status === 'rejected',
        `${may} (a genuine call: its pg_sig verifies for script "${scriptName(RESULT_URL)}") was answered ${b.status ?? b.raw}`,
      );
      const what = 'a payment the shop cannot deliver, pg_can_reject=0';
      const a = await handle(t, sdk, signedCallback(t, { pg_can_reject: '0' }), false, what);
      t.expect('GL-SDK-08', a.status !== 'rejected', `${what} was answered rejected`);
    },
  },
]);

/** A pg_sig with only its last hex digit changed: taken by a comparison of its leading characters only
 *  (Perl's ==, which reads a hex string as its leading digits; a prefix compare). */
function lastCharChanged(sig: string): string {
  return `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`;
}
