import { sameDecimal } from '../../src/protocols/common/decimal.ts';
import { overShownPan } from '../pan.ts';
import { defineChecks } from '../../src/harness/check.ts';
import type { Listener, Received } from '../../src/harness/listener.ts';
import { parseFormBody } from '../../src/protocols/common/form.ts';
import { parseJsonBounded } from '../../src/protocols/common/json-depth.ts';
import { REDIRECT_SIGNED_FIELDS, decodeForm, verify } from '../../src/protocols/jysan/index.ts';
import { TARGET_CARDS_VAR, targetCards } from '../../src/spec/jysan-cards.ts';
import {
  card,
  cardData,
  describe,
  follow,
  payDirect,
  refusedAfterSignature,
  requireAuthenticated,
  requireCompleted,
  type Ctx,
  PAN_RULE,
} from './support.ts';

/** Pay host-to-host with BACKREF = the suite's listener without redirect=true, and wait for the
 *  bank's server to report the result there (JY-RED-01). */
async function notified(t: Ctx, cardId: string, rule: string) {
  const l = await t.listener();
  const { fields, reply } = await payDirect(t, cardData(card(cardId)), { BACKREF: l.url('backref') });
  // a page paycert cannot read (a real bank's own result page) shows no result; the notification it
  // sends shows the result anyway
  const unread = reply.kind === 'other';
  if (!unread) await requireCompleted(t, rule, cardId, reply);
  const got = await l.waitFor(1, t.subject.limits.callbackWaitMs);
  // without a notification the status query tells whether the card got its outcome
  if (unread && got.length === 0) await requireCompleted(t, rule, cardId, reply, fields.ORDER);
  // the notification of a card the target declined is no paid order's: its empty rrn and res_code
  // are not JY-RED-06's to judge (paycert's test cards are the reference's own)
  const said = got[0] && formOf(got[0]).res_code;
  if (unread && said !== undefined && said !== card(cardId).expect.res_code)
    t.inconclusive(
      `the target's notification says the payment with test card ${cardId} ended with res_code ${said}, not ${card(cardId).expect.res_code} (name the target's own test cards with ${TARGET_CARDS_VAR})`,
    );
  if (got.length === 0 && reply.kind === 'redirect') {
    // no server POST, but the payer's browser carries the result there (a redirect, or a page whose
    // form or refresh goes to BACKREF): sent to BACKREF (JY-RED-01), only not by the bank's server
    // the request follow() waited for (the first to arrive after it sent the browser on), as follow()
    // reads it: not the last received, which a late server POST arriving meanwhile would be (JY-RED-08
    // judged on it as the browser's redirect; review A #10)
    const before = l.received.length;
    await follow(t, l, reply, 'JY-RED-01');
    const arrived = l.received[before]!;
    t.expect(
      'JY-RED-05',
      false,
      `without redirect=true no result was POSTed to BACKREF by the bank's server within ${t.subject.limits.callbackWaitMs} ms; it reached BACKREF only through the payer's browser: ${describe(reply)}`,
    );
    return { fields, call: undefined, arrived };
  }
  t.require(
    'JY-RED-01',
    got.length > 0,
    `no result reached BACKREF (without redirect=true) within ${t.subject.limits.callbackWaitMs} ms`,
  );
  return { fields, call: got[0]!, arrived: got[0]! };
}

/** JY-RED-08 on what reached BACKREF (the server POST, or the browser's redirect where none came): no
 *  full card number in any field, the body or the URL, and none masked too little. */
function judgePan(t: Ctx, call: Received, whose: string): void {
  const q = formOf(call);
  // the PAN in any field, or anywhere in the body or URL (digits only, so "4400 4300…" counts too)
  const pan = card('visa-approve').pan;
  const digits = (x: string) => x.replace(/[^0-9]/g, '');
  const sent = [...Object.values(q), call.path, call.body];
  t.expect(
    'JY-RED-08',
    !sent.some((v) => digits(String(v ?? '')).includes(pan)),
    `${whose} carries the full card number ${pan.slice(0, 6)}…${pan.slice(-4)}`,
  );
  // "a masked one (first6…last4) at most": not one masked too little
  // one value a line: a newline ends a card-shaped run (suites/pan.ts), so the amount or the order
  // after a card masked as it should be is not glued onto its last four
  const over = overShownPan(sent.map((v) => String(v ?? '')).join('\n'), [pan]);
  t.expect(
    'JY-RED-08',
    over === undefined,
    `${whose} carries the card ${pan.slice(0, 6)}…${pan.slice(-4)} masked too little: its first ${over?.lead} and last ${over?.tail} digits, want the first 6 and the last 4 at most`,
  );
}

/** Does this gateway POST results to BACKREF at all? A paid order's notification, without judging
 *  it (jy.backref.server-post does): the precondition of the checks about other results. */
async function postsResults(t: Ctx): Promise<boolean> {
  const l = await t.listener();
  const { reply } = await payDirect(t, cardData(card('visa-approve')), { BACKREF: l.url('backref') });
  // a page paycert cannot read (a real bank's own result page): any result it POSTs shows it POSTs results
  const unread = reply.kind === 'other';
  if (!unread && reply.kind !== 'result' && reply.kind !== 'redirect') return false;
  return (await l.waitFor(1, t.subject.limits.callbackWaitMs)).length > 0;
}

/** The fields of a notification, from its body (POST) whatever its format (a form, multipart, a JSON
 *  object: the format is JY-RED-05's to judge, not what it carries) or its query (anything else). A
 *  JSON POST was read as a form and also warned JY-RED-06 "lacks order, …" with all eight there. */
function formOf(c: Received): Record<string, string> {
  if (c.method !== 'POST') return decodeForm(new URL(c.path, 'http://listener').search);
  const json = jsonObject(c.body);
  if (json) return json;
  const type = c.headers['content-type'] ?? '';
  if (/multipart\/form-data/i.test(type))
    try {
      return decodeForm(parseFormBody(c.body, type));
    } catch {
      // not readable as multipart: read as a form below
    }
  return decodeForm(c.body);
}

/** A JSON object's scalar members as text (a number as JSON.parse reads it), or undefined when the
 *  body is no JSON object. */
function jsonObject(body: string): Record<string, string> | undefined {
  if (!/^\s*\{/.test(body)) return undefined;
  let v: unknown;
  try {
    v = parseJsonBounded(body);
  } catch {
    return undefined;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const out = Object.create(null) as Record<string, string>;
  for (const [k, x] of Object.entries(v))
    if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
  return out;
}

/** JY-RED-07 on a notification's fields `q`: with a signed value missing (`missing`, JY-RED-06's) its
 *  sign cannot be checked and is not judged; with them all there, an absent sign is not the
 *  documented one, and a present one must verify. */
function judgeSign(t: Ctx, q: Record<string, string>, missing: string[], whose: string): void {
  if (missing.length > 0) return t.note(`${whose} lacks ${missing.join(', ')}: its sign is not judged`);
  if (!t.expect('JY-RED-07', !!q.sign, `${whose} carries no sign`)) return;
  const secret = t.credentials.sharedSecret;
  t.expect(
    'JY-RED-07',
    verify('redirect', q, secret, q.sign!),
    // the right digest in uppercase is no other formula: say so, not "does not verify"
    q.sign !== q.sign!.toLowerCase() && verify('redirect', q, secret, q.sign!.toLowerCase())
      ? `${whose}: sign is the right SHA-512 in uppercase hex, not lowercase: ${q.sign}`
      : `${whose}: sign does not verify: SHA-512(secret + order;mpi_order;rrn;res_code;amount;currency;res_desc;)`,
  );
}

/** JY-RED-07 on the notification of a declined payment: its rrn, empty or absent, still adds its ';'
 *  (digest §A10), which a paid one, always with an rrn, never shows (a sign dropping it passed, probe 21).
 *  Not judged where the target's declining card is not known or no notification comes. */
async function declinedSign(t: Ctx): Promise<void> {
  const id = 'visa-decline-funds';
  if (t.subject.target === 'real' && !targetCards().has(id))
    return t.note(`the sign of a declined payment's notification is not judged: name ${id} in ${TARGET_CARDS_VAR}`);
  const l = await t.listener();
  await payDirect(t, cardData(card(id)), { BACKREF: l.url('backref') });
  const got = await l.waitFor(1, t.subject.limits.callbackWaitMs);
  const q = got[0] && formOf(got[0]);
  if (!q || q.res_code === undefined || q.res_code === '0')
    return t.note(`no notification of a declined payment (${id}) came: its sign (an empty rrn) is not judged`);
  const missing = REDIRECT_SIGNED_FIELDS.filter((k) => k !== 'rrn' && (q[k] === undefined || q[k] === ''));
  judgeSign(t, q, missing, `the notification of a declined payment (${id}, res_code ${q.res_code})`);
}

export const checks = defineChecks({ profile: 'jysan', subject: 'gateway', area: 'redirect' }, [
  {
    id: 'jy.backref.server-post',
    title: 'without redirect=true the bank POSTs the signed result to BACKREF, server to server',
    rules: ['JY-RED-01', 'JY-RED-05', 'JY-RED-06', 'JY-RED-07', 'JY-RED-08', 'JY-ENC-02', PAN_RULE],
    needs: ['callbacks'],
    plans: ['smoke', 'full'],
    async run(t) {
      const { fields, call, arrived } = await notified(t, 'visa-approve', 'JY-RED-05');
      if (!call) {
        // no server POST (JY-RED-05 departs): the result that reached BACKREF through the browser is
        // still JY-RED-08's ("redirect or server POST"); the server POST's fields and sign are not there
        // (not applicable past that departure: skipped, with why)
        judgePan(t, arrived, 'the result redirected to BACKREF');
        const why = 'no server POST reached BACKREF (JY-RED-05): its fields and sign are not there to judge';
        for (const rule of ['JY-RED-06', 'JY-RED-07']) t.notJudged(rule, why);
        return;
      }
      t.expect(
        'JY-RED-05',
        call.method === 'POST' && /application\/x-www-form-urlencoded/i.test(call.headers['content-type'] ?? ''),
        `the result came as ${call.method} (${call.headers['content-type'] ?? 'no content type'}), want a form POST`,
      );
      const q = formOf(call);
      judgePan(t, call, 'the notification');
      const missing = [...REDIRECT_SIGNED_FIELDS, 'sign'].filter((k) => q[k] === undefined || q[k] === '');
      t.expect('JY-RED-06', missing.length === 0, `the notification lacks ${missing.join(', ')}`);
      t.expect(
        'JY-RED-06',
        q.order === fields.ORDER && sameDecimal(q.amount, fields.AMOUNT) && q.res_code === '0',
        `order ${q.order} / amount ${q.amount} / res_code ${q.res_code}: want ${fields.ORDER} / ${fields.AMOUNT} / 0`,
      );
      // the sign covers the seven values: with one missing (JY-RED-06) it cannot be judged, and the
      // rest this check established (JY-RED-01, JY-RED-05) stands
      judgeSign(
        t,
        q,
        missing.filter((k) => k !== 'sign'),
        'the notification',
      );
      await declinedSign(t);
    },
  },
  {
    id: 'jy.backref.error-post',
    title: 'a refused payment request also POSTs its result (res_code, signed) to a BACKREF without redirect=true',
    rules: ['JY-RED-04', 'JY-RED-07', 'JY-ENC-02', PAN_RULE],
    needs: ['callbacks'],
    async run(t) {
      // a listener of its own for each request: a refusal before the signature may be POSTed too (the
      // last one opened is the judged request's: refusedAfterSignature opens one before it sends anything)
      let l!: Listener;
      const { f, r } = await refusedAfterSignature(
        t,
        async () => (l = await t.listener()).url('backref'),
        'BACKREF without redirect=true',
      );
      const got = await l.waitFor(1, t.subject.limits.callbackWaitMs);
      if (got.length === 0) await requireAuthenticated(t, 'the refusal was not POSTed to BACKREF');
      if (got.length === 0 && !(await postsResults(t)))
        // JY-RED-05's departure, judged by jy.backref.server-post: another check's pass of these rules stands (partly)
        t.inconclusive('no result of a paid order reaches BACKREF by server POST either (JY-RED-05)', {
          after: 'JY-RED-05',
        });
      t.require('JY-RED-04', got.length > 0, `the refusal (code ${r.code}) was not sent to BACKREF`);
      const q = formOf(got[0]!);
      t.expect(
        'JY-RED-04',
        q.order === f.ORDER && q.res_code === String(r.code),
        `the result sent to BACKREF: order ${q.order} res_code ${q.res_code}, want ${f.ORDER} and ${r.code}`,
      );
      // a request refused before it reached MPI has no MPI order: it may come empty (rrn empty or
      // left out), and the sign covers them as sent
      const missing = REDIRECT_SIGNED_FIELDS.filter((k) => k !== 'rrn').filter((k) =>
        k === 'mpi_order' ? q[k] === undefined : !q[k],
      );
      // what the POST did show (JY-RED-04) stands whatever its sign
      judgeSign(t, q, missing, "the refusal's notification");
    },
  },
]);
