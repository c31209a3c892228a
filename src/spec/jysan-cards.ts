import { loadFixture } from './load.ts';
import { readTextBounded } from './read-bounded.ts';

/** A Jysan test card and what the reference sandbox does with it (fixtures/jysan/test-cards.json).
 *  The bank publishes none: these mean something only to paycert's embedded sandbox. */
export interface JysanCard {
  id: string;
  pan: string;
  /** MM/YY */
  exp: string;
  cvc: string;
  type: string;
  outcome: 'approve' | 'decline' | '3ds-fail' | 'preauth' | 'mpi-unavailable';
  expect: { res_code?: string; rc?: string; status?: string; code?: number };
  /** enrolled in 3-D Secure: the payment is challenged (host-to-host: JSON, JY-3DS-01) */
  threeDs?: 'challenge';
  /** the 3-D Secure password the sandbox's ACS takes for this card */
  otp?: string;
}

export function jysanCards(): JysanCard[] {
  return loadFixture<{ cards: JysanCard[] }>('jysan', 'test-cards.json').cards;
}

export function jysanCard(id: string): JysanCard {
  const c = jysanCards().find((x) => x.id === id);
  if (!c) throw new Error(`no jysan test card "${id}" in fixtures/jysan/test-cards.json`);
  return c;
}

/** The card scheme by its BIN (enough for the test ranges and the usual ones). */
export function cardScheme(pan: string): 'visa' | 'mastercard' | 'amex' | 'unknown' {
  if (/^4/.test(pan)) return 'visa';
  if (/^(5[1-5]|2(2[2-9][1-9]|2[3-9]|[3-6]|7[01]|720))/.test(pan)) return 'mastercard';
  if (/^3[47]/.test(pan)) return 'amex';
  return 'unknown';
}

/** fixtures/jysan/faults.json: what makes the reference sandbox answer codes 11, 15, 16 and 22. */
export interface JysanFaults {
  serviceUnavailable: { code: number; AMOUNT: string };
  dbUnavailable: { code: number; AMOUNT: string };
  mpiUnavailable: { code: number; card: string };
  rateNotFound: { code: number; CURRENCY: string };
}

export function jysanFaults(): JysanFaults {
  return loadFixture<JysanFaults>('jysan', 'faults.json');
}

/** PAYCERT_JYSAN_TEST_CARDS: a JSON file `{"cards":[{"id":"visa-approve","pan":…,"exp":"MM/YY","cvc":…}]}`
 *  naming the real target's own test cards for paycert's card ids (the bank publishes none, so a
 *  test domain's team knows its own). What an entry leaves out stays paycert's (type, outcome, expect). */
export const TARGET_CARDS_VAR = 'PAYCERT_JYSAN_TEST_CARDS';

// the file is read once per path: every payment of a run looks its card up here
let cached: { path: string; cards: Map<string, Partial<JysanCard>> } | undefined;

export function targetCards(env: NodeJS.ProcessEnv = process.env): Map<string, Partial<JysanCard>> {
  const path = env[TARGET_CARDS_VAR];
  if (!path) return new Map();
  if (cached?.path !== path) cached = { path, cards: readTargetCards(path) };
  return cached.cards;
}

function readTargetCards(path: string): Map<string, Partial<JysanCard>> {
  const out = new Map<string, Partial<JysanCard>>();
  let doc: unknown;
  try {
    doc = JSON.parse(readTextBounded(path, 1 << 20, 'a file of test cards is a few KiB'));
  } catch (e) {
    throw new Error(`${TARGET_CARDS_VAR}: ${path}: ${(e as Error).message}`);
  }
  const cards = (doc as { cards?: unknown })?.cards;
  if (!Array.isArray(cards)) throw new Error(`${TARGET_CARDS_VAR}: ${path}: want {"cards": [...]}`);
  const known = new Set(jysanCards().map((c) => c.id));
  for (const [i, c] of cards.entries()) {
    const x = c as Partial<JysanCard>;
    if (typeof x?.id !== 'string' || !known.has(x.id))
      throw new Error(`${TARGET_CARDS_VAR}: cards[${i}].id must be one of ${[...known].join(', ')}`);
    for (const k of ['pan', 'exp', 'cvc'] as const)
      if (x[k] !== undefined && typeof x[k] !== 'string')
        throw new Error(`${TARGET_CARDS_VAR}: cards[${i}].${k} must be a string`);
    if (x.exp !== undefined && !/^\d{2}\/\d{2}$/.test(x.exp))
      throw new Error(`${TARGET_CARDS_VAR}: cards[${i}].exp must be MM/YY`);
    out.set(x.id, x);
  }
  return out;
}

/** paycert's card `id`, with the real target's own PAN, expiry and CVC when PAYCERT_JYSAN_TEST_CARDS names them. */
export function cardFor(id: string, env: NodeJS.ProcessEnv = process.env): JysanCard & { own: boolean } {
  const own = targetCards(env).get(id);
  return { ...jysanCard(id), ...(own ?? {}), own: own !== undefined };
}
