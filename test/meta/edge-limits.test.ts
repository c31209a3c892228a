// probe 22: a gateway behind an edge with its own limits. The edge refuses a request over its header or
// body size limit with its own 4xx page, and the gateway never sees it. Was: V5-JWS-05 (MUST) passed
// for a gateway that accepts HS512 (the defect accepts-hs512): the HS512 request, whose token is longer,
// met nginx's "400 Request Header Or Cookie Too Large" and was counted as the gateway's refusal. Behind
// a body limit, JY-PAY-10 and GL-PAGE-03 were inconclusive without saying that an edge answered.
import type { IncomingMessage } from 'node:http';
import { expect, test } from 'vitest';
import { realSubjectOf, startReference } from '../../src/harness/reference.ts';
import { runChecks } from '../../src/harness/runner.ts';
import { profileCertificate } from '../../src/report/certificate.ts';
import type { ProfileId } from '../../src/spec/paths.ts';
import { CHECKS } from '../../suites/registry.ts';
import { passOn, startFront } from '../front.ts';
import { SEED } from '../seed.ts';

const nginxPage = (status: number, text: string) =>
  `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n`;

/** The rules of `checks` judged against `profile`'s reference (with `defects`) behind an edge that
 *  answers a request `refuse` picks with its own page. */
async function behindEdge(
  profile: ProfileId,
  defects: string[],
  checks: string[],
  refuse: (req: IncomingMessage, body: Buffer) => [number, string] | undefined,
) {
  const h = await startReference(profile, 'gateway', defects);
  let refused = 0;
  const edge = await startFront(async (req, body, res) => {
    const page = refuse(req, body);
    if (page === undefined) return passOn(h.url, req, body, res);
    refused++;
    res.writeHead(page[0], { 'content-type': 'text/html', server: 'nginx/1.24.0' }).end(nginxPage(...page));
  });
  try {
    const real = realSubjectOf(h, 'gateway');
    const subject = { ...real, baseUrl: edge.url, limits: { ...real.limits, minIntervalMs: 0 } };
    const picked = CHECKS[profile].filter((c) => c.subject === 'gateway' && checks.includes(c.id));
    expect(picked.map((c) => c.id).sort()).toEqual([...checks].sort());
    const results = await runChecks(picked, subject, { seed: SEED, plan: 'full', runs: 2 });
    expect(refused).toBeGreaterThan(0);
    return profileCertificate(subject, results).rules.filter((r) => r.verdict !== 'skipped');
  } finally {
    edge.close();
    await h.close();
  }
}

const EDGE = /an edge answered in the gateway's place/;

test('v5 accepting HS512 behind a header-size limit: V5-JWS-05 is not passed on the edge page', async () => {
  // the limit lets an HS256 token through (a MAC of 43 characters), not a longer one (HS512's 86, RS256's)
  const rules = await behindEdge('greenleaves-v5', ['accepts-hs512'], ['v5.jws.alg'], (req) =>
    (String(req.headers['x-jws-signature'] ?? '').split('.')[2]?.length ?? 0) > 43
      ? [400, 'Request Header Or Cookie Too Large']
      : undefined,
  );
  const jws05 = rules.find((r) => r.id === 'V5-JWS-05')!;
  expect(jws05.verdict).not.toBe('passed');
  expect(jws05.verdict).toBe('inconclusive');
  expect(jws05.reason).toMatch(EDGE);
  expect(jws05.reason).toMatch(/"400 Request Header Or Cookie Too Large"/);
});

test.each([
  ['jysan', ['lax-desc-order'], 'jy.fields.payment.violations', 'JY-PAY-10', 3000],
  ['greenleaves', ['page-accepts-long-description'], 'gl.fields.payment-page.violations', 'GL-PAGE-03', 1100],
] as const)(
  '%s behind a body-size limit: the checks meeting it name the edge',
  async (profile, defects, check, rule, limit) => {
    const rules = await behindEdge(profile, [...defects], [check], (_req, body) =>
      body.length > limit ? [413, 'Request Entity Too Large'] : undefined,
    );
    const it = rules.find((r) => r.id === rule)!;
    expect(it.verdict).toBe('inconclusive');
    expect(it.reason).toMatch(EDGE);
    expect(it.reason).toMatch(/"413 Request Entity Too Large"/);
  },
);
