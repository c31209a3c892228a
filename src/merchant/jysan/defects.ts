import type { Defect, Variant } from '../../reference/defects.ts';

export const JYSAN_MERCHANT_DEFECTS = [
  { id: 'accepts-forged-redirect', rules: ['JY-MRD-01'], description: 'takes the BACKREF redirect as proof of payment without verifying its sign' },
  { id: 'keeps-line-breaks', rules: ['JY-MRD-02'], description: 'verifies sign over res_desc with its CR/LF kept, so genuine redirects with a multi-line res_desc are refused' },
  { id: 'forged-blocks-order', rules: ['JY-MRD-03'], description: 'after a forged redirect, locks the order and refuses the genuine one' },
  { id: 'repeat-differs', rules: ['JY-MRD-04'], description: 'answers a reloaded redirect with 409 "already processed"' },
  { id: 'requires-auth', rules: ['JY-MRD-05'], description: 'wants HTTP Basic authentication on BACKREF' },
  { id: 'failure-crashes', rules: ['JY-MRD-06'], description: 'answers HTTP 500 to a redirect for a failed payment' },
] as const satisfies readonly Defect[];

export type JysanMerchantDefect = (typeof JYSAN_MERCHANT_DEFECTS)[number]['id'];

/** Tolerance variants: behaviour the seed allows that differs from the reference (see Variant). */
export const JYSAN_MERCHANT_VARIANTS = [
  {
    id: 'refuses-with-400', description: 'refuses a redirect whose sign does not verify with HTTP 400 (the reference uses 403)',
    allowedBy: 'seed silence: seed 002 names BACKREF only ("Ссылка для отправки результата по заказу") and fixes no status; JY-MRD-01 asks for any 4xx',
  },
  {
    id: 'accepts-with-redirect', description: 'answers every genuine redirect with 303 See Other to its own result page',
    allowedBy: 'seed silence: seed 002 fixes no answer for BACKREF; JY-MRD-02 asks for 2xx or 3xx',
  },
  {
    id: 'declined-page-402', description: 'answers the redirect of a declined payment with its "payment failed" page and HTTP 402',
    allowedBy: 'seed silence: seed 002 fixes no answer for BACKREF; JY-MRD-06 forbids only a server error',
  },
] as const satisfies readonly Variant[];

export type JysanMerchantVariant = (typeof JYSAN_MERCHANT_VARIANTS)[number]['id'];
