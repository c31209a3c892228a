import type { KeyObject } from 'node:crypto';
import { buildXml, messageLanguage, renderMessage, type Language, type XmlNode } from '../../protocols/jysan/index.ts';
import type { Clock, Scheduler } from '../../reference/clock.ts';
import { xml, type Outgoing } from '../../reference/server.ts';
import type { SandboxConfig } from './config.ts';
import type { JysanPolicy } from './policy.ts';
import type { Store } from './store.ts';

/** Everything the jysan sandbox's handlers share. */
export interface Jy {
  merchant: string;
  terminal: string;
  secret: string;
  publicKey: string;
  privateKey: KeyObject;
  keyBits: number;
  amountLimit: string;
  preauthPeriodMs: number;
  config: SandboxConfig;
  store: Store;
  clock: Clock;
  scheduler: Scheduler;
  /** what this gateway does (the reference, or a defect's / variant's patch of it) */
  policy: JysanPolicy;
  base: () => string;
}

/** The request's form fields (first value of each name). */
export type Form = Record<string, string>;

/** A refusal: an error code of specs/jysan/errors.json and its template arguments. */
export interface Refusal {
  code: number;
  args: (string | number)[];
  /** the field it is about, when there is one */
  field?: string;
}

/** The language of the reply: LANGUAGE as sent, the default language otherwise (JY-ERR-16). */
export function lang(jy: Jy, f: Form): Language {
  const m = jy.policy.messages;
  if (m.alwaysEnglish) return 'en';
  return f.LANGUAGE === undefined ? m.defaultLanguage : messageLanguage(f.LANGUAGE);
}

/** An unknown MERCHANT: code 17 with the value, or the policy's code (JY-ERR-05). */
export function unknownMerchant(jy: Jy, f: Form): Refusal {
  const code = jy.policy.payment.unknownMerchantCode;
  return code === 17 ? { code, args: [f.MERCHANT!], field: 'MERCHANT' } : { code, args: [] };
}

export function message(jy: Jy, f: Form, r: Refusal): string {
  const l = lang(jy, f);
  const m = jy.policy.messages;
  if (r.code === 21 && m.signatureMessage) return m.signatureMessage[l]; // JY-ERR-01
  // JY-ERR-19: a value of the request is what %s carries (a field name stays)
  const args = !m.showValues
    ? r.args.map((a) => (Object.entries(f).some(([k, v]) => v === a && k !== a) ? '***' : a))
    : r.args;
  return renderMessage(r.code, l, ...args);
}

export function text(jy: Jy, f: Form, key: Exclude<keyof SandboxConfig['texts'], 'statusDesc'>): string {
  return jy.config.texts[key][lang(jy, f)];
}

/** dd.MM.yyyy HH:mm:ss in the sandbox's time zone (UTC+5). */
export function localDate(jy: Jy, ms: number): string {
  const off = offsetMs(jy.config.timeZone);
  const d = new Date(ms + off);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}.${p(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** The inverse of localDate; undefined for a date that does not exist. */
export function parseLocalDate(jy: Jy, s: string, iso = false): number | undefined {
  const m = iso
    ? /^([0-9]{4})-([0-9]{2})-([0-9]{2}) ([0-9]{2}):([0-9]{2}):([0-9]{2})$/.exec(s)
    : /^([0-9]{2})\.([0-9]{2})\.([0-9]{4}) ([0-9]{2}):([0-9]{2}):([0-9]{2})$/.exec(s);
  if (!m) return undefined;
  const n = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const [dd, mm, yyyy, hh, mi, ss] = iso ? [n[2], n[1], n[0], n[3], n[4], n[5]] : n;
  const ms = Date.UTC(yyyy, mm - 1, dd, hh, mi, ss);
  const d = new Date(ms);
  if (d.getUTCDate() !== dd || d.getUTCMonth() !== mm - 1 || hh > 23 || mi > 59 || ss > 59) return undefined;
  return ms - offsetMs(jy.config.timeZone);
}

function offsetMs(tz: string): number {
  const m = /^([+-])([0-9]{2}):([0-9]{2})$/.exec(tz);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}

/** <result><code/><description/>…</result> */
export function xmlReply(code: number, description: string | undefined, rest: XmlNode = {}): Outgoing {
  return xml(
    buildXml({ result: { code: String(code), ...(description === undefined ? {} : { description }), ...rest } }),
  );
}

export function xmlError(jy: Jy, f: Form, r: Refusal): Outgoing {
  const m = jy.policy.messages;
  if (!m.xmlErrorDescription) return xml(buildXml({ result: { code: String(r.code) } })); // JY-ERR-18
  // JY-ERR-01: code 21 worded as another code's template (a defect: 24's "Не указано значение в поле "P_SIGN".")
  if (r.code === 21 && m.xmlSignatureMessageOf !== null)
    return xmlReply(21, renderMessage(m.xmlSignatureMessageOf, lang(jy, f), 'P_SIGN'));
  return xmlReply(r.code, message(jy, f, r));
}
