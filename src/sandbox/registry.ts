import type { ProfileId } from '../spec/paths.ts';
import type { Defect } from './defects.ts';
import type { SandboxHandle } from './handle.ts';
import type { Clock } from './clock.ts';
import { startGreenleavesSandbox } from './greenleaves/app.ts';
import { GREENLEAVES_DEFECTS } from './greenleaves/defects.ts';

export interface SandboxOptions {
  port?: number;
  host?: string;
  defects?: readonly string[];
  clock?: Clock;
  anyCallbackHost?: boolean;
}

interface Entry {
  start: (opts: SandboxOptions) => Promise<SandboxHandle>;
  defects: readonly Defect[];
}

/** The reference gateways, one per profile. */
export const SANDBOXES: Partial<Record<ProfileId, Entry>> = {
  greenleaves: { start: startGreenleavesSandbox, defects: GREENLEAVES_DEFECTS },
};

export function startSandbox(profile: ProfileId, opts: SandboxOptions = {}): Promise<SandboxHandle> {
  const e = SANDBOXES[profile];
  if (!e) throw new Error(`no reference sandbox for profile ${profile}`);
  return e.start(opts);
}
