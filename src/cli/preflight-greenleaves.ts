import { GreenleavesClient, type GreenleavesReply } from '../sdk/greenleaves.ts';
import { refusesSignature } from '../protocols/greenleaves/refusal.ts';
import { signWithoutScript, verifyWithoutScript } from '../protocols/greenleaves/script-less.ts';
import { CREDENTIAL_VARS, credentials } from '../spec/credentials.ts';
import type { Subject } from '../harness/subject.ts';
import type { Send } from '../sdk/transport.ts';
import { gatewayWords } from '../report/certificate.ts';

/** The g2g part of the secret pre-flight (src/cli/preflight.ts secretPreflight): true when the gateway
 *  refuses the signature of a status_v2 request signed as documented and nothing shows the secret is
 *  right (exit 2: check the secret); `{ goOn }` when it refuses it yet the secret is shown right, the
 *  signature scheme not being the documented one (the run goes on, GL-SIG-02/03 judge the scheme, and
 *  the certificate says what the pre-flight saw); false otherwise. */
export async function greenleavesSecretProbe(subject: Subject, transport: Send): Promise<boolean | { goOn: string }> {
  const c = credentials('greenleaves');
  const gl = new GreenleavesClient(transport, subject.baseUrl, c.merchantId, c.secretKey);
  const r = await gl.call(STATUS, { pg_order_id: ORDER }, { note: 'preflight' });
  // a refusal signed with our secret (in any field order): the gateway has it, the checks judge the rest
  if (!refusesSignature((n) => r.field(n)) || r.signedAs('status_v2')) return false;
  return (await scriptLeftOut(gl, r)) ?? true;
}

const STATUS = '/g2g/status_v2';
const ORDER = 'PAYCERT-PREFLIGHT';
const SECRET_VAR = CREDENTIAL_VARS.greenleaves.secretKey[0];

/** The codes a status request for an order nobody has is answered with once its signature is taken:
 *  340 (the older code list) and 11068 (the current public status_v2 page), GL-ERR-05. */
const NOT_FOUND_CODES: ReadonlySet<string> = new Set(['340', '11068']);

/** A reply's error code and description, as the warning and the certificate say them: the gateway's
 *  words made safe (a description may name the right pg_sig, or echo the secret) and cut to 80. */
const codeOf = (r: GreenleavesReply, secret: string): string => {
  const code = r.field('pg_error_code');
  const words = r.field('pg_error_description');
  return `pg_error_code ${code === undefined ? 'absent' : gatewayWords(code, 20, [secret])}${words ? ` "${gatewayWords(words, 80, [secret])}"` : ''}`;
};

/** Probe 25: a Go gateway that left the script name out of pg_sig, both when it verified requests and
 *  when it signed its replies, stopped the run with exit 2 as if the secret were wrong, though it broke
 *  MUST rules (GL-SIG-02/03: the script name is the first element of the signed string). The secret is
 *  shown right when the refusal's own pg_sig verifies with it over the values alone (no request more),
 *  or else when the same status request signed without the script name is shown taken: pg_status ok, a
 *  reply signed with the secret, or the not-found code of an order nobody has (one request more, sent
 *  only where the run would otherwise stop; any other reply, a rate limit or another error, says nothing
 *  of the secret). undefined: nothing shows it. */
async function scriptLeftOut(gl: GreenleavesClient, refusal: GreenleavesReply): Promise<{ goOn: string } | undefined> {
  const refused = `the gateway refused paycert's status_v2 request signed as documented as badly signed (${codeOf(refusal, gl.secret)})`;
  const then = `: ${SECRET_VAR} is right, the gateway computes pg_sig without the script name, otherwise than documented (GL-SIG-02, GL-SIG-03 judge it)`;
  const sig = refusal.message?.pg_sig;
  if (refusal.message && verifyWithoutScript(refusal.message, gl.secret, typeof sig === 'string' ? sig : undefined))
    return { goOn: `${refused}, and its refusal's pg_sig verifies with ${SECRET_VAR} over the values alone${then}` };
  const m = gl.signed(STATUS, { pg_order_id: ORDER });
  m.pg_sig = signWithoutScript(m, gl.secret);
  const bare = await gl.post(STATUS, m, 'form', 'preflight: the same request signed without the script name');
  // only a reply that shows the signature taken says the secret is right: pg_status ok, a reply signed
  // with the secret (without the script name, or as documented), or the not-found code of an order
  // nobody has; a rate limit, another error or no g2g reply at all says nothing about it
  if (bare.message === undefined || refusesSignature((n) => bare.field(n))) return undefined;
  const bareSig = bare.message.pg_sig;
  const code = bare.field('pg_error_code') ?? '';
  const said =
    bare.field('pg_status') === 'ok'
      ? 'pg_status ok'
      : verifyWithoutScript(bare.message, gl.secret, typeof bareSig === 'string' ? bareSig : undefined)
        ? `its reply's pg_sig verifies with ${SECRET_VAR} over the values alone, ${codeOf(bare, gl.secret)}`
        : bare.signedAs('status_v2')
          ? `its reply is signed with ${SECRET_VAR}, ${codeOf(bare, gl.secret)}`
          : bare.field('pg_status') === 'error' && NOT_FOUND_CODES.has(code)
            ? `the order's not-found error, ${codeOf(bare, gl.secret)}`
            : undefined;
  if (said === undefined) return undefined;
  return { goOn: `${refused}, while the same request signed without the script name was not (${said})${then}` };
}
