import { defineChecks } from '../../src/harness/check.ts';
import { schemaId } from '../../src/spec/ajv.ts';
import { validArbitrary } from '../../src/spec/arbitrary.ts';
import { accepted, client, describe, order, refusedAsBadSignature, requireFormula } from './support.ts';

/** RECUR_FREQ, RECUR_EXP, INT_REF, RECUR_REF, PAYMENT_TO: some, schema-valid, one of them at least not
 *  empty. All sent empty, whether they are carried (the extended base) or absent (the 13 values) nobody
 *  says: such a case is not judged on JY-REC-01 (it warned a gateway verifying the 13 values, and shrunk
 *  counterexamples of other rules ended there: probe 18). The filter holds for shrunk cases too. */
export const recurring = () =>
  validArbitrary(schemaId('jysan', 'recurring')).filter((o) => Object.values(o).some((v) => v !== ''));

export const checks = defineChecks({ profile: 'jysan', subject: 'gateway', area: 'recurring' }, [
  {
    id: 'jy.rec.extended-sign',
    title:
      'a payment with RECUR_*, INT_REF or PAYMENT_TO is verified over the extended P_SIGN: accepted signed so, refused when one of them is changed after signing',
    rules: ['JY-REC-01', 'JY-ERR-09', 'JY-ERR-01', 'JY-SIG-17'],
    plans: ['smoke', 'full'],
    async run(t) {
      const c = client(t);
      await t.property('JY-REC-01', recurring(), async (rec) => {
        const extra = rec as Record<string, string>;
        const f = c.signed('payment', order(extra));
        const r = await c.postPayment(f, `payment with ${Object.keys(extra).join(', ')}, extended P_SIGN`);
        await requireFormula(t, r, 'a payment with recurring fields');
        t.expect(
          'JY-REC-01',
          r.code !== 21,
          `signed by the extended formula (…;Ucaf_Authentication_Data;RECUR_FREQ;RECUR_EXP;INT_REF;RECUR_REF;PAYMENT_TO;), refused as badly signed: ${describe(r)}`,
        );
        if (r.code !== 21 && !accepted(r))
          t.inconclusive(`the payment with recurring fields was not accepted for another reason: ${describe(r)}`);
        const k = Object.keys(extra)[0]!;
        const g = c.signed('payment', order(extra));
        // refused, with whatever code: the same request signed so was taken just before; its code is
        // JY-ERR-09's (21), its code and message JY-ERR-01's
        const tampered = await c.postPayment({ ...g, [k]: `${g[k]}9` }, `${k} changed after signing`);
        refusedAsBadSignature(t, 'JY-REC-01', tampered, `${k} changed after signing`);
      });
    },
  },
]);
