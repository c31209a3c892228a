// `paycert run --sdk-tls` (probe 26): the SDK subject's recording gateway serves HTTPS on loopback with a
// certificate for 127.0.0.1 and localhost issued by a CA made for the run, so that an SDK that talks
// HTTPS only and verifies certificates (as a real one does: seed 002 "работа только по HTTPS с валидным
// SSL сертификатом", the bank's https://…/ecom/api) can be certified as shipped. node:crypto cannot
// issue an X.509 certificate, so `openssl` makes them (run.ts refuses the option with exit 2 without it).
//
// What is made, in a directory private to the run (the run's mkdtemp 0700 directory, removed at its end):
//   ca.pem                 the run's CA certificate: the only file an adapter is told of (`ca`, SSL_CERT_FILE…)
//   server.pem/-key.pem    the gateway's certificate (SAN IP:127.0.0.1, DNS:localhost) and key
//   foreign.pem/-key.pem   the same names from another CA (V5-SDK-24 / JY-SDK-27: a certificate that does
//                          not verify, which the SDK must refuse)
// The CAs' keys are removed as soon as the two certificates are issued; the servers' keys are read into the
// test workers' memory and never written anywhere else, nor shown in a report.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** The run's TLS directory, for its test workers (set by `paycert run --sdk-tls`). */
export const SDK_TLS_ENV = 'PAYCERT_SDK_TLS_DIR';

export interface SdkTls {
  /** the CA certificate's path (PEM): what the adapter is told to trust (read it when the adapter is
   *  started: this process's own file is written again then if dropOwnSdkTls removed it) */
  ca: string;
  cert: string;
  key: string;
  /** a certificate for the same names from another CA, and its key */
  foreign: { cert: string; key: string };
}

/** Whether `openssl` can be run here. */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A CA (kept as `name`.pem) and a server certificate for 127.0.0.1 and localhost it issues (`leaf`.pem,
 *  `leaf`-key.pem); the CA's key is removed. */
function issue(dir: string, name: string, leaf: string): void {
  const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir });
  const caKey = join(dir, `${name}-key.pem`);
  try {
    openssl([
      'req',
      '-x509',
      ...EC,
      '-days',
      '7',
      '-subj',
      `/CN=paycert ${name} ${randomBytes(4).toString('hex')}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-keyout',
      caKey,
      '-out',
      join(dir, `${name}.pem`),
    ]);
    openssl([
      'req',
      ...EC,
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      join(dir, `${leaf}-key.pem`),
      '-out',
      join(dir, `${leaf}.csr`),
    ]);
    writeFileSync(
      join(dir, `${leaf}.ext`),
      [
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature',
        'extendedKeyUsage=serverAuth',
        'subjectKeyIdentifier=hash',
        'authorityKeyIdentifier=keyid,issuer',
        '',
      ].join('\n'),
    );
    openssl([
      'x509',
      '-req',
      '-in',
      join(dir, `${leaf}.csr`),
      '-CA',
      join(dir, `${name}.pem`),
      '-CAkey',
      caKey,
      '-set_serial',
      `0x${randomBytes(8).toString('hex')}`,
      '-days',
      '7',
      '-extfile',
      join(dir, `${leaf}.ext`),
      '-out',
      join(dir, `${leaf}.pem`),
    ]);
  } finally {
    // the CA signs nothing more: its key is gone at once
    rmSync(caKey, { force: true });
    rmSync(join(dir, `${leaf}.csr`), { force: true });
    rmSync(join(dir, `${leaf}.ext`), { force: true });
  }
}

/** Make the run's TLS material in `dir` (created 0700 if missing). Throws openssl's message on failure. */
export function makeSdkTls(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  issue(dir, 'ca', 'server');
  issue(dir, 'foreign-ca', 'foreign');
  // only the run's CA is ever named to an adapter: the other CA's certificate is not needed
  rmSync(join(dir, 'foreign-ca.pem'), { force: true });
  return dir;
}

let loaded: SdkTls | undefined;
/** this process's own material (no run's): the CA certificate in memory, and the directory it is written to
 *  for the adapters, made on demand (`ca`) and removed by dropOwnSdkTls or at the process's exit */
let own: { caPem: string; dir?: string } | undefined;
let exitHook = false;

function removeOwnDir(): void {
  if (own?.dir) rmSync(own.dir, { recursive: true, force: true });
  if (own) own.dir = undefined;
}

/** The CA file of this process's own material, written again (a new private directory) if dropOwnSdkTls
 *  removed it: read when an adapter is started with it, never a path that is gone. */
function ownCaFile(): string {
  if (!own) throw new Error('no TLS material of this process');
  if (!own.dir || !existsSync(join(own.dir, 'ca.pem'))) {
    removeOwnDir();
    const dir = mkdtempSync(join(tmpdir(), 'paycert-sdk-tls-'));
    writeFileSync(join(dir, 'ca.pem'), own.caPem, { mode: 0o600 });
    own.dir = dir;
  }
  return join(own.dir, 'ca.pem');
}

/** Remove the directory this process made for its own TLS material (closeAdapters: no adapter reads it any
 *  more). The material stays in memory: a session that took it (sdkTls) before this and starts its adapter
 *  after reads `ca` then, which writes the CA file again; the certificates it serves are the same CA's. */
export function dropOwnSdkTls(): void {
  removeOwnDir();
}

/** The server's and the foreign certificate and key in `dir`. */
function readMaterial(dir: string): Omit<SdkTls, 'ca'> {
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return {
    cert: read('server.pem'),
    key: read('server-key.pem'),
    foreign: { cert: read('foreign.pem'), key: read('foreign-key.pem') },
  };
}

/** The run's TLS material: from the directory `paycert run` made (SDK_TLS_ENV), else (the meta-tests, a
 *  check run on its own) made once for this process, its CA certificate written to a private temporary
 *  directory when `ca` is read, removed by dropOwnSdkTls or at its exit. */
export function sdkTls(): SdkTls {
  if (loaded) return loaded;
  const runDir = process.env[SDK_TLS_ENV];
  if (runDir && existsSync(join(runDir, 'ca.pem'))) {
    loaded = { ca: join(runDir, 'ca.pem'), ...readMaterial(runDir) };
    return loaded;
  }
  // a test worker (a thread, a fork ended by a signal) may never see its process's exit: dropOwnSdkTls is
  // the way out; the hook, registered once, removes whatever directory is left
  if (!exitHook) {
    exitHook = true;
    process.once('exit', removeOwnDir);
  }
  const dir = mkdtempSync(join(tmpdir(), 'paycert-sdk-tls-'));
  try {
    makeSdkTls(dir);
    const material = readMaterial(dir);
    // held in memory from now on: the directory keeps only the CA certificate
    for (const f of ['server.pem', 'server-key.pem', 'foreign.pem', 'foreign-key.pem']) rmSync(join(dir, f));
    own = { caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'), dir };
    loaded = {
      get ca() {
        return ownCaFile();
      },
      ...material,
    };
  } catch (e) {
    // a failed issue (the second CA's, a read) leaves no key behind
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return loaded;
}

/** The variables an adapter is started with under --sdk-tls, each naming the run's CA file: what the common
 *  HTTP stacks read for the roots they trust. SSL_CERT_FILE: OpenSSL's default file (Python's ssl and
 *  urllib, Ruby's Net::HTTP, PHP's stream and curl builds on OpenSSL, Go's crypto/x509 on Linux);
 *  REQUESTS_CA_BUNDLE: Python requests (certifi otherwise, SSL_CERT_FILE ignored); CURL_CA_BUNDLE: the curl
 *  tool and requests; NODE_EXTRA_CA_CERTS: Node (which reads no SSL_CERT_FILE), added to its own roots. The
 *  first three replace the store they name, for the adapter process only: its one HTTPS peer is paycert's
 *  loopback gateway. A JVM reads none of them: its adapter takes `ca` from each request. */
export function tlsEnv(ca: string): Record<string, string> {
  return { SSL_CERT_FILE: ca, REQUESTS_CA_BUNDLE: ca, CURL_CA_BUNDLE: ca, NODE_EXTRA_CA_CERTS: ca };
}

/** What an SDK that refuses paycert's plain-http gateway says (probe 26: "refusing plain http base URL …
 *  (HTTPS only)"): a refusal naming https, TLS, SSL, the scheme or an insecure URL. */
const HTTPS_ONLY_WORDS = /https|\btls\b|\bssl\b|scheme|insecure|plain[ -]?http/i;

/** Why an answer looks like an HTTPS-only SDK refusing the plain-http gateway it was given (the run without
 *  --sdk-tls), for a reason; undefined otherwise. */
export function seemsHttpsOnly(
  subject: { sdk?: { tls?: true } },
  a: { ok: boolean; error?: { message?: string } },
): string | undefined {
  if (subject.sdk?.tls || a.ok || !HTTPS_ONLY_WORDS.test(a.error?.message ?? '')) return undefined;
  return HTTPS_ONLY_HINT;
}

export const HTTPS_ONLY_HINT =
  "the SDK seems to refuse plain http (its refusal names https, TLS, SSL or the scheme): run paycert run --sdk-tls (an https gateway, a certificate from the run's CA: docs/sdk-adapter.md)";
