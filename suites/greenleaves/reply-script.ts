import { parseXml, scriptName, verifyAnyOrder, type PgMessage } from '../../src/protocols/greenleaves/index.ts';
import { decodeBody } from '../../src/protocols/common/charset.ts';
import { quote } from '../../src/harness/clip.ts';
import type { Ctx } from './support.ts';

/** `m`'s pg_sig verifies with `script` whatever the case of its hex digits, and whatever the order of its
 *  nested values (verifyAnyOrder). The seed does not give the case: lowercase is public material (GL-SIG-07,
 *  INFERRED), judged by `lowercaseSig` alone, so that an uppercase pg_sig fails no MUST rule about the reply
 *  or the callback (GL-SIG-11, GL-PAY-01, GL-CB-02 once did). Nor the order (GL-SIG-06, INFERRED): a card list
 *  of 11 cards signed in natural order failed GL-SIG-11 "the list reply: pg_sig does not verify". */
export function signedAnyCase(t: Ctx, m: PgMessage | undefined, script: string): boolean {
  const sig = m?.pg_sig;
  return (
    !!m && typeof sig === 'string' && verifyAnyOrder(script, m, t.credentials.secretKey, sig, { caseInsensitive: true })
  );
}

/** Whether a message carries a pg_salt and a pg_sig of 32 hex digits (their case is GL-SIG-07's). */
export function carriesSignature(m: PgMessage | undefined): boolean {
  return typeof m?.pg_salt === 'string' && m.pg_salt !== '' && /^[0-9a-f]{32}$/i.test(String(m.pg_sig ?? ''));
}

/** Why a message does not carry a usable pg_salt and pg_sig: absent, empty, or not 32 lowercase hex as sent. */
export function unsigned(m: PgMessage | undefined): string {
  const [salt, sig] = [m?.pg_salt, m?.pg_sig].map((v) => (typeof v === 'string' ? v : undefined));
  const why: string[] = [];
  if (salt === undefined) why.push('no pg_salt');
  else if (salt === '') why.push('an empty pg_salt');
  if (sig === undefined) why.push('no pg_sig');
  else if (!/^[0-9a-f]{32}$/.test(sig))
    why.push(`pg_sig ${JSON.stringify(quote(sig, 80))} is not 32 lowercase hex characters`);
  return why.join(' and ');
}

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
  'result_url',
  'check_url',
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

/** Why a call's or a reply's pg_sig does not verify with `script`, the name it is to be signed with (`whose`
 *  says which: "the last segment of the result_url"), or undefined when it does. A name is blamed only where
 *  the pg_sig verifies with it (replyScripts of `path`, the path called); one that verifies with none does not
 *  verify over the values received: a value changed on the way (GL-CB-18 names it), another secret or formula
 *  differ as much as the name, and which cannot be told. (A call whose pg_amount an edge had changed failed
 *  GL-CB-03 "pg_sig does not verify with the script name \"pay-result\"".) */
export function signatureFault(
  t: Ctx,
  m: PgMessage | undefined,
  path: string,
  script: string,
  whose: string,
): string | undefined {
  if (signedAnyCase(t, m, script)) return undefined;
  if (typeof m?.pg_sig !== 'string') return `it carries no pg_sig (to be signed with "${script}", ${whose})`;
  const other = replyScripts(path).find((s) => s !== script && signedAnyCase(t, m, s));
  return other !== undefined
    ? `pg_sig verifies with the script name "${other}", not with "${script}" (${whose})`
    : `pg_sig does not verify over the values received with the merchant's secret_key, neither with "${script}" (${whose}) nor with any other script name paycert tries`;
}

const LABELS: Record<string, string> = {
  'content-type': 'in its Content-Type',
  'xml-declaration': 'in its XML declaration',
  'html-meta': 'in its HTML meta tag',
};

/** For a reply whose pg_sig verifies with none of the names over its text as read (decodeBody: the charset
 *  it is labelled with): whether it does over the same bytes read in the other charset, UTF-8 where the
 *  label says another, windows-1251 where it says UTF-8 or nothing (an edge that relabelled the body without
 *  recoding it, or a gateway declaring a charset it does not write). The words for the reason ("it verifies
 *  (with "payment") over the body read as UTF-8: the reply is labelled windows-1251 (in its Content-Type)"),
 *  or undefined. The rule still fails: a client reading the reply as labelled reads other values. */
export function verifiesInOtherCharset(
  t: Ctx,
  http: { body: Uint8Array; headers: Record<string, string | string[] | undefined> },
  path: string,
): string | undefined {
  const d = decodeBody(http.body, http.headers['content-type']);
  if (d.source === 'bom') return undefined;
  const other = d.charset === 'utf-8' ? 'windows-1251' : 'utf-8';
  let m: PgMessage;
  try {
    m = parseXml(new TextDecoder(other).decode(http.body)).message;
  } catch {
    return undefined;
  }
  const name = replySignedWith(t, m, path);
  if (name === undefined) return undefined;
  const label =
    d.source === 'default'
      ? 'read as UTF-8, no charset being declared'
      : `labelled ${d.charset} (${LABELS[d.source] ?? d.source})`;
  return `it verifies (with "${name}") over the body read as ${other === 'utf-8' ? 'UTF-8' : other}: the reply is ${label}`;
}
