import type { Clock } from '../reference/clock.ts';
import type { Defect, Variant } from '../reference/defects.ts';
import type { SandboxHandle } from '../reference/handle.ts';

export interface SandboxOptions {
  port?: number;
  host?: string;
  defects?: readonly string[];
  /** tolerance variants to switch on (behaviour the seed allows) */
  variants?: readonly string[];
  clock?: Clock;
  /** deliver callbacks to non-loopback hosts too (off by default: tests stay on loopback) */
  anyCallbackHost?: boolean;
  /** the meta-tests' trace: told the path of every policy knob the reference reads (policy.ts `traced`) */
  policyReads?: (path: string) => void;
  /** the gateway of an SDK run: it takes the credentials the SDK is configured with (sdkCredentials) */
  sdk?: boolean;
}

export interface SandboxEntry {
  /** what its control API offers (Subject.capabilities), known before it starts */
  capabilities: readonly string[];
  start: (opts: SandboxOptions) => Promise<SandboxHandle>;
  defects: readonly Defect[];
  variants: readonly Variant[];
}
