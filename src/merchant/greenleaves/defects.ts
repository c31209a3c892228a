import type { Defect, Variant } from '../../sandbox/defects.ts';

export const GREENLEAVES_MERCHANT_DEFECTS = [
  { id: 'answers-differently-on-repeat', rules: ['GL-MCB-06'], description: 'answers a repeated call with error "already processed" instead of the first answer' },
  { id: 'rejects-without-can-reject', rules: ['GL-MCB-05'], description: 'rejects an order it cannot deliver even when pg_can_reject=0' },
  { id: 'skips-signature-verification', rules: ['GL-MCB-03'], description: 'never verifies pg_sig of a call' },
  { id: 'wrong-script-name', rules: ['GL-MCB-02'], description: 'signs its answers with the script name "index.php"' },
  { id: 'unsigned-answer', rules: ['GL-MCB-01'], description: 'answers without pg_salt and pg_sig' },
  { id: 'http-500-on-duplicate', rules: ['GL-MCB-06', 'GL-MCB-08'], description: 'answers HTTP 500 to a call for a payment it has already answered' },
  { id: 'requires-auth', rules: ['GL-MCB-11'], description: 'wants HTTP Basic authentication on result_url and check_url' },
  { id: 'forged-changes-state', rules: ['GL-MCB-04'], description: 'answers a forged call with error but remembers that answer for the payment' },
  { id: 'ignores-extra-fields', rules: ['GL-MCB-10'], description: 'verifies the signature over pg_ fields only' },
  { id: 'forgets-after-lifetime', rules: ['GL-MCB-07'], description: 'answers a repeat with error "order expired" once pg_lifetime has passed' },
  { id: 'concurrent-race', rules: ['GL-MCB-08'], description: 'answers error to a repeat that arrives while the first call is still being processed' },
  { id: 'rejects-failed-payment', rules: ['GL-MCB-09'], description: 'answers error to a call with pg_result=0' },
  { id: 'check-accepts-unknown', rules: ['GL-MCB-12'], description: 'check_url answers ok for an order it does not have' },
  { id: 'accepts-undeliverable', rules: ['GL-MCB-13'], description: 'answers ok for an expired order although it may reject' },
  { id: 'multipart-unsupported', rules: ['GL-MCB-15'], description: 'reads only application/x-www-form-urlencoded bodies' },
] as const satisfies readonly Defect[];

export type GreenleavesMerchantDefect = (typeof GREENLEAVES_MERCHANT_DEFECTS)[number]['id'];

/** Tolerance variants: behaviour the seed allows that differs from the reference (see Variant). */
export const GREENLEAVES_MERCHANT_VARIANTS = [] as const satisfies readonly Variant[];

export type GreenleavesMerchantVariant = (typeof GREENLEAVES_MERCHANT_VARIANTS)[number]['id'];
