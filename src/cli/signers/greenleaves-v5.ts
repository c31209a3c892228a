import type { Signer } from './types.ts';

/** paycert sign greenleaves-v5 (undefined until it is written). */
export const signer: Signer | undefined = undefined;
