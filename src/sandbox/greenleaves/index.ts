import type { SandboxEntry } from '../registry-types.ts';
import { startGreenleavesSandbox } from './app.ts';
import { GREENLEAVES_DEFECTS, GREENLEAVES_VARIANTS } from './defects.ts';

export const sandbox: SandboxEntry = {
  start: startGreenleavesSandbox,
  defects: GREENLEAVES_DEFECTS,
  variants: GREENLEAVES_VARIANTS,
};
