import { certificateOptions } from './preflight.ts';
import { seal, verifyDir } from '../report/sign.ts';
import { SEALED_SINCE } from '../report/digest.ts';
import { OUTCOMES, RunFileError, readCertificate, readResults, readRunConfig } from '../report/read-run.ts';
import { copyFileSync, existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunConfig } from '../harness/run-config.ts';
import { buildCertificate, writeJson, type StoredResult } from '../report/write.ts';
import { junitXml } from '../report/junit.ts';
import { certificateHtml } from '../report/certificate-html.ts';
import { writeFileSync } from 'node:fs';
import { parse } from './args.ts';
import { EXIT, UsageError } from './errors.ts';
import { summary } from './summary.ts';
import { makeDir } from '../report/make-dir.ts';
import { claimReportDir } from './report-dir.ts';

export const MERGE_HELP = `paycert merge DIR… --out DIR — combine the report directories of shards (--shard i/n) into one

The shards must be all N shards of one --shard I/N, each once (a run without --shard is its only
shard), from the same seed, plan, runs, subjects, --check, --grep and --rule. The merged directory
holds one certificate.json, results.ndjson, junit.xml, certificate.html and evidence/, with the rule
verdicts recomputed from all results; the exit code is the one a single run would have had. It is
sealed with the digests of its files (and signed with --sign-key FILE), so paycert verify checks it
like a run. A shard missing or given twice, a shard whose files are cut short or edited (a sealed
shard must still verify), or --out naming a shard, is exit 2 with one line; an unsealed shard (an
interrupted run) makes the merge incomplete.`;

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
  const shards: Shard[] = [];
  for (const d of positionals) shards.push(await readShard(d, out));
  const first = shards[0]!;
  const key = (c: RunConfig) =>
    JSON.stringify([
      c.seed,
      c.plan,
      c.runs,
      c.failOn,
      c.subjects.map((s) => `${s.profile}/${s.kind}/${s.target === 'real' ? s.baseUrl : s.target}`).sort(),
    ]);
  // the selection the shards split (--check, --grep, --rule): the merged run is partial by it as they were
  const selection = (c: RunConfig) => JSON.stringify([c.check ?? [], c.filters?.grep ?? null, c.filters?.rules ?? []]);
  for (const s of shards) {
    if (s.config.seed !== first.config.seed || s.config.plan !== first.config.plan)
      throw new UsageError(`${s.dir}: seed/plan differ from ${first.dir} (merge shards of one run only)`);
    if (key(s.config) !== key(first.config))
      throw new UsageError(`${s.dir}: its --runs, --fail-on or subjects differ from ${first.dir}'s`);
    if (selection(s.config) !== selection(first.config))
      throw new UsageError(`${s.dir}: its --check, --grep or --rule differ from ${first.dir}'s`);
  }
  allShards(shards);
  // one result per check and subject (a check run by two shards would be a sharding bug: keep the worst)
  const byCheck = new Map<string, StoredResult>();
  const ORDER: readonly string[] = OUTCOMES;
  for (const r of shards.flatMap((s) => s.results)) {
    const k = `${r.profile}/${r.subject}/${r.id}`;
    const had = byCheck.get(k);
    if (!had || ORDER.indexOf(r.outcome) < ORDER.indexOf(had.outcome)) byCheck.set(k, r);
  }
  const results = [...byCheck.values()];
  const config: RunConfig = { ...first.config, only: undefined, shard: undefined };
  claimReportDir(String(values.out), 'merge: --out');
  try {
    makeDir(join(out, 'evidence'));
  } catch (e) {
    throw new UsageError(
      `merge: --out ${String(values.out)} cannot hold the merged reports (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  for (const s of shards)
    for (const f of s.evidence) copyFileSync(join(s.dir, 'evidence', f), join(out, 'evidence', f));
  const startedAt = shards.map((s) => s.cert.startedAt).sort()[0]!;
  const errors = shards.flatMap((s) => s.cert.errors ?? []);
  const cert = buildCertificate(
    config,
    results,
    startedAt,
    shards.every((s) => s.cert.complete && s.sealed),
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

/** Exactly one shard of each index 1..N of one N (a run without --shard is the single shard 1/1):
 *  a shard left out, or given twice, would merge into a full pass of the checks it did not run. */
function allShards(shards: Shard[]): void {
  const of = (s: Shard) => s.config.shard ?? { index: 1, count: 1 };
  const name = (s: Shard) => (s.config.shard ? `shard ${of(s).index}/${of(s).count}` : 'a whole run (no --shard)');
  const n = of(shards[0]!).count;
  const byIndex = new Map<number, Shard>();
  for (const s of shards) {
    if (of(s).count !== n)
      throw new UsageError(
        `merge: ${s.dir} is ${name(s)}, ${shards[0]!.dir} ${name(shards[0]!)}: merge the N shards of one --shard I/N`,
      );
    const twice = byIndex.get(of(s).index);
    if (twice)
      throw new UsageError(
        twice.dir === s.dir
          ? `merge: ${s.dir} is given twice`
          : `merge: ${name(s)} is given twice (${twice.dir} and ${s.dir})`,
      );
    byIndex.set(of(s).index, s);
  }
  // (n is at most the shards given plus the few named: a count edited into an unsealed shard cannot make this loop long)
  const missing: string[] = [];
  for (let i = 1; i <= n && missing.length < 5; i++) if (!byIndex.has(i)) missing.push(`${i}/${n}`);
  if (missing.length)
    throw new UsageError(
      `merge: shard ${missing.join(', ')}${byIndex.size + missing.length < n ? ', …' : ''} missing (${byIndex.size} of ${n} given): merge all N shards of the run`,
    );
}

interface Shard {
  dir: string;
  cert: ReturnType<typeof readCertificate>;
  config: RunConfig;
  results: StoredResult[];
  /** its run finished and sealed it, and it still verifies (an unsealed shard makes the merge incomplete) */
  sealed: boolean;
  /** the regular files of its evidence/ */
  evidence: string[];
}

/** A shard's directory, read and checked before anything in --out is cleared: a file cut short or
 *  edited is a one-line usage error naming it, and a sealed shard must still verify, or its edited
 *  results would come out of the merge under a fresh seal. */
async function readShard(d: string, out: string): Promise<Shard> {
  const dir = resolve(d);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`merge: ${d} is not a directory`);
  for (const f of ['certificate.json', '.run-config.json'])
    if (!existsSync(join(dir, f))) throw new UsageError(`${d}: no ${f} (not a paycert run's --out directory)`);
  if (realpathSync(dir) === (existsSync(out) ? realpathSync(out) : out))
    throw new UsageError(`merge: --out ${out} is one of the shards: merging would clear its reports`);
  try {
    const cert = readCertificate(join(dir, 'certificate.json'));
    const config = readRunConfig(join(dir, '.run-config.json'));
    const results = readResults(join(dir, 'results.ndjson'));
    let sealed = false;
    if (cert.digests !== undefined) {
      const v = await verifyDir(dir);
      if (!v.ok) throw new UsageError(`merge: ${d} does not verify (${v.line}): merge shards as their runs wrote them`);
      // a certificate sealed before the run's config was: nothing vouches for the config the merge uses
      sealed = Object.hasOwn(cert.digests, SEALED_SINCE);
    }
    const ev = join(dir, 'evidence');
    const evidence = existsSync(ev) ? readdirSync(ev) : [];
    for (const f of evidence)
      if (!lstatSync(join(ev, f)).isFile()) throw new UsageError(`merge: ${d}: evidence/${f} is not a regular file`);
    return { dir, cert, config, results, sealed, evidence };
  } catch (e) {
    if (e instanceof RunFileError) throw new UsageError(`merge: ${e.message}`);
    throw e;
  }
}
