// Found by the PHP g2g probe (/tmp/probe-g2ggw-php, http500_bad_input): a gateway answering every invalid
// request with HTTP 500 and a PHP fatal-error page (every valid one with its XML) left GL-TX-03 and 28
// other rules inconclusive, "the subject is in trouble, not judged", and passed. Seed 001 "Ответ на
// запросы представляются в формате XML"; digest §1: every documented outcome, errors included, is HTTP
// 200 with XML. Beside a valid request answered with XML, an invalid one answered 5xx twice is the
// gateway's answer to it; a single 5xx stays inconclusive (a transient fault).
import { expect, test } from 'vitest';
import { referenceBehindProxies, replyRewritingProxy } from '../harness/request-proxy.ts';
import { subjectOf } from '../../../src/harness/reference.ts';
import { runCheck } from '../../../src/harness/runner.ts';
import { checks } from '../../../suites/greenleaves/index.ts';

const ref = referenceBehindProxies('greenleaves');
const FATAL = '<br />\n<b>Fatal error</b>:  Uncaught TypeError: bcadd(): Argument #1 must be numeric in gw/lib.php:88';

/** The reference behind a proxy answering HTTP 500 with PHP's page to its first `times` error replies. */
async function failingErrors(times: number): Promise<string> {
  let left = times;
  const p = await replyRewritingProxy(ref.handle.url, (body, ctx) => {
    if (!body.includes('<pg_status>error</pg_status>') || left-- <= 0) return body;
    ctx.status = 500;
    ctx.headers = { 'content-type': 'text/html; charset=UTF-8' };
    return FATAL;
  });
  ref.keep(p);
  return p.url;
}

async function run(base: string) {
  const check = checks.find((c) => c.id === 'gl.tx.encodings')!;
  const r = await runCheck(check, { ...subjectOf(ref.handle, 'gateway'), baseUrl: base }, { seed: 1, plan: 'full' });
  return { r, why: JSON.stringify([r.reason, r.ruleReasons, r.failures]) };
}

test('every invalid request answered HTTP 500: GL-TX-03 fails with both statuses', async () => {
  const { r, why } = await run(await failingErrors(Infinity));
  expect(r.ruleOutcomes['GL-TX-03'], why).toBe('failed');
  expect(r.failures.find((f) => f.rule === 'GL-TX-03')?.message, why).toMatch(/HTTP 500 .*again.* HTTP 500/);
});

test('one transient HTTP 500 to an invalid request: the request sent again is judged', async () => {
  // the first error reply of the check is the pg_xml request with a wrong pg_sig; then the invalid amount
  const { r, why } = await run(await failingErrors(1));
  expect(r.ruleOutcomes['GL-TX-03'], why).toBe('passed');
  expect(JSON.stringify(r)).not.toMatch(/again after HTTP 500[^"]*HTTP 500/);
});
