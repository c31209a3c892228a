import { isUtf8 } from 'node:buffer';
import { REMOVED, echoRemover, redact, redactListed, redactText, removedFromPairs, removedValues } from './redact.ts';
import { visibleText } from './visible.ts';
import { parseMultipart } from '../protocols/common/form.ts';
import { redactMultipart, redactUrlencoded } from './multipart-redact.ts';

/** One HTTP exchange as evidence. Bodies are text (binary bodies are summarised). */
export interface Exchange {
  at: string;
  direction: 'sent' | 'received'; // sent: the suite called the subject; received: the subject called the suite
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody?: string;
  /** the signature base string of the request as sent (the secret redacted), when the client knows it */
  signatureBase?: string;
  status?: number;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  ms?: number;
  error?: string;
  note?: string;
}

/** An exchange as recorded: its signature base may still be a function, called only when the
 *  exchange is read (most of a property run's exchanges are dropped unread). */
export type RecordedExchange = Omit<Exchange, 'signatureBase'> & { signatureBase?: string | (() => string) };

/** Exchanges kept before the pinned ones and after them (the most recent). */
const KEEP_RECENT = 24;
const KEEP_PINNED = 16;

/** The exchanges of a check. The exchanges a failure was judged on (`pinLast`) and the replay of a
 *  failing property case (`mark`) are pinned: kept whole and listed first. Of the rest the most
 *  recent are kept. Redaction happens once per kept exchange, when it is first read (`list`,
 *  `since`): nothing leaves the log unredacted, and the thousands of exchanges a property run drops
 *  are never redacted at all. */
export class EvidenceLog {
  private items: Item[] = [];
  private readonly pins = new Set<number>();
  private pinning = 0;
  private unpinned = 0;
  total = 0;

  add(x: RecordedExchange): void {
    const seq = this.total++;
    // a shallow copy: the caller's object is not ours to keep
    this.items.push({ seq, raw: { ...x } });
    if (this.pinning > 0) {
      this.pins.add(seq);
      this.pinning--;
    } else this.unpinned++;
    if (this.unpinned > KEEP_RECENT) {
      this.items.splice(
        this.items.findIndex((i) => !this.pins.has(i.seq)),
        1,
      );
      this.unpinned--;
    }
  }

  /** The last exchange is the one a failure was judged on. */
  pinLast(): void {
    const last = this.items.at(-1);
    if (last && !this.pins.has(last.seq) && this.pins.size < KEEP_PINNED * 2) {
      this.pins.add(last.seq);
      this.unpinned--;
    }
  }

  /** Marks where the replay of a failing property case starts: it is pinned first in `list()`. */
  mark(note: string): void {
    this.pinning = KEEP_PINNED;
    this.add({ at: new Date().toISOString(), direction: 'sent', method: '-', url: '-', requestHeaders: {}, note });
  }

  /** Exchanges stored from sequence number `seq` on. */
  since(seq: number): Exchange[] {
    const safe = this.redactor();
    return this.items.filter((i) => i.seq >= seq).map(safe);
  }

  /** The redaction of a kept exchange, with the card data the requests of the other kept exchanges sent
   *  (a hostile subject's status reply repeats the cardholder's name its payment request sent): read
   *  when an exchange is first read, from the kept ones only. */
  private redactor(): (i: Item) => Exchange {
    let others: Set<string> | undefined;
    return (i) => {
      if (i.safe) return i.safe;
      others ??= new Set(this.items.flatMap((x) => [...removedOf(x)]));
      return safe(i, others);
    };
  }

  /** Pinned exchanges first, then all kept ones in order. With `failed` and nothing pinned (the
   *  check stopped inconclusive), the last exchange comes first. */
  list(failed = false): Exchange[] {
    const safe = this.redactor();
    const all = this.items.map(safe);
    const pinned = this.items.filter((i) => this.pins.has(i.seq)).map(safe);
    if (pinned.length > 0)
      return [
        noteOnly('the exchanges the failure was judged on'),
        ...pinned,
        noteOnly('all kept exchanges of the check, in order'),
        ...this.items.filter((i) => !this.pins.has(i.seq)).map(safe),
      ];
    const last = all.at(-1);
    if (!failed || !last || all.length < 2) return all;
    return [
      noteOnly('the last exchange, where the check stopped'),
      last,
      noteOnly('all kept exchanges of the check, in order'),
      ...all,
    ];
  }
}

type Item = { seq: number; raw: RecordedExchange; safe?: Exchange; removed?: Set<string> };

/** The values an item's request removes (requestRemoved), read once. */
const removedOf = (i: Item): Set<string> => (i.removed ??= requestRemoved(i.raw));

function safe(i: Item, others?: Set<string>): Exchange {
  if (i.safe) return i.safe;
  const base = i.raw.signatureBase;
  const { requestBody, responseBody } = i.raw;
  const x = redactExchange(
    {
      ...i.raw,
      signatureBase: typeof base === 'function' ? base() : base,
      responseBody: uncut(responseBody),
    },
    others,
    removedOf(i),
  );
  return (i.safe = {
    ...x,
    requestBody: kept(x.requestBody, requestBody),
    responseBody: kept(x.responseBody, responseBody),
  });
}

/** The characters of a body a kept exchange keeps (a reply of the APIs is a few KB; a hostile one of
 *  700 KB nested 10^5 deep, under the 8 MiB reply cap, was kept whole in every report format). */
export const BODY_KEPT = 16 * 1024;
/** A reply is redacted a little past the cut, so that a card number the cut crosses is seen whole (as
 *  clip.ts's quote); a request whole, as the values it removes are removed from its reply too. */
const UNCUT_MARGIN = 1024;
const uncut = (s?: string): string | undefined =>
  s !== undefined && s.length > BODY_KEPT + UNCUT_MARGIN ? s.slice(0, BODY_KEPT + UNCUT_MARGIN) : s;
/** The redacted body `s` of the wire body `raw`, cut at BODY_KEPT with how much was cut. */
const kept = (s: string | undefined, raw: string | undefined): string | undefined =>
  s === undefined || raw === undefined || raw.length <= BODY_KEPT ? s : cutMark(s.slice(0, BODY_KEPT), raw.length);
const cutMark = (start: string, total: number): string =>
  `${start}… [cut: ${total - start.length} more characters of ${total} not kept]`;

function noteOnly(note: string): Exchange {
  return { at: '', direction: 'sent', method: '-', url: '-', requestHeaders: {}, note };
}

const HIDDEN_HEADERS = /^(authorization|cookie|set-cookie|proxy-authorization)$/i;

/** A header value, which HTTP hands over as Latin-1, read as UTF-8 where its bytes are valid UTF-8 (a
 *  shop's UTF-8 header was shown as mojibake, probe 22); any other as it came. */
function headerText(v: string): string {
  if (!/[\u0080-\u00ff]/.test(v) || /[^\u0000-\u00ff]/.test(v)) return v;
  const bytes = Buffer.from(v, 'latin1');
  return isUtf8(bytes) ? bytes.toString('utf8') : v;
}

/** The exchange with every text redacted, once each: the bodies, the URL and error as free text,
 *  a header also by its name (a sensitive name's value is removed or masked whatever it holds), and
 *  the values the request's field list removes wherever they stand in a ';'-separated list (an echo of
 *  its signature base string; paycert's own is built from values redacted by name), and those of them
 *  no other data could be (a cardholder's name, an encrypted card: echoRemover) wherever they stand at
 *  all, as those of `others` (the removed values of the other requests of its check). */
export function redactExchange(x: Exchange, others?: Set<string>, removed = requestRemoved(x)): Exchange {
  const echoed = echoRemover(others ? new Set([...removed, ...others]) : removed);
  const headers = (h?: Record<string, string>) =>
    h &&
    Object.fromEntries(
      Object.entries(h).map(([k, v]) => [
        k,
        HIDDEN_HEADERS.test(k) ? '[removed]' : String(redact({ [k]: echoed(redactListed(headerText(v), removed)) })[k]),
      ]),
    );
  const text = (s?: string) => (s === undefined ? undefined : redactText(echoed(redactListed(s, removed))));
  // an SDK adapter's answer (sdk.ts writes its id first): the protocol's id is paycert's own counter
  // (docs/sdk-adapter.md), no data of the subject's, kept out of the redaction (a run's ids meet the CVCs
  // and expiries it gave the adapter, which are removed beside a card)
  const id = x.method === 'SDK' ? /^\{"id":\d{1,15},/.exec(x.responseBody ?? '')?.[0] : undefined;
  const rest = id === undefined ? undefined : text(`{${x.responseBody!.slice(id.length)}`);
  return {
    ...x,
    method: redactText(x.method),
    url: text(x.url)!,
    requestHeaders: headers(x.requestHeaders) ?? {},
    responseHeaders: headers(x.responseHeaders),
    requestBody: text(x.requestBody === undefined ? undefined : byNames(x.requestBody, contentType(x.requestHeaders))),
    signatureBase: x.signatureBase === undefined ? undefined : redactText(x.signatureBase),
    responseBody: rest?.startsWith('{') ? `${id}${rest.slice(1)}` : text(x.responseBody),
    error: text(x.error),
    note: text(x.note),
  };
}

const contentType = (h?: Record<string, string>): string =>
  h?.['content-type'] ?? Object.entries(h ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';

/** A request body with each form field's value redacted by its name in the raw body itself (shownPair), before
 *  it is stored, cut (kept, capped) or shown raw: a multipart body (also one cut short, or without a content
 *  type that says so) and the encoded values of a urlencoded one (pg_xml's XML). The text redaction alone
 *  saw no name=value in multipart's raw text, nor the tags of an encoded XML: a cut multipart request,
 *  shown raw, showed its CVC and expiry under their part headers. */
function byNames(body: string, type: string): string {
  const byName = (k: string, v: string) => shownPair([k, v])[1];
  if (/multipart\//i.test(type) || body.startsWith('--')) return redactMultipart(body, type, byName) ?? body;
  if (/x-www-form-urlencoded/i.test(type) || (!type && FORM.test(body))) return redactUrlencoded(body, byName);
  return body;
}

const FORM = /^[^=&\s]+=[^&\s]*(&[^=&\s]+=[^&\s]*)*$/;

/** The fields of a form-urlencoded or (whole) multipart body, in order; undefined for anything else. */
function formPairs(body: string, contentType = ''): Array<[string, string]> | undefined {
  if (/x-www-form-urlencoded/i.test(contentType) || (!contentType && FORM.test(body))) {
    try {
      return [...new URLSearchParams(body)];
    } catch {
      return undefined; // not a form after all
    }
  }
  // a body cut short (renderExchanges' cap) is left as it is: its last fields would be missing unsaid
  if (/multipart\/form-data/i.test(contentType) && /--\s*$/.test(body)) {
    try {
      const pairs = parseMultipart(body, contentType);
      return pairs.length ? pairs : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The leaf elements of an XML text (a request in pg_xml) as name, value: what removedValues reads by name. */
const XML_LEAF = /<([A-Za-z_][\w.-]{0,63})(?:\s[^<>]{0,200})?>([^<]{0,8192})<\/\1\s*>/g;

/** The values `redact` removes by name from a request's fields (removedValues), read from its body as a
 *  form, multipart (whose raw text carries no `name=value` for removedValues to read) or the XML of a
 *  pg_xml field too (probe 26: a multipart or pg_xml request's CVC and expiry were not known as removed). */
function requestRemoved(x: Pick<Exchange, 'requestBody' | 'requestHeaders'>): Set<string> {
  const removed = removedValues(x.requestBody);
  if (!x.requestBody) return removed;
  const type = contentType(x.requestHeaders);
  const pairs = formPairs(x.requestBody, type);
  if (!pairs) return removed;
  const multipart = /multipart\/form-data/i.test(type);
  const xml = pairs.filter(([, v]) => v.trimStart().startsWith('<'));
  if (!multipart && xml.length === 0) return removed;
  const all: Array<[string, string]> = [...pairs];
  for (const [, v] of xml) for (const m of v.matchAll(XML_LEAF)) all.push([m[1]!, m[2]!]);
  for (const v of removedFromPairs(all)) removed.add(v);
  return removed;
}

/** A decoded field as shown: redacted as decoded, by its name (as a urlencoded field is: a CVC, an expiry,
 *  a cardholder's name removed whatever the raw body's form hid them in) and its value as text (the XML
 *  of pg_xml: its elements by their names). The raw body was redacted as text before it was decoded, but
 *  multipart's raw text hides the names from the name=value redaction, and a URL-encoded pg_xml its tags
 *  (probe 26: pg_card_cvc, _month and _year were shown in clear in every multipart or pg_xml request). */
function shownPair([k, v]: [string, string]): [string, string] {
  const r = (redact({ [k]: v }) as Record<string, unknown>)[k];
  return [redactText(k), typeof r === 'string' ? r : r === undefined || r === null ? REMOVED : String(r)];
}

/** A form-urlencoded or multipart body decoded and redacted as decoded (shownPair); undefined for any other. */
function shownPairs(body: string, contentType = ''): Array<[string, string]> | undefined {
  return formPairs(body, contentType)?.map(shownPair);
}

/** A form-urlencoded or multipart body decoded, one field a line; anything else as it is. */
export function bodyLines(body: string, contentType = ''): string[] {
  return shownPairs(body, contentType)?.map(([k, v]) => `${k} = ${v}`) ?? body.split('\n');
}

/** A request in one line, for a failure's reason: method, URL and a form's fields as name=value, those
 *  `said` (the message) names first, as the end of a long reason is cut; any other body as it is. */
export function requestLine(x: Exchange, said = ''): string {
  const pairs = x.requestBody ? shownPairs(x.requestBody, x.requestHeaders['content-type']) : undefined;
  const named = (k: string) => new RegExp(`(^|[^\\w])${k.replace(/[^\w]/g, '\\$&')}($|[^\\w])`).test(said);
  const body = pairs
    ? [...pairs.filter(([k]) => named(k)), ...pairs.filter(([k]) => !named(k))].map(([k, v]) => `${k}=${v}`).join(' ')
    : (x.requestBody ?? '');
  const base = x.signatureBase ? ` signature base: ${x.signatureBase}` : '';
  return `${x.method} ${x.url}${body && ` ${body}`}${base}`.replace(/\s*\n\s*/g, ' ');
}

/** One request as sent: method, URL, decoded body, signature base. */
export function renderRequest(x: Exchange): string {
  const lines = [`${x.method} ${x.url}`];
  if (x.requestBody) lines.push(...bodyLines(x.requestBody, x.requestHeaders['content-type']).map((l) => `  ${l}`));
  if (x.signatureBase) lines.push(`  signature base: ${x.signatureBase}`);
  return lines.join('\n');
}

const CAP = 4000;
const CUT = /… \[cut: (\d+) more characters of (\d+) not kept\]$/;

/** `s` cut at CAP with how much of the body was cut (that of the wire body when the log cut it). */
function capped(s: string): string {
  if (s.length <= CAP) return s;
  const total = Number(CUT.exec(s)?.[2] ?? s.length);
  return cutMark(s.slice(0, CAP), total);
}

/** Plain-text rendering of exchanges for reports (already redacted). The first exchange (the
 *  failing one, see EvidenceLog.list) is shown as kept (BODY_KEPT); later bodies are cut at 4000. */
export function renderExchanges(list: Exchange[]): string {
  let first = true;
  return list
    .map((x) => {
      if (x.note && x.method === '-') return `### ${x.note}`;
      const whole = first;
      first = false;
      const cut = (s: string) => (whole ? s : capped(s));
      const lines = [
        `${x.direction === 'sent' ? '>>' : '<<'} ${x.method} ${x.url}  (${x.at}${x.ms !== undefined ? `, ${x.ms} ms` : ''})${x.note ? `  — ${x.note}` : ''}`,
      ];
      for (const [k, v] of Object.entries(x.requestHeaders)) lines.push(`   ${k}: ${v}`);
      if (x.requestBody)
        for (const l of bodyLines(cut(x.requestBody), x.requestHeaders['content-type'])) lines.push(`   ${l}`);
      if (x.signatureBase) lines.push(`   signature base: ${x.signatureBase}`);
      if (x.error) lines.push(`   !! ${x.error}`);
      if (x.status !== undefined) {
        lines.push(`   -> ${x.status}`);
        for (const [k, v] of Object.entries(x.responseHeaders ?? {})) lines.push(`   ${k}: ${v}`);
        if (x.responseBody) lines.push(`   ${cut(x.responseBody)}`);
      } else if (x.responseBody) lines.push(`   <- answer: ${cut(x.responseBody)}`); // an SDK adapter's (sdk.ts)
      return visibleText(lines.join('\n'));
    })
    .join('\n\n');
}
