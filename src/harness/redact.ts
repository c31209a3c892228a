// Redaction of evidence before anything is written: PAN masked to first6/last4, CVC and secrets
// removed. Applied to structured values (by key) and to free text (by pattern), everywhere.

// by key: any `…pan` / `…card_number` is masked; any `…cvc` / `…cvv`, secret, password or OTP is dropped
const PAN_KEYS = /(^|_)(pan|card_?number)$/i;
const DROP_KEYS = /(^|_)(cvc2?|cvv2?|secret|secret_key|shared_secret|password|otp|authorization|cookie)$/i;
const CIPHER_KEYS = /^(crd_pan|crd_exp|crd_cvc|payment_to|pg_encrypted_card)$/i;

export const REMOVED = '[removed]';
export const SECRET = '[secret]';

const secrets = new Set<string>();

/** Register a secret value so that it is replaced wherever it appears. Short values are ambiguous
 * in free text (amounts, ids), so they are only dropped by key; paycert's defaults are long. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 6) secrets.add(value);
}

export function maskPan(digits: string): string {
  const d = digits.replace(/[^0-9]/g, '');
  if (d.length < 11) return '*'.repeat(d.length);
  return `${d.slice(0, 6)}${'*'.repeat(d.length - 10)}${d.slice(-4)}`;
}

export function luhn(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let n = digits.charCodeAt(i) - 48;
    if (dbl) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

function replaceSecrets(s: string): string {
  let out = s;
  for (const v of secrets) if (out.includes(v)) out = out.split(v).join(SECRET);
  return out;
}

// key=value (form, query), "key":"value" (JSON), <key>value</key> (XML), for the sensitive keys.
const KEY_ALT = '(?:[a-z_]*_)?(?:pan|card_?number|cvc2?|cvv2?|crd_exp|secret_key|shared_secret|password|otp|encrypted_card)';
const FORM_RE = new RegExp(`((?:^|[?&;\\s])${KEY_ALT}=)([^&\\s]*)`, 'gi');
const JSON_RE = new RegExp(`("${KEY_ALT}"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|[0-9]+)`, 'gi');
const XML_RE = new RegExp(`(<(${KEY_ALT})>)([^<]*)(</\\2>)`, 'gi');
const FREE_PAN_RE = /(?<![0-9A-Za-z])(?:[0-9][ -]?){12,18}[0-9](?![0-9A-Za-z])/g;

function keyOf(fragment: string): string {
  return fragment.replace(/^[?&;\s"<]*/, '').replace(/["=:<>\s].*$/s, '');
}

function redactValueFor(key: string, raw: string): string {
  if (CIPHER_KEYS.test(key)) return '[encrypted]';
  if (PAN_KEYS.test(key)) return maskPan(decodeURIComponentSafe(raw));
  return REMOVED;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** Redact free text: bodies, logs, signature base strings, error messages. */
export function redactText(input: string): string {
  let s = replaceSecrets(input);
  s = s.replace(FORM_RE, (_m, k: string, v: string) => `${k}${redactValueFor(keyOf(k), v)}`);
  s = s.replace(JSON_RE, (_m, k: string, v: string) => `${k}"${redactValueFor(keyOf(k), v.replace(/^"|"$/g, ''))}"`);
  s = s.replace(XML_RE, (_m, open: string, key: string, v: string, close: string) => `${open}${redactValueFor(key, v)}${close}`);
  s = s.replace(FREE_PAN_RE, (m) => {
    const d = m.replace(/[ -]/g, '');
    return d.length >= 13 && d.length <= 19 && luhn(d) ? maskPan(d) : m;
  });
  return s;
}

/** Redact a structured value (parsed form, JSON, XML object) by key, then its strings as text. */
export function redact<T>(value: T): T {
  return walk(value, '') as T;
}

function walk(v: unknown, key: string): unknown {
  if (typeof v === 'string') {
    if (key && (PAN_KEYS.test(key) || DROP_KEYS.test(key) || CIPHER_KEYS.test(key))) return redactValueFor(key, v);
    return redactText(v);
  }
  if (typeof v === 'number' && key && (PAN_KEYS.test(key) || DROP_KEYS.test(key))) return redactValueFor(key, String(v));
  if (Array.isArray(v)) return v.map((x) => walk(x, key));
  if (v && typeof v === 'object' && !(v instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x, k);
    return out;
  }
  return v;
}
