import type { Clock } from '../clock.ts';
import type { DefectSet } from '../defects.ts';
import type { Outgoing } from '../server.ts';
import type { TestCard } from '../../spec/greenleaves-cards.ts';
import { loadErrors } from '../../spec/load.ts';
import { isUuid } from '../../protocols/greenleaves-v5/index.ts';
import type { GreenleavesV5Defect } from './defects.ts';
import type { MerchantStore, Recorded } from './store.ts';

/** Everything the v5 sandbox's pieces share. */
export interface Gw {
  merchants: Map<string, MerchantStore>;
  /** X-Request-Id records of all merchants together (only a defect uses it) */
  sharedRequests: Map<string, Recorded>;
  clock: Clock;
  defects: DefectSet<GreenleavesV5Defect>;
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

export function replyHeaders(x: Exchange, status: 'success' | 'error'): Record<string, string> {
  const h: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'x-request-id': x.requestId };
  if (!x.gw.defects.has('no-x-datetime')) h['x-datetime'] = iso(x.gw.clock.now());
  if (!x.gw.defects.has('missing-request-status')) h['x-request-status'] = status;
  return h;
}

export interface Reply extends Outgoing {
  headers: Record<string, string>;
  body: Buffer;
}

export function success(x: Exchange, body: object): Reply {
  return { status: 200, headers: replyHeaders(x, 'success'), body: Buffer.from(JSON.stringify(body), 'utf8') };
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
  if (opts.violations && opts.violations.length > 0) error.violations = opts.violations;
  return { status: c.http, headers: { ...replyHeaders(x, 'error'), ...opts.headers }, body: Buffer.from(JSON.stringify({ error }), 'utf8') };
}
