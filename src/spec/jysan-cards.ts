import { loadFixture } from './load.ts';

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
