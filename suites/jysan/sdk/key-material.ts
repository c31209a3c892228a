import { createHash } from 'node:crypto';
import { showsSecret } from '../../no-leak.ts';
import { FORM_MEMBERS } from '../../sdk-support.ts';

/** What a browser could sign with (JY-SDK-07, "carries nothing to sign with"): the secret itself, its
 *  encodings and the hashes of the secret alone, as hex and Base64. A hash's `truncatable` spelling is found
 *  cut too (findKeyMaterial). */
export interface KeyMaterial {
  what: string;
  value: string;
  truncatable?: 'hex' | 'base64';
}

export function keyMaterial(secret: string): KeyMaterial[] {
  const raw = Buffer.from(secret, 'utf8');
  const of = (what: string) => `${what} of SHARED_SECRET`;
  const out: KeyMaterial[] = [
    { what: 'SHARED_SECRET itself', value: secret },
    { what: of('the hex encoding'), value: raw.toString('hex') },
    { what: of('the Base64 encoding'), value: raw.toString('base64').replace(/=+$/, '') },
    { what: of('the Base64url encoding'), value: raw.toString('base64url') },
  ];
  for (const alg of ['sha512', 'sha256', 'sha1', 'md5']) {
    const h = createHash(alg).update(raw).digest();
    out.push({ what: of(`the ${alg} hash (hex)`), value: h.toString('hex'), truncatable: 'hex' });
    out.push({
      what: of(`the ${alg} hash (Base64)`),
      value: h.toString('base64').replace(/=+$/, ''),
      truncatable: 'base64',
    });
  }
  // too short a value proves nothing
  return out.filter((m) => m.value.length >= 8);
}

/** The shortest cut of a hash that counts (a "key check value" of 8 bytes still lets anyone test offline
 *  guesses of the secret): 12 hex digits (48 bits) or the first 10 Base64 characters (60 bits, the same for
 *  every cut of 8 bytes or more), compared case-insensitively; a chance match of so many is out of reach. */
const FEWEST = { hex: 12, base64: 10 } as const;

/** The key material `text` (lowercased) carries, whole or a hash cut to its first or last digits (probe 22:
 *  KEY_CHECK, the first 16 hex digits of SHA-512(secret), passed), with the piece found; undefined: none. */
export function findKeyMaterial(
  text: string,
  material: readonly KeyMaterial[],
): { what: string; value: string } | undefined {
  for (const m of material) {
    const v = m.value.toLowerCase();
    if (text.includes(v)) return m;
    if (m.truncatable === undefined) continue;
    const n = FEWEST[m.truncatable];
    // the longest prefix carried, from the shortest that counts; a hex hash's last digits too
    if (text.includes(v.slice(0, n))) {
      let k = n;
      while (k < v.length && text.includes(v.slice(0, k + 1))) k++;
      return cut(m, v.slice(0, k), `the first ${k}`);
    }
    if (m.truncatable === 'hex' && text.includes(v.slice(-n))) {
      let k = n;
      while (k < v.length && text.includes(v.slice(-(k + 1)))) k++;
      return cut(m, v.slice(-k), `the last ${k}`);
    }
  }
  return undefined;
}

const cut = (m: KeyMaterial, value: string, which: string) => ({
  what: `${which} ${m.truncatable === 'hex' ? 'hex digits' : 'Base64 characters'} of ${m.what.replace(/ \((hex|Base64)\)/, '')}`,
  value,
});

/** The form of a payment.form output, as the payer's browser posts it (FORM_MEMBERS). */
export function theForm(out: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(FORM_MEMBERS.filter((k) => k in out).map((k) => [k, out[k]]));
}

/** Where in the adapter's payment form `value` (key material, compared case-insensitively as JY-SDK-07 does)
 *  stands, for the reason: "field KEY_ID", "the action" or "the method" (the form, theForm, holds no more). */
export function materialPlace(out: Record<string, unknown>, value: string): string {
  const has = (v: unknown) =>
    (typeof v === 'string' ? v : (JSON.stringify(v) ?? '')).toLowerCase().includes(value.toLowerCase());
  const fields = Object.entries((out.fields ?? {}) as Record<string, unknown>);
  const field = fields.find(([k, v]) => has(k) || has(v));
  if (field) return `field ${field[0]}`;
  if (has(out.action)) return 'the action';
  return has(out.method) ? 'the method' : 'the form';
}

/** Where the payment form shows one of `secrets` (JY-SDK-05: SHARED_SECRET never appears in it), in any form
 *  it can be read back from (as it is, URL-encoded, Base64, hex, reversed: showsSecret, as secretIn judges
 *  the status and cancel requests); undefined: nowhere. A hash of the secret hides it: JY-SDK-07's alone. */
export function secretInForm(out: Record<string, unknown>, secrets: readonly string[]): string | undefined {
  const fields = Object.entries((out.fields ?? {}) as Record<string, unknown>);
  const places: Array<[string, string]> = [
    ['the action', String(out.action ?? '')],
    ...fields.map(([k, v]): [string, string] => [
      `field ${k}`,
      `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`,
    ]),
    // the form as the browser posts it: a member of the answer beside it (a debugging note) is what the
    // SDK reports to its caller, JY-SDK-24's (sdk-support.ts FORM_MEMBERS)
    ['the form', JSON.stringify(theForm(out))],
  ];
  for (const s of secrets) {
    if (s.length < 4) continue;
    for (const [where, text] of places) {
      const how = showsSecret(text, s);
      if (how !== undefined) return how === 'as it is' ? where : `${where}, ${how}`;
    }
  }
  return undefined;
}
