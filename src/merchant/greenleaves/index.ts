import type { MerchantEntry } from '../registry.ts';
import { startGreenleavesMerchant } from './app.ts';
import { GREENLEAVES_MERCHANT_DEFECTS } from './defects.ts';

export const merchant: MerchantEntry = { start: startGreenleavesMerchant, defects: GREENLEAVES_MERCHANT_DEFECTS };
