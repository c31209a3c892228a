import type { MerchantEntry } from '../registry-types.ts';
import { GREENLEAVES_MERCHANT_CAPABILITIES, startGreenleavesMerchant } from './app.ts';
import { GREENLEAVES_MERCHANT_DEFECTS, GREENLEAVES_MERCHANT_VARIANTS } from './defects.ts';

export const merchant: MerchantEntry = {
  capabilities: GREENLEAVES_MERCHANT_CAPABILITIES,
  start: startGreenleavesMerchant,
  defects: GREENLEAVES_MERCHANT_DEFECTS,
  variants: GREENLEAVES_MERCHANT_VARIANTS,
};
