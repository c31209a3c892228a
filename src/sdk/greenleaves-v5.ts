import { JsonTooDeep } from '../protocols/common/json-depth.ts';
import { readJson, type DuplicateName } from '../protocols/common/json-names.ts';
import {
  H,
  V5_ACTIONS,
  header,
  requestHeaders,
  signDetached,
  signedUri,
  g2gHeader,
  toBytes,
  type Bytes,
  type HmacAlg,
  type V5Operation,
} from '../protocols/greenleaves-v5/index.ts';
import type { Response, Send } from './transport.ts';

/** The payment object of a 200 reply (specs/greenleaves-v5/schemas/payment.schema.json). */
export interface V5Payment {
  id: string;
  order_id: string;
  status: 'authorized' | 'cleared' | 'declined' | 'reversed' | 'partially_refunded' | 'refunded';
  amount: number;
  currency: string;
  description?: string;
  user_id?: string;
  auto_clearing: boolean;
  cleared_amount: number;
  refunded_amount: number;
  masked_pan: string;
  card_token?: string;
  recurrent?: { token: string; lifetime: number; expires_at: string };
  decline?: { code: number; name: string; message: { en: string; ru: string } };
  /** the transaction history (V5-OBJ-01/02) */
  operations?: Array<{ type: string; amount: number; status: string; at: string }>;
  created_at: string;
  updated_at: string;
}

/** The error object of a refusal (error.schema.json). */
export interface V5Error {
  code: number;
  name: string;
  message: { en: string; ru: string };
  violations?: Array<{ field: string; kind: string; code: number }>;
}

/** What was put on the wire. */
export interface V5Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface V5Reply {
  http: Response;
  sent: V5Sent;
  /** the body parsed as JSON, when it is JSON */
  json?: unknown;
  parseError?: string;
  /** the body may be JSON, but it goes past what paycert reads (nesting deeper than MAX_JSON_DEPTH) */
  parseLimit?: boolean;
  /** names an object of the body carries more than once (RFC 8259 §4: "unpredictable"). When the
   *  copies of one differ (`ambiguous`), which value the gateway means cannot be told, and the body's
   *  values are not read: `json`, `error` and `payment` stay unset */
  duplicates?: DuplicateName[];
  requestId?: string;
  datetime?: string;
  requestStatus?: string;
  /** body.error, when the body carries one */
  error?: V5Error;
  /** the body, when the reply is a 2xx JSON object without an error */
  payment?: V5Payment;
}

export interface CallOptions {
  requestId?: string;
  acceptLanguage?: string;
  alg?: HmacAlg;
  /** the HTTP method, sent and signed in the protected header (default POST, the only documented one) */
  method?: string;
  /** headers to add or replace after signing (an undefined value removes the header) */
  headers?: Record<string, string | undefined>;
  note?: string;
}

/** A body as the bytes that are signed and sent: an object is compact JSON (JSON.stringify). */
export function bodyBytes(body: object | Bytes): Uint8Array {
  if (typeof body === 'string' || body instanceof Uint8Array) return toBytes(body);
  return toBytes(JSON.stringify(body));
}

/** Reference client of the Greenleavespay v5 g2g API: builds the headers, signs the exact body
 *  bytes it sends (detached JWS, HS256), sends them unchanged and parses the reply. */
export class GreenleavesV5Client {
  constructor(
    private readonly transport: Send,
    readonly baseUrl: string,
    readonly authId: string,
    readonly secret: string,
    /** the path prefix the JWS header's uri carries ("" : the API path; see signedUri) */
    readonly uriPrefix = '',
  ) {}

  url(path: string): string {
    return `${this.baseUrl.replace(/\/$/, '')}${path}`;
  }

  /** The uri a request to the API path `path` is signed for. */
  uri(path: string): string {
    return signedUri(path, this.uriPrefix);
  }

  /** The X-JWS-Signature of `body` for a request to `uri` (POST unless told otherwise). */
  sign(uri: string, body: object | Bytes, alg: HmacAlg = 'HS256', method = 'POST'): Promise<string> {
    return signDetached(bodyBytes(body), g2gHeader(uri, this.authId, alg, method), this.secret);
  }

  /** Build the complete signed request of an operation, without sending it. */
  async request(op: V5Operation, body: object | Bytes, opts: CallOptions = {}): Promise<V5Sent> {
    const spec = V5_ACTIONS[op];
    const bytes = bodyBytes(body);
    const headers = requestHeaders({
      action: spec.action,
      signature: await this.sign(this.uri(spec.path), bytes, opts.alg, opts.method),
      ...(opts.requestId !== undefined && { requestId: opts.requestId }),
      ...(opts.acceptLanguage !== undefined && { acceptLanguage: opts.acceptLanguage }),
    });
    return { method: opts.method ?? 'POST', path: spec.path, headers: withHeaders(headers, opts.headers), body: bytes };
  }

  /** Sign and send an operation. */
  async call(op: V5Operation, body: object | Bytes, opts: CallOptions = {}): Promise<V5Reply> {
    return this.send(await this.request(op, body, opts), opts.note);
  }

  /** Send a request exactly as given (the bytes are not touched). */
  async send(req: V5Sent, note?: string): Promise<V5Reply> {
    const http = await this.transport({
      url: this.url(req.path),
      method: req.method,
      headers: req.headers,
      ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body: req.body }),
      note,
    });
    return readReply(http, req);
  }
}

function withHeaders(
  base: Record<string, string>,
  extra: Record<string, string | undefined> = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  const drop = new Set(Object.keys(extra).map((k) => k.toLowerCase()));
  for (const [k, v] of Object.entries(base)) if (!drop.has(k.toLowerCase())) out[k] = v;
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) out[k] = v;
  return out;
}

export function readReply(http: Response, sent: V5Sent): V5Reply {
  const out: V5Reply = {
    http,
    sent,
    requestId: header(http.headers, H.requestId),
    datetime: header(http.headers, H.datetime),
    requestStatus: header(http.headers, H.requestStatus),
  };
  try {
    const read = readJson(http.text);
    if (read.duplicates.length > 0) out.duplicates = read.duplicates;
    if (ambiguous(out)) return out;
    out.json = read.value;
  } catch (e) {
    out.parseError = (e as Error).message;
    if (e instanceof JsonTooDeep) out.parseLimit = true;
    return out;
  }
  const body = out.json;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const err = (body as { error?: unknown }).error;
    if (err && typeof err === 'object' && Object.keys(err).length > 0 && !ownError(body, out.requestStatus))
      out.error = err as V5Error;
    else if (http.status >= 200 && http.status < 300)
      out.payment = objectOf(body as Record<string, unknown>) as unknown as V5Payment;
  }
  return out;
}

/** The reply's body names a member twice with different values: its values are not read (readReply). */
export const ambiguous = (r: Pick<V5Reply, 'duplicates'>): boolean => !!r.duplicates?.some((d) => d.differ);

/** The words of a refusal in a status field or X-Request-Status (seed 000 names none). */
export const ERROR_STATUS = /^(error|fail|failed|failure|rejected|refused)$/i;

/** Whether a body's error member is its payment's own (why a payment was declined: {"id", "status":
 *  "failed", "error": {…}}) rather than the refusal of the request: the body names an object with a
 *  status, and X-Request-Status says the request was processed (present and no error word). */
export function ownError(body: object, requestStatus: string | undefined): boolean {
  const b = body as Record<string, unknown>;
  return (
    typeof b.id === 'string' &&
    typeof b.status === 'string' &&
    requestStatus !== undefined &&
    requestStatus !== '' &&
    !ERROR_STATUS.test(requestStatus)
  );
}

/** Members a gateway may wrap the object in ({"status":"success","data":{…}}): seed 000 documents no
 *  reply body, and such envelopes are common. */
const ENVELOPES = ['data', 'payment', 'result', 'object'];

const names = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v) && ('id' in v || 'order_id' in v);

/** The object a 2xx reply carries: the body itself when it names one (id, order_id), else the one
 *  envelope member that does, else the body. */
function objectOf(body: Record<string, unknown>): Record<string, unknown> {
  if (names(body)) return body;
  const wrapped = ENVELOPES.map((k) => body[k]).filter(names);
  return wrapped.length === 1 ? wrapped[0]! : body;
}
