import type { ProfileId } from '../spec/paths.ts';
import type { SandboxHandle } from '../reference/handle.ts';
import type { SandboxEntry, SandboxOptions } from './registry-types.ts';
import { sandbox as greenleaves } from './greenleaves/index.ts';
import { sandbox as greenleavesV5 } from './greenleaves-v5/index.ts';
import { sandbox as jysan } from './jysan/index.ts';

export type { SandboxEntry, SandboxOptions };

/** The reference gateways, one per profile (a new profile does not compile without its entry). */
export const SANDBOXES: Record<ProfileId, SandboxEntry> = { greenleaves, 'greenleaves-v5': greenleavesV5, jysan };

export function startSandbox(profile: ProfileId, opts: SandboxOptions = {}): Promise<SandboxHandle> {
  return SANDBOXES[profile].start(opts);
}
