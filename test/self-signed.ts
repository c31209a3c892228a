// A self-signed certificate made with openssl for a test's TLS server (a P-256 key: 0.02 CPU-s to
// make, RSA-2048 0.3), and whether openssl is there to make one.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export { hasOpenssl } from '../src/harness/sdk-tls.ts';

/** A certificate naming `host` only (CN and subjectAltName), and its key, made in `dir`. */
export function selfSigned(dir: string, host: string): { cert: string; key: string } {
  execFileSync(
    'openssl',
    `req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=${host}`
      .split(' ')
      .concat(['-addext', `subjectAltName=DNS:${host}`])
      .concat(['-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')]),
    { stdio: 'ignore' },
  );
  return { cert: readFileSync(join(dir, 'c.pem'), 'utf8'), key: readFileSync(join(dir, 'k.pem'), 'utf8') };
}
