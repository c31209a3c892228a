// A g2g reply that is not well-formed XML (a value written between its tags unescaped: "<=255") is the
// API's reply all the same, and the seed says replies are XML (GL-TX-02, MUST). Was: only gl.tx.encodings
// judged GL-TX-02, on its own requests; every other check turned such a reply into "the reply cannot be
// read" (inconclusive) and the run passed GL-TX-02 (probe17's Ruby gateway, BUG=xml_noescape). Now every
// gateway check judges it on each reply as it arrives, as GL-SIG-11: failed with the parser's reason, while
// the rules that needed the reply's content stay inconclusive. An edge's page (not HTTP 200, not XML by its
// type) is no API reply and is not judged.
import { checkThrough } from '../harness/judge-checks.ts';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { replyRewritingProxy, type ReplyContext } from '../harness/request-proxy.ts';
import { startReference } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';

let h: SandboxHandle;
let proxy: { url: string; close: () => void };
let rewrite: (body: string, ctx: ReplyContext) => string = (b) => b;

beforeAll(async () => {
  h = await startReference('greenleaves', 'gateway');
  proxy = await replyRewritingProxy(h.url, (body, ctx) =>
    ctx.url.startsWith('/__paycert') ? body : rewrite(body, ctx),
  );
});
afterAll(async () => {
  proxy?.close();
  await h?.close();
});

const decline = () => checkThrough('greenleaves', h, 'gl.flow.decline', proxy.url, 1);

/** the error replies' description with a bound pasted in unescaped, as the probe's gateway wrote it */
const unescaped = (b: string) => b.replace('</pg_error_description>', ' <=255</pg_error_description>');

test('an error reply that is not well-formed XML fails GL-TX-02 with the parser reason; its fields are not judged', async () => {
  rewrite = unescaped;
  const r = await decline();
  expect(r.failures.map((f) => f.rule)).toEqual(['GL-TX-02']);
  expect(r.failures[0]!.message).toMatch(
    /POST \/g2g\/payment: HTTP 200, not XML \(not well-formed XML: .*invalid name/,
  );
  expect(r.ruleOutcomes['GL-TX-02']).toBe('failed');
  // what the reply says cannot be read: the decline and the error reply's fields are undecided
  expect(r.ruleOutcomes['GL-PAY-04']).toBe('inconclusive');
  expect(r.ruleOutcomes['GL-ERR-02']).toBe('inconclusive');
});

test('the same replies as XML pass GL-TX-02 in the check', async () => {
  rewrite = (b) => b;
  const r = await decline();
  expect(r.failures).toEqual([]);
  expect(r.ruleOutcomes['GL-TX-02']).toBe('passed');
});

test("an edge's HTML 403 page in place of the error reply is not the API's reply: GL-TX-02 is not judged on it", async () => {
  rewrite = (b, ctx) => {
    if (!b.includes('<pg_status>error</pg_status>')) return b;
    ctx.status = 403;
    ctx.headers = { 'content-type': 'text/html' };
    return '<html><body><p>Request blocked<br></p></body></html>';
  };
  const r = await decline();
  expect(r.failures.map((f) => f.rule)).not.toContain('GL-TX-02');
  expect(r.ruleOutcomes['GL-TX-02']).not.toBe('failed');
});
