import { randomBytes } from 'node:crypto';
import {
  buildXml,
  parseXml,
  salt,
  scriptName,
  sign,
  toForm,
  verify,
  verifyAnyOrder,
  XmlError,
  type PgMessage,
  type PgValue,
  type SignOptions,
} from '../protocols/greenleaves/index.ts';
import type { Response, Send } from './transport.ts';
import { encodeMultipart } from '../protocols/common/form.ts';
import { signatureBase as sigBase } from '../protocols/greenleaves/signature.ts';
import { redact, SECRET } from '../harness/redact.ts';

export interface GreenleavesReply {
  http: Response;
  /** parsed XML, or undefined when the body is not XML */
  message?: PgMessage;
  root?: string;
  parseError?: string;
  /** the body may be XML, but it goes past what paycert reads (nesting deeper than MAX_XML_DEPTH) */
  parseLimit?: boolean;
  /** pg_sig of the reply verifies with this script name and the secret */
  signedAs(script: string): boolean;
  field(name: string): string | undefined;
}

export type Encoding = 'form' | 'multipart' | 'xml';

/** Reference client of the Greenleavespay g2g API: signs, sends, reads and verifies replies. */
export class GreenleavesClient {
  constructor(
    private readonly send: Send,
    readonly baseUrl: string,
    readonly merchantId: string,
    readonly secret: string,
  ) {}

  url(path: string): string {
    return `${this.baseUrl.replace(/\/$/, '')}${path}`;
  }

  /** Add pg_merchant_id (first, unless present), pg_salt and pg_sig for the script of `path`. */
  signed(path: string, fields: PgMessage, opts: SignOptions & { script?: string; noSalt?: boolean } = {}): PgMessage {
    const m: PgMessage = 'pg_merchant_id' in fields ? { ...fields } : { pg_merchant_id: this.merchantId, ...fields };
    if (!('pg_salt' in m) && !opts.noSalt) m.pg_salt = salt();
    delete m.pg_sig;
    const script = opts.script ?? scriptName(path);
    m.pg_sig = sign(script, m, this.secret, opts);
    signings.set(m, { sig: m.pg_sig, script, opts });
    return m;
  }

  /** POST a message exactly as given (no signing), form-encoded, multipart or as pg_xml. */
  async post(
    path: string,
    message: PgMessage,
    encoding: Encoding = 'form',
    note?: string,
    headers: Record<string, string> = {},
    timeoutMs?: number,
  ): Promise<GreenleavesReply> {
    // evidence: the base string of the fields as sent, the one their pg_sig was made over (redacted by field
    // name), built only if the exchange is kept and read, from a copy (the caller may change its message)
    const signatureBase = typeof message.pg_sig === 'string' ? baseOf(path, message, this.secret) : undefined;
    const pairs =
      encoding === 'xml' ? ([['pg_xml', buildXml(message, 'request')]] as Array<[string, string]>) : toForm(message);
    let res: Response;
    if (encoding === 'multipart') {
      const boundary = `----paycert${randomBytes(8).toString('hex')}`;
      const body = encodeMultipart(pairs, boundary);
      res = await this.send({
        url: this.url(path),
        method: 'POST',
        headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
        body,
        note,
        signatureBase,
        timeoutMs,
      });
    } else {
      res = await this.send({
        url: this.url(path),
        method: 'POST',
        form: pairs,
        note,
        headers,
        signatureBase,
        timeoutMs,
      });
    }
    return readReply(res, this.secret);
  }

  /** Sign and POST. */
  async call(
    path: string,
    fields: PgMessage,
    opts: SignOptions & { script?: string; encoding?: Encoding; note?: string; timeoutMs?: number } = {},
  ): Promise<GreenleavesReply> {
    return this.post(path, this.signed(path, fields, opts), opts.encoding, opts.note, {}, opts.timeoutMs);
  }
}

/** How each message `signed` returned was signed (while it carries that pg_sig): a request signed with
 *  another script name or other options than its path's is recorded with the base it was signed over. */
const signings = new WeakMap<PgMessage, { sig: string; script: string; opts: SignOptions }>();

/** The wrong signers the checks imitate with `sign()` itself (GL-SIG-05, -09, -10): a pg_sig made one of
 *  these ways over the path's script is recorded with the base it was made over. */
const WRONG_SIGNERS: readonly SignOptions[] = [
  { skipEmpty: true },
  { order: 'folded' },
  { order: 'natural' },
  { order: 'wire' },
  { nestedAsEmpty: true },
];

/** The signature base of `m` as it is now, computed when first asked for: the base its pg_sig was made
 *  over (as `signed` made it; else the path's script, documented or a known wrong signer's; else the
 *  base the gateway verifies), written with the values redacted by field name as the exchanges' field
 *  lists show them (card number masked, CVC, expiry, name, encrypted card removed) and `[secret]`. */
export function baseOf(path: string, m: PgMessage, secret: string): () => string {
  const copy = snapshot(m) as PgMessage;
  const known = signings.get(m);
  return () => {
    const sig = typeof copy.pg_sig === 'string' ? copy.pg_sig : undefined;
    let script = scriptName(path);
    let opts: SignOptions = {};
    if (known && known.sig === sig) ({ script, opts } = known);
    else if (!verify(script, copy, secret, sig))
      opts = WRONG_SIGNERS.find((o) => verify(script, copy, secret, sig, o)) ?? {};
    return sigBase(script, redact(copy), SECRET, opts);
  };
}

/** A deep copy of a message's values, in order (no prototype: a field named __proto__ stays a field). */
function snapshot(v: PgValue): PgValue {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map(snapshot);
  const out = Object.create(null) as PgMessage;
  for (const k of Object.keys(v)) out[k] = snapshot(v[k]!);
  return out;
}

export function readReply(http: Response, secret: string): GreenleavesReply {
  let message: PgMessage | undefined;
  let root: string | undefined;
  let parseError: string | undefined;
  let parseLimit: boolean | undefined;
  try {
    ({ message, root } = parseXml(http.text));
  } catch (e) {
    parseError = e instanceof XmlError ? e.message : String(e);
    if (e instanceof XmlError && e.limit) parseLimit = true;
  }
  return {
    http,
    message,
    root,
    parseError,
    parseLimit,
    signedAs: (script) =>
      !!message &&
      verifyAnyOrder(script, message, secret, typeof message.pg_sig === 'string' ? message.pg_sig : undefined),
    field: (name) => (message && typeof message[name] === 'string' ? (message[name] as string) : undefined),
  };
}
