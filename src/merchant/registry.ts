import type { ProfileId } from '../spec/paths.ts';
import type { SandboxHandle } from '../reference/handle.ts';
import type { MerchantEntry, MerchantOptions } from './registry-types.ts';
import { merchant as greenleaves } from './greenleaves/index.ts';
import { merchant as greenleavesV5 } from './greenleaves-v5/index.ts';
import { merchant as jysan } from './jysan/index.ts';

export type { MerchantEntry, MerchantOptions };

/** The reference merchants (result_url / check_url, BACKREF apps). Every profile has an entry, so a
 *  new profile does not compile until someone decides; `null` is that decision: no reference merchant. */
export const MERCHANTS: Record<ProfileId, MerchantEntry | null> = {
  greenleaves,
  // the v5 callbacks (urls.check_url / urls.result_url) are INFERRED: V5-MCB-* rules
  'greenleaves-v5': greenleavesV5,
  jysan,
};

export function startMerchant(profile: ProfileId, opts: MerchantOptions = {}): Promise<SandboxHandle> {
  const e = MERCHANTS[profile];
  if (!e) throw new Error(`no reference merchant for profile ${profile}`);
  return e.start(opts);
}
