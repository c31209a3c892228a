// Judging a reference merchant behind an edge (test/proxy.ts) as a real target: the declaration the
// checks read is rewritten so that every URL it names goes through the edge.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realSubjectOf, startReference } from '../src/harness/reference.ts';
import type { SandboxHandle } from '../src/reference/handle.ts';
import { runChecks } from '../src/harness/runner.ts';
import { profileCertificate } from '../src/report/certificate.ts';
import type { ProfileId } from '../src/spec/paths.ts';
import { CHECKS } from '../suites/registry.ts';
import { startEdge, type EdgeOptions } from './proxy.ts';
import { SEED } from './seed.ts';

/** A reference merchant of `profile` behind an edge with `edge`, judged as a real target on `checkIds` */
export async function judgeMerchant(
  profile: ProfileId,
  edge: EdgeOptions,
  checkIds: string[] | 'all',
  declare: Record<string, unknown> = {},
) {
  const h = await startReference(profile, 'merchant');
  const origin = new URL(h.url).origin;
  const proxy = await startEdge(origin, edge);
  try {
    const v = await judgeMerchantAt(h, proxy.url, checkIds, declare);
    return { ...v, received: proxy.received(), forwarded: proxy.forwarded() };
  } finally {
    await proxy.close();
    await h.close();
  }
}

/** The merchant at `origin` (a stub, an edge) judged as a real target on `checkIds` of the reference
 *  merchant `h`'s profile, with h's declaration (its orders) and every URL it names moved to `origin`. */
export async function judgeMerchantAt(
  h: SandboxHandle,
  origin: string,
  checkIds: string[] | 'all',
  declare: Record<string, unknown> = {},
) {
  const profile = h.profile as ProfileId;
  const own = new URL(h.url).origin;
  const dir = mkdtempSync(join(tmpdir(), 'paycert-edge-'));
  try {
    const via = (u: string | undefined) => u && u.split(own).join(origin);
    const declaration = { ...JSON.parse(via(readFileSync(h.declarationPath!, 'utf8'))!), ...declare };
    const declarationPath = join(dir, 'declaration.json');
    writeFileSync(declarationPath, JSON.stringify(declaration, null, 2));
    const subject = {
      ...realSubjectOf(h, 'merchant'),
      baseUrl: via(h.url)!,
      checkUrl: via(h.checkUrl),
      declarationPath,
    };
    const checks = CHECKS[profile].filter(
      (c) => c.subject === 'merchant' && (checkIds === 'all' || checkIds.includes(c.id)),
    );
    if (checkIds !== 'all' && checks.length !== checkIds.length)
      throw new Error(`unknown checks among ${checkIds.join(', ')}`);
    const results = await runChecks(checks, subject, { seed: SEED, plan: 'full' });
    const rules = profileCertificate(subject, results).rules;
    const judged = new Set(checks.flatMap((c) => c.rules));
    const mine = rules.filter((r) => judged.has(r.id));
    return {
      rules: mine,
      results,
      of: (verdict: string) =>
        mine
          .filter((r) => r.verdict === verdict)
          .map((r) => r.id)
          .sort(),
      reason: (id: string) => String(rules.find((r) => r.id === id)?.reason ?? ''),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
