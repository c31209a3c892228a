import type { Running } from './server.ts';
import type { Scheduler } from './clock.ts';

/** A running reference implementation, as the CLI and the harness see it. */
export interface SandboxHandle {
  profile: string;
  role: 'gateway' | 'merchant' | 'sdk';
  /** gateway: base URL; merchant: result_url */
  url: string;
  /** merchant: check_url */
  checkUrl?: string;
  /** merchant: the declaration file */
  declarationPath?: string;
  controlUrl: string;
  capabilities: string[];
  defects: string[];
  variants: string[];
  scheduler?: Scheduler;
  /** sdk: the reference adapter's command line */
  sdkCommand?: string[];
  close(): Promise<void>;
}

export function handleFrom(
  running: Running,
  rest: Omit<SandboxHandle, 'url' | 'controlUrl' | 'close'> & { close?: () => Promise<void> },
): SandboxHandle {
  return {
    ...rest,
    url: running.url,
    controlUrl: `${running.url}/__paycert`,
    close: async () => {
      rest.scheduler?.stop();
      await rest.close?.();
      await running.close();
    },
  };
}
