// Time orderedValues / sign on one long level (probe: many-xml).
import { orderedValues, sign } from '../src/protocols/greenleaves/signature.ts';
for (const n of [30000, 100000]) {
  const m = { pg_status: 'ok', pg_x: Array.from({ length: n }, () => '1'), pg_salt: 'a' };
  let t = Date.now();
  orderedValues(m);
  console.log(n, 'orderedValues', Date.now() - t);
  t = Date.now();
  sign('payment', m, 's');
  console.log(n, 'sign', Date.now() - t);
}
