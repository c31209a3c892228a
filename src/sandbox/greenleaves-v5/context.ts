import { randomUUID } from 'node:crypto';
import { sortKeys } from '../../protocols/common/json-keys.ts';
import type { Clock } from '../../reference/clock.ts';
import type { Outgoing } from '../../reference/server.ts';
import type { TestCard } from '../../spec/greenleaves-cards.ts';
import { loadErrors } from '../../spec/load.ts';
import { isUuid } from '../../protocols/greenleaves-v5/index.ts';
import type { GreenleavesV5Policy } from './policy.ts';
import type { MerchantStore, Recorded } from './store.ts';

/** Everything the v5 sandbox's pieces share. */
export interface Gw {
  merchants: Map<string, MerchantStore>;
  /** X-Request-Id records of all merchants together (only a defect uses it) */
  sharedRequests: Map<string, Recorded>;
  clock: Clock;
  /** what this gateway does (the reference, or a defect's / variant's patch of it) */
  policy: GreenleavesV5Policy;
  cards: Map<string, TestCard>;
  /** fresh UUID v7: payment ids, and X-Request-Id of replies to requests without a usable one (a
   *  variant answers those with a v4: freshRequestIdVersion) */
  newId: () => string;
}

/** One reply in the making: the X-Request-Id it will carry. */
export interface Exchange {
  gw: Gw;
  requestId: string;
}

export function exchange(gw: Gw, requested: string | undefined): Exchange {
  const echo = requested !== undefined && isUuid(requested) && gw.policy.replies.echoRequestId; // V5-RSP-02
  if (echo) return { gw, requestId: requested };
  return { gw, requestId: gw.policy.replies.freshRequestIdVersion === 4 ? randomUUID() : gw.newId() };
}

/** RFC 3339, UTC, milliseconds (response-headers.schema.json x-datetime). */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** RFC 3339 in UTC+05:00 without a fraction (a variant). */
function localIso(ms: number): string {
  return `${new Date(ms + 5 * 3600_000).toISOString().slice(0, 19)}+05:00`;
}

/** A reply body's bytes: compact JSON in the given key order (a variant pretty-prints, keys sorted). */
export function jsonBytes(gw: Gw, body: object): Buffer {
  const text =
    gw.policy.replies.layout === 'pretty-sorted' ? JSON.stringify(sortKeys(body), null, 2) : jsonText(gw, body);
  return Buffer.from(text, 'utf8');
}

/** A body as compact JSON (replies, callbacks); a defect writes its amount a second time before the end. */
export function jsonText(gw: Gw, body: object): string {
  const text = JSON.stringify(body);
  const amount = (body as { amount?: unknown }).amount;
  // V5-RSP-07, V5-CB-01, V5-CB-03
  return gw.policy.replies.amountTwice && amount !== undefined
    ? `${text.slice(0, -1)},"amount":${JSON.stringify(amount)}}`
    : text;
}

export function replyHeaders(x: Exchange, status: 'success' | 'error'): Record<string, string> {
  const r = x.gw.policy.replies;
  const h: Record<string, string> = {
    'content-type': r.jsonAsTextPlain ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    'x-request-id': x.requestId,
  }; // V5-RSP-07
  const now = x.gw.clock.now();
  // V5-RSP-03, V5-RSP-04
  const datetime = {
    utc: iso,
    'local-offset': localIso,
    'no-offset': (ms: number) => iso(ms).slice(0, 19).replace('T', ' '),
    'http-date': (ms: number) => new Date(ms).toUTCString(), // RFC 9110 §5.6.7 IMF-fixdate
  };
  if (r.datetime !== 'none') h['x-datetime'] = datetime[r.datetime](now);
  // V5-RSP-05, V5-RSP-06
  const said = { outcome: status, 'always-success': 'success', 'outcome-caps': status.toUpperCase() };
  if (r.requestStatus !== 'none') h['x-request-status'] = said[r.requestStatus];
  return h;
}

export interface Reply extends Outgoing {
  headers: Record<string, string>;
  body: Buffer;
}

export function success(x: Exchange, body: object): Reply {
  const r = x.gw.policy.replies;
  let out = r.extraFields ? { ...body, processed_at: iso(x.gw.clock.now()) } : body;
  if (r.nullErrorMember) out = { ...out, error: null };
  return { status: 200, headers: replyHeaders(x, 'success'), body: jsonBytes(x.gw, out) };
}

interface CodeInfo {
  name: string;
  en: string;
  ru: string;
  http: number;
}

let codes: Map<number, CodeInfo> | undefined;

/** specs/greenleaves-v5/errors.json: names, messages and the HTTP status in each note. */
export function codeInfo(code: number): CodeInfo {
  codes ??= new Map(
    loadErrors('greenleaves-v5').codes.map((c) => [
      c.code,
      {
        name: c.name ?? String(c.code),
        en: c.en ?? '',
        ru: c.ru ?? '',
        http: Number(/^HTTP (\d{3})\./.exec(c.note ?? '')?.[1] ?? 400),
      },
    ]),
  );
  const info = codes.get(code);
  if (!info) throw new Error(`greenleaves-v5: code ${code} is not in errors.json`);
  return info;
}

/** en and ru text of a code, {field} filled in. */
export function messages(gw: Gw, c: { en: string; ru: string }, field = ''): { en: string; ru: string } {
  const en = c.en.replace('{field}', field);
  return { en, ru: !gw.policy.replies.ruMessages ? en : c.ru.replace('{field}', field) };
}

/** A defect's debugging after each text of a message (V5-JWS-15 forbids what it shows). */
const debugged = (m: { en: string; ru: string }, debug: string | undefined): { en: string; ru: string } =>
  debug === undefined ? m : { en: `${m.en} (${debug})`, ru: `${m.ru} (${debug})` };

export interface Violation {
  field: string;
  kind: string;
  code: number;
}

/** The one code of a gateway that answers every refusal alike (a variant): HTTP 400, its own code. */
const GENERIC = { code: 1000, name: 'bad-request', http: 400 } as const;

/** A refusal: HTTP status and body from errors.json; {field} is the first violation's path. */
export function refusal(
  x: Exchange,
  code: number,
  opts: { violations?: Violation[]; field?: string; headers?: Record<string, string>; debug?: string } = {},
): Reply {
  const c = codeInfo(code);
  const field = opts.field ?? opts.violations?.[0]?.field ?? '';
  const r = x.gw.policy.replies;
  // the code on the wire: the cause's, another one of errors.json (V5-ERR-01), or one for every refusal
  // (`in`: the policy's trace reads this code's knob only, not the whole map)
  const onWire = String(code) in r.wireCodes ? r.wireCodes[String(code)]! : code;
  const wire = r.genericRefusals ? GENERIC : onWire === code ? { code, ...c } : { code: onWire, ...codeInfo(onWire) };
  const error: Record<string, unknown> = {
    code: wire.code,
    ...(!r.errorWithoutName && { name: wire.name }), // V5-FMT-04
    message: debugged(messages(x.gw, c, field), opts.debug),
  };
  if (opts.violations && opts.violations.length > 0)
    error.violations = r.violationsReversed ? [...opts.violations].reverse() : opts.violations; // V5-ERR-01
  if (r.extraFields) error.request_id = x.requestId;
  const status = r.refusalHttpStatus === 'per-code' ? wire.http : r.refusalHttpStatus; // V5-ERR-04
  const headers = { ...replyHeaders(x, 'error'), ...opts.headers };
  if (!r.refusalRequestId) delete headers['x-request-id']; // V5-RSP-01
  if (r.refusalBody === 'opaque')
    return {
      status: 200,
      headers: { ...headers, 'x-request-status': String(wire.code) },
      body: jsonBytes(x.gw, { message: (error.message as { en: string }).en }),
    };
  if (r.refusalBody === 'status-field')
    return {
      status: 200,
      headers,
      body: jsonBytes(x.gw, { status: 'error', code: wire.code, message: (error.message as { en: string }).en }),
    };
  if (r.refusalBody === 'flat-error')
    return {
      status,
      headers,
      body: jsonBytes(x.gw, {
        status: 'error',
        error_code: wire.code,
        error_description: (error.message as { en: string }).en,
      }),
    };
  if (r.refusalBody === 'bare-text')
    return {
      status,
      headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' },
      body: Buffer.from((error.message as { en: string }).en, 'utf8'),
    };
  return { status, headers, body: jsonBytes(x.gw, { error }) };
}

const API_HEADERS = new Set(['x-request-id', 'x-datetime', 'x-request-status']);

/** The refusal of a malformed request (1101, 1102, 1106, 1107); a defect answers it as a web
 *  framework does before the API reads the request, without the API's headers (V5-RSP-08). */
export function malformed(x: Exchange, code: number, opts: { headers?: Record<string, string> } = {}): Reply {
  const out = refusal(x, code, opts);
  if (x.gw.policy.replies.malformedHeaders) return out;
  return { ...out, headers: Object.fromEntries(Object.entries(out.headers).filter(([k]) => !API_HEADERS.has(k))) };
}
