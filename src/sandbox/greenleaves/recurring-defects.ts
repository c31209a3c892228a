import type { PolicyDefect } from '../../reference/policy.ts';
import type { GreenleavesPolicy } from './policy.ts';

/** Defects of recurring payments, the card list and the saved-card payment with CVC entry (recurring.ts). */
export const RECURRING_DEFECTS = [
  {
    id: 'no-recurring-profile',
    rules: ['GL-REC-01'],
    description: 'an accepted payment with pg_recurring_start=1 gets no pg_recurring_profile',
    patch: { recurring: { createsProfile: false } },
  },
  {
    id: 'recurrent-no-profile-in-reply',
    rules: ['GL-REC-02'],
    description: 'the /g2g/recurrent success reply lacks pg_recurring_profile',
    patch: { recurring: { profileInReply: false } },
  },
  {
    id: 'recurrent-accepts-long-order-id',
    rules: ['GL-REC-03'],
    description: '/g2g/recurrent does not enforce the 50-character limit of pg_order_id',
    patch: { fields: { lengthUnchecked: { 'recurrent-request': ['pg_order_id'] } } },
  },
  {
    id: 'recurrent-any-profile',
    rules: ['GL-REC-04'],
    description: '/g2g/recurrent charges a pg_recurring_profile it never created',
    patch: { recurring: { checksProfile: false } },
  },
  {
    id: 'recurring-never-expires',
    rules: ['GL-REC-05'],
    description: 'a recurring profile is charged after pg_recurring_lifetime months',
    patch: { recurring: { expires: false } },
  },
  {
    id: 'recurring-expired-code-340',
    rules: ['GL-REC-06'],
    description: 'a charge on an ended recurring profile is refused with 340 instead of 365',
    patch: { recurring: { expiredCode: 340 } },
  },
  {
    id: 'card-list-status-active',
    rules: ['GL-CARD-04'],
    description: 'the card list marks confirmed cards "active" instead of "approved"',
    patch: { cards: { approvedStatus: 'active' } },
  },
  {
    id: 'card-list-full-pan',
    rules: ['GL-CARD-05', 'GL-PAY-12'],
    description: 'the card list shows the full card number in pg_card_hash',
    patch: { cards: { masksPan: false } },
  },
  {
    id: 'card-list-accepts-long-user-id',
    rules: ['GL-CARD-05'],
    description: 'the card list does not enforce the 50-character limit of pg_user_id',
    patch: { fields: { lengthUnchecked: { 'card-list-request': ['pg_user_id'] } } },
  },
  {
    id: 'card-list-all-users',
    rules: ['GL-CARD-06'],
    description: "the card list shows every payer's cards",
    patch: { cards: { ownOnly: false } },
  },
  {
    id: 'card-list-unconfirmed-approved',
    rules: ['GL-CARD-07'],
    description: 'a card whose first payment waits for 3-D Secure is listed as approved',
    patch: { cards: { unconfirmedApproved: true } },
  },
  {
    id: 'card-pay-cvc-no-form',
    rules: ['GL-CARD-08'],
    description: 'stage 2 with CVC entry charges the saved card at once, without the CVC form',
    patch: { cards: { cvcForm: false } },
  },
  {
    id: 'card-pay-cvc-unchecked',
    rules: ['GL-CARD-09'],
    description: 'the saved-card CVC form completes the payment with any CVC',
    patch: { cards: { cvcChecked: false } },
  },
] as const satisfies readonly PolicyDefect<GreenleavesPolicy>[];
