// probe 22: an expired certificate (CERT_HAS_EXPIRED) and one naming another host
// (ERR_TLS_CERT_ALTNAME_INVALID) were advised "give the CA to Node, NODE_EXTRA_CA_CERTS=…", though the
// CA was given and trusted. Each cause gets its own advice; only an issuer Node does not know gets that one.
import { expect, test } from 'vitest';
import { certificateRefused } from '../../../src/harness/targets.ts';

const err = (code: string, message: string) => Object.assign(new Error(message), { code });

test.each([
  ['CERT_HAS_EXPIRED', 'certificate has expired', /has expired.*renew/],
  ['CERT_NOT_YET_VALID', 'certificate is not yet valid', /not yet valid.*clock/],
  [
    'ERR_TLS_CERT_ALTNAME_INVALID',
    "Hostname/IP does not match certificate's altnames: Host: localhost. is not in the cert's altnames: DNS:wrong.example",
    /does not name the host.*--target/,
  ],
])('%s: its own advice, not NODE_EXTRA_CA_CERTS', (code, message, advice) => {
  const why = certificateRefused(err(code, message), {});
  expect(why).toMatch(new RegExp(`^its TLS certificate is not accepted \\(${code}: `));
  expect(why).toMatch(advice);
  expect(why).not.toMatch(/NODE_EXTRA_CA_CERTS/);
});

test.each(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT'])(
  '%s: an issuer Node does not know: give it the CA',
  (code) => {
    expect(certificateRefused(err(code, 'unable to verify'), {})).toMatch(/NODE_EXTRA_CA_CERTS=\/path\/ca\.pem$/);
    // the variable is set, and yet: it does not hold this issuer
    expect(certificateRefused(err(code, 'unable to verify'), { NODE_EXTRA_CA_CERTS: '/etc/ca.pem' })).toMatch(
      /the NODE_EXTRA_CA_CERTS given, \/etc\/ca\.pem, does not hold its issuer.*NODE_EXTRA_CA_CERTS=\/path\/ca\.pem$/,
    );
  },
);
