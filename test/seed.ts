/** The seed of every in-process judgement in the tests (meta-tests, edges, outsiders): fixed, so that a
 *  run is the same cases every time, and PAYCERT_SEED to sweep others (docs/architecture.md, twenty-third pass). */
export const SEED = Number(process.env.PAYCERT_SEED ?? 20261126);
