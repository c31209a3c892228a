import type { SandboxEntry } from '../registry-types.ts';
import { GREENLEAVES_CAPABILITIES, startGreenleavesSandbox } from './app.ts';
import { GREENLEAVES_DEFECTS, GREENLEAVES_VARIANTS } from './defects.ts';

export const sandbox: SandboxEntry = {
  capabilities: GREENLEAVES_CAPABILITIES,
  start: startGreenleavesSandbox,
  defects: GREENLEAVES_DEFECTS,
  variants: GREENLEAVES_VARIANTS,
};
