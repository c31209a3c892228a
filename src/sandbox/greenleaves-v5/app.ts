import { createHash } from 'node:crypto';
import { credentials, sdkCredentials } from '../../spec/credentials.ts';
import { loadCards } from '../../spec/greenleaves-cards.ts';
import { V5_PATHS, operationFor, uuidv7Monotonic, type V5Operation } from '../../protocols/greenleaves-v5/index.ts';
import { Clock } from '../../reference/clock.ts';
import { control } from '../../reference/control.ts';
import { serve, type Incoming, type Outgoing } from '../../reference/server.ts';
import { handleFrom, type SandboxHandle } from '../../reference/handle.ts';
import type { SandboxOptions } from '../registry-types.ts';
import {
  exchange,
  malformed,
  refusal,
  replyHeaders,
  type Exchange,
  type Gw,
  type Reply,
  type Violation,
} from './context.ts';
import { GREENLEAVES_V5_DEFECTS, GREENLEAVES_V5_VARIANTS } from './defects.ts';
import { policyFor } from '../../reference/policy.ts';
import { DEFAULT_GREENLEAVES_V5_POLICY } from './policy.ts';
import { MerchantStore, type Recorded } from './store.ts';
import { headerFault, refusalDebug, verifyRequest } from './verify.ts';
import { messageField, parseBody, violations } from './body.ts';
import { lenientLifetime } from './objects.ts';
import { HANDLERS, create } from './handlers.ts';
import { checkRefuses, sendResult } from './callbacks.ts';

/** What the control API offers the suite (the run's config names it before any worker starts this) */
export const GREENLEAVES_V5_CAPABILITIES: readonly string[] = ['callbacks'];

const PATHS = new Set<string>(Object.values(V5_PATHS));
const DEFAULT_OP: Record<string, V5Operation> = { [V5_PATHS.create]: 'create', [V5_PATHS.read]: 'status' };

/** What makes two requests under one X-Request-Id the same request: URL, X-Action and body bytes. */
function fingerprint(req: Incoming, action: string): string {
  return createHash('sha256').update(`${req.path}\n${action}\n`).update(req.raw).digest('hex');
}

/** The operation X-Action selects on this URL (a defect lets create and read ignore it). */
function operation(gw: Gw, req: Incoming): V5Operation | undefined {
  const action = req.headers['x-action'];
  if (action === undefined || action === '') return gw.policy.headers.actionRequired ? undefined : DEFAULT_OP[req.path]; // V5-HDR-03
  return operationFor(req.path, action) ?? (gw.policy.headers.unknownActionRefused ? undefined : DEFAULT_OP[req.path]); // V5-ACT-05
}

/** Violations some defects let through: unknown create fields (V5-BODY-02), a clearing without amount (V5-BODY-04). */
function ignored(gw: Gw, op: V5Operation, f: Violation): boolean {
  if (f.kind === 'missing') return op === 'clearing' && f.field === 'amount' && !gw.policy.body.clearingAmountRequired;
  return f.kind === 'unknown' && op === 'create' && !gw.policy.body.refuseUnknownFields;
}

/** A defect's lenient parser: the first element of a JSON array of objects. */
function firstElement(raw: Buffer): object | undefined {
  try {
    const v = JSON.parse(raw.toString('utf8')) as unknown;
    return Array.isArray(v) && v[0] && typeof v[0] === 'object' && !Array.isArray(v[0]) ? (v[0] as object) : undefined;
  } catch {
    return undefined;
  }
}

/** After the headers and the signature: JSON, body schema, then the payment itself. */
async function process(x: Exchange, m: MerchantStore, op: V5Operation, req: Incoming): Promise<Reply> {
  const body = req.raw.length === 0 && x.gw.policy.body.emptyBody === 'empty-object' ? {} : parseBody(req.raw); // V5-ERR-01
  if (!body) {
    const first = x.gw.policy.body.arrayBody === 'first-element' ? firstElement(req.raw) : undefined; // V5-BODY-05
    if (!first) return malformed(x, 1106);
    return process(x, m, op, { ...req, raw: Buffer.from(JSON.stringify(first), 'utf8') });
  }
  // (the defect's knob read only for an order_id with blanks at its ends)
  const id = op === 'create' ? body.order_id : undefined;
  if (typeof id === 'string' && id.trim() !== id && x.gw.policy.body.trimsOrderId) body.order_id = id.trim();
  // (read only for a currency not in upper case)
  const cur = op === 'create' ? body.currency : undefined;
  if (typeof cur === 'string' && cur.toUpperCase() !== cur && x.gw.policy.body.foldsCurrencyCase)
    body.currency = cur.toUpperCase();
  // V5-BODY-02, V5-BODY-04, V5-BODY-06: unknown fields, a missing amount, 3 decimals are violations
  const found = violations(op, body, x.gw.policy.body.strictAmounts, req.raw.toString('utf8')).filter(
    (f) => !ignored(x.gw, op, f) && !lenientLifetime(x.gw, body, f), // V5-REC-03
  );
  if (found.length > 0) return refusal(x, found[0]!.code, { violations: found, field: messageField(found) });
  if (op !== 'create') return HANDLERS[op](x, m, body);
  // V5-CB-03, V5-CB-01: check_url before authorising, result_url once the payment has its outcome
  const out = create(x, m, body, await checkRefuses(x.gw, m, body));
  if (out.status === 200)
    sendResult(x.gw, m, body, m.payments.get((JSON.parse(out.body.toString('utf8')) as { id: string }).id));
  return out;
}

/** The checks in the order V5-ERR-03 gives; only requests past the signature and X-Action are
 *  recorded for idempotent replay. */
async function api(gw: Gw, req: Incoming): Promise<Outgoing> {
  const x = exchange(gw, req.headers['x-request-id']);
  if (!gw.policy.headers.methods.includes(req.method)) return malformed(x, 1107, { headers: { allow: 'POST' } }); // V5-URL-04
  const fault = headerFault(gw, req);
  // (the knob read only on a header fault, where it can change the answer: see headerFault)
  const faulted = (code: number) => (code === 1101 || code === 1102 ? malformed(x, code) : refusal(x, code));
  if (fault !== undefined && !gw.policy.headers.afterSignature) return faulted(fault);
  const signed = await verifyRequest(gw, req);
  if (fault !== undefined && signed.ok) return faulted(fault);
  const requestId = req.headers['x-request-id']!;
  if (!signed.ok) {
    const m = signed.authId === undefined ? undefined : gw.merchants.get(signed.authId);
    // a defect's response cache in front of the signature (its knob read only for a recorded twin; of
    // the two stores, per merchant or shared, V5-IDEM-03, one is empty)
    const seen = m && (m.requests.get(requestId) ?? gw.sharedRequests.get(requestId));
    if (
      seen &&
      seen.fingerprint === fingerprint(req, req.headers['x-action'] ?? '') &&
      gw.policy.idempotency.replaysUnsigned
    )
      return seen.reply; // V5-JWS-13
    const out = refusal(x, signed.code, { debug: refusalDebug(gw, req, signed) });
    if (m && gw.policy.idempotency.recordsRefused)
      m.requests.set(requestId, { fingerprint: fingerprint(req, req.headers['x-action'] ?? ''), reply: out });
    return out;
  }
  const m = signed.merchant;
  const op = operation(gw, req);
  if (op === undefined) return refusal(x, 1104);
  const fp = fingerprint(req, req.headers['x-action'] ?? '');
  const records = gw.policy.idempotency.perMerchant ? m.requests : gw.sharedRequests; // V5-IDEM-03
  // a create waits for check_url: a request under the same X-Request-Id meanwhile waits for its record
  const running = inflight(records);
  // (no await unless one is pending: the lookup, processing and its entry here stay one synchronous step)
  const prior = running.get(requestId);
  if (prior) await prior.catch(() => undefined);
  const seen = records.get(requestId);
  if (seen && seen.fingerprint === fp) {
    if (op === 'create' && gw.policy.callbacks.onReplay) replayResult(gw, m, req, seen.reply); // V5-CB-04
    if (gw.policy.idempotency.replayKeepsDatetime) return seen.reply; // V5-IDEM-01
    return { ...seen.reply, headers: { ...seen.reply.headers, ...pick(replyHeaders(x, 'success'), 'x-datetime') } };
  }
  if (seen && gw.policy.idempotency.refuseReuse) return refusal(x, 1105); // V5-IDEM-02
  const work = process(x, m, op, req);
  running.set(requestId, work);
  try {
    const out = await work;
    records.set(requestId, { fingerprint: fp, reply: out });
    return out;
  } finally {
    if (running.get(requestId) === work) running.delete(requestId);
  }
}

const pending = new WeakMap<object, Map<string, Promise<Reply>>>();

/** The requests being processed per X-Request-Id record store. */
function inflight(records: object): Map<string, Promise<Reply>> {
  let m = pending.get(records);
  if (!m) pending.set(records, (m = new Map()));
  return m;
}

/** Only the defect of V5-CB-04: a replayed create's result_url called again. */
function replayResult(gw: Gw, m: MerchantStore, req: Incoming, reply: Recorded['reply']): void {
  const body = parseBody(req.raw);
  const id = (JSON.parse(reply.body.toString('utf8')) as { id?: string }).id;
  if (body && id !== undefined) sendResult(gw, m, body, m.payments.get(id));
}

/** A variant writes the reply header names in upper case. */
function headerCase(gw: Gw, out: Outgoing): Outgoing {
  if (gw.policy.replies.headerCase === 'lower') return out;
  return {
    ...out,
    headers: Object.fromEntries(Object.entries(out.headers ?? {}).map(([k, v]) => [k.toUpperCase(), v])),
  };
}

function pick(h: Record<string, string>, k: string): Record<string, string> {
  return h[k] === undefined ? {} : { [k]: h[k] };
}

export async function startGreenleavesV5Sandbox(opts: SandboxOptions = {}): Promise<SandboxHandle> {
  const creds = (opts.sdk ? sdkCredentials : credentials)('greenleaves-v5');
  const clock = opts.clock ?? new Clock();
  const { policy, defects, variants } = policyFor(
    DEFAULT_GREENLEAVES_V5_POLICY,
    GREENLEAVES_V5_DEFECTS,
    opts.defects,
    GREENLEAVES_V5_VARIANTS,
    opts.variants,
    opts.policyReads,
  );
  const merchants = new Map<string, MerchantStore>();
  for (const [authId, secret] of [
    [creds.authId, creds.secretKey],
    [creds.otherAuthId, creds.otherSecretKey],
  ] as const) {
    if (!merchants.has(authId)) merchants.set(authId, new MerchantStore(authId, secret, () => clock.now()));
  }
  const gw: Gw = {
    merchants,
    sharedRequests: new Map(),
    clock,
    policy,
    cards: loadCards(),
    newId: uuidv7Monotonic(() => clock.now()),
  };
  // Beyond the API itself only the create's callbacks (to loopback URLs): no clock-driven behaviour, no payer pages.
  const capabilities = [...GREENLEAVES_V5_CAPABILITIES];
  const ctl = control({ profile: 'greenleaves-v5', role: 'gateway', capabilities, defects, variants });
  const handler = async (req: Incoming): Promise<Outgoing> => {
    const c = await ctl(req);
    if (c) return c;
    const path = apiPath(gw, req.path);
    if (path !== undefined && PATHS.has(path)) return headerCase(gw, await api(gw, { ...req, path }));
    const x = exchange(gw, req.headers['x-request-id']);
    return {
      status: 404,
      headers: { ...replyHeaders(x, 'error'), 'content-type': 'text/plain; charset=utf-8' },
      body: `not found: the v5 g2g API is ${[...PATHS].join(', ')}`,
    };
  };
  const running = await serve(handler, { port: opts.port, host: opts.host });
  const handle = handleFrom(running, { profile: 'greenleaves-v5', role: 'gateway', capabilities, defects, variants });
  // a variant behind a path prefix: its base URL carries it (the control API stays at the origin)
  return { ...handle, url: `${handle.url}${policy.signature.prefix}` };
}

/** The API path of a request: the path after the variant's prefix (undefined when it lacks it). */
function apiPath(gw: Gw, path: string): string | undefined {
  const prefix = gw.policy.signature.prefix;
  if (prefix === '') return path;
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : undefined;
}
