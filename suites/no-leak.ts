// What no reply of a gateway may show (JY-SIG-17, GL-SIG-17, V5-JWS-15, INFERRED): the merchant's
// secret, or, to a request whose signature is not the right one, the signature it should have carried.
// Either lets whoever reads the reply sign any request. Judged over the replies the signature checks
// get anyway: no request of its own. Each profile gives its own secret and its own signing function.
import {
  foldsCase,
  joinedLiterals,
  listsSecretBytes,
  registerLeakedSignature,
  secretForms,
} from '../src/harness/redact.ts';

/** A reply to judge. */
export interface Seen {
  /** what the reply shows: its body (and its headers' values, where a profile reads them) */
  text: string;
  secret: string;
  /** what the request carried as its signature, if anything: a right one inside it is the request's
   *  own, and its echo shows nothing new (a token sent with a padding "=" carries the right MAC) */
  sent?: string;
  /** the signatures the request should have carried (the profile's own signer), computed when the
   *  reply is judged; none: the request is not judged on it */
  expected?: () => readonly string[];
}

/** What a reply shows: the secret (how: secretForms' words, "in another case"), the right signature. */
export interface Leak {
  secret?: string;
  signature?: true;
}

// hex is read in any case (a PHP gateway prints what md5() or hash() gives, another its uppercase);
// base64url only as it is: another case is another value
const HEX = /^[0-9a-f]+$/i;
/** Whether `text` shows the signature `p`: a hex one in any letter case, another as it is. */
export const within = (p: string, text: string): boolean =>
  HEX.test(p) ? text.toLowerCase().includes(p.toLowerCase()) : text.includes(p);

/** A secret's forms to look for: the plain value, and secretForms' others of six characters or more (as
 *  the redactor registers them), and its lower case when the redactor also looks for it in any case
 *  (foldsCase). Made once per secret value: the configured secrets are a handful for a whole run. */
interface SecretLook {
  forms: Array<readonly [form: string, how: string]>;
  folded?: string;
}
const looks = new Map<string, SecretLook>();
function lookFor(secret: string): SecretLook {
  let l = looks.get(secret);
  if (!l) {
    if (looks.size >= 64) looks.clear(); // a test changing secrets without end: stay bounded
    const seen = new Set<string>();
    l = {
      forms: secretForms(secret).filter(([v], i) => (i === 0 || v.length >= 6) && !seen.has(v) && !!seen.add(v)),
      ...(foldsCase(secret) && { folded: secret.toLowerCase() }),
    };
    looks.set(secret, l);
  }
  return l;
}

/** How `text` shows `secret` (secretForms' words, "in another case"), or undefined. `lower` gives the
 *  text lower-cased, for a caller that looks for several secrets in one text. One search for the SDK
 *  checks (suites/sdk-support.ts secretIn) and the gateways' replies (secretShown). */
export function showsSecret(text: string, secret: string, lower = () => text.toLowerCase()): string | undefined {
  const { forms, folded } = lookFor(secret);
  for (let i = 0; i < forms.length; i++) if (text.includes(forms[i]![0])) return forms[i]![1];
  if (folded !== undefined && lower().includes(folded)) return 'in another case';
  // as the list of its bytes (Go's %v of a []byte key, `[99 79 81 …]`; Java's signed bytes; hex `63:4f:…`)
  if (listsSecretBytes(text, secret)) return 'as a list of its bytes';
  // in quoted pieces joined by + (a page's script: `var C_SHARED_KEY = 'Zq7vK' + '2mXw9' + …`, probe 23)
  const joined = joinedLiterals(text);
  if (joined === undefined) return undefined;
  return joined.includes(secret) || (folded !== undefined && joined.toLowerCase().includes(folded))
    ? 'as string literals joined by +'
    : undefined;
}

/** How `text` shows `secret`, in the forms paycert's redactor replaces, or undefined. A secret of fewer
 *  than six characters is not looked for (as the redactor). */
export function secretShown(text: string, secret: string): string | undefined {
  return secret.length < 6 ? undefined : showsSecret(text, secret);
}

/** What of the secret and of the right signature `s.text` shows. A right signature shown is handed to
 *  the redactor, which shortens it in every output: the proof stays, the value cannot be replayed. */
export function leakIn(s: Seen): Leak {
  const out: Leak = {};
  const how = secretShown(s.text, s.secret);
  if (how !== undefined) out.secret = how;
  if (s.expected === undefined) return out;
  for (const p of s.expected()) {
    if (p.length > s.text.length || (s.sent !== undefined && within(p, s.sent))) continue;
    if (within(p, s.text)) {
      out.signature = true;
      registerLeakedSignature(p);
    }
  }
  return out;
}

/** The names a profile's reasons give the secret and the signature (SHARED_SECRET and P_SIGN…). */
export interface LeakNames {
  secret: string;
  signature: string;
}

/** `rule` over one reply (to `what`): it shows neither the secret nor the right signature. A reply
 *  showing neither passes only where the gateway is known to hold paycert's secret (`unconfirmed`
 *  undefined: a correctly signed request of the check was taken); otherwise it shows nothing, and the
 *  rule is not judged on it, with that reason (a gateway knowing the merchant by another key never
 *  shows paycert's). The reasons name neither the secret nor the signature. */
export function judgeLeak(
  t: {
    expect(rule: string, ok: boolean, message: string): boolean;
    cannotJudge(rule: string, why: string): void;
  },
  rule: string,
  names: LeakNames,
  what: string,
  s: Seen,
  unconfirmed?: string,
): void {
  const leak = leakIn(s);
  if (leak.secret !== undefined)
    t.expect(
      rule,
      false,
      `the reply to ${what} shows the ${names.secret}${leak.secret === 'as it is' ? '' : ` (${leak.secret})`}: whoever reads it can sign any request`,
    );
  if (leak.signature)
    t.expect(
      rule,
      false,
      `the reply to ${what}, whose ${names.signature} is not the right one, shows the ${names.signature} the request should have carried: anyone can then sign any request`,
    );
  if (leak.secret !== undefined || leak.signature) return;
  if (unconfirmed === undefined) t.expect(rule, true, '');
  else t.cannotJudge(rule, unconfirmed);
}
