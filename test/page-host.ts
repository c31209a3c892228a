// A Jysan gateway whose payment pages live on a second host of its own (probe 18's prg-other-host; seed
// 002's requests go to jpay.jysanbank.kz while its test pages are on ecom.jysanbank.kz:8462): two
// loopback fronts (two ports, two origins) in front of a gateway. The target answers each HTML page of
// /ecom/api with a 303 to that page on the page host; the page host serves it, and passes anything
// else (the card form's POST) on to the gateway.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { startFront } from './front.ts';

export interface Seen {
  method: string;
  url: string;
  /** whether it carried an Authorization header */
  login: boolean;
}

export interface PageHost {
  target: string;
  pageHost: string;
  /** what reached each front */
  seen: { target: Seen[]; page: Seen[] };
  close: () => void;
}

/** `req` sent on to `upstream`: its status, headers (hop-by-hop ones left out) and whole body. */
async function fetchOn(upstream: string, req: IncomingMessage, body: Buffer) {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (typeof v === 'string' && !['host', 'connection', 'content-length', 'transfer-encoding'].includes(k))
      headers[k] = v;
  const r = await fetch(`${upstream}${req.url}`, {
    method: req.method,
    headers,
    body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
    redirect: 'manual',
  });
  const out: Record<string, string> = {};
  r.headers.forEach((v, k) => {
    if (!['connection', 'content-length', 'transfer-encoding', 'content-encoding'].includes(k)) out[k] = v;
  });
  return { status: r.status, headers: out, body: Buffer.from(await r.arrayBuffer()) };
}

export async function pageHostFronts(gateway: string): Promise<PageHost> {
  const seen: PageHost['seen'] = { target: [], page: [] };
  const pages = new Map<string, Awaited<ReturnType<typeof fetchOn>>>();
  const note = (to: Seen[], req: IncomingMessage) =>
    to.push({ method: req.method!, url: req.url!, login: req.headers.authorization !== undefined });
  const page = await startFront(async (req, body, res) => {
    note(seen.page, req);
    const token = /^\/ecom\/page\/([0-9a-f]+)$/.exec(req.url!)?.[1];
    const r = (token !== undefined && pages.get(token)) || (await fetchOn(gateway, req, body));
    res.writeHead(r.status, r.headers).end(r.body);
  });
  const target = await startFront(async (req, body, res) => {
    note(seen.target, req);
    const r = await fetchOn(gateway, req, body);
    const html = /text\/html/.test(r.headers['content-type'] ?? '') && [200, 400].includes(r.status);
    if (!req.url!.startsWith('/ecom/api') || !html) return void res.writeHead(r.status, r.headers).end(r.body);
    const token = randomBytes(8).toString('hex');
    pages.set(token, r);
    res.writeHead(303, { location: `${page.url}/ecom/page/${token}` }).end();
  });
  return {
    target: target.url,
    pageHost: page.url,
    seen,
    close: () => {
      target.close();
      page.close();
    },
  };
}
