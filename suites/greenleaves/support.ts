import { randomBytes } from 'node:crypto';
import { defineChecks, type Check, type CheckContext, type CheckSpec } from '../../src/harness/check.ts';
import { phpNoticeIn } from '../../src/harness/diagnostics.ts';
import { firstForm } from '../../src/harness/forms.ts';
import { has } from '../../src/harness/subject.ts';
import { GreenleavesClient, type Encoding, type GreenleavesReply } from '../../src/sdk/greenleaves.ts';
import { findCard, type TestCard } from '../../src/spec/greenleaves-cards.ts';
import { loadErrors } from '../../src/spec/load.ts';
import { getSchema, schemaId, validate, withValues, type Validation } from '../../src/spec/ajv.ts';
import { redact } from '../../src/harness/redact.ts';
import { withoutOurs } from '../../src/spec/violations.ts';
import {
  refusedField,
  refusesSignature,
  salt,
  scriptName,
  sign,
  verify,
  type PgMessage,
} from '../../src/protocols/greenleaves/index.ts';
import { orderIds } from '../order-ids.ts';
import { Inconclusive, SkipCheck } from '../../src/harness/outcome.ts';
import { NotServed, refuseRedirect, type HttpResponse } from '../../src/harness/http.ts';
import { afterControl } from '../../src/harness/forgery-control.ts';
import { quote } from '../../src/harness/clip.ts';
import { judgeLeak } from '../no-leak.ts';
import { fullPanShown } from '../pan.ts';
import { payerSend } from '../payer-pages.ts';
import { undecodable } from '../../src/protocols/common/charset.ts';
import { encodeForm } from '../../src/protocols/common/form.ts';
import { carriesSignature, replyScripts, replySignedWith, unsigned, verifiesInOtherCharset } from './reply-script.ts';

export { signedAnyCase } from './reply-script.ts';

export type Ctx = CheckContext<'greenleaves'>;

/** The saved-card endpoints have no public URL: paycert's `/v1/merchant/{id}/…` is INFERRED (README). */
const INFERRED_PATH = /^\/v1\/merchant\/[^/]+\//;

/** The rules whose checks judge a request signed as documented and refused as badly signed themselves
 *  (the signature's formula, script name, nesting, bytes, and the forgeries beside their control,
 *  withControl; the transport's encodings and nesting; the classic scripts' names). The field checks do
 *  too: they send such a request again in the other flattening orders first. */
const JUDGE_SIGNATURE_REFUSALS = new Set([
  'GL-SIG-01',
  'GL-SIG-02',
  'GL-SIG-03',
  'GL-SIG-04',
  'GL-SIG-05',
  'GL-SIG-06',
  'GL-SIG-07',
  'GL-SIG-08',
  'GL-SIG-09',
  'GL-SIG-10',
  'GL-SIG-13',
  'GL-TX-01',
  'GL-TX-04',
  'GL-TX-05',
  'GL-TX-08',
]);

/** The gateway's client: a reply past what paycert reads (XML nested deeper than MAX_XML_DEPTH) shows
 *  nothing paycert can judge, neither its form (GL-TX-02) nor its fields: the check is inconclusive.
 *  So does, `guarded`, a request signed as documented for the path called refused as badly signed
 *  (signatureRefusal): the signature checks judge that, and what the request was for cannot be judged
 *  from it. (A gateway verifying every request with the script name "payment" failed GL-CARD-01, GL-OPS-05,
 *  GL-REC-02, GL-CARD-05 and more on its refusals of the other endpoints' requests.) */
export class GatewayClient extends GreenleavesClient {
  guarded = false;
  /** the next signings' correct pg_sig begins with "0" (GL-SIG-02's leading zero); else it does not */
  leadingZero = false;
  /** A '+' for each space of a form body, as browsers, PHP's http_build_query and Java's URLEncoder write
   *  it (GL-TX-01): paycert's own encoder writes %20 */
  plusForSpace = false;
  /** A fresh pg_salt chosen so that the correct pg_sig begins with "0" only where `leadingZero` asks for
   *  it (saltFor): a gateway writing the MD5 hex without its leading zero refuses one correct signature
   *  in 16, and the check that met one blamed its own rule (probe21, BUG=md5_biginteger: GL-TX-08,
   *  GL-SIG-10); GL-SIG-02 judges that, on signatures beginning with "0" sent on purpose. */
  override signed(...args: Parameters<GreenleavesClient['signed']>): PgMessage {
    const [, fields, opts] = args;
    for (;;) {
      const m = super.signed(...args);
      if ('pg_salt' in fields || opts?.noSalt || String(m.pg_sig).startsWith('0') === this.leadingZero) return m;
    }
  }
  /** what is judged of every reply as it arrives (GL-TX-09's pg_status, in the checks citing it) */
  onReply:
    | ((path: string, r: GreenleavesReply, sent: PgMessage, note: string | undefined, encoding: Encoding) => void)
    | undefined;
  /** what status_v2 finally says of a payment a /g2g/payment reply left pending (client: outcomeOf) */
  follow: ((id: string) => Promise<{ state: string | undefined; unwaited: boolean }>) | undefined;
  override async post(...args: Parameters<GreenleavesClient['post']>): Promise<GreenleavesReply> {
    const r = await super.post(...args);
    const [path, message] = args;
    if (r.parseLimit) throw new Inconclusive(`POST ${path}: the reply has ${r.parseError}`);
    this.onReply?.(path, r, message, args[3], args[2] ?? 'form');
    if (
      this.guarded &&
      r.field('pg_status') === 'error' &&
      signatureRefusal(r) &&
      verify(scriptName(path), message, this.secret, typeof message.pg_sig === 'string' ? message.pg_sig : undefined)
    )
      throw new Inconclusive(
        `POST ${path} was refused as badly signed (pg_error_code ${r.field('pg_error_code') ?? '∅'}) though paycert signed it as documented (script name "${scriptName(path)}"): the signature checks judge that (GL-SIG-02, GL-SIG-03); this check cannot judge its own rules`,
      );
    // a payment taken with pg_status=pending (GL-TX-09; not a 3-D Secure one, which waits for the payer):
    // its outcome is what status_v2 says once final (probe23, FREEDOM=pending_status was read as refused)
    const id = r.field('pg_payment_id') ?? '';
    if (
      PAYMENT_PATHS.has(path) &&
      this.follow &&
      r.field('pg_status') === 'pending' &&
      r.field('pg_3d_acsurl') === undefined &&
      /^[0-9]{1,20}$/.test(id)
    ) {
      const end = await this.follow(id);
      followed.set(r, end.state);
      if (end.unwaited) unwaited.add(r);
    }
    return r;
  }
}

/** /g2g/payment and its classic twin (GL-TX-07) */
const PAYMENT_PATHS = new Set(['/g2g/payment', '/payment.php']);
/** The final pg_payment_status of each pending /g2g/payment reply followed (undefined: not read) */
const followed = new WeakMap<GreenleavesReply, string | undefined>();
/** The states of status_v2 that are no outcome yet */
const NOT_FINAL = new Set(['new', 'pending']);
/** The documented final states (status-response's pg_payment_status) of a payment that was taken:
 *  success, and revoked / refunded / partial_refund (taken, then undone). `failed` is a decline; any other
 *  word (another case, "declined", "error") is no documented outcome. */
const TAKEN = new Set(['success', 'revoked', 'refunded', 'partial_refund']);
/** The checks in which a payment stayed pending through the whole wait: they do not wait again (a check
 *  with ~20 payments against a gateway whose payments stay pending would spend its budget waiting). */
const waitedOut = new WeakSet<Ctx>();
/** The status_v2 states read once, without a wait, because an earlier payment of the check waited out */
const unwaited = new WeakSet<object>();

/** A pending payment's state read from status_v2 until it is final or the subject's wait for a call
 *  (limits.callbackWaitMs) has passed: the last state read, undefined where status_v2 gives none. Read
 *  once only, in a check where an earlier payment stayed pending through the wait (waitedOut). */
async function outcomeOf(t: Ctx, id: string): Promise<{ state: string | undefined; unwaited: boolean }> {
  const deadline = Date.now() + t.subject.limits.callbackWaitMs;
  const once = waitedOut.has(t);
  for (let i = 0; ; i++) {
    let state: string;
    try {
      state = await paymentStatus(t, id, 'the payment was taken pending: what came of it?');
    } catch (e) {
      if (e instanceof Inconclusive) return { state: undefined, unwaited: false };
      throw e;
    }
    if (!NOT_FINAL.has(state)) return { state, unwaited: false };
    if (once) return { state, unwaited: true };
    if (Date.now() >= deadline) {
      waitedOut.add(t);
      return { state, unwaited: false };
    }
    await new Promise((res) => setTimeout(res, Math.min(100 * 2 ** i, 2000, Math.max(0, deadline - Date.now()))));
  }
}

/** A fresh pg_salt for `m` (without one) with which its correct pg_sig for `script` does not begin with "0"
 *  (or does, `zero`): for the requests the checks sign themselves (GatewayClient.signed says why). */
export function saltFor(script: string, m: PgMessage, secret: string, zero = false): string {
  for (;;) {
    const s = salt();
    if (sign(script, { ...m, pg_salt: s }, secret).startsWith('0') === zero) return s;
  }
}

export function client(t: Ctx): GatewayClient {
  const c = t.credentials;
  const gl = new GatewayClient(
    async (r) => {
      const path = new URL(r.url).pathname.slice(new URL(t.subject.baseUrl).pathname.replace(/\/$/, '').length);
      let res: HttpResponse;
      // spaces as '+': %20 is the only way encodeForm writes a space (a '+' it writes as %2B)
      if (gl.plusForSpace && r.form)
        r = {
          ...r,
          form: undefined,
          body: encodeForm(r.form).replaceAll('%20', '+'),
          headers: { ...r.headers, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        };
      try {
        res = refuseRedirect(await t.http.send(r), `POST ${r.url}`);
      } catch (e) {
        // the web server's own 404 page (notServedPage): at a URL paycert inferred, "not served" as
        // below; at a documented one the check is inconclusive (the transport's reason)
        if (e instanceof NotServed && INFERRED_PATH.test(path)) res = e.response;
        else throw e;
      }
      if (path === PAGE_PATH && NOT_SERVED.has(res.status) && !/<pg_sig[\s>]/.test(res.text)) pageNotServed(t, res);
      if (res.status !== 404) return res;
      // not served: a URL we inferred tells nothing about the gateway, so the check cannot be judged here.
      // A served endpoint answers a known merchant with a signed reply; an unsigned 404 (no body, an HTML
      // page, or a router's XML "unknown method") is the gateway's not-found
      if (INFERRED_PATH.test(path) && !/<pg_sig[\s>]/.test(res.text)) {
        const why = `${path} is not served (HTTP 404): the seed gives the saved-card endpoints no URL and paycert's is inferred, so this target cannot be judged on them`;
        // the saved-card rules apply to every gateway (seed 001 documents the two stages): where paycert
        // did not find the endpoint they are undecided, not "not applicable"; the check's other rules
        // (signature, fields) are judged by other checks and are left skipped here
        for (const rule of t.check.rules) if (rule.startsWith('GL-CARD-')) t.cannotJudge(rule, why);
        throw new SkipCheck(why);
      }
      return res;
    },
    t.subject.baseUrl,
    c.merchantId,
    c.secretKey,
  );
  gl.follow = (id) => outcomeOf(t, id);
  gl.guarded = t.check.area !== 'fields' && !t.check.rules.some((r) => JUDGE_SIGNATURE_REFUSALS.has(r));
  const judges = [
    ...(t.check.rules.includes(XML_RULE) ? [wellFormed] : []),
    ...(t.check.rules.includes(MEDIA_RULE) ? [xmlMediaType] : []),
    ...(t.check.rules.includes(REPLY_SIG_RULE) ? [replySigned] : []),
    ...(t.check.rules.includes(STATUS_RULE) ? [statusWord] : []),
    ...(t.check.rules.includes(LEAK_RULE) ? [noLeak] : []),
    ...(t.check.rules.includes(PAN_RULE) ? [panHidden] : []),
  ];
  if (judges.length > 0) gl.onReply = (...a) => judges.forEach((j) => j(t, ...a));
  return gl;
}

/** GL-SIG-11 (MUST): every reply of a known merchant to a correctly signed request, error replies included,
 *  carries pg_salt and a pg_sig that verifies with the merchant's secret_key. */
export const REPLY_SIG_RULE = 'GL-SIG-11';

/** A gateway checks file's checks (defineChecks), each citing GL-SIG-11 besides its own rules: client()
 *  judges it on every reply the check reads, as the reply arrives (replySigned), so that no endpoint a
 *  check calls goes unverified. Was: only gl.sig.replies-signed and gl.rec.signature verified replies, the
 *  flow checks read the others against their schema, and an edge changing the pg_salt of the clearing,
 *  refund, cancel, paymentAcs, invoiceUrl, any_amount, card init and pay, status_v2 or get_status.php
 *  replies passed GL-SIG-11 (probe16). */
export function gatewayChecks(area: string | undefined, specs: CheckSpec<'greenleaves'>[]): Check<'greenleaves'>[] {
  return defineChecks({ profile: 'greenleaves', subject: 'gateway', ...(area ? { area } : {}) }, specs).map((c) => ({
    ...c,
    rules: [...c.rules, ...ON_ARRIVAL.filter((r) => !c.rules.includes(r))],
  }));
}

/** GL-TX-02 (MUST): the gateway's replies are XML (seed 001 "Ответ на запросы представляются в формате XML"). */
export const XML_RULE = 'GL-TX-02';
/** GL-TX-10 (INFERRED): the replies say they are XML, in their Content-Type. */
export const MEDIA_RULE = 'GL-TX-10';
/** The rules every gateway check cites, judged on each reply it reads as the reply arrives. */
const ON_ARRIVAL = [XML_RULE, REPLY_SIG_RULE, MEDIA_RULE];

/** text/xml, application/xml or a +xml type (RFC 7303), parameters aside. */
const XML_MEDIA = /^(text\/xml|application\/xml|[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+\+xml)$/i;

/** GL-TX-10 on a reply as it arrives, in every gateway check (gatewayChecks): an API reply (XML with a
 *  pg_status; an edge's page or a not-served one is not) labelled with an XML media type. No Content-Type
 *  at all fails too: a client may take such a reply as application/octet-stream (RFC 9110 §8.3). Never
 *  ends a case (expectOnArrival): the reply's content is judged as it is. Was: nothing read the label, and a
 *  gateway serving every reply as text/html passed every rule (probe18, BUG=wrong-content-type). */
function xmlMediaType(t: Ctx, path: string, r: GreenleavesReply): void {
  if (!r.message || r.message.pg_status === undefined) return;
  const raw = r.http.headers['content-type'];
  const type = raw === undefined ? undefined : String(raw);
  t.expectOnArrival(
    MEDIA_RULE,
    type !== undefined && XML_MEDIA.test(type.split(';')[0]!.trim()),
    `POST ${path}: the reply is served ${type === undefined ? 'without a Content-Type' : `as ${JSON.stringify(type)}`}, not with an XML media type (text/xml, application/xml)`,
  );
}

/** GL-TX-02 on a reply as it arrives, in every gateway check (gatewayChecks): well-formed XML, in the
 *  encoding it declares (XML 1.0 4.3.3: bytes not valid in it are a fatal error; a body re-encoded on its
 *  way parses leniently here, with replacement characters: undecodable). Judged only on the API's replies:
 *  HTTP 200 or an XML media type (an edge's HTML 4xx page is not one; its walls, 5xx and not-served pages
 *  never reach here, src/harness/http.ts), and not at a path paycert inferred (classic scripts, saved-card
 *  endpoints: a page there shows the path unserved, GL-TX-07's, GL-CARD-*'s). Was: judged by gl.tx.encodings
 *  on its own replies only, while every other check made an unreadable reply inconclusive ("the reply cannot
 *  be read") and the run passed GL-TX-02 on a gateway writing `<=255` unescaped in its error replies. */
function wellFormed(t: Ctx, path: string, r: GreenleavesReply): void {
  const type = String(r.http.headers['content-type'] ?? '');
  if (r.http.status !== 200 && !/xml/i.test(type)) return;
  if (!r.message && (INFERRED_PATH.test(path) || CLASSIC_PATH.test(path))) return;
  t.judgedOnArrival(XML_RULE);
  const garbled = r.message && r.http.text.includes('\uFFFD') ? undecodable(r.http) : undefined;
  const bad = !r.message ? describe(r) : garbled && `the reply is not well-formed XML: ${garbled}`;
  t.expect(XML_RULE, !bad, `POST ${path}: ${bad}`);
}

/** The status endpoints: their "payment not found" error is GL-SIG-15's, printed unsigned by the current
 *  public status_v2 page and not held to GL-SIG-11 (its source); the reply alone does not tell it from
 *  their other refusals, so none of their error replies is judged here. */
const STATUS_SCRIPTS = new Set(['status_v2', 'get_status.php', 'get_status2.php', 'get_status3.php']);
/** The classic script endpoints at the host root (GL-TX-07, INFERRED): a gateway may not serve them at all */
const CLASSIC_PATH = /^\/[A-Za-z0-9_]+\.php$/;

/** The first reply of each check that verified: named beside one that does not (the secret is right) */
const verifiedIn = new WeakMap<Ctx, { what: string; name: string }>();

/** GL-SIG-11 on a reply as it arrives, in every gateway check (gatewayChecks): the reply to a request of this
 *  merchant (its pg_merchant_id), with a pg_salt and the documented pg_sig for the path called. Its pg_sig
 *  verifies under some script name (replyScripts: which one is GL-SIG-12's, judged by the checks citing it),
 *  in any case of its hex digits (GL-SIG-07's) and any order of its nested values (GL-SIG-06's). Not judged:
 *  a reply that is not XML (GL-TX-02's), a forgery's or an unknown merchant's (GL-SIG-13, GL-SIG-14), the
 *  refusal of paycert's signature (GL-SIG-02's), a status endpoint's error (GL-SIG-15), and an unsigned
 *  reply saying the path is not served (HTTP 404, or a classic endpoint's refusal: GL-TX-07's) or the
 *  request's encoding not read (GL-TX-01's, GL-TX-05's). */
function replySigned(
  t: Ctx,
  path: string,
  r: GreenleavesReply,
  sent: PgMessage,
  note: string | undefined,
  encoding: Encoding,
): void {
  const m = r.message;
  const secret = t.credentials.secretKey;
  if (!m || sent.pg_merchant_id !== t.credentials.merchantId || typeof sent.pg_salt !== 'string') return;
  if (typeof sent.pg_sig !== 'string' || !verify(scriptName(path), sent, secret, sent.pg_sig)) return;
  // refused as badly signed: the gateway knows the merchant by another key or formula (GL-SIG-02's), so
  // that its reply does not verify with paycert's shows nothing more
  if (m.pg_status === 'error' && aboutSignature(r)) return;
  if (STATUS_SCRIPTS.has(scriptName(path)) && m.pg_status === 'error') return;
  // unsigned: a refusal of a path the gateway does not serve, or of a request in an encoding it does not read
  // (multipart, pg_xml: GL-TX-01, GL-TX-05), whose merchant it never learnt
  const bare = m.pg_salt === undefined && m.pg_sig === undefined;
  if (bare && (NOT_SERVED.has(r.http.status) || CLASSIC_PATH.test(path) || encoding !== 'form')) return;
  t.judgedOnArrival(REPLY_SIG_RULE);
  const what = `POST ${path}${note ? `, ${note}` : ''}`;
  if (!carriesSignature(m)) {
    t.expect(REPLY_SIG_RULE, false, `${what}: ${unsigned(m)}: ${describe(r)}`);
    return;
  }
  const name = replySignedWith(t, m, path);
  if (name !== undefined) {
    if (!verifiedIn.has(t)) verifiedIn.set(t, { what, name });
    t.pass(REPLY_SIG_RULE);
    return;
  }
  // none of the names, the called one, its case and ".php" forms, the path and every endpoint's: no merchant
  // can verify the reply (the secret, the formula or the values signed differ), and which is cannot be told
  const garbled = undecodable(r.http);
  const before = verifiedIn.get(t);
  // the body read in the other charset verifies: its label is at fault (an edge relabelling it, probe 20)
  const relabelled = verifiesInOtherCharset(t, r.http, path);
  t.expect(
    REPLY_SIG_RULE,
    false,
    `${what}: pg_sig does not verify with the merchant's secret under any of the ${replyScripts(path).length} script names paycert tries ("${scriptName(path)}" among them)${garbled ? ` (${garbled})` : ''}, ${
      relabelled
        ? `but ${relabelled}`
        : before
          ? `while the reply to ${before.what} verified (with "${before.name}"): the secret is right, this reply is not signed as documented`
          : 'nor did any reply of this check before it'
    }`,
  );
}

/** GL-SIG-17 (INFERRED, as JY-SIG-17): no reply shows the secret_key, nor, to a request whose pg_sig is
 *  not the right one, the right one (sign() over the fields as sent, with the called script name). */
const LEAK_RULE = 'GL-SIG-17';

/** The checks in which a request signed as documented with paycert's secret_key was taken: the gateway
 *  knows the merchant by that key, so a reply not showing it shows something. */
const keyTaken = new WeakSet<Ctx>();

/** GL-SIG-17 on a reply as it arrives, in the checks citing it (they send badly signed requests): its body
 *  and its headers' values (suites/no-leak.ts). */
function noLeak(t: Ctx, path: string, r: GreenleavesReply, sent: PgMessage, note?: string): void {
  const secret = t.credentials.secretKey;
  const sig = typeof sent.pg_sig === 'string' ? sent.pg_sig : undefined;
  const right = sign(scriptName(path), sent, secret);
  if (sig === right && r.field('pg_status') === 'ok') keyTaken.add(t);
  judgeLeak(
    t,
    LEAK_RULE,
    { secret: 'secret_key', signature: 'pg_sig' },
    note ?? `POST ${path}`,
    {
      text: [...Object.values(r.http.headers), r.http.text].join('\n'),
      secret,
      ...(sig !== undefined && { sent: sig }),
      expected: () => [right],
    },
    keyTaken.has(t)
      ? undefined
      : "no request of this check signed as documented with paycert's secret_key has been taken yet: whether the gateway knows the merchant by that key is not shown, so a reply not showing it shows nothing",
  );
}

/** GL-PAY-12 (INFERRED): no reply shows the full card number its request sent (the seed shows it masked). */
export const PAN_RULE = 'GL-PAY-12';

/** The card numbers (pg_card_pan) each check has sent so far. */
const pansSent = new WeakMap<Ctx, Set<string>>();

/** GL-PAY-12 on a reply as it arrives, in the checks citing it (those sending a card number to
 *  /g2g/payment): judged on every reply from the first request carrying a pg_card_pan of 13–20 digits on,
 *  the numbers sent so far looked for in the whole body with spaces and hyphens taken out (4716 0472 6194
 *  1981 too). Was: on the replies to those requests only, and a status_v2 reply showing the payment's card
 *  in full passed (probe18, BUG=pan-in-status). The calls to the shop are GL-CB-12's. */
function panHidden(t: Ctx, path: string, r: GreenleavesReply, sent: PgMessage): void {
  const pan = typeof sent.pg_card_pan === 'string' ? sent.pg_card_pan : undefined;
  const pans = pansSent.get(t) ?? new Set<string>();
  if (pan && /^[0-9]{13,20}$/.test(pan)) pansSent.set(t, pans.add(pan));
  if (pans.size === 0) return;
  t.judgedOnArrival(PAN_RULE);
  const shown = fullPanShown(r.http.text, pans);
  t.expect(
    PAN_RULE,
    shown === undefined,
    shown === pan
      ? `POST ${path}: the reply shows the full card number sent (pg_card_pan), not masked: ${describe(r)}`
      : `POST ${path}: the reply shows in full the card number an earlier request of this check sent (pg_card_pan), not masked: ${describe(r)}`,
  );
}

/** GL-TX-09 (INFERRED): the words of a reply's pg_status (the public reply examples'; the g2g seed names
 *  none for the gateway's replies). */
const STATUS_RULE = 'GL-TX-09';

/** GL-TX-09 on a reply as it arrives, before any question of acceptance is asked of it: a pg_status that is
 *  none of STATES ("success", empty, an element, two of them) fails it. Was: such a reply made every check
 *  that asked whether it was taken inconclusive (readable()), and nothing judged the word itself; a gateway
 *  answering "success" came out passed with 78 rules inconclusive. A reply without pg_status is not judged
 *  here: not XML is GL-TX-02's, a missing field the reply schemas'. */
function statusWord(t: Ctx, path: string, r: GreenleavesReply): void {
  const v = r.message?.pg_status;
  if (v === undefined) return;
  t.expect(
    STATUS_RULE,
    typeof v === 'string' && STATES.has(v),
    `POST ${path}: the reply's pg_status ${shownField(r, 'pg_status')} is none of ok, pending, error (the words of the public reply examples)`,
  );
}

/** The hosted page's endpoint: the probe of the signature and transport checks, GL-PAGE-01's own. */
const PAGE_PATH = '/g2g/payment_page';
/** Statuses by which a server says it does not serve a path (or its POST) at all. */
const NOT_SERVED = new Set([404, 405, 410, 501]);

/** /g2g/payment_page answered unsigned with a not-served status: GL-PAGE-01 fails where a check judges it;
 *  any other check only used it as its probe, and its rules (a signature's, a transport's) cannot be judged
 *  there (GL-SIG-11, GL-TX-02 and more were failed on such a gateway's 404). */
function pageNotServed(t: Ctx, res: HttpResponse): never {
  const said = `POST ${PAGE_PATH} answered HTTP ${res.status} without a signed reply (${quote(res.text, 120)}): it is not served`;
  if (t.check.rules.includes('GL-PAGE-01')) t.fail('GL-PAGE-01', said);
  throw new Inconclusive(`${said}; GL-PAGE-01 judges that, and this check sends its requests there`);
}

/** A test card with the given capabilities (fixtures/greenleaves/test-cards.json). */
export function card(
  want: Partial<Pick<TestCard, 'auth' | 'threeDs' | 'clearing' | 'reverse' | 'refund' | 'cardAdd'>>,
): TestCard {
  const found = findCard(want);
  if (!found) throw new Error(`no test card with ${JSON.stringify(want)}`);
  return found;
}

/** The last path segments of the URLs paycert hands a gateway to call (result_url, check_url, the payer's
 *  returns): the script names those calls are signed with (GL-CB-03, GL-CB-11, GL-CB-16, GL-RET-03). None is
 *  a name a gateway could sign with hard-coded ("result", "check", "success"): a gateway signing every
 *  result_url call with "result" passed GL-CB-03 while every result_url paycert gave ended in /result. */
export const SCRIPTS = {
  result: 'pay-result',
  check: 'pay-check',
  success: 'pay-success',
  failure: 'pay-failure',
} as const;

/** Digits and Latin letters, unique per call. */
export const orderId = orderIds(4);

export function cardFields(c: TestCard, extra: PgMessage = {}): PgMessage {
  return {
    pg_order_id: orderId(),
    pg_amount: '500',
    pg_currency: 'KZT',
    pg_description: 'paycert test order',
    pg_card_name: 'TEST TESTOV',
    pg_card_pan: c.pan,
    pg_card_cvc: c.cvc,
    pg_card_month: c.month,
    pg_card_year: c.year,
    pg_testing_mode: '1',
    ...extra,
  };
}

export function pageFields(extra: PgMessage = {}): PgMessage {
  return {
    pg_order_id: orderId(),
    pg_amount: '700',
    pg_currency: 'KZT',
    pg_description: 'paycert hosted page',
    pg_testing_mode: '1',
    ...extra,
  };
}

/** The pg_status values that say what became of a request: ok, error, and pending (taken, waiting). */
const STATES = new Set(['ok', 'error', 'pending']);

/** A reply that is not XML, or whose pg_status is none of STATES (absent, empty, an element, two of
 *  them, another word), shows neither acceptance nor refusal: a check that asks which it was ends
 *  inconclusive. The reply's form is judged on its own: not XML by GL-TX-02, a pg_status that is none of
 *  STATES by GL-TX-09 as the reply arrives (statusWord, in the checks citing it: the reply-schema checks,
 *  gl.tx.encodings, gl.sig.replies-signed), before this question ends the check. */
function readable(r: GreenleavesReply): GreenleavesReply {
  if (!r.message)
    throw new Inconclusive(`the reply cannot be read, so it shows neither acceptance nor refusal: ${describe(r)}`);
  if (!STATES.has(r.field('pg_status') ?? ''))
    throw new Inconclusive(
      `the reply's pg_status is ${shownField(r, 'pg_status')}, so it shows neither acceptance nor refusal: ${describe(r)}`,
    );
  return r;
}

/** A reply (or its message) against its schema (specs/greenleaves/schemas/<name>.schema.json), judged on
 *  what the documents say: every reply check validates through here, so a bound of our own (x-ours:
 *  pg_salt's 64 characters and letters, …) never fails a gateway. */
export function validateReply(name: string, message: PgMessage | undefined): Validation {
  const id = schemaId('greenleaves', name);
  const v = validate(id, message ?? {});
  if (v.ok) return v;
  const errors = withoutOurs(getSchema(id), v.errors);
  // each error names the value it is about, redacted by field name as a report is
  return { ok: errors.length === 0, errors: withValues(withoutOneOfNoise(errors), redact(message ?? {})) };
}

/** The errors of a oneOf (one `<card>` element or several) that say only which alternative the value is
 *  not ("/card must be array", "/card must match exactly one schema in oneOf"), dropped where an error
 *  inside the value says what is wrong with it (probe21, BUG=full_pan: the pattern of pg_card_hash). */
function withoutOneOfNoise(errors: Validation['errors']): Validation['errors'] {
  const at = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const inside = (p: string) => errors.some((e) => e.instancePath.startsWith(`${p}/`));
  const noise = (e: Validation['errors'][number]) =>
    at.has(e.instancePath) && (e.keyword === 'oneOf' || e.keyword === 'type') && inside(e.instancePath);
  return errors.some(noise) ? errors.filter((e) => !noise(e)) : errors;
}

/** A value for a reason, redacted by its field's name (a token, a CVC, a card number never shows):
 *  JSON-quoted and cut at 40 characters, "absent", or "not text (…)" for an element or several. */
export function shownValue(name: string, value: unknown): string {
  const v = (redact({ [name]: value }) as Record<string, unknown>)[name];
  if (v === undefined) return 'absent';
  if (typeof v !== 'string') return `not text (${quote(JSON.stringify(v), 80)})`;
  return v.length > 40 ? `"${quote(v, 40)}…" (${v.length} characters)` : JSON.stringify(v);
}

/** A reply field for a message: its text (cut at 40 characters), "absent", or "not text (…)" when
 *  the reply has an element or several there. */
export function shownField(r: GreenleavesReply, name: string): string {
  return shownValue(name, r.message?.[name]);
}

/** Accepted: pg_status=ok, or a pending /g2g/payment reply whose payment status_v2 then reports in one of
 *  the documented states of a payment taken (TAKEN; GatewayClient.post follows it). Followed to `failed`: not
 *  accepted (declinedLater). A pending one with no final state read, or with a word that is no documented
 *  state, is neither accepted nor refused: inconclusive, never a refusal. */
export function ok(r: GreenleavesReply): boolean {
  const status = readable(r).field('pg_status');
  if (status !== 'pending' || !followed.has(r)) return status === 'ok';
  const end = followed.get(r);
  const id = r.field('pg_payment_id');
  if (end === undefined || NOT_FINAL.has(end))
    throw new Inconclusive(
      unwaited.has(r)
        ? `the payment ${id} was taken (pg_status=pending) and status_v2 said "${quote(end ?? '', 40)}": paycert did not wait for its outcome, as an earlier payment of this check stayed pending through the whole wait, so it shows neither acceptance nor refusal`
        : `the payment ${id} was taken (pg_status=pending) and status_v2 ${end ? `still said "${quote(end, 40)}" at the end of the wait` : 'gave no state for it'}: its outcome is not known, so it shows neither acceptance nor refusal`,
    );
  if (end === 'failed') return false;
  // revoked or refunded: paid, then undone (a merchant's rejection at result_url comes before status_v2 is read)
  if (TAKEN.has(end)) return true;
  throw new Inconclusive(
    `the payment ${id} was taken (pg_status=pending) and status_v2 then said "${quote(end, 40)}", none of the documented states (${[...TAKEN, 'failed'].join(', ')}): its outcome is not known, so it shows neither acceptance nor refusal`,
  );
}

/** A pending /g2g/payment reply followed on status_v2 to `failed`: a decline, though the reply carries no
 *  pg_error_code (a rule on the refusal's code cannot be judged on it). */
export function declinedLater(r: GreenleavesReply): boolean {
  return readable(r).field('pg_status') === 'pending' && followed.has(r) && followed.get(r) === 'failed';
}

/** A payment refused (pg_status=error), or taken pending and followed to `failed` (declinedLater): for the
 *  rules that want the payment not taken. One followed to no known outcome ends the check inconclusive (ok). */
export function declined(r: GreenleavesReply): boolean {
  if (readable(r).field('pg_status') === 'pending' && followed.has(r)) return !ok(r);
  return refused(r);
}

/** A /g2g/payment reply that took the payment: ok, or pending (the public "Process" example: the
 *  payment waits, e.g. for 3-D Secure; digest §3.1). */
export function taken(r: GreenleavesReply): boolean {
  const s = readable(r).field('pg_status');
  return s === 'ok' || s === 'pending';
}

/** Accepted, with the pg_payment_id the next steps need (digits, at most 20, as the reply schemas
 *  say: a longer one is no payment's id, and judging a callback against it would accuse the callback). */
export function paid(r: GreenleavesReply): boolean {
  return ok(r) && /^[0-9]{1,20}$/.test(r.field('pg_payment_id') ?? '');
}

export function refused(r: GreenleavesReply): boolean {
  return readable(r).field('pg_status') === 'error';
}

/** GL-SIG-07 on what the gateway signs: its pg_sig in lowercase hex. */
export function lowercaseSig(t: Ctx, m: PgMessage | undefined, what: string): void {
  const sig = typeof m?.pg_sig === 'string' ? m.pg_sig : '';
  t.expect('GL-SIG-07', sig === sig.toLowerCase(), `${what}: pg_sig "${sig}" is not lowercase hex`);
}

/** A refusal of the request's signature (refusesSignature), from a reply that shows a refusal at all.
 *  (A gateway answering a bad signature with 9998 "Некорректная подпись запроса" had its requests signed in
 *  the vendor order only, and GL-PAY-01 and GL-PAGE-01 failed "a schema-valid request was refused".) Not one
 *  whose description names a request field and not the signature (fieldRefusal): a gateway answering field
 *  violations with 1100 failed GL-SIG-05 on a vector refused for its card fields, and left GL-PAY-03, which
 *  judges that code, inconclusive (probe18, BUG=wrong-field-code). */
export function signatureRefusal(r: GreenleavesReply): boolean {
  return refused(r) && aboutSignature(r);
}

function aboutSignature(r: GreenleavesReply): boolean {
  return refusesSignature((n) => r.field(n)) && fieldRefusal(r) === undefined;
}

/** The request field a refusal names while it says nothing of the signature (refusedField), whatever its code. */
export function fieldRefusal(r: GreenleavesReply): string | undefined {
  return refusedField((n) => r.field(n));
}

/** A request the suite signed correctly, refused as badly signed (signatureRefusal): the signature rules
 *  judge that (GL-SIG-02 on the known-answer vectors), and what the request was for cannot be judged from it.
 *  (A gateway that signs over its values in hash order refused every request: paycert failed GL-PAY-01,
 *  GL-PAY-06, GL-TX-01 and GL-CB-01, "result_url was not called after a failed payment", for it.) */
export function signatureRefused(t: Ctx, r: GreenleavesReply, what: string): void {
  if (signatureRefusal(r))
    t.inconclusive(
      `${what} was refused as badly signed (pg_error_code ${r.field('pg_error_code') ?? '∅'}) though paycert signed it: the signature checks judge that (GL-SIG-02); this check cannot judge its own rules`,
    );
}

/** A rule "X is refused" (pg_sig in another case or cut short, pg_salt or pg_sig left out, another
 *  script name) is passed only when the same gateway, in the same check, accepts the same operation
 *  correctly signed: a gateway that refuses every correct pg_sig (one hashing other bytes, or with a
 *  key of its own: GL-SIG-02 judges that) refuses X too, for no reason the rule names. Sends that
 *  control (by default a payment_page request), then the forgeries (afterControl). */
export async function withControl(
  t: Ctx,
  what: string,
  forgeries: () => Promise<void>,
  o: { path?: string; fields?: PgMessage; note?: string } = {},
): Promise<void> {
  const path = o.path ?? '/g2g/payment_page';
  const note = o.note ?? `a correctly signed ${path.split('/').pop()} request`;
  const r = await client(t).call(path, o.fields ?? pageFields(), { note: `${note} (control)` });
  return afterControl(t, { accepted: ok(r), note, said: `was refused too (${describe(r)})` }, what, forgeries);
}

/** The payment's state as status_v2 reports it (`pg_payment_status`, the name of the public status page;
 *  the reply's shape is GL-OPS-01's, INFERRED). A reply without it shows nothing about the state, so a
 *  rule judged on the state cannot be: inconclusive, never failed or passed on an absent field. */
export async function paymentStatus(t: Ctx, id: string, note?: string): Promise<string> {
  const s = await client(t).call('/g2g/status_v2', { pg_payment_id: id }, note ? { note } : undefined);
  const state = readable(s).field('pg_payment_status');
  if (!ok(s) || state === undefined)
    throw new Inconclusive(
      `status_v2 gives no pg_payment_status for payment ${id} (${describe(s)}; fields: ${Object.keys(s.message ?? {}).join(', ')}): the payment's state cannot be read (GL-OPS-01 judges the reply)`,
    );
  return state;
}

/** The code errors.json gives a method the shop has not had enabled (specs/greenleaves/errors.json).
 *  Read on first use, not when the module loads: `paycert run`'s main process loads every checks
 *  module for the registry, and reading errors.json validates it (ajv and a schema compiled). */
let notEnabled: string | undefined;
const NOT_ENABLED = (): string =>
  (notEnabled ??= String(
    loadErrors('greenleaves').codes.find((c) => c.name === 'method-not-enabled')?.code ?? 'method-not-enabled',
  ));

/** A method that needs the manager's approval (seed: "обратитесь к своему менеджеру") refused as not
 *  enabled for this shop: the target allows what the seed allows, and shows nothing about the method. */
export function requireEnabled(t: Ctx, r: GreenleavesReply, what: string): void {
  if (refused(r) && r.field('pg_error_code') === NOT_ENABLED())
    t.inconclusive(
      `${what} is not enabled for this shop (pg_error_code ${NOT_ENABLED()}: ${r.field('pg_error_description') ?? ''}); the seed makes it subject to the manager's approval: ask for it, then run again`,
    );
}

export function describe(r: GreenleavesReply): string {
  if (!r.message)
    return `HTTP ${r.http.status}, not XML${phpNoticeIn(r.http.text) || ` (${r.parseError}): ${quote(r.http.text, 200)}`}`;
  const code = r.field('pg_error_code');
  // a reply that parses as XML but is no API reply (a proxy's or WAF's HTML page) is named by its status and type
  const foreign =
    r.http.status !== 200 || !/xml/i.test(String(r.http.headers['content-type'] ?? 'xml'))
      ? `HTTP ${r.http.status} ${String(r.http.headers['content-type'] ?? '')}`.trim() + ': '
      : '';
  const word = followed.get(r);
  const end = followed.has(r) ? ` (status_v2 then: ${word === undefined ? 'no state' : `"${quote(word, 40)}"`})` : '';
  return `${foreign}pg_status=${r.field('pg_status') ?? '∅'}${end}${code ? ` pg_error_code=${code} (${r.field('pg_error_description') ?? ''})` : ''}`;
}

/** When each move of the subject's clock in a check ended (advance): the jobs due by then had run. */
const moved = new WeakMap<Ctx, number[]>();

/** Move the subject's clock, or wait in real time when it has none (slow runs only). */
export async function advance(t: Ctx, ms: number): Promise<void> {
  if (has(t.subject, 'clock') && t.control) {
    await t.control.advance(ms);
    moved.set(t, [...(moved.get(t) ?? []), Date.now()]);
  } else await new Promise((r) => setTimeout(r, ms));
}

/** Whether a move of the subject's clock ended between two moments of a check (what fell due, a
 *  repeated call among them, came in between). */
export function clockMovedBetween(t: Ctx, from: number, to: number): boolean {
  return (moved.get(t) ?? []).some((end) => end > from && end <= to);
}

/** Let the subject finish what is due now for a payment (its callbacks and the handling of their
 *  answers): a reference with a clock says when it has; otherwise wait `ms` of real time. */
export async function settle(t: Ctx, paymentId: string | undefined, ms: number): Promise<void> {
  if (has(t.subject, 'clock') && t.control) await t.control.idle(paymentId);
  else await new Promise((r) => setTimeout(r, ms));
}

/** The payment's state once the subject has handled the merchant's answer to a callback. A reference
 *  with a clock says when it has. A real gateway may apply an answer after it was given (a queue, a
 *  worker process, a loaded machine), and nothing shows when: its state is read until `done(state)`
 *  holds or `ms` have passed, and the last state read is returned. `ms` is the wait for a change the
 *  rule wants (callbackWaitMs), or the watch for a change it forbids (quietMs): never a guess at how
 *  fast the gateway is. */
export async function stateAfterAnswer(
  t: Ctx,
  paymentId: string,
  done: (state: string) => boolean,
  ms: number,
): Promise<string> {
  if (has(t.subject, 'clock') && t.control) {
    await t.control.idle(paymentId);
    return paymentStatus(t, paymentId);
  }
  const deadline = Date.now() + ms;
  for (let i = 0; ; i++) {
    const state = await paymentStatus(t, paymentId, 'has the gateway applied the answer?');
    if (done(state) || Date.now() >= deadline) return state;
    await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** i, 2000, Math.max(0, deadline - Date.now()))));
  }
}

/** Play the payer on a hosted page: fill the form of each step and submit it, following 303s. */
export async function pay(
  t: Ctx,
  url: string,
  values: Record<string, string>,
): Promise<{ status: number; text: string }> {
  let next = url;
  for (let step = 0; step < 4; step++) {
    const page = await payerSend(t)({ url: next, note: 'payer opens the page', statuses: 'any' });
    if (page.status !== 200) return { status: page.status, text: page.text };
    const form = firstForm(page.text, next);
    if (!form) return { status: page.status, text: page.text };
    const fields = [...form.fields.keys()].map((k): [string, string] => [k, values[k] ?? form.fields.get(k) ?? '']);
    const res = await payerSend(t)({
      url: form.action,
      method: form.method,
      form: fields,
      note: 'payer submits the form',
      statuses: 'any',
    });
    if (res.status === 303 && res.headers.location) {
      next = new URL(res.headers.location, form.action).toString();
      continue;
    }
    return { status: res.status, text: res.text };
  }
  return { status: 0, text: 'too many steps' };
}

/** A payer with a card saved by a first payment (the token comes back in that reply). */
export async function savedCard(t: Ctx): Promise<{ user: string; token: string }> {
  const user = `user-${Date.now()}-${randomBytes(2).toString('hex')}`;
  const first = await client(t).call(
    '/g2g/payment',
    cardFields(card({ auth: true, threeDs: false, cardAdd: true }), { pg_user_id: user, pg_save_card: '1' }),
  );
  const token = first.field('pg_card_token');
  if (!ok(first) || !token)
    t.inconclusive(`no saved card (the first payment gave no pg_card_token: ${describe(first)})`);
  return { user, token: token! };
}

export function cardValues(c: TestCard): Record<string, string> {
  return {
    card_pan: c.pan,
    card_name: 'TEST TESTOV',
    card_month: c.month,
    card_year: c.year,
    card_cvc: c.cvc,
    otp: c.otp,
  };
}

/** A 3-D Secure payment waiting for /g2g/paymentAcs, with the PaRes and MD the ACS returned (the payer passed). */
export async function pendingAcs(t: Ctx): Promise<{ id: string; md: string; pares: string } | undefined> {
  const c = card({ auth: true, threeDs: true });
  const r = await client(t).call('/g2g/payment', cardFields(c), { note: 'setup: a 3-D Secure payment' });
  const [acsurl, md, pareq, id] = ['pg_3d_acsurl', 'pg_3d_md', 'pg_3d_pareq', 'pg_payment_id'].map(
    (f) => r.field(f) ?? '',
  );
  if (!taken(r) || !acsurl || !md || !pareq || !id) return undefined;
  const termUrl = 'https://merchant.example/3ds/return';
  const page = await payerSend(t)({
    url: acsurl,
    method: 'POST',
    form: [
      ['PaReq', pareq],
      ['MD', md],
      ['TermUrl', termUrl],
    ],
    note: 'setup: browser posts to the ACS',
    statuses: 'any',
  });
  const form = firstForm(page.text, acsurl);
  if (!form) return undefined;
  const answer = await payerSend(t)({
    url: form.action,
    method: 'POST',
    form: [...form.fields].map(([k, v]): [string, string] => [k, k === 'password' ? c.otp : v]),
    note: 'setup: payer enters the 3-D Secure password',
    statuses: 'any',
  });
  const pares = firstForm(answer.text, form.action)?.fields.get('PaRes');
  return pares ? { id, md, pares } : undefined;
}
