import type { ProfileId } from '../spec/paths.ts';
import type { Defect, Variant } from '../sandbox/defects.ts';
import type { SandboxHandle } from '../sandbox/handle.ts';
import { merchant as greenleaves } from './greenleaves/index.ts';
import { merchant as jysan } from './jysan/index.ts';

export interface MerchantOptions {
  port?: number;
  host?: string;
  defects?: readonly string[];
  /** tolerance variants to switch on (behaviour the seed allows) */
  variants?: readonly string[];
  /** where the merchant keeps its orders and answers (survives a restart); a temporary file by default */
  storePath?: string;
}

export interface MerchantEntry {
  start: (opts: MerchantOptions) => Promise<SandboxHandle>;
  defects: readonly Defect[];
  variants: readonly Variant[];
}

/** The reference merchants (result_url / check_url, BACKREF apps), one per profile with callbacks. */
export const MERCHANTS: Partial<Record<ProfileId, MerchantEntry>> = { greenleaves, jysan };

export function startMerchant(profile: ProfileId, opts: MerchantOptions = {}): Promise<SandboxHandle> {
  const e = MERCHANTS[profile];
  if (!e) throw new Error(`no reference merchant for profile ${profile}`);
  return e.start(opts);
}
