import type { Signer } from './types.ts';

/** paycert sign jysan (undefined until it is written). */
export const signer: Signer | undefined = undefined;
