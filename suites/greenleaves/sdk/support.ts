import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  fromForm,
  fromPairs,
  isJsonMedia,
  jsonPairs,
  type PgMessage,
} from '../../../src/protocols/greenleaves/index.ts';
import { parseFormBody } from '../../../src/protocols/common/form.ts';
import type { Recorded } from '../../../src/harness/recorder.ts';
import { ROOT } from '../../../src/spec/paths.ts';
import { getSchema, schemaId, validate } from '../../../src/spec/ajv.ts';
import { classify, describeViolation, isAdvisory, isOurs } from '../../../src/spec/violations.ts';

/** The fields of a recorded g2g request as the reference gateway reads them: urlencoded or multipart
 *  form pairs (bracket notation), or, when the request carries the single field pg_xml, the fields of
 *  its <request> document (GL-TX-05: "the whole request may instead be sent as XML in pg_xml"); a
 *  JSON body's fields as the form they name (GL-SDK-12 judges that they came as JSON). */
export function requestFields(r: Recorded): PgMessage {
  const query = r.path.includes('?') ? [...new URLSearchParams(r.path.slice(r.path.indexOf('?') + 1)).entries()] : [];
  const type = r.headers['content-type'] ?? '';
  const body = isJsonMedia(type) ? (jsonPairs(r.text) ?? []) : parseFormBody(r.text, type);
  const pairs = [...query, ...body];
  try {
    return fromPairs(pairs);
  } catch {
    // a pg_xml that is not XML: judged as the form it is (pg_xml is then an undocumented field, no pg_sig)
    return fromForm(pairs);
  }
}

let documented: Set<string> | undefined;

/** Every field name the g2g request schemas document (any section: the seed lets a request carry
 *  parameters of other sections). */
export function documentedFields(): Set<string> {
  if (documented) return documented;
  documented = new Set(['pg_merchant_id', 'pg_salt', 'pg_sig']);
  const dir = join(ROOT, 'specs', 'greenleaves', 'schemas');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('-request.schema.json'))) {
    const s = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { properties?: Record<string, unknown> };
    for (const k of Object.keys(s.properties ?? {})) documented.add(k);
  }
  return documented;
}

/** A result_url call as the gateway sends it (seed 001 sample fields), not yet signed. */
export function callbackFields(paymentId: string, extra: PgMessage = {}): PgMessage {
  return {
    pg_order_id: `SDK${paymentId}`,
    pg_payment_id: paymentId,
    pg_amount: '500',
    pg_currency: 'KZT',
    pg_net_amount: '482.5',
    pg_ps_amount: '500',
    pg_ps_full_amount: '500',
    pg_ps_currency: 'KZT',
    pg_description: 'Покупка в интернет магазине Site.kz',
    pg_result: '1',
    pg_payment_date: '2019-01-01 12:00:00',
    pg_can_reject: '1',
    pg_testing_mode: '1',
    pg_captured: '0',
    pg_card_pan: '5483-18XX-XXXX-0293',
    pg_salt: 'some random string',
    pg_payment_method: 'bankcard',
    ...extra,
  };
}

/** The merchant's result_url. Its script name is not "result", so an SDK that signs every answer
 *  with a fixed "result" is told apart (GL-SDK-07). */
export const RESULT_URL = 'https://shop.example.kz/pay/notify';

/** A pg_description the SDK is given as valid input: within the payment request schema's pattern (the
 *  SecureBox advice: letters, Cyrillic among them, digits, space, "." and "-"), 1 to `max` characters.
 *  A description with "#", "," or ":" is one an SDK that enforces the advice rightly refuses before
 *  sending anything; the request rules are judged on valid input. */
export function descriptionPattern(max = 60): RegExp {
  const schema = getSchema(schemaId('greenleaves', 'payment-request')) as {
    properties: { pg_description: { pattern: string } };
  };
  const pattern = schema.properties.pg_description.pattern;
  const chars = /^\^(\[[^\]]+\])\+\$$/.exec(pattern)?.[1];
  if (!chars) throw new Error(`payment-request: pg_description's pattern ${pattern} is not one character class`);
  return new RegExp(`^${chars}{1,${max}}$`);
}

/** The request schema of each endpoint the sdk checks call. */
const SCHEMAS: Record<string, string> = {
  '/g2g/payment': 'payment-request',
  '/g2g/payment_page': 'payment-page-request',
  '/g2g/status_v2': 'status-request',
  '/g2g/clearing': 'clearing-request',
  '/g2g/cancel': 'cancel-request',
  '/g2g/refund': 'refund-request',
};

/** How a request the SDK sent breaks its endpoint's request schema (GL-SDK-03): "schema: break; …",
 *  or undefined when it does not or no schema is known. A charset the seed only recommends is not the SDK's to
 *  enforce (GL-PAY-09), nor a limit of our own (x-ours); parameters of other sections may come along. The signature is GL-SDK-01's: a pg_sig of the wrong form (31 hex digits of
 *  an unpadded MD5) or a missing pg_sig or pg_salt fails that rule, and is not a field-format break too. */
export function requestSchemaBreaks(path: string, f: PgMessage): string | undefined {
  const schema = SCHEMAS[path];
  if (!schema) return undefined;
  const id = schemaId('greenleaves', schema);
  const v = validate(id, f);
  if (v.ok) return undefined;
  const broken = classify(getSchema(id), f as Record<string, unknown>, v.errors)
    .filter((x) => !isAdvisory(getSchema(id), x))
    // limits of our own (pg_salt's length and letters: "any length per the docs"), and documented
    // parameters of other sections, which the seed lets a request carry (GL-PAY-10)
    .filter((x) => !isOurs(getSchema(id), x))
    .filter((x) => !(x.kind === 'unknown' && documentedFields().has(x.field)))
    .filter((x) => x.field !== 'pg_sig' && !(x.field === 'pg_salt' && x.kind === 'missing'));
  return broken.length === 0 ? undefined : `${schema}: ${broken.map(describeViolation).join('; ')}`;
}

/** How a request passes its parameters otherwise than the gateway documents (GL-SDK-12): undefined
 *  for form fields of a POST body (urlencoded or multipart, pg_xml among them) or a body-less request
 *  (a GET's query). */
export function undocumentedBody(r: Recorded): string | undefined {
  if (r.body.length === 0) return undefined;
  const type = r.headers['content-type'];
  if (type && /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i.test(type)) return undefined;
  return `its parameters came as a body of type ${type ?? '(none given)'}${isJsonMedia(type) ? ' (JSON)' : ''}, not as form fields (application/x-www-form-urlencoded or multipart/form-data), the XML field pg_xml or a GET query`;
}
