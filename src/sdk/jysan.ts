import { parseJsonBounded } from '../protocols/common/json-depth.ts';
import {
  encryptCard,
  messagePattern,
  parseXml,
  replyOf,
  sign,
  type Fields,
  type JysanReply,
  type Operation,
  type XmlNode,
} from '../protocols/jysan/index.ts';
import { loadErrors } from '../spec/load.ts';
import { attribute, inner, linkHref, stripTags, tagWithId } from '../protocols/common/html-scan.ts';
import { decodeXmlReferences } from '../protocols/common/xml-text.ts';
import { firstForm, metaRefresh } from '../harness/forms.ts';
import type { Response, Send } from './transport.ts';

/** What the payment step answered (digest §A5): the card page, an error page, a redirect to
 *  BACKREF, or a result page. */
export type PageKind = 'card-page' | 'error' | 'redirect' | 'result' | 'other';

export interface PageReply {
  http: Response;
  kind: PageKind;
  /** error page: the code and the message it shows */
  code?: number;
  message?: string;
  /** result page: res_code; redirect: res_code of the Location's query or of the forwarded form */
  resCode?: string;
  /** where the result goes: the redirect's Location, the BACKREF link on the page, or where the
   *  page forwards the payer (a form or a meta refresh to BACKREF) */
  next?: string;
  /** the page sends the browser on to BACKREF by itself: a form it submits (by script or button)
   *  or a meta refresh; what the browser sends there */
  forward?: Forward;
  /** the redirects (not to BACKREF, no result in them) the payer's browser was followed through
   *  before this page, in order */
  via?: string[];
  /** kind 'other': why a redirect of the payer's was not followed (scheme, loop, too many) */
  unfollowed?: string;
}

export interface Forward {
  via: 'form' | 'refresh';
  method: 'GET' | 'POST';
  url: string;
  /** the form's fields (POST body; for GET already in url) */
  form: Array<[string, string]>;
}

/** What the page was answered to: the request's BACKREF (a page forwarding there ends the payment)
 *  and the page's own URL (relative actions are read against it). */
export interface PageContext {
  backref?: string;
  base?: string;
  /** further origins the payer's browser is followed to besides base's: the gateway's own page hosts
   *  (--page-origin), or the target's when base is on one of them */
  origins?: readonly string[];
}

export interface XmlReply {
  http: Response;
  reply?: JysanReply;
  parseError?: string;
  /** with parseError: whether the text is well-formed XML (its <result> holds no single text <code>) */
  wellFormed?: boolean;
  code?: string;
  description?: string;
  operation?: XmlNode;
}

export interface CardData {
  pan: string;
  /** MM/YY */
  exp: string;
  cvc: string;
}

const API = '/ecom/api';

/** Reference client of Jysan eCom: signs (P_SIGN), sends forms to /ecom/api, reads the HTML pages
 *  of the payment step and the XML replies of status, cancel, list and confirm. */
export class JysanClient {
  constructor(
    private readonly send: Send,
    readonly baseUrl: string,
    readonly merchant: string,
    readonly terminal: string,
    readonly secret: string,
    /** the gateway's page hosts (--page-origin): the payer is followed there as on baseUrl's origin */
    readonly pageOrigins: readonly string[] = [],
  ) {}

  get apiUrl(): string {
    return `${this.baseUrl.replace(/\/$/, '')}${API}`;
  }

  sign(op: Operation, fields: Fields): string {
    return sign(op, fields, this.secret);
  }

  /** MERCHANT and TERMINAL default to the client's; P_SIGN is (re)computed for `op`. */
  signed(op: Exclude<Operation, 'redirect'>, fields: Fields): Record<string, string> {
    const defaults: Record<string, string> =
      op === 'payment' || op === 'list'
        ? { MERCHANT: this.merchant, TERMINAL: this.terminal }
        : { MERCHANT: this.merchant };
    const out: Record<string, string> = { ...defaults };
    for (const [k, v] of Object.entries(fields)) if (v !== undefined && k !== 'P_SIGN') out[k] = v;
    out.P_SIGN = this.sign(op, out);
    return out;
  }

  /** POST the fields exactly as given (undefined values left out). */
  post(fields: Fields, note?: string): Promise<Response> {
    const form = Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined);
    return this.send({ url: this.apiUrl, method: 'POST', form, note });
  }

  /** The payment step's answer as the payer's browser ends up on it: a redirect that is not the
   *  result to BACKREF (a card page or 3-D Secure on another host, or anything else) is followed. */
  async postPayment(fields: Fields, note?: string): Promise<PageReply> {
    const form = Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined);
    const ctx = { backref: fields.BACKREF, base: this.apiUrl, origins: this.pageOrigins };
    return followPayer(this.send, await this.post(fields, note), ctx, form);
  }

  async postXml(fields: Fields, note?: string): Promise<XmlReply> {
    return readXml(await this.post(fields, note));
  }

  /** Sign and send a payment request. */
  payment(fields: Fields, note?: string): Promise<PageReply> {
    return this.postPayment(this.signed('payment', fields), note);
  }

  status(order: string, extra: Fields = {}): Promise<XmlReply> {
    return this.postXml(this.signed('status', { ORDER: order, GETSTATUS: '1', ...extra }), `status of ${order}`);
  }

  cancel(order: string, revAmount: string, revDesc: string, extra: Fields = {}): Promise<XmlReply> {
    return this.postXml(
      this.signed('cancel', { ORDER: order, REV_AMOUNT: revAmount, REV_DESC: revDesc, ...extra }),
      `cancel ${revAmount} of ${order}`,
    );
  }

  list(from: string, to: string, extra: Fields = {}): Promise<XmlReply> {
    return this.postXml(this.signed('list', { DATE_FROM: from, DATE_TO: to, ...extra }), `list ${from} – ${to}`);
  }

  /** Confirm a pre-authorisation; AMOUNT left out when not given (the whole amount). */
  confirm(order: string, amount?: string, extra: Fields = {}): Promise<XmlReply> {
    return this.postXml(
      this.signed('confirm', { ORDER: order, AMOUNT: amount, ...extra }),
      `confirm ${amount ?? 'all'} of ${order}`,
    );
  }
}

/** crd_pan, crd_exp, crd_cvc: RSA PKCS#1 v1.5 under the bank's public key, Base64 (digest §A6). */
export function cardFields(card: CardData, publicKey: string): { crd_pan: string; crd_exp: string; crd_cvc: string } {
  return {
    crd_pan: encryptCard(card.pan, publicKey),
    crd_exp: encryptCard(card.exp, publicKey),
    crd_cvc: encryptCard(card.cvc, publicKey),
  };
}

function byId(html: string, id: string): string | undefined {
  const tag = tagWithId(html, id);
  const body = tag && inner(html, tag);
  return body === undefined ? undefined : decodeXmlReferences(stripTags(body, '')).trim();
}

function attrOf(html: string, id: string, attr: string): string | undefined {
  const tag = tagWithId(html, id);
  const v = tag && attribute(tag, attr);
  return v === undefined ? undefined : decodeXmlReferences(v);
}

/** The page's text lines, each also without a leading label and code: a vendor's page may lead the
 *  message with them ("Ошибка 21: …", "Code 21 - …"), or put the code in its own element, leaving
 *  ": …" on the message's line. */
function textLines(html: string): string[] {
  const lines = decodeXmlReferences(stripTags(html, '\n'))
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.flatMap((l) => [l, l.replace(LEAD, '')]);
}

/** A page without the sandbox's ids: find a line that renders one of the documented templates. */
function documentedMessage(html: string): { code: number; message: string } | undefined {
  const candidates = textLines(html);
  for (const c of loadErrors('jysan').codes) {
    for (const lang of ['ru', 'en'] as const) {
      if (!c[lang]) continue;
      const re = messagePattern(c.code, lang);
      const line = candidates.find((l) => re.test(l));
      if (line) return { code: c.code, message: line };
    }
  }
  return withSuffix(candidates);
}

/** A line rendering a documented template followed by text of its own in brackets ("Неправильная
 *  подпись! (expected …)", probe 22), on a page that shows that code on a line of its own too ("21",
 *  "Ошибка 21"): that code's error, the template its message. A page has no message field: the text
 *  after it is the page's own (what it shows is judged on the whole page: JY-SIG-17), not the message's
 *  (an XML <message> is judged whole). Was: a page paycert could not read, ~20 rules inconclusive. */
function withSuffix(lines: string[]): { code: number; message: string } | undefined {
  // the codes the page shows on a line of their own, read once (a hostile page of 100k lines stays linear)
  const shown = new Set<number>();
  for (const l of lines) {
    const m = SHOWN_CODE.exec(l);
    if (m) shown.add(Number(m[1]));
  }
  const codes = loadErrors('jysan').codes.filter((c) => shown.has(c.code));
  if (codes.length === 0) return undefined;
  const patterns = codes.flatMap((c) =>
    (['ru', 'en'] as const).filter((l) => c[l]).map((l) => [c.code, messagePattern(c.code, l)] as const),
  );
  let tried = 0;
  for (const line of lines) {
    const cut = line.search(/\s[([]/);
    // a template with its value is short: a long head is no message (and kept out of the patterns); a
    // page's message is among its first lines
    if (cut <= 0 || cut > 300) continue;
    if (++tried > SUFFIX_LINES) break;
    const head = line.slice(0, cut).trim();
    const hit = patterns.find(([, re]) => re.test(head));
    if (hit) return { code: hit[0], message: head };
  }
  return undefined;
}

const SHOWN_CODE = /^(?:(?:error|ошибка|code|код)(?: ошибки)?[\s:№#]*)?([0-9]{1,3})$/i;
/** How many lines with text after a bracket withSuffix reads at most. */
const SUFFIX_LINES = 64;

/** The message of `code` on a page that shows the code in an element of its own (id="code") but
 *  no id="message": the line rendering that code's documented ru or en template, if any. */
function messageOfCode(html: string, code: number): string | undefined {
  const doc = loadErrors('jysan').codes.find((c) => c.code === code);
  if (!doc) return undefined;
  const candidates = textLines(html);
  for (const lang of ['ru', 'en'] as const) {
    if (!doc[lang]) continue;
    const re = messagePattern(code, lang);
    const line = candidates.find((l) => re.test(l));
    if (line) return line;
  }
  return undefined;
}

/** A JSON error reply ({"code": 21, "message": "…"}, some vendors' API style): a documented code
 *  with a message in its documented template. */
function jsonError(text: string): { code: number; message: string } | undefined {
  if (!/^\s*\{/.test(text)) return undefined;
  let o: unknown;
  try {
    o = parseJsonBounded(text);
  } catch {
    return undefined;
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return undefined;
  const r = o as Record<string, unknown>;
  const code = Number(r.code ?? r.error_code ?? r.errorCode);
  const message = [r.message, r.description, r.error, r.text].find((m) => typeof m === 'string') as string | undefined;
  if (!Number.isInteger(code) || message === undefined) return undefined;
  const doc = loadErrors('jysan').codes.find((c) => c.code === code);
  const matches = (['ru', 'en'] as const).some((l) => doc?.[l] && messagePattern(code, l).test(message.trim()));
  return matches ? { code, message: message.trim() } : undefined;
}

// one run of blanks and marks after the label: `\s*[:№#]?\s*` split a long run of blanks both ways
// (quadratic on a hostile line of spaces)
const LEAD = /^(?:(?:error|ошибка|code|код)(?: ошибки)?[\s:№#]*)?(?:[0-9]{1,3}\s*)?[:.)\-–—]\s*/i;

/** A form with a card number field (the sandbox's card_pan, or what other vendors name it):
 *  `<form` somewhere before the field (two linear searches; a lazy `[\s\S]*?` between them
 *  rescanned the page from every `<form`). */
function cardForm(html: string): boolean {
  const form = /<form\b/i.exec(html);
  return !!form && CARD_FIELD.test(html.slice(form.index + 5));
}

// The names of a card page's inputs, any case: the sandbox's card_pan, the bank's own crd_pan (seed 002
// "crd_pan … Номер карты"), and other vendors' spellings (card-number, cardNo, cc_num, cvv2, expiry…)
const CARD = 'c(?:a)?rd[_-]?';
const PAN_NAMES = `(?:${CARD}(?:pan|number|num|no)|pan|cc[_-]?(?:number|num|no))`;
const EXP_NAMES = `(?:(?:${CARD}|cc[_-]?)?exp(?:iry|iration)?(?:[_-]?date)?)`;
const CVC_NAMES = `(?:(?:${CARD}|cc[_-]?)?(?:cvc2?|cvv2?|csc)|security[_-]?code)`;
const INPUTS: Array<[keyof CardData, RegExp]> = [
  ['pan', new RegExp(`^${PAN_NAMES}$`, 'i')],
  ['exp', new RegExp(`^${EXP_NAMES}$`, 'i')],
  ['cvc', new RegExp(`^${CVC_NAMES}$`, 'i')],
];

/** Which card datum a card page's input of this name takes, if any. */
export function cardInput(name: string): keyof CardData | undefined {
  return INPUTS.find(([, re]) => re.test(name))?.[0];
}

// what else a card page may ask, each part of the expiry in a field of its own and the holder's name
const PARTS: Array<[CardPart, RegExp]> = [
  ['month', new RegExp(`^(?:(?:${CARD}|cc[_-]?)?exp(?:iry|iration)?[_-]?)?(?:month|mon|mm)$`, 'i')],
  ['year', new RegExp(`^(?:(?:${CARD}|cc[_-]?)?exp(?:iry|iration)?[_-]?)?(?:year|yr|yy|yyyy)$`, 'i')],
  [
    'holder',
    new RegExp(`^(?:${CARD}(?:holder|owner|name)(?:[_-]?name)?|(?:cc|holder)[_-]?name|name[_-]?on[_-]?card)$`, 'i'),
  ],
];
type CardPart = keyof CardData | 'month' | 'year' | 'holder';
// the HTML autocomplete tokens a browser fills a card form by (WHATWG HTML "autofill")
const AUTOCOMPLETE: Record<string, CardPart> = {
  'cc-number': 'pan',
  'cc-exp': 'exp',
  'cc-exp-month': 'month',
  'cc-exp-year': 'year',
  'cc-csc': 'cvc',
  'cc-name': 'holder',
};
const HOLDER = 'TEST CARDHOLDER';

/** What the payer enters in a card page's control, by its autocomplete token, else its name; undefined
 *  for a control the payer leaves as it is (hidden, a button, one that asks nothing of the card). A
 *  year takes four digits when the field asks for them (a select of such years, maxlength 4, a
 *  yyyy name), a select the option that is the value. */
export function cardValue(
  c: { name: string; type: string; autocomplete?: string; maxLength?: number; options?: string[] },
  card: CardData,
): string | undefined {
  if (!['text', 'tel', 'number', 'password', 'search', 'select', ''].includes(c.type)) return undefined;
  const token = c.autocomplete?.split(/\s+/).find((w) => Object.hasOwn(AUTOCOMPLETE, w));
  const part = token ? AUTOCOMPLETE[token] : (cardInput(c.name) ?? PARTS.find(([, re]) => re.test(c.name))?.[0]);
  if (part === undefined) return undefined;
  const [mm, yy] = card.exp.split('/') as [string, string];
  const long = c.maxLength === 4 || /yyyy|4/i.test(c.name) || (c.options ?? []).some((o) => /^\d{4}$/.test(o.trim()));
  const value = { pan: card.pan, exp: card.exp, cvc: card.cvc, month: mm, year: long ? `20${yy}` : yy, holder: HOLDER }[
    part
  ];
  if (!c.options) return value;
  // the option that is this number (a month select may write 1…12 or 01…12)
  const digits = /^\d+$/.test(value);
  return c.options.find((o) => o.trim() === value || (digits && /^\d+$/.test(o.trim()) && Number(o) === Number(value)));
}

// the value in double, single or no quotes (HTML takes all three; a page built in Python f-strings
// writes name='pan')
const CARD_FIELD = new RegExp(
  `\\b(?:name|id)=(?:(["'])${PAN_NAMES}\\1|${PAN_NAMES}[\\s/>])|\\bautocomplete=(?:(["'])cc-number\\2|cc-number[\\s/>])`,
  'i',
);

/** res_code in a URL's query (a redirect's Location, a forwarding page's GET): a URL that is no URL
 *  (a hostile or broken reply) carries none; a relative one is read against a placeholder origin. */
export function queryResCode(url: string | undefined): string | undefined {
  if (typeof url !== 'string' || !URL.canParse(url, 'http://target')) return undefined;
  return new URL(url, 'http://target').searchParams.get('res_code') ?? undefined;
}

/** A URL (read against the page's) as the browser goes there when it is the order's BACKREF (same
 *  origin and path), else undefined; undefined for every URL without a BACKREF. */
function backrefOf(ctx: PageContext): ((u: string) => URL | undefined) | undefined {
  const base = ctx.base ?? ctx.backref;
  if (!ctx.backref || !base || !URL.canParse(ctx.backref, base)) return undefined;
  const target = new URL(ctx.backref, base);
  return (u) => {
    if (!URL.canParse(u, base)) return undefined;
    const url = new URL(u, base);
    return url.origin === target.origin && url.pathname === target.pathname ? url : undefined;
  };
}

/** The page's link to the order's BACKREF, whatever its id or class (a vendor's "back to the shop"
 *  carrying the result), as the browser follows it. */
function backLink(html: string, ctx: PageContext): string | undefined {
  const toBackref = backrefOf(ctx);
  if (!toBackref) return undefined;
  let to: URL | undefined;
  linkHref(html, (href) => (to = toBackref(decodeXmlReferences(href))) !== undefined);
  return to?.toString();
}

/** Where the page sends the payer's browser when that is the order's BACKREF (same origin and
 *  path; a 3-D Secure page auto-posting to an ACS is no result): its first form, as the browser
 *  submits it (GET: the fields replace the action's query), or a meta refresh. */
export function forwardOf(html: string, ctx: PageContext): Forward | undefined {
  const base = ctx.base ?? ctx.backref;
  const toBackref = backrefOf(ctx);
  if (!toBackref || !base) return undefined;
  const form = firstForm(html, base);
  const action = form && toBackref(form.action);
  if (form && action) {
    const fields = [...form.fields];
    if (form.method === 'POST') return { via: 'form', method: 'POST', url: action.toString(), form: fields };
    action.search = new URLSearchParams(fields).toString();
    return { via: 'form', method: 'GET', url: action.toString(), form: fields };
  }
  const refresh = metaRefresh(html);
  const to = refresh === undefined ? undefined : toBackref(refresh);
  return to && { via: 'refresh', method: 'GET', url: to.toString(), form: [] };
}

/** Read the HTML answer of the payment step (`ctx`: the request's BACKREF and the page's URL). */
export function readPage(http: Response, ctx: PageContext = {}): PageReply {
  const html = http.text;
  const location = http.headers.location;
  if (http.status >= 300 && http.status < 400 && location)
    return { http, kind: 'redirect', next: location, resCode: queryResCode(location) };
  const forward = forwardOf(html, ctx);
  const next = location ?? attrOf(html, 'backref', 'href') ?? forward?.url ?? backLink(html, ctx);
  const fwd = forward ? { forward } : {};
  const code = attrOf(html, 'error', 'data-code') ?? byId(html, 'code');
  // code 0 is success (res_code 0, digest §A10): a bank's result page showing it is no error page
  if (code !== undefined && /^0+$/.test(code))
    return { http, kind: 'result', resCode: '0', message: byId(html, 'message'), next, ...fwd };
  if (code !== undefined && /^[0-9]+$/.test(code))
    return {
      http,
      kind: 'error',
      code: Number(code),
      message: byId(html, 'message') ?? messageOfCode(html, Number(code)),
      next,
      ...fwd,
    };
  if (cardForm(html)) return { http, kind: 'card-page', next };
  const resCode = attrOf(html, 'result', 'data-res-code');
  if (resCode !== undefined) return { http, kind: 'result', resCode, message: byId(html, 'result'), next, ...fwd };
  const found = documentedMessage(html) ?? jsonError(html);
  if (found) return { http, kind: 'error', ...found, next, ...fwd };
  if (forward) {
    const carried =
      forward.method === 'POST' ? forward.form.find(([k]) => k === 'res_code')?.[1] : queryResCode(forward.url);
    return { http, kind: 'redirect', next: forward.url, forward, resCode: carried };
  }
  return { http, kind: 'other', next };
}

/** How many redirects of the payer paycert follows before it stops (fetch and browsers allow 20;
 *  a payment step has one or two: the card page, an ACS). */
export const PAYER_HOPS = 5;

/** A redirect the payer's browser follows on its way through the payment: one that is neither the
 *  result to BACKREF (same origin and path) nor carries a result (res_code in its query). */
export function payerRedirect(r: PageReply, ctx: PageContext): boolean {
  if (r.kind !== 'redirect' || r.forward || r.next === undefined || r.resCode !== undefined) return false;
  if (!ctx.backref) return true;
  const base = ctx.base ?? ctx.backref;
  if (!URL.canParse(ctx.backref, base) || !URL.canParse(r.next, base)) return true;
  const back = new URL(ctx.backref, base);
  const to = new URL(r.next, base);
  return !(to.origin === back.origin && to.pathname === back.pathname);
}

/** Read a payment-step reply as the payer's browser goes on from it: through redirects that are no
 *  result (payerRedirect: the bank's card page or 3-D Secure on another path, an error page, a WAF
 *  challenge), to the page it lands on. A 307/308 repeats the POST of `form`, the others become a
 *  GET (RFC 9110 §15.4). Only on the target's origin (`ctx.base`'s, where the request went) and the
 *  gateway's page hosts the user named (`ctx.origins`, --page-origin): a redirect to any other
 *  origin is not followed at all, whatever its status, since a 307 would carry
 *  the signed form and the encrypted card data to a host paycert was not asked to test, and even a
 *  GET's answer would be a stranger's, judged as the target's (probe 16 re-POSTed 240 signed forms to
 *  a proxy's own host and failed 37 rules on its page). A redirect the browser would not or could not
 *  follow (another origin, not http(s), a loop, more than PAYER_HOPS) ends as a page of kind 'other',
 *  `unfollowed` saying why: what it leads to is unknown, so it shows neither acceptance nor refusal.
 *  The result to BACKREF is no hop here (the checks follow it to their own listener), and a 3-D
 *  Secure ACS is reached by the form that posts there, not by a redirect. */
export async function followPayer(
  send: Send,
  first: Response,
  ctx: PageContext,
  form: Array<[string, string]> = [],
): Promise<PageReply> {
  let r = readPage(first, ctx);
  const via: string[] = [];
  let base = ctx.base ?? '';
  const home = URL.canParse(base) ? new URL(base).origin : undefined;
  const allowed = [home, ...(ctx.origins ?? [])];
  while (payerRedirect(r, { ...ctx, base })) {
    const stop = (why: string): PageReply => ({ ...r, kind: 'other', resCode: undefined, via, unfollowed: why });
    if (!URL.canParse(r.next!, base)) return stop('its Location is no URL');
    const url = new URL(r.next!, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return stop(`a ${url.protocol} URL, which the payer's browser does not follow`);
    // the --page-origin hint early: a reason is cut at 400 characters, and the redirect's URL is before it
    if (!allowed.includes(url.origin))
      return stop(
        `it leads to another origin than the target's${allowed.some((o) => o !== home) ? ' and the --page-origin ones' : ''}; if it is the gateway's own page host, name it with --page-origin ${url.origin} (paycert sends no form or card data to an origin not named, and judges no answer from there)`,
      );
    if (via.includes(url.href)) return stop('a redirect loop');
    if (via.length >= PAYER_HOPS) return stop(`more than ${PAYER_HOPS} redirects in a row`);
    via.push(url.href);
    const again = r.http.status === 307 || r.http.status === 308;
    const why = `HTTP ${r.http.status}, neither to BACKREF nor with a result`;
    const http = await send({
      url: url.href,
      ...(again ? { method: 'POST', form } : { method: 'GET' }),
      note: `the payer's browser follows the redirect (${why})`,
    }).catch((e: unknown) => {
      // the transport's error (an unreachable host, a timeout) names only the URL: say that the reply
      // sent the payer there, the error's class (the harness's Inconclusive) kept
      if (e instanceof Error)
        e.message = `the reply redirected the payer's browser (${why}${via.length > 1 ? `, after ${via.slice(0, -1).join(', ')}` : ''}), which could not follow it: ${e.message}`;
      throw e;
    });
    base = url.href;
    r = readPage(http, { backref: ctx.backref, base });
  }
  return via.length > 0 ? { ...r, via } : r;
}

/** Read an XML reply (status, cancel, list, confirm). */
export function readXml(http: Response): XmlReply {
  let doc: XmlNode;
  try {
    doc = parseXml(http.text);
  } catch (e) {
    return { http, parseError: (e as Error).message, wellFormed: false };
  }
  try {
    const reply = replyOf(doc);
    const r = reply.result;
    return {
      http,
      reply,
      code: r.code,
      description: typeof r.description === 'string' ? r.description : undefined,
      operation: typeof r.operation === 'object' && !Array.isArray(r.operation) ? r.operation : undefined,
    };
  } catch (e) {
    return { http, parseError: (e as Error).message, wellFormed: true };
  }
}
