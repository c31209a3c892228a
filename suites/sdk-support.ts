import { citingOnArrival, defineChecks, type Check, type CheckContext, type CheckSpec } from '../src/harness/check.ts';
import type { SubjectKind } from '../src/spec/load.ts';
import type { ProfileId } from '../src/spec/paths.ts';
import type { AdapterAnswer } from '../src/sdk-adapter/protocol.ts';
import type { Behaviour, Recorded, Upstream } from '../src/harness/recorder.ts';
import { secretValues } from '../src/spec/credentials.ts';
import { parseFormBody } from '../src/protocols/common/form.ts';
import { quote } from '../src/harness/clip.ts';
import { showsSecret, within } from './no-leak.ts';
import { registerLeakedSignature } from '../src/harness/redact.ts';
import { seemsHttpsOnly } from '../src/harness/sdk-tls.ts';

/** Shared pieces of the sdk checks of every profile. */

export function describeAnswer(a: AdapterAnswer): string {
  return a.ok
    ? `ok ${quote(JSON.stringify(a.output), 200)}`
    : `error ${a.error.kind}${a.error.code ? ` ${a.error.code}` : ''}: ${a.error.message ?? ''}`;
}

/** The requests of a check's gateway since index `from`; inconclusive when the SDK sent none, with
 *  what the SDK answered for the operation (its error says why: a proxy, a refused connection). */
export function sentSince(
  t: CheckContext,
  requests: Recorded[],
  from: number,
  op: string,
  answer: AdapterAnswer,
): Recorded[] {
  const got = requests.slice(from);
  if (got.length === 0) {
    // an HTTPS-only SDK given the plain-http gateway (probe 26): the reason names --sdk-tls
    const https = seemsHttpsOnly(t.subject, answer);
    t.inconclusive(
      `${https ? `${https}; ` : ''}the SDK sent no request to the gateway for ${op} (it answered ${describeAnswer(answer)})`,
    );
  }
  return got;
}

/** The Base64 (or base64url) tokens of a header value, decoded: an `Authorization: Basic` header
 *  carries `user:password` so (HTTP::Tiny, curl and requests send one for a URL with user:pass@). */
export function decodedTokens(v: string): string[] {
  return (v.match(/[A-Za-z0-9+/_-]{8,}={0,2}/g) ?? []).map((t) =>
    Buffer.from(t.replace(/=+$/, ''), /[-_]/.test(t) ? 'base64url' : 'base64').toString('latin1'),
  );
}

/** Where a configured secret shows up in what the SDK sent (undefined: nowhere), in any form the
 *  redactor finds it in (secretForms: as it is, URL-encoded, Base64, base64url, hex, reversed; in any
 *  case when long enough) and inside a header's Base64 tokens (`Authorization: Basic id:secret`). A
 *  header's tokens and a lower-cased text are made once per request, not once per secret. */
export function secretIn(r: Recorded): string | undefined {
  const names = Object.keys(r.headers);
  const decoded: Array<string[] | undefined> = [];
  const lower = new Map<string, string>();
  const shown = (how: string) => (how === 'as it is' ? '' : `, ${how}`);
  for (const s of secretValues()) {
    if (s.length < 4) continue;
    const latin1 = latin1Of(s);
    const find = (text: string): string | undefined =>
      showsSecret(text, s, () => {
        let l = lower.get(text);
        if (l === undefined) lower.set(text, (l = text.toLowerCase()));
        return l;
      });
    let how = find(r.path);
    if (how) return `the URL${shown(how)}`;
    // indexed loops: an entries() iterator and its pairs per secret were a tenth of a v5 SDK case's allocation
    for (let i = 0; i < names.length; i++) {
      const k = names[i]!;
      const v = r.headers[k]!;
      if ((how = find(v))) return `header ${k}${shown(how)}`;
      const tokens = (decoded[i] ??= decodedTokens(v));
      for (let j = 0; j < tokens.length; j++) if (tokens[j]!.includes(latin1)) return `header ${k}, Base64-encoded`;
    }
    if ((how = find(r.text))) return `the body${shown(how)}`;
  }
  return undefined;
}

/** What an adapter's answer carries, place by place: each text (or number) of its error or its output, by
 *  its path (`error.message`, `output.fields.pg_description`, `output.body`). */
function answerTexts(v: unknown, at: string, out: Array<[string, string]>): void {
  if (typeof v === 'string' || typeof v === 'number') out.push([at, String(v)]);
  else if (Array.isArray(v)) v.forEach((x, i) => answerTexts(x, `${at}[${i}]`, out));
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) answerTexts(x, `${at}.${k}`, out);
}

/** Where a configured secret shows in what the SDK answered its caller (undefined: nowhere), in the forms
 *  secretIn finds it in a request (showsSecret, and inside a Base64 token: a `Basic id:secret` quoted in
 *  an error message): "error.message", "output.fields.x, hex-encoded"; "the answer" for a member name.
 *  `judgedElsewhere`: the members of an output another rule judges for the secret (the Jysan payment form's
 *  action, method and fields, JY-SDK-05); any other member is what the SDK reports to its caller. */
export function secretInAnswer(a: AdapterAnswer, o: { judgedElsewhere?: readonly string[] } = {}): string | undefined {
  const places: Array<[string, string]> = [];
  const shown =
    a.ok && o.judgedElsewhere
      ? { ...a, output: Object.fromEntries(Object.entries(a.output).filter(([k]) => !o.judgedElsewhere!.includes(k))) }
      : a;
  if (!shown.ok) answerTexts(shown.error, 'error', places);
  else answerTexts(shown.output, 'output', places);
  places.push(['the answer', JSON.stringify(shown)]);
  const tokens: Array<string[] | undefined> = [];
  for (const s of secretValues()) {
    if (s.length < 4) continue;
    const latin1 = latin1Of(s);
    for (let i = 0; i < places.length; i++) {
      const [where, text] = places[i]!;
      const how =
        showsSecret(text, s) ??
        ((tokens[i] ??= decodedTokens(text)).some((t) => t.includes(latin1)) ? 'Base64-encoded' : undefined);
      if (how !== undefined) return how === 'as it is' ? where : `${where}, ${how}`;
    }
  }
  return undefined;
}

/** The rule of a profile judged on every answer of its SDK: what the SDK reports to its caller never
 *  shows the secret (`secret`: its name in the reasons). `formOp`: the operation whose output's form (its
 *  FORM_MEMBERS) another rule judges for the secret (the Jysan payment form, JY-SDK-05); its errors and any
 *  other member of its output are this rule's. */
export interface AnswerRule {
  rule: string;
  secret: string;
  formOp?: string;
  /** the rule judged on the answers to an operation given a card (cardInAnswer): a profile whose SDK takes one */
  card?: string;
}

/** The members of a payment form operation's output that are the form the payer's browser posts
 *  (docs/sdk-adapter.md: `{action, method, fields}`). */
export const FORM_MEMBERS = ['action', 'method', 'fields'] as const;

/** Each SDK profile's AnswerRule (GL-SDK-25, V5-SDK-20, JY-SDK-24): a profile with SDK checks has one. */
export const ANSWER_RULES = {
  greenleaves: { rule: 'GL-SDK-25', secret: 'secret key', card: 'GL-SDK-27' },
  'greenleaves-v5': { rule: 'V5-SDK-20', secret: 'secret key', card: 'V5-SDK-22' },
  jysan: { rule: 'JY-SDK-24', secret: 'SHARED_SECRET', formOp: 'payment.form' },
} as const satisfies Partial<Record<ProfileId, AnswerRule>>;

/** `rule` on one answer, as it arrives: the reason names the operation and the answer's field, never the
 *  secret (the evidence keeps the answer, redacted). */
function judgeAnswer(t: CheckContext, r: AnswerRule, op: string, a: AdapterAnswer, wellFormed: boolean): void {
  const where = secretInAnswer(a, op === r.formOp ? { judgedElsewhere: FORM_MEMBERS } : {});
  // an answer that breaks the adapter protocol fails the rule when it shows the secret, but passes
  // nothing: an adapter answering only garbage has had nothing of it judged (a run exits 3)
  if (where === undefined && !wellFormed) return;
  t.expectOnArrival(
    r.rule,
    where === undefined,
    `${op}: the SDK's answer shows the ${r.secret} (${where}): every log and error report of its caller keeps it`,
  );
}

/** A profile's SDK checks (defineChecks), each judging `r.rule` on every answer of its SDK as it arrives
 *  (CheckContext.onSdkAnswer): its results, its errors, its callback answers. A check that does not cite the
 *  rule itself cites it for those answers alone (Check.arrivalRules); the one that does (the
 *  profile's own check of it, which drives the SDK into its error paths) is inconclusive without any. */
export function sdkChecks<P extends ProfileId & keyof typeof ANSWER_RULES>(
  meta: { profile: P; subject: SubjectKind; area?: string },
  specs: CheckSpec<P>[],
  r: AnswerRule = ANSWER_RULES[meta.profile],
): Check<P>[] {
  const checks = citingOnArrival(defineChecks(meta, specs), r.rule, (c, t) => {
    t.onSdkAnswer = (op, a, wellFormed, input) => {
      judgeAnswer(t, r, op, a, wellFormed);
      if (r.card !== undefined) judgeCard(t, r.card, op, a, wellFormed, input);
    };
    return c.run(t);
  });
  return r.card === undefined ? checks : citingOnArrival(checks, r.card, (c, t) => c.run(t));
}

/** Where the SDK's answer to a callback it refused (every member, an error's message included) shows one of
 *  `sigs`, the signatures that call should have carried (GL-SDK-28, V5-SDK-23: a handler answering "expected
 *  <sig>" signs any body for whoever asks): each as it is, a hex one in any letter case, and, given its
 *  bytes, in hex, Base64 or base64url. Undefined: nowhere. The reason never shows the signature. */
export function signatureInAnswer(
  a: AdapterAnswer,
  sigs: ReadonlyArray<{ text: string; bytes?: Buffer }>,
): string | undefined {
  const places: Array<[string, string]> = [];
  answerTexts(a.ok ? a.output : a.error, a.ok ? 'output' : 'error', places);
  for (const s of sigs) {
    const b = s.bytes;
    const forms = [s.text, ...(b ? [b.toString('hex'), b.toString('base64'), b.toString('base64url')] : [])]
      .map((f) => f.replace(/=+$/, ''))
      .filter((f) => f.length >= 16);
    for (const [where, text] of places)
      for (const f of forms)
        if (within(f, text)) {
          // shown: every output shortens it (the proof stays, the value cannot be replayed), in each form
          for (const g of forms) registerLeakedSignature(g);
          return where;
        }
  }
  return undefined;
}

/** The card an operation was given (its input's members named as a card number or a CVC): the number's
 *  digits (13 to 19 of them, blanks and dashes dropped) and the CVC; undefined without a full number. */
export function cardOf(input: unknown): { pan: string; cvc?: string } | undefined {
  const places: Array<[string, string]> = [];
  answerTexts(input, 'input', places);
  let pan: string | undefined;
  let cvc: string | undefined;
  for (const [at, v] of places) {
    const name = at.slice(at.lastIndexOf('.') + 1);
    const digits = v.replace(/[ -]/g, '');
    if (/(?:^|_)(?:pan|card_?number)$/i.test(name) && /^[0-9]{13,19}$/.test(digits)) pan ??= digits;
    else if (/(?:^|_)(?:cvc2?|cvv2?|cvn)$/i.test(name) && /^[0-9]{3,4}$/.test(v)) cvc ??= v;
  }
  return pan === undefined ? undefined : { pan, ...(cvc === undefined ? {} : { cvc }) };
}

/** Where the SDK's answer shows `card` (undefined: nowhere): the number's digits in order, as they are or
 *  with a blank or a dash between any two, or the CVC named as one (cvc, cvv, security code) beside its
 *  value or as a member of that name. A masked card (5483-18XX-XXXX-0293) shows neither. */
export function cardInAnswer(a: AdapterAnswer, card: { pan: string; cvc?: string }): string | undefined {
  const places: Array<[string, string]> = [];
  answerTexts(a.ok ? a.output : a.error, a.ok ? 'output' : 'error', places);
  const pan = new RegExp(`(?<![0-9])${[...card.pan].join('[ -]?')}(?![0-9])`);
  const cvcNamed =
    card.cvc === undefined
      ? undefined
      : new RegExp(`(?:cvc2?|cvv2?|cvn|security[ _-]?code)\\W{0,4}${card.cvc}(?![0-9])`, 'i');
  for (const [where, text] of places) {
    if (pan.test(text)) return `${where}: the card number in full`;
    const name = where.slice(where.lastIndexOf('.') + 1);
    if (card.cvc !== undefined && ((/(?:cvc|cvv|cvn)/i.test(name) && text === card.cvc) || cvcNamed!.test(text)))
      return `${where}: the CVC`;
  }
  return undefined;
}

/** `rule` on one answer to an operation given a card (cardOf), as it arrives; the reason never shows it. */
function judgeCard(
  t: CheckContext,
  rule: string,
  op: string,
  a: AdapterAnswer,
  wellFormed: boolean,
  input: unknown,
): void {
  const card = cardOf(input);
  if (card === undefined) return;
  const where = cardInAnswer(a, card);
  if (where === undefined && !wellFormed) return;
  t.expectOnArrival(
    rule,
    where === undefined,
    `${op}: the SDK's answer shows the card it was given (${where}): every log and error report of its caller keeps it`,
  );
}

/** A secret's Latin-1 form (its UTF-8 bytes as chars, as a decoded Base64 token reads), per secret
 *  value: the configured secrets are a handful for the whole run. */
const latin1s = new Map<string, string>();
export function latin1Of(s: string): string {
  let l = latin1s.get(s);
  if (l === undefined) {
    if (latin1s.size >= 64) latin1s.clear(); // a test changing secrets without end: stay bounded
    latin1s.set(s, (l = Buffer.from(s, 'utf8').toString('latin1')));
  }
  return l;
}

/** Did the SDK take a result redirect as genuine? An error refuses it, and so does an answer whose
 *  `verified` is not true: the documented output carries the verdict (docs/sdk-adapter.md). */
export function verifiedAsGenuine(a: AdapterAnswer): boolean {
  return a.ok && (a.output as { verified?: unknown }).verified === true;
}

/** The form fields of a recorded request as the reference gateways read them: the query, then the
 *  body (urlencoded or multipart, by Content-Type); the first occurrence of a name wins. */
export function sentForm(r: Recorded): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  const query = new URL(r.path, 'http://gateway').searchParams;
  for (const [k, v] of [...query, ...parseFormBody(r.text, r.headers['content-type'] ?? '')])
    if (!(k in out)) out[k] = v;
  return out;
}

/** How many requests in a row a lasting failure (failEveryResend) is given to. */
export const RESENDS = 8;

/** The next request answered `reply`, and each resend of it (the same method and path: a g2g SDK signs a
 *  resend with a new salt) within RESENDS: a failure that lasts (a proxy that is down answers the resend 502
 *  too), so that an SDK that resends a 5xx (V5-SDK-03 recommends it) still ends in the error path the check
 *  judges. Probe 25: a one-shot 502 was answered by the gateway's own reply on the resend, and the SDK's 5xx
 *  error (the secret in it) was never reached. Another request (a read of the payment) passes as it is; the
 *  caller forgets what is left after its call. */
export function failEveryResend(
  gateway: { next(...b: Behaviour[]): void },
  reply: (up: Upstream, req: Recorded) => Upstream,
): void {
  let first: Recorded | undefined;
  // undefined: the reply passes as it is (not logged as changed)
  const change = (up: Upstream, req: Recorded): Upstream | undefined => {
    if (first && (first.method !== req.method || first.path !== req.path)) return undefined;
    first ??= req;
    return reply(up, req);
  };
  gateway.next(...Array.from({ length: RESENDS }, () => ({ kind: 'transform' as const, change })));
}

/** Whether the SDK's operation ended on the failure failEveryResend gave it, from the requests `sent` since:
 *  the last request to the method and path of the first failed one had its reply changed (a resend past
 *  RESENDS, or one the failure did not catch, got the gateway's own reply, and an SDK reporting that
 *  reply's error is not on the failure's error path). Undefined: no request was sent. */
export function endedOnFailure(sent: readonly Recorded[]): boolean | undefined {
  const first = sent.find((r) => r.changed) ?? sent[0];
  if (!first) return undefined;
  const same = sent.filter((r) => r.method === first.method && r.path === first.path);
  return same[same.length - 1]!.changed === true;
}

/** Whether two requests have one method and path (the query aside). */
export const sameRoute = (a: Recorded, b: Recorded): boolean =>
  a.method.toUpperCase() === b.method.toUpperCase() && a.path.split('?')[0] === b.path.split('?')[0];

/** How many resends of the failed request were answered the failure (failEveryResend): the failed replies
 *  to its method and path, less the first. */
export const failedResends = (sent: readonly Recorded[]): number =>
  Math.max(0, sent.filter((r) => r.changed).length - 1);
