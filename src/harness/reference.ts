import type { ProfileId } from '../spec/paths.ts';
import type { SubjectKind } from '../spec/load.ts';
import type { SandboxHandle } from '../sandbox/handle.ts';
import { SANDBOXES, startSandbox } from '../sandbox/registry.ts';
import { MERCHANTS, startMerchant } from '../merchant/registry.ts';
import { LIMITS, type Capability, type Subject } from './subject.ts';

/** Start the embedded reference implementation playing `kind` for `profile`. */
export function startReference(profile: ProfileId, kind: SubjectKind, defects: readonly string[] = []): Promise<SandboxHandle> {
  if (kind === 'gateway') return startSandbox(profile, { defects });
  if (kind === 'merchant') return startMerchant(profile, { defects });
  throw new Error(`no embedded reference ${kind} for ${profile}`);
}

/** Which subjects have an embedded reference for a profile. */
export function referenceKinds(profile: ProfileId): SubjectKind[] {
  const out: SubjectKind[] = [];
  if (SANDBOXES[profile]) out.push('gateway');
  if (MERCHANTS[profile]) out.push('merchant');
  return out;
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
    info: { implementation: 'paycert-reference (embedded)', defects: h.defects },
  };
}
