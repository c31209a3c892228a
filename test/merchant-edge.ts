// Judging a reference merchant behind an edge (test/proxy.ts) as a real target: the declaration the
// checks read is rewritten so that every URL it names goes through the edge.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realSubjectOf, startReference } from '../src/harness/reference.ts';
import { runChecks } from '../src/harness/runner.ts';
import { profileCertificate } from '../src/report/certificate.ts';
import type { ProfileId } from '../src/spec/paths.ts';
import { CHECKS } from '../suites/registry.ts';
import { startEdge, type EdgeOptions } from './proxy.ts';

const SEED = Number(process.env.PAYCERT_SEED ?? 20261126);

export async function judgeMerchant(
  profile: ProfileId,
  edge: EdgeOptions,
  checkIds: string[] | 'all',
  declare: Record<string, unknown> = {},
) {
  const h = await startReference(profile, 'merchant');
  const origin = new URL(h.url).origin;
  const proxy = await startEdge(origin, edge);
  const dir = mkdtempSync(join(tmpdir(), 'paycert-edge-'));
  try {
    const via = (u: string | undefined) => u && u.split(origin).join(proxy.url);
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
      received: proxy.received(),
      forwarded: proxy.forwarded(),
      of: (verdict: string) =>
        mine
          .filter((r) => r.verdict === verdict)
          .map((r) => r.id)
          .sort(),
      reason: (id: string) => String(rules.find((r) => r.id === id)?.reason ?? ''),
    };
  } finally {
    await proxy.close();
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
