// A /g2g/payment reply that shows the full card number the request sent (pg_card_pan=4716047261941981)
// was not flagged: no rule spoke of the card number in the gateway's replies (probe17's Ruby gateway,
// BUG=reply_pan). The seed shows it only masked (pg_card_pan=5483-18XX-XXXX-0293). GL-PAY-12 (INFERRED)
// is judged on each reply as it arrives, in the checks that send a card number; a masked number passes.
import { checkThrough } from '../harness/judge-checks.ts';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { replyRewritingProxy } from '../harness/request-proxy.ts';
import { startReference } from '../../../src/harness/reference.ts';
import type { SandboxHandle } from '../../../src/reference/handle.ts';
import { buildXml, parseXml, scriptName, sign } from '../../../src/protocols/greenleaves/index.ts';
import { credentials } from '../../../src/spec/credentials.ts';

let h: SandboxHandle;
let proxy: { url: string; close: () => void };
let shown: (pan: string) => string = (pan) => pan;
/** the scripts whose replies show the card number the check sent last (else: the replies to it) */
let later: Set<string> | undefined;
let last: string | undefined;

/** the /g2g/payment reply with the request's pg_card_pan added as `shown` writes it, signed again; with
 *  `later`, the replies of those scripts with the number sent last instead */
function withPan(body: string, url: string, sent: Buffer): string {
  const own = /(?:^|&)pg_card_pan=([0-9]+)/.exec(sent.toString())?.[1];
  last = own ?? last;
  const pan = later ? (later.has(scriptName(new URL(url, 'http://x').pathname)) ? last : undefined) : own;
  if (!pan || !body.includes('<pg_sig>')) return body;
  const { root, message } = parseXml(body);
  const { pg_sig: _old, ...rest } = message;
  rest.pg_card_pan = shown(pan);
  const script = scriptName(new URL(url, 'http://x').pathname);
  return buildXml({ ...rest, pg_sig: sign(script, rest, credentials('greenleaves').secretKey) }, root);
}

beforeAll(async () => {
  h = await startReference('greenleaves', 'gateway');
  proxy = await replyRewritingProxy(h.url, (body, { url, sent }) =>
    url.startsWith('/__paycert') ? body : withPan(body, url, sent),
  );
});
afterAll(async () => {
  proxy?.close();
  await h?.close();
});

const oneStep = () => checkThrough('greenleaves', h, 'gl.flow.one-step', proxy.url, 1);

test('the full card number in a /g2g/payment reply fails GL-PAY-12, and nothing else', async () => {
  shown = (pan) => pan;
  const r = await oneStep();
  expect(r.failures.map((f) => f.rule)).toEqual(['GL-PAY-12']);
  expect(r.failures[0]!.message).toMatch(
    /POST \/g2g\/payment: the reply shows the full card number sent \(pg_card_pan\)/,
  );
});

// probe18's PHP gateway (BUG=pan-in-status) showed the card in full in the status_v2 reply, whose request
// carries no card number: GL-PAY-12 was judged on the replies to a request carrying one only, and passed
test.each([
  ['gl.flow.one-step', ['status_v2']],
  ['gl.flow.two-step', ['clearing']],
  ['gl.flow.refund', ['refund']],
  ['gl.flow.cancel', ['cancel']],
  ['gl.tx.classic', ['revoke.php', 'do_capture.php', 'get_status.php']],
] as const)('%s: the card number sent before, in full in a %s reply, fails GL-PAY-12', async (id, scripts) => {
  shown = (pan) => pan;
  later = new Set(scripts);
  try {
    const r = await checkThrough('greenleaves', h, id, proxy.url, 1);
    expect(r.ruleOutcomes['GL-PAY-12'], JSON.stringify(r.failures)).toBe('failed');
    expect(r.failures.find((f) => f.rule === 'GL-PAY-12')!.message).toMatch(
      /the reply shows in full the card number an earlier request of this check sent/,
    );
  } finally {
    later = undefined;
  }
});

test('the number masked as in the seed passes GL-PAY-12', async () => {
  shown = (pan) => `${pan.slice(0, 4)}-${pan.slice(4, 6)}XX-XXXX-${pan.slice(-4)}`;
  const r = await oneStep();
  expect(r.failures).toEqual([]);
  expect(r.ruleOutcomes['GL-PAY-12']).toBe('passed');
});
