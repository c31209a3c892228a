import { createHash } from 'node:crypto';

/** What a browser could sign with, short of the raw SHARED_SECRET (JY-SDK-05 judges that): the
 *  secret's encodings and the hashes of the secret alone, as hex and Base64 (JY-SDK-07). */
export function keyMaterial(secret: string): { what: string; value: string }[] {
  const raw = Buffer.from(secret, 'utf8');
  const out: { what: string; value: string }[] = [
    { what: 'the hex encoding', value: raw.toString('hex') },
    { what: 'the Base64 encoding', value: raw.toString('base64').replace(/=+$/, '') },
    { what: 'the Base64url encoding', value: raw.toString('base64url') },
  ];
  for (const alg of ['sha512', 'sha256', 'sha1', 'md5']) {
    const h = createHash(alg).update(raw).digest();
    out.push({ what: `the ${alg} hash (hex)`, value: h.toString('hex') });
    out.push({ what: `the ${alg} hash (Base64)`, value: h.toString('base64').replace(/=+$/, '') });
  }
  // an encoding that equals the secret itself is JY-SDK-05's; too short a value proves nothing
  return out.filter((m) => m.value !== secret && m.value.length >= 8);
}
