import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as TlsAgent, request as httpsRequest } from 'node:https';
import { encodeForm } from '../protocols/common/form.ts';
import type { Request, Response, Send } from '../sdk/transport.ts';
import { flatHeaders } from '../protocols/common/headers.ts';
import { readReplyBody } from '../protocols/common/reply.ts';
import { decodeBody } from '../protocols/common/charset.ts';

/** How long a request may go without a byte either way (undici's headers and body timeouts were 30 s). */
const IDLE_MS = 30_000;

/** A request's method: as given, else POST when it carries a body or a form, else GET. */
const methodOf = (req: Request): string => req.method ?? (req.body === undefined && !req.form ? 'GET' : 'POST');

/** The reference adapter's HTTP: node:http, no evidence (paycert records on the gateway side). Not
 *  undici: the adapter is started once per SDK run and per SDK defect, and undici's index (with node's
 *  own bundled undici, which it reaches through the global Headers) cost ~0.25 CPU-s of each start;
 *  per request the two cost alike. Keep-alive sockets idle for a second are closed (as the undici
 *  Agent's keepAliveTimeout was): each check's recording gateway is a new server. */
export function plainSend(
  agent: Agent = new Agent({ keepAlive: true, timeout: 1_000 }),
  /** an https gateway's (paycert run --sdk-tls): its CA (the request's `ca`, PEM), and `unverified`, the
   *  defect tls-unverified: any certificate is taken (rejectUnauthorized off, as an SDK "for testing") */
  tls: { ca?: string; unverified?: boolean } = {},
): Send {
  const secure = new TlsAgent({
    keepAlive: true,
    timeout: 1_000,
    ...(tls.ca !== undefined && { ca: tls.ca }),
    rejectUnauthorized: tls.unverified !== true,
  });
  return (req: Request): Promise<Response> => {
    const headers: Record<string, string> = { ...(req.headers ?? {}) };
    let body = req.body;
    if (req.form) {
      body = encodeForm(req.form);
      headers['content-type'] ??= 'application/x-www-form-urlencoded; charset=utf-8';
    }
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    return new Promise<Response>((resolve, reject) => {
      const https = /^https:/i.test(req.url);
      const r = (https ? httpsRequest : httpRequest)(
        req.url,
        { method: methodOf(req), headers, agent: https ? secure : agent, timeout: IDLE_MS },
        (res: IncomingMessage) => {
          // headersDistinct: every field as a list, as undici gave repeated ones (node's `headers`
          // keeps only the first of a repeated Content-Type)
          const fields = res.headersDistinct;
          readReplyBody({ headers: fields, body: res }).then(
            (buf) =>
              resolve({
                status: res.statusCode ?? 0,
                headers: flatHeaders(fields),
                body: buf,
                text: decodeBody(buf, fields['content-type']).text,
              }),
            reject,
          );
        },
      );
      r.on('timeout', () => r.destroy(new Error(`no data for ${IDLE_MS / 1000} s`)));
      r.on('error', reject);
      r.end(body);
    });
  };
}

/** `send` with every POST sent twice, byte for byte, and the second reply answered (the policy knob
 *  sendsEveryPostTwice: a proxy or HTTP client that retries every POST). A first attempt that fails
 *  fails the call. */
export function twice(send: Send): Send {
  return async (req) => {
    if (methodOf(req) !== 'POST') return send(req);
    await send(req);
    return send(req);
  };
}
