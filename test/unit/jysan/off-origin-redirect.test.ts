// Probe 16: a proxy answering every request of the Jysan target with a 307 (or 302) to a host of its
// own. paycert's payer followed it: 240 signed payment forms (ORDER, AMOUNT, P_SIGN; 17 with the
// encrypted crd_pan / crd_exp / crd_cvc) were POSTed again to the stranger, whose answer was then
// judged as the gateway's (37 rules failed: "JY-SIG-04 … the payer redirected via http://192.0.2.2…").
// Here two loopback servers on different ports: the target redirects everything to the other, which
// must receive nothing at all, and no rule may fail on what the target never answered.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startReference } from '../../../src/harness/reference.ts';
import { checkThrough } from '../harness/judge-checks.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';

let h: SandboxHandle;
const servers: Server[] = [];
const stolen: Array<{ method: string; url: string; body: string }> = [];
let strangerUrl = '';
let target307 = '';
let target302 = '';

async function listen(s: Server): Promise<string> {
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

/** A target answering every request with a redirect of `status` to the stranger, keeping the path. */
const redirecting = (status: number) =>
  createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(status, { location: `${strangerUrl}/steal${req.url}` }).end());
  });

beforeAll(async () => {
  // the reference only serves the control API (the public key for crd_*): the target never forwards
  h = await startReference('jysan', 'gateway');
  strangerUrl = await listen(
    createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        stolen.push({ method: req.method!, url: req.url!, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'content-type': 'text/xml' }).end('<?xml version="1.0"?><response>ok</response>');
      });
    }),
  );
  target307 = await listen(redirecting(307));
  target302 = await listen(redirecting(302));
});

afterAll(async () => {
  for (const s of servers) s.close();
  await h?.close();
});

const run = (id: string, baseUrl: string) => checkThrough('jysan', h, id, baseUrl);

test.each([
  ['jy.sig.language', 307],
  ['jy.sig.tampered', 307],
  ['jy.flow.card-data', 307],
  ['jy.fields.width', 307],
  ['jy.sig.language', 302],
  ['jy.flow.card-data', 302],
])(
  '%s against a target redirecting with %i to another origin: nothing sent there, inconclusive naming it',
  async (id, status) => {
    stolen.length = 0;
    const r = await run(id, status === 307 ? target307 : target302);
    // nothing at all reached the other origin: no signed form, no card data, not even a GET
    expect(stolen.filter((x) => /P_SIGN|crd_/.test(x.body + x.url))).toEqual([]);
    expect(stolen).toEqual([]);
    const why = JSON.stringify(r.ruleReasons);
    expect(
      Object.entries(r.ruleOutcomes).filter(([, v]) => v === 'failed' || v === 'passed'),
      why,
    ).toEqual([]);
    expect(r.outcome, why).toBe('inconclusive');
    expect(r.reason).toMatch(
      new RegExp(
        `HTTP ${status}, a redirect to "${strangerUrl.replace(/[.]/g, '\\.')}/steal/ecom/api".*not followed: .*another origin`,
      ),
    );
  },
);

test('the XML operations answered with the redirect: no reply of the API (JY-PAY-17 inconclusive, not failed), nothing sent there', async () => {
  stolen.length = 0;
  const r = await run('jy.flow.routing', target307);
  expect(stolen).toEqual([]);
  expect(r.ruleOutcomes['JY-PAY-17'], r.reason).toBe('inconclusive');
  expect(r.reason).toMatch(/answered HTTP 307 to ".*\/steal\/ecom\/api": a redirect, not a reply of the API/);
});

// The card page's form is the one place card data is typed in: the scripted payer submits it only to the
// target's origin. The reference behind a reverse proxy on another port (the probe's set-up) writes its
// form action as a path, which the browser reads against the page's URL: the browser flow is paid there.
test('behind a reverse proxy: the card form posts to the target (a path), the browser flows are judged', async () => {
  const { requestRewritingProxy } = await import('../harness/request-proxy.ts');
  const p = await requestRewritingProxy(h.url, (_, body) => body);
  try {
    for (const id of ['jy.flow.browser', 'jy.3ds.browser']) {
      const r = await run(id, p.url);
      expect(r.outcome, `${id}: ${r.reason}`).toBe('passed');
    }
  } finally {
    p.close();
  }
});

// The result the reply sends on (a redirect, a link) is followed to BACKREF, the suite's listener, or on
// the target's own origin: a link to a third host is no result sent to BACKREF (JY-RED-04 fails on it,
// in its own terms), and nothing is sent there.
test('a refusal whose link to the result points at a third host: JY-RED-04 failed naming it, nothing sent there', async () => {
  const { replyRewritingProxy } = await import('../harness/request-proxy.ts');
  const p = await replyRewritingProxy(h.url, (body) =>
    body.replace(/(id="backref" href=")http:\/\/127\.0\.0\.1:[0-9]+/, `$1${strangerUrl}`),
  );
  stolen.length = 0;
  try {
    const r = await run('jy.flow.error-redirect', p.url);
    expect(stolen).toEqual([]);
    expect(r.ruleOutcomes['JY-RED-04'], r.reason).toBe('failed');
    expect(r.reason).toMatch(
      /the result goes to ".*", neither BACKREF \(the suite's listener, .*\) nor the target's own origin/,
    );
  } finally {
    p.close();
  }
});
