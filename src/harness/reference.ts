import type { ProfileId } from '../spec/paths.ts';
import type { SubjectKind } from '../spec/load.ts';
import type { SandboxHandle } from '../reference/handle.ts';
import { SANDBOXES, startSandbox } from '../sandbox/registry.ts';
import { MERCHANTS, startMerchant } from '../merchant/registry.ts';
import { SDK_DEFECTS, SDK_VARIANTS } from '../sdk-adapter/defects.ts';
import { LIMITS, type Capability, type Subject } from './subject.ts';
import { join } from 'node:path';
import { ROOT } from '../spec/paths.ts';

/** The reference SDK adapter as a command line (paycert's own clients behind the adapter protocol). */
export function referenceAdapterCommand(
  profile: ProfileId,
  defects: readonly string[] = [],
  variants: readonly string[] = [],
): string[] {
  // PAYCERT_CPU_PROF=DIR: a CPU profile of the adapter child too (node refuses --cpu-prof in NODE_OPTIONS)
  const prof = process.env.PAYCERT_CPU_PROF;
  return [
    process.execPath,
    ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []),
    join(ROOT, 'bin', 'paycert.mjs'),
    'sdk-adapter',
    '--profile',
    profile,
    ...defects.flatMap((d) => ['--defect', d]),
    ...variants.flatMap((v) => ['--variant', v]),
  ];
}

/** Start the embedded reference implementation playing `kind` for `profile`. `policyReads`: told
 *  each policy knob the reference gateway or merchant reads (the meta-tests' trace). */
export function startReference(
  profile: ProfileId,
  kind: SubjectKind,
  defects: readonly string[] = [],
  variants: readonly string[] = [],
  policyReads?: (path: string) => void,
): Promise<SandboxHandle> {
  if (kind === 'gateway') return startSandbox(profile, { defects, variants, policyReads });
  if (kind === 'merchant') return startMerchant(profile, { defects, variants, policyReads });
  if (kind === 'sdk') {
    // the SDK talks to the clean reference gateway (behind each check's recorder); the defects
    // are the reference adapter's, sent with each request (subjectOf): one adapter
    // process per profile serves them all. A variant is on the adapter's command line (its own process)
    const known = new Set(SDK_DEFECTS[profile].map((d) => d.id));
    const unknown = defects.find((d) => !known.has(d));
    if (unknown !== undefined) return Promise.reject(new Error(`unknown sdk defect "${unknown}" for ${profile}`));
    const knownVariants = new Set(SDK_VARIANTS[profile].map((v) => v.id));
    const unknownVariant = variants.find((v) => !knownVariants.has(v));
    if (unknownVariant !== undefined)
      return Promise.reject(new Error(`unknown sdk variant "${unknownVariant}" for ${profile}`));
    return startSandbox(profile, { sdk: true }).then((h) => ({
      ...h,
      role: 'sdk' as const,
      defects: [...defects],
      variants: [...variants],
      sdkCommand: referenceAdapterCommand(profile, [], variants),
    }));
  }
  throw new Error(`no embedded reference ${kind} for ${profile}`);
}

/** Which subjects have an embedded reference for a profile. */
export function referenceKinds(profile: ProfileId): SubjectKind[] {
  return MERCHANTS[profile] ? ['gateway', 'merchant', 'sdk'] : ['gateway', 'sdk'];
}

export function subjectOf(h: SandboxHandle, kind: SubjectKind): Subject {
  return {
    profile: h.profile as ProfileId,
    kind,
    target: 'reference',
    baseUrl: h.url,
    checkUrl: h.checkUrl,
    declarationPath: h.declarationPath,
    controlUrl: h.controlUrl,
    capabilities: h.capabilities as Capability[],
    limits: LIMITS.reference,
    slow: true,
    ...(h.sdkCommand && { sdk: { command: h.sdkCommand, ...(h.defects.length > 0 && { defects: h.defects }) } }),
    info: {
      implementation: kind === 'sdk' ? 'paycert reference SDK adapter' : 'paycert-reference (embedded)',
      defects: h.defects,
      variants: h.variants,
    },
  };
}

/** Where the test workers serve `paycert run`'s embedded references: loopback, a port per worker. */
export const EMBEDDED_ORIGIN = 'http://127.0.0.1';

/** `paycert run`'s embedded reference playing `kind` for `profile`, as the run's config names it:
 *  each test worker starts its own and fills in the addresses (src/harness/embedded.ts). */
export function embeddedSubject(profile: ProfileId, kind: SubjectKind): Subject {
  const entry = kind === 'merchant' ? MERCHANTS[profile] : SANDBOXES[profile];
  if (!entry) throw new Error(`no embedded reference ${kind} for ${profile}`);
  return {
    profile,
    kind,
    target: 'reference',
    baseUrl: EMBEDDED_ORIGIN,
    embedded: true,
    capabilities: [...entry.capabilities] as Capability[],
    limits: LIMITS.reference,
    slow: true,
    ...(kind === 'sdk' && { sdk: { command: referenceAdapterCommand(profile) } }),
    info: {
      implementation: kind === 'sdk' ? 'paycert reference SDK adapter' : 'paycert-reference (embedded)',
      defects: [],
      variants: [],
    },
  };
}

/** A running reference seen as a real system would be: no control API, no clock or scripted payer,
 *  the verdict policy of a real target. Unpaced, with a reference's waits and few property runs: it
 *  is on loopback and calls at once. The tolerance meta-tests judge the variants this way, as a
 *  third party's conformant system. */
export function realSubjectOf(h: SandboxHandle, kind: SubjectKind, runs = 5): Subject {
  return {
    profile: h.profile as ProfileId,
    kind,
    target: 'real',
    baseUrl: h.url,
    checkUrl: h.checkUrl,
    declarationPath: h.declarationPath,
    capabilities: ['callbacks'],
    limits: {
      ...LIMITS.real,
      numRuns: runs,
      minIntervalMs: 0,
      callbackWaitMs: LIMITS.reference.callbackWaitMs,
      quietMs: LIMITS.reference.quietMs,
    },
    slow: false,
    ...(h.sdkCommand && { sdk: { command: h.sdkCommand } }),
  };
}
