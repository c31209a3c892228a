import type { Clock } from '../../reference/clock.ts';
import type { DefectSet } from '../../reference/defects.ts';
import type { Outgoing } from '../../reference/server.ts';
import type { TestCard } from '../../spec/greenleaves-cards.ts';
import { loadErrors } from '../../spec/load.ts';
import { isUuid } from '../../protocols/greenleaves-v5/index.ts';
import type { GreenleavesV5Defect, GreenleavesV5Variant } from './defects.ts';
import type { MerchantStore, Recorded } from './store.ts';

/** Everything the v5 sandbox's pieces share. */
export interface Gw {
  merchants: Map<string, MerchantStore>;
  /** X-Request-Id records of all merchants together (only a defect uses it) */
  sharedRequests: Map<string, Recorded>;
  clock: Clock;
  defects: DefectSet<GreenleavesV5Defect | GreenleavesV5Variant>;
  cards: Map<string, TestCard>;
  /** fresh UUID v7: payment ids, and X-Request-Id of replies to requests without a usable one */
  newId: () => string;
}

/** One reply in the making: the X-Request-Id it will carry. */
export interface Exchange {
  gw: Gw;
  requestId: string;
}

export function exchange(gw: Gw, requested: string | undefined): Exchange {
  const echo = requested !== undefined && isUuid(requested) && !gw.defects.has('no-request-id-echo');
  return { gw, requestId: echo ? requested : gw.newId() };
}

/** RFC 3339, UTC, milliseconds (response-headers.schema.json x-datetime). */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** RFC 3339 in UTC+05:00 without a fraction (a variant). */
function localIso(ms: number): string {
  return `${new Date(ms + 5 * 3600_000).toISOString().slice(0, 19)}+05:00`;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}

/** A reply body's bytes: compact JSON in the given key order (a variant pretty-prints, keys sorted). */
export function jsonBytes(gw: Gw, body: object): Buffer {
  const text = gw.defects.has('reply-layout') ? JSON.stringify(sortKeys(body), null, 2) : JSON.stringify(body);
  return Buffer.from(text, 'utf8');
}

export function replyHeaders(x: Exchange, status: 'success' | 'error'): Record<string, string> {
  const d = x.gw.defects;
  const h: Record<string, string> = { 'content-type': d.has('text-plain-replies') ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8', 'x-request-id': x.requestId }; // V5-RSP-07
  const now = x.gw.clock.now();
  // V5-RSP-03, V5-RSP-04
  if (!d.has('no-x-datetime')) h['x-datetime'] = d.has('datetime-local-offset') ? localIso(now) : d.has('datetime-without-offset') ? iso(now).slice(0, 19).replace('T', ' ') : iso(now);
  if (!d.has('missing-request-status')) h['x-request-status'] = d.has('request-status-always-success') ? 'success' : status; // V5-RSP-05, V5-RSP-06
  return h;
}

export interface Reply extends Outgoing {
  headers: Record<string, string>;
  body: Buffer;
}

export function success(x: Exchange, body: object): Reply {
  const out = x.gw.defects.has('extra-reply-fields') ? { ...body, processed_at: iso(x.gw.clock.now()) } : body;
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
    loadErrors('greenleaves-v5').codes.map((c) => [c.code, { name: c.name ?? String(c.code), en: c.en ?? '', ru: c.ru ?? '', http: Number(/^HTTP (\d{3})\./.exec(c.note ?? '')?.[1] ?? 400) }]),
  );
  const info = codes.get(code);
  if (!info) throw new Error(`greenleaves-v5: code ${code} is not in errors.json`);
  return info;
}

/** en and ru text of a code, {field} filled in. */
export function messages(gw: Gw, c: { en: string; ru: string }, field = ''): { en: string; ru: string } {
  const en = c.en.replace('{field}', field);
  return { en, ru: gw.defects.has('messages-english-only') ? en : c.ru.replace('{field}', field) };
}

export interface Violation {
  field: string;
  kind: string;
  code: number;
}

/** A refusal: HTTP status and body from errors.json; {field} is the first violation's path. */
export function refusal(x: Exchange, code: number, opts: { violations?: Violation[]; field?: string; headers?: Record<string, string> } = {}): Reply {
  const c = codeInfo(code);
  const field = opts.field ?? opts.violations?.[0]?.field ?? '';
  const error: Record<string, unknown> = {
    code,
    name: c.name,
    message: messages(x.gw, c, field),
  };
  const d = x.gw.defects;
  if (opts.violations && opts.violations.length > 0) error.violations = d.has('violations-reversed') ? [...opts.violations].reverse() : opts.violations; // V5-ERR-01
  if (d.has('extra-reply-fields')) error.request_id = x.requestId;
  if (d.has('error-extra-field')) error.detail = 'paycert defect'; // V5-FMT-04
  const status = d.has('refuse-with-http-200') ? 200 : d.has('refusals-http-400') ? 400 : c.http; // V5-ERR-04
  const headers = { ...replyHeaders(x, 'error'), ...opts.headers };
  if (d.has('no-request-id-on-refusals')) delete headers['x-request-id']; // V5-RSP-01
  if (d.has('opaque-refusals')) return { status: 200, headers: { ...headers, 'x-request-status': String(code) }, body: jsonBytes(x.gw, { message: (error.message as { en: string }).en }) };
  if (d.has('status-field-refusals')) return { status: 200, headers, body: jsonBytes(x.gw, { status: 'error', code, message: (error.message as { en: string }).en }) };
  if (d.has('bare-refusals')) return { status, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' }, body: Buffer.from((error.message as { en: string }).en, 'utf8') };
  return { status, headers, body: jsonBytes(x.gw, { error }) };
}
