import type { MerchantEntry } from '../registry-types.ts';
import { startGreenleavesMerchant } from './app.ts';
import { GREENLEAVES_MERCHANT_DEFECTS, GREENLEAVES_MERCHANT_VARIANTS } from './defects.ts';

export const merchant: MerchantEntry = {
  start: startGreenleavesMerchant,
  defects: GREENLEAVES_MERCHANT_DEFECTS,
  variants: GREENLEAVES_MERCHANT_VARIANTS,
};
