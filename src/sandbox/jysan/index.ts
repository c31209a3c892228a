import type { SandboxEntry } from '../registry-types.ts';
import { JYSAN_CAPABILITIES, startJysanSandbox } from './app.ts';
import { JYSAN_DEFECTS, JYSAN_VARIANTS } from './defects.ts';

/** The jysan reference gateway: src/sandbox/jysan/app.ts. */
export const sandbox: SandboxEntry = {
  capabilities: JYSAN_CAPABILITIES,
  start: startJysanSandbox,
  defects: JYSAN_DEFECTS,
  variants: JYSAN_VARIANTS,
};
