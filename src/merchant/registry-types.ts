import type { Defect, Variant } from '../reference/defects.ts';
import type { SandboxHandle } from '../reference/handle.ts';

// Apart from registry.ts so that the merchants' index.ts files can name MerchantEntry without
// importing the registry that imports them.

export interface MerchantOptions {
  port?: number;
  host?: string;
  defects?: readonly string[];
  /** tolerance variants to switch on (behaviour the seed allows) */
  variants?: readonly string[];
  /** where the merchant keeps its orders and answers (survives a restart); a temporary file by default */
  storePath?: string;
  /** the meta-tests' trace: told the path of every policy knob the reference reads (policy.ts `traced`) */
  policyReads?: (path: string) => void;
}

export interface MerchantEntry {
  /** what its control API offers (Subject.capabilities), known before it starts */
  capabilities: readonly string[];
  start: (opts: MerchantOptions) => Promise<SandboxHandle>;
  defects: readonly Defect[];
  variants: readonly Variant[];
}
