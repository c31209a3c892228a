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
}

export interface SandboxEntry {
  start: (opts: SandboxOptions) => Promise<SandboxHandle>;
  defects: readonly Defect[];
  variants: readonly Variant[];
}
