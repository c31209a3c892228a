import { certificateOptions } from './preflight.ts';
import { seal } from '../report/sign.ts';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunConfig } from '../harness/run-config.ts';
import type { Certificate } from '../report/certificate.ts';
import { buildCertificate, writeJson, type StoredResult } from '../report/write.ts';
import { junitXml } from '../report/junit.ts';
import { certificateHtml } from '../report/certificate-html.ts';
import { writeFileSync } from 'node:fs';
import { parse } from './args.ts';
import { EXIT, UsageError } from './errors.ts';
import { summary } from './summary.ts';
import { makeDir } from '../report/make-dir.ts';

export const MERGE_HELP = `paycert merge DIR… --out DIR — combine the report directories of shards (--shard i/n) into one

The shards must come from the same seed, plan and subjects. The merged directory holds one
certificate.json, results.ndjson, junit.xml, certificate.html and evidence/, with the rule verdicts
recomputed from all results; the exit code is the one a single run would have had. It is sealed
with the digests of its files (and signed with --sign-key FILE), so paycert verify checks it like a run.`;

export async function mergeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { out: { type: 'string' }, 'sign-key': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    'merge',
  );
  if (values.help) {
    console.log(MERGE_HELP);
    return EXIT.ok;
  }
  if (positionals.length === 0 || !values.out)
    throw new UsageError("paycert merge needs the shards' directories and --out DIR (see paycert merge --help)");
  const out = resolve(String(values.out));
  const { signing } = await certificateOptions(values);
  const shards = positionals.map((d) => {
    const dir = resolve(d);
    for (const f of ['certificate.json', '.run-config.json'])
      if (!existsSync(join(dir, f))) throw new UsageError(`${d}: no ${f} (not a paycert run's --out directory)`);
    const cert = JSON.parse(readFileSync(join(dir, 'certificate.json'), 'utf8')) as Certificate & { errors?: string[] };
    const config = JSON.parse(readFileSync(join(dir, '.run-config.json'), 'utf8')) as RunConfig;
    const nd = join(dir, 'results.ndjson');
    const results = existsSync(nd)
      ? readFileSync(nd, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as StoredResult)
      : [];
    return { dir, cert, config, results };
  });
  const first = shards[0]!;
  const key = (c: RunConfig) =>
    JSON.stringify([
      c.seed,
      c.plan,
      c.runs,
      c.failOn,
      c.subjects.map((s) => `${s.profile}/${s.kind}/${s.target === 'real' ? s.baseUrl : s.target}`).sort(),
    ]);
  for (const s of shards) {
    if (s.config.seed !== first.config.seed || s.config.plan !== first.config.plan)
      throw new UsageError(`${s.dir}: seed/plan differ from ${first.dir} (merge shards of one run only)`);
    if (key(s.config) !== key(first.config)) throw new UsageError(`${s.dir}: its subjects differ from ${first.dir}'s`);
  }
  // one result per check and subject (a check run by two shards would be a sharding bug: keep the worst)
  const byCheck = new Map<string, StoredResult>();
  const ORDER = ['failed', 'inconclusive', 'passed', 'skipped'];
  for (const r of shards.flatMap((s) => s.results)) {
    const k = `${r.profile}/${r.subject}/${r.id}`;
    const had = byCheck.get(k);
    if (!had || ORDER.indexOf(r.outcome) < ORDER.indexOf(had.outcome)) byCheck.set(k, r);
  }
  const results = [...byCheck.values()];
  const config: RunConfig = { ...first.config, only: undefined, shard: undefined };
  makeDir(out);
  for (const f of [
    'certificate.json',
    'certificate.html',
    'junit.xml',
    'results.ndjson',
    'evidence',
    'html',
    'allure-results',
  ])
    rmSync(join(out, f), { recursive: true, force: true });
  makeDir(join(out, 'evidence'));
  for (const s of shards) {
    const ev = join(s.dir, 'evidence');
    if (existsSync(ev)) for (const f of readdirSync(ev)) copyFileSync(join(ev, f), join(out, 'evidence', f));
  }
  const startedAt = shards.map((s) => s.cert.startedAt).sort()[0]!;
  const errors = shards.flatMap((s) => s.cert.errors ?? []);
  const cert = buildCertificate(
    config,
    results,
    startedAt,
    shards.every((s) => s.cert.complete),
    errors,
  );
  writeJson(join(out, '.run-config.json'), config);
  writeFileSync(join(out, 'results.ndjson'), results.map((r) => `${JSON.stringify(r)}\n`).join(''));
  writeJson(join(out, 'certificate.json'), cert);
  writeFileSync(join(out, 'junit.xml'), junitXml(config, results, cert));
  writeFileSync(join(out, 'certificate.html'), certificateHtml(cert, results, out));
  // digests (and a signature with --sign-key): the merged directory verifies like a single run's
  await seal(out, signing);
  console.log(`paycert merge: ${shards.length} shard(s), ${results.length} check results`);
  return summary(join(out, 'certificate.json'), { error: 'merged: build the Allure report from each shard' });
}
