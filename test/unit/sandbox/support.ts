import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { encodeForm } from '../../../src/protocols/common/form.ts';
import type { Send } from '../../../src/sdk/transport.ts';

/** A plain HTTP client for the reference clients. */
export const send: Send = async (r) => {
  const body = r.form ? encodeForm(r.form) : r.body;
  const headers = { ...(r.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...r.headers };
  const res = await request(r.url, { method: (r.method ?? 'POST') as 'POST', headers, body });
  const bytes = new Uint8Array(await res.body.arrayBuffer());
  return {
    status: res.statusCode,
    headers: res.headers as Record<string, string>,
    body: bytes,
    text: Buffer.from(bytes).toString('utf8'),
  };
};

export interface Seen {
  fields: URLSearchParams;
  start: number;
  end: number;
}

/** A merchant that takes `delayMs` per call and answers `status(fields)`; records every call and
 *  the most calls it had open at once. */
export async function slowListener(delayMs: number, status: (f: URLSearchParams) => number) {
  const seen: Seen[] = [];
  let open = 0;
  let maxOpen = 0;
  const server = createServer((req: IncomingMessage, res) => {
    const start = performance.now();
    open++;
    maxOpen = Math.max(maxOpen, open);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const fields = new URLSearchParams(req.url!.includes('?') ? req.url!.slice(req.url!.indexOf('?') + 1) : '');
      // multipart bodies: pull name/value pairs out
      for (const m of text.matchAll(/name="([^"]+)"\r\n\r\n([^\r]*)\r\n/g)) fields.set(m[1]!, m[2]!);
      if (!text.includes('Content-Disposition')) for (const [k, v] of new URLSearchParams(text)) fields.set(k, v);
      setTimeout(() => {
        open--;
        seen.push({ fields, start, end: performance.now() });
        res.statusCode = status(fields);
        res.end('<?xml version="1.0" encoding="utf-8"?><response><pg_status>ok</pg_status></response>');
      }, delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    maxOpen: () => maxOpen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
