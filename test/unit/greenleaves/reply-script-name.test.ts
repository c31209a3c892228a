// The script name a reply is signed with is GL-SIG-12's (INFERRED, digest open question 4); the merchant's
// secret is GL-SIG-11's (MUST). Was: a reply signed with "payment_page.php" or "PAYMENT_PAGE" failed
// GL-SIG-11, "pg_sig does not verify with the merchant's secret", while one signed with "response" warned
// on GL-SIG-12 only. A gateway that does not serve /g2g/payment_page had GL-SIG-11, GL-TX-02 (and with an
// XML 404 GL-SIG-02/05/08, GL-TX-01, GL-ERR-02) failed on its 404, though the broken rule is GL-PAGE-01.
// The crafted subjects: the reference behind a proxy re-signing its replies, or answering 404 for the page.
import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import { referenceBehindProxies, replyRewritingProxy, type ReplyContext } from '../harness/request-proxy.ts';
import { subjectOf } from '../../../src/harness/reference.ts';
import { buildXml, parseXml, scriptName, sign } from '../../../src/protocols/greenleaves/index.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { judgeChecks } from '../harness/judge-checks.ts';
import { replyScripts } from '../../../suites/greenleaves/reply-script.ts';

const ref = referenceBehindProxies('greenleaves');

/** The reference behind a proxy that rewrites each reply with `rewrite` (the request's path given). */
async function subject(rewrite: (body: string, path: string, ctx: ReplyContext) => string) {
  const p = await replyRewritingProxy(ref.handle.url, (body, ctx) =>
    rewrite(body, new URL(ctx.url, 'http://x').pathname, ctx),
  );
  ref.keep(p);
  return { ...subjectOf(ref.handle, 'gateway'), baseUrl: p.url };
}

/** Every signed API reply signed again with the script name `name(path)`. */
const resigned = (name: (path: string) => string) =>
  subject((body, path) => {
    if (!path.startsWith('/g2g/') || !body.includes('<pg_sig>')) return body;
    const { root, message } = parseXml(body);
    return buildXml({ ...message, pg_sig: sign(name(path), message, credentials('greenleaves').secretKey) }, root);
  });

test.each([
  ['the file name with ".php"', (p: string) => `${scriptName(p)}.php`],
  ['the script name in upper case', (p: string) => scriptName(p).toUpperCase()],
  ['"response"', () => 'response'],
])('replies signed with %s warn on GL-SIG-12 and pass GL-SIG-11', async (_, name) => {
  const { results, shown } = await judgeChecks('greenleaves', ['gl.sig.replies-signed'], await resigned(name));
  const r = results[0]!;
  expect(r.ruleOutcomes['GL-SIG-12'], shown).toBe('failed');
  for (const id of ['GL-SIG-11', 'GL-SIG-14', 'GL-SIG-15', 'GL-SIG-07'])
    expect(r.ruleOutcomes[id], shown).toBe('passed');
  expect(r.reason).toMatch(/pg_sig verifies with the script name ".+", not with "payment_page"/);
});

// The probe's gl-script-name: every reply signed with "g2g/<script>". gl.sig.replies-signed failed GL-SIG-12
// only, but gl.rec.signature failed GL-SIG-11 (MUST) "pg_sig does not verify with the merchant's secret" on
// the recurrent and the card list replies: it passed the bare names "recurrent" and "list" to
// replySignedWith, which takes the called path, so the path forms of the name were never tried.
test('replies signed with "g2g/<script>" (the card list\'s too) warn on GL-SIG-12 and pass GL-SIG-11 in every check', async () => {
  const s = await subject((body, path) => {
    if (path.startsWith('/__paycert') || !body.includes('<pg_sig>')) return body;
    const { root, message } = parseXml(body);
    const name = `g2g/${scriptName(path)}`;
    return buildXml({ ...message, pg_sig: sign(name, message, credentials('greenleaves').secretKey) }, root);
  });
  const { results, shown } = await judgeChecks('greenleaves', ['gl.sig.replies-signed', 'gl.rec.signature'], s);
  for (const r of results) {
    expect(r.ruleOutcomes['GL-SIG-12'], `${r.id}: ${shown}`).toBe('failed');
    expect(r.ruleOutcomes['GL-SIG-11'], `${r.id}: ${shown}`).toBe('passed');
  }
  const rec = results.find((r) => r.id === 'gl.rec.signature')!;
  expect(rec.reason, shown).toMatch(
    /the recurrent reply: pg_sig verifies with the script name "g2g\/recurrent", not with "recurrent"/,
  );
});

test('the names tried are those of the path called: its tails and its name under "g2g/"; a bare name is refused', () => {
  const names = replyScripts('/v1/merchant/123456/cardstorage/list');
  expect(names[0]).toBe('list');
  for (const n of [
    'cardstorage/list',
    '/cardstorage/list',
    'g2g/list',
    '/g2g/list',
    '/v1/merchant/123456/cardstorage/list',
  ])
    expect(names).toContain(n);
  expect(replyScripts('/g2g/recurrent')).toContain('g2g/recurrent');
  // gl.rec.signature once passed "recurrent": no path form was tried
  expect(() => replyScripts('recurrent')).toThrow(/takes the path called/);
});

test('replies signed with a name no merchant can guess fail GL-SIG-11, and leave GL-SIG-12 inconclusive', async () => {
  // none of the names paycert tries verifies, on any reply: they cannot be verified, and their name cannot be told
  const { results, shown } = await judgeChecks('greenleaves', ['gl.sig.replies-signed'], await resigned(() => 'gw-x'));
  const r = results[0]!;
  expect(r.ruleOutcomes['GL-SIG-11'], shown).toBe('failed');
  // was "skipped: never reached an assertion" (the probe's reply_sig_no_salt): the name cannot be told
  expect(r.ruleOutcomes['GL-SIG-12'], shown).toBe('inconclusive');
  expect(r.reason).toMatch(
    /POST \/g2g\/payment_page, success reply: pg_sig does not verify with the merchant's secret under any of the \d+ script names paycert tries \("payment_page" among them\), nor did any reply of this check before it/,
  );
});

// The probe's gl-unsorted: replies signed over their values in document order. GL-SIG-11 fails (no merchant
// can verify them), and the case of their pg_sig (GL-SIG-07) shows all the same: it was "skipped: never reached
// an assertion", judged only on a pg_sig that verified.
test.each([
  ['lowercase', 'passed', (x: string) => x],
  ['uppercase', 'failed', (x: string) => x.toUpperCase()],
])(
  'replies signed over their values in document order, pg_sig in %s: GL-SIG-11 fails, GL-SIG-07 is judged',
  async (_, want, hex) => {
    const s = await subject((body, path) => {
      if (path.startsWith('/__paycert') || !body.includes('<pg_sig>')) return body;
      const { root, message } = parseXml(body);
      const { pg_sig: _old, ...rest } = message;
      const values = Object.values(rest).map(String); // flat replies: the reference's are
      const base = [scriptName(path), ...values, credentials('greenleaves').secretKey].join(';');
      return buildXml({ ...rest, pg_sig: hex(createHash('md5').update(base, 'utf8').digest('hex')) }, root);
    });
    const { results, shown } = await judgeChecks('greenleaves', ['gl.sig.replies-signed'], s);
    const r = results[0]!;
    expect(r.ruleOutcomes['GL-SIG-11'], shown).toBe('failed');
    expect(r.ruleOutcomes['GL-SIG-07'], shown).toBe(want);
    if (want === 'failed') expect(r.reason, shown).toMatch(/success reply: pg_sig "[0-9A-F]{32}" is not lowercase hex/);
  },
);

test('a reply that verifies under no name beside one that verifies fails GL-SIG-11, not GL-SIG-12', async () => {
  // the card payment's reply alone signed with another secret: the others show the secret and name right
  const s = await subject((body, path) => {
    if (path !== '/g2g/payment' || !body.includes('<pg_sig>')) return body;
    const { root, message } = parseXml(body);
    return buildXml({ ...message, pg_sig: sign('payment', message, 'another-secret') }, root);
  });
  const { results, shown } = await judgeChecks('greenleaves', ['gl.sig.replies-signed'], s);
  const r = results[0]!;
  expect(r.ruleOutcomes['GL-SIG-11'], shown).toBe('failed');
  expect(r.ruleOutcomes['GL-SIG-12'], shown).toBe('passed');
  expect(r.reason).toMatch(
    /POST \/g2g\/payment, card payment reply: .* while the reply to POST \/g2g\/payment_page, success reply verified \(with "payment_page"\): the secret is right/,
  );
});

/** The reference with /g2g/payment_page not served: a plain-text 404, or an unsigned XML one. */
const withoutPage = (xml: boolean) =>
  subject((body, path, ctx) => {
    if (path !== '/g2g/payment_page') return body;
    ctx.status = 404;
    ctx.headers['content-type'] = xml ? 'text/xml; charset=utf-8' : 'text/plain';
    return xml ? '<?xml version="1.0"?><response><pg_status>error</pg_status></response>' : 'Not Found';
  });

test.each([false, true])(
  'a gateway without /g2g/payment_page (XML 404: %s) fails GL-PAGE-01, and no signature or transport rule',
  async (xml) => {
    const { verdicts, shown, results } = await judgeChecks(
      'greenleaves',
      [
        'gl.sig.replies-signed',
        'gl.sig.script-name',
        'gl.sig.utf8',
        'gl.sig.error-codes-documented',
        'gl.tx.encodings',
        'gl.kat.vectors',
        'gl.fields.payment-page.valid',
      ],
      await withoutPage(xml),
    );
    expect(verdicts.failed, shown).toEqual(['gl.fields.payment-page.valid GL-PAGE-01']);
    for (const id of ['gl.sig.replies-signed GL-SIG-11', 'gl.tx.encodings GL-TX-02', 'gl.sig.script-name GL-SIG-02'])
      expect(verdicts.inconclusive, shown).toContain(id);
    for (const r of results.filter((r) => r.outcome === 'inconclusive'))
      expect(r.reason, shown).toMatch(/POST \/g2g\/payment_page answered HTTP 404 without a signed reply .*not served/);
  },
);
