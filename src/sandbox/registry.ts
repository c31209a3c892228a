import type { ProfileId } from '../spec/paths.ts';
import type { SandboxHandle } from './handle.ts';
import type { SandboxEntry, SandboxOptions } from './registry-types.ts';
import { sandbox as greenleaves } from './greenleaves/index.ts';
import { sandbox as greenleavesV5 } from './greenleaves-v5/index.ts';
import { sandbox as jysan } from './jysan/index.ts';

export type { SandboxEntry, SandboxOptions };

/** The reference gateways, one per profile. */
export const SANDBOXES: Partial<Record<ProfileId, SandboxEntry>> = Object.fromEntries(
  Object.entries({ greenleaves, 'greenleaves-v5': greenleavesV5, jysan }).filter(([, e]) => e !== undefined),
);

export function startSandbox(profile: ProfileId, opts: SandboxOptions = {}): Promise<SandboxHandle> {
  const e = SANDBOXES[profile];
  if (!e) throw new Error(`no reference sandbox for profile ${profile}`);
  return e.start(opts);
}
