import { certificateOptions } from './preflight.ts';
import { seal, verifyDir } from '../report/sign.ts';
import { SEALED_SINCE, gitCommit, specsDigest } from '../report/digest.ts';
import { OUTCOMES, RunFileError, readCertificate, readResults, readRunConfig } from '../report/read-run.ts';
import { copyFileSync, existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunConfig } from '../harness/run-config.ts';
import { buildCertificate, resultLine, resultTarget, writeJson, type StoredResult } from '../report/write.ts';
import { junitXml } from '../report/junit.ts';
import { certificateHtml } from '../report/certificate-html.ts';
import { writeFileSync } from 'node:fs';
import { parse } from './args.ts';
import { pickChecks } from './select.ts';
import { runCheck } from '../harness/runner.ts';
import type { Subject } from '../harness/subject.ts';
import { VERSION } from '../version.ts';
import { EXIT, UsageError } from './errors.ts';
import { summary } from './summary.ts';
import { makeDir } from '../report/make-dir.ts';
import { claimReportDir, releaseReportDir } from './report-dir.ts';

export const MERGE_HELP = `paycert merge DIR… --out DIR — combine the report directories of shards (--shard i/n) into one

The shards must be all N shards of one --shard I/N, each once (a run without --shard is its only
shard), of one run: run by this paycert (version, commit and rule catalogues), with the same seed,
plan, runs, --fail-on, --baseline entries, --check, --grep and --rule, against the same subjects and
targets (address, and a reference's implementation, defects and variants; the credentials may
differ). The merged directory holds one certificate.json, results.ndjson, junit.xml,
certificate.html and evidence/, with the rule verdicts recomputed from all results and the checks
outside the plan recorded skipped as a single run records them; the exit code is the one a single
run would have had. It is sealed with the digests of its files (and signed with --sign-key FILE), so
paycert verify checks it like a run. A shard missing or given twice, of another run (one line
naming what differs), whose files are cut short or edited (a sealed shard must still verify), or
--out naming a shard, is exit 2 with one line. An unsealed shard (an interrupted run) makes the
merge incomplete (verdict partial): exit 129, 130 or 143 when the shard was interrupted by SIGHUP,
SIGINT or SIGTERM (as that run exited), else 4.`;

export async function mergeCommand(argv: string[]): Promise<number> {
  // the --out it claims is held until it returns (REPORT_LOCK: a run or merge writing there at once)
  const claimed: string[] = [];
  try {
    return await merge(argv, claimed);
  } finally {
    for (const out of claimed) releaseReportDir(out);
  }
}

async function merge(argv: string[], claimed: string[]): Promise<number> {
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
  // --out is cleared before any shard is judged: a refused merge must not leave an earlier run's passing
  // certificate there for a CI step to read (only --out being a shard itself keeps it)
  for (const d of positionals) notOut(d, out);
  claimed.push(claimReportDir(String(values.out), 'merge: --out'));
  const shards: Shard[] = [];
  for (const d of positionals) shards.push(await readShard(d));
  const first = shards[0]!;
  // the run the shards split: one paycert, one seed, plan, baseline, selection and target (anything
  // else merges one target's results under another's name, or judges with another tool's rules)
  for (const s of shards) sameRun(s, first);
  sameTool(first);
  allShards(shards);
  // the target as the shards recorded it: its login and proxy are of the runs' environment, not the merging shell's
  const targets = first.config.subjects.map((t) => targetBlock(shards, { profile: t.profile, subject: t.kind }));
  // one result per check and subject (a check run by two shards would be a sharding bug: keep the worst)
  const byCheck = new Map<string, StoredResult>();
  const ORDER: readonly string[] = OUTCOMES;
  for (const r of shards.flatMap((s) => s.results)) {
    const k = `${r.profile}/${r.subject}/${r.id}`;
    const had = byCheck.get(k);
    if (!had || ORDER.indexOf(r.outcome) < ORDER.indexOf(had.outcome)) byCheck.set(k, r);
  }
  const config: RunConfig = { ...first.config, only: undefined, shard: undefined };
  const results = [...byCheck.values(), ...(await outOfPlan(config, byCheck))];
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
  // each shard's errors with the shard they came from ("shard 2/2: interrupted (SIGTERM)")
  const errors = shards.flatMap((s) =>
    (s.cert.errors ?? []).map((e) =>
      s.config.shard ? `shard ${s.config.shard.index}/${s.config.shard.count}: ${e}` : e,
    ),
  );
  const built = buildCertificate(
    config,
    results,
    startedAt,
    shards.every((s) => s.cert.complete && s.sealed),
    errors,
  );
  const cert = { ...built, profiles: built.profiles.map((p, i) => ({ ...p, target: targets[i] ?? p.target })) };
  writeJson(join(out, '.run-config.json'), config);
  writeFileSync(join(out, 'results.ndjson'), results.map((r) => resultLine(r, resultTarget(config, r))).join(''));
  writeJson(join(out, 'certificate.json'), cert);
  writeFileSync(join(out, 'junit.xml'), junitXml(config, results, cert));
  writeFileSync(join(out, 'certificate.html'), certificateHtml(cert, results, out));
  // digests (and a signature with --sign-key): the merged directory verifies like a single run's
  await seal(out, signing);
  console.log(`paycert merge: ${shards.length} shard(s), ${results.length} check results`);
  const code = summary(join(out, 'certificate.json'), { error: 'merged: build the Allure report from each shard' });
  // a shard interrupted by a signal makes the merge partial: it exits as that run did (128 + the signal),
  // not 4, "internal error of paycert"; a shard that stopped on paycert's own error, or without a word
  // (killed), leaves the 4 of an unfinished run
  if (cert.complete) return code;
  const signal = shards
    .flatMap((s) => s.cert.errors ?? [])
    .map(interruptedBy)
    .find((x) => x !== undefined);
  return signal ?? code;
}

/** The exit code of a run interrupted by SIGHUP, SIGINT or SIGTERM (128 + the signal's number), as
 *  `paycert run` exits on it and records it among its errors (src/cli/run.ts onSignal). */
const SIGNAL_EXIT: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
function interruptedBy(error: string): number | undefined {
  const m = /^interrupted \((SIG[A-Z]+)\)$/.exec(error);
  return m ? SIGNAL_EXIT[m[1]!] : undefined;
}

/** The target a subject was run against, as the certificate names it: where (the embedded reference,
 *  or the --target and --check-url given) and what (a reference's implementation, defects and
 *  variants; a third party's --sdk command). The credentials are not part of it: shards of a real
 *  gateway may run as different test merchants (docs/ci.md). */
function targetOf(s: Subject): string {
  const where = s.embedded
    ? 'the embedded reference'
    : `${s.baseUrl}${s.checkUrl === undefined ? '' : ` (check_url ${s.checkUrl})`}`;
  const i = s.info;
  const what = i
    ? [
        i.implementation,
        i.defects?.length ? `defects ${[...i.defects].sort().join(',')}` : 'no defect',
        ...(i.variants?.length ? [`variants ${[...i.variants].sort().join(',')}`] : []),
      ].join(', ')
    : undefined;
  return `${s.target} ${where}${what === undefined ? '' : ` [${what}]`}`;
}

/** One line naming what differs between a shard and the first one, or nothing. */
function sameRun(s: Shard, first: Shard): void {
  const differ = (what: string, mine: string, theirs: string) => {
    if (mine !== theirs)
      throw new UsageError(
        `merge: ${what} differ: ${s.dir} ${mine}, ${first.dir} ${theirs} (merge the shards of one run only)`,
      );
  };
  const tool = (c: Shard['cert']) => `paycert ${c.tool?.version ?? '?'} (commit ${c.tool?.commit ?? 'none'})`;
  differ('the paycert versions', tool(s.cert), tool(first.cert));
  differ('the rule catalogues (specs digest)', s.cert.specs ?? 'none', first.cert.specs ?? 'none');
  const c = s.config;
  const f = first.config;
  differ('seed/plan', `seed ${c.seed} plan ${c.plan}`, `seed ${f.seed} plan ${f.plan}`);
  differ('--runs', String(c.runs ?? 'default'), String(f.runs ?? 'default'));
  differ('--fail-on', c.failOn ?? 'default', f.failOn ?? 'default');
  // --baseline: its entries, not the file's path (the shards may have run on different machines)
  const entries = (x: RunConfig) => (x.baseline ? JSON.stringify(x.baseline.entries) : '');
  const baseline = (x: RunConfig) => (x.baseline ? `--baseline ${x.baseline.path}` : 'no --baseline');
  if (entries(c) !== entries(f))
    differ(
      'the baselines',
      `ran with ${baseline(c)}`,
      c.baseline && f.baseline ? `with other entries in ${baseline(f)}` : `with ${baseline(f)}`,
    );
  const selection = (x: RunConfig) => JSON.stringify([x.check ?? [], x.filters?.grep ?? null, x.filters?.rules ?? []]);
  differ('--check, --grep or --rule', selection(c), selection(f));
  const subjects = (x: RunConfig) =>
    x.subjects
      .map((t) => `${t.profile}/${t.kind}`)
      .sort()
      .join(',');
  differ('the subjects', subjects(c), subjects(f));
  for (const t of c.subjects) {
    const other = f.subjects.find((u) => u.profile === t.profile && u.kind === t.kind)!;
    differ(`the targets of ${t.profile}/${t.kind}`, targetOf(t), targetOf(other));
    differ(`--slow for ${t.profile}/${t.kind}`, String(t.slow), String(other.slow));
  }
}

type TargetBlock = ReturnType<typeof buildCertificate>['profiles'][number]['target'];

/** One subject's target block as every shard's certificate records it (probe 22: the merge lost the
 *  login all shards recorded, taking it from the merging shell's environment). Shards recording
 *  another target (a login, a proxy, another origin) are not one run's: a usage error naming both.
 *  Only what each shard found on its own may differ: its callbacks (each shard's tunnel, reached or
 *  not), and the words of its pre-flight (jwsUri, preflight: a gateway's reply, built per shard); each
 *  said once. */
function targetBlock(shards: Shard[], p: { profile: string; subject: string }): TargetBlock | undefined {
  const blocks = shards.map(
    (s) => s.cert.profiles.find((q) => q.profile === p.profile && q.subject === p.subject)?.target,
  );
  const first = blocks[0];
  if (first === undefined) return undefined;
  const field = (b: TargetBlock | undefined, k: string) =>
    JSON.stringify((b as Record<string, unknown>)?.[k]) ?? 'none';
  blocks.forEach((b, i) => {
    const keys = [...new Set([...Object.keys(first), ...Object.keys(b ?? {})])].filter(
      (k) => !(PER_SHARD as readonly string[]).includes(k),
    );
    const differ = keys.filter((k) => field(b, k) !== field(first, k));
    const says = (x: TargetBlock | undefined) => differ.map((k) => `${k} ${field(x, k)}`).join(', ');
    if (differ.length)
      throw new UsageError(
        `merge: the targets of ${p.profile}/${p.subject} differ: ${shards[i]!.dir} ${says(b)}, ${shards[0]!.dir} ${says(first)} (merge the shards of one run only)`,
      );
  });
  const said = (k: (typeof PER_SHARD)[number]) => {
    const texts = [...new Set(blocks.map((b) => b?.[k]).filter((c) => c !== undefined))];
    return texts.length ? texts.join('; ') : undefined;
  };
  return { ...first, ...Object.fromEntries(PER_SHARD.map((k) => [k, said(k)])) };
}

const PER_SHARD = ['callbacks', 'jwsUri', 'preflight'] as const;

/** The shards were run by this paycert, judging by these rules: the merged certificate names it and
 *  recomputes the verdicts with its catalogue. */
function sameTool(first: Shard): void {
  const c = first.cert;
  const mine = gitCommit();
  if (c.tool?.version !== VERSION || (c.tool?.commit ?? null) !== mine)
    throw new UsageError(
      `merge: ${first.dir} was run by paycert ${c.tool?.version ?? '?'} (commit ${c.tool?.commit ?? 'none'}), this is ${VERSION} (commit ${mine ?? 'none'}): merge with the paycert that ran the shards`,
    );
  const specs = specsDigest();
  if (c.specs !== undefined && c.specs !== specs)
    throw new UsageError(
      `merge: ${first.dir} was judged by other rule catalogues (specs ${c.specs}) than this paycert's (${specs}): merge with the paycert that ran the shards`,
    );
}

/** The checks a single run of this configuration records as skipped "not in the … plan" and no shard
 *  ran: a shard runs only its part of the plan, but the run it splits registers every check of its
 *  subjects (or of its --check, --grep and --rule) and skips those outside the plan. Without them the
 *  merged certificate lost the `partly` mark of the rules those checks cite (a pass on part of their
 *  evidence read as a whole one) and its checkSummary their `skipped` count. */
async function outOfPlan(config: RunConfig, had: ReadonlyMap<string, StoredResult>): Promise<StoredResult[]> {
  const out: StoredResult[] = [];
  for (const subject of config.subjects) {
    const checks = pickChecks([subject], { only: config.check, filters: config.filters });
    for (const check of checks) {
      if ((check.plans ?? ['full']).includes(config.plan)) continue;
      if (had.has(`${subject.profile}/${subject.kind}/${check.id}`)) continue;
      // (runCheck ends at once for a check outside the plan: nothing is sent)
      const { evidence: _evidence, ...r } = await runCheck(check, subject, { seed: config.seed, plan: config.plan });
      out.push(r);
    }
  }
  return out;
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

/** Refuses a shard directory that is --out itself: clearing --out would clear the shard's reports. */
function notOut(d: string, out: string): void {
  const dir = resolve(d);
  if (existsSync(dir) && realpathSync(dir) === (existsSync(out) ? realpathSync(out) : out))
    throw new UsageError(`merge: --out ${out} is one of the shards: merging would clear its reports`);
}

/** A shard's directory, read and checked: a file cut short or edited is a one-line usage error naming
 *  it, and a sealed shard must still verify, or its edited results would come out of the merge under a
 *  fresh seal. */
async function readShard(d: string): Promise<Shard> {
  const dir = resolve(d);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`merge: ${d} is not a directory`);
  for (const f of ['certificate.json', '.run-config.json'])
    if (!existsSync(join(dir, f))) throw new UsageError(`${d}: no ${f} (not a paycert run's --out directory)`);
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
