import type { Listener, Received } from '../../src/harness/listener.ts';
import { fromForm, parseXml, verify, type PgMessage } from '../../src/protocols/greenleaves/index.ts';
import { answer } from './callbacks.checks.ts';
import { card, cardFields, client, declined, describe, paid, SCRIPTS, type Ctx, gatewayChecks } from './support.ts';
import { quote } from '../../src/harness/clip.ts';

/** The longest documented check_url deadline (30 s, digest open question 10): the payment's reply is
 *  waited for that long beyond the usual timeout. */
const CHECK_DEADLINE_MS = 30_000;

const pathOf = (r: Received): string => new URL(r.path, 'http://listener').pathname;

/** Markup characters (& < > " ') in the values an XML-mode call echoes: its pg_xml must be XML whose text is
 *  the value sent (GL-CB-15, GL-CB-16). Only here: paycert's other requests keep to plain values. (Was: every
 *  value was plain, and a gateway pasting them into pg_xml unescaped passed, probe16 xml_cb_no_escape.) */
const MARKUP = `Tom & Jerry <3 "x" 'y' ->`;
/** the payment's fields carrying MARKUP: its description and a merchant parameter of its own (echoed, GL-CB-13) */
const MARKED: PgMessage = { pg_description: MARKUP, shop_note: MARKUP };

/** A paid /g2g/payment with pg_request_method=`method`, check_url and result_url on one listener
 *  (both answered "ok"): the check call and the first result call as received, and the fields sent that the
 *  calls echo (`echoed`, XML only: MARKED). A gateway keeping pg_description to its advised charset (GL-PAY-09)
 *  refuses MARKUP there: the payment is sent again with the merchant parameter alone carrying it. */
async function payWithMethod(t: Ctx, method: 'GET' | 'XML') {
  const tries: PgMessage[] = method === 'XML' ? [MARKED, { shop_note: MARKUP }] : [{}];
  for (const [i, echoed] of tries.entries()) {
    const l = await t.listener();
    l.respond((r) => answer(t, pathOf(r).endsWith(`/${SCRIPTS.check}`) ? SCRIPTS.check : SCRIPTS.result, 'ok'));
    const p = await client(t).call(
      '/g2g/payment',
      cardFields(card({ auth: true, threeDs: false }), {
        pg_request_method: method,
        pg_check_url: l.url(SCRIPTS.check),
        pg_result_url: l.url(SCRIPTS.result),
        ...echoed,
      }),
    );
    if (!paid(p)) {
      if (i < tries.length - 1) continue;
      t.inconclusive(`the payment with pg_request_method=${method} was not accepted: ${describe(p)}`);
    }
    await waitForPath(t, l, `/${SCRIPTS.result}`);
    const find = (name: string) => l.received.find((r) => pathOf(r).endsWith(`/${name}`));
    return { check: find(SCRIPTS.check), result: find(SCRIPTS.result), echoed };
  }
  throw new Error('unreachable');
}

async function waitForPath(t: Ctx, l: Listener, suffix: string): Promise<void> {
  const until = Date.now() + t.subject.limits.callbackWaitMs;
  while (!l.received.some((r) => pathOf(r).endsWith(suffix)) && Date.now() < until)
    await l.waitFor(l.received.length + 1, Math.max(1, until - Date.now()));
}

/** The same payment by POST (the default pg_request_method), with `extra`: its `script`_url call as read, to
 *  tell a fault of the method from one of every call; undefined when it was not paid or not called. */
async function postCall(
  t: Ctx,
  script: 'check' | 'result',
  why: string,
  extra: PgMessage = {},
): Promise<PgMessage | undefined> {
  const l = await t.listener();
  l.respond(() => answer(t, SCRIPTS[script], 'ok'));
  const p = await client(t).call(
    '/g2g/payment',
    cardFields(card({ auth: true, threeDs: false }), { [`pg_${script}_url`]: l.url(SCRIPTS[script]), ...extra }),
    { note: `the same call by POST, to tell ${why}` },
  );
  const got = await l.waitFor(1, t.subject.limits.callbackWaitMs);
  if (!paid(p) || got.length === 0) return undefined;
  return fromForm(got[0]!.form);
}

/** Does a plain POST call (the default pg_request_method) to `script`_url verify with that script name? */
async function postVerifies(t: Ctx, script: 'check' | 'result'): Promise<boolean> {
  const m = await postCall(t, script, `a ${script}_url script-name fault from a method fault`);
  return m !== undefined && verify(SCRIPTS[script], m, t.credentials.secretKey, m.pg_sig as string);
}

/** The XML call's text of each field sent with markup (`echoed`) is the value sent. A value the call carries
 *  otherwise fails `rule` only if a POST call of the same payment carries it as sent (a value changed in every
 *  call is GL-CB-13's or GL-CB-18's); a call carrying none of them is judged on its other fields only (partly). */
async function judgeEchoed(
  t: Ctx,
  rule: string,
  m: PgMessage,
  script: 'check' | 'result',
  echoed: PgMessage,
): Promise<void> {
  const names = Object.keys(echoed);
  const carried = names.filter((k) => m[k] !== undefined);
  if (names.length > 0 && carried.length === 0)
    t.judgedInPart(
      rule,
      `the ${script}_url call carries none of ${names.join(', ')}: how it writes & < > " ' is not shown`,
    );
  const changed = carried.filter((k) => m[k] !== echoed[k]);
  if (changed.length === 0) return;
  const post = await postCall(t, script, 'a value the XML form changes from one every call changes', echoed);
  for (const k of changed) {
    const said = `${k} in the ${script}_url call's pg_xml reads ${quote(JSON.stringify(m[k]), 80)}, the payment sent ${JSON.stringify(echoed[k])}`;
    if (post?.[k] === echoed[k])
      t.expect(rule, false, `${said} (a POST call carries it as sent): the element's text is not the value`);
    else if (post === undefined)
      t.judgedInPart(rule, `${said}, and no POST call came to tell whether the XML form changed it`);
    else t.note(`${said}; a POST call changes it too, so not the XML form (GL-CB-13, GL-CB-18 judge the values)`);
  }
}

/** The call's pg_salt and pg_sig, signed with the URL's last segment as a POST call is. One left out fails
 *  the rule of the method only if a POST call of the same kind carries both: a call unsigned whatever the
 *  method is GL-CB-02's (GL-CB-11's for check_url), and this rule is judged without its signature (an
 *  unsigned callback failed GL-CB-14 "the query string lacks the fields" beside GL-CB-02, probe18
 *  BUG=callback-unsigned). A pg_sig that does not verify fails it only if a POST call's does (otherwise
 *  the script name is GL-CB-03's / GL-CB-11's fault). */
async function judgeSig(t: Ctx, rule: string, m: PgMessage, script: 'check' | 'result', how: string): Promise<void> {
  const missing = ['pg_salt', 'pg_sig'].filter((k) => typeof m[k] !== 'string');
  if (missing.length > 0) {
    const post = await postCall(t, script, 'a signature left out of every call from one left out of this method');
    const said = `the ${how} call carries no ${missing.join(', ')}`;
    if (post && missing.every((k) => typeof post[k] === 'string'))
      t.expect(rule, false, `${said} (a POST call carries them)`);
    else
      t.judgedInPart(
        rule,
        `${said}, ${post ? 'nor does a POST call' : 'and no POST call came to compare'}: its signature is not judged here (GL-CB-02 and GL-CB-11 judge the fields of the calls)`,
      );
    return;
  }
  if (verify(SCRIPTS[script], m, t.credentials.secretKey, m.pg_sig as string)) return;
  if (await postVerifies(t, script))
    t.expect(
      rule,
      false,
      `the ${how} call's pg_sig does not verify with the script name "${SCRIPTS[script]}" (a POST call's does)`,
    );
}

/** A GET call: method GET, every field in the query string, signed with the URL's last segment. */
async function judgeGet(t: Ctx, rule: string, r: Received | undefined, script: 'check' | 'result'): Promise<void> {
  if (!r) t.inconclusive(`${script}_url was not called`);
  const query = [...new URL(r.path, 'http://listener').searchParams];
  const m = fromForm(query);
  t.expect(rule, r.method === 'GET', `${script}_url was called by ${r.method}, not GET (pg_request_method=GET)`);
  // the fields the call is about (pg_salt and pg_sig are judgeSig's)
  t.expect(rule, !!m.pg_payment_id, `the query string lacks the fields: ${r.path}`);
  await judgeSig(t, rule, m, script, 'GET');
}

/** An XML call: POST with the single field pg_xml, <request> holding the fields (the values sent with markup,
 *  `echoed`, as their text), signed over them. A fault ends this call's judgement, not the check's: the
 *  other call (result_url, check_url) is judged on its own rule. */
async function judgeXml(
  t: Ctx,
  rule: string,
  r: Received | undefined,
  script: 'check' | 'result',
  echoed: PgMessage,
): Promise<void> {
  if (!r) t.inconclusive(`${script}_url was not called`);
  const xml = new Map(r.form).get('pg_xml');
  const single = r.method === 'POST' && xml !== undefined && r.form.length === 1;
  const fields = r.form.map(([k]) => k).join(', ');
  if (
    !t.expect(
      rule,
      single,
      `${script}_url was not called by POST with the single field pg_xml (${r.method}, fields ${fields})`,
    )
  )
    return;
  let m: PgMessage;
  try {
    const parsed = parseXml(xml!);
    t.expect(
      rule,
      parsed.root === 'request',
      `the ${script}_url call's pg_xml root is <${parsed.root}>, not <request>`,
    );
    m = parsed.message;
  } catch (e) {
    t.expect(rule, false, `the ${script}_url call's pg_xml is not XML: ${(e as Error).message}`);
    return;
  }
  t.expect(rule, !!m.pg_payment_id, `the ${script}_url call's pg_xml document lacks the fields`);
  await judgeEchoed(t, rule, m, script, echoed);
  await judgeSig(t, rule, m, script, 'XML');
}

export const checks = gatewayChecks('callbacks', [
  {
    id: 'gl.cb.request-method-get',
    title:
      'with pg_request_method=GET, check_url and result_url are called by GET, the signed fields in the query string',
    rules: ['GL-CB-14', 'GL-CB-16'],
    needs: ['callbacks'],
    async run(t) {
      const { check, result } = await payWithMethod(t, 'GET');
      await judgeGet(t, 'GL-CB-14', result, 'result');
      // check_url is off unless the shop profile enables it (digest §3.6): the result_url call is judged anyway
      if (!check) return t.cannotJudge('GL-CB-16', 'check_url was not called (GL-CB-11 judges that)');
      await judgeGet(t, 'GL-CB-16', check, 'check');
    },
  },
  {
    id: 'gl.cb.request-method-xml',
    title: 'with pg_request_method=XML, check_url and result_url get the signed fields as <request> in pg_xml',
    rules: ['GL-CB-15', 'GL-CB-16'],
    needs: ['callbacks'],
    async run(t) {
      const { check, result, echoed } = await payWithMethod(t, 'XML');
      await judgeXml(t, 'GL-CB-15', result, 'result', echoed);
      // check_url is off unless the shop profile enables it (digest §3.6): the result_url call is judged anyway
      if (!check) return t.cannotJudge('GL-CB-16', 'check_url was not called (GL-CB-11 judges that)');
      await judgeXml(t, 'GL-CB-16', check, 'check', echoed);
    },
  },
  {
    id: 'gl.cb.check-timeout',
    title: 'a check_url that does not answer in time counts as a refusal: the payment is not taken',
    rules: ['GL-CB-17'],
    needs: ['callbacks'],
    async run(t) {
      const l = await t.listener();
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      // the merchant never answers in time: the call is held until the payment's reply is in
      l.respond(async () => {
        await released;
        return { status: 504, body: 'too late' };
      });
      try {
        const pending = client(t).call(
          '/g2g/payment',
          cardFields(card({ auth: true, threeDs: false }), { pg_check_url: l.url(SCRIPTS.check) }),
          // outlast the gateway's own check_url deadline (30 s where documented)
          { timeoutMs: CHECK_DEADLINE_MS + t.subject.limits.timeoutMs },
        );
        pending.catch(() => {}); // awaited below; not unhandled while the check waits for the call
        // a reference cuts this payment's check_url call short on request; a real gateway is waited for
        const held = await l.waitForArrival(1, t.subject.limits.callbackWaitMs);
        const paymentId = held[0]?.form.find(([k]) => k === 'pg_payment_id')?.[1];
        if (t.control && paymentId) await t.control.post('check/expire', { payment: paymentId });
        const p = await pending;
        if (l.received.length === 0) t.inconclusive('check_url was not called (GL-CB-11 judges that)');
        t.expect('GL-CB-17', declined(p), `the payment was taken although check_url never answered: ${describe(p)}`);
      } finally {
        release();
      }
      // the control: the same payment whose check_url answers ok at once is taken; a gateway refusing
      // that too refused the one above for no reason the rule names
      if (!t.failures.length) {
        const ok = await t.listener();
        ok.respond(() => answer(t, SCRIPTS.check, 'ok'));
        const c = await client(t).call(
          '/g2g/payment',
          cardFields(card({ auth: true, threeDs: false }), { pg_check_url: ok.url(SCRIPTS.check) }),
          { note: 'control: the same payment, its check_url answering ok' },
        );
        if (!paid(c))
          t.inconclusive(
            `the same payment with a check_url answering ok was not taken either (${describe(c)}), so the refusal after a check_url that never answered shows nothing`,
          );
      }
    },
  },
  {
    id: 'gl.ops.testing-mode',
    area: 'operations',
    title: 'the result_url call of a payment made with pg_testing_mode=1 says pg_testing_mode=1',
    rules: ['GL-OPS-07'],
    needs: ['callbacks'],
    async run(t) {
      const l = await t.listener();
      l.respond(() => answer(t, SCRIPTS.result, 'ok'));
      const p = await client(t).call(
        '/g2g/payment',
        cardFields(card({ auth: true, threeDs: false }), {
          pg_testing_mode: '1',
          pg_result_url: l.url(SCRIPTS.result),
        }),
      );
      if (!paid(p)) t.inconclusive(`the payment was not accepted: ${describe(p)}`);
      const got = await l.waitFor(1, t.subject.limits.callbackWaitMs);
      if (got.length === 0) t.inconclusive('result_url was not called (GL-CB-01 judges that)');
      const mode = fromForm(got[0]!.form).pg_testing_mode;
      if (mode === undefined) t.inconclusive('the result_url call does not carry pg_testing_mode (it is optional)');
      t.expect(
        'GL-OPS-07',
        mode === '1',
        `a pg_testing_mode=1 payment's result_url call says pg_testing_mode=${String(mode)}`,
      );
    },
  },
]);
