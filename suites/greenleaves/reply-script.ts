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

/** The script names paycert tries on a reply to `path` (the path called, "/g2g/recurrent"), the called one
 *  first: its last segment with and without ".php", in its own, lower and upper case, the path and each of its
 *  tails ("cardstorage/list"), with and without the leading "/", the name under the API's "g2g/" (a gateway
 *  prefixing every name so), then the other endpoints' names. A bare script name is refused: given "recurrent"
 *  for "/g2g/recurrent", none of the path forms was tried, and a reply signed with "g2g/recurrent" failed
 *  GL-SIG-11 (MUST), "does not verify with the merchant's secret", where its name is GL-SIG-12's. */
export function replyScripts(path: string): string[] {
  if (!path.startsWith('/'))
    throw new Error(`replyScripts takes the path called ("/g2g/payment"), not a script name: "${path}"`);
  const own = scriptName(path);
  const bare = own.replace(/\.php$/i, '');
  const segments = path
    .split(/[?#]/)[0]!
    .split('/')
    .filter((x) => x !== '');
  const tails = segments.map((_, i) => segments.slice(i).join('/')).flatMap((x) => [x, `/${x}`]);
  const forms = [own, bare, `${bare}.php`, ...tails, `g2g/${own}`, `/g2g/${own}`];
  return [...new Set([...forms.flatMap((s) => [s, s.toLowerCase(), s.toUpperCase()]), ...OTHER_SCRIPTS])];
}

/** The first of `replyScripts(path)` the reply's pg_sig verifies with (the merchant's secret, any case of the
 *  hex digits), or undefined when it verifies with none: then the secret (or the formula) or the name may be
 *  what differs, and the reply alone cannot tell which. `path` is the path called, as for replyScripts. */
export function replySignedWith(t: Ctx, m: PgMessage | undefined, path: string): string | undefined {
  return replyScripts(path).find((s) => signedAnyCase(t, m, s));
}
