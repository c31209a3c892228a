import type { SandboxEntry } from '../registry-types.ts';

/** The jysan reference gateway (undefined until it is written). */
export const sandbox: SandboxEntry | undefined = undefined;
