import { scriptName } from '../../src/protocols/greenleaves/index.ts';
import type { PgMessage } from '../../src/protocols/greenleaves/index.ts';
import { signedAnyCase, type Ctx } from './support.ts';

/** Script names a gateway may sign its replies with besides the called one: the other endpoints' (GL-SIG-03,
 *  the classic scripts of GL-TX-07), the root element's, none. A reply that verifies with one of them has the
 *  merchant's secret right and only the name wrong (GL-SIG-12, digest open question 4). */
const OTHER_SCRIPTS = [
  'payment',
  'payment_page',
  'status_v2',
  'clearing',
  'cancel',
  'refund',
  'paymentAcs',
  'invoiceUrl',
  'any_amount',
  'recurrent',
  'list',
  'init',
  'pay',
  'pay_cvc',
  'init_payment.php',
  'payment.php',
  'get_status.php',
  'get_status2.php',
  'get_status3.php',
  'do_capture.php',
  'revoke.php',
  'status',
  'result',
  'check',
  'response',
  '',
];

/** The script names paycert tries on a reply to `path`, the called one first: its last segment with and
 *  without ".php", in its own, lower and upper case, the path itself, then the other endpoints' names. */
export function replyScripts(path: string): string[] {
  const own = scriptName(path);
  const bare = own.replace(/\.php$/i, '');
  const forms = [own, bare, `${bare}.php`, path, path.replace(/^\//, '')];
  return [...new Set([...forms.flatMap((s) => [s, s.toLowerCase(), s.toUpperCase()]), ...OTHER_SCRIPTS])];
}

/** The first of `replyScripts(path)` the reply's pg_sig verifies with (the merchant's secret, any case of the
 *  hex digits), or undefined when it verifies with none: then the secret (or the formula) or the name may be
 *  what differs, and the reply alone cannot tell which. */
export function replySignedWith(t: Ctx, m: PgMessage | undefined, path: string): string | undefined {
  return replyScripts(path).find((s) => signedAnyCase(t, m, s));
}
