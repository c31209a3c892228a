import { expect, test } from 'vitest';
import { certify } from './support.ts';
import { checks } from '../../suites/greenleaves-v5/index.ts';
import { startReference } from '../../src/harness/reference.ts';
import { judgeMerchantAt } from '../merchant-edge.ts';
import { startStub } from '../stub-edge.ts';

// probe 24 (PHP shops behind nginx + php-fpm).
const only = (...ids: string[]) => checks.filter((c) => ids.includes(c.id));

/** The evidence of check `id` shows the signatures quoted in the reference's refusals ("ожидалась …")
 *  shortened, as the certificate does; one quoted in full is the echo of the MAC the call carried (a
 *  forgery naming another alg or uri over a genuine MAC), no leak: it shows nothing the request did not. */
function quotedShortened(results: Awaited<ReturnType<typeof certify>>['results'], id: string): void {
  const evidence = results.find((x) => x.id === id)!.evidence;
  expect(JSON.stringify(evidence)).toMatch(/ожидалась [A-Za-z0-9_-]{8}…\(43 characters: the expected signature\)/);
  for (const x of evidence) {
    const quoted = /ожидалась ([A-Za-z0-9_-]{43})/.exec(x.responseBody ?? '')?.[1];
    if (quoted) expect(x.requestHeaders['X-JWS-Signature'], x.note).toContain(quoted);
  }
}

// V5-MCB-11 covers a refusal of any callback: a shop quoting the expected signature in its check_url
// refusals alone passed it (only v5.mcb.forged, result_url's, judged it). And the signatures quoted at
// check_url were left in full in v5.mcb.check's evidence (its Allure attachment), the certificate
// shortening those it had judged: each one judged is registered with the redactor.
test.concurrent.each(['check-refusal-quotes-expected-signature', 'refusal-quotes-expected-signature'])(
  'defect %s: v5.mcb.check fails V5-MCB-11 and its evidence shows the quoted signatures shortened',
  async (defect) => {
    const { cert, results } = await certify('greenleaves-v5', 'merchant', only('v5.mcb.check'), [defect], 1);
    const r = cert.rules.find((x) => x.id === 'V5-MCB-11')!;
    expect(r.verdict, r.reason).toBe('failed');
    expect(r.reason).toMatch(
      /a check_url call .* was answered with the signature it should have carried \(in the body\)/,
    );
    quotedShortened(results, 'v5.mcb.check');
  },
);

// a check not citing V5-MCB-11 sends forged calls too (the forged twin telling a refusal's words apart):
// their answers' quoted signatures were shown in full in its evidence
test("defect refusal-quotes-expected-signature: v5.mcb.result-unknown shows the forged twin's quoted signature shortened", async () => {
  const { results } = await certify(
    'greenleaves-v5',
    'merchant',
    only('v5.mcb.result-unknown'),
    ['refusal-quotes-expected-signature'],
    1,
  );
  quotedShortened(results, 'v5.mcb.result-unknown');
});

// the clean reference's check_url refusals show no signature: v5.mcb.check passes V5-MCB-11 on them
test('the clean reference: v5.mcb.check passes V5-MCB-11 on its check_url refusals', async () => {
  const { results } = await certify('greenleaves-v5', 'merchant', only('v5.mcb.check'), [], 1);
  expect(results[0]!.ruleOutcomes['V5-MCB-11'], results[0]!.reason).toBe('passed');
});

// every genuine call refused, the header looked up as getallheaders()['X-JWS-Signature'] under php-fpm
// (which names it X-Jws-Signature): the reason named a proxy and a path prefix, not the shop's lookup
test('defect signature-header-php-fpm-exact-case: V5-MCB-01 names the one-case header lookup', async () => {
  const { cert, results } = await certify(
    'greenleaves-v5',
    'merchant',
    only('v5.mcb.genuine'),
    ['signature-header-php-fpm-exact-case'],
    1,
  );
  const r = cert.rules.find((x) => x.id === 'V5-MCB-01')!;
  expect(r.verdict, r.reason).toBe('failed');
  // within the 400 characters the certificate keeps of a reason
  expect(r.reason).toMatch(
    /so was every genuine call: is X-JWS-Signature read in one letter case \(RFC 9110 §5\.1; php-fpm's getallheaders\(\) gives X-Jws-Signature\), dropped by a proxy, a path prefix stripped \(the token's uri is \/shop\/v5\/result\)\?/,
  );
  expect(results[0]!.notes.join('\n')).toMatch(/\$_SERVER\['HTTP_X_JWS_SIGNATURE'\]/);
});

/** A front of `origin` that prints `notice` before every answer of check_url (its path starting so), as
 *  PHP does with display_errors on in that script alone; result_url's answers pass as they are. */
function noticeAtCheckUrl(origin: string, path: string, notice: string) {
  return startStub(origin, (req, _body, up) =>
    req.url?.startsWith(path) ? { ...up, body: Buffer.concat([Buffer.from(notice), up.body]) } : up,
  );
}

// review A #4: V5-MCB-11 cited by v5.mcb.check was made inconclusive by that check's own end (check_url's
// genuine answer no JSON: a PHP notice before it), the certificate taking the worst, although v5.mcb.forged
// passed it on result_url's refusals. Judged on the forged check_url answers as they arrive, the check has
// no result for it where it judged none, and its inconclusive names V5-MCB-01 as the departure
test('check_url printing a PHP notice before its JSON: V5-MCB-11 stays passed from v5.mcb.forged', async () => {
  const h = await startReference('greenleaves-v5', 'merchant');
  const front = await noticeAtCheckUrl(
    new URL(h.url).origin,
    new URL(h.checkUrl!).pathname,
    '<br />\n<b>Notice</b>:  Undefined index: order_id in /var/www/shop/check.php on line 9<br />\n',
  );
  try {
    const v = await judgeMerchantAt(h, front.url, ['v5.mcb.forged', 'v5.mcb.check']);
    const r = v.rules.find((x) => x.id === 'V5-MCB-11')!;
    expect([r.verdict, r.partly], String(r.reason)).toEqual(['passed', undefined]);
    expect(r.tests).toEqual(['v5.mcb.forged']);
    const check = v.results.find((x) => x.id === 'v5.mcb.check')!;
    expect([check.outcome, check.after], check.reason).toEqual(['inconclusive', 'V5-MCB-01']);
    expect(check.reason).toMatch(/check_url's answer is not the JSON answer/);
    expect(check.ruleOutcomes['V5-MCB-11']).toBeUndefined();
    expect(check.rules).not.toContain('V5-MCB-11');
  } finally {
    await front.close();
    await h.close();
  }
});
