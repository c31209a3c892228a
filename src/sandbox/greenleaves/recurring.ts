// Recurring profiles (/g2g/recurrent), the card list, and the saved-card payment with CVC entry.
import { randomBytes } from 'node:crypto';
import type { PgMessage } from '../../protocols/greenleaves/index.ts';
import { html, type Outgoing } from '../../reference/server.ts';
import { BoundedMap, defaultRetention } from '../retention.ts';
import { error, isoNow, reply, type Gw } from './context.ts';
import { authorise, CODES, fail, newPayment } from './handlers.ts';
import { esc, resultPage } from './pages.ts';
import type { Payment, Store } from './store.ts';

interface Profile {
  id: string;
  pan: string;
  /** end of the profile (pg_recurring_lifetime months after the first payment) */
  endsAt: number;
}

/** The longest documented lifetime (digest §3.1: 1..156 months), also taken when none is sent (our choice). */
const MAX_MONTHS = 156;

const PROFILES = new WeakMap<Store, BoundedMap<string, Profile>>();
function profiles(gw: Gw): BoundedMap<string, Profile> {
  let m = PROFILES.get(gw.store);
  if (!m) {
    const now = () => gw.clock.now();
    // like saved cards: only the cap applies
    m = new BoundedMap<string, Profile>(now, { finished: () => false, at: () => now() }, defaultRetention());
    PROFILES.set(gw.store, m);
  }
  return m;
}

const s = (m: PgMessage, k: string): string | undefined => (typeof m[k] === 'string' ? (m[k] as string) : undefined);

function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.getTime();
}

/** GL-REC-01: the profile an accepted payment with pg_recurring_start=1 creates (once per payment). */
export function recurringProfile(gw: Gw, p: Payment): string | undefined {
  if (s(p.request, 'pg_recurring_start') !== '1' || !gw.policy.recurring.createsProfile || !p.pan) return undefined;
  const id = `${p.id}01`;
  if (!profiles(gw).has(id)) {
    const months = Number(s(p.request, 'pg_recurring_lifetime') ?? MAX_MONTHS);
    profiles(gw).set(id, { id, pan: p.pan, endsAt: addMonths(p.paidAt ?? gw.clock.now(), months) });
  }
  return id;
}

/** Control action `recurring/age` {profile, ms}: the profile ends `ms` earlier, as if it had been
 *  created that much before (the lifetime check needs an old profile, not a clock every check shares). */
export function ageProfile(gw: Gw, body: unknown): { endsAt: number } {
  const { profile, ms } = (body ?? {}) as { profile?: unknown; ms?: unknown };
  const prof = typeof profile === 'string' ? profiles(gw).get(profile) : undefined;
  if (!prof) throw new Error('profile: not a recurring profile of this sandbox');
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > 200 * 366 * 86_400_000)
    throw new Error('ms: a number of milliseconds from 0 to 200 years');
  prof.endsAt -= ms;
  return { endsAt: prof.endsAt };
}

/** POST /g2g/recurrent: charge a profile without CVC and without the payer (GL-REC-02). */
export function recurrent(gw: Gw, script: string, m: PgMessage): Outgoing {
  const pol = gw.policy.recurring;
  const id = s(m, 'pg_recurring_profile')!;
  const prof = profiles(gw).get(id);
  if (!prof && pol.checksProfile) return error(gw, script, CODES.notFound, 'unknown pg_recurring_profile'); // GL-REC-04
  // GL-REC-05, GL-REC-06
  if (prof && pol.expires && gw.clock.now() >= prof.endsAt)
    return error(gw, script, pol.expiredCode, 'the recurring profile has ended');
  const pan = prof?.pan ?? [...gw.cards.values()].find((c) => c.auth && !c.threeDs)!.pan;
  const card = gw.cards.get(pan);
  const p = newPayment(gw, m, 'recurring');
  if (!card?.auth) {
    void fail(gw, p, pan);
    return error(gw, script, CODES.declined, undefined, { pg_payment_id: p.id });
  }
  void authorise(gw, p, card);
  const f: PgMessage = { pg_status: 'ok', pg_payment_id: p.id };
  if (pol.profileInReply) f.pg_recurring_profile = id;
  f.pg_datetime = isoNow(gw);
  return reply(gw, script, f);
}

function masked(pan: string, mask: boolean): string {
  return mask ? `${pan.slice(0, 4)}-${pan.slice(4, 6)}XX-XXXX-${pan.slice(-4)}` : pan;
}

/** POST /v1/merchant/{id}/cardstorage/list: the payer's saved cards with their statuses (GL-CARD-04..07). */
export function cardList(gw: Gw, script: string, m: PgMessage): Outgoing {
  const pol = gw.policy.cards;
  const user = s(m, 'pg_user_id');
  // the user's own cards from the store's index; a defect lists every saved card
  const cards: PgMessage[] = (pol.ownOnly ? gw.store.cardsOf(user ?? '') : [...gw.store.tokens.values()])
    .filter((c) => c.userId === user || !pol.ownOnly)
    .map((c) => ({
      pg_card_token: c.token,
      pg_status: c.approved || pol.unconfirmedApproved ? pol.approvedStatus : 'new',
      pg_card_hash: masked(c.pan, pol.masksPan),
    }));
  const f: PgMessage = { pg_status: 'ok' };
  // one card is one element; a one-element array would be signed differently from what the payer parses
  if (cards.length > 0) f.card = cards.length === 1 ? cards[0]! : cards;
  return reply(gw, script, f);
}

function cvcPage(action: string, p: Payment, note = ''): string {
  const pan = p.pan ? `${p.pan.slice(0, 6)}******${p.pan.slice(-4)}` : '';
  return `<!doctype html>\n<html lang="ru"><head><meta charset="utf-8"><title>Оплата сохраненной картой</title></head>
<body>
<h1>Оплата сохраненной картой</h1>
<p>${esc(p.description)}: ${esc(p.amount)} ${esc(p.currency)}, ${esc(pan)}</p>${note ? `\n<p>${esc(note)}</p>` : ''}
<form method="post" action="${esc(action)}">
<label>card_cvc <input type="password" name="card_cvc" value=""></label>
<button type="submit">Оплатить</button>
</form>
</body></html>
`;
}

/** POST /v1/merchant/{id}/card/pay_cvc: stage 2 with CVC entry answers the CVC form (GL-CARD-08). */
export function cardPayCvc(gw: Gw, script: string, m: PgMessage): Outgoing {
  const p = gw.store.payments.get(s(m, 'pg_payment_id')!);
  if (!p || p.kind !== 'saved-card') return error(gw, script, CODES.notFound);
  if (p.state !== 'new')
    return error(gw, script, CODES.impossible, `the payment is ${p.state}`, { pg_payment_id: p.id });
  const card = gw.cards.get(p.pan!);
  if (!gw.policy.cards.cvcForm) {
    if (!card?.auth) return error(gw, script, CODES.declined, undefined, { pg_payment_id: p.id });
    void authorise(gw, p, card);
    return reply(gw, script, { pg_status: 'ok', pg_payment_id: p.id, pg_datetime: isoNow(gw) });
  }
  if (p.pageToken === undefined) gw.store.setKey(p, 'pageToken', randomBytes(12).toString('hex'));
  return html(cvcPage(`${gw.base()}/cvc/${p.pageToken}`, p));
}

/** The payer submits the CVC (GL-CARD-08, GL-CARD-09). */
export function cvcEntry(gw: Gw, token: string, fields: Map<string, string> | undefined): Outgoing {
  const p = gw.store.byKey('pageToken', token);
  if (!p || p.kind !== 'saved-card' || p.state !== 'new') return html(resultPage(false, 'Платеж не найден'), 404);
  const action = `${gw.base()}/cvc/${token}`;
  if (!fields) return html(cvcPage(action, p));
  const card = gw.cards.get(p.pan!);
  if (!card || (gw.policy.cards.cvcChecked && fields.get('card_cvc') !== card.cvc))
    return html(cvcPage(action, p, 'Неверный CVC'), 422);
  if (!card.auth) {
    void fail(gw, p);
    return html(resultPage(false, 'Платеж отклонен'));
  }
  void authorise(gw, p, card);
  return html(resultPage(true, 'Платеж проведен'));
}
