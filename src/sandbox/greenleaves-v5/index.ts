import type { SandboxEntry } from '../registry-types.ts';
import { startGreenleavesV5Sandbox } from './app.ts';
import { GREENLEAVES_V5_DEFECTS } from './defects.ts';

export const sandbox: SandboxEntry = { start: startGreenleavesV5Sandbox, defects: GREENLEAVES_V5_DEFECTS };
