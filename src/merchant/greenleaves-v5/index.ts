import type { MerchantEntry } from '../registry-types.ts';
import { GREENLEAVES_V5_MERCHANT_CAPABILITIES, startGreenleavesV5Merchant } from './app.ts';
import { GREENLEAVES_V5_MERCHANT_DEFECTS, GREENLEAVES_V5_MERCHANT_VARIANTS } from './defects.ts';

export const merchant: MerchantEntry = {
  capabilities: GREENLEAVES_V5_MERCHANT_CAPABILITIES,
  start: startGreenleavesV5Merchant,
  defects: GREENLEAVES_V5_MERCHANT_DEFECTS,
  variants: GREENLEAVES_V5_MERCHANT_VARIANTS,
};
