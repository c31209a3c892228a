import { shown } from '../../src/protocols/jysan/xml.ts';
import { defineChecks } from '../../src/harness/check.ts';
import type { Fields } from '../../src/protocols/jysan/index.ts';
import type { PageReply } from '../../src/sdk/jysan.ts';
import { TARGET_CARDS_VAR, jysanFaults, targetCards } from '../../src/spec/jysan-cards.ts';
import {
  accepted,
  card,
  cardData,
  client,
  describe,
  documentedCode,
  judgeMessage,
  notPaid,
  order,
  payDirect,
  signedOk,
  stateOf,
  type Ctx,
  PAN_RULE,
} from './support.ts';

/** Judged on every refusal here: the documented code and template, and the signature it passed. */
const MESSAGE_RULES = ['JY-ERR-01', 'JY-ERR-16', 'JY-ERR-19', 'JY-SIG-01', 'JY-SIG-04', 'JY-PAY-07'];

/** The triggers of codes 11, 16 and 22 mean something only to the reference sandbox: no merchant
 *  request makes a real bank's service go down (15's is a card, which a target's operator may name). */
function faults(t: Ctx) {
  if (!t.control) return t.skip('outages and missing exchange rates can only be simulated by the reference sandbox');
  return jysanFaults();
}

/** `r` is an error page with `code` (on `rule`) and its documented template in `lang`. */
function refusedWith(
  t: Ctx,
  rule: string,
  r: PageReply,
  code: number,
  what: string,
  parts: string[] = [],
  /** 'any': no LANGUAGE was sent, either language's template is taken */
  lang: 'en' | 'any' = 'en',
): boolean {
  if (!t.expect(rule, r.kind === 'error' && r.code === code, `${what}: ${describe(r)}, want code ${code}`))
    return false;
  if (documentedCode(t, r.code, what))
    judgeMessage(t, 'JY-ERR-19', r.code!, r.message, lang === 'any' ? undefined : lang, parts);
  return true;
}

async function pay(t: Ctx, f: Fields, note: string): Promise<PageReply> {
  return client(t).payment(f, note);
}

export const checks = defineChecks({ profile: 'jysan', subject: 'gateway', area: 'errors' }, [
  {
    id: 'jy.err.outage',
    title:
      'a request refused because the service or its database is down gets code 11 or 16 and leaves its ORDER usable',
    rules: ['JY-ERR-20', 'JY-ERR-22', ...MESSAGE_RULES],
    async run(t) {
      const x = faults(t);
      for (const [rule, fault, what] of [
        ['JY-ERR-20', x.serviceUnavailable, 'the service is unavailable'],
        ['JY-ERR-22', x.dbUnavailable, 'the Db service is unavailable'],
      ] as const) {
        const f = order({ AMOUNT: fault.AMOUNT, LANGUAGE: 'en' });
        const r = await pay(t, f, `${what} (AMOUNT ${fault.AMOUNT} in the reference sandbox)`);
        if (!(await signedOk(t, 'payment', f, r.code, what, r.kind === 'error' ? r.message : undefined))) continue;
        if (!refusedWith(t, rule, r, fault.code, what)) continue;
        // "попробуйте позже": the same ORDER, once the service is back
        const again = { ...f, AMOUNT: '1500.50' };
        const r2 = await pay(t, again, `the same ORDER ${f.ORDER} again, the service back`);
        if (!(await signedOk(t, 'payment', again, r2.code, 'the retry', r2.kind === 'error' ? r2.message : undefined)))
          continue;
        t.expect(rule, accepted(r2), `ORDER ${f.ORDER} sent again after code ${fault.code}: ${describe(r2)}`);
      }
    },
  },
  {
    id: 'jy.err.mpi-unavailable',
    title: 'a payment with card data while MPI is down gets code 15 and is not paid',
    rules: ['JY-ERR-21', 'JY-ENC-02', 'JY-SIG-11', 'JY-ERR-01', PAN_RULE],
    async run(t) {
      const x = jysanFaults();
      const id = x.mpiUnavailable.card;
      // a card, not a request, meets the outage: a real target's operator may name one of theirs for it
      if (!t.control && !targetCards().has(id))
        t.skip(
          `an MPI outage can only be simulated by the reference sandbox, or met with a target's card for it: name it as ${id} in ${TARGET_CARDS_VAR}`,
        );
      const { fields, reply } = await payDirect(t, cardData(card(id)));
      refusedWith(t, 'JY-ERR-21', reply, x.mpiUnavailable.code, 'MPI is unavailable', [], 'any');
      t.expect('JY-ERR-21', notPaid(reply), `MPI unavailable, yet the payment went through: ${describe(reply)}`);
      const s = await stateOf(t, fields.ORDER!);
      const st = shown(s.operation?.status ?? '');
      t.expect('JY-ERR-21', st !== 'S' && st !== 'A', `status after code 15: ${describe(s)}, want it not paid`);
    },
  },
  {
    id: 'jy.err.rate-not-found',
    title: 'a payment in a currency the terminal takes but has no exchange rate for gets code 22 with the currency',
    rules: ['JY-ERR-23', ...MESSAGE_RULES],
    async run(t) {
      const x = faults(t);
      const cur = x.rateNotFound.CURRENCY;
      const f = order({ CURRENCY: cur, LANGUAGE: 'en' });
      const r = await pay(t, f, `CURRENCY ${cur}: no exchange rate in the reference sandbox`);
      if (!(await signedOk(t, 'payment', f, r.code, `CURRENCY ${cur}`, r.kind === 'error' ? r.message : undefined)))
        return;
      refusedWith(t, 'JY-ERR-23', r, x.rateNotFound.code, `CURRENCY ${cur} without a rate`, [cur]);
    },
  },
]);
