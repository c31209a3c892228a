import {
  fromPairs,
  verify,
  type PgMessage,
  type PgValue,
  type VerifyOptions,
} from '../../protocols/greenleaves/index.ts';
import { verifyWithoutScript } from '../../protocols/greenleaves/script-less.ts';
import { formFields, type Incoming } from '../../reference/server.ts';
import { parseUrlencoded } from '../../protocols/common/form.ts';
import type { Gw } from './context.ts';

/** The request as a pg_ message: form fields (bracket notation), or the XML of a pg_xml field. */
export function parseRequest(req: Incoming, gw: Gw): PgMessage {
  return fromPairs(plusKept(req, gw) ?? formFields(req));
}

/** GL-TX-01: the fields of a urlencoded body with a '+' in it read with the '+' kept (the defect
 *  plus-not-space); undefined where the body has none or the policy reads it as a space. */
function plusKept(req: Incoming, gw: Gw): Array<[string, string]> | undefined {
  if (!(req.headers['content-type'] ?? '').toLowerCase().includes('application/x-www-form-urlencoded'))
    return undefined;
  const body = req.raw.toString('utf8');
  // the knob read only where a '+' can change the outcome (tracePolicy: see signatureOk)
  if (!body.includes('+') || gw.policy.transport.plusAsSpace) return undefined;
  return [...req.url.searchParams.entries(), ...parseUrlencoded(body.replaceAll('+', '%2B'))];
}

/** Does pg_sig verify for this script name? Each defect bends one aspect (signing itself is in
 *  src/protocols/greenleaves: the policy only chooses its options and the alternatives accepted).
 *  A knob is read only where its value can change the outcome (the message's own conditions first):
 *  the meta-tests rerun against a defect only the checks that read a knob it patches
 *  (test/meta/support.ts tracePolicy), and a knob read on every request reaches every check. */
export function signatureOk(gw: Gw, called: string, m: PgMessage): boolean {
  const p = gw.policy.signature;
  if (!p.verify) return true;
  const script = p.fixedScript ?? called; // GL-SIG-03
  const sig = m.pg_sig;
  if (typeof sig !== 'string') return false;
  // GL-SIG-02: a hex without its leading zero is 31 characters, never the 32 sent
  if (sig.startsWith('0') && !p.hexLeadingZero) return false;
  // GL-SIG-04: the merchant's own (non-pg_) fields are signed too
  const fields =
    Object.keys(m).some((k) => !k.startsWith('pg_')) && p.signedFields === 'pg-only'
      ? Object.fromEntries(Object.entries(m).filter(([k]) => k.startsWith('pg_')))
      : m;
  // GL-SIG-02: the values as received (the knob read only where a value has blanks at either end)
  const hashed = blankEnds(fields) && !p.valuesAsReceived ? trimmed(fields) : fields;
  // GL-SIG-07, GL-SIG-08: a lowercase pg_sig is the same in any case; an ASCII base has the same
  // bytes in Latin-1 as in UTF-8 (the names, values, script and secret are all the base holds)
  if (!p.scriptSigned) return verifyWithoutScript(hashed, gw.secret, sig); // GL-SIG-02, GL-SIG-03 (a defect)
  const opts: VerifyOptions = {
    charset: isAscii(script) && isAscii(gw.secret) && asciiValues(m) ? undefined : p.charset,
    caseInsensitive: sig !== sig.toLowerCase() && p.caseInsensitive,
  };
  if (verify(script, hashed, gw.secret, sig, { ...opts, order: p.order })) return true; // GL-SIG-06
  return lenient(gw, script, hashed).some(([s, f, o]) => verify(s, f, gw.secret, sig, { ...opts, ...o }));
}

/** Other signatures that some defects also accept: [script, fields, options]. */
function lenient(gw: Gw, script: string, m: PgMessage): Array<[string, PgMessage, VerifyOptions]> {
  const a = gw.policy.signature.alsoAccepts;
  const out: Array<[string, PgMessage, VerifyOptions]> = [];
  const unsigned = Object.fromEntries(Object.entries(m).filter(([k]) => k !== 'pg_sig'));
  // GL-SIG-03: the script name exactly as called
  if (a.scriptNameAnyCase) for (const s of [script.toLowerCase(), script.toUpperCase()]) out.push([s, m, {}]);
  if (a.nestedAsEmpty) out.push([script, m, { nestedAsEmpty: true }]); // GL-SIG-05
  if (a.skippedEmpty) out.push([script, unsigned, { skipEmpty: true }]); // GL-SIG-09
  // GL-SIG-10: names ordered byte-wise (the folded order is tried for flat messages only)
  if (a.foldedOrder && Object.values(unsigned).every((v) => typeof v === 'string'))
    out.push([script, unsigned, { order: 'folded' }]);
  return out;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Every value (and, to be safe, every name) of a message is ASCII. */
function asciiValues(v: PgValue): boolean {
  if (typeof v === 'string') return isAscii(v);
  if (Array.isArray(v)) return v.every(asciiValues);
  return Object.keys(v).every((k) => isAscii(k) && asciiValues(v[k]!));
}

/** Some value (pg_sig aside) begins or ends with a blank. */
function blankEnds(v: PgValue, name = ''): boolean {
  if (typeof v === 'string') return name !== 'pg_sig' && /^\s|\s$/.test(v);
  if (Array.isArray(v)) return v.some((x) => blankEnds(x));
  return Object.entries(v).some(([k, x]) => blankEnds(x, k));
}

/** The message with the blanks at either end of each value cut (pg_sig kept). */
function trimmed(m: PgMessage): PgMessage {
  const cut = (v: PgValue): PgValue =>
    typeof v === 'string'
      ? v.trim()
      : Array.isArray(v)
        ? v.map(cut)
        : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cut(x)]));
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, k === 'pg_sig' ? v : cut(v)])) as PgMessage;
}
