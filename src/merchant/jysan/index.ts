import type { MerchantEntry } from '../registry-types.ts';
import { JYSAN_MERCHANT_CAPABILITIES, startJysanMerchant } from './app.ts';
import { JYSAN_MERCHANT_DEFECTS, JYSAN_MERCHANT_VARIANTS } from './defects.ts';

export const merchant: MerchantEntry = {
  capabilities: JYSAN_MERCHANT_CAPABILITIES,
  start: startJysanMerchant,
  defects: JYSAN_MERCHANT_DEFECTS,
  variants: JYSAN_MERCHANT_VARIANTS,
};
