import { createHash, timingSafeEqual } from 'node:crypto';
import { fromForm, orderedValues, parseXml, signatureBase, type PgMessage } from '../../protocols/greenleaves/index.ts';
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
  const bases = [base, ...lenientBases(gw, script, fields)];
  const got = Buffer.from(gw.defects.has('case-insensitive-signature') ? sig.toLowerCase() : sig);
  return bases.some((b) => {
    const want = Buffer.from(createHash('md5').update(b, gw.defects.has('latin1-hashing') ? 'latin1' : 'utf8').digest('hex'));
    return got.length === want.length && timingSafeEqual(got, want);
  });
}

/** Other signature strings that some defects also accept (GL-SIG-03, -05, -09, -10). */
function lenientBases(gw: Gw, script: string, m: PgMessage): string[] {
  const out: string[] = [];
  const flat = (values: string[]) => [script, ...values, gw.secret].join(';');
  const fields = Object.fromEntries(Object.entries(m).filter(([k]) => k !== 'pg_sig'));
  if (gw.defects.has('script-name-any-case')) {
    for (const s of [script.toLowerCase(), script.toUpperCase()]) out.push(signatureBase(s, m, gw.secret));
  }
  if (gw.defects.has('accepts-unsigned-nested')) {
    out.push(signatureBase(script, Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v === 'string' ? v : ''])), gw.secret));
  }
  if (gw.defects.has('accepts-skipped-empty')) out.push(flat(orderedValues(fields).filter((v) => v !== '')));
  if (gw.defects.has('accepts-folded-order')) {
    const keys = Object.keys(fields).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    if (keys.every((k) => typeof fields[k] === 'string')) out.push(flat(keys.map((k) => fields[k] as string)));
  }
  return out;
}
