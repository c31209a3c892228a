import { shown } from '../../src/protocols/jysan/xml.ts';
import { cacheHeaders } from '../../src/harness/stored-copy.ts';
import { phpNoticeIn } from '../../src/harness/diagnostics.ts';
import { webPage } from '../../src/harness/edge-page.ts';
import { randomInt } from 'node:crypto';
import { readBounded } from '../../src/spec/read-bounded.ts';
import { oncePerCheck, type CheckContext } from '../../src/harness/check.ts';
import { firstForm } from '../../src/harness/forms.ts';
import { describeErrors, getSchema, schemaId, validate } from '../../src/spec/ajv.ts';
import { loadErrors, ownFieldCode } from '../../src/spec/load.ts';
import type { Listener, Received } from '../../src/harness/listener.ts';
import {
  decodeForm,
  messagePattern,
  sign,
  type Fields,
  type Language,
  type Operation,
} from '../../src/protocols/jysan/index.ts';
import {
  JysanClient,
  cardFields,
  cardValue,
  followPayer,
  readPage,
  type CardData,
  type PageReply,
  type XmlReply,
} from '../../src/sdk/jysan.ts';
import { TARGET_CARDS_VAR, cardFor, targetCards, type JysanCard } from '../../src/spec/jysan-cards.ts';
import { Inconclusive, SkipCheck } from '../../src/harness/outcome.ts';
import { afterControl } from '../../src/harness/forgery-control.ts';
import { refuseRedirect, type HttpRequest, type HttpResponse } from '../../src/harness/http.ts';
import { quote } from '../../src/harness/clip.ts';
import { judgeLeak, leakIn } from '../no-leak.ts';
import { payerPageAnswered } from '../payer-pages.ts';
import { fullPanShown, maskedPan, overShownPan } from '../pan.ts';
import type { Send } from '../../src/sdk/transport.ts';

export type Ctx = CheckContext<'jysan'>;

const CARD_DATA = ['crd_pan', 'crd_exp', 'crd_cvc'] as const;

/** The suite's client. Every payment reply through it that answers nothing (noAnswer: an empty 200,
 *  a page that is neither an error, the card page nor a result, a redirect the payer was not followed
 *  through) ends the check inconclusive, against any target. `raw`: such replies are returned, for
 *  the checks judging the reply's own form (JY-PAY-18, JY-PAY-19: formOnly), a redirect not followed
 *  excepted. */
export function client(t: Ctx, o: { raw?: boolean } = {}): JysanClient {
  const c = t.credentials;
  // a check judging JY-SIG-17 keeps what it sent and what came back, for noLeak
  const log = t.check.rules.includes('JY-SIG-17') ? exchangesOf(t) : undefined;
  const send: Send = async (r) => {
    const res = await judgedSend(t)(r);
    log?.push({ form: r.form, text: res.text, what: r.note ?? `${r.method ?? 'GET'} ${r.url}` });
    // in every check, cited JY-SIG-17 or not: a right P_SIGN a reply shows (a code-21 <description>
    // "(expected …)") is registered with the redactor, shortened in every output (noLeak judges it)
    if (!log) registerLeaks(r.form, res.text, c.sharedSecret);
    return res;
  };
  return new SuiteClient(send, t.subject.baseUrl, c.merchant, c.terminal, c.sharedSecret, {
    real: t.subject.target === 'real',
    raw: o.raw === true,
    pageOrigins: t.subject.pageOrigins ?? [],
  });
}

/** JY-PAY-23 (INFERRED): no reply of the gateway shows a full card number. */
export const PAN_RULE = 'JY-PAY-23';
/** The card numbers each check sent (in crd_*, or typed into the card form). */
const pansSent = new WeakMap<Ctx, Set<string>>();

/** `pan` was sent by this check: every reply it gets from then on is judged on JY-PAY-23 (judgedSend). */
export function cardSent(t: Ctx, pan: string): void {
  const pans = pansSent.get(t) ?? new Set<string>();
  pansSent.set(t, pans.add(pan));
}

/** The transport of the suite's requests to the gateway (client(t), the scripted payer, the 3-D Secure
 *  steps): in the checks citing JY-PAY-23, each reply after a card was sent is judged as it arrives, the
 *  card's digits anywhere in its body (suites/pan.ts, as GL-PAY-12): XML replies, result pages, ACS pages. */
export function judgedSend(t: Ctx): (r: HttpRequest) => Promise<HttpResponse> {
  return async (r) => {
    const res = await t.http.send(r);
    const pans = pansSent.get(t);
    // a reply without a body shows nothing, not even that it hides the card (probe 16's empty replies)
    if (pans && t.check.rules.includes(PAN_RULE) && res.text.trim() !== '') {
      const shown = fullPanShown(res.text, pans);
      const what = r.note ?? `${r.method ?? 'GET'} ${r.url}`;
      t.expectOnArrival(
        PAN_RULE,
        shown === undefined,
        `${what}: the reply shows the card number ${shown && maskedPan(shown)} in full, not masked (HTTP ${res.status})`,
      );
      // "first 6 and last 4 digits at most": a card masked too little (probe 22's 411111******111111)
      const over = shown === undefined ? overShownPan(res.text, pans) : undefined;
      t.expectOnArrival(
        PAN_RULE,
        over === undefined,
        `${what}: the reply shows the card ${over && maskedPan(over.pan)} masked too little: its first ${over?.lead} and last ${over?.tail} digits (${over?.pan.length} digits), want the first 6 and the last 4 at most (HTTP ${res.status})`,
      );
    }
    // the payer's pages (statuses 'any'): an edge's 502/503/504 or its page sent with a 2xx is no answer
    // of the gateway's (JY-RED-01, JY-RED-02, JY-3DS-07 failed on nginx's "502 Bad Gateway", probe 20)
    return payerPageAnswered(r, res);
  };
}

/** A check's exchanges through client(t) not yet judged by noLeak: the form sent, the reply's text. */
type Exchanges = Array<{ form?: Array<[string, string]>; text: string; what: string }>;
const exchanges = new WeakMap<Ctx, Exchanges>();
function exchangesOf(t: Ctx): Exchanges {
  let log = exchanges.get(t);
  if (!log) exchanges.set(t, (log = []));
  return log;
}

const OPERATIONS = ['payment', 'status', 'list', 'cancel', 'confirm'] as const;

/** leakIn over one reply to a request carrying a P_SIGN, for what it registers with the redactor only. */
function registerLeaks(form: Array<[string, string]> | undefined, text: string, secret: string): void {
  const f: Fields = form ? Object.fromEntries(form) : {};
  const sent = f.P_SIGN;
  if (sent !== undefined && text !== '')
    leakIn({ text, secret, sent, expected: () => OPERATIONS.map((op) => sign(op, f, secret)) });
}

/** JY-SIG-17 over every reply the check got through client(t) since the last call: none shows the
 *  SHARED_SECRET, and none to a request whose P_SIGN is not the right one shows the right one (for
 *  any operation's formula: which one the gateway read it as is its own). Called where the check
 *  judges a badly signed request (refusedAsBadSignature), so no request is sent for it. The judgement
 *  is suites/no-leak.ts's, shared with GL-SIG-17 and V5-JWS-15. */
export function noLeak(t: Ctx): void {
  const secret = t.credentials.sharedSecret;
  // judged once each, and let go of
  for (const { form, text, what } of exchanges.get(t)?.splice(0) ?? []) {
    const f: Fields = form ? Object.fromEntries(form) : {};
    const sent = f.P_SIGN;
    judgeLeak(t, 'JY-SIG-17', { secret: 'SHARED_SECRET', signature: 'P_SIGN' }, what, {
      text,
      secret,
      sent,
      // a request without P_SIGN is not judged on it
      ...(sent !== undefined && { expected: () => OPERATIONS.map((op) => sign(op, f, secret)) }),
    });
  }
}

/** A real target's replies to status, cancel, list or confirm answered as a payment request (no XML
 *  <result>, but its error page or the card page), with what was asked. Seed 002 documents the payment step only: those operations are INFERRED from the digest,
 *  and a target that answers one with no XML does not offer it. A check that needs its code does
 *  not apply then (skipped; JY-PAY-17 warns about the missing operation), rather than leaving the
 *  payment rules it also cites inconclusive. */
const NOT_OFFERED = new WeakMap<XmlReply, string>();

export const notOffered = (r: XmlReply): boolean => NOT_OFFERED.has(r);

export function skipIfNotOffered(r: XmlReply): void {
  const asked = NOT_OFFERED.get(r);
  if (asked !== undefined)
    throw new SkipCheck(
      `the target answers ${asked} with no XML <result>: it does not offer that operation (seed 002 documents only the payment step; JY-PAY-17 judges the routing): ${describe(r)}`,
    );
}

class SuiteClient extends JysanClient {
  constructor(
    send: Send,
    baseUrl: string,
    merchant: string,
    terminal: string,
    secret: string,
    private readonly o: { real: boolean; raw: boolean; pageOrigins: readonly string[] },
  ) {
    super(send, baseUrl, merchant, terminal, secret, o.pageOrigins);
  }

  override async postXml(fields: Fields, note?: string): Promise<XmlReply> {
    const r = await super.postXml(fields, note);
    // status, list, cancel and confirm are answered in XML, never by sending the browser on: a redirect
    // is no reply of the API (the target URL is not the one that answers), as for g2g and v5, against
    // any target. A gateway sending every request to another host had JY-PAY-17 warned (a real
    // target) or failed (behind a proxy, probe 16) "not answered with an XML <result>"
    refuseRedirect({ ...r.http, ms: 0 }, `${note ?? 'an XML operation'} (POST ${this.apiUrl})`);
    if (!this.o.real) return r;
    // answered as a payment request (its error page, the card page) and not even cut XML: not offered
    const asPayment = ['error', 'card-page'].includes(readPage(r.http).kind);
    if (r.parseError && asPayment && !/<result\b/i.test(r.http.text)) NOT_OFFERED.set(r, note ?? 'an XML operation');
    return r;
  }

  override async postPayment(fields: Fields, note?: string): Promise<PageReply> {
    const r = await super.postPayment(fields, note);
    return this.o.raw && r.unfollowed === undefined ? r : answered(r, withCardData(fields));
  }
}

const withCardData = (f: Fields): boolean => CARD_DATA.some((k) => f[k] !== undefined);

/** Why a payment-step reply answers nothing a check can judge, or undefined when it answers (the one
 *  predicate for it: the suite's client, the scripted payer and the 3-D Secure steps ask it):
 *  - a redirect the payer was not followed through (another origin, a loop…): what it leads to is unknown;
 *  - without card data (`cardData` false), a reply that is neither an error page, the card page nor a
 *    result (kind 'other': an empty 200, a page paycert cannot read): seed 002 answers a payment request
 *    with the card page or an error, and this is neither, so it is no acceptance and no refusal;
 *  - with card data (crd_*, a card form submitted, a 3-D Secure step), a reply with no body at all: the
 *    bank goes on to pages of its own there (a 3-D Secure challenge, its MPI or result page), which the
 *    checks read as answers, but nothing is no page.
 *  Only the rules that prescribe the reply's form (JY-PAY-18, JY-PAY-19: formOnly) fail on such a reply.
 *  Before, the signature, error and field checks read kind 'other' as "not refused" or "refused": an
 *  empty 200 failed JY-SIG-04 ("a signature including LANGUAGE was not refused") and JY-PAY-09 ("a
 *  Cyrillic DESC of 30 characters was refused") alike (probe 16). */
export function noAnswer(r: PageReply, cardData: boolean): string | undefined {
  if (r.kind !== 'other') return undefined;
  if (r.unfollowed !== undefined) return "the payer's browser was not followed where the reply sent it";
  if (!cardData) return 'the reply is not a page paycert can read (an error, the card page or a result)';
  return r.http.text.trim() === '' ? 'the reply has no body' : undefined;
}

/** `r` when it answers (noAnswer), else the check ends inconclusive with why. */
export function answered(r: PageReply, cardData: boolean): PageReply {
  const why = noAnswer(r, cardData);
  if (why !== undefined) throw new Inconclusive(`${why}, so it shows neither acceptance nor refusal: ${describe(r)}`);
  return r;
}

/** For a rule that prescribes the payment reply's form (JY-PAY-18 the HTML card page, JY-PAY-19 the
 *  HTML error page), on a reply from client(t, { raw: true }): a reply of kind 'other' fails `rule`
 *  (`failure` and the reply), unless it is a real target's HTML page paycert cannot read (a card form
 *  in an iframe, a vendor's layout: not shown to be something else), which `rule` does not judge;
 *  either way it answers nothing else, and the check ends inconclusive (answered). `r` otherwise. */
export function formOnly(t: Ctx, rule: string, r: PageReply, failure: string): PageReply {
  if (r.kind !== 'other') return r;
  const unread =
    t.subject.target === 'real' && r.http.text.trim() !== '' && /html/i.test(r.http.headers['content-type'] ?? '');
  if (unread) t.cannotJudge(rule, `an HTML page paycert cannot read: ${describe(r)}`);
  else t.expect(rule, false, `${failure}: ${describe(r)}`);
  return answered(r, false);
}

let nextOrder = randomInt(1_000_000_000, 8_000_000_000);

/** ORDER is N(6-10) and unique per merchant: 10 digits from a random start, counting up. */
export function orderId(): string {
  return String(nextOrder++);
}

/** A fresh ORDER with a leading zero (N(6-10) are digits: "0012345" is an ORDER too), unique as
 *  orderId's: a gateway reading ORDER as a number before it hashes it refuses it as badly signed. */
export function zeroLedOrderId(): string {
  return `0${orderId().slice(1)}`;
}

let nextNonce = randomInt(1_000_000_000_000, 8_000_000_000_000);

/** NONCE is N(6-64), "Случайное уникальное число" (seed 002): a bank may refuse one it has seen, so
 *  every payment paycert means to be taken carries a new one (13 digits from a random start,
 *  counting up, like the clients' ms timestamps). `like`: a generated value whose length to keep
 *  (its leading digits kept when longer than 13, the counter's last digits when shorter). */
export function nonce(like?: string): string {
  const n = String(nextNonce++);
  if (like === undefined) return n;
  return like.length >= n.length ? like.slice(0, like.length - n.length) + n : n.slice(-like.length);
}

/** A payment request's own fields (MERCHANT, TERMINAL and P_SIGN are added by the client). */
export function order(extra: Fields = {}): Fields {
  return { ORDER: orderId(), AMOUNT: '1500.50', CURRENCY: 'KZT', DESC: 'paycert test order', ...extra };
}

/** DESC and DESC_ORDER holding the characters XML must escape (seed 002 "DESC Да C(1 – 50)": any
 *  characters), for orders whose status or list replies are read: a gateway writing them unescaped
 *  sends no XML (JY-STA-02, JY-LST-02). Every other DESC paycert sent was "paycert test order". */
export const MARKUP: Fields = { DESC: 'Tom & Jerry <kids> "R&D"', DESC_ORDER: 'a < b && c > d' };

/** paycert's test card `id`; against a real target the target's own card of that id when
 *  PAYCERT_JYSAN_TEST_CARDS names one (the bank publishes no test cards). */
export function card(id: string): JysanCard {
  return cardFor(id);
}

export function cardData(c: JysanCard): CardData {
  return { pan: c.pan, exp: c.exp, cvc: c.cvc };
}

/** The public key for crd_*: the reference's own (control API), or the bank's PEM file named by
 *  PAYCERT_JYSAN_PUBLIC_KEY; without either the check cannot encrypt card data. */
export async function publicKey(t: Ctx): Promise<string> {
  if (t.control) return (await t.control.get<{ pem: string }>('public-key')).pem;
  const path = t.credentials.publicKeyPath;
  if (path) return readBounded(path, 1 << 20, 'a PEM public key is a few KiB').toString('utf8');
  return t.skip('no public key to encrypt crd_*: set PAYCERT_JYSAN_PUBLIC_KEY to the PEM file the bank issued');
}

export function describe(r: PageReply | XmlReply): string {
  if ('kind' in r) {
    // the redirects the payer was followed through (none to BACKREF, none with a result)
    const path = r.via?.length ? `the payer redirected via ${r.via.join(' → ')}, then ` : '';
    if (r.unfollowed !== undefined)
      return `${path}HTTP ${r.http.status}, a redirect to ${JSON.stringify(quote(r.next ?? '', 200))} (neither BACKREF nor a result), not followed: ${r.unfollowed}`;
    return path + describePage(r);
  }
  if (r.parseError) {
    // an HTML page (the bank's payment error page, a site's front end) is no XML at all: its parse error
    // ("unexpected close tag") would read as broken XML
    const page = phpNoticeIn(r.http.text) ? undefined : webPage(r.http);
    if (page)
      return `HTTP ${r.http.status}, ${page}, not an XML <result>: ${quote(r.http.text.replace(/\s+/g, ' '), 160)}`;
    // well-formed, with a <result> whose <code> is missing, repeated or an element: no "not an XML <result>"
    if (r.wellFormed && /<result\b/i.test(r.http.text))
      return `HTTP ${r.http.status}, a <result> paycert cannot read (${r.parseError}): ${quote(r.http.text, 160)}`;
    return `HTTP ${r.http.status}, not an XML <result>${phpNoticeIn(r.http.text) || ` (${r.parseError}): ${quote(r.http.text, 160)}`}`;
  }
  // a code padded with whitespace (an edge that re-indents the XML) is quoted, so the padding shows
  const code = r.code === undefined || /^[\w-]*$/.test(r.code) ? r.code : JSON.stringify(r.code.slice(0, 40));
  return `<code>${code}</code> "${shortSigns(shown(r.description ?? ''))}"${r.operation ? ` status ${shown(r.operation.status)}` : ''}`;
}

function describePage(r: PageReply): string {
  if (r.kind === 'error') return `HTTP ${r.http.status}, error page: code ${r.code} "${shortSigns(r.message ?? '')}"`;
  if (r.kind === 'redirect' && r.forward)
    return `HTTP ${r.http.status}, a page forwarding the payer to BACKREF (${r.forward.via === 'form' ? `${r.forward.method} form` : 'meta refresh'}) ${r.next}`;
  if (r.kind === 'redirect') return `HTTP ${r.http.status}, redirect to ${r.next}`;
  if (r.kind === 'result') return `HTTP ${r.http.status}, result page res_code ${r.resCode}`;
  const text = r.http.text.replace(/\s+/g, ' ');
  return `HTTP ${r.http.status}, ${r.kind}: ${text.trim() === '' ? '(an empty body)' : quote(text, 160)}`;
}

export const accepted = (r: PageReply): boolean => r.kind === 'card-page';
/** An XML reply without a code (not XML, no <code>) shows neither: the asking check ends inconclusive. */
function coded(r: XmlReply): string {
  skipIfNotOffered(r);
  if (r.code === undefined)
    throw new Inconclusive(
      `the reply carries no single code, so it shows neither acceptance nor refusal: ${describe(r)}`,
    );
  return r.code;
}
/** A reply that is XML but carries no code (none, an element there, two) shows neither acceptance
 *  nor refusal: the check ends inconclusive. A reply of an operation the target does not offer
 *  (notOffered) is returned for the caller to judge. */
export function withCode(r: XmlReply, what: string): XmlReply {
  if (r.code === undefined && !notOffered(r))
    throw new Inconclusive(
      `${what}: the reply carries no single code, so it shows neither acceptance nor refusal: ${describe(r)}`,
    );
  return r;
}
export const xmlOk = (r: XmlReply): boolean => coded(r) === '0';
/** A reply meant as an XML <result> that is not well-formed XML (cut short, a notice before it, a
 *  bare '<' in a value), or well-formed with no single text <code> in its <result> (none, two, an
 *  element: the operation's form rule says "<result> with <code>", and two codes say neither), fails
 *  the operation's form rule (INFERRED: seed 002 describes no XML reply), each said as what it is: a
 *  duplicated <code> once read "not well-formed XML". It shows no code, so the check then ends
 *  inconclusive on what the code would have told. Call before reading the code. */
export function resultForm(t: Ctx, rule: string, r: XmlReply): void {
  if (!r.parseError || !/<result\b/i.test(r.http.text)) return;
  t.expect(
    rule,
    false,
    r.wellFormed ? `the <result> has no single <code>: ${describe(r)}` : `not well-formed XML: ${describe(r)}`,
  );
}
export const xmlRefused = (r: XmlReply): boolean => coded(r) !== '0';

/** The language a request asked for: ru or en as sent; none otherwise (the seed names no default). */
export function asked(language: string | undefined): Language | undefined {
  return language === 'ru' || language === 'en' ? language : undefined;
}

/** A code of the documented table (errors.json); a refusal with any other code fails JY-ERR-01. */
export function documentedCode(t: Ctx, code: number | undefined, what: string, text = String(code)): boolean {
  const known = code !== undefined && code !== 0 && loadErrors('jysan').codes.some((c) => c.code === code);
  const written = text.length > 40 ? `${quote(text, 40)}… (${text.length} characters)` : text;
  return t.expect('JY-ERR-01', known, `${what}: code ${written} is not a documented error code`);
}

/** A gateway's text for a reason: a hex run of 64 digits and more in it (a SHA-512 P_SIGN) cut to its
 *  first 8 characters and "…". A leaked valid signature (the expected P_SIGN a gateway shows, JY-SIG-17)
 *  is shortened in every output already once leakIn (suites/no-leak.ts) registers it with the redactor
 *  (registerLeakedSignature, docs/architecture.md "A leaked valid signature is shown shortened in every
 *  output"); this is for the hex runs the redactor does not know (one never judged as a leak, a hash of
 *  something else), which a reason needs no more of than its start. */
export const shortSigns = (s: string): string => s.replace(/[0-9A-Fa-f]{64,}/g, (h) => `${h.slice(0, 8)}…`);

/** JY-ERR-01 on a refusal's code and message as a pair, wherever a check reads both (a payment's
 *  error page, an XML reply's <code> and <description>): the code is one of the documented table and
 *  the message is that code's own ru or en template. A code 27 shown with 21's "Неправильная
 *  подпись!", or a 21 with 24's "Не указано значение в поле "P_SIGN"." fails it: before, a check
 *  judged the message only when the code was the one it wanted, and such pairs passed every rule.
 *  `lang`: the language asked, judged on JY-ERR-16 as well (the check must cite it). */
export function judgeRefusal(
  t: Ctx,
  code: number | string | undefined,
  message: string | undefined,
  what: string,
  lang?: Language,
): void {
  const text = String(code);
  // digits only, as the field checks read an XML code (Number() would read " 21" or "2.1e1" as 21)
  const n = typeof code === 'number' ? code : /^[0-9]{1,9}$/.test(text) ? Number(text) : undefined;
  if (!documentedCode(t, n, what, text)) return;
  const msg = shortSigns(message ?? '');
  const ru = messagePattern(n!, 'ru').test(message ?? '');
  const en = messagePattern(n!, 'en').test(message ?? '');
  if (lang !== undefined && (ru || en))
    t.expect(
      'JY-ERR-16',
      lang === 'ru' ? ru : en,
      `${what}: code ${n}: the message is in ${lang === 'ru' ? 'en' : 'ru'}, ${lang} was asked: "${msg}"`,
    );
  const doc = loadErrors('jysan').codes.find((c) => c.code === n)!;
  t.expect(
    'JY-ERR-01',
    ru || en,
    `${what}: code ${n} with the message "${msg}", which is not code ${n}'s documented template ("${doc.ru}" / "${doc.en}")${garbled(msg)}`,
  );
}

/** Judge a message against its template in the requested language: a message in the other
 *  language fails JY-ERR-16 (without LANGUAGE either language is taken), one matching no template
 *  of its code fails JY-ERR-01. `parts` are the substituted values that must appear (field name,
 *  limit, value), judged on `rule` (JY-ERR-19 unless the check owns the substitution). */
export function judgeMessage(
  t: Ctx,
  rule: string,
  code: number,
  message: string | undefined,
  lang: Language | undefined,
  parts: (string | number)[] = [],
): void {
  const msg = message ?? '';
  const want = lang ?? (messagePattern(code, 'en').test(msg) ? 'en' : 'ru');
  const other: Language = want === 'ru' ? 'en' : 'ru';
  const inLang = messagePattern(code, want).test(msg);
  const inOther = !inLang && messagePattern(code, other).test(msg);
  // judged on every message where a language was asked, so that a passing message counts as a judgement
  if (lang !== undefined)
    t.expect('JY-ERR-16', !inOther, `code ${code}: the message is in ${other}, ${want} was asked: "${msg}"`);
  if (inOther) return;
  if (
    !t.expect(
      'JY-ERR-01',
      inLang,
      `code ${code}: "${msg}" is not the documented ${want} template "${messagePattern(code, want).source}"${garbled(msg)}`,
    )
  )
    return;
  for (const p of parts)
    t.expect(
      rule,
      msg.includes(String(p)),
      `code ${code}: "${msg}" does not carry ${JSON.stringify(p)}${garbled(msg)}`,
    );
}

/** The payment was not carried out: an error page, or a result (page, redirect or a page forwarding
 *  to BACKREF) with a non-zero res_code. */
export function notPaid(r: PageReply): boolean {
  if (r.kind === 'error') return true;
  if (r.kind === 'result') return r.resCode !== '0';
  if (r.kind === 'redirect' && r.next) return r.resCode !== '0';
  return false;
}

/** The reply shows the payment carried out: a result, or one sent on to BACKREF, with res_code 0. */
export function paidShown(r: PageReply): boolean {
  return (r.kind === 'result' || (r.kind === 'redirect' && !!r.next)) && r.resCode === '0';
}

/** Why a reply to a payment shows neither the payment nor a refusal, or undefined when it shows one: a
 *  page paycert cannot read (the bank's own MPI or result page after crd_*, an error it cannot parse;
 *  any target's: the client lets such a page through only with card data, see noAnswer), or a real
 *  target's result sent on to BACKREF in fields of the vendor's own (no res_code). */
export function unreadable(t: Ctx, r: PageReply): string | undefined {
  if (r.kind === 'other') return 'not a page paycert can read';
  if (t.subject.target === 'real' && r.kind === 'redirect' && r.resCode === undefined)
    return 'the result sent to BACKREF carries no res_code';
  return undefined;
}

/** What the status query of order `orderId` shows of its payment: paid (status S, or A: authorised)
 *  or not (another status, or the order unknown: code 12), or why it shows neither. Read without
 *  judging the status reply (JY-STA-*, JY-SIG-11 are other checks'), as requireCompleted does. */
async function paidPerStatus(t: Ctx, orderId: string): Promise<{ paid: boolean; shown: string } | { why: string }> {
  const s = await client(t).status(orderId);
  if (notOffered(s)) return { why: `the target offers no status operation: ${describe(s)}` };
  if (s.code === '12' && !s.operation) return { paid: false, shown: `the order unknown: ${describe(s)}` };
  const status = s.operation?.status;
  if (s.code !== '0' || typeof status !== 'string')
    return { why: `the status query shows no state of the order: ${describe(s)}` };
  return { paid: status === 'S' || status === 'A', shown: `status ${status}` };
}

/** `rule` holds when the payment `r` answered (order `orderId`) was not carried out. A reply that
 *  shows neither (unreadable) is settled by the status query of the order; when that shows neither
 *  either, `rule` is not judged, with why, and the check goes on. `failure`: the words for a payment
 *  carried out. `passes`: whether "not paid" passes `rule` (false for a rule about more than that,
 *  e.g. the refusal's code: only "paid" fails it then). True when shown not paid, false when shown
 *  paid, undefined when unknown. */
export async function expectNotPaid(
  t: Ctx,
  rule: string,
  r: PageReply,
  orderId: string,
  failure: string,
  passes = true,
): Promise<boolean | undefined> {
  const unread = unreadable(t, r);
  if (unread === undefined) return t.expect(rule, notPaid(r), failure);
  const s = await paidPerStatus(t, orderId);
  if ('why' in s) {
    t.cannotJudge(rule, `${unread} (${describe(r)}), and ${s.why}: whether order ${orderId} was paid is unknown`);
    return undefined;
  }
  if (s.paid) return t.expect(rule, false, `${failure}; the status query shows it paid: ${s.shown}`);
  if (passes) t.pass(rule);
  return true;
}

/** Follow where the gateway sends the result as the payer's browser does (a Location, the BACKREF
 *  link, or the form or meta refresh of a page forwarding to BACKREF) and return the fields the
 *  suite's listener received: BACKREF's query, and for a POST its body (the body wins). */
export async function follow(t: Ctx, l: Listener, r: PageReply, rule: string): Promise<Record<string, string>> {
  t.require(rule, !!r.next, `the reply carries no redirect, link, form or refresh to BACKREF: ${describe(r)}`);
  // the browser is followed to BACKREF (the suite's listener) or on the gateway's own origins (the
  // target's, --page-origin), never to a third host: the result sent there did not go to BACKREF, and
  // paycert sends nothing there
  const to = URL.canParse(r.next!, t.subject.baseUrl) ? new URL(r.next!, t.subject.baseUrl) : undefined;
  const allowed = [new URL(l.url('')).origin, ...gatewayOrigins(t)];
  t.require(
    rule,
    to !== undefined && allowed.includes(to.origin),
    `the result goes to ${JSON.stringify(quote(r.next!, 200))}, neither BACKREF (the suite's listener, ${allowed[0]}) nor the target's own origin${t.subject.pageOrigins?.length ? ' or a --page-origin' : ''}, so paycert does not follow it: ${describe(r)}`,
  );
  const before = l.received.length;
  const f = r.forward;
  const req: HttpRequest =
    f?.method === 'POST'
      ? {
          url: f.url,
          method: 'POST',
          form: f.form,
          note: 'the browser submits the result form to BACKREF',
          statuses: 'any',
        }
      : { url: r.next!, note: 'the browser follows the result to BACKREF', statuses: 'any' };
  const res = await t.http.send(req);
  // a hop on the gateway's own origin on the way to BACKREF answered by its edge is no answer of the gateway's
  if (to!.origin !== allowed[0]) payerPageAnswered(req, res);
  const got = await l.waitFor(before + 1, t.subject.limits.callbackWaitMs);
  t.require(rule, got.length > before, `the result link ${r.next} did not reach BACKREF (the suite's listener)`);
  return receivedFields(got[before]!);
}

/** The fields a BACKREF call carries: its query, and for a POST its form body over them. */
export function receivedFields(c: Received): Record<string, string> {
  const q = decodeForm(new URL(c.path, 'http://listener').search);
  return c.method === 'POST' ? { ...q, ...decodeForm(c.body) } : q;
}

/** The origins of the gateway the payer's browser is followed to and posts the card form to: the
 *  target's and the page hosts named by --page-origin. */
export function gatewayOrigins(t: Ctx): string[] {
  return [new URL(t.subject.baseUrl).origin, ...(t.subject.pageOrigins ?? [])];
}

/** The scripted payer: fill the card page's form with a test card and submit it. */
export async function payOnPage(t: Ctx, page: PageReply, c: CardData, backref?: string): Promise<PageReply> {
  // the page's own URL (the last hop the payer was followed through, on the gateway's origins)
  const at = page.via?.at(-1) ?? client(t).apiUrl;
  const form = firstForm(page.http.text, at);
  if (!form) return t.inconclusive('the card page has no form to fill in');
  // the card number goes to the gateway's origins only (the payer emulation sends no card data elsewhere)
  const origins = gatewayOrigins(t);
  const to = new URL(form.action).origin;
  if (!origins.includes(to))
    t.inconclusive(
      `the card page's form posts to ${JSON.stringify(quote(form.action, 200))}, another origin than the target's${origins.length > 1 ? ' and the --page-origin ones' : ''}: the scripted payer sends no card data there; if it is the gateway's own page host, name it with --page-origin ${to}`,
    );
  // as the payer's browser submits it: each control the card asks for filled by its autocomplete
  // token or its name (card_pan, crd_pan, cardNumber, cvv2, exp_month…), the others as they stand;
  // no disabled control, unchecked box or button
  const fields = form.controls
    .filter((k) => !k.disabled && !['submit', 'button', 'reset', 'image', 'file'].includes(k.type))
    .filter((k) => !['checkbox', 'radio'].includes(k.type) || k.checked)
    .map((k): [string, string] => [k.name, cardValue(k, c) ?? k.value]);
  // on from there as the payer's browser goes: through redirects that are no result (3-D Secure elsewhere)
  cardSent(t, c.pan);
  const send = judgedSend(t);
  const done = await followPayer(
    send,
    await send({
      url: form.action,
      method: form.method,
      form: fields,
      note: 'the payer submits the card form',
      statuses: 'any',
    }),
    { backref, base: form.action, origins },
    fields,
  );
  // nothing came back (no body, a redirect not followed): the card form's answer is no page to judge
  answered(done, true);
  // the page's own refusal of what the payer entered is no verdict on what follows a payment: the
  // form may ask for more than the payer could tell (a field it could not read)
  if (done.kind === 'error')
    t.inconclusive(
      `the card page refused what the scripted payer entered (${fields.map(([k]) => k).join(', ')}): ${describe(done)}`,
    );
  return done;
}

/** dd.MM.yyyy HH:mm:ss in Kazakhstan time (UTC+5), the format of DATE_FROM / DATE_TO. */
export function kzDate(ms: number): string {
  const d = new Date(ms + 5 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}.${p(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** The listener's BACKREF with the GET redirect switched on and a parameter of the merchant's own. */
export function backref(l: Listener): string {
  return `${l.url('result')}?redirect=true&shop_ref=R-77`;
}

/** A payment with card data in crd_* (host-to-host): no card page, the payment runs at once.
 *  Card data the gateway cannot decrypt (code 27 on crd_pan / crd_cvc) fails JY-ENC-02 here, so
 *  that checks built on such payments do not blame their own rules: they must cite JY-ENC-02. */
export async function payDirect(
  t: Ctx,
  c: CardData,
  extra: Fields = {},
  cardPageJudged = false,
): Promise<{ fields: Record<string, string>; reply: PageReply }> {
  const cl = client(t);
  const fields = cl.signed('payment', { ...order(extra), ...cardFields(c, await publicKey(t)) });
  cardSent(t, c.pan);
  const reply = await cl.postPayment(fields, 'payment with encrypted card data (crd_*)');
  const undecrypted = reply.kind === 'error' && reply.code === 27 && /crd_(pan|cvc)/.test(reply.message ?? '');
  t.require(
    'JY-ENC-02',
    !undecrypted,
    `card data encrypted with RSA PKCS#1 v1.5 under the public key was not decrypted: ${describe(reply)}`,
  );
  // a correctly signed payment refused as badly signed is judged by the checks citing JY-SIG-01 (openOrder, vectors)
  if (reply.kind === 'error' && reply.code === 21)
    t.inconclusive(`the payment with crd_* was refused as badly signed (${await badSignCause(t)}): ${describe(reply)}`);
  // the card page instead of the payment is JY-PAY-20's (jy.flow.card-data): here the payment never ran
  if (reply.kind === 'card-page' && !cardPageJudged)
    t.inconclusive(`with crd_* the card page was shown (JY-PAY-20), the payment did not run: ${describe(reply)}`);
  return { fields, reply };
}

/** The signature rule a request signed by the documented formula exercises: CR/LF removed
 *  (JY-SIG-03), LANGUAGE left out (JY-SIG-04), or the operation's own formula. */
export function signatureAspect(op: Exclude<Operation, 'redirect'>, f: Fields): string {
  if (op !== 'payment')
    return { status: 'JY-SIG-11', list: 'JY-SIG-12', cancel: 'JY-SIG-13', confirm: 'JY-SIG-14' }[op];
  if (/[\r\n]/.test(`${f.DESC ?? ''}${f.DESC_ORDER ?? ''}`)) return 'JY-SIG-03';
  if (f.LANGUAGE !== undefined) return 'JY-SIG-04';
  return 'JY-SIG-01';
}

/** Why requests signed by the documented formula are refused with 21: the rule at fault, the reason's
 *  words, and whether the plain payment request in uppercase hex was taken (answered with the card
 *  page: the lowercase digest alone is refused, JY-SIG-06's failure, established). */
export interface BadSign {
  rule: 'JY-SIG-01' | 'JY-SIG-04' | 'JY-SIG-06';
  text: string;
  upperTaken: boolean;
}

/** What a gateway signing LANGUAGE verifies: LANGUAGE after NONCE, where seed 002's field table lists
 *  it, an absent one as an empty value and its ';' (PHP's `$_POST["LANGUAGE"].";"`). JY-SIG-04 forbids it. */
const LANGUAGE_IN_TABLE = { withLanguage: 'always' } as const;
const LANGUAGE_SIGNED =
  "JY-SIG-04: the same request signed with LANGUAGE after NONCE, as the field table lists it (an absent one as an empty value and its ';'), is not refused: the gateway signs LANGUAGE; judged by jy.sig.language";

/** Whether the payment `f` (a fresh ORDER and NONCE), signed with LANGUAGE in the field table's order,
 *  is not refused as badly signed: where the documented formula is, LANGUAGE is signed (JY-SIG-04). */
export async function languageSignedTaken(t: Ctx, f: Fields): Promise<boolean> {
  const c = client(t);
  const { P_SIGN: _p, ...g } = f;
  const m = c.signed('payment', { ...g, ORDER: orderId(), ...(g.NONCE ? { NONCE: nonce(g.NONCE) } : {}) });
  const r = await c.postPayment(
    { ...m, P_SIGN: sign('payment', m, t.credentials.sharedSecret, LANGUAGE_IN_TABLE) },
    'the same request signed with LANGUAGE after NONCE, as the field table lists it (is LANGUAGE signed?)',
  );
  return !(r.kind === 'error' && Number(r.code) === 21);
}

/** Why requests signed by the documented formula come back as code 21, for an inconclusive reason: a
 *  gateway comparing P_SIGN with uppercase hex (`%02X`) refuses PHP's lowercase digest in every
 *  operation, which is JY-SIG-06's failure, not the formula's (JY-SIG-01). A plain payment request
 *  with P_SIGN in uppercase tells them apart; sent once per check, on the first such refusal. A
 *  reason that said JY-SIG-01 for every set-up refused this way sent the user to the wrong rule. */
export const badSign = oncePerCheck(async (t: Ctx): Promise<BadSign> => {
  const c = client(t);
  const u = c.signed('payment', order());
  const upper = await c.postPayment(
    { ...u, P_SIGN: u.P_SIGN!.toUpperCase() },
    'a plain payment request with P_SIGN in uppercase hex (why are requests by the documented formula refused?)',
  );
  if (upper.kind === 'error' && Number(upper.code) === 21) {
    if (await languageSignedTaken(t, order())) return { rule: 'JY-SIG-04', text: LANGUAGE_SIGNED, upperTaken: false };
    return { rule: 'JY-SIG-01', text: 'JY-SIG-01', upperTaken: false };
  }
  const taken = accepted(upper);
  // the same plain request in lowercase tells the digest's case from the fields: a gateway signing
  // EMAIL and BACKREF in another order takes a request without them in either case. Was: "JY-SIG-06:
  // the lowercase digest is refused" for such a gateway, JY-SIG-06 passed (probe 26 BUG_SIGN_ORDER)
  if (taken) {
    // the check's plain payment (lowercase hex) is that request
    const lower = (await plainPayment(t)).reply;
    if (!(lower.kind === 'error' && Number(lower.code) === 21))
      return {
        rule: 'JY-SIG-01',
        text: `JY-SIG-01: a plain payment request (no optional field) signed by the documented formula is ${accepted(lower) ? 'answered with the card page' : `not refused as badly signed (${describe(lower).slice(0, 120)})`} in lowercase hex, as in uppercase: not the digest's case but the formula over the fields the refused request adds`,
        upperTaken: false,
      };
  }
  return {
    rule: 'JY-SIG-06',
    text: `JY-SIG-06: the lowercase digest is refused, a plain payment request with P_SIGN in uppercase hex is ${taken ? 'answered with the card page' : `not (${describe(upper).slice(0, 120)})`}; judged by jy.kat.vectors`,
    upperTaken: taken,
  };
});

/** badSign's words, for a reason. */
export async function badSignCause(t: Ctx): Promise<string> {
  return (await badSign(t)).text;
}

/** `what` for a reason, with the cause of a code 21 (badSignCause) when `code` is 21: for a payment
 *  request. Another operation's request compares like with like (xmlBadSignCause). */
export async function withBadSignCause(t: Ctx, code: number | string | undefined, what: string): Promise<string> {
  return Number(code) === 21 ? `${what}; refused as badly signed (${await badSignCause(t)})` : what;
}

/** Why `op`'s request `f` (signed by the documented formula, lowercase hex) came back as code 21, for a
 *  reason: the lowercase digest (JY-SIG-06) only when the same operation is taken in uppercase hex
 *  (uppercaseTaken), else the operation's own formula. Was the payment's hint for every operation: a
 *  cancel signed over another formula was explained as a hex-case problem of a gateway that took both. */
export async function xmlBadSignCause(t: Ctx, op: XmlOp, f: Fields): Promise<string> {
  const upper = await uppercaseTaken(t, op, f);
  const rule = signatureAspect(op, {});
  return upper
    ? `JY-SIG-06: the lowercase digest is refused, ${upper.shown}; judged by jy.kat.vectors`
    : `the ${op} request signed by the documented formula is refused as badly signed in either hex case: ${rule}, the ${op} formula, judged by jy.sig.xml-operations`;
}

/** A request the suite signed by the documented formula must never come back as code 21. When it
 *  does, the signature aspect it exercises fails (the check must cite it) and the caller judges
 *  nothing else of this reply: the gateway never got as far as the rule the check is about. */
export async function signedOk(
  t: Ctx,
  op: Exclude<Operation, 'redirect'>,
  f: Fields,
  code: number | string | undefined,
  what: string,
  message?: string,
): Promise<boolean> {
  if (op === 'payment' && languageRefused(t, f, message, what)) return false;
  if (code === undefined || Number(code) !== 21) return true;
  const { rule: fault, languageSigned } = await signatureFault(t, op, f);
  // the aspect this request exercises is not at fault: the formula itself is refused (JY-SIG-01);
  // a check that does not judge it ends inconclusive
  if (fault === 'JY-SIG-01' && !t.check.rules.includes('JY-SIG-01'))
    t.inconclusive(`${what}: refused as badly signed, and so is the same request without LANGUAGE and line breaks`);
  // non-ASCII values hashed as other bytes than UTF-8 (JY-SIG-09, INFERRED: the seed names no encoding),
  // or ORDER's leading zeros dropped before hashing (JY-SIG-10), never the formula's; a check judging the
  // formula on other requests goes on without this one
  const elsewhere: Record<string, string> = {
    'JY-SIG-09': `the same request with its non-ASCII characters replaced is not: non-ASCII values are hashed as other bytes than UTF-8 (JY-SIG-09, judged by jy.sig.utf8)`,
    'JY-SIG-10': `the same request with an ORDER without leading zeros is not: ORDER is not hashed as sent (JY-SIG-10, judged by jy.sig.exact-strings)`,
  };
  if (elsewhere[fault] !== undefined && !t.check.rules.includes(fault)) {
    const why = `${what}: refused as badly signed, while ${elsewhere[fault]}`;
    if (!t.check.rules.includes('JY-SIG-01')) t.inconclusive(why);
    t.note(why);
    return false;
  }
  if (languageSigned && !t.check.rules.includes('JY-SIG-04'))
    t.inconclusive(`${what}: refused as badly signed (${LANGUAGE_SIGNED})`);
  if (fault === 'JY-SIG-06' && !t.check.rules.includes('JY-SIG-06'))
    t.inconclusive(
      `${what}: refused as badly signed, while the same request with P_SIGN in uppercase hex is not: the lowercase digest is refused (JY-SIG-06, judged by jy.kat.vectors)`,
    );
  t.expect(
    fault,
    false,
    fault === 'JY-SIG-06'
      ? `${what}: signed by the documented formula in lowercase hex (PHP hash()), refused as badly signed (code 21); the same request with P_SIGN in uppercase is not refused`
      : `${what}: signed by the documented formula, yet refused as badly signed (code 21)${languageSigned ? "; the same request signed with LANGUAGE after NONCE, as the field table lists it (an absent one as an empty value and its ';'), is not refused: LANGUAGE is signed" : ''}`,
  );
  return false;
}

/** A payment carrying LANGUAGE ru or en refused about LANGUAGE fails JY-PAY-07 (the check must
 *  cite it); nothing else of the reply can be judged. `message` is the refusal's, if refused. */
export function languageRefused(t: Ctx, f: Fields, message: string | undefined, what: string): boolean {
  if (message === undefined || (f.LANGUAGE !== 'ru' && f.LANGUAGE !== 'en') || !/\bLANGUAGE\b/.test(message))
    return false;
  t.expect('JY-PAY-07', false, `${what}: refused for LANGUAGE=${f.LANGUAGE}: "${message}"`);
  return true;
}

/** The rule of a code 21: a payment whose ORDER has leading zeros, or carrying LANGUAGE, line breaks
 *  or non-ASCII values, blames JY-SIG-10 / JY-SIG-04 / JY-SIG-03 / JY-SIG-09 only when the same request
 *  without them (a fresh ORDER, without leading zeros) is not refused as badly signed; the lowercase
 *  hex (JY-SIG-06) when the same request with P_SIGN in uppercase is not; LANGUAGE signed (JY-SIG-04,
 *  `languageSigned`) when the same request signed with LANGUAGE in the field table's order is not (the
 *  formula was blamed, JY-SIG-04 left unjudged: probe 21); otherwise the formula itself (JY-SIG-01). */
async function signatureFault(
  t: Ctx,
  op: Exclude<Operation, 'redirect'>,
  f: Fields,
): Promise<{ rule: string; languageSigned?: boolean }> {
  if (op !== 'payment') return { rule: signatureAspect(op, f) };
  const { P_SIGN: _p, ...g } = f;
  // first: every request after it has a fresh ORDER, without leading zeros
  const without: Array<[string, string, Fields]> = /^0/.test(g.ORDER ?? '')
    ? [['JY-SIG-10', 'the leading zeros of ORDER', g]]
    : [];
  if (g.LANGUAGE !== undefined) {
    const { LANGUAGE: _l, ...h } = g;
    without.push(['JY-SIG-04', 'LANGUAGE', h]);
  }
  const oneLine = (v: string | undefined) => v?.replace(/[\r\n]/g, '');
  if (signatureAspect(op, { DESC: g.DESC, DESC_ORDER: g.DESC_ORDER }) === 'JY-SIG-03')
    without.push(['JY-SIG-03', 'line breaks', { ...g, DESC: oneLine(g.DESC), DESC_ORDER: oneLine(g.DESC_ORDER) }]);
  if (Object.values(g).some((v) => v !== undefined && /[^\x00-\x7f]/.test(v)))
    without.push([
      'JY-SIG-09',
      'non-ASCII characters',
      Object.fromEntries(Object.entries(g).map(([k, v]) => [k, v?.replace(/[^\x00-\x7f]/g, 'x')])),
    ]);
  const c = client(t);
  const fresh = (h: Fields): Fields => ({ ...h, ORDER: orderId(), ...(h.NONCE ? { NONCE: nonce(h.NONCE) } : {}) });
  for (const [rule, what, h] of without) {
    const r = await c.postPayment(
      c.signed('payment', fresh(h)),
      `the same request without ${what} (which part of the signature is refused?)`,
    );
    if (r.code !== 21) return { rule };
  }
  // the digest's case: a gateway comparing with uppercase hex (sprintf "%02X") refuses PHP's lowercase
  const u = c.signed('payment', fresh(g));
  const upper = await c.postPayment(
    { ...u, P_SIGN: u.P_SIGN!.toUpperCase() },
    'the same request with P_SIGN in uppercase hex (is the lowercase digest refused?)',
  );
  if (!(upper.kind === 'error' && Number(upper.code) === 21)) return { rule: 'JY-SIG-06' };
  if (await languageSignedTaken(t, g)) return { rule: 'JY-SIG-04', languageSigned: true };
  return { rule: 'JY-SIG-01' };
}

/** A payment the suite signed by the documented formula that is refused (with 21, or any code) blames
 *  the aspect a check is about (empty values, LANGUAGE, UTF-8, extra fields, a DESC's length…) only
 *  when a plain payment request (ASCII, no LANGUAGE, no line breaks, no optional field) is accepted.
 *  When that is refused as badly signed too, the gateway verifies another formula: JY-SIG-01's
 *  failure (jy.fields.payment.valid, jy.kat.vectors); refused otherwise, it refuses payments for a
 *  reason of its own. Either way this check cannot tell its aspect apart. */
export async function requireFormula(t: Ctx, r: PageReply, what: string, control?: Fields): Promise<void> {
  if (r.kind !== 'error') return;
  // `control`: the same request without the aspect under test (a fresh ORDER), so that a formula
  // taken wrong on another of its fields (NONCE, CLIENT_ID in another place) is not blamed on it;
  // else the check's plain payment
  const p = control
    ? await client(t).payment(
        { ...control, ORDER: orderId() },
        'the same request without the aspect under test, by the documented formula (is the formula refused?)',
      )
    : (await plainPayment(t)).reply;
  if (p.kind === 'error' && p.code === 21)
    t.inconclusive(
      `${what} was refused as badly signed, and so is ${control ? 'the same request without it' : 'a plain payment request'} signed by the documented formula (${await badSignCause(t)}): ${describe(p)}`,
    );
  // refused for another reason, and so is the request without the aspect: the refusal is not shown to
  // be about the aspect (a gateway refusing every payment with 99 refuses this one too)
  if (!accepted(p))
    t.inconclusive(
      `${what} was refused (${describe(r)}), and so is ${control ? 'the same request without it' : 'a plain payment request'} by the documented formula (${describe(p)}): the refusal is not shown to be about ${control ? 'it' : 'what this request adds'}`,
    );
}

/** A plain payment request by the documented formula (ASCII, no LANGUAGE, no optional field), sent once
 *  per check: the control of its refusals (withControl, requireFormula, jy.err.*'s refusedWith). */
export const plainPayment = oncePerCheck(async (t: Ctx): Promise<{ reply: PageReply; order: string }> => {
  const f = order();
  const reply = await client(t).payment(f, 'a plain payment request by the documented formula (control)');
  return { reply, order: f.ORDER! };
});

/** A P_SIGN that differs from `sign` in its last hex digit only. */
export const lastDigitChanged = (sign: string): string => `${sign.slice(0, -1)}${sign.endsWith('0') ? '1' : '0'}`;

/** A payment request whose P_SIGN has its last hex digit changed, sent once per check: when it is
 *  taken, a request's being taken shows nothing about how it was signed (the lowercase digest, fields
 *  left out of the signature), and the rules that say so are not judged: the reply when taken, else
 *  undefined. */
export async function wrongSignAccepted(t: Ctx): Promise<PageReply | undefined> {
  const w = await wrongSign(t);
  return accepted(w) ? w : undefined;
}

const wrongSign = oncePerCheck((t: Ctx): Promise<PageReply> => {
  const c = client(t);
  const m = c.signed('payment', order());
  return c.postPayment(
    { ...m, P_SIGN: lastDigitChanged(m.P_SIGN!) },
    'a P_SIGN with its last hex digit changed (is any P_SIGN taken?)',
  );
});

/** A rule "X is refused" (a P_SIGN made otherwise, a field changed after signing) is passed only
 *  when the same gateway, in the same check, takes the same operation correctly signed: a gateway
 *  that refuses every correct P_SIGN (one hashing other bytes, or with a secret of its own: JY-SIG-01
 *  judges that) refuses X too, with the same code 21, for no reason the rule names. Sends a plain
 *  payment request by the documented formula (the control; accepted: answered with the card page),
 *  then the forgeries (afterControl). */
export async function withControl(t: Ctx, what: string, forgeries: () => Promise<void>): Promise<void> {
  const note = 'a plain payment request by the documented formula';
  const { reply: p, order: sent } = await plainPayment(t);
  controls.set(t, { reply: p, order: sent });
  const said = `was refused too (${await withBadSignCause(t, p.kind === 'error' ? p.code : undefined, describe(p))})`;
  if (!accepted(p)) refusedControls.add(t);
  try {
    return await afterControl(t, { accepted: accepted(p), note, said }, what, forgeries);
  } finally {
    refusedControls.delete(t);
  }
}

/** The checks inside withControl whose control was refused. */
const refusedControls = new WeakSet<Ctx>();

/** A forgery's refusal inside withControl whose control was refused too: it shows nothing, not even
 *  its code (a gateway refusing every payment with 99 gives a tampered one 99 as well, for no reason
 *  about its signature). An acceptance is judged all the same. */
export const refusedLikeControl = (t: Ctx, r: PageReply): boolean => refusedControls.has(t) && r.kind === 'error';

/** A payment request signed otherwise than `rule` says (a formula bent in the way the rule forbids, a
 *  field changed after signing) must be refused. Any refusal shows that the signature was checked: the
 *  same request signed as documented is taken beside it (the check's control); which code the refusal
 *  carries is JY-ERR-09's (21), and its code and message as a pair JY-ERR-01's (the check must cite
 *  both, and JY-ERR-16 with `lang`). Was: JY-SIG-03/04/07/08, JY-ENC-03 and JY-REC-01, whose
 *  statements then named code 21, failed on a refusal with another code, each with the one deviation
 *  JY-ERR-09 judges (a gateway refusing every bad signature with 27 failed seven rules). */
export function refusedAsBadSignature(t: Ctx, rule: string, r: PageReply, what: string, lang?: Language): void {
  if (t.check.rules.includes('JY-SIG-17')) noLeak(t);
  if (refusedLikeControl(t, r)) return;
  if (!t.expect(rule, r.kind === 'error', `${what} was not refused: ${controlCopy(t, r)}${describe(r)}`)) return;
  t.expect('JY-ERR-09', r.code === 21, `${what} was refused with code ${r.code}, not 21: ${describe(r)}`);
  judgeRefusal(t, r.code, r.message, what, lang);
}

/** The payment field a refusal names: by the field's own code (12 ORDER, 13 AMOUNT, 14 CURRENCY, 22 its
 *  rate) or by a code 24–27 whose message names it ("Введите валидное значение в поле "EMAIL"."). */
export function refusalNames(r: PageReply, field: string): boolean {
  if (r.kind !== 'error' || r.code === undefined) return false;
  if (r.code === ownFieldCode('jysan', field) || (field === 'CURRENCY' && r.code === 22)) return true;
  return r.code >= 24 && r.code <= 27 && (r.message ?? '').includes(`"${field}"`);
}

/** refusedAsBadSignature for a payment whose field `k` was changed after signing (`sent`), where the
 *  refusal may name `k` instead: the seed orders no checks, and a gateway may refuse the new value on its
 *  own before it verifies the signature. The same request signed as documented (a fresh ORDER) tells what
 *  that refusal is worth. Refused alike, the field's check came first and the signature was never reached:
 *  a currency the terminal does not take (14, 22) is JY-ERR-04's to judge, and taken here; another value
 *  the seed allows is its field rule's (jy.fields.payment.valid), and JY-ERR-09 is not judged on this
 *  case. Taken, the refusal names a field whose value the gateway takes: the change gets 21 (JY-ERR-09).
 *  Was: "CURRENCY changed after signing: code 14, want 21" failed a KZT-only terminal (variant
 *  kzt-only-currency-first), and an EMAIL refused as no address failed JY-ERR-09 (probe 18). */
export async function refusedAsTampered(
  t: Ctx,
  rule: string,
  k: string,
  sent: Fields,
  r: PageReply,
  what: string,
  lang?: Language,
): Promise<void> {
  if (refusedLikeControl(t, r) || r.code === 21 || !refusalNames(r, k))
    return refusedAsBadSignature(t, rule, r, what, lang);
  if (t.check.rules.includes('JY-SIG-17')) noLeak(t);
  const { P_SIGN: _p, ...g } = sent;
  // the same value of `k` (a NONCE used before stays one), a fresh ORDER and NONCE otherwise
  const fresh = { ORDER: orderId(), ...(g.NONCE ? { NONCE: nonce(g.NONCE) } : {}) };
  const twin = await client(t).payment(
    { ...g, ...fresh, [k]: g[k] },
    `the same ${k} signed as documented (is it refused on its own?)`,
  );
  const refusal = `${what} was refused naming ${k} (${describe(r)})`;
  // refused while its twin signed as documented is taken: the change was refused (`rule`), with the wrong code
  if (accepted(twin)) t.pass(rule);
  if (accepted(twin))
    t.expect(
      'JY-ERR-09',
      false,
      `${refusal}, while the same ${k} signed as documented is taken: a change after signing gets 21`,
    );
  else if (twin.kind === 'error' && twin.code === r.code && k === 'CURRENCY')
    t.note(`${refusal}: a currency the terminal does not take, refused before the signature (JY-ERR-04's)`);
  else {
    const field = payFieldRule(k);
    const why =
      twin.kind === 'error' && twin.code === r.code
        ? `${refusal}, and so is the same ${k} signed as documented: the field was checked first and the signature never reached (whether the seed lets ${k} be refused is ${field ?? 'its field rule'}'s, judged by jy.fields.payment.valid)`
        : `${refusal}, and the same ${k} signed as documented got ${describe(twin)}: what the refusal is about is not shown`;
    t.cannotJudge('JY-ERR-09', why);
    t.judgedInPart('JY-ERR-09', why);
  }
  judgeRefusal(t, r.code, r.message, what, lang);
}

/** The rule of a payment field (its x-rule in payment-request.schema.json). */
export function payFieldRule(field: string): string | undefined {
  const props = getSchema(schemaId('jysan', 'payment-request')).properties as Record<string, { 'x-rule'?: unknown }>;
  const x = props[field]?.['x-rule'];
  return Array.isArray(x) ? (x[0] as string) : typeof x === 'string' ? x : undefined;
}

/** Each check's control payment: its reply and ORDER (withControl). */
const controls = new WeakMap<Ctx, { reply: PageReply; order: string }>();

/** For a reason: a reply that is the control payment's, byte for byte, though it answers another
 *  request (another ORDER, a changed field), and shows it is a stored copy (an Age header, RFC 9111
 *  5.1) or names the control's ORDER, was not made for it: a cache in front of the gateway (keyed by
 *  the URL, the POST body ignored) answered with the stored one, and the gateway never saw the
 *  request. '' otherwise (a static card page reached by a redirect is the same for every order). A
 *  reason that said only "not refused: the card page" sent the user to the gateway's signature check
 *  instead of the cache. */
export function controlCopy(t: Ctx, r: PageReply): string {
  const control = controls.get(t);
  if (!control || r === control.reply || r.http.text.length === 0) return '';
  const c = control.reply;
  if (r.http.status !== c.http.status || r.http.text !== c.http.text) return '';
  const h = r.http.headers;
  if (h.age === undefined && !r.http.text.includes(control.order)) return '';
  const stored = cacheHeaders(h);
  return `the reply is the control payment's (ORDER ${control.order}'s), byte for byte${stored ? ` (${stored})` : ''}: a cache in front of the gateway answered with a stored reply, the gateway never saw this request; `;
}

/** A refusal's result goes to BACKREF only from a request the bank can authenticate: when a plain
 *  payment request signed by the documented formula is refused as badly signed too (JY-SIG-01's
 *  failure), a refusal not reported to BACKREF shows nothing about JY-RED-04. */
export async function requireAuthenticated(t: Ctx, what: string): Promise<void> {
  const p = await client(t).payment(order(), 'a plain payment request by the documented formula (is it taken?)');
  if (p.kind === 'error' && p.code === 21)
    t.inconclusive(
      `${what}, and a plain payment request signed by the documented formula is refused as badly signed (${await badSignCause(t)}): the gateway cannot tell a genuine BACKREF: ${describe(p)}`,
    );
}

/** Refusals paycert can provoke with a payment request signed by the documented formula: a DESC over
 *  seed 002's C(1-50), a TERMINAL not the merchant's (20), an AMOUNT over any limit (23). Not a reused
 *  ORDER (18) nor an unsupported CURRENCY (14): their result would name an ORDER that is another
 *  request's, or a value the refusal is about, and a bank rightly sends it nowhere (the reference's
 *  NOT_REDIRECTABLE; docs/architecture.md, probe 22). */
const REFUSALS: Array<[string, Fields]> = [
  ['DESC too long', { DESC: 'x'.repeat(51) }],
  ["a TERMINAL not the merchant's", { TERMINAL: 'PAYCERT0' }],
  ['an AMOUNT over any limit', { AMOUNT: '9999999999.99' }],
];

/** The code a payment reply refuses with: an error page's, or the res_code (not 0) of a redirect
 *  carrying the result to BACKREF (digest §A5: a failed check "also" sends the result to the merchant
 *  site; probe 22's gateway answered with a signed 302 to BACKREF?…&res_code=23); undefined when the
 *  reply refuses nothing. */
export function refusalCode(r: PageReply): number | undefined {
  if (r.kind === 'error') return r.code;
  if (r.kind === 'redirect' && r.resCode !== undefined && /^[0-9]+$/.test(r.resCode) && !/^0+$/.test(r.resCode))
    return Number(r.resCode);
  return undefined;
}

/** A payment request (BACKREF from `backrefFor`) refused after its signature was verified: only then
 *  can the bank trust its BACKREF (JY-RED-04). Each refusal in turn; one that the same request with a
 *  wrong P_SIGN gets too was made before the signature was verified, and the next is tried. Was: DESC
 *  one character too long only, which a gateway checking the fields' form first refuses before the
 *  signature, and rightly sends nowhere (probe 21); a refusal by a redirect to BACKREF carrying its
 *  res_code read as "not refused" (probe 22). Inconclusive when none comes after the signature. The
 *  reply comes back with the refusal's code (`code`) whichever way it refused. */
export async function refusedAfterSignature(
  t: Ctx,
  backrefFor: () => Promise<string>,
  what: string,
): Promise<{ f: Fields; r: PageReply; why: string }> {
  const c = client(t);
  const seen: string[] = [];
  for (const [why, extra] of REFUSALS) {
    const f = order({ ...extra, BACKREF: await backrefFor() });
    const r = await c.payment(f, `${why}, ${what}`);
    const code = refusalCode(r);
    if (code === 21) await requireAuthenticated(t, `${why} was refused as badly signed`);
    if (code === undefined) {
      seen.push(`${why}: not refused (${describe(r)})`);
      continue;
    }
    // raw: a page paycert cannot read (a bank's own code-21 page) is not this refusal either
    const m = c.signed('payment', { ...f, ORDER: orderId() });
    const twin = await client(t, { raw: true }).postPayment(
      { ...m, P_SIGN: lastDigitChanged(m.P_SIGN!) },
      `${why} with a wrong P_SIGN (is it refused before the signature is verified?)`,
    );
    if (refusalCode(twin) === code) {
      seen.push(`${why}: code ${code}, and so is the same request with a wrong P_SIGN (refused before the signature)`);
      continue;
    }
    return { f, r: { ...r, code }, why };
  }
  return t.inconclusive(
    `no refusal paycert provokes comes after the signature is verified, so none shows whether the result of a refused request the bank can authenticate goes to BACKREF: ${seen.join('; ')}`,
  );
}

export type XmlOp = 'status' | 'list' | 'cancel' | 'confirm';

/** An XML request the suite signed by the documented formula (`f`, as sent) that came back as code
 *  21 ends the check: nothing else of it can be judged. Whose fault is it? A gateway comparing P_SIGN
 *  with uppercase hex (`%02X`) refuses PHP's lowercase digest in every operation: that is JY-SIG-06's
 *  failure (judged where the check cites it, by jy.kat.vectors otherwise), not the operation's
 *  formula rule (JY-SIG-11/12/13/14), which fails only when the same request in uppercase is refused
 *  too. Status and list only read, so the request is sent again in uppercase; a cancel or confirm is
 *  sent again only when the order's state, read back first, shows that nothing was done (the order
 *  unknown, or nothing refunded or confirmed on it), so that a retry cannot refund or confirm twice;
 *  otherwise a status of the same ORDER taken in uppercase, not in lowercase, tells the case. */
export async function xmlSignedOk(t: Ctx, op: XmlOp, f: Fields, r: XmlReply, what: string): Promise<XmlReply> {
  if (r.code !== '21') return r;
  const rule = signatureAspect(op, {});
  const upper = await uppercaseTaken(t, op, f);
  if (upper === undefined)
    return t.fail(rule, `${what}: signed by the documented formula, yet refused as badly signed: ${describe(r)}`);
  const because = `${what}: signed by the documented formula in lowercase hex (PHP hash()), refused as badly signed (code 21), while ${upper.shown}`;
  if (t.check.rules.includes('JY-SIG-06')) t.require('JY-SIG-06', false, because);
  return t.inconclusive(`${because}: the lowercase digest is refused (JY-SIG-06, judged by jy.kat.vectors)`);
}

/** `op`'s request `f` (signed by the documented formula in lowercase), refused with 21, sent again
 *  with P_SIGN in uppercase hex when that is safe (uppercaseTaken): its reply when taken, else
 *  undefined. */
export async function uppercaseReply(t: Ctx, op: XmlOp, f: Fields): Promise<XmlReply | undefined> {
  return (await uppercaseTaken(t, op, f))?.reply;
}

/** Whether `op`'s request `f`, refused with 21, is taken with P_SIGN in uppercase hex: what shows it
 *  (and the reply to the request itself in uppercase, when it was sent again), or undefined when
 *  nothing does (the uppercase request refused too, or not safe to send). */
async function uppercaseTaken(t: Ctx, op: XmlOp, f: Fields): Promise<{ shown: string; reply?: XmlReply } | undefined> {
  const c = client(t);
  const again = async (g: Fields, note: string): Promise<XmlReply | undefined> => {
    const u = await c.postXml({ ...g, P_SIGN: g.P_SIGN!.toUpperCase() }, note);
    return u.code !== undefined && u.code !== '21' ? u : undefined;
  };
  if (op === 'status' || op === 'list') {
    const u = await again(f, `the same ${op} request with P_SIGN in uppercase hex (is the lowercase digest refused?)`);
    return u && { shown: `the same request in uppercase is not (${describe(u)})`, reply: u };
  }
  // a cancel or confirm may have done something: its order's state first (a status, in uppercase when
  // the lowercase one is refused too)
  if (f.ORDER === undefined) return undefined;
  const s = c.signed('status', { ORDER: f.ORDER, GETSTATUS: '1' });
  const lower = await c.postXml(s, `the status of ${f.ORDER} (did the refused ${op} do anything?)`);
  const state =
    lower.code === '21'
      ? await again(s, `the status of ${f.ORDER} with P_SIGN in uppercase hex (is the lowercase digest refused?)`)
      : lower;
  if (state?.code === undefined) return undefined;
  const o = state.operation;
  const nothingDone =
    (state.code !== '0' && !o) ||
    (!!o &&
      typeof o.status === 'string' &&
      (op === 'cancel'
        ? // nothing refunded yet, or nothing refundable at all (an order never paid): a cancel sent
          // again cannot refund anything twice
          (o.status !== 'R' && cents(o.rev_max_amount) === cents(o.amount)) || cents(o.rev_max_amount) === 0
        : !['S', 'R'].includes(o.status)));
  if (nothingDone) {
    const u = await again(f, `the same ${op} with P_SIGN in uppercase hex (the order shows nothing was done)`);
    if (u) return { shown: `the same ${op} in uppercase is not (${describe(u)})`, reply: u };
    return undefined;
  }
  // something was done on the order already: the cancel or confirm is not sent again
  return lower.code === '21' && state !== lower
    ? {
        shown: `a status of the same ORDER is taken in uppercase hex, not in lowercase (${describe(state)}; the ${op} is not sent again: the order shows a refund or confirmation already)`,
      }
    : undefined;
}

/** Read an order back with a status request (checks using it cite JY-SIG-11: a gateway that
 *  refuses correctly signed status requests stops them there). */
/** `formRule`: the rule a status reply that is not well-formed XML fails (the check judging its form). */
export async function statusOf(t: Ctx, orderId: string, extra: Fields = {}, formRule?: string): Promise<XmlReply> {
  const c = client(t);
  const f = c.signed('status', { ORDER: orderId, GETSTATUS: '1', ...extra });
  const s = await c.postXml(f, `status of ${orderId}`);
  // a target without the status operation: the check does not apply (seed 002 documents none)
  skipIfNotOffered(s);
  if (formRule) resultForm(t, formRule, s);
  // not XML, or no <code>: the reply shows nothing of the order, nor whether its signature was taken
  if (s.code === undefined)
    throw new Inconclusive(
      `the status reply carries no single code, so it shows nothing of order ${orderId}: ${describe(s)}`,
    );
  return xmlSignedOk(t, 'status', f, s, `a status request of ${orderId} signed over ORDER;MERCHANT`);
}

let textFields: Set<string> | undefined;
/** The <operation> fields status-reply.schema.json declares text (<refunds> holds elements). */
function operationText(): Set<string> {
  if (textFields) return textFields;
  const schema = getSchema(schemaId('jysan', 'status-reply')) as { $defs: { operation: { properties: object } } };
  const op = schema.$defs.operation.properties as Record<string, { type?: string }>;
  return (textFields = new Set(Object.keys(op).filter((k) => op[k]!.type === 'string')));
}

/** The order as a status reply shows it, read back to judge another request's effect: an element
 *  where <operation> has text shows no value of the order, and ends the check inconclusive (the status
 *  reply's own form is judged by the checks citing JY-STA-02/03, which call statusOf). */
/** A known order's status with code 0 and no <operation>: JY-STA-02's fault, and nothing JY-STA-03
 *  could judge (said so). True when that is the reply. */
export function noOperation(t: Ctx, s: XmlReply): boolean {
  if (s.code !== '0' || s.operation) return false;
  t.cannotJudge('JY-STA-03', `the status reply of a known order has code 0 and no <operation> (JY-STA-02)`);
  return true;
}

export async function stateOf(t: Ctx, orderId: string): Promise<XmlReply> {
  const s = await statusOf(t, orderId);
  // code 0 without <operation>: JY-STA-02's fault, and no state to read (nor "not paid")
  if (s.code === '0' && !s.operation)
    throw new Inconclusive(
      `the status reply of order ${orderId} has code 0 and no <operation> (JY-STA-02), so it shows no state of the order`,
    );
  const text = operationText();
  const odd = s.operation && Object.entries(s.operation).find(([k, v]) => text.has(k) && typeof v !== 'string');
  if (odd)
    throw new Inconclusive(
      `the status reply's <operation> holds an element where <${odd[0]}> has text, so it shows no state of order ${orderId}: ${shown(odd[1])}`,
    );
  return s;
}

/** Move the subject's clock, or wait in real time when it has none (slow runs only). */
export async function advance(t: Ctx, ms: number): Promise<void> {
  if (t.control && t.subject.capabilities.includes('clock')) await t.control.advance(ms);
  else await new Promise((r) => setTimeout(r, ms));
}

export function matches(t: Ctx, rule: string, r: XmlReply, schema: string): void {
  const v = validate(schemaId('jysan', schema), r.reply ?? {});
  t.expect(
    rule,
    !!r.reply && v.ok,
    `the reply does not match ${schema}: ${r.parseError ? describe(r) : describeErrors(v.errors)}`,
  );
}

/** An amount in cents; NaN for anything but text (a hostile reply may nest an element there). */
export const cents = (s: unknown) => (typeof s === 'string' ? Math.round(Number(s) * 100) : NaN);

/** Create an order with its card page open (browser flow). */
export async function openOrder(t: Ctx, rule: string, extra: Fields = {}): Promise<Fields> {
  const f = order(extra);
  const r = await client(t).payment(f, 'an order with its card page open');
  // refused as badly signed: the formula (JY-SIG-01) or its lowercase hex (JY-SIG-06) is at fault,
  // failed where the check cites that rule; the order was not created either way
  if (r.kind === 'error' && Number(r.code) === 21) {
    await signedOk(t, 'payment', f, r.code, 'a payment request signed by the documented formula');
    t.inconclusive(`set-up for ${rule}: the payment request was refused as badly signed: ${describe(r)}`);
  }
  // the order is set-up: a refusal for a reason of its own leaves `rule` nothing to judge
  if (!accepted(r))
    t.inconclusive(
      `set-up for ${rule}: a valid payment request was not accepted: ${await withBadSignCause(t, r.kind === 'error' ? r.code : undefined, describe(r))}`,
    );
  return f;
}

/** A paid (or pre-authorised) order, paid host-to-host with a test card. */
export async function paidOrder(
  t: Ctx,
  rule: string,
  cardId: string,
  extra: Fields = {},
): Promise<Record<string, string>> {
  const { fields, reply } = await payDirect(t, cardData(card(cardId)), extra);
  await requireCompleted(t, rule, cardId, reply, fields.ORDER);
  return fields;
}

/** A payment with one of paycert's test cards ended in a result (a redirect or result page). The
 *  bank publishes no test cards: fixtures/jysan/test-cards.json means something to the reference
 *  only (PAYCERT_JYSAN_TEST_CARDS names a real target's own), so a real target that does not
 *  complete the payment shows nothing (inconclusive). A real bank's own result page is not paycert's
 *  to read: with the ORDER, the status query tells whether the card got the outcome it is for
 *  (digest §A5: the result comes by BACKREF or the status query). */
export async function requireCompleted(
  t: Ctx,
  rule: string,
  cardId: string,
  reply: PageReply,
  orderId?: string,
): Promise<void> {
  if (reply.kind === 'redirect' || reply.kind === 'result') return;
  const what = `the payment with test card ${cardId} did not complete: ${describe(reply)}`;
  // a page paycert cannot read (any target's) shows no outcome: the status query may; a real target's
  // payment that did not complete may be paycert's card, which the target does not know
  if (t.subject.target === 'real' || reply.kind === 'other') {
    const hint =
      t.subject.target !== 'real' || targetCards().has(cardId)
        ? ''
        : ` (paycert's test cards are the reference sandbox's own; the bank publishes none: name the target's own with ${TARGET_CARDS_VAR})`;
    if (reply.kind === 'other' && orderId) {
      const want = card(cardId).expect.status;
      const s = await client(t).status(orderId);
      const op = s.operation;
      if (s.code === '0' && want !== undefined && op?.status === want) return;
      t.inconclusive(
        `the payment with test card ${cardId} ended on a page paycert does not read as a result, and the status query shows ${
          s.code === '0' && op
            ? `status ${String(op.status)} (${String(op.status_desc ?? '')}, rc ${String(op.rc ?? '')})`
            : describe(s)
        }, not ${want ?? 'a result'}${hint}: ${describe(reply)}`,
      );
    }
    t.inconclusive(
      reply.kind === 'other'
        ? `the payment with test card ${cardId} ended on a page paycert cannot read as a result (no redirect to BACKREF, no id="result" data-res-code): ${describe(reply)}`
        : `${what}${hint}`,
    );
  }
  t.require(rule, false, what);
}

// U+FFFD in a message: bytes of the reply that its declared charset cannot decode (a body re-encoded
// on its way, e.g. to windows-1251 while it still says utf-8); the reason names that cause
function garbled(msg: string): string {
  return msg.includes('\uFFFD')
    ? ' (the message holds bytes that are not valid in the charset the reply declares: the reply was re-encoded)'
    : '';
}
