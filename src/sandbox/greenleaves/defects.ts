import type { Defect, Variant } from '../../reference/defects.ts';

export const GREENLEAVES_DEFECTS = [
  { id: 'accepts-bad-signature', rules: ['GL-SIG-04', 'GL-ERR-01'], description: 'does not verify pg_sig at all' },
  { id: 'wrong-error-code', rules: ['GL-ERR-01'], description: 'answers a bad signature with pg_error_code 9999 instead of 1100' },
  { id: 'reply-wrong-script-name', rules: ['GL-SIG-12'], description: 'signs replies with the script name "response" instead of the called endpoint' },
  { id: 'unsigned-error-reply', rules: ['GL-SIG-11'], description: 'error replies of a known merchant carry no pg_salt / pg_sig' },
  { id: 'drops-reply-field', rules: ['GL-PAY-01'], description: 'the /g2g/payment success reply lacks pg_payment_id' },
  { id: 'accepts-overlong-field', rules: ['GL-PAY-02'], description: 'does not enforce the 50-character limit of pg_order_id' },
  { id: 'natural-flatten-order', rules: ['GL-SIG-06'], description: 'verifies nested data in natural order instead of the vendor class order' },
  { id: 'case-insensitive-signature', rules: ['GL-SIG-07'], description: 'accepts pg_sig in uppercase' },
  { id: 'ignores-extra-fields', rules: ['GL-SIG-04'], description: "leaves the merchant's non-pg_ fields out of the signature" },
  { id: 'latin1-hashing', rules: ['GL-SIG-08'], description: 'hashes the signature string as Latin-1 instead of UTF-8' },
  { id: 'missing-salt-accepted', rules: ['GL-SIG-01'], description: 'accepts a request without pg_salt' },
  { id: 'retry-wrong-schedule', rules: ['GL-CB-05'], description: 'retries a failed result_url call every 20 minutes, for one hour' },
  { id: 'allows-reject-on-retry', rules: ['GL-CB-06'], description: 'keeps pg_can_reject=1 on retries after a failed first call' },
  { id: 'callback-payload-changes', rules: ['GL-CB-07'], description: 'sends the attempt time as pg_payment_date, so every retry differs' },
  { id: 'callback-wrong-script-name', rules: ['GL-CB-03'], description: 'signs result_url calls with the script name "result_url"' },
  { id: 'callback-full-pan', rules: ['GL-CB-12'], description: 'sends the full card number in pg_card_pan' },
  { id: 'ignores-rejection', rules: ['GL-CB-08'], description: 'does not revoke a payment the merchant rejected with pg_can_reject=1' },
  { id: 'honours-late-rejection', rules: ['GL-CB-09'], description: 'revokes a payment rejected on a call with pg_can_reject=0' },
  { id: 'skips-3ds', rules: ['GL-PAY-06'], description: 'authorises 3-D Secure cards without the ACS step' },
  { id: 'token-any-user', rules: ['GL-TOK-02'], description: "charges a saved card's token for any pg_user_id" },
  { id: 'clearing-over-amount', rules: ['GL-OPS-03'], description: 'captures more than the authorised amount' },
  { id: 'no-failure-callback', rules: ['GL-CB-01'], description: 'does not call result_url for a payment that failed' },
  { id: 'retries-after-success', rules: ['GL-CB-10'], description: 'calls result_url again after an HTTP 200 answer' },
] as const satisfies readonly Defect[];

export type GreenleavesDefect = (typeof GREENLEAVES_DEFECTS)[number]['id'];

/** Tolerance variants: behaviour the seed allows that differs from the reference (see Variant). */
export const GREENLEAVES_VARIANTS = [] as const satisfies readonly Variant[];

export type GreenleavesVariant = (typeof GREENLEAVES_VARIANTS)[number]['id'];
