import { PAYMENT_SIGNED_FIELDS } from '../../../src/protocols/jysan/index.ts';
import { requestPath } from '../../../src/reference/server.ts';
/** What makes a payment form the SDK built miss the eCom API (JY-SDK-11: seed 002 "методом POST на
 *  адрес https://jpay.jysanbank.kz/ecom/api", the SDK configured with `gateway` for that host);
 *  undefined: nothing. A query string or fragment on the action is not judged; a method the SDK
 *  does not state is not judged (the adapter protocol makes it optional). */
export function formAddressBreak(out: Record<string, unknown>, gateway: string): string | undefined {
  const api = `${gateway.replace(/\/+$/, '')}/ecom/api`;
  const { action, method } = out;
  if (typeof action !== 'string' || action === '') return `the form has no action (it must be ${api})`;
  let u: URL;
  try {
    u = new URL(action);
  } catch {
    return `the action ${JSON.stringify(action)} is not an absolute URL (the payer's browser would post it to the shop's own site, not to ${api})`;
  }
  const want = new URL(api);
  if (loopbackOrigin(u) !== loopbackOrigin(want) || u.pathname !== want.pathname)
    return `the form's action ${action} is not the eCom API ${api}`;
  if (method !== undefined && (typeof method !== 'string' || method.toUpperCase() !== 'POST'))
    return `the form's method ${JSON.stringify(method)} is not POST`;
  return undefined;
}

/** A URL's origin, a loopback host written as 127.0.0.1 (probe 26): the recording gateway is on 127.0.0.1, and
 *  under --sdk-tls its certificate names localhost too, so an SDK configured with https://localhost:PORT for
 *  https://127.0.0.1:PORT (a TLS stack that checks no IP name) is configured with the same address (JY-SDK-11:
 *  "of the address the SDK is configured with"). Scheme and port still count: a TLS edge the adapter puts in
 *  front is another address, which paycert was not told of. */
function loopbackOrigin(u: URL): string {
  const host = u.hostname.toLowerCase();
  // not [::1]: the gateway listens on 127.0.0.1 only, and a form posted to [::1]:PORT does not reach it
  const loopback = host === 'localhost' || host === '127.0.0.1';
  return loopback ? `${u.protocol}//127.0.0.1:${u.port || (u.protocol === 'https:' ? '443' : '80')}` : u.origin;
}

/** The form's fields as the payer's browser posts them: text. An adapter whose JSON writes an integer
 *  field as a number (Perl's JSON::PP writes a scalar last used as a number so: `int(rand …)` for NONCE)
 *  gives the digits the form renders; those are read as that text, never judged as a wrong type (the
 *  field table's N(6-64) was reported for a 6-digit NONCE before). Any other non-string value (AMOUNT 7.05,
 *  which JSON::PP writes after `$amount > 0`) has no one spelling in a form ("7.05", "7.050"): it is left out
 *  of `fields`, `unread` naming it, and only the rules that need that field's text leave the form unjudged
 *  (unreadRules); the others are judged on the fields read (a wrong MERCHANT went unseen before). */
export function formText(fields: Record<string, unknown>): {
  fields: Record<string, string>;
  unread: Array<{ name: string; why: string }>;
} {
  const out: Record<string, string> = {};
  const unread: Array<{ name: string; why: string }> = [];
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) out[k] = String(v);
    else
      unread.push({
        name: k,
        why: `field ${k} is ${JSON.stringify(v)} (${v === null ? 'null' : typeof v === 'number' ? 'a JSON number' : typeof v}), not the text of a form field: its exact text in the form is unknown`,
      });
  }
  return { fields: out, unread };
}

/** What a P_SIGN the SDK gave is when it is neither text nor a JSON number (null, false, an object):
 *  no spelling of it is a signature, so the form has no P_SIGN that verifies (JY-SDK-01 fails), where a
 *  JSON number might be the text spelled otherwise (formText leaves both unread; unreadRules keeps
 *  JY-SDK-01 for this one only); undefined: text or a number (or no P_SIGN). */
export function signNotText(v: unknown): string | undefined {
  if (v === undefined || typeof v === 'string' || typeof v === 'number') return undefined;
  if (v === null) return 'null';
  if (typeof v === 'boolean') return `${v} (a boolean)`;
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** The rules of jy.sdk.payment-form that need the text of the form field `name` (formText's unread): the
 *  P_SIGN (JY-SDK-01) of a signed field or of P_SIGN itself, the field table (JY-SDK-09, -14) of a documented
 *  field, the order (JY-SDK-15) of ORDER, AMOUNT, CURRENCY, the shop's texts (JY-SDK-16) of the fields it gave,
 *  the merchant (JY-SDK-20) of MERCHANT, TERMINAL, the NONCE (JY-SDK-02). An undocumented field needs none.
 *  `value`: the field as the SDK gave it (a P_SIGN that is null, a boolean or an object fails JY-SDK-01). */
export function unreadRules(
  name: string,
  documented: readonly string[],
  given: readonly string[],
  value?: unknown,
): string[] {
  const rules: string[] = [];
  // a P_SIGN that is no text nor a number (`value`) is judged on JY-SDK-01 all the same: it verifies in no
  // spelling (signNotText), where a number might be the text spelled otherwise
  const signed =
    name === 'P_SIGN' ? signNotText(value) === undefined : (PAYMENT_SIGNED_FIELDS as readonly string[]).includes(name);
  if (signed) rules.push('JY-SDK-01');
  if (documented.includes(name)) rules.push('JY-SDK-09', 'JY-SDK-14');
  if (['ORDER', 'AMOUNT', 'CURRENCY'].includes(name)) rules.push('JY-SDK-15');
  else if (given.includes(name)) rules.push('JY-SDK-16');
  if (name === 'MERCHANT' || name === 'TERMINAL') rules.push('JY-SDK-20');
  if (name === 'NONCE') rules.push('JY-SDK-02');
  return rules;
}

/** Where a status or cancel request went, when not to the eCom API (JY-SDK-18: /ecom/api of `gateway`,
 *  as the payment request; digest §A1, §A2); undefined: there. Its query is not judged. */
export function xmlAddressBreak(path: string, gateway: string): string | undefined {
  const want = new URL(`${gateway.replace(/\/+$/, '')}/ecom/api`).pathname;
  const got = requestPath(path);
  return got === want
    ? undefined
    : `it was posted to ${got}, not to the eCom API ${want} (the payment request's address)`;
}

/** How a status or cancel request was sent otherwise than by POST with its fields in the body (JY-SDK-26: digest
 *  §A7 "POST /ecom/api, form-urlencoded"); undefined: so sent. The body's encoding is not judged. */
export function xmlMethodBreak(method: string, path: string): string | undefined {
  if (method.toUpperCase() !== 'POST') return `it was sent by ${method}, not by POST`;
  const query = new URL(path, 'http://gateway').searchParams;
  return query.has('P_SIGN') ? "its P_SIGN was sent in the URL's query, not in the body" : undefined;
}
