import { Agent, request, type Dispatcher } from 'undici';
import { encodeForm } from '../protocols/common/form.ts';
import type { Request, Response, Send } from '../sdk/transport.ts';
import { flatHeaders } from '../harness/http.ts';
import { readReplyBody } from '../protocols/common/reply.ts';
import { decodeBody } from '../protocols/common/charset.ts';

/** The reference adapter's HTTP: plain undici, no evidence (paycert records on the gateway side). */
export function plainSend(
  dispatcher: Dispatcher = new Agent({ connectTimeout: 5_000, keepAliveTimeout: 1_000 }),
): Send {
  return async (req: Request): Promise<Response> => {
    const headers: Record<string, string> = { ...(req.headers ?? {}) };
    let body = req.body;
    if (req.form) {
      body = encodeForm(req.form);
      headers['content-type'] ??= 'application/x-www-form-urlencoded; charset=utf-8';
    }
    const res = await request(req.url, {
      method: (req.method ?? (body === undefined ? 'GET' : 'POST')) as Dispatcher.HttpMethod,
      headers,
      body,
      dispatcher,
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
    });
    const buf = await readReplyBody(res);
    return {
      status: res.statusCode,
      headers: flatHeaders(res.headers),
      body: buf,
      text: decodeBody(buf, res.headers['content-type']).text,
    };
  };
}
