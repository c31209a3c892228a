import type { Clock, Scheduler } from '../../reference/clock.ts';
import type { DefectSet } from '../../reference/defects.ts';
import type { GreenleavesDefect, GreenleavesVariant } from './defects.ts';
import type { Store } from './store.ts';
import type { TestCard } from '../../spec/greenleaves-cards.ts';
import { buildXml, salt, sign, type PgMessage } from '../../protocols/greenleaves/index.ts';
import { xml, type Outgoing } from '../../reference/server.ts';
import { loadErrors } from '../../spec/load.ts';
import { xmlSafeText } from '../../protocols/common/xml-text.ts';

/** Everything the greenleaves sandbox's handlers share. */
export interface Gw {
  merchantId: string;
  secret: string;
  base: () => string;
  store: Store;
  clock: Clock;
  scheduler: Scheduler;
  defects: DefectSet<GreenleavesDefect | GreenleavesVariant>;
  cards: Map<string, TestCard>;
  /** callbacks go to loopback hosts only, unless this is set */
  anyCallbackHost: boolean;
  callbackTimeoutMs: number;
}

/** ISO-8601 with an offset, as g2g replies write pg_datetime. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

export function isoNow(gw: Gw): string {
  return iso(gw.clock.now());
}

/** A signed XML reply: pg_status first, then the fields, pg_salt and pg_sig. */
export function reply(gw: Gw, script: string, fields: PgMessage): Outgoing {
  const body: PgMessage = { ...fields, ...(gw.defects.has('extra-reply-fields') ? { pg_trace_id: 'T1' } : {}), pg_salt: salt() };
  const name = gw.defects.has('reply-wrong-script-name') ? 'response' : script;
  body.pg_sig = sign(name, body, gw.secret);
  return xml(buildXml(body, gw.defects.has('reply-root-result') ? 'result' : 'response'), fields.pg_status === 'error' ? errorStatus(gw) : 200);
}

function errorText(code: number): string {
  const e = loadErrors('greenleaves').codes.find((c) => c.code === code);
  return e?.ru ?? e?.en ?? 'Ошибка';
}

/** A signed error reply (code and description from specs/greenleaves/errors.json). */
export function error(gw: Gw, script: string, code: number, detail?: string, extra: PgMessage = {}): Outgoing {
  const fields: PgMessage = {
    pg_status: 'error',
    ...extra,
    pg_error_code: String(code),
    pg_error_description: detail ? `${errorText(code)}: ${xmlSafeText(detail)}` : errorText(code), // signed as sent
    pg_datetime: isoNow(gw),
  };
  if (gw.defects.has('business-error-no-description') && code !== 9999 && code !== 1100) delete fields.pg_error_description;
  if (gw.defects.has('unsigned-error-reply')) return xml(buildXml(fields), errorStatus(gw));
  return reply(gw, script, fields);
}

/** GL-TX-03 (INFERRED): errors come with HTTP 200; the variant error-http-400 does otherwise. */
function errorStatus(gw: Gw | undefined): number {
  return gw?.defects.has('error-http-400') || gw?.defects.has('errors-http-400') ? 400 : 200;
}

/** The reply to a merchant that cannot be identified: nothing to sign with. */
export function unsignedError(code: number, detail: string, gw?: Gw): Outgoing {
  return xml(buildXml({ pg_status: 'error', pg_error_code: String(code), pg_error_description: `${errorText(code)}: ${xmlSafeText(detail)}` }), errorStatus(gw));
}
