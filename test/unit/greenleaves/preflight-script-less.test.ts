// Probe 25 (gateways-go, finding 2): a g2g gateway that left the script name out of pg_sig, when it
// verified requests and when it signed its replies, refused paycert's pre-flight status request with 1100
// and the run stopped with exit 2 ("check PAYCERT_GREENLEAVES_SECRET_KEY"), no certificate, though the
// target breaks GL-SIG-02/03. Where the pre-flight can tell the secret is right (the refusal verifies
// without the script name, or a request signed so is taken), the run goes on and the certificate says
// so; only a secret that verifies under no variant stops it. The request count stays small: one when the
// refusal shows it, two at most.
import { expect, test, vi } from 'vitest';
import { profileCertificate } from '../../../src/report/certificate.ts';
import { secretPreflight } from '../../../src/cli/preflight.ts';
import type { Subject } from '../../../src/harness/subject.ts';
import type { Send } from '../../../src/sdk/transport.ts';
import { credentials } from '../../../src/spec/credentials.ts';
import { buildXml, fromPairs, type PgMessage } from '../../../src/protocols/greenleaves/index.ts';
import { signWithoutScript, verifyWithoutScript } from '../../../src/protocols/greenleaves/script-less.ts';

/** A g2g gateway verifying and (when `signs`) signing over md5(v1;…;vn;secret), no script name. */
function scriptLess(secret: string, signs: boolean): { send: Send; sent: () => number } {
  let n = 0;
  const send: Send = async (req) => {
    n++;
    const m = fromPairs(req.form ?? []);
    const taken = verifyWithoutScript(m, secret, typeof m.pg_sig === 'string' ? m.pg_sig : undefined);
    const reply: PgMessage = taken
      ? { pg_status: 'ok', pg_payment_id: '0', pg_salt: 'fresh1' }
      : {
          pg_status: 'error',
          pg_error_code: '1100',
          pg_error_description: 'Некорректная подпись запроса',
          pg_salt: 'x2',
        };
    if (signs) reply.pg_sig = signWithoutScript(reply, secret);
    const text = buildXml(reply);
    return { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: Buffer.from(text), text };
  };
  return { send, sent: () => n };
}

const subject = () =>
  ({ kind: 'gateway', target: 'real', baseUrl: 'https://gw.test', profile: 'greenleaves' }) as Subject;
const outcome = (s: Subject, send: Send) =>
  secretPreflight(s, send).then(
    () => undefined,
    (e: Error) => e.message,
  );
const secret = () => credentials('greenleaves').secretKey;

test('a refusal signed without the script name with our secret: the run goes on, one request, said for the certificate', async () => {
  const gw = scriptLess(secret(), true);
  const s = subject();
  expect(await outcome(s, gw.send)).toBeUndefined();
  expect(gw.sent()).toBe(1);
  expect(s.preflight).toMatch(/refusal's pg_sig verifies with PAYCERT_GREENLEAVES_SECRET_KEY over the values alone/);
  expect(s.preflight).toMatch(/without the script name.*GL-SIG-02, GL-SIG-03/);
  expect(s.preflight).not.toContain(secret());
});

test('an unsigned refusal, and a request signed without the script name taken: the run goes on after one request more', async () => {
  const gw = scriptLess(secret(), false);
  const s = subject();
  expect(await outcome(s, gw.send)).toBeUndefined();
  expect(gw.sent()).toBe(2);
  expect(s.preflight).toMatch(/the same request signed without the script name was not \(pg_status ok\)/);
});

test.each([
  ['signed', true],
  ['unsigned', false],
])(
  'a secret that verifies under no variant (refusals %s with the gateway’s own): exit 2 as before',
  async (_, signs) => {
    const gw = scriptLess('another-secret', signs);
    const s = subject();
    expect(await outcome(s, gw.send)).toMatch(/check PAYCERT_GREENLEAVES_SECRET_KEY/);
    expect(gw.sent()).toBe(2);
    expect(s.preflight).toBeUndefined();
  },
);

/** A gateway refusing every documented signature with `refusal` (signed without the script name with
 *  `secret`) and answering the request signed without the script name with `bare`. */
function refusesThenAnswers(
  secret: string,
  refusal: PgMessage,
  bare: PgMessage | undefined,
): { send: Send; sent: () => number } {
  let n = 0;
  const send: Send = async (req) => {
    n++;
    const m = fromPairs(req.form ?? []);
    const scriptLessSigned = verifyWithoutScript(m, secret, typeof m.pg_sig === 'string' ? m.pg_sig : undefined);
    const reply: PgMessage = { ...(scriptLessSigned && bare ? bare : refusal) };
    const text = buildXml(reply);
    return { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: Buffer.from(text), text };
  };
  return { send, sent: () => n };
}

// reviewer (high): the gateway's pg_error_description went into the warning and the certificate as it was
test('a refusal description naming the secret and the right pg_sig reaches neither the warning nor the certificate', async () => {
  const hex = '0123456789abcdef0123456789abcdef';
  const refusal: PgMessage = {
    pg_status: 'error',
    pg_error_code: '1100',
    pg_error_description: `invalid signature, expected ${hex} with key ${secret()}`,
    pg_salt: 'x2',
  };
  refusal.pg_sig = signWithoutScript(refusal, secret());
  const gw = refusesThenAnswers(secret(), refusal, undefined);
  const s = subject();
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((l: unknown) => void lines.push(String(l)));
  try {
    expect(await outcome(s, gw.send)).toBeUndefined();
  } finally {
    spy.mockRestore();
  }
  expect(s.preflight).toMatch(/pg_error_code 1100 "invalid signature, expected/);
  const cert = profileCertificate(
    {
      ...s,
      preflight: `${s.preflight} ${hex} ${secret()}`,
      jwsUri: { prefix: '', why: `uri ${hex.toUpperCase()} ${secret()}` },
    },
    [],
  );
  for (const text of [lines.join('\n'), s.preflight!, cert.target.preflight!, cert.target.jwsUri!]) {
    expect(text.toLowerCase()).not.toContain(hex);
    expect(text).not.toContain(secret());
  }
  expect(lines.join('\n')).toMatch(/paycert: warning: .*pg_error_code 1100/);
});

// reviewer (medium): only a reply that shows the signature taken says the secret is right
const refused = (): PgMessage => ({
  pg_status: 'error',
  pg_error_code: '1100',
  pg_error_description: 'Некорректная подпись запроса',
  pg_salt: 'x2',
});
test.each([
  [
    'a rate limit',
    { pg_status: 'error', pg_error_code: '429', pg_error_description: 'Too many requests', pg_salt: 'r' },
  ],
  [
    'another error',
    { pg_status: 'error', pg_error_code: '9999', pg_error_description: 'Internal error', pg_salt: 'r' },
  ],
  ['pg_status rejected', { pg_status: 'rejected', pg_salt: 'r' }],
])(
  'the request signed without the script name answered with %s: nothing shows the secret right, exit 2',
  async (_, bare) => {
    const gw = refusesThenAnswers(secret(), refused(), bare as PgMessage);
    const s = subject();
    expect(await outcome(s, gw.send)).toMatch(/check PAYCERT_GREENLEAVES_SECRET_KEY/);
    expect(gw.sent()).toBe(2);
    expect(s.preflight).toBeUndefined();
  },
);

test.each([
  [
    'the not-found code 340',
    { pg_status: 'error', pg_error_code: '340', pg_error_description: 'Payment not found', pg_salt: 'r' },
    /the order's not-found error, pg_error_code 340/,
  ],
  [
    'the not-found code 11068',
    { pg_status: 'error', pg_error_code: '11068', pg_error_description: 'Payment not found.', pg_salt: 'r' },
    /not-found error, pg_error_code 11068/,
  ],
])('the request signed without the script name answered with %s: the run goes on', async (_, bare, said) => {
  const gw = refusesThenAnswers(secret(), refused(), bare as PgMessage);
  const s = subject();
  expect(await outcome(s, gw.send)).toBeUndefined();
  expect(gw.sent()).toBe(2);
  expect(s.preflight).toMatch(said);
});

test('an error reply signed without the script name with our secret shows it right too', async () => {
  const bare: PgMessage = { pg_status: 'error', pg_error_code: '777', pg_error_description: 'Limit', pg_salt: 'r' };
  bare.pg_sig = signWithoutScript(bare, secret());
  const gw = refusesThenAnswers(secret(), refused(), bare);
  const s = subject();
  expect(await outcome(s, gw.send)).toBeUndefined();
  expect(s.preflight).toMatch(/its reply's pg_sig verifies with PAYCERT_GREENLEAVES_SECRET_KEY over the values alone/);
});
