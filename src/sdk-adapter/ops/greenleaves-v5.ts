import { randomBytes, randomUUID } from 'node:crypto';
import { GreenleavesV5Client } from '../../sdk/greenleaves-v5.ts';
import {
  decodeProtectedHeader,
  g2gHeader,
  signDetachedRaw,
  signDetachedWith,
  type HmacAlg,
} from '../../protocols/greenleaves-v5/jws.ts';
import { callbackUri, signCallback, verifyCallback } from '../../protocols/greenleaves-v5/callbacks.ts';
import type { V5Operation } from '../../protocols/greenleaves-v5/endpoints.ts';
import { V5_OPERATIONS } from '../protocol.ts';
import { SDK_DEFAULT_POLICIES, type GreenleavesV5SdkPolicy } from '../policy.ts';
import { fail, obj, str, type Op as AnyOp, type OpContext as AnyContext } from './types.ts';

type Op = AnyOp<GreenleavesV5SdkPolicy>;
type OpContext = AnyContext<GreenleavesV5SdkPolicy>;

/** The fields of a create the defect drops-optional-fields keeps (from: its type and card). */
const BARE_CREATE = ['amount', 'currency', 'description', 'order_id', 'auto_clearing', 'from'];
/** The text fields the defect trims-strings trims. */
const TRIMMED = ['description', 'order_id', 'user_id'];

/** The body as PHP's http_build_query writes it: nested fields under bracketed names (from[card][pan]),
 *  booleans as 1 and 0 (the defect form-body). */
function formEncode(fields: Record<string, unknown>): string {
  const out = new URLSearchParams();
  const add = (v: unknown, name: string): void => {
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) add(x, name ? `${name}[${k}]` : k);
    else out.append(name, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  };
  add(fields, '');
  return out.toString();
}

/** 32 random hex digits in the 8-4-4-4-12 form, version nibble 0 (no UUID version): the defect random-hex-request-id. */
function randomHex(): string {
  const h = randomBytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-0${h.slice(13, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The value of `sent`'s header `name` (any case). */
const headerOf = (sent: { headers: Record<string, string> }, name: string): string | undefined =>
  Object.entries(sent.headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

/** `sent` with the header `name` (any case) replaced by `value`. */
function setHeader(sent: { headers: Record<string, string> }, name: string, value: string): void {
  sent.headers = Object.fromEntries(
    Object.entries(sent.headers).filter(([k]) => k.toLowerCase() !== name.toLowerCase()),
  );
  sent.headers[name] = value;
}

/** A lost reply (the connection closed after the request was written) is retried once with the
 *  same X-Request-Id, so the gateway answers the first request again instead of paying twice. */
async function call(ctx: OpContext, op: V5Operation, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { authId, secretKey } = ctx.credentials;
  const p = ctx.policy;
  const given = obj(input.body, 'input.body');
  const amount = given.amount;
  if (op === 'create' && p.minAmount !== null && typeof amount === 'number' && amount < p.minAmount)
    return fail('validation', `amount ${amount} is below ${p.minAmount}`); // V5-SDK-13
  let fields = given;
  if (p.amountInMinorUnits && typeof amount === 'number') fields = { ...fields, amount: Math.round(amount * 100) }; // V5-SDK-15
  if (p.amountAsString && typeof amount === 'number') fields = { ...fields, amount: amount.toFixed(2) }; // V5-SDK-12
  if (p.amountFromParts && typeof amount === 'number') fields = { ...fields, amount: sevenParts(amount) }; // V5-SDK-15
  if (p.amountCentsFloat && typeof amount === 'number') fields = { ...fields, amount: Math.round(amount * 100) * 0.01 }; // V5-SDK-15
  if (p.addsField !== null) fields = { ...fields, [p.addsField]: 'paycert-sdk/1' }; // V5-SDK-15
  if (p.descriptionMaxLength !== null && typeof fields.description === 'string')
    fields = { ...fields, description: [...fields.description].slice(0, p.descriptionMaxLength).join('') }; // V5-SDK-15
  if (p.editAmountWholeUnits && (op === 'clearing' || op === 'refund') && typeof amount === 'number')
    fields = { ...fields, amount: Math.trunc(amount) }; // V5-SDK-15
  if (p.editDropsAmount && (op === 'clearing' || op === 'refund'))
    fields = Object.fromEntries(Object.entries(fields).filter(([k]) => k !== 'amount')); // V5-SDK-15
  if (p.readDropsOrderId && op === 'status')
    fields = Object.fromEntries(Object.entries(fields).filter(([k]) => k !== 'order_id')); // V5-SDK-15
  const from = fields.from && typeof fields.from === 'object' ? (fields.from as Record<string, unknown>) : undefined;
  if (op === 'create' && p.dropsOptionalFields) {
    // V5-SDK-15
    fields = Object.fromEntries(Object.entries(fields).filter(([k]) => BARE_CREATE.includes(k)));
    if (from) fields.from = { type: from.type, card: from.card };
  }
  const recurrent = from?.recurrent as { lifetime?: unknown } | undefined;
  if (p.lifetimeAsString && from && typeof recurrent?.lifetime === 'number')
    fields = { ...fields, from: { ...from, recurrent: { ...recurrent, lifetime: String(recurrent.lifetime) } } }; // V5-SDK-12
  const card = from?.card as { name?: unknown } | undefined;
  if (p.cardNameUpper && typeof card?.name === 'string') {
    const f = fields.from as Record<string, unknown>; // V5-SDK-15
    fields = { ...fields, from: { ...f, card: { ...(f.card as object), name: card.name.toUpperCase() } } };
  }
  if (p.trimsStrings)
    // V5-SDK-15
    fields = Object.fromEntries(
      Object.entries(fields).map(([k, v]) => [k, TRIMMED.includes(k) && typeof v === 'string' ? v.trim() : v]),
    );
  let json = JSON.stringify(fields);
  if (p.amountSeventeenDigits && typeof fields.amount === 'number') {
    // V5-SDK-15: the key "amount" unescaped is a key (a string's quotes are escaped): the first is the body's
    const written = fields.amount.toPrecision(17);
    json = json.replace(/([{,])"amount":[^,}]+/, (_m, before: string) => `${before}"amount":${written}`);
  }
  // V5-SDK-16
  const text = p.bodyEncoding === 'form' ? formEncode(fields) : p.bodyEncoding === 'bom' ? `\ufeff${json}` : json;
  const body = Buffer.from(text, 'utf8');
  const client = new GreenleavesV5Client(ctx.send, ctx.gateway, authId!, secretKey!);
  const extra: Record<string, string> = {};
  if (p.contentType !== null) extra['Content-Type'] = p.contentType; // V5-SDK-04
  if (p.accept !== null) extra.Accept = p.accept; // V5-SDK-04
  if (p.secretHeader) extra['X-Secret'] = secretKey!;
  const sent = await client.request(op, body, { headers: extra, method: p.method }); // V5-SDK-17
  sent.path += p.pathSuffix; // V5-SDK-18
  if (p.headerUri !== null || p.headerAuthIdAsNumber || p.headerParams !== '' || p.pathSuffix !== '') {
    // V5-SDK-01 (uri), V5-SDK-14 (auth_id's type, params); the fields in the seed's order
    const header = {
      ...g2gHeader(p.headerUri ?? sent.path, authId!, 'HS256', p.method),
      ...(p.headerAuthIdAsNumber && { auth_id: Number(authId) }),
      params: p.headerParams,
    };
    setHeader(sent, 'X-JWS-Signature', await signDetachedWith(body, header, secretKey!));
  }
  if (p.attachedBody)
    // V5-SDK-21: the same MAC (over header.payload), the payload segment filled in
    setHeader(
      sent,
      'X-JWS-Signature',
      headerOf(sent, 'X-JWS-Signature')!.replace('..', `.${body.toString('base64url')}.`),
    );
  if (op === 'status' && p.readAction !== null) setHeader(sent, 'X-Action', p.readAction); // V5-SDK-11
  const setId = (id: string) => setHeader(sent, 'X-Request-Id', id);
  // V5-SDK-02
  let inFlight = inFlights.get(p);
  if (!inFlight) inFlights.set(p, (inFlight = { n: 0 }));
  if (p.sharedInFlightRequestId) setId((inFlight.id ??= randomUUID()));
  else if (!p.freshRequestId) setId('00000000-0000-4000-8000-000000000000');
  else setId(p.randomHexRequestId ? randomHex() : randomUUID());
  inFlight.n++;
  // the variants that read the payment: a request of its own (payment.read), as an SDK's caller would make it
  const read = (body: Record<string, unknown>) => call(ctx, 'status', { body });
  const orderId = given.order_id;
  const recover =
    op === 'create' && p.readsAfterLostReply && typeof orderId === 'string'
      ? () => read({ order_id: orderId })
      : undefined;
  let out: Record<string, unknown>;
  try {
    out = await sendAndRead(client, sent, setId, p, op, recover);
  } finally {
    if (--inFlight.n === 0) inFlight.id = undefined;
  }
  const id = (out.body as { id?: unknown } | undefined)?.id;
  if (op === 'create' && p.readsBackAfterCreate && typeof id === 'string') return read({ id }).catch(() => out);
  if (op === 'create' && p.echoesRequest) return { ...out, request: fields }; // V5-SDK-22
  return out;
}

/** The defect in-flight-request-id's shared state (unused otherwise), per policy: one adapter
 *  process may serve several defect sets (a request's `defects`), whose requests must not keep
 *  each other's id alive. */
const inFlights = new WeakMap<object, { n: number; id?: string }>();

async function sendAndRead(
  client: GreenleavesV5Client,
  sent: Parameters<GreenleavesV5Client['send']>[0],
  setId: (id: string) => void,
  p: GreenleavesV5SdkPolicy,
  op: V5Operation,
  /** what a lost reply is answered with instead of a resend (readsAfterLostReply) */
  recover?: () => Promise<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  const edit = op === 'clearing' || op === 'refund' || op === 'reverse';
  let reply;
  try {
    reply = await client.send(sent);
  } catch {
    if (recover) return recover();
    if (!p.retryKeepsRequestId || (edit && !p.editRetryKeepsRequestId)) setId(randomUUID()); // V5-SDK-03
    if (p.retryReencodes) {
      // V5-SDK-03: the request built again, its body indented and signed again (the same JWS header)
      sent.body = Buffer.from(JSON.stringify(JSON.parse(Buffer.from(sent.body).toString('utf8')), null, 2));
      const d = decodeProtectedHeader(headerOf(sent, 'X-JWS-Signature') ?? '');
      if (d.ok) setHeader(sent, 'X-JWS-Signature', signDetachedRaw(d.headerText, sent.body, client.secret));
    }
    try {
      reply = await client.send(sent);
    } catch (e) {
      return fail('transport', (e as Error).message);
    }
  }
  if (reply.http.status >= 500 && p.serverErrorResend !== 'none') {
    // an HTTP 5xx leaves the outcome unknown: resent once, as it was (a variant) or as a new request (V5-SDK-03)
    if (p.serverErrorResend === 'new-id') setId(randomUUID());
    try {
      reply = await client.send(sent);
    } catch (e) {
      return fail('transport', (e as Error).message);
    }
  }
  // V5-SDK-20 (probe 25's Go SDK: `auth <id>:<secret>` in a 5xx error, after its resend got the 5xx again)
  if (p.secretInServerErrors && reply.http.status >= 500)
    return fail('transport', `the gateway answered HTTP ${reply.http.status} (key ${client.secret})`);
  if (p.serverErrorAsSuccess && reply.http.status >= 500)
    return { body: (reply.json as Record<string, unknown>) ?? {} }; // V5-SDK-05
  if (p.requiresReplySignature && !reply.http.headers['x-jws-signature'])
    return fail('signature', 'the reply carries no X-JWS-Signature'); // V5-SDK-10
  if (reply.error && !p.errorAsSuccess)
    // V5-SDK-05, V5-SDK-19
    return fail(
      'rejected',
      reply.error.message?.en ?? reply.error.name ?? 'refused',
      p.errorCodeFromStatus
        ? String(reply.http.status)
        : reply.error.code === undefined
          ? undefined
          : String(reply.error.code),
    );
  if (reply.http.status >= 400 && !p.errorAsSuccess) return fail('rejected', `HTTP ${reply.http.status}`);
  if (reply.json === undefined) return fail('transport', `the reply is not JSON (HTTP ${reply.http.status})`);
  return { body: reply.json as Record<string, unknown> };
}

type CallbackPolicy = GreenleavesV5SdkPolicy['callback'];
const SOUND: CallbackPolicy = SDK_DEFAULT_POLICIES['greenleaves-v5'].callback;

/** The defects' verifier (the sound one is verifyCallback): each knob of the policy weakens one step. */
function weakVerify(
  p: CallbackPolicy,
  token: string | undefined,
  body: Buffer,
  path: string,
  authId: string,
  secret: string,
) {
  if (!token) return false;
  // cutShortCompare reads the signature as text, never decoded (PHP's strncmp over the given string)
  const sig = token.slice(token.lastIndexOf('.') + 1);
  const d = decodeProtectedHeader(p.cutShortCompare ? token.slice(0, token.length - sig.length) : token);
  if (!d.ok) return false;
  const h = d.header;
  if (h.alg === 'none' && p.acceptsAlgNone) return true; // V5-SDK-08, V5-SDK-09
  const headerAlg = p.algFromHeader && (['HS256', 'HS384', 'HS512'] as unknown[]).includes(h.alg);
  const hs256 = h.alg === 'HS256' || (p.algCaseInsensitive && String(h.alg).toUpperCase() === 'HS256'); // V5-SDK-09
  if (!hs256 && !p.ignoresAlg && !headerAlg) return false; // V5-SDK-09
  if ((p.checksUri && h.uri !== path) || h.auth_id !== authId || h.method !== 'POST') return false; // V5-SDK-08
  const attached = p.attachedPayload && d.segments.payload !== '';
  const signed = attached ? Buffer.from(d.segments.payload, 'base64url') : body; // V5-SDK-08
  const alg = headerAlg ? (h.alg as HmacAlg) : 'HS256'; // V5-SDK-09
  const want = signDetachedRaw(d.headerText, signed, secret, alg).split('..')[1]!;
  const got = d.segments.signature;
  if (p.caseInsensitiveCompare) return want.toLowerCase() === got.toLowerCase(); // V5-SDK-08
  if (p.cutShortCompare) return sig !== '' && want.startsWith(sig); // V5-SDK-08
  return p.prefixCompare ? want.startsWith(got.slice(0, 8)) : want === got; // V5-SDK-08
}

/** The merchant side: the SDK's check_url / result_url handler. It verifies X-JWS-Signature over the
 *  body bytes received, bound to the path called, and answers {"status": "ok"} or "error". */
const handleCallback: Op = async (ctx, input) => {
  const req = obj(input.request, 'input.request');
  const url = str(req.url, 'request.url');
  const headers = obj(req.headers ?? {}, 'request.headers') as Record<string, string>;
  const token = Object.entries(headers).find(([k]) => k.toLowerCase() === 'x-jws-signature')?.[1];
  const text = str(req.body ?? '', 'request.body');
  const p = ctx.policy.callback;
  let body = Buffer.from(text, 'utf8');
  if (!p.rawBody) {
    try {
      body = Buffer.from(JSON.stringify(JSON.parse(text)), 'utf8'); // V5-SDK-07
    } catch {
      /* not JSON: verified as received */
    }
  }
  const { authId, secretKey } = ctx.credentials;
  const path = callbackUri(url);
  const sound = Object.entries(SOUND).every(([k, v]) => p[k as keyof CallbackPolicy] === v);
  const genuine = !p.verifySignature
    ? true // V5-SDK-08
    : sound
      ? (await verifyCallback(token, body, path, authId!, secretKey!)).ok
      : weakVerify(p, token, body, path, authId!, secretKey!);
  // V5-SDK-23: the MAC the body should have had, for the called URL
  const expected = async () => (await signCallback(body, url, authId!, secretKey!)).split('..')[1];
  const answer = genuine
    ? { status: 'ok', description: 'accepted' }
    : {
        status: 'error',
        description: p.refusalShowsExpected ? `signature mismatch (expected ${await expected()})` : 'invalid signature',
      };
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(answer),
    accepted: genuine,
  };
};

export const OPS: Record<string, Op> = {
  ...Object.fromEntries(
    Object.entries(V5_OPERATIONS).map(([name, op]): [string, Op] => [
      name,
      (ctx, input) =>
        ctx.policy.unsupported.includes(name) ? fail('unsupported', `this SDK has no ${name}`) : call(ctx, op, input),
    ]),
  ),
  'callback.handle': handleCallback,
};

/** An amount rebuilt from seven equal parts in float arithmetic: another number for most amounts. */
function sevenParts(amount: number): number {
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += amount / 7;
  return sum;
}
