import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { lstatSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompactSign, EmbeddedJWK, calculateJwkThumbprint, compactVerify, decodeProtectedHeader, type JWK } from 'jose';
import { readBounded } from '../spec/read-bounded.ts';
import { EVIDENCE_DIR, SEALED_SINCE, TreeError, outputDigests, sha256 } from './digest.ts';
import { readRunFile } from './read-run.ts';
import { writeJson } from './write.ts';

// A finished run is sealed: certificate.json gets the sha256 of every file it vouches for
// (`digests`), and with --sign-key a compact JWS of certificate.json's exact bytes is written
// beside it as certificate.jws. Its protected header carries alg, kid (the RFC 7638 thumbprint of
// the public key) and the public key itself (jwk), so anyone can check integrity; only a key the
// verifier trusts (`paycert verify --key PUB.pem`) authenticates the signer.

export const JWS_FILE = 'certificate.jws';
export const JWS_TYPE = 'paycert-certificate+jws';

export interface SigningKey {
  key: KeyObject;
  alg: 'EdDSA' | 'ES256';
  jwk: JWK;
  kid: string;
}

const KEY_BYTES = 64 << 10;

/** Thrown for a key that cannot be used; callers make it a usage error. */
export class KeyError extends Error {}

function algOf(key: KeyObject): SigningKey['alg'] {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  throw new KeyError(
    `a ${key.asymmetricKeyType}${key.asymmetricKeyDetails?.namedCurve ? ` ${key.asymmetricKeyDetails.namedCurve}` : ''} key: use Ed25519 or P-256`,
  );
}

async function publicJwk(pub: KeyObject): Promise<{ jwk: JWK; kid: string }> {
  const jwk = pub.export({ format: 'jwk' }) as JWK;
  return { jwk, kid: await calculateJwkThumbprint(jwk, 'sha256') };
}

/** A PEM PKCS#8 private key (Ed25519 or P-256). */
export async function loadSigningKey(path: string): Promise<SigningKey> {
  let pem: string;
  try {
    pem = readBounded(path, KEY_BYTES, 'a PEM key is a few hundred bytes').toString('utf8');
  } catch (e) {
    throw new KeyError(`cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (!pem.includes('-----BEGIN PRIVATE KEY-----'))
    throw new KeyError(`${path} is not a PEM PKCS#8 private key (-----BEGIN PRIVATE KEY-----)`);
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (e) {
    throw new KeyError(`${path}: ${(e as Error).message}`);
  }
  const alg = algOf(key);
  return { key, alg, ...(await publicJwk(createPublicKey(key))) };
}

/** A PEM public key (SPKI) to verify with. */
export async function loadPublicKey(path: string): Promise<{ key: KeyObject; kid: string }> {
  let key: KeyObject;
  try {
    key = createPublicKey(readBounded(path, KEY_BYTES, 'a PEM key is a few hundred bytes').toString('utf8'));
  } catch (e) {
    throw new KeyError(
      `${path} is not a PEM public key (${(e as NodeJS.ErrnoException).code ?? (e as Error).message.split('\n')[0]})`,
    );
  }
  algOf(key);
  return { key, kid: (await publicJwk(key)).kid };
}

/** Record the digests in certificate.json and, with a key, sign it. */
export async function seal(outDir: string, signing?: SigningKey): Promise<void> {
  const path = join(outDir, 'certificate.json');
  const cert = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  cert.digests = outputDigests(outDir);
  if (signing) cert.signature = { file: JWS_FILE, alg: signing.alg, kid: signing.kid };
  writeJson(path, cert);
  if (!signing) return;
  const jws = await new CompactSign(readFileSync(path))
    .setProtectedHeader({ alg: signing.alg, typ: JWS_TYPE, kid: signing.kid, jwk: signing.jwk })
    .sign(signing.key);
  writeFileSync(join(outDir, JWS_FILE), `${jws}\n`);
}

export interface Verification {
  ok: boolean;
  /** one line: what broke, or what was verified */
  line: string;
}

/** Check a run directory: the signature (against `key` when given, else the embedded jwk) and the
 *  digest of every file the certificate vouches for. */
export async function verifyDir(dir: string, key?: { key: KeyObject; kid: string }): Promise<Verification> {
  const fail = (line: string): Verification => ({ ok: false, line });
  const certPath = join(dir, 'certificate.json');
  let certBytes: Buffer;
  try {
    certBytes = readRunFile(certPath);
  } catch (e) {
    return fail((e as Error).message);
  }
  const jwsPath = join(dir, JWS_FILE);
  let signer = 'unsigned (no certificate.jws): digests checked, nothing authenticates who wrote them';
  if (lstatSync(jwsPath, { throwIfNoEntry: false })) {
    let jws: string;
    try {
      jws = readRunFile(jwsPath).toString('utf8').trim();
    } catch (e) {
      return fail((e as Error).message);
    }
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(jws);
    } catch (e) {
      return fail(`${JWS_FILE} is not a compact JWS (${(e as Error).message})`);
    }
    if (header.typ !== JWS_TYPE) return fail(`${JWS_FILE}: header typ is ${String(header.typ)}, want ${JWS_TYPE}`);
    let payload: Uint8Array;
    try {
      payload = (
        key
          ? await compactVerify(jws, key.key, { algorithms: ['EdDSA', 'ES256'] })
          : await compactVerify(jws, EmbeddedJWK, { algorithms: ['EdDSA', 'ES256'] })
      ).payload;
    } catch (e) {
      const alg =
        typeof header.alg === 'string' && !['EdDSA', 'ES256'].includes(header.alg)
          ? ` (alg ${JSON.stringify(header.alg.slice(0, 20))}: only EdDSA and ES256 are taken)`
          : '';
      const why = !key
        ? (e as Error).message
        : header.kid === undefined
          ? `it names no signing key, and the given key ${key.kid} does not verify it${alg}`
          : header.kid !== key.kid
            ? `signed by key ${JSON.stringify(String(header.kid)).slice(0, 80)}, not by the given key ${key.kid}${alg}`
            : (e as Error).message;
      return fail(`signature of ${JWS_FILE} does not verify: ${why}`);
    }
    if (!key) {
      const embedded = header.jwk ? await calculateJwkThumbprint(header.jwk as JWK, 'sha256') : undefined;
      if (embedded !== header.kid)
        return fail(`${JWS_FILE}: kid ${String(header.kid)} is not the thumbprint of the embedded key`);
    }
    if (Buffer.compare(Buffer.from(payload), certBytes) !== 0)
      return fail(
        `digest of certificate.json does not match: signed ${sha256(payload)}, file ${sha256(certBytes)} (certificate.json was changed after signing)`,
      );
    signer = key
      ? `signed by the given key ${key.kid}`
      : `signature valid for the key embedded in it (${String(header.kid)}), signer unauthenticated: pass --key to check who signed`;
  } else if (key) {
    return fail(`the certificate is not signed (no ${JWS_FILE} in ${dir})`);
  }
  let cert: { complete?: unknown; digests?: unknown; verdict?: unknown } | null;
  try {
    cert = JSON.parse(certBytes.toString('utf8'));
  } catch (e) {
    return fail(`certificate.json is not JSON (${(e as Error).message})`);
  }
  if (typeof cert !== 'object' || cert === null || Array.isArray(cert) || typeof cert.verdict !== 'string')
    return fail('certificate.json is not a paycert certificate (no verdict)');
  if (cert.digests === undefined)
    return fail('certificate.json has no digests: the run did not finish (or was not sealed)');
  const digests = cert.digests;
  if (
    typeof digests !== 'object' ||
    digests === null ||
    Array.isArray(digests) ||
    !Object.values(digests).every((d) => typeof d === 'string')
  )
    return fail('certificate.json: digests is not an object of file digests');
  let actual: Record<string, string>;
  try {
    actual = outputDigests(dir);
  } catch (e) {
    if (e instanceof TreeError) return fail(`${e.message}: a run writes only files`);
    throw e;
  }
  for (const [file, want] of Object.entries(digests as Record<string, string>)) {
    if (!Object.hasOwn(actual, file)) return fail(`${file} is missing (the certificate records its digest)`);
    if (actual[file] !== want)
      return fail(`digest of ${file} does not match: certificate ${want}, file ${actual[file]}`);
  }
  for (const file of Object.keys(actual)) {
    if (file === SEALED_SINCE && !Object.hasOwn(digests, file)) continue;
    if (!Object.hasOwn(digests, file))
      return fail(
        `${file} is not covered by the certificate's digests (${file.startsWith(EVIDENCE_DIR) ? 'evidence added after the run' : 'added after the run'})`,
      );
  }
  return {
    ok: true,
    line: `valid: ${Object.keys(digests).length} file digests match; ${signer}; verdict ${cert.verdict}${cert.complete ? '' : ' (incomplete run)'}`,
  };
}
