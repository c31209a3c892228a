import type { Clock, Scheduler } from '../../reference/clock.ts';
import type { GreenleavesPolicy } from './policy.ts';
import type { Store } from './store.ts';
import type { TestCard } from '../../spec/greenleaves-cards.ts';
import { buildXml, salt, sign, type PgMessage } from '../../protocols/greenleaves/index.ts';
import { signWithoutScript } from '../../protocols/greenleaves/script-less.ts';
import { xml, type Outgoing } from '../../reference/server.ts';
import { loadErrors } from '../../spec/load.ts';
import { xmlSafeText } from '../../protocols/common/xml-text.ts';

/** The media type of the gateway's XML replies: the seed names none; the live gateway's, which
 *  published clients compare byte for byte (a client refusing any other type fails every call). The
 *  policy's (replies.mediaType, GL-TX-10) where a gateway is at hand. */
const XML_TYPE = 'text/xml; charset=UTF-8';
const mediaType = (gw: Gw | undefined): string => gw?.policy.replies.mediaType ?? XML_TYPE;

/** Everything the greenleaves sandbox's handlers share. */
export interface Gw {
  merchantId: string;
  secret: string;
  base: () => string;
  store: Store;
  clock: Clock;
  scheduler: Scheduler;
  policy: GreenleavesPolicy;
  cards: Map<string, TestCard>;
  /** callbacks go to loopback hosts only, unless this is set */
  anyCallbackHost: boolean;
  callbackTimeoutMs: number;
  /** how long check_url may take before the payment is refused (digest §3.6 names no number) */
  checkTimeoutMs: number;
}

/** ISO-8601 with an offset, as g2g replies write pg_datetime. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

export function isoNow(gw: Gw): string {
  return iso(gw.clock.now());
}

const UNESCAPED: Record<string, string> = { lt: '<', gt: '>', amp: '&' };

/** A signed XML reply: pg_status first, then the fields, pg_salt and pg_sig. */
export function reply(gw: Gw, script: string, fields: PgMessage): Outgoing {
  const r = gw.policy.replies;
  const body: PgMessage = {
    ...fields,
    ...(fields.pg_status === 'ok' ? { pg_status: r.okWord } : {}), // GL-TX-09
    ...(r.traceId ? { pg_trace_id: 'T1' } : {}),
    // undocumented nested elements: an object, and a repeated element (parsed as a list)
    ...(r.nestedExtra && fields.pg_status === 'ok'
      ? {
          pg_card: { pg_brand: 'VI', pg_exp: '12/30' },
          pg_fee: Array.from({ length: r.repeatedExtra }, (_, i) => (i === 0 ? '10' : i === 1 ? '5' : String(i + 1))),
        }
      : {}),
    // GL-SIG-16: a new salt each time (a defect: one for every reply, or for every success reply)
    pg_salt:
      fields.pg_status !== 'error' && r.successSalt !== null
        ? r.successSalt
        : r.freshSalt
          ? salt(Math.random, r.saltLength)
          : 'constantsalt',
  };
  const signed = r.signsFalsy
    ? body
    : Object.fromEntries(Object.entries(body).filter(([, v]) => v !== '0' && v !== ''));
  // GL-SIG-11, GL-SIG-12; the order of nested values is open (digest open question 2)
  body.pg_sig = !gw.policy.signature.scriptSigned
    ? signWithoutScript(signed, gw.secret) // GL-SIG-02, GL-SIG-03 (a defect)
    : sign(r.scriptName ?? r.scriptPrefix + script, signed, gw.secret, r.order === 'vendor' ? {} : { order: r.order });
  if (r.saltAfterSigning.includes(script)) body.pg_salt = salt(Math.random, r.saltLength); // GL-SIG-11
  // a defect: the values pasted in as they are, their escaping undone (GL-TX-02)
  const text = r.unescaped
    ? buildXml(body, r.root).replace(/&(lt|gt|amp);/g, (_, e: string) => UNESCAPED[e]!)
    : buildXml(body, r.root);
  return xml(text, fields.pg_status === 'error' ? errorStatus(gw) : 200, mediaType(gw)); // GL-TX-06, GL-TX-10
}

function errorText(code: number): string {
  const e = loadErrors('greenleaves').codes.find((c) => c.code === code);
  return e?.ru ?? e?.en ?? 'Ошибка';
}

/** A signed error reply (code and description from specs/greenleaves/errors.json; the description that of
 *  `textOf`, where a defect gives a refusal another code than its own). */
export function error(
  gw: Gw,
  script: string,
  code: number,
  detail?: string,
  extra: PgMessage = {},
  textOf = code,
): Outgoing {
  const fields: PgMessage = {
    pg_status: 'error',
    ...extra,
    pg_error_code: String(code),
    pg_error_description: detail ? `${errorText(textOf)}: ${xmlSafeText(detail)}` : errorText(textOf), // signed as sent
    pg_datetime: isoNow(gw),
  };
  if (!gw.policy.errors.businessDescription && code !== 9999 && code !== 1100) delete fields.pg_error_description; // GL-ERR-02
  if (!gw.policy.errors.signed) return xml(buildXml(fields), errorStatus(gw), mediaType(gw)); // GL-SIG-11, GL-SIG-14
  return reply(gw, script, fields);
}

/** GL-TX-03 (INFERRED): errors come with HTTP 200; the variant error-http-400 does otherwise. */
function errorStatus(gw: Gw | undefined): number {
  return gw?.policy.errors.httpStatus ?? 200;
}

/** The reply to a merchant that cannot be identified: nothing to sign with. */
export function unsignedError(code: number, detail: string, gw?: Gw): Outgoing {
  return xml(
    buildXml({
      pg_status: 'error',
      pg_error_code: String(code),
      pg_error_description: `${errorText(code)}: ${xmlSafeText(detail)}`,
    }),
    errorStatus(gw),
    mediaType(gw),
  );
}
