import { addMonthsUtc } from '../../protocols/greenleaves-v5/index.ts';
import { iso, type Gw, type Violation } from './context.ts';
import { cardToken, fromCents, type Operation, type Payment } from './store.ts';
import type { Body } from './body.ts';

const DAY = 86_400_000;

export interface From {
  card: { pan: string };
  save?: boolean;
  recurrent?: { lifetime: number };
}

/** card_token (V5-REC-01) and recurrent (V5-REC-02) of a new payment; none when it was declined. */
export function saveCard(gw: Gw, p: Payment, from: From): void {
  if (p.status === 'declined') return;
  const o = gw.policy.objects;
  if (from.save === true || !o.saveNeedsFlag) p.cardToken = gw.policy.payments.cardTokenIsPan ? p.pan : cardToken(); // V5-FMT-03
  const lifetime = from.recurrent?.lifetime;
  if (lifetime === undefined) return;
  const expiresAt = o.lifetimeUnit === 'months' ? addMonthsUtc(p.createdAt, lifetime) : p.createdAt + lifetime * DAY;
  p.recurrent = { token: cardToken(), lifetime, expiresAt };
}

/** One history entry for a processed operation, after the payment changed (V5-OBJ-01, V5-OBJ-02). */
export function record(gw: Gw, p: Payment, type: Operation['type'], amount: number): void {
  const o = gw.policy.objects;
  if (type === 'create' ? !o.historyRecordsCreate : !o.historyEdits) return;
  // the knob read only where it changes the entry (a later refund): see headerFault in verify.ts
  const total = type === 'refund' && p.refunded !== amount && o.historyAmount === 'running-total';
  p.operations.push({ type, amount: total ? p.refunded : amount, status: p.status, at: p.updatedAt });
}

/** recurrent and operations of the reply (payment.schema.json). */
export function recurrentJson(p: Payment): Record<string, unknown> | undefined {
  const r = p.recurrent;
  return r && { token: r.token, lifetime: r.lifetime, expires_at: iso(r.expiresAt) };
}

/** `word`: the status word on the wire (a variant's own words) */
export function operationsJson(p: Payment, word: (status: string) => string): Record<string, unknown>[] {
  return p.operations.map((o) => ({
    type: o.type,
    amount: fromCents(o.amount),
    status: word(o.status),
    at: iso(o.at),
  }));
}

/** A defect accepts a lifetime above the schema's 156 (V5-REC-03). */
export function lenientLifetime(gw: Gw, body: Body, f: Violation): boolean {
  if (gw.policy.objects.lifetimeCapped || f.field !== 'from.recurrent.lifetime') return false;
  const v = ((body.from as { recurrent?: { lifetime?: unknown } } | undefined)?.recurrent ?? {}).lifetime;
  return typeof v === 'number' && Number.isInteger(v) && v > 156;
}
