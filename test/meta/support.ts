import { describe, expect, test, beforeAll } from 'vitest';
import type { ProfileId } from '../../src/spec/paths.ts';
import type { SubjectKind } from '../../src/spec/load.ts';
import type { Check } from '../../src/harness/check.ts';
import type { Capability } from '../../src/harness/subject.ts';
import type { Defect, Variant } from '../../src/reference/defects.ts';
import type { SandboxHandle } from '../../src/reference/handle.ts';
import { realSubjectOf, startReference, subjectOf } from '../../src/harness/reference.ts';
import { runChecks, type CheckResult } from '../../src/harness/runner.ts';
import { profileCertificate } from '../../src/report/certificate.ts';
import { realOnlyRules } from '../../src/spec/load.ts';
import { patchedPaths, touches } from '../../src/reference/policy.ts';
import { SEED } from '../seed.ts';
import { NO_SDK_TLS } from '../../suites/sdk-tls.ts';

/** The checks that judge the SDK's TLS (V5-SDK-24, JY-SDK-27: suites/sdk-tls.ts), skipped without
 *  `paycert run --sdk-tls`: a defect one of whose checks is one is run over HTTPS, every other on plain http
 *  as the default run is. */
export const needsSdkTls = (c: Check): boolean => c.subject === 'sdk' && /\.sdk\.tls-verify$/.test(c.id);

/** `sampled`: checks run with their enumerations sampled instead of walked in full (RunOptions.enumerate).
 *  `tls`: the SDK subject judged over HTTPS (paycert run --sdk-tls, probe 26), so that its TLS rules
 *  (V5-SDK-24, JY-SDK-27) are judged, not skipped: the default for a test that judges every rule (sdk.test.ts's
 *  own cases); defectMetaTests runs the clean reference on plain http, the default run's, and its TLS checks
 *  (needsSdkTls) again over HTTPS, and each defect on plain http unless one of its checks needs TLS
 *  (tls-unverified). */
export async function certify(
  profile: ProfileId,
  kind: SubjectKind,
  all: Check[],
  defects: string[],
  runs: number,
  sampled: Check[] = [],
  tls = true,
) {
  const checks = all.filter((c) => c.subject === kind);
  const h: SandboxHandle = await startReference(profile, kind, defects);
  const subject = subjectOf(h, kind);
  if (subject.sdk && tls) subject.sdk.tls = true;
  try {
    const opts = { seed: SEED, plan: 'full' as const, runs };
    const results = [
      ...(await runChecks(checks, subject, opts)),
      ...(await runChecks(
        sampled.filter((c) => c.subject === kind),
        subject,
        { ...opts, enumerate: false },
      )),
    ];
    return { results, cert: profileCertificate(subject, results), subject };
  } finally {
    // the reference SDK adapter is left running: one process per profile serves every defect's runs
    // (each request carries its defects), three at a time (test.concurrent); the file closes it
    // (sdk.test.ts's afterAll)
    await h.close();
  }
}

function explain(results: CheckResult[]): string {
  return results
    .filter((r) => r.outcome !== 'passed' && r.outcome !== 'skipped')
    .map((r) => `${r.id} ${r.outcome}: ${r.reason}`)
    .join('\n');
}

/** Which policy knobs each check makes the clean reference read, run as a defect's exactness run
 *  runs it (enumerations sampled, 5 runs, the same seed) or, `asReal`, as a tolerance variant is
 *  judged (REAL_RUN); `outside`: the knobs read between checks (start-up, a late job), which any
 *  check may depend on. A check is deterministic for its seed and
 *  independent of the others (`paycert run --check` runs any subset), so against a reference whose
 *  patch sets only knobs it never read it makes the same requests and gets the same answers as
 *  against the clean one: it passes there too, and running it again proves nothing. */
export interface PolicyTrace {
  byCheck: Map<string, Set<string>>;
  outside: Set<string>;
  /** each check's results in the traced run (the clean reference's) */
  results: Map<string, CheckResult[]>;
}

/** How a tolerance variant is judged: as a real target (realSubjectOf's 5 runs), enumerations walked. */
const REAL_RUN = { seed: SEED, plan: 'full' as const };

export async function tracePolicy(
  profile: ProfileId,
  kind: SubjectKind,
  checks: Check[],
  asReal = false,
): Promise<PolicyTrace> {
  const trace: PolicyTrace = { byCheck: new Map(), outside: new Set(), results: new Map() };
  let reads = trace.outside;
  const h = await startReference(profile, kind, [], [], (path) => reads.add(path));
  const subject = asReal ? realSubjectOf(h, kind) : subjectOf(h, kind);
  const opts = asReal ? REAL_RUN : { seed: SEED, plan: 'full' as const, runs: 5, enumerate: false };
  try {
    for (const c of checks.filter((x) => x.subject === kind)) {
      reads = new Set();
      trace.byCheck.set(c.id, reads);
      trace.results.set(c.id, await runChecks([c], subject, opts));
      reads = trace.outside;
    }
  } finally {
    await h.close();
  }
  return trace;
}

/** The checks a patch can change: those that read one of its knobs, every one if a knob was read
 *  outside the checks, or if there is no trace (`undefined`). */
export function touchedBy(trace: PolicyTrace | undefined, checks: Check[], patch: object | undefined): Check[] {
  if (!trace || !patch) return checks;
  const patched = patchedPaths(patch);
  if (touches(trace.outside, patched)) return checks;
  return checks.filter((c) => {
    const reads = trace.byCheck.get(c.id);
    return !reads || touches(reads, patched);
  });
}

export interface MetaOptions {
  /** run every check against each defect (not only those citing its rules) and require the failed
   *  rules to be exactly the ones it names: no defect breaks a rule it does not own up to */
  exact?: boolean;
}

/** The meta-tests of one profile and subject: the checks pass against the clean reference, and
 *  each defect of the catalogue makes the rules it names fail (the suite has teeth). */
export function defectMetaTests(
  profile: ProfileId,
  kind: SubjectKind,
  checks: Check[],
  catalogue: readonly Defect[],
  opts: MetaOptions = {},
): void {
  // the SDK subject on plain http (the default run, and every defect's), and only the checks that judge
  // its TLS (needsSdkTls: their rules skipped on plain http) again over HTTPS (--sdk-tls), their results
  // in place of the plain run's: every rule judged
  const tlsChecks = kind === 'sdk' ? checks.filter(needsSdkTls) : [];
  describe(`${profile} ${kind}: the clean reference passes every check`, () => {
    let results: CheckResult[] = [];
    // the TLS checks' results on plain http: skipped with their reason (NO_SDK_TLS)
    let plainTls: CheckResult[] = [];
    let cert!: ReturnType<typeof profileCertificate>;
    beforeAll(async () => {
      const plain = await certify(profile, kind, checks, [], 10, [], false);
      const isTls = (r: CheckResult) => tlsChecks.some((c) => c.id === r.id);
      results = plain.results;
      plainTls = results.filter(isTls);
      if (tlsChecks.length) {
        const tls = await certify(profile, kind, tlsChecks, [], 10);
        results = [...results.filter((r) => !isTls(r)), ...tls.results];
      }
      cert = profileCertificate(plain.subject, results);
    }, 300_000);
    test('no check fails or is inconclusive', () => {
      expect(explain(results)).toBe('');
    });
    // a rule judged only against real targets (rules.json realOnly) is skipped against the reference
    const realOnly = realOnlyRules(profile);
    test('every rule of the subject is judged and passed (asserted by some check, not merely cited)', () => {
      const notPassed = cert.rules
        .filter((r) => r.verdict !== 'passed' && !(r.verdict === 'skipped' && realOnly.has(r.id)))
        .map((r) => `${r.id} ${r.verdict}: ${r.reason}`);
      expect(notPassed).toEqual([]);
    });
    // judged in full: a check whose setup does not hold against paycert's own reference is a bug of
    // ours (gl.sdk.error-replies once refunded a one-step payment it expected refused: GL-SDK-05 "partly")
    test('no rule is only partly judged against the reference', () => {
      expect(cert.rules.filter((r) => r.partly?.length).map((r) => `${r.id}: ${r.reason}`)).toEqual([]);
    });
    test('no check is skipped against the reference (it offers every capability)', () => {
      const skipped = results.filter((r) => r.outcome === 'skipped' && !r.rules.every((id) => realOnly.has(id)));
      expect(skipped.map((r) => `${r.id}: ${r.reason}`)).toEqual([]);
      const unexplained = plainTls.filter((r) => !(r.outcome === 'skipped' && r.reason?.includes(NO_SDK_TLS)));
      expect(unexplained.map((r) => `${r.id} on plain http ${r.outcome}: ${r.reason}`)).toEqual([]);
    });
  });

  describe(`${profile} ${kind}: every defect is caught on the rule it names`, () => {
    // a policy defect's exactness run needs only the checks that read a knob it patches (the SDK
    // adapter's defects are not policy patches: every check runs). PAYCERT_META_UNTRACED=1 runs
    // every check against every defect, to compare.
    const traced = opts.exact && kind !== 'sdk' && !process.env.PAYCERT_META_UNTRACED;
    let trace: Promise<PolicyTrace> | undefined;
    // three at a time (test.concurrent, the integration project's maxConcurrency): each defect has its own
    // reference (and SDK adapter process)
    test.concurrent.each(catalogue.map((d) => [d.id, d] as const))('%s', async (_id, defect) => {
      const relevant = checks.filter((c) => c.subject === kind && c.rules.some((r) => defect.rules.includes(r)));
      expect(relevant.length, `no check cites ${defect.rules.join(', ')}`).toBeGreaterThan(0);
      // exactness: every other check runs too, its enumerations sampled (the relevant ones walk them)
      if (traced) trace ??= tracePolicy(profile, kind, checks);
      const patch = (defect as { patch?: object }).patch;
      const others = opts.exact
        ? touchedBy(traced ? await trace : undefined, checks, patch).filter((c) => !relevant.includes(c))
        : [];
      // over HTTPS only where a check of its rules needs it (tls-unverified); the rest on plain http, the default run
      const tls = relevant.some(needsSdkTls);
      const { cert, results } = await certify(profile, kind, relevant, [defect.id], 5, others, tls);
      for (const rule of defect.rules) {
        const v = cert.rules.find((r) => r.id === rule);
        expect(
          v?.verdict,
          `${defect.id} should fail ${rule}; got ${v?.verdict}: ${v?.reason}\n${explain(results)}`,
        ).toBe('failed');
      }
      if (opts.exact) {
        const failed = cert.rules
          .filter((r) => r.verdict === 'failed')
          .map((r) => r.id)
          .sort();
        expect(failed, `${defect.id} fails rules it does not name\n${explain(results)}`).toEqual(
          [...defect.rules].sort(),
        );
      }
    });
  });
}

/** The dual of the defect meta-tests: each tolerance variant (behaviour the seed allows) is judged as
 *  a real target would be: no rule may fail, and exactly the rules the variant names in `warns` warn
 *  (INFERRED and SHOULD failures are warnings there). A failure here means a check accuses a
 *  conformant system, or blames an inference the variant does not depart from. */
export function toleranceMetaTests(
  profile: ProfileId,
  kind: SubjectKind,
  checks: Check[],
  variants: readonly Variant[],
  opts: { traced?: boolean } = {},
): void {
  if (variants.length === 0) return;
  const traced = opts.traced && !process.env.PAYCERT_META_UNTRACED;
  const realOnly = realOnlyRules(profile);
  describe(`${profile} ${kind}: every tolerance variant passes as a real target`, () => {
    // `traced`: a variant's run needs only the checks that read a knob its patch sets; the others make
    // the same requests and get the same answers as against the clean reference judged the same way,
    // whose results they keep (tracePolicy's premise, as the defects'). It pays where most checks
    // never read a variant's knobs; the trace is one more full run. PAYCERT_META_UNTRACED=1 runs every check.
    let trace: Promise<PolicyTrace> | undefined;
    test.concurrent.each(variants.map((v) => [v.id, v] as const))('%s', async (_id, variant) => {
      const all = checks.filter((c) => c.subject === kind);
      const patch = (variant as { patch?: object }).patch;
      const clean = traced && patch ? await (trace ??= tracePolicy(profile, kind, all, true)) : undefined;
      const touched = touchedBy(clean, all, patch);
      const h = await startReference(profile, kind, [], [variant.id]);
      try {
        // a real target, but for the scripted payer and the ACS a real domain may offer too: a variant's
        // pages (a card page of a bank's own design) are judged as the payer meets them
        const offered = h.capabilities.filter((c) => c === 'payer' || c === 'acs') as Capability[];
        const real = realSubjectOf(h, kind);
        const subject = { ...real, capabilities: [...real.capabilities, ...offered] };
        const ran = await runChecks(touched, subject, REAL_RUN);
        const results = all.flatMap((c) =>
          touched.includes(c) ? ran.filter((r) => r.id === c.id) : clean!.results.get(c.id)!,
        );
        const cert = profileCertificate(subject, results);
        const failed = cert.rules.filter((r) => r.verdict === 'failed').map((r) => `${r.id} (${r.level}): ${r.reason}`);
        expect(failed, `${variant.id} is allowed by ${variant.allowedBy}\n${explain(results)}`).toEqual([]);
        // and it warns exactly the inferences it departs from (a realOnly rule warns any loopback reference)
        const warned = cert.rules.filter((r) => r.verdict === 'warning' && !realOnly.has(r.id));
        expect(
          warned.map((r) => r.id).sort(),
          `${variant.id} warns: ${warned.map((r) => `${r.id}: ${r.reason}`).join('\n')}`,
        ).toEqual([...(variant.warns ?? [])].sort());
        // and leaves no rule unjudged but those it lists (none, for all but a form we cannot read yet)
        const unjudged = cert.rules.filter((r) => r.verdict === 'inconclusive');
        expect(
          unjudged.map((r) => r.id).sort(),
          `${variant.id} leaves inconclusive: ${unjudged.map((r) => `${r.id}: ${r.reason}`).join('\n')}`,
        ).toEqual([...(variant.unjudged ?? [])].sort());
      } finally {
        await h.close();
      }
    });
  });
}
