import { loadFixture } from '../../spec/load.ts';
import type { Language } from '../../protocols/jysan/index.ts';

type Texts = Record<Language, string>;

/** fixtures/jysan/sandbox.json: the settings of the reference gateway (limit, currencies, card
 *  types, pre-authorisation period, key size, texts). */
export interface SandboxConfig {
  amountLimit: string;
  currencies: string[];
  cardTypes: string[];
  preauthPeriodHours: number;
  keyBits: number;
  timeZone: string;
  texts: {
    processed: Texts;
    approved: Texts;
    declined: Texts;
    threeDsFailed: Texts;
    notPossible: Texts;
    statusDesc: Record<string, Texts>;
  };
}

export function sandboxConfig(): SandboxConfig {
  return loadFixture<SandboxConfig>('jysan', 'sandbox.json');
}
