import type { ProfileId } from '../spec/paths.ts';
import type { SandboxHandle } from '../reference/handle.ts';
import type { MerchantEntry, MerchantOptions } from './registry-types.ts';
import { merchant as greenleaves } from './greenleaves/index.ts';
import { merchant as jysan } from './jysan/index.ts';

export type { MerchantEntry, MerchantOptions };

/** The reference merchants (result_url / check_url, BACKREF apps). Every profile has an entry, so a
 *  new profile does not compile until someone decides; `null` is that decision: no reference merchant. */
export const MERCHANTS: Record<ProfileId, MerchantEntry | null> = {
  greenleaves,
  // v5's seed describes the gateway API only: no merchant-side rules, so no reference merchant
  'greenleaves-v5': null,
  jysan,
};

export function startMerchant(profile: ProfileId, opts: MerchantOptions = {}): Promise<SandboxHandle> {
  const e = MERCHANTS[profile];
  if (!e) throw new Error(`no reference merchant for profile ${profile}`);
  return e.start(opts);
}
