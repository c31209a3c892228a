import type { SandboxEntry } from '../registry-types.ts';
import { GREENLEAVES_V5_CAPABILITIES, startGreenleavesV5Sandbox } from './app.ts';
import { GREENLEAVES_V5_DEFECTS, GREENLEAVES_V5_VARIANTS } from './defects.ts';

export const sandbox: SandboxEntry = {
  capabilities: GREENLEAVES_V5_CAPABILITIES,
  start: startGreenleavesV5Sandbox,
  defects: GREENLEAVES_V5_DEFECTS,
  variants: GREENLEAVES_V5_VARIANTS,
};
