import type { MerchantEntry } from '../registry-types.ts';
import { startJysanMerchant } from './app.ts';
import { JYSAN_MERCHANT_DEFECTS, JYSAN_MERCHANT_VARIANTS } from './defects.ts';

export const merchant: MerchantEntry = {
  start: startJysanMerchant,
  defects: JYSAN_MERCHANT_DEFECTS,
  variants: JYSAN_MERCHANT_VARIANTS,
};
