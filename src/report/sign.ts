import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { lstatSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompactSign, EmbeddedJWK, calculateJwkThumbprint, compactVerify, decodeProtectedHeader, type JWK } from 'jose';
import { readBounded } from '../spec/read-bounded.ts';
import { COVERS, LEGACY_COVERS, SEALED_SINCE, TreeError, outputDigests, sha256 } from './digest.ts';
import { shownVerdict, type OverallVerdict } from './verdict.ts';
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

/** Record the digests in certificate.json (of every file COVERS names, and the list itself as
 *  `covers`) and, with a key, sign it. `built`: the Allure report being built beside the seal (the
 *  run's end): the other files are digested meanwhile, html/ once it is in place, and only then is
 *  certificate.json written and signed. Nothing may write a covered file after the seal. */
export async function seal(outDir: string, signing?: SigningKey, built?: Promise<unknown>): Promise<void> {
  const path = join(outDir, 'certificate.json');
  // the Allure results (hundreds of files) while the child builds the report on the other core
  const digests = outputDigests(
    outDir,
    COVERS.filter((c) => c !== 'html/'),
  );
  if (built)
    await built.then(
      () => {},
      () => {},
    );
  Object.assign(digests, outputDigests(outDir, ['html/']));
  const cert = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  cert.covers = [...COVERS];
  cert.digests = digests;
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

/** The signal that ended a run, as its signal handler recorded it in the certificate ("interrupted (SIGTERM)"). */
function interruption(cert: unknown): string | undefined {
  const errors = (cert as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return undefined;
  for (const e of errors) {
    const m = typeof e === 'string' ? /^interrupted \((SIG[A-Z]+)\)$/.exec(e) : null;
    if (m) return m[1];
  }
  return undefined;
}

function parsed(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Check a run directory: the signature (against `key` when given, else the embedded jwk), that
 *  certificate.json names the key that signed it, and the digest of every file the certificate
 *  vouches for (`covers`; a certificate sealed before it recorded them: results, junit.xml, config
 *  and allure-results/, and the line says what it does not cover). */
export async function verifyDir(dir: string, key?: { key: KeyObject; kid: string }): Promise<Verification> {
  const fail = (line: string): Verification => ({ ok: false, line });
  const certPath = join(dir, 'certificate.json');
  let certBytes: Buffer;
  try {
    certBytes = readRunFile(certPath);
  } catch (e) {
    return fail((e as Error).message);
  }
  // a run stopped by a signal rewrites its certificate (complete: false) and records the signal
  const stopped = interruption(parsed(certBytes));
  const jwsPath = join(dir, JWS_FILE);
  let signer = 'unsigned (no certificate.jws): digests checked, nothing authenticates who wrote them';
  let signedBy: string | undefined;
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
    if (Buffer.compare(Buffer.from(payload), certBytes) !== 0) {
      // the run signed its certificate, then a signal ended it and its handler rewrote it unfinished
      const signed = parsed(payload) as { complete?: unknown } | undefined;
      const now = parsed(certBytes) as { complete?: unknown } | undefined;
      if (stopped && signed?.complete === true && now?.complete === false)
        return fail(
          `interrupted after signing (complete: false): ${stopped} stopped the run after it had signed certificate.json, and the run rewrote it as unfinished (certificate.jws still holds the certificate it signed, ${sha256(payload)})`,
        );
      return fail(
        `digest of certificate.json does not match: signed ${sha256(payload)}, file ${sha256(certBytes)} (certificate.json was changed after signing)`,
      );
    }
    signedBy = key ? key.kid : String(header.kid);
    signer = key
      ? `signed by the given key ${key.kid}`
      : `signature valid for the key embedded in it (${String(header.kid)}), signer unauthenticated: pass --key to check who signed`;
  } else if (key) {
    return fail(
      `the certificate is not signed (no ${JWS_FILE} in ${dir})${stopped ? `: ${stopped} stopped the run before it signed (complete: false)` : ''}`,
    );
  }
  let cert: {
    complete?: unknown;
    digests?: unknown;
    verdict?: unknown;
    partial?: unknown;
    covers?: unknown;
    signature?: unknown;
  } | null;
  try {
    cert = JSON.parse(certBytes.toString('utf8'));
  } catch (e) {
    return fail(`certificate.json is not JSON (${(e as Error).message})`);
  }
  if (typeof cert !== 'object' || cert === null || Array.isArray(cert) || typeof cert.verdict !== 'string')
    return fail('certificate.json is not a paycert certificate (no verdict)');
  // the key certificate.json says signed it (seal writes it before signing): a certificate signed
  // again by someone else's key verified with that key's own embedded jwk
  const named = (cert.signature as { kid?: unknown } | undefined)?.kid;
  if (signedBy !== undefined && named !== signedBy)
    return fail(
      named === undefined
        ? `certificate.json records no signing key (it was sealed unsigned), yet ${JWS_FILE} signs it with key ${signedBy}: signed afterwards by someone else`
        : `certificate.json names its signing key ${JSON.stringify(String(named)).slice(0, 80)} (signature.kid), but ${JWS_FILE} is signed by key ${signedBy}: signed again by another key`,
    );
  if (signedBy === undefined && named !== undefined)
    return fail(
      `certificate.json says it was signed (signature.kid ${JSON.stringify(String(named)).slice(0, 80)}), but there is no ${JWS_FILE}`,
    );
  if (cert.digests === undefined)
    return fail(
      stopped
        ? `the run was interrupted (${stopped}, complete: false): certificate.json has no digests`
        : 'certificate.json has no digests: the run did not finish (or was not sealed)',
    );
  const digests = cert.digests;
  if (
    typeof digests !== 'object' ||
    digests === null ||
    Array.isArray(digests) ||
    !Object.values(digests).every((d) => typeof d === 'string')
  )
    return fail('certificate.json: digests is not an object of file digests');
  const legacy = cert.covers === undefined;
  if (!legacy && !(Array.isArray(cert.covers) && cert.covers.every((c) => typeof c === 'string')))
    return fail('certificate.json: covers is not a list of file and directory names');
  const covers = legacy ? LEGACY_COVERS : (cert.covers as string[]);
  const under = (file: string, name: string) => (name.endsWith('/') ? file.startsWith(name) : file === name);
  // every file a run writes, covered or not: a digest the certificate records is checked wherever it is
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
  // what the run writes that this certificate does not vouch for (one sealed by an older paycert)
  const unvouched = new Set<string>();
  for (const file of Object.keys(actual)) {
    if (Object.hasOwn(digests, file)) continue;
    if (legacy && file === SEALED_SINCE) continue;
    if (covers.some((c) => under(file, c)))
      return fail(
        `${file} is not covered by the certificate's digests (${/^(allure-results|evidence)\//.test(file) ? 'evidence added after the run' : 'added after the run'})`,
      );
    unvouched.add(COVERS.find((c) => under(file, c))!);
  }
  const verdict = shownVerdict({
    verdict: cert.verdict as OverallVerdict,
    partial: typeof cert.partial === 'string' ? cert.partial : undefined,
  });
  return {
    ok: true,
    line: `valid: ${Object.keys(digests).length} file digests match; ${signer}; verdict ${verdict}${cert.complete ? '' : ' (incomplete run)'}${unvouched.size ? `; not covered by its digests (sealed by an older paycert), unchecked: ${[...unvouched].join(', ')}` : ''}`,
  };
}
