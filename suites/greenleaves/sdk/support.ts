import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  fromForm,
  fromPairs,
  scriptName,
  toForm,
  verify,
  isJsonMedia,
  jsonPairs,
  xmlBodyPairs,
  type PgMessage,
} from '../../../src/protocols/greenleaves/index.ts';
import { parseFormBody } from '../../../src/protocols/common/form.ts';
import { lowBytes } from '../../../src/protocols/common/charset.ts';
import type { Recorded } from '../../../src/harness/recorder.ts';
import type { EvidenceLog } from '../../../src/harness/evidence.ts';
import { ROOT } from '../../../src/spec/paths.ts';
import { getSchema, schemaId, validate } from '../../../src/spec/ajv.ts';
import { classify, describeViolation, isAdvisory, isOurs } from '../../../src/spec/violations.ts';
import { CLASSIC, G2G_SCHEMAS, g2gEndpoint, requestToValidate } from '../../../src/sandbox/greenleaves/routes.ts';

/** The fields of a recorded g2g request as the reference gateway reads them: urlencoded or multipart
 *  form pairs (bracket notation), or, when the request carries the single field pg_xml, the fields of
 *  its <request> document (GL-TX-05: "the whole request may instead be sent as XML in pg_xml"); a
 *  JSON body's fields as the form they name, and a bare <request> XML body's as pg_xml's (GL-SDK-12
 *  judges that they came so). */
export function requestFields(r: Recorded): PgMessage {
  const query = r.path.includes('?') ? [...new URLSearchParams(r.path.slice(r.path.indexOf('?') + 1)).entries()] : [];
  const type = r.headers['content-type'] ?? '';
  const body = isJsonMedia(type)
    ? (jsonPairs(r.text) ?? [])
    : (xmlBodyPairs(r.text, type) ?? parseFormBody(r.text, type));
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

/** A field name as a form decoder that renames them reads it (PHP's $_POST and parse_str: blanks at its
 *  start dropped, "." and " " as "_"); undefined when such a decoder reads it as given. */
export function decoderName(name: string): string | undefined {
  const read = name.replace(/^ +/, '').replace(/[ .]/g, '_');
  return read === name ? undefined : read;
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

/** The pg_descriptions gl.sdk.requests gives as valid input (descriptionPattern), never blank: the field
 *  is required (digest §3.1), and an SDK refusing " " as no description is right to. */
export function validDescriptions(max = 60): fc.Arbitrary<string> {
  return fc.stringMatching(descriptionPattern(max)).filter((d) => d.trim() !== '');
}

/** A text's UTF-8 bytes as a Latin-1 string (one character a byte). */
const bytesOf = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');

/** A form component's bytes, percent-decoded, as a Latin-1 string ('+' a space). */
const decodedBytes = (s: string): string =>
  s.replace(/\+/g, ' ').replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/** urlencoded pairs with their values' bytes as Latin-1 strings. */
function bytePairs(text: string): Array<[string, string]> {
  return text
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      return [decodedBytes(eq < 0 ? p : p.slice(0, eq)), eq < 0 ? '' : decodedBytes(p.slice(eq + 1))];
    });
}

/** The fields of a request's query and form body as the bytes the gateway received (each value a Latin-1
 *  string of its bytes); undefined for a body read otherwise (JSON, XML, pg_xml: read as text). */
function fieldsAsSent(r: Recorded): PgMessage | undefined {
  const type = r.headers['content-type'] ?? '';
  const q = r.path.indexOf('?');
  const pairs = q < 0 ? [] : bytePairs(r.path.slice(q + 1));
  if (/multipart\/form-data/i.test(type))
    // the bytes as Latin-1 characters, written as UTF-8 for the parser and read back so
    pairs.push(...parseFormBody(Buffer.from(r.body.toString('latin1'), 'utf8'), type));
  else if (/application\/x-www-form-urlencoded/i.test(type)) pairs.push(...bytePairs(r.body.toString('latin1')));
  else if (r.body.length > 0) return undefined;
  if (pairs.some(([k]) => k === 'pg_xml')) return undefined;
  try {
    return fromForm(pairs);
  } catch {
    return undefined;
  }
}

/** Whether the pg_sig a recorded request carries verifies for the script name of the path called
 *  (GL-SDK-01), or for one of `meant` (meantScripts: a path not the operation's is GL-SDK-20's or -21's
 *  alone), and that pg_sig; `script`: the name it verifies for, else the path's. Over the values' bytes as
 *  received (the seed's pg_sig is an MD5 over them): an SDK that sends its description in Windows-1251 and
 *  signs those very bytes signed what it sent (the transcoding is GL-SDK-18's); read as UTF-8 text, each
 *  such byte was U+FFFD. */
export function requestSignature(
  r: Recorded,
  secret: string,
  meant: readonly string[] = [],
): { sig: string | undefined; verifies: boolean; script: string } {
  const f = requestFields(r);
  const sig = typeof f.pg_sig === 'string' ? f.pg_sig : undefined;
  const called = scriptName(r.path.split('?')[0]!);
  if (sig === undefined) return { sig, verifies: false, script: called };
  const raw = fieldsAsSent(r);
  for (const script of [...new Set([called, ...meant])]) {
    const verifies = raw
      ? verify(bytesOf(script), raw, bytesOf(secret), sig, { charset: 'latin1' })
      : verify(script, f, secret, sig);
    if (verifies) return { sig, verifies, script };
  }
  return { sig, verifies: false, script: called };
}

/** For a request whose pg_sig verifies over none of the values sent (requestSignature): whether it does over
 *  the caller's values of the fields sent otherwise, with one of `scripts` (the SDK signed them, then wrote
 *  them otherwise), the words for GL-SDK-01's reason, naming a body written as Latin-1 (each character cut to
 *  its low byte, Node's Buffer.from(s, 'latin1')); undefined when it does not. */
export function signedOverCallers(
  r: Recorded,
  input: PgMessage,
  secret: string,
  scripts: readonly string[],
): string | undefined {
  const f = requestFields(r);
  const sig = f.pg_sig;
  if (typeof sig !== 'string') return undefined;
  const given = (k: string) => (typeof input[k] === 'string' ? (input[k] as string) : undefined);
  const changed = Object.keys(f).filter((k) => given(k) !== undefined && f[k] !== given(k));
  if (changed.length === 0) return undefined;
  const theirs = { ...f, ...Object.fromEntries(changed.map((k) => [k, given(k)!])) };
  if (!scripts.some((s) => verify(s, theirs, secret, sig))) return undefined;
  const bytes = fieldsAsSent(r) ?? f;
  const latin1 = changed.every((k) => bytes[k] === lowBytes(given(k)!));
  return `it verifies over the caller's values of ${changed.join(', ')}, not over those sent${
    latin1 ? ': they were sent as Latin-1, each character cut to one byte (the body is not the UTF-8 text signed)' : ''
  }`;
}

/** For a request whose pg_sig verifies over none of the values sent: the names of its empty values when it
 *  verifies with them left out of the signed string (digest §2.2: "Empty values stay in the list,
 *  producing ;;"), with one of `scripts`; undefined when it does not, or nothing was empty. */
export function emptiesLeftOut(r: Recorded, secret: string, scripts: readonly string[]): string[] | undefined {
  const { pg_sig: sig, ...unsigned } = requestFields(r);
  const empty = toForm(unsigned)
    .filter(([, v]) => v === '')
    .map(([k]) => k);
  if (typeof sig !== 'string' || empty.length === 0) return undefined;
  return scripts.some((s) => verify(s, unsigned, secret, sig, { skipEmpty: true })) ? empty : undefined;
}

/** For a request sent as XML (pg_xml, or its bare <request>): where a list the caller gave came as one
 *  element holding other tags (<item>…</item>), what was expected instead, as the gateway reads pg_xml: one
 *  element per item, repeated in order (digest §2.1 "Repeated tags with the same name keep their order");
 *  undefined otherwise. Said beside GL-SDK-03's and -18's reasons, which name the field only. */
export function listShapeInXml(r: Recorded, given: PgMessage): string | undefined {
  const type = r.headers['content-type'] ?? '';
  const xml = xmlBodyPairs(r.text, type) ?? parseFormBody(r.text, type).filter(([k]) => k === 'pg_xml');
  if (xml.length === 0) return undefined;
  const sent = requestFields(r);
  const said = Object.keys(given).flatMap((k) => {
    const v = sent[k];
    if (!Array.isArray(given[k]) || v === undefined || typeof v === 'string' || Array.isArray(v)) return [];
    const inner = Object.keys(v).map((c) => `<${c}>`);
    return [
      `${k} came as one element holding ${inner.join(', ')}; in pg_xml a list is one <${k}> element per item, repeated in order (digest §2.1)`,
    ];
  });
  return said.length > 0 ? said.join('; ') : undefined;
}

/** A request as a reason shows it: method, path and fields, those `said` names first (as a property's
 *  "sent:", src/harness/evidence.ts requestLine, shows an exchange). */
export function sentLine(r: Recorded, said: string): string {
  const named = (k: string) => said.includes(k);
  const pairs = toForm(requestFields(r));
  const fields = [...pairs.filter(([k]) => named(k)), ...pairs.filter(([k]) => !named(k))];
  return `${r.method} ${r.path.split('?')[0]} ${fields.map(([k, v]) => `${k}=${v}`).join(' ')}`.replace(
    /\s*\n\s*/g,
    ' ',
  );
}

/** How a request the SDK sent breaks its endpoint's request schema (GL-SDK-03): "schema: break; …",
 *  or undefined when it does not or no schema is known: the schema and fields the gateway validates (a
 *  classic endpoint's twin's schema, GL-TX-07; an optional field sent empty as not sent, GL-PAY-11). A charset the seed only recommends is not the SDK's to
 *  enforce (GL-PAY-09), nor a limit of our own (x-ours); parameters of other sections may come along. The signature is GL-SDK-01's: a pg_sig of the wrong form (31 hex digits of
 *  an unpadded MD5) or a missing pg_sig or pg_salt fails that rule, and is not a field-format break too. */
export function requestSchemaBreaks(path: string, sent: PgMessage): string | undefined {
  const endpoint = g2gEndpoint(path);
  if (!endpoint) return undefined;
  // the gateway's choice of schema and fields (a classic twin's, a token payment's, GL-PAY-11's empty
  // optional fields left out), on a copy: the check reads the fields sent on
  const { name: schema, fields: f } = requestToValidate({ ...sent }, G2G_SCHEMAS[endpoint], true);
  const id = schemaId('greenleaves', schema);
  const v = validate(id, f);
  if (v.ok) return undefined;
  const broken = classify(getSchema(id), f as Record<string, unknown>, v.errors)
    .filter((x) => !isAdvisory(getSchema(id), x))
    // limits of our own (pg_salt's length and letters: "any length per the docs"), and documented
    // parameters of other sections, which the seed lets a request carry (GL-PAY-10)
    .filter((x) => !isOurs(getSchema(id), x))
    .filter((x) => !(x.kind === 'unknown' && documentedFields().has(x.field)))
    // a field not starting with pg_, whatever its name: any party may add one (digest §2.1, §1 naming)
    .filter((x) => !(x.kind === 'unknown' && !x.field.startsWith('pg_')))
    .filter((x) => x.field !== 'pg_sig' && !(x.field === 'pg_salt' && x.kind === 'missing'));
  return broken.length === 0 ? undefined : `${schema}: ${broken.map(describeViolation).join('; ')}`;
}

/** How a POST passes parameters in its URL's query (undefined: it passes none there): the gateway reads a
 *  POST's parameters from its body (GL-SDK-12), and a URL with the card data and pg_sig in it reaches every
 *  server's and proxy's access log. */
export function queryParameters(r: Recorded): string | undefined {
  const names = [...new URL(r.path, 'http://gateway').searchParams.keys()];
  if (names.length === 0) return undefined;
  const shown = [...new Set(names)].slice(0, 6).join(', ');
  return `its parameters came in the URL's query (${shown}${names.length > 6 ? ', …' : ''}), not in the POST's body`;
}

/** How a POST passes its parameters otherwise than the gateway documents (GL-SDK-12): undefined for
 *  form fields of its body (urlencoded or multipart, pg_xml among them) or no body. A request not sent
 *  by POST is GL-SDK-26's, and not judged here. */
export function undocumentedBody(r: Recorded): string | undefined {
  if (r.body.length === 0) return undefined;
  const type = r.headers['content-type'];
  if (type && /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i.test(type)) return undefined;
  const form = isJsonMedia(type)
    ? ' (JSON)'
    : xmlBodyPairs(r.text, type)
      ? ' (the XML of pg_xml without the form field)'
      : '';
  return `its parameters came as a body of type ${type ?? '(none given)'}${form}, not as form fields (application/x-www-form-urlencoded or multipart/form-data) or the XML field pg_xml`;
}

/** The endpoint of each adapter operation (specs/greenleaves/sdk.json) and the rule its path is judged
 *  by: a URL the seed lists (GL-SDK-20) or one the digest does (§3.12, GL-SDK-21). */
const ENDPOINTS: Record<string, [string, 'GL-SDK-20' | 'GL-SDK-21']> = {
  'payment.create': ['/g2g/payment', 'GL-SDK-20'],
  'payment_page.create': ['/g2g/payment_page', 'GL-SDK-20'],
  'status.get': ['/g2g/status_v2', 'GL-SDK-21'],
  'payment.clearing': ['/g2g/clearing', 'GL-SDK-21'],
  'payment.cancel': ['/g2g/cancel', 'GL-SDK-21'],
  'payment.refund': ['/g2g/refund', 'GL-SDK-21'],
};

/** The rule a request of operation `op` sent to `path` is judged by (GL-SDK-20, -21), and why the path
 *  is not the operation's endpoint (its path exactly, or a classic twin of it: GL-TX-07, the gateway's
 *  table), `why` undefined when it is; undefined for an operation with no endpoint. */
export function offEndpoint(op: string, path: string): { rule: string; why?: string } | undefined {
  const e = Object.hasOwn(ENDPOINTS, op) ? ENDPOINTS[op] : undefined;
  if (!e) return undefined;
  if (g2gEndpoint(path) === e[0]) return { rule: e[1] };
  const twins = Object.keys(CLASSIC).filter((k) => CLASSIC[k] === e[0]);
  const or = twins.length === 0 ? '' : ` (or its classic twin${twins.length > 1 ? 's' : ''} ${twins.join(', ')})`;
  return { rule: e[1], why: `${op} was sent to ${path}; its endpoint is {domain}${e[0]}${or}` };
}

/** The script names a request of `op` sent to `path`, not the operation's (GL-SDK-20, -21), was evidently
 *  meant for, besides the path's own (GL-SDK-01): its last non-empty segment's (/g2g/payment/ has the empty
 *  script name) and the operation's endpoint's. None for a path that is the operation's. */
export function meantScripts(op: string, path: string): string[] {
  const off = offEndpoint(op, path);
  if (off?.why === undefined) return [];
  const endpoint = ENDPOINTS[op]![0];
  return [...new Set([scriptName(path.replace(/\/+$/, '')), scriptName(endpoint)])].filter(
    (s) => s !== '' && s !== scriptName(path),
  );
}

/** How a request names another merchant than the SDK was configured with (GL-SDK-22), compared as the
 *  gateway compares it (as text); undefined when it names that one or none (a missing pg_merchant_id
 *  is GL-SDK-03's). */
export function notConfiguredMerchant(f: PgMessage, merchantId: string): string | undefined {
  const id = f.pg_merchant_id;
  if (id === undefined || id === merchantId) return undefined;
  return `pg_merchant_id ${JSON.stringify(id)} is not the merchant the SDK was configured with (${merchantId})`;
}

/** A listener of a check's own on 127.0.0.1 (never another address) for what an SDK should never fetch
 *  (GL-SDK-24): every request to it is recorded, in `fetched` and the evidence, and answered at once
 *  with an empty DTD, or `text` at a path ending in /entity. */
export async function loopbackTrap(evidence: EvidenceLog, text: string) {
  const fetched: string[] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    fetched.push(`${req.method} ${path}`);
    const entity = path.endsWith('/entity');
    const headers = { 'content-type': entity ? 'text/plain; charset=utf-8' : 'application/xml-dtd' };
    evidence.add({
      at: new Date().toISOString(),
      direction: 'received',
      method: req.method ?? 'GET',
      url: path,
      requestHeaders: {},
      status: 200,
      responseHeaders: headers,
      responseBody: entity ? text : '',
      note: "the SDK fetched a URL a reply's DOCTYPE named",
    });
    res.writeHead(200, headers).end(entity ? text : '');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/paycert-${Date.now().toString(36)}`;
  return {
    dtd: `${base}/dtd`,
    entity: `${base}/entity`,
    fetched,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
