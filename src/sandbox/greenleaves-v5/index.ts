import type { SandboxEntry } from '../registry-types.ts';

/** The greenleaves-v5 reference gateway (undefined until it is written). */
export const sandbox: SandboxEntry | undefined = undefined;
