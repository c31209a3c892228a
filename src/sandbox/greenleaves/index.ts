import type { SandboxEntry } from '../registry-types.ts';
import { startGreenleavesSandbox } from './app.ts';
import { GREENLEAVES_DEFECTS } from './defects.ts';

export const sandbox: SandboxEntry = { start: startGreenleavesSandbox, defects: GREENLEAVES_DEFECTS };
