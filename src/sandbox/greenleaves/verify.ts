import { createHash, timingSafeEqual } from 'node:crypto';
import { fromForm, parseXml, signatureBase, type PgMessage } from '../../protocols/greenleaves/index.ts';
import { formFields, type Incoming } from '../../reference/server.ts';
import type { Gw } from './context.ts';

/** The request as a pg_ message: form fields (bracket notation), or the XML of a pg_xml field. */
export function parseRequest(req: Incoming): PgMessage {
  const pairs = formFields(req);
  const xmlField = pairs.find(([k]) => k === 'pg_xml');
  if (xmlField) return parseXml(xmlField[1]).message;
  return fromForm(pairs);
}

/** Does pg_sig verify for this script name? The defects bend exactly one aspect each. */
export function signatureOk(gw: Gw, script: string, m: PgMessage): boolean {
  if (gw.defects.has('accepts-bad-signature')) return true;
  const sig = m.pg_sig;
  if (typeof sig !== 'string') return false;
  let fields = m;
  if (gw.defects.has('ignores-extra-fields')) {
    fields = Object.fromEntries(Object.entries(m).filter(([k]) => k.startsWith('pg_')));
  }
  const base = signatureBase(script, fields, gw.secret, { order: gw.defects.has('natural-flatten-order') ? 'natural' : 'vendor' });
  const want = Buffer.from(createHash('md5').update(base, gw.defects.has('latin1-hashing') ? 'latin1' : 'utf8').digest('hex'));
  const got = Buffer.from(gw.defects.has('case-insensitive-signature') ? sig.toLowerCase() : sig);
  return got.length === want.length && timingSafeEqual(got, want);
}
