import { loadFixture } from './load.ts';

/** A purchase test card and what it can do (fixtures/greenleaves/test-cards.json). */
export interface TestCard {
  pan: string;
  threeDs: boolean;
  auth: boolean;
  clearing: boolean;
  reverse: boolean;
  refund: boolean;
  cardAdd: boolean;
  month: string;
  year: string;
  cvc: string;
  otp: string;
}

interface CardFixture {
  sandbox: { expiry: string; cvc: string; otp: string };
  purchase: Array<{
    pans: string[];
    threeDs: boolean | null;
    auth: boolean;
    clearing: boolean | null;
    reverse: boolean | null;
    refund: boolean | null;
    cardAdd: boolean | null;
  }>;
}

export function loadCards(): Map<string, TestCard> {
  const f = loadFixture<CardFixture>('greenleaves', 'test-cards.json');
  const [month, year] = f.sandbox.expiry.split('/') as [string, string];
  const out = new Map<string, TestCard>();
  for (const row of f.purchase) {
    for (const pan of row.pans) {
      out.set(pan, {
        pan,
        threeDs: row.threeDs === true,
        auth: row.auth,
        clearing: row.clearing === true,
        reverse: row.reverse === true,
        refund: row.refund === true,
        cardAdd: row.cardAdd === true,
        month,
        year,
        cvc: f.sandbox.cvc,
        otp: f.sandbox.otp,
      });
    }
  }
  return out;
}

let cardList: readonly TestCard[] | undefined;

/** The first test card (fixture order) with every property `want` gives, as a fresh object; undefined
 *  when none has them. The checks ask for one per case: the list is built once. */
export function findCard(
  want: Partial<Omit<TestCard, 'pan' | 'month' | 'year' | 'cvc' | 'otp'>>,
): TestCard | undefined {
  cardList ??= [...loadCards().values()];
  const keys = Object.keys(want) as Array<keyof typeof want>;
  const found = cardList.find((c) => keys.every((k) => c[k] === want[k]));
  return found && { ...found };
}

/** `5483-18XX-XXXX-0293`, as in the seed's callback sample. */
export function maskedPan(pan: string): string {
  return `${pan.slice(0, 4)}-${pan.slice(4, 6)}XX-XXXX-${pan.slice(-4)}`;
}
