// Redaction of evidence before anything is written: PAN masked to first6/last4, CVC and secrets
// removed. Applied to structured values (by key) and to free text (by pattern), everywhere, in
// every process: the key set comes from the schemas (`x-sensitive: true`), the secret values from
// the environment (src/spec/credentials.ts), both loaded at first use.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants as zlibConstants, gunzipSync, inflateSync } from 'node:zlib';
import { FIXTURES, PROFILES, SPECS } from '../spec/paths.ts';
import { secretValues } from '../spec/credentials.ts';
import { readTextBounded } from '../spec/read-bounded.ts';

/** the file of a real target's own test cards (src/spec/jysan-cards.ts TARGET_CARDS_VAR, not imported:
 *  that module loads the fixtures' schemas) */
const TARGET_CARDS_VAR = 'PAYCERT_JYSAN_TEST_CARDS';

export const REMOVED = '[removed]';
export const SECRET = '[secret]';

// Names that are sensitive in any API, whatever the schemas say (a safety net for undeclared fields). A
// name's words are joined by "_", "-" (an HTTP header: x-card-cvc) or "." (card.cvc).
const GENERIC_PAN = /(^|[_.-])(pan|card[_.-]?number)$/i;
const GENERIC_DROP =
  /(^|[_.-])(cvc2?|cvv2?|cvn|secret|secret[_.-]?key|shared[_.-]?secret|password|otp|authorization|cookie)$|(^|[_.-])(cvc2?|cvv2?|cvn)[_.-][a-z0-9]{1,12}$|(^|[_.-]|card)security[_.-]?code$/i;
/** A card's expiry under a name of its own (an SDK's log or error text: "exp 12/30", "expiry=1230", "valid
 *  thru 12/30"); no other prefix than one ending in card (x-card-, pg_card_): inv_exp_date is an
 *  invoice's, expires_at a link's. In free text "valid thru" may have a blank in it. */
const EXPIRY_NAME = (blank: string) =>
  `(?:exp|expiry|expiration|valid(?:[_.${blank}-]?thru|[_.-]?to))(?:[_.-]?(?:date|month|year))?`;
const GENERIC_EXPIRY = new RegExp(`^(?:(?:[a-z0-9]+[_.-])*card[_.-]?)?${EXPIRY_NAME('')}$`, 'i');
/** The CVC under its names: also with a suffix (cvc2_x, cvv_code), and "security code", "cvv2 code" (a
 *  blank in free text). */
const CVC_NAMES = '(?:cvc2?|cvv2?|cvn)(?:[_.-][a-z0-9]{1,12}| code)?|security[_. -]?code';
/** The last words of the generic names (after any words joined by "_"), and an expiry after "card". */
const GENERIC_LAST = `pan|card[_.-]?number|${CVC_NAMES}|secret[_.-]?key|shared[_.-]?secret|password|otp|card[_.-]?${EXPIRY_NAME(' ')}`;
/** The generic names where a name is read whole (after a quote, "<", a form's separator): its words
 *  joined by "-" or "." first (up to four: x-card-, card.), then by "_" (pg_card_). Each word ends at
 *  its one separator (no two ways to read a name: linear). */
const GENERIC_TEXT_KEYS = `(?:[a-z0-9_]+[.-]){0,4}(?:[a-z_]*_)?(?:${GENERIC_LAST})|${EXPIRY_NAME(' ')}`;
/** The same in free text (the loose pattern), which also starts at a word after "-" or "." (x-card-cvc is
 *  read from cvc, x-card-exp from card-exp): not at an expiry's own name there (inv-exp-date). Reading
 *  the words before from each start more than doubled that pattern's time. */
const GENERIC_LOOSE_KEYS = `(?:[a-z_]*_)?(?:${GENERIC_LAST})|(?<![A-Za-z0-9_][.-])${EXPIRY_NAME(' ')}`;

interface Sensitive {
  /** x-sensitive fields: value dropped, or masked when it is a card number (x-gen "pan") */
  keys: Map<string, 'pan' | 'drop'>;
  /** names of x-sensitive objects (their whole content is card data) */
  objects: Set<string>;
  /** the other field names, never inside an x-sensitive object: a protocol's own data (pg_amount, AMOUNT,
   *  pg_testing_mode), whose short numbers stay readable beside a card number (shortsBesideCards) */
  plain: Set<string>;
  /** the short ones of them a schema marks x-not-card (the v5 decline.code, error.code): kept too, as a
   *  JSON number only (a quoted "code" may be an SDK's own name for the CVC) */
  codes: Set<string>;
}

export function defaultSchemaDirs(): string[] {
  return PROFILES.map((p) => join(SPECS, p, 'schemas')).filter((d) => existsSync(d));
}

/** The sensitive field names of every `*.schema.json` in the given folders. Fields inside an
 *  x-sensitive object are covered by that object. */
export function sensitiveFields(dirs: string[]): Sensitive {
  const keys = new Map<string, 'pan' | 'drop'>();
  const objects = new Set<string>();
  const outside = new Set<string>();
  const within = new Set<string>();
  const notCard = new Set<string>();
  const visit = (node: unknown, name: string | undefined, inside: boolean): void => {
    if (Array.isArray(node)) return node.forEach((x) => visit(x, undefined, inside));
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    const marked = n['x-sensitive'] === true && name !== undefined;
    if (n['x-not-card'] === true && name !== undefined && !inside) notCard.add(name);
    if (marked && !inside) {
      if (n.type === 'object' || n.properties) objects.add(name);
      else keys.set(name, n['x-gen'] === 'pan' || GENERIC_PAN.test(name) ? 'pan' : 'drop');
    }
    for (const [k, v] of Object.entries(n)) {
      if ((k === 'properties' || k === 'patternProperties') && v && typeof v === 'object') {
        for (const [prop, sub] of Object.entries(v as Record<string, unknown>)) {
          (inside || marked ? within : outside).add(prop);
          visit(sub, prop, inside || marked);
        }
      } else if (typeof v === 'object') visit(v, undefined, inside || marked);
    }
  };
  for (const dir of dirs) {
    for (const file of readdirSync(dir))
      if (file.endsWith('.schema.json')) visit(JSON.parse(readFileSync(join(dir, file), 'utf8')), undefined, false);
  }
  const plain = new Set([...outside].filter((k) => !within.has(k) && !keys.has(k) && !objects.has(k)));
  return { keys, objects, plain, codes: new Set([...notCard].filter((k) => plain.has(k))) };
}

let sensitive: Sensitive | undefined;
let secrets: Set<string> | undefined;
/** one alternation of `secrets`, longest first, rebuilt when one is added */
let secretRe: RegExp | undefined;
/** the secrets as registered (not their encodings), and their pattern in a decoded view */
const plainSecrets = new Set<string>();
let secretViewRe: RegExp | undefined;
/** the pattern of the secrets of eight characters or more with a letter, in any case (an SDK or a target
 *  that printed the key upper- or lower-cased): one alternation, built when one is added */
let secretFoldRe: RegExp | undefined | null;

/** Which schema folders define the sensitive fields (default: every profile's specs/<p>/schemas). */
export function useSchemas(dirs: string[]): void {
  sensitive = sensitiveFields(dirs);
  patterns = undefined;
}

function fields(): Sensitive {
  sensitive ??= sensitiveFields(defaultSchemaDirs());
  return sensitive;
}

function secretSet(): Set<string> {
  if (!secrets) {
    secrets = new Set();
    for (const s of secretValues()) registerSecret(s);
  }
  return secrets;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A join of two string literals (`' + '`, `" +\n  "`, also with its quotes backslash-escaped, in JSON),
 *  read at the first literal's closing quote: a secret written in quoted pieces joined by + (a probe's
 *  shop page: `var C_SHARED_KEY = 'Zq7vK' + '2mXw9' + …`). Bounded: constant work at each quote. */
const LITERAL_JOIN_AT = /(\\{0,3})(["'])(?:[ \t\r\n]|\\[nrt]){0,40}\+(?:[ \t\r\n]|\\[nrt]){0,40}\1\2/y;
/** Where the join of two string literals read at `i` ends, or 0. */
function literalJoinAt(s: string, i: number): number {
  LITERAL_JOIN_AT.lastIndex = i;
  return LITERAL_JOIN_AT.test(s) ? LITERAL_JOIN_AT.lastIndex : 0;
}
/** `s` with the joins of its string literals taken out (`'ab' + 'cd'` read as `'abcd'`), or undefined
 *  when it has none. One pass; for the leak checks (suites/no-leak.ts showsSecret). */
export function joinedLiterals(s: string): string | undefined {
  if (!s.includes('+')) return undefined;
  const parts: string[] = [];
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 34 && c !== 39 && c !== 92) continue;
    const end = literalJoinAt(s, i);
    if (end === 0) {
      // a run of backslashes is read from its first
      if (c === 92) while (s.charCodeAt(i + 1) === 92) i++;
      continue;
    }
    parts.push(s.slice(run, i));
    run = end;
    i = end - 1;
  }
  return parts.length === 0 ? undefined : parts.join('') + s.slice(run);
}

/** Card data paycert gave a subject outside an HTTP exchange (an SDK adapter's operation input: the
 *  cardholder's name), which an answer quoted in a rule's reason may echo: removed wherever it appears,
 *  as echoRemover removes it from an exchange. Only what echoRemover would take (never a short number)
 *  and short enough to be a name (not a blob that changes with every call); a short number (a CVC, an
 *  expiry's month or year) only beside a card number (companionsAfterCards, shortsBesideCards). */
export function registerCardData(value: string): void {
  if (/^[0-9]{2,4}$/.test(value)) return void companions.add(value);
  if (value.length > 64 || !echoable(value) || cardData.has(value)) return;
  cardData.add(value);
  cardDataRe = undefined;
}
const cardData = new Set<string>();
let cardDataRe: RegExp | undefined;

/** The forms a secret is written in that are looked for: as sent in a form, in JSON, in XML; in base64
 *  and hex; reversed (a merchant that echoed its key reversed put it in every report); as a list of its
 *  characters (`0, 1, 2, …`: Java's Arrays.toString of a char[] key, a probe's shop). The escapes of
 *  its characters, the value split by a line break, tags or fields, and written with blanks or dashes
 *  between its characters are read in the decoded view (viewSecrets);
 *  the plain value of eight characters or more with a letter also in any case (secretFoldRe). One list
 *  for the redactor and the SDK checks' search (suites/sdk-support.ts secretIn). */
export function secretForms(value: string): Array<readonly [form: string, how: string]> {
  const bytes = Buffer.from(value, 'utf8');
  const reversed = [...value].reverse().join('');
  return [
    [value, 'as it is'],
    [reversed, 'reversed'],
    [encodeURIComponent(reversed), 'reversed, URL-encoded'],
    [encodeURIComponent(value), 'URL-encoded'],
    [new URLSearchParams({ v: value }).toString().slice(2), 'form-encoded'],
    [JSON.stringify(value).slice(1, -1), 'as a JSON string'],
    [value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'), 'as XML text'],
    [bytes.toString('base64'), 'Base64-encoded'],
    [bytes.toString('base64').replace(/=+$/, ''), 'Base64-encoded'],
    [bytes.toString('base64url'), 'base64url-encoded'],
    [bytes.toString('hex'), 'hex-encoded'],
    [bytes.toString('hex').toUpperCase(), 'hex-encoded'],
    // Java's Arrays.toString(char[]) (`[0, 1, 2, …]`, a shop's refusal page): its characters as a list
    [[...value].join(', '), 'as a list of its characters'],
    [[...value].join(','), 'as a list of its characters'],
  ];
}

/** Whether the redactor also looks for a secret in any case (secretFoldRe). */
export function foldsCase(value: string): boolean {
  return value.length >= 8 && /[A-Za-z]/.test(value);
}

/** Register a secret value so that it is replaced wherever it appears. Short values are ambiguous
 *  in free text (amounts, ids), so they are only dropped by key; paycert's defaults are long.
 *  The configured secrets of every profile are registered automatically at first use. */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < 6) return;
  const set = secretSet();
  if (!plainSecrets.has(value)) {
    plainSecrets.add(value);
    secretViewRe = undefined;
    compactSecrets = undefined;
    secretFoldRe = undefined;
    secretParts = undefined;
    secretBytes = undefined;
  }
  for (const [v] of secretForms(value)) {
    if (v.length >= 6 && !set.has(v)) {
      set.add(v);
      secretRe = undefined;
    }
  }
}

/** A card number already masked, showing at most its first 6 and last 4 digits: in groups of a space or a
 *  dash or none, masked by *, •, X or x (the vendor's 5483-18XX-XXXX-0293; a subject's ************1981). */
const MASKED = /^[0-9]{0,6}[*•Xx]+[0-9]{0,4}$/;

/** Whether `value` as a whole looks like a masked card number: 12 to 19 characters once its blanks and dashes
 *  are removed, at most 6 leading and 4 trailing digits around at least 3 mask characters. A form's or a log's
 *  value stops at the first blank, so `pan=x4716 0472 6194 1981` reads "x4716": no masked card, masked again. */
function alreadyMasked(value: string): boolean {
  if (value.length > 40) return false;
  const g = value.replace(/[ -]/g, '');
  if (g.length < 12 || g.length > 19 || !MASKED.test(g)) return false;
  let hidden = 0;
  for (const c of g) if (c === '*' || c === '•' || c === 'X' || c === 'x') hidden++;
  return hidden >= 3;
}

export function maskPan(digits: string): string {
  if (alreadyMasked(digits)) return digits; // already masked
  const grouped = digits.replace(/[ -]/g, '');
  // shown too much (4716-0472-61**-1981): the mask's characters count as the digits they hide
  const d = /^[0-9][0-9*•Xx]{10,18}$/.test(grouped) ? grouped : digits.replace(/[^0-9]/g, '');
  if (d.length < 11) return '*'.repeat(d.length);
  return `${d.slice(0, 6)}${'*'.repeat(d.length - 10)}${d.slice(-4)}`;
}

/** A card number masked too little (probe 22's card_masked 411111******111111: 12 of 16 digits): digits, a
 *  run of mask characters (*, •, X, x, or %2A in a URL), digits, 13 to 19 in all. */
const OVER_SHOWN = /(?<![0-9A-Za-z*•%])([0-9]{1,18})((?:[*•Xx]|%2[Aa]){1,18})([0-9]{1,18})(?![0-9A-Za-z*•])/g;

/** Each card number in `s` masked to show more than its first 6 and last 4 digits masked again to
 *  them (the reports' promise, README): the digits beyond are masked as the mask's own character. */
function remaskOverShown(s: string): string {
  return s.replace(OVER_SHOWN, (m, lead: string, mask: string, tail: string) => {
    const hidden = mask.replace(/%2a/gi, '*');
    const length = lead.length + hidden.length + tail.length;
    if (length < 13 || length > 19 || (lead.length <= 6 && tail.length <= 4)) return m;
    const c = hidden[0]!;
    const front = lead.length > 6 ? `${lead.slice(0, 6)}${c.repeat(lead.length - 6)}` : lead;
    const back = tail.length > 4 ? `${c.repeat(tail.length - 4)}${tail.slice(-4)}` : tail;
    return `${front}${mask}${back}`;
  });
}

// --- leaked signatures ---------------------------------------------------------------------------

/** Valid signatures a subject showed for requests paycert forged (a refusal's "expected signature: …":
 *  V5-JWS-15, GL-SIG-17, JY-SIG-17), registered by the judgement that finds one (suites/no-leak.ts
 *  leakIn): each would let a reader of the reports replay that request. Every output shows it shortened,
 *  saying what it is (probe 22). Keyed in lower case: hex is shown in either case. */
const leakedSignatures = new Set<string>();
/** the lengths registered (a few: base64url and hex of a MAC, an md5 hex) */
const leakedLengths = new Set<number>();
const LEAKED_MAX = 100_000;
/** each registered signature's first two characters (lower case), as one number: the scan below slices
 *  out a candidate only where one begins */
const leakedHeads = new Set<number>();
const head2 = (s: string, i: number): number => s.charCodeAt(i) * 65536 + s.charCodeAt(i + 1);
/** ASCII letters in lower case, every other character as it is: the same length, so that a position in
 *  it is one in the text (toLowerCase makes "İ", Kazakh Latin, two characters) */
const asciiLower = (s: string): string => {
  // by slices: one regular expression over a reply of the cap that is one token overflows V8's stack
  let out = '';
  for (let i = 0; i < s.length; i += 1 << 16)
    out += s.slice(i, i + (1 << 16)).replace(/[A-Z]+/g, (x) => x.toLowerCase());
  return out;
};

export function registerLeakedSignature(value: string): void {
  // base64url, hex or standard Base64 (a MAC shown with '+', '/' and its padding)
  if (value.length < 16 || !/^[A-Za-z0-9_+/=-]+$/.test(value) || leakedSignatures.size >= LEAKED_MAX) return;
  const lower = asciiLower(value);
  leakedSignatures.add(lower);
  leakedLengths.add(value.length);
  leakedHeads.add(head2(lower, 0));
}

/** How a leaked signature is shown: its first 8 characters and its length, which is proof enough. */
export const shortenedSignature = (v: string): string =>
  `${v.slice(0, 8)}…(${v.length} characters: the expected signature)`;

/** Every registered signature in `s`, alone or glued to other characters, shortened. A plain scan, no
 *  regular expression: a reply of the cap that is one token overflows V8's regex stack. */
function shortenLeakedSignatures(s: string): string {
  if (leakedSignatures.size === 0 || s.length < 16) return s;
  const lower = asciiLower(s);
  let out = '';
  let last = 0;
  for (let i = 0; i + 16 <= s.length;) {
    let hit = 0;
    if (leakedHeads.has(head2(lower, i)))
      for (const n of leakedLengths)
        if (i + n <= s.length && leakedSignatures.has(lower.slice(i, i + n))) {
          hit = n;
          break;
        }
    if (hit === 0) {
      i++;
      continue;
    }
    out += `${s.slice(last, i)}${shortenedSignature(s.slice(i, i + hit))}`;
    i += hit;
    last = i;
  }
  return last === 0 ? s : out + s.slice(last);
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

/** Every registered secret (and its encodings) replaced, in one scan of the text. */
function replaceSecrets(s: string): string {
  const set = secretSet();
  if (set.size === 0) return s;
  // longest first, so that an encoded variant containing the plain value is replaced whole
  secretRe ??= new RegExp(
    [...set]
      .sort((a, b) => b.length - a.length)
      .map(escapeRe)
      .join('|'),
    'g',
  );
  s = s.replace(secretRe, SECRET);
  if (secretFoldRe === undefined) {
    const folded = [...plainSecrets].filter(foldsCase);
    secretFoldRe =
      folded.length === 0
        ? null
        : new RegExp(
            folded
              .sort((a, b) => b.length - a.length)
              .map(escapeRe)
              .join('|'),
            'gi',
          );
  }
  if (secretFoldRe) s = s.replace(secretFoldRe, SECRET);
  if (cardData.size === 0) return s;
  cardDataRe ??= echoPattern([...cardData]);
  return s.replace(cardDataRe, REMOVED);
}

function kindOf(key: string): 'pan' | 'drop' | 'object' | undefined {
  const f = fields();
  if (f.objects.has(key)) return 'object';
  const k = f.keys.get(key) ?? f.keys.get(key.toLowerCase());
  if (k) return k;
  if (BRACKETED.test(key)) return bracketKind(key);
  if (GENERIC_PAN.test(key)) return 'pan';
  if (GENERIC_DROP.test(key) || GENERIC_EXPIRY.test(key)) return 'drop';
  return undefined;
}

/** A name with bracketed segments, as PHP's http_build_query and Rails write a nested field in a form or
 *  a query string: from[card][cvc], also URL-encoded (from%5Bcard%5D%5Bcvc%5D). */
const BRACKETED = /\[|%5B/i;
/** Such a name and its value after a form's or a query's separator. A segment holds no bracket, "%",
 *  separator or "=", so each character is read from one start only: linear. */
const BRACKET_FORM = /((?:^|[?&;\s])([^=&;?\s[\]%]*(?:(?:\[|%5B)[^=&;?\s[\]%]*(?:\]|%5D))+)=)([^&\s]*)/gi;

/** A bracketed name read by its segments: as its last one (from[card][cvc] as cvc), and any value under
 *  a sensitive object (from[card][month]: card data, as inside "card":{…} in JSON). */
function bracketKind(name: string): 'pan' | 'drop' | 'object' | undefined {
  const parts = name.split(/\[|\]|%5B|%5D/i).filter((p) => p !== '');
  const last = parts.length > 0 ? kindOf(parts[parts.length - 1]!) : undefined;
  if (last) return last;
  return parts.slice(0, -1).some((p) => kindOf(p) === 'object') ? 'drop' : undefined;
}

function redactValueFor(key: string, raw: string): string {
  if (kindOf(key) !== 'pan') return REMOVED;
  const value = decodeURIComponentSafe(raw);
  const masked = maskPan(value);
  return masked === value ? raw : masked; // already masked: kept as written (5483+18**+****+0293)
}

/** Digit groups after a form value (" 0472 6194 1981", "+0472", "%200472"), read from a bounded slice. */
const GROUPS_AFTER = /^(?:(?: |\+|%20)[0-9]{1,6}){1,5}/;

/** `s` with each form value under a sensitive key (`re`: Patterns.form) redacted. A card key's value stops at
 *  the first blank, so `pan=x4716 0472 6194 1981` read "x4716": masked alone, the three groups after it
 *  showed 12 digits. Digit groups right after a card value ending in a digit or a mask character, 13 to 19
 *  of them in all, are read as part of it. */
function replaceForm(s: string, re: RegExp): string {
  let out = '';
  let done = 0;
  let found = false;
  re.lastIndex = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    found = true;
    const [all, k, v] = m as unknown as [string, string, string];
    const key = keyOf(k);
    let end = m.index + all.length;
    let value = v;
    if (kindOf(key) === 'pan' && /[0-9*•Xx]$/.test(v)) {
      const more = GROUPS_AFTER.exec(s.slice(end, end + 48))?.[0];
      if (more) {
        const whole = decodeURIComponentSafe(v + more);
        const digits = (whole.match(/[0-9]/g) ?? []).length;
        const shown = digits + (whole.match(/[*•Xx]/g) ?? []).length;
        if (digits >= 10 && digits <= 19 && shown >= 13) {
          value += more;
          end += more.length;
        }
      }
    }
    out += `${s.slice(done, m.index)}${k}${redactValueFor(key, value)}`;
    done = end;
    if (re.lastIndex < end) re.lastIndex = end;
    if (all === '') re.lastIndex++;
  }
  return found ? out + s.slice(done) : s;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

// The sensitive keys' values, in the shapes a target echoes them: key=value (form, query),
// "key":"value" (JSON), <key>value</key> (XML, also with attributes, a namespace prefix or CDATA),
// &lt;key&gt;value&lt;/key&gt; (XML shown in HTML), \"key\":\"value\" / &quot;key&quot;: / %22key%22%3A
// / 'key': (JSON inside a string, in HTML, URL-encoded, a Python or PHP dump), key: value / [key] => value
// (logs, print_r); "object":{…} for the sensitive objects (flat objects: card data has no nesting).
interface Patterns {
  /** any sensitive name at all: without one, no key pattern can match (most texts) */
  hint: RegExp;
  form: RegExp;
  json: RegExp;
  xml: RegExp;
  htmlXml: RegExp;
  quoted: RegExp;
  loose: RegExp;
  encoded: RegExp;
  /** PHP's var_dump: `["name"]=>` and on the next line `string(3) "123"` or `int(123)` */
  vardump: RegExp;
  obj: RegExp | undefined;
}
let patterns: Patterns | undefined;
/** A value in free text, up to a blank, a separator or a quote, also URL-encoded (once or twice) */
const VALUE = `(?:%(?!(?:25)?(?:2[26C]|3[BD]|5[CD]|7D))[0-9A-Fa-f]{2}|[^\\s,;&<>'"\\]})\\\\%])+`;
function textPatterns(): Patterns {
  if (patterns) return patterns;
  const f = fields();
  const objs = [...f.objects].map(escapeRe);
  const names = [...f.keys.keys()].map(escapeRe);
  const alt = `(?:${[GENERIC_TEXT_KEYS, ...names].join('|')})`;
  const looseAlt = `(?:${[GENERIC_LOOSE_KEYS, ...names].join('|')})`;
  patterns = {
    hint: new RegExp(
      `(?:(?<![a-z])|(?<=\\\\[nrt]))(?:pan|card[_.-]?number|cvc|cvv|cvn|secret|password|otp|security[_. -]?code|valid[_. -]?t|exp(?![a-hj-z])${names.map((n) => `|${n}`).join('')})`,
      'i',
    ),
    // the value up to the next field, or a "," or "}" before a blank or the end (a Java Map's toString:
    // "{pg_card_cvc=123, pg_card_month=12}" kept its commas and brace)
    form: new RegExp(`((?:^|[?&;\\s])${alt}=)((?:[^&\\s,}]|[,}](?![\\s,}]|$))*)`, 'gi'),
    json: new RegExp(`("${alt}"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|[0-9]+)`, 'gi'),
    // the opening tag of a sensitive element: its value and closing tag are found by redactXml
    xml: new RegExp(`<(?:[\\w.-]+:)?(${alt})(?:\\s[^<>]*)?>`, 'gi'),
    htmlXml: new RegExp(`(&lt;(?:[\\w.-]+:)?(${alt})&gt;)([^&<]*)(&lt;/(?:[\\w.-]+:)?\\2&gt;)`, 'gi'),
    // (?<!\\): a run of backslashes is tried from its start only (from each of them, a long run
    // would be read again and again)
    quoted: new RegExp(
      `((?<!\\\\)(\\\\*"|'|&quot;|&#0*34;|%22)(${alt})\\2\\s*(?::|=>|=|%3A|%3D)\\s*)(?:\\2((?:(?!\\2)[^\\n])*)\\2|([0-9][0-9.]*))`,
      'gi',
    ),
    loose: new RegExp(
      // after a non-word character or a JSON escape ("\\ncvc: 737"); "key: value", or "key 737" (3 to 8
      // digits) or "key 12/30" (an expiry)
      `(?:(?<![A-Za-z0-9_%])|(?<=\\\\[nrt]))(\\[?(${looseAlt})\\]?(?:\\s*(?::|=>|=|->|%(?:25)?3A|%(?:25)?3D)\\s*|\\s+(?=[0-9]{3,8}(?![0-9])|[0-9]{1,2}[/.-][0-9]{2,4}(?![0-9]))))(${VALUE})`,
      'gi',
    ),
    // a request echoed URL-encoded (also twice) in a header or a body: a name after an encoded separator
    // ("…%26pg_card_cvc%3D737", "%3Fcvc%3A%20737"), its value up to the next one
    encoded: new RegExp(`(%(?:25)?(?:26|3F|3B|20|2C|0A|0D|09)(${alt})%(?:25)?3[AD](?:%(?:25)?20)*)(${VALUE})`, 'gi'),
    vardump: new RegExp(
      `(\\[["'](${alt})["'](?::[^\\]\\n]{1,64})?\\]\\s*=>\\s*(?:string\\(\\d{1,9}\\)\\s*"|(?:int|float)\\())([^"\\n)]*)`,
      'gi',
    ),
    obj: objs.length > 0 ? new RegExp(`("(?:${objs.join('|')})"\\s*:\\s*)(\\{[^{}]*\\})`, 'g') : undefined,
  };
  return patterns;
}

/** The value of each sensitive XML element (`open`: its opening tag) masked: text up to the next `<`,
 *  or one CDATA section, directly followed by the element's closing tag. One forward pass: a CDATA
 *  section's end is looked for once (a regular expression's lazy `[\s\S]*?` looked for it from every
 *  opening tag to the end of the text: 2 MB of `<pan><![CDATA[` took 22 s). */
function redactXml(s: string, open: RegExp): string {
  let out = '';
  let done = 0;
  // where no `]]>` follows any more (none found from there on)
  let noCdataEnd = Infinity;
  open.lastIndex = 0;
  for (let m = open.exec(s); m !== null; m = open.exec(s)) {
    const key = m[1]!;
    const at = open.lastIndex;
    let value: string;
    let end: number;
    let cdata = false;
    if (s.startsWith('<![CDATA[', at)) {
      const stop = at + 9 >= noCdataEnd ? -1 : s.indexOf(']]>', at + 9);
      if (stop < 0) {
        noCdataEnd = Math.min(noCdataEnd, at + 9);
        continue;
      }
      [value, end, cdata] = [s.slice(at + 9, stop), stop + 3, true];
    } else {
      const lt = s.indexOf('<', at);
      if (lt < 0) break;
      [value, end] = [s.slice(at, lt), lt];
    }
    const close = closingTag(s, end, key);
    if (close === 0) continue;
    out += `${s.slice(done, at)}${cdata ? `<![CDATA[${redactValueFor(key, value)}]]>` : redactValueFor(key, value)}`;
    done = end;
    open.lastIndex = end + close;
  }
  return done === 0 ? s : out + s.slice(done);
}

/** The length of `</key>` (any prefix, any case, blanks before `>`) at `at` in `s`, or 0. */
function closingTag(s: string, at: number, key: string): number {
  const m = /<\/(?:[\w.-]+:)?([^\s>]*)\s*>/y;
  m.lastIndex = at;
  const c = m.exec(s);
  return c && c[1]!.toLowerCase() === key.toLowerCase() ? c[0].length : 0;
}

/** The values of the sensitive keys of `s` masked or removed (see textPatterns). */
function redactKeys(s: string): string {
  // bracketed names first: their segments are no names the hint reads (…%5Bcvc%5D)
  if (BRACKETED.test(s))
    s = s.replace(BRACKET_FORM, (m, k: string, name: string, v: string) =>
      kindOf(name) === undefined ? m : `${k}${redactValueFor(name, v)}`,
    );
  const p = textPatterns();
  if (!p.hint.test(s)) return s;
  if (p.obj) {
    s = s.replace(p.obj, (_m, k: string, body: string) => {
      try {
        return `${k}${JSON.stringify(walk(JSON.parse(body), '', true))}`;
      } catch {
        return `${k}"${REMOVED}"`;
      }
    });
  }
  s = replaceForm(s, p.form);
  s = s.replace(p.json, (_m, k: string, v: string) => `${k}"${redactValueFor(keyOf(k), v.replace(/^"|"$/g, ''))}"`);
  s = redactXml(s, p.xml);
  if (/input/i.test(s)) s = s.replace(INPUT_TAG, redactInputTag);
  s = s.replace(
    p.htmlXml,
    (_m, open: string, key: string, v: string, close: string) => `${open}${redactValueFor(key, v)}${close}`,
  );
  s = s.replace(p.quoted, (m, k: string, q: string, key: string, inQuotes?: string, bare?: string) => {
    if (inQuotes !== undefined) return inQuotes === REMOVED ? m : `${k}${q}${redactValueFor(key, inQuotes)}${q}`;
    return `${k}${redactValueFor(key, bare ?? '')}`;
  });
  s = s.replace(p.vardump, (_m, k: string, key: string, v: string) => `${k}${redactValueFor(key, v)}`);
  s = s.replace(p.encoded, (m, k: string, key: string, v: string) =>
    kindOf(key) === 'pan' && (v.match(/[0-9]/g) ?? []).length < 12 ? m : `${k}${redactValueFor(key, v)}`,
  );
  return s.replace(p.loose, (m, k: string, key: string, v: string) => {
    // free text: only a value with a digit (a CVC, an OTP, a card number), not the next word of a sentence;
    // any value after an encoded "=" (a form echoed URL-encoded: a cardholder's name)
    if (!/[0-9]/.test(v) && !/%(?:25)?3D\s*$/i.test(k)) return m;
    if (kindOf(key) === 'pan' && (v.match(/[0-9]/g) ?? []).length < 12) return m;
    return `${k}${redactValueFor(key, v)}`;
  });
}

/** An HTML form's input, also HTML-escaped (a page shown in XML or in an HTML report): a card page shown
 *  again after an error, or a form posted on, holds what was typed in its `value` (`<input name="crd_cvc"
 *  value="123">`). An attribute's characters one at a time (an entity whole), bounded: no `<` or `>` (nor
 *  `&lt;` in the escaped form) inside, so each character is read from one tag's start at most: linear. */
const INPUT_TAG =
  /<input\b[^<>]{0,2000}>|&(?:amp;)*lt;input\b(?:[^<>&]|&(?:amp;)*(?:quot|apos|#x?[0-9a-f]{1,4});){0,2000}(?:&(?:amp;)*gt;|>)/gi;
/** a quote of an attribute: plain or an entity */
const ATTR_QUOTE = String.raw`"|'|&(?:amp;)*(?:quot|apos|#0*3[49]|#x0*2[27]);`;
const INPUT_NAME = new RegExp(String.raw`(?<![\w-])name\s*=\s*(?:${ATTR_QUOTE})?([\w.\[\]%-]{1,128})`, 'i');
const INPUT_VALUE = new RegExp(String.raw`(?<![\w-])value\s*=\s*(${ATTR_QUOTE})?`, 'i');

/** The value of an input (INPUT_TAG) whose name is sensitive removed, a card number's masked. */
function redactInputTag(tag: string): string {
  const name = INPUT_NAME.exec(tag)?.[1];
  const kind = name === undefined ? undefined : kindOf(name);
  if (!name || !kind) return tag;
  const v = INPUT_VALUE.exec(tag);
  if (!v) return tag;
  const from = v.index + v[0].length;
  let to: number;
  if (v[1]) to = tag.indexOf(v[1], from);
  else for (to = from; to < tag.length && !/[\s>&]/.test(tag[to]!) && !tag.startsWith('/>', to); to++);
  if (to < 0 || to === from) return tag;
  const value = tag.slice(from, to);
  // under a card object's name (v5's "card"), a card number is masked as one
  const by = kind === 'object' && /^[0-9][0-9 -]{11,22}$/.test(value) ? maskPan(value) : redactValueFor(name, value);
  return `${tag.slice(0, from)}${by}${tag.slice(to)}`;
}

function keyOf(fragment: string): string {
  return fragment.replace(/^[?&;\s"<]*/, '').replace(/["=:<>\s].*$/s, '');
}

// --- card numbers in free text -------------------------------------------------------------------

/** The lengths a card number starting with this digit may have (ISO/IEC 7812 issuers: 2 Mir and
 *  Mastercard's 2-series, 3 Amex, JCB and Diners, 4 Visa, 5 Mastercard and Maestro, 6 UnionPay,
 *  Discover and Maestro). Only for a card number glued to other digits: a number of its own is a
 *  card number at 13 to 19 digits whatever its first digit. */
const GLUED_LENGTHS: Record<string, readonly number[]> = {
  '2': [16, 17, 18, 19],
  '3': [14, 15, 16, 19],
  '4': [13, 16, 19],
  '5': [16, 17, 18, 19],
  '6': [16, 17, 18, 19],
};
/** What a card number is glued to in the runs where one happens: after it a CVC (3), an expiry
 *  (MMYY, 4) or both (7); before it its own length (a length-prefixed field, "16" + 16 digits). */
const GLUED_AFTER = [0, 3, 4, 7];

interface Span {
  a: number;
  b: number;
  /** the card number's digits; undefined: a secret */
  digits?: string;
  /** what replaces it, when not the masked digits (a part of a known card) */
  mask?: string;
  /** a secret, or a part of one: taken before a card number starting at the same place */
  secret?: boolean;
}

// --- paycert's own test cards ---------------------------------------------------------------------

/** paycert's fixtures' cards and those registered (registerCard) */
let ownCards: Set<string> | undefined;
/** ownCards and the target's own test cards (TARGET_CARDS_VAR), as read for `cardsFile` */
let cards: Set<string> | undefined;
let cardsFile: string | undefined;
/** changes whenever `cards` does (the caches built from them: backwardCards, listedCardSpans) */
let cardsVersion = 0;
/** the lengths of the known cards that fail Luhn (a target's own test cards may): panSpans reads a
 *  number of such a length in groups against the known cards */
let unluhnLengths = new Set<number>();

/** The card numbers a seed prints as examples (fixtures/<p>/seed-sample-cards.json; they fail Luhn): a
 *  reader cannot tell them from a card, so they are known cards, masked where they stand whole; but not
 *  a run that only begins or ends like one, as a test card's cut copy is ("1234567890" is a placeholder). */
const samples = new Set<string>();

/** The card numbers paycert itself sends, Luhn-valid or not: every profile's fixtures/<p>/test-cards.json
 *  and seed-sample-cards.json,
 *  a real target's own test cards (PAYCERT_JYSAN_TEST_CARDS, read again when it names another file:
 *  a probe's gateway echoed its own non-Luhn cards in `<card>…</card>` in clear), and those registered:
 *  where no pattern can tell a card number, an echo of one of them is still found. The cards' CVCs and
 *  expiries are read with them (companions). */
function knownCards(): Set<string> {
  const file = process.env[TARGET_CARDS_VAR] || undefined;
  if (cards && file === cardsFile) return cards;
  if (!ownCards) {
    ownCards = new Set();
    const read = (p: string, name: string) => {
      const path = join(FIXTURES, p, name);
      return existsSync(path) ? readFileSync(path, 'utf8') : '';
    };
    for (const p of PROFILES) {
      const text = read(p, 'test-cards.json');
      for (const m of text.matchAll(/"([0-9]{13,19})"/g)) ownCards.add(m[1]!);
      for (const m of text.matchAll(/"(?:cvc|expiry|exp)"\s*:\s*"([0-9]{2,4})(?:\/([0-9]{2}))?"/g))
        for (const v of [m[1], m[2]]) if (v) companions.add(v);
      for (const m of read(p, 'seed-sample-cards.json').matchAll(/"([0-9]{13,19})"/g)) samples.add(m[1]!);
    }
    for (const pan of samples) ownCards.add(pan);
  }
  cards = new Set(ownCards);
  for (const pan of targetCardNumbers(file)) cards.add(pan);
  cardsFile = file;
  cardsChanged();
  return cards;
}

function cardsChanged(): void {
  cardsVersion++;
  unluhnLengths = new Set([...cards!].filter((c) => !luhn(c)).map((c) => c.length));
}

/** The PANs of a file of a target's own test cards (`{"cards":[{"pan":…,"exp":"MM/YY","cvc":…}]}`, see
 *  src/spec/jysan-cards.ts), their CVCs and expiries as companions; none when it cannot be read (the
 *  run's preflight says why). */
function targetCardNumbers(file: string | undefined): string[] {
  if (!file) return [];
  let list: unknown;
  try {
    list = (JSON.parse(readTextBounded(file, 1 << 20, 'a file of test cards is a few KiB')) as { cards?: unknown })
      ?.cards;
  } catch {
    return [];
  }
  const out: string[] = [];
  if (!Array.isArray(list)) return out;
  for (const c of list as Array<Record<string, unknown> | null>) {
    const pan = typeof c?.pan === 'string' ? c.pan.replace(/[ -]/g, '') : '';
    if (/^[0-9]{13,19}$/.test(pan)) out.push(pan);
    for (const v of [c?.cvc, ...(typeof c?.exp === 'string' ? c.exp.split('/') : [])])
      if (typeof v === 'string' && /^[0-9]{2,4}$/.test(v)) companions.add(v);
  }
  return out;
}

/** Short card data paycert sends (its test cards' CVCs, expiry months and years; an SDK adapter's input,
 *  registerCardData): a bare number of two to four digits, which amounts and codes hold too, so removed
 *  only beside a card number (companionsAfterCards, shortsBesideCards). */
const companions = new Set<string>();

/** A card number as masked (maskPan's 471604******1981; a subject's 4716********1981, ************1981,
 *  4716 04** **** 1981), also after a URL escape (%3B471604…, %253B…): every card number the text had is masked
 *  when companionsAfterCards reads it. Three stars and more: a 13-digit card is masked 6 + *** + 4 (its
 *  CVC beside it was left in a g2g base). */
const MASKED_CARD =
  /(?:(?<![0-9A-Za-z*])|(?<=%(?:25)?[0-9A-Fa-f]{2}))(?:[0-9]{4}[ -]?)?[0-9]{0,6}\*[* -]{1,16}\*[ -]?[0-9]{4}(?![0-9])/g;
/** A value right after it: blanks, or "/" (also JSON-escaped), "|", ",", ":" or ";" with blanks around,
 *  then digits (an expiry also with "/", "-" or "." inside). */
const AFTER_CARD = /(?:[ \t]*(?:\\?\/|[|,:;])[ \t]*|[ \t]{1,4})([0-9]{2,4}(?:[/.-][0-9]{2,4})?)(?![0-9A-Za-z])/y;

/** One of the companions, also with the century (2030), or two of them (an expiry: 12/30, 1230, 12/2030). */
function isCompanion(v: string): boolean {
  const one = (x: string) => companions.has(x) || (/^20[0-9]{2}$/.test(x) && companions.has(x.slice(2)));
  if (v.length <= 4 && /^[0-9]+$/.test(v)) return one(v) || (v.length === 4 && one(v.slice(0, 2)) && one(v.slice(2)));
  const parts = v.split(/[/.-]/);
  if (parts.length === 2) return one(parts[0]!) && one(parts[1]!);
  return (
    one(v) ||
    (v.length === 4 && one(v.slice(0, 2)) && one(v.slice(2))) ||
    (v.length === 6 && one(v.slice(0, 2)) && one(v.slice(2)))
  );
}

/** The companions (a CVC, an expiry) among the three values right after each masked card number removed:
 *  an SDK's log "failed for card 4716 0472 6194 1981 / 123" showed the CVC beside the masked card. */
function companionsAfterCards(s: string): string {
  if (!s.includes('*')) return s;
  knownCards();
  let out = '';
  let done = 0;
  for (const m of s.matchAll(MASKED_CARD)) {
    AFTER_CARD.lastIndex = m.index + m[0].length;
    for (let k = 0, x = AFTER_CARD.exec(s); k < 3 && x && isCompanion(x[1]!); k++, x = AFTER_CARD.exec(s)) {
      const at = AFTER_CARD.lastIndex - x[1]!.length;
      out += s.slice(done, at) + REMOVED;
      done = AFTER_CARD.lastIndex;
    }
  }
  return done === 0 ? s : out + s.slice(done);
}

// --- short numbers beside a card number in a sequence of values ------------------------------------

/** A quote: plain, behind backslashes (JSON inside a string), HTML- or URL-encoded. */
const SQ = String.raw`(?:\\{0,3}"|'|&quot;|&#0*34;|%(?:25)?22)`;
/** A field's name: quoted as above, or a word; in brackets ([name], ["name"], ["name":protected]). */
const SNAME = String.raw`(?:\\{0,3}"[^"\\\n]{1,64}\\{0,3}"|'[^'\n]{1,64}'|&quot;[^&\n]{1,64}&quot;|%(?:25)?22[\w.$@-]{1,64}%(?:25)?22|[A-Za-z_$@][\w.$@-]{0,63})`;
const SBRACKETED = String.raw`\[${SNAME}(?::[^\]\n]{1,64})?\]`;
const SKEY = `(${SBRACKETED}|${SNAME})`;
const SASSIGN = String.raw`\s*(?:=>|->|=|:|%(?:25)?3[AD])\s*`;
const SOPEN = String.raw`[\[{(]`;
const SCLOSE = String.raw`[\]})]`;
/** What stands before a value in its piece: brackets (a quote before one: JSON inside a string), names
 *  with their "=", ":" or "=>" (those of nested objects too: the last is the value's), a var_dump type. */
const SLEAD = String.raw`^\s*(?:${SQ}?${SOPEN}\s*){0,4}(?:${SKEY}${SASSIGN}(?:${SOPEN}\s*){0,2}){0,3}(?:string\(\d{1,9}\)\s*|(?:int|float)\()?`;
/** What stands after it: a quote, brackets, a "," or ";" ending a line of a dump. */
const STAIL = String.raw`${SQ}?\s*(?:${SCLOSE}${SQ}?){0,4}\s*[,;]?\s*$`;
/** A short number (a CVC, an expiry's month or year, 1 to 4 digits), or an expiry (12/30, 12-2030). */
const SVALUE = String.raw`(\d{1,4}|\d{1,2}[/-]\d{2,4})`;
/** A piece of a sequence whose value is a short number: 1 its name, 2 its quote, 3 the number. */
const SEQ_SHORT = new RegExp(`${SLEAD}(${SQ})?${SVALUE}${STAIL}`, 'd');
/** The first piece of a sequence in a sentence ("base: 123;…"): a short number at its end. */
const SEQ_SHORT_LAST_WORD = new RegExp(String.raw`(?:^|[\s("'[{=:>])${SVALUE}$`, 'd');
/** The last piece of a sequence in a sentence ("…;30) failed"): a short number at its start. */
const SEQ_SHORT_FIRST_WORD = new RegExp(String.raw`^\s*${SVALUE}(?=$|[\s)"'\]}<,;&])`, 'd');
/** A card number as the value of its piece: what stands before it, and after it. */
const SEQ_CARD_LEAD = new RegExp(`${SLEAD}${SQ}?$`);
const SEQ_CARD_TAIL = new RegExp(`^${STAIL}`);
/** A name without its value (`["m"]=>` on a var_dump line of its own, `[m] =>` and `cvc:` between blanks):
 *  1 the name before its "=", ":" or "=>", 2 a name in brackets, alone. */
const SEQ_LABEL = new RegExp(
  String.raw`^\s*(?:${SQ}?${SOPEN}\s*){0,4}(?:${SKEY}${SASSIGN}(?:${SOPEN}\s*){0,2}|(${SBRACKETED})|=>|->|=|:)\s*$`,
);
/** Between blanks, a word that goes on with the sequence: brackets, a removed value, a var_dump type. */
const SEQ_SKIP = new RegExp(
  String.raw`^\s*(?:(?:${SBRACKETED}|${SNAME})${SASSIGN})?(?:${SQ}?\[(?:removed|secret)\]${SQ}?|(?:${SOPEN}|${SCLOSE})+|(?:string|int|float|bool|array|object)\(\d{0,9}\)\s*\{?|NULL)\s*[,;]?\s*$`,
);
/** A line of a dump (a field, a var_dump type, a quoted value, a bracket, one word): prose ends a block. */
const SEQ_ENTRY_LINE = new RegExp(
  String.raw`^\s*(?:(?:${SQ}?${SOPEN}\s*){0,4}(?:${SBRACKETED}|${SNAME})${SASSIGN}|(?:string|int|float|bool|array|object)\(|NULL\b|${SQ}|\[(?:removed|secret)\]|${SOPEN}|${SCLOSE}|\S+\s*$)`,
);
/** The separators of a sequence on one line (also URL-encoded); true: a piece with a blank inside ends the
 *  sequence (":" also separates a name from its value, "12:30:45 pan:…"). */
const SEQ_SEPARATORS: ReadonlyArray<readonly [string, RegExp, boolean]> = [
  [';', /;|%(?:25)?3B/gi, false],
  [',', /,|%(?:25)?2C/gi, false],
  ['|', /\||%(?:25)?7C/gi, false],
  ['&', /&|%(?:25)?26/gi, false],
  ['\t', /\t/g, false],
  [':', /:/g, true],
];
/** A piece, a word or a card number's surroundings longer than this is no value of a sequence (not read). */
const SEQ_PIECE = 256;
/** A line of a dump longer than this ends its block. */
const SEQ_LINE = 1024;
/** The words read on either side of a card number between blanks. */
const SEQ_WORDS = 16;
/** How many values on either side of a card number an unnamed short number is taken for card data, whatever
 *  it is (g2g's sorted names put pg_card_cvc, _month, _name before pg_card_pan and _year after it); further
 *  away, only the short card data paycert sent is (companions: an amount or an order id of paycert's own
 *  base stays readable). */
const SEQ_NEAR = 3;
const BEFORE_FIRST = /[\s("'[{=:>]/;
const AFTER_LAST = /[\s)"'\]}<,;&]/;
const isBlank = (c: number): boolean => c === 32 || c === 9;

interface Cut {
  a: number;
  b: number;
  by: string;
}

/** Whether a name is one of paycert's protocol fields that is no card data (pg_amount, AMOUNT,
 *  pg_testing_mode): five characters or more, never inside a card object, not read as card data by any
 *  name pattern. An SDK's own names (c, cvv2, expMonth, code) are not. */
function keptName(label: string, bareNumber = false): boolean {
  const name = /^\[?(?:\\*"|'|&quot;|%(?:25)?22)?([\w.$@-]+)/.exec(label)?.[1];
  return (
    name !== undefined &&
    (name.length >= 5 || (bareNumber && fields().codes.has(name))) &&
    fields().plain.has(name) &&
    // x-not-card (fields().codes) keeps a name with "card" in it: pg_save_card's 0/1 flag (probe23)
    (!/card|cvc|cvv|cvn|pan|exp|month|year|secret|pin|otp/i.test(name) || fields().codes.has(name)) &&
    kindOf(name) === undefined
  );
}

/** An unquoted number named `id` that is no card data paycert sent: the SDK adapter protocol's id (paycert's
 *  own counter, docs/sdk-adapter.md) in an answer line a reason quotes, "[removed]" there beside the answer's
 *  masked card number (probe 24). One equal to a CVC or an expiry paycert sent stays removed. */
function adapterId(label: string, bare: boolean, value: string): boolean {
  return bare && /^\\*"id\\*"/.test(label) && !isCompanion(value);
}

/** The cut of a short value matched at `base` by SEQ_SHORT (or a first or last word): a named one unless
 *  its name (its own, else `before`: a name on the line or word before it) keeps it; an unnamed one when
 *  `near` the card number or one of the companions. An unquoted JSON number is written as a string
 *  ("m":"[removed]"), so that the JSON stays JSON. */
function shortCut(base: number, m: RegExpExecArray, near: boolean, before?: string): Cut | undefined {
  const named = m.length > 3 ? m[1] : undefined;
  const label = named ?? before;
  const bare = named !== undefined && m[2] === undefined;
  const value = m[m.length - 1]!;
  if (label !== undefined ? keptName(label, bare) || adapterId(label, bare, value) : !near && !isCompanion(value))
    return undefined;
  const v = m.indices![m.length - 1]!;
  let by = REMOVED;
  if (named !== undefined && m[2] === undefined) {
    const q = /^\\*"/.exec(named)?.[0];
    const between = m.input.slice(m.indices![1]![1], v[0]);
    if (q && between.includes(':') && !between.includes('(')) by = `${q}${REMOVED}${q}`;
  }
  return { a: base + v[0], b: base + v[1], by };
}

/** The short value of the piece [a, b) of a sequence; `first`, `last`: the piece starts or ends it, where a
 *  sentence may stand before its first value or after its last; `near`: within SEQ_NEAR of a card number. */
function shortOf(s: string, a: number, b: number, first: boolean, last: boolean, near: boolean): Cut | undefined {
  // a bare number (a base's value), without a pattern: a hostile body of them is read at the cost of its split
  let [x, y] = [a, b];
  while (x < y && isBlank(s.charCodeAt(x))) x++;
  while (y > x && isBlank(s.charCodeAt(y - 1))) y--;
  if (y > x && y - x <= 4) {
    let k = x;
    while (k < y && isDigit(s.charCodeAt(k))) k++;
    if (k === y) return near || (y - x >= 2 && isCompanion(s.slice(x, y))) ? { a: x, b: y, by: REMOVED } : undefined;
  }
  if (b - a <= SEQ_PIECE) {
    const m = SEQ_SHORT.exec(s.slice(a, b));
    if (m) return shortCut(a, m, near);
  }
  if (first) {
    const from = Math.max(a, b - 16);
    const m = SEQ_SHORT_LAST_WORD.exec(s.slice(from, b));
    if (m) return shortCut(from, m, near);
  }
  if (last) {
    const to = Math.min(b, a + 16);
    const m = SEQ_SHORT_FIRST_WORD.exec(s.slice(a, to));
    if (m && (to === b || m.indices![1]![1] < to - a)) return shortCut(a, m, near);
  }
  return undefined;
}

/** Whether the card number [ca, cb) is the value of the piece [a, b) (as a first or last piece, also
 *  after or before words of a sentence). */
function cardValue(s: string, a: number, b: number, ca: number, cb: number, first: boolean, last: boolean): boolean {
  const lead = ca - a <= SEQ_PIECE && SEQ_CARD_LEAD.test(s.slice(a, ca));
  const tail = b - cb <= SEQ_PIECE && SEQ_CARD_TAIL.test(s.slice(cb, b));
  return (
    (lead && tail) ||
    (first && tail && BEFORE_FIRST.test(s[ca - 1]!)) ||
    (last && lead && (cb === b || AFTER_LAST.test(s[cb]!)))
  );
}

/** Where the separator found by nextSeparator ends. */
let separatorEnd = 0;
/** The start of the next separator at or after `at` in `line` (-1: none), its end in separatorEnd: by
 *  indexOf where no URL escape may be one (a regular expression's match objects were most of the cost of a
 *  hostile line of them). */
function nextSeparator(line: string, ch: string, sep: RegExp, escaped: boolean, at: number): number {
  if (!escaped) {
    const k = line.indexOf(ch, at);
    separatorEnd = k + 1;
    return k;
  }
  sep.lastIndex = at;
  const m = sep.exec(line);
  if (!m) return -1;
  separatorEnd = m.index + m[0].length;
  return m.index;
}

/** A piece that ends a ':' sequence: a blank inside it ("12:30:45 pan:…"), or too long to be a value. */
const endsSequence = (s: string, a: number, b: number): boolean => b - a > SEQ_PIECE || /\S\s+\S/.test(s.slice(a, b));

/** The sequences on the line [ls, le) split by one separator, for each separator: where a card number is
 *  one of its values, its short values are cut (in a ':' sequence, those up to a piece with a blank). Two
 *  passes over the separators (where the cards' values are, then the cuts), no piece kept. */
function sequencesInLine(
  s: string,
  ls: number,
  le: number,
  cards: ReadonlyArray<readonly [number, number]>,
  cuts: Cut[],
): void {
  const line = s.slice(ls, le);
  const escaped = line.includes('%');
  for (const [ch, sep, blankEnds] of SEQ_SEPARATORS) {
    if (nextSeparator(line, ch, sep, escaped, 0) < 0) continue;
    // the pieces whose value is a card number, and their segments (the runs of pieces between those
    // that end a ':' sequence)
    const cardAt: number[] = [];
    const cardSeg: number[] = [];
    for (let at = 0, k = 0, seg = 0, c = 0; ; k++) {
      const e = nextSeparator(line, ch, sep, escaped, at);
      const [a, b] = [ls + at, e < 0 ? le : ls + e];
      if (blankEnds && endsSequence(s, a, b)) seg++;
      else {
        while (c < cards.length && cards[c]![0] < a) c++;
        for (; c < cards.length && cards[c]![1] <= b; c++)
          if (cardAt[cardAt.length - 1] !== k && cardValue(s, a, b, cards[c]![0], cards[c]![1], at === 0, e < 0)) {
            cardAt.push(k);
            cardSeg.push(seg);
          }
      }
      if (e < 0) break;
      at = separatorEnd;
    }
    if (cardAt.length === 0) continue;
    const [firstSeg, lastSeg] = [cardSeg[0]!, cardSeg[cardSeg.length - 1]!];
    for (let at = 0, k = 0, seg = 0, j = 0; seg <= lastSeg; k++) {
      const e = nextSeparator(line, ch, sep, escaped, at);
      const [a, b] = [ls + at, e < 0 ? le : ls + e];
      if (blankEnds && endsSequence(s, a, b)) seg++;
      else if (seg >= firstSeg) {
        // the card pieces before and after this one, in its segment: how far the nearest is
        while (j < cardAt.length && cardAt[j]! < k) j++;
        const after = j < cardAt.length && cardSeg[j] === seg ? cardAt[j]! - k : Infinity;
        const before = j > 0 && cardSeg[j - 1] === seg ? k - cardAt[j - 1]! : Infinity;
        if (Math.min(after, before) < Infinity) {
          const cut = shortOf(s, a, b, at === 0, e < 0, Math.min(after, before) <= SEQ_NEAR);
          if (cut) cuts.push(cut);
        }
      }
      if (e < 0) break;
      at = separatorEnd;
    }
  }
}

type WordKind = { kind: 'short'; m: RegExpExecArray } | { kind: 'label'; name?: string } | { kind: 'skip' | 'other' };

function wordKind(w: string): WordKind {
  if (w.length > SEQ_PIECE || w.includes('*')) return { kind: 'other' };
  const m = SEQ_SHORT.exec(w);
  if (m) return { kind: 'short', m };
  const l = SEQ_LABEL.exec(w);
  if (l) return { kind: 'label', name: l[1] ?? l[2] };
  return { kind: SEQ_SKIP.test(w) ? 'skip' : 'other' };
}

/** The name a value has from the word or line before it (`p`, and `q` before that): `[m] => 12`, `["m"]=>⏎
 *  string(2) "12"`. */
function nameBefore(p: WordKind | undefined, q: WordKind | undefined): string | undefined {
  if (p?.kind !== 'label') return undefined;
  return p.name ?? (q?.kind === 'label' ? q.name : undefined);
}

/** The words between blanks on either side of the card number [ca, cb) of the line [ls, le), when the card
 *  is a word of its own: the short values among them cut, up to a word that is none of a sequence's (a word
 *  of a sentence), SEQ_WORDS at most. Names, "=>", brackets and removed values between them go on with it
 *  (a print_r on one line: "[c] => 123 [n] => 4716…"). */
function wordsBeside(s: string, ls: number, le: number, ca: number, cb: number, cuts: Cut[]): void {
  let ta = ca;
  while (ta > ls && ca - ta <= SEQ_PIECE && !isBlank(s.charCodeAt(ta - 1))) ta--;
  let tb = cb;
  while (tb < le && tb - cb <= SEQ_PIECE && !isBlank(s.charCodeAt(tb))) tb++;
  if ((ta > ls && !isBlank(s.charCodeAt(ta - 1))) || (tb < le && !isBlank(s.charCodeAt(tb)))) return;
  if (!SEQ_CARD_LEAD.test(s.slice(ta, ca)) || !SEQ_CARD_TAIL.test(s.slice(cb, tb))) return;
  for (let dir = -1; dir <= 1; dir += 2) {
    // the words up to the first that is none of a sequence's (read too: the name of a value before it)
    const starts: number[] = [];
    const kinds: WordKind[] = [];
    for (let p = dir < 0 ? ta : tb; kinds.length < SEQ_WORDS;) {
      let a: number;
      let b: number;
      if (dir < 0) {
        while (p > ls && isBlank(s.charCodeAt(p - 1))) p--;
        for (a = b = p; a > ls && b - a <= SEQ_PIECE && !isBlank(s.charCodeAt(a - 1));) a--;
        p = a;
      } else {
        while (p < le && isBlank(s.charCodeAt(p))) p++;
        for (a = b = p; b < le && b - a <= SEQ_PIECE && !isBlank(s.charCodeAt(b));) b++;
        p = b;
      }
      if (a === b) break;
      const w = wordKind(s.slice(a, b));
      starts.push(a);
      kinds.push(w);
      if (w.kind === 'other') break;
    }
    for (let i = 0, values = 0; i < kinds.length; i++) {
      const w = kinds[i]!;
      if (w.kind !== 'short') continue;
      const name = dir < 0 ? nameBefore(kinds[i + 1], kinds[i + 2]) : nameBefore(kinds[i - 1], kinds[i - 2]);
      const cut = shortCut(starts[i]!, w.m, ++values <= SEQ_NEAR, name);
      if (cut) cuts.push(cut);
    }
  }
}

/** The kind of a line of a dump: a line of prose ('other') ends its block. */
function lineKind(s: string, a: number, b: number): WordKind {
  if (b - a > SEQ_LINE) return { kind: 'other' };
  const line = s.slice(a, b);
  const w = wordKind(line);
  return w.kind === 'other' && SEQ_ENTRY_LINE.test(line) ? { kind: 'skip' } : w;
}

/** The lines around the line [ls, le) (its end `end`, its "\n" or the text's end) whose value is the card
 *  number [ca, cb): those of a dump (print_r, var_dump, pretty-printed JSON) with the same indentation, up
 *  to a line of prose, another indentation or an empty line (none before `from`, the end of the last
 *  block read). Their short values are cut; returns where the block ends (undefined: no such line). */
function linesBeside(
  s: string,
  ls: number,
  le: number,
  end: number,
  ca: number,
  cb: number,
  from: number,
  cuts: Cut[],
): number | undefined {
  if (ca - ls > SEQ_PIECE || le - cb > SEQ_PIECE) return undefined;
  if (!SEQ_CARD_LEAD.test(s.slice(ls, ca)) || !SEQ_CARD_TAIL.test(s.slice(cb, le))) return undefined;
  let ind = 0;
  while (isBlank(s.charCodeAt(ls + ind))) ind++;
  const indent = s.slice(ls, ls + ind);
  /** the line [a, b) (without its CR) if it may be one of the block's */
  const ofBlock = (a: number, b: number): boolean =>
    b - a <= SEQ_LINE && s.startsWith(indent, a) && a + ind < b && !isBlank(s.charCodeAt(a + ind));
  // the block's lines before the card's, nearest first, then those after it
  const up: Array<{ a: number; k: WordKind }> = [];
  for (let a = ls; a > 0 && a - 1 > from;) {
    const pa = s.lastIndexOf('\n', a - 2) + 1;
    const pe = s.charCodeAt(a - 2) === 13 ? a - 2 : a - 1;
    if (pa <= from || !ofBlock(pa, pe)) break;
    const k = lineKind(s, pa, pe);
    if (k.kind === 'other') break;
    up.push({ a: pa, k });
    a = pa;
  }
  const down: Array<{ a: number; k: WordKind }> = [];
  let blockEnd = end;
  for (let a = end + 1; a < s.length;) {
    let b = s.indexOf('\n', a);
    if (b < 0) b = s.length;
    const pe = s.charCodeAt(b - 1) === 13 ? b - 1 : b;
    if (!ofBlock(a, pe)) break;
    const k = lineKind(s, a, pe);
    if (k.kind === 'other') break;
    down.push({ a, k });
    blockEnd = b;
    a = b + 1;
  }
  const lines = [...up.reverse(), { a: ls, k: { kind: 'skip' } as WordKind }, ...down];
  for (let i = 0; i < lines.length; i++) {
    const { a, k } = lines[i]!;
    if (k.kind !== 'short') continue;
    const cut = shortCut(a, k.m, Math.abs(i - up.length) <= SEQ_NEAR, nameBefore(lines[i - 1]?.k, lines[i - 2]?.k));
    if (cut) cuts.push(cut);
  }
  return blockEnd;
}

/** The short numbers (1 to 4 digits: a CVC, an expiry's month or year; also an expiry "12/30") that stand
 *  as values beside a card number (masked: after maskFreePans every card number is) in a sequence of values:
 *  on its line split by one separator (";", ",", "|", "&", a tab, ":"), between blanks, or on the lines of a
 *  dump around it (print_r, var_dump, pretty-printed JSON), removed on either side of it. A g2g signature base
 *  lists them before the card (its values sorted by name: pg_card_cvc, pg_card_month, pg_card_pan; a probe's
 *  Java SDK quoted one in an exception), an SDK's own log anywhere. A named one (c=123, "m":12, [y] => 30)
 *  anywhere in the sequence, unless its name is one of paycert's protocol fields that is no card data
 *  (keptName); an unnamed one within SEQ_NEAR values of the card, or anywhere when it is short card data
 *  paycert sent (companions): paycert's own base, its card data removed by name already, keeps its amount
 *  and order id. Each line, and each block of lines, is read once: linear. */
function shortsBesideCards(s: string): string {
  if (!s.includes('*')) return s;
  knownCards();
  // a whole card number masked (13 to 19 digits and stars), not a part of one a field holds ("*****1981")
  const cards: Array<readonly [number, number]> = [];
  for (const m of s.matchAll(MASKED_CARD))
    if (m[0].length >= 13 && m[0].replace(/[ -]/g, '').length >= 13) cards.push([m.index, m.index + m[0].length]);
  if (cards.length === 0) return s;
  const cuts: Cut[] = [];
  let blockEnd = -1;
  for (let i = 0; i < cards.length;) {
    const ca = cards[i]![0];
    const ls = s.lastIndexOf('\n', ca - 1) + 1;
    let end = s.indexOf('\n', ca);
    if (end < 0) end = s.length;
    const le = s.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const inLine: Array<readonly [number, number]> = [];
    for (; i < cards.length && cards[i]![0] < end; i++) inLine.push(cards[i]!);
    sequencesInLine(s, ls, le, inLine, cuts);
    for (const [a, b] of inLine) wordsBeside(s, ls, le, a, b, cuts);
    if (ls > blockEnd) blockEnd = linesBeside(s, ls, le, end, inLine[0]![0], inLine[0]![1], blockEnd, cuts) ?? blockEnd;
  }
  if (cuts.length === 0) return s;
  let sorted = true;
  for (let k = 1; k < cuts.length && sorted; k++) sorted = cuts[k - 1]!.a <= cuts[k]!.a;
  if (!sorted) cuts.sort((x, y) => x.a - y.a);
  let out = '';
  let done = 0;
  for (const c of cuts) {
    if (c.a < done) continue;
    out += s.slice(done, c.a) + c.by;
    done = c.b;
  }
  return out + s.slice(done);
}

/** A card number paycert sends that is not in the fixtures. */
export function registerCard(pan: string): void {
  if (!/^[0-9]{13,19}$/.test(pan) || knownCards().has(pan)) return;
  ownCards!.add(pan);
  cards!.add(pan);
  cardsChanged();
}

/** Whether one of `spans` overlaps [a, b), asked of ranges whose ends only grow (the runs of a text in
 *  order): the spans sorted once and read once (each range against every span was quadratic on a body
 *  of card numbers). */
function overlaps(spans: readonly Span[]): (a: number, b: number) => boolean {
  const sorted = spans.slice().sort((x, y) => x.a - y.a);
  let k = 0;
  let end = -1;
  return (a, b) => {
    for (; k < sorted.length && sorted[k]!.a < b; k++) end = Math.max(end, sorted[k]!.b);
    return end > a;
  };
}

const reverse = (d: string): string => [...d].reverse().join('');
let backwards: { version: number; cards: Map<string, string> } | undefined;
/** paycert's own cards written backwards (a probe's proxy echoed them so: every digit is there), each
 *  with its mask: the card's own, backwards (not the backwards number's first six and last four, which
 *  are the card's last six and first four). Only paycert's cards: any number read backwards would double
 *  the false masks. */
function backwardCards(): Map<string, string> {
  const known = knownCards();
  if (backwards?.version !== cardsVersion)
    backwards = { version: cardsVersion, cards: new Map([...known].map((c) => [reverse(c), reverse(maskPan(c))])) };
  return backwards.cards;
}

/** paycert's own cards in the runs of digits no pattern took: glued inside a longer run (a
 *  timestamp before it: "1718000000" + the card), or a run of ten digits or more that begins or ends
 *  one (cut by a quote's limit, split over two headers), masked as the card would be; and written
 *  backwards. */
function knownCardSpans(t: string, out: Span[]): void {
  const known = knownCards();
  const taken = overlaps(out);
  const windows = cardWindows();
  // the runs by a loop: a regular expression's greedy {10,} overflowed V8's stack on a run of megabytes
  for (let a = 0, b = 0; a < t.length; a = b + 1) {
    while (a < t.length && !isDigit(t.charCodeAt(a))) a++;
    for (b = a; b < t.length && isDigit(t.charCodeAt(b));) b++;
    if (b - a < 10) continue;
    if (taken(a, b)) continue;
    // each match below holds ten digits in a row of a known card or of one backwards (a card within the
    // run, the run a card's start or end, a card backwards within it): a run without any is skipped
    if (!hasWindow(t, a, b, windows)) continue;
    const run = t.slice(a, b);
    let found = false;
    for (const pan of known) {
      if (run === pan) {
        // one that fails Luhn (a target's own): panSpans did not take it
        out.push({ a, b, digits: pan });
        found = true;
        break;
      }
      const at = run.indexOf(pan);
      if (at >= 0) {
        out.push({ a: a + at, b: a + at + pan.length, digits: pan });
        found = true;
        break;
      }
      if (run.length >= pan.length || samples.has(pan)) continue;
      if (pan.startsWith(run)) out.push({ a, b, mask: `${run.slice(0, 6)}${'*'.repeat(run.length - 6)}` });
      else if (pan.endsWith(run)) out.push({ a, b, mask: `${'*'.repeat(run.length - 4)}${run.slice(-4)}` });
      else continue;
      found = true;
      break;
    }
    if (found || b - a < 13) continue;
    for (const [back, mask] of backwardCards()) {
      const at = run.indexOf(back);
      if (at < 0) continue;
      out.push({ a: a + at, b: a + at + back.length, mask });
      break;
    }
  }
}

/** Every run of ten digits of the known cards, forwards and backwards, each as its number (exact: below
 *  2^53), for knownCardSpans's cheap test of a run; rebuilt when the cards change. */
let windowsOf: { version: number; windows: Set<number> } | undefined;
function cardWindows(): Set<number> {
  const known = knownCards();
  if (windowsOf?.version !== cardsVersion) {
    const windows = new Set<number>();
    for (const c of [...known, ...backwardCards().keys()])
      for (let i = 0; i + 10 <= c.length; i++) windows.add(Number(c.slice(i, i + 10)));
    windowsOf = { version: cardsVersion, windows };
  }
  return windowsOf.windows;
}
/** The first ten digits of each known card, as a number (panSpans reads a window against the known cards
 *  only where they begin one). */
let headsOf: { version: number; heads: Set<number> } | undefined;
function cardHeads(): Set<number> {
  const known = knownCards();
  if (headsOf?.version !== cardsVersion)
    headsOf = { version: cardsVersion, heads: new Set([...known].map((c) => Number(c.slice(0, 10)))) };
  return headsOf.heads;
}
/** Whether the run of digits [a, b) of `t` holds one of `windows` (read as a rolling number). */
function hasWindow(t: string, a: number, b: number, windows: Set<number>): boolean {
  let v = 0;
  for (let i = a; i < b; i++) {
    v = (v * 10 + t.charCodeAt(i) - 48) % 1e10;
    if (i - a >= 9 && windows.has(v)) return true;
  }
  return false;
}

/** A list of numbers of three to eight digits (a card's groups: four, Amex's 4-6-5) split by "|", ":" or ","
 *  (also with a blank after it; one kind in a list), of up to eighteen. */
const LISTED = /(?<![0-9])[0-9]{3,8}(?:([|:,] ?)[0-9]{3,8})(?:\1[0-9]{3,8}){0,16}(?![0-9])/g;

/** paycert's own cards written in groups split by "|", ":" or "," (an SDK's log: "4716|0472|6194|1981"),
 *  masked as the card would be. Not any number so written: lists of numbers would be taken for card
 *  numbers ("[2023,2024,2025,2026]" passes Luhn, as one in ten such lists of four does). */
let cardStarts: { version: number; starts: Set<string> } | undefined;
function listedCardSpans(t: string, out: Span[]): void {
  if (!/[0-9][|:,] ?[0-9]/.test(t)) return;
  const known = knownCards();
  if (cardStarts?.version !== cardsVersion)
    cardStarts = { version: cardsVersion, starts: new Set([...known].map((c) => c.slice(0, 3))) };
  const { starts } = cardStarts;
  const taken = overlaps(out);
  for (const m of t.matchAll(LISTED)) {
    // each group's start and end; from each, the groups that together are one of the cards
    const groups: Array<{ a: number; b: number }> = [];
    let at = m.index;
    for (const part of m[0].split(m[1]!)) {
      groups.push({ a: at, b: at + part.length });
      at += part.length + m[1]!.length;
    }
    for (let g = 0; g < groups.length; g++) {
      if (!starts.has(t.slice(groups[g]!.a, groups[g]!.a + 3))) continue;
      let d = '';
      let h = g;
      for (; h < groups.length && d.length < 19; h++) {
        d += t.slice(groups[h]!.a, groups[h]!.b);
        if (d.length < 13 || !known.has(d)) continue;
        break;
      }
      const [a, b] = [groups[g]!.a, groups[Math.min(h, groups.length - 1)]!.b];
      if (h < groups.length) {
        if (!taken(a, b)) out.push({ a, b, digits: d });
        g = h;
      } else if (d.length >= 10 && [...known].some((c) => !samples.has(c) && c.length > d.length && c.startsWith(d))) {
        // the list's end is the start of one of them, cut (a quote's limit), masked as knownCardSpans does
        if (!taken(a, b)) out.push({ a, b, mask: `${d.slice(0, 6)}${'*'.repeat(d.length - 6)}` });
        break;
      }
    }
  }
}

// --- the decoded view -----------------------------------------------------------------------------

/** One HTML tag, also HTML-escaped (its ">" too, or only its "<", as XML text escapes it): between two groups of digits it continues a card number when it
 *  is presentational (a table cell, a span: `<td>4111</td><td>1111</td>…`); an XML element of data
 *  (`<pg_amount>100</pg_amount><pg_order_id>…`) separates two values and stays a break. */
const TAG_AT = /<\/?([A-Za-z][\w:.-]{0,40})(?:\s[^<>]{0,200})?\/?>/y;
const ESCAPED_TAG_AT =
  /&(?:amp;)*lt;\/?([A-Za-z][\w:.-]{0,40})(?:\s[^<>&]{0,200}(?:&(?:amp;)*quot;[^<>&]{0,200}){0,8})?\/?(?:&(?:amp;)*gt;|>)/y;
const INLINE_TAGS = new Set(
  'td th span b i u s em strong font div p li small big sup sub br code tt mark a label bdi bdo wbr'.split(' '),
);
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  thinsp: ' ',
  ensp: ' ',
  emsp: ' ',
};
const ENTITY_ANY = /&(?:amp;)*(?:#[xX]([0-9A-Fa-f]{1,6})|#([0-9]{1,7})|([A-Za-z]{2,8}));/y;
/** the view's character for an HTML tag that continues a card number (never in a report's text) */
const TAG = '\u0001';
/** the view's character for the markup between two fields of data: an XML element's tag (also
 *  HTML-escaped), a JSON field boundary (`","key":"`, also nested, pretty-printed or backslash-escaped;
 *  `","` in an array), a form's `&key=`. A value a proxy cut in two (`47160472</pg_x><pg_y>61941981`)
 *  is read across it: paycert's own cards and its secrets only (panSpans, viewSecrets), as two fields of
 *  numbers side by side (an order id, an amount) pass Luhn one time in ten. */
const FIELD = '\u0002';
/** a text that may hold something the view decodes (else the view is the text itself) */
const NEEDS_VIEW =
  /[%&\\=<\n\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u00ad\u0660-\u0669\u06f0-\u06f9\u0966-\u096f\u200b-\u200d\u2060\u3000\ufeff\uff01-\uff5e]|"[\s}\]]{0,40},|,[\s{[]{0,40}"|['"][\s\\nrt]{0,40}\+/;
/** Whitespace and brackets around a JSON field boundary (pretty-printed, nested): bounded, so that each
 *  start is read in constant time. */
const JSON_GAP_CLOSE = '[\\s}\\]]{0,40}';
const JSON_GAP_OPEN = '[\\s{[]{0,40}';
/** A JSON key and its colon, up to the value's opening quote; `\\1`: the quotes' backslashes. */
const JSON_KEY = `(?:[^"\\\\\\n]{1,64}\\1"\\s{0,8}:${JSON_GAP_OPEN}(?:\\1")?)`;
/** A JSON field boundary after a string value (at its closing quote, with the backslashes before it
 *  when the JSON is inside a string): `","key":"`, `"},"o":{"key":"`, `","` (an array). */
const JSON_AFTER_STRING = new RegExp(`(\\\\*)"${JSON_GAP_CLOSE},${JSON_GAP_OPEN}\\1"${JSON_KEY}{0,2}`, 'y');
/** A JSON field boundary after a number (at the comma, or the brackets before it): `,"key":`. */
const JSON_AFTER_OTHER = new RegExp(`${JSON_GAP_CLOSE},${JSON_GAP_OPEN}(\\\\*)"${JSON_KEY}{1,2}`, 'y');
/** A form's field boundary: `&key=` (also XML-escaped, `&amp;key=`). */
const FORM_FIELD_AT = /&(?:amp;)*[A-Za-z_][\w.[\]-]{0,63}=/y;

/** A character a reader does not see between two others: a control (not a tab or a line break: the
 *  NULs between the digits of UTF-16 read as UTF-8), a soft hyphen, a zero-width space or joiner, a
 *  byte order mark. The view drops it, so that "4\u00001\u00001…" or a card number grouped by
 *  zero-width spaces is read as the digits it shows. */
const unseen = (cp: number): boolean =>
  (cp < 32 && cp !== 9 && cp !== 10 && cp !== 13) ||
  cp === 0x7f ||
  cp === 0xad ||
  (cp >= 0x200b && cp <= 0x200d) ||
  cp === 0x2060 ||
  cp === 0xfeff;

/** A full-width form or another script's decimal digit as its ASCII, else undefined. */
function wide(cp: number): string | undefined {
  if (cp >= 0xff01 && cp <= 0xff5e) return String.fromCharCode(cp - 0xfee0);
  if (cp === 0x3000) return ' ';
  for (const zero of [0x660, 0x6f0, 0x966])
    if (cp >= zero && cp <= zero + 9) return String.fromCharCode(48 + cp - zero);
  return undefined;
}

/** The character a reader sees for a decoded code point: a full-width form or another script's
 *  decimal digit as its ASCII, a line break as "\n", a tab as "\t", nothing for an unseen one
 *  (a NUL, a zero-width space); undefined for other controls (left as they are written). */
function seen(cp: number): string | undefined {
  if (unseen(cp)) return '';
  const w = wide(cp);
  if (w !== undefined) return w;
  if (cp === 10 || cp === 13) return '\n';
  if (cp === 9) return '\t';
  if (cp < 32 || cp === 127) return undefined;
  return cp > 0x10ffff ? undefined : String.fromCodePoint(cp);
}

interface View {
  /** the text as read */
  t: string;
  /** where each character of t starts in the source (and at[t.length] its end); undefined: t is it */
  at: Int32Array | undefined;
  /** what the view read as one character of markup (a tag's attributes, a comment, a JSON key, a form
   *  field's name): pairs of source offsets [from, to), in order, none inside another. Their content is
   *  read on its own (markupEdits): a tag read whole hid `<input value="4111…">` and `<!-- 4111… -->`. */
  units: number[];
}

const isUpperHex = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 70);
/** "=XX" at i: a quoted-printable escape (upper-case hex) */
const qpAt = (s: string, i: number): boolean =>
  s.charCodeAt(i) === 61 && isUpperHex(s.charCodeAt(i + 1)) && isUpperHex(s.charCodeAt(i + 2));

/** The text as a reader sees it, with where each of its characters comes from: URL escapes (also
 *  double-encoded), HTML entities (numeric, also escaped again, and the common named ones), JSON and
 *  backslash escapes (\uXXXX, \xXX, \n, \t, \/, \", also behind more backslashes), quoted-printable
 *  (a run of two =XX or more, and its soft line breaks, dropped), full-width forms and other
 *  scripts' decimal digits as ASCII; a line break (\r\n, \r, \n; escaped or encoded) is one "\n";
 *  a presentational HTML tag (also HTML-escaped) is one TAG. One pass, constant work per character. */
function decodedView(s: string): View {
  if (!NEEDS_VIEW.test(s)) return { t: s, at: undefined, units: [] };
  const n = s.length;
  const at = new Int32Array(n + 1);
  const parts: string[] = [];
  let k = 0;
  let run = 0; // start of the current run of characters copied as they are
  let lastCr = -1; // where the last "\n" made from a carriage return ends, to merge a following LF
  let lastQp = -1; // where the last character decoded from quoted-printable ends
  let commentEnd = -1; // where the next "-->" is (from the last "<!--" looked from), -2: none further on
  const units: number[] = [];
  /** the content [from, to) of the markup read as one character, read again on its own (View.units) */
  const unit = (from: number, to: number): void => void (to > from && units.push(from, to));
  /** emit `ch` for the source s[i, end) */
  const emit = (i: number, end: number, ch: string): void => {
    if (run < i) parts.push(s.slice(run, i));
    if (ch === '\n' && lastCr === i) {
      // the LF of a CRLF: part of the same line break
      lastCr = -1;
    } else if (ch !== '') {
      parts.push(ch);
      at[k++] = i;
    }
    run = end;
  };
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    let end = i + 1;
    let ch: string | undefined;
    if (c === 37) {
      // %XX, also %25XX…
      let j = i + 1;
      while (s.startsWith('25', j) && isHex(s.charCodeAt(j + 2)) && isHex(s.charCodeAt(j + 3))) j += 2;
      if (isHex(s.charCodeAt(j)) && isHex(s.charCodeAt(j + 1))) {
        const code = parseInt(s.slice(j, j + 2), 16);
        end = j + 2;
        if (code === 0xc2 && s.charCodeAt(end) === 37) {
          // %C2%A0: a UTF-8 no-break space
          let e = end + 1;
          while (s.startsWith('25', e)) e += 2;
          if (s.slice(e, e + 2).toUpperCase() === 'A0') {
            end = e + 2;
            ch = '\u00a0';
          }
        } else if (code < 0x80) ch = seen(code);
      }
    } else if (c === 38 && s.charCodeAt(i + 1) === 35 && isDigit(s.charCodeAt(i + 2))) {
      // &#NN; (the common case, parsed here)
      let j = i + 2;
      let code = 0;
      while (j < i + 9 && isDigit(s.charCodeAt(j))) code = code * 10 + s.charCodeAt(j++) - 48;
      if (s.charCodeAt(j) === 59) {
        end = j + 1;
        ch = seen(code);
      }
    } else if (c === 38) {
      ESCAPED_TAG_AT.lastIndex = i;
      const tag = s.startsWith('lt;', i + 1) || s.startsWith('amp;', i + 1) ? ESCAPED_TAG_AT.exec(s) : null;
      FORM_FIELD_AT.lastIndex = i;
      if (tag) {
        // a presentational tag continues a value; an element of data is a field's boundary
        end = i + tag[0].length;
        ch = INLINE_TAGS.has(tag[1]!.toLowerCase()) ? TAG : FIELD;
        // its attributes and what closes it (`&quot;4111…&quot;&gt;`), after `&lt;name` or `&lt;/name`
        const lt = tag[0].indexOf('lt;') + 3;
        unit(i + lt + (tag[0].charCodeAt(lt) === 47 ? 1 : 0) + tag[1]!.length, end);
      } else if (FORM_FIELD_AT.test(s)) {
        end = FORM_FIELD_AT.lastIndex;
        ch = FIELD;
        unit(i + 1, end - 1);
      } else {
        ENTITY_ANY.lastIndex = i;
        const m = ENTITY_ANY.exec(s);
        if (m) {
          end = i + m[0].length;
          ch = m[3] !== undefined ? NAMED[m[3].toLowerCase()] : seen(parseInt(m[1] ?? m[2]!, m[1] ? 16 : 10));
        }
      }
    } else if (c === 92) {
      let j = i + 1;
      while (s.charCodeAt(j) === 92) j++;
      const e = s.charCodeAt(j);
      // a JSON field boundary in JSON inside a string (\",\"key\":\"): from the run's start only
      const field = e === 34 ? jsonFieldAt(s, i, JSON_AFTER_STRING) : 0;
      const join = e === 34 && field === 0 ? literalJoinAt(s, i) : 0;
      if (join > 0) {
        end = join;
        ch = TAG;
      } else if (field > 0) {
        end = field;
        ch = FIELD;
        unit(j + 1, end);
      } else if (e === 117 && /^[0-9A-Fa-f]{4}$/.test(s.slice(j + 1, j + 5))) {
        end = j + 5;
        ch = seen(parseInt(s.slice(j + 1, j + 5), 16));
      } else if (e === 120 && isHex(s.charCodeAt(j + 1)) && isHex(s.charCodeAt(j + 2))) {
        end = j + 3;
        ch = seen(parseInt(s.slice(j + 1, j + 3), 16));
      } else if (e === 110 || e === 114 || e === 116) {
        end = j + 1;
        ch = e === 116 ? '\t' : '\n';
        if (e === 114) {
          emit(i, end, ch);
          lastCr = end;
          i = end;
          continue;
        }
      } else if (e === 47 || e === 34) {
        end = j + 1;
        ch = String.fromCharCode(e);
      } else {
        // a run of backslashes escaping nothing: as written, once (not again from each of them)
        while (i < j) at[k++] = i++;
        continue;
      }
    } else if (c === 61) {
      const soft = /^=(?:\r?\n|\\r\\n|\\n)/.exec(s.slice(i, i + 5));
      if (soft) {
        // a quoted-printable soft line break (also JSON-escaped): nothing
        end = i + soft[0].length;
        ch = '';
      } else if (qpAt(s, i) && (lastQp === i || qpAt(s, i + 3))) {
        end = i + 3;
        ch = seen(parseInt(s.slice(i + 1, i + 3), 16));
        if (ch !== undefined) lastQp = end;
      }
    } else if (c === 60 && s.startsWith('<!--', i)) {
      // an XML comment (of 200 characters at most): unseen, a tag between two parts of a value. Its end
      // is looked for once for all the comments before it (from each "<!--" again, a text of them
      // without an end was read again and again)
      if (commentEnd !== -2 && commentEnd < i + 4) {
        const e = s.indexOf('-->', i + 4);
        commentEnd = e < 0 ? -2 : e;
      }
      if (commentEnd >= 0 && commentEnd + 3 - i <= 200) {
        end = commentEnd + 3;
        ch = TAG;
        unit(i + 4, commentEnd);
      }
    } else if (c === 60) {
      TAG_AT.lastIndex = i;
      const tag = TAG_AT.exec(s);
      if (tag) {
        // a presentational tag continues a value; an element of data is a field's boundary
        end = i + tag[0].length;
        ch = INLINE_TAGS.has(tag[1]!.toLowerCase()) ? TAG : FIELD;
        // its attributes, after `<name` or `</name`, before its `>`
        unit(i + (s.charCodeAt(i + 1) === 47 ? 2 : 1) + tag[1]!.length, end - 1);
      }
    } else if (c === 93 && s.startsWith(']]><![CDATA[', i)) {
      // one value written as two CDATA sections
      end = i + 12;
      ch = TAG;
    } else if (c === 34 || c === 44 || c === 93 || c === 125) {
      // a JSON field boundary: after a string value (at its quote), after a number or an object
      const field = jsonFieldAt(s, i, c === 34 ? JSON_AFTER_STRING : JSON_AFTER_OTHER);
      const join = c === 34 && field === 0 ? literalJoinAt(s, i) : 0;
      if (join > 0) {
        // string literals joined by +: one value, as a tag between two parts of it
        end = join;
        ch = TAG;
      } else if (field > 0) {
        end = field;
        ch = FIELD;
        unit(i + 1, end);
      }
    } else if (c === 39) {
      const join = literalJoinAt(s, i);
      if (join > 0) {
        end = join;
        ch = TAG;
      }
    } else if (c === 13) {
      emit(i, i + 1, '\n');
      lastCr = i + 1;
      i++;
      continue;
    } else if (c === 10) ch = '\n';
    else if (unseen(c)) ch = '';
    else if (c >= 0x660) ch = wide(c);
    if (ch === undefined) {
      // as it is written
      at[k++] = i;
      i++;
      continue;
    }
    emit(i, end, ch);
    i = end;
  }
  if (run < n) parts.push(s.slice(run, n));
  at[k] = n;
  return { t: parts.join(''), at: at.subarray(0, k + 1), units };
}

/** Where the JSON field boundary `re` read at `i` ends, or 0. */
function jsonFieldAt(s: string, i: number, re: RegExp): number {
  re.lastIndex = i;
  return re.test(s) ? re.lastIndex : 0;
}

/** How a gap between two digit groups continues a card number (SPACE: spaces, " ", tab, no-break
 *  space, "+", %20, &nbsp;, up to eight; DASH: one dash, "_" or "/" (spaces around it too); DOT: one
 *  dot, only between groups of four;
 *  BREAK: it does not). */
type Sep = number;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (c: number): boolean => (c | 32) >= 97 && (c | 32) <= 122;
const isHex = (c: number): boolean => isDigit(c) || ((c | 32) >= 97 && (c | 32) <= 102);
/** "-", "_", "/", a Unicode dash or minus: one of them between two digit groups continues a number */
const isDash = (c: number): boolean =>
  c === 45 || c === 95 || c === 47 || (c >= 0x2010 && c <= 0x2015) || c === 0x2212 || c === 0xff0d;
const UUID_AT = /[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![0-9A-Za-z])/y;
// also escaped again (&amp;nbsp;: an HTML snippet in an XML or HTML field)
const ENTITY_AT = /&(?:amp;)*(?:#x?[0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});/y;
const SPACE_ENTITY = /^&(?:amp;)*(?:nbsp|#0*160|#x0*a0|#0*32|#x0*20|thinsp|ensp|emsp);$/i;

// the kinds of a gap unit, and of a gap (BREAK: no card number continues over it)
const SPACE = 0;
const DASH = 1;
const DOT = 2;
const BREAK = 3;
// and of a gap unit only: a line break, a presentational tag (both continue a number like spaces)
const NEWLINE = 4;
const TAGGED = 5;
// a field boundary (FIELD): a gap unit, and the kind of a gap that has one (only paycert's own cards
// continue over it)
const FIELDS = 6;

/** The escape at `i` ("%", "&" or "\\"): a URL escape, also double-encoded; an HTML entity; a JSON
 *  or backslash escape. Its length × 4 + its kind between two digit groups: one unit, so that
 *  "%2041" is a space and 41, not 2041, and the letters of "\\n" or "&amp;" are not glued to a number. */
function escapeAt(s: string, i: number, c: number): number {
  if (c === 37) {
    let j = i + 1;
    while (s.startsWith('25', j) && isHex(s.charCodeAt(j + 2)) && isHex(s.charCodeAt(j + 3))) j += 2;
    if (isHex(s.charCodeAt(j)) && isHex(s.charCodeAt(j + 1))) {
      const code = s.slice(j, j + 2).toUpperCase();
      const kind =
        code === '20' || code === 'A0' || code === 'C2' || code === '09' ? SPACE : code === '2D' ? DASH : BREAK;
      return (j + 2 - i) * 4 + kind;
    }
    return 4 + BREAK;
  }
  if (c === 38) {
    ENTITY_AT.lastIndex = i;
    const m = ENTITY_AT.exec(s);
    return m ? m[0].length * 4 + (SPACE_ENTITY.test(m[0]) ? SPACE : BREAK) : 4 + BREAK;
  }
  const e = s.charCodeAt(i + 1);
  if (e === 117 && /^[0-9A-Fa-f]{4}$/.test(s.slice(i + 2, i + 6))) {
    const code = s.slice(i + 2, i + 6).toLowerCase();
    return 6 * 4 + (code === '0020' || code === '00a0' ? SPACE : BREAK);
  }
  if (e === 120 && isHex(s.charCodeAt(i + 2)) && isHex(s.charCodeAt(i + 3))) return 4 * 4 + BREAK;
  if (isLetter(e)) return 2 * 4 + (e === 116 ? SPACE : BREAK);
  return 4 + BREAK;
}

/** The card number glued inside one run of digits that is not one itself ("4111…1230", "4111…737",
 *  "164111…"): a window of a card number's length for its first digit (GLUED_LENGTHS), preceded by
 *  nothing or its length and followed by GLUED_AFTER digits, that passes Luhn. Any long run of digits
 *  has some Luhn-valid window of 13 to 19 digits (nine in ten 13-digit windows fail, but a 26-digit
 *  id has 98 of them): masking every one would mask every long id (Jysan's 26-digit mpi_order), so
 *  only the shapes that happen are taken. At most eight windows: constant per run. */
function gluedPans(s: string, a: number, b: number, out: Span[]): void {
  const d = s.slice(a, b);
  for (const before of [0, 2]) {
    for (const after of GLUED_AFTER) {
      const len = d.length - before - after;
      if (len >= d.length || len < 13) continue;
      if (before === 2 && d.slice(0, 2) !== String(len)) continue;
      if (!GLUED_LENGTHS[d[before]!]?.includes(len)) continue;
      const pan = d.slice(before, before + len);
      // an expiry after it is MMYY: its month is 01 to 12
      const month = after >= 4 ? Number(d.slice(before + len, before + len + 2)) : 1;
      if (month >= 1 && month <= 12 && luhn(pan)) {
        out.push({ a: a + before, b: a + before + len, digits: pan });
        return;
      }
    }
  }
}

/** A run of digits standing alone: a card number at 13 to 19 digits passing Luhn, else the card
 *  numbers glued inside it. */
function digitRun(s: string, a: number, b: number, out: Span[]): void {
  const n = b - a;
  if (n >= 13 && n <= 19 && luhn(s.slice(a, b))) out.push({ a, b, digits: s.slice(a, b) });
  else if (n >= 14) gluedPans(s, a, b, out);
}

/** More groups than a card in pairs has (16 digits, 8 groups): a list of numbers of 0 to 255 this long is a
 *  byte list, not a card. */
const BYTE_LIST_GROUPS = 8;
/** Whether a digit group is a number of 0 to 255 written in one to three digits (a byte of a list). */
const byteLike = (s: string, g: { a: number; b: number }): boolean => {
  // a group is digits only: read as a number without a copy
  if (g.b - g.a > 3) return false;
  let n = 0;
  for (let x = g.a; x < g.b; x++) n = n * 10 + s.charCodeAt(x) - 48;
  return n <= 255;
};

/** panSpans's lengths of the byte runs of a sequence's groups (reused) */
let byteRunBuf = new Int32Array(64);

/** Where the free-text card numbers of `s` are, in one pass over the text, without a copy of it.
 *  A card number is 13 to 19 digits passing Luhn, written whole or in groups split by spaces
 *  (" ", tab, no-break space, "+", %20, &nbsp;), dashes or dots (groups of four), anywhere: after
 *  a word and a dash ("ref-4111…"), glued to letters ("PAN4111…", "4111…x", but not inside a hex
 *  digest of 32 characters or more), or glued to other digits ("4111…1230", a length prefix). Only
 *  a UUID (hex or all digits) is never one. Inside a sequence of number groups, the first longest
 *  Luhn-valid window of 13 to 19 digits is taken, so a card number followed or preceded by another
 *  number (an expiry, an amount) is still found. */
function panSpans(s: string): Span[] {
  const n = s.length;
  // fewer than 13 digits: no card number (most headers and short values end here)
  let count = 0;
  for (let i = 0; i < n && count < 13; i++) if (isDigit(s.charCodeAt(i))) count++;
  if (count < 13) return [];

  const spans: Span[] = [];
  const known = knownCards();
  const heads = cardHeads();
  // the digit groups of the current sequence, each with the separator before it
  let groups: Array<{ a: number; b: number; sep: Sep }> = [];
  /** the card numbers of the groups; `keep`: all but the last 19 groups (a card number starting
   *  there may go on), so that a long sequence ("1 1 1 …") is taken as it goes */
  const flush = (keep = 0): void => {
    if (groups.length === 0) return;
    // the length of the run of numbers of 0 to 255 (one to three digits) each group stands in, 0 for others
    if (byteRunBuf.length < groups.length) byteRunBuf = new Int32Array(2 * groups.length);
    const byteRun = byteRunBuf.fill(0, 0, groups.length);
    for (let k = 0; k < groups.length;) {
      let e = k;
      while (e < groups.length && byteLike(s, groups[e]!)) e++;
      for (let x = k; x < e; x++) byteRun[x] = e - k;
      k = e === k ? k + 1 : e;
    }
    let i = 0;
    while (i < groups.length - keep) {
      let digits = 0;
      // dots join groups of four only (the last may be shorter): 4111.1111.1111.1111, not 1234.56
      let foursBefore = true;
      let dotted = false;
      // the last group j of the longest Luhn-valid window, by two running Luhn sums from the left
      // (digit k doubled when k is odd, or when k is even): constant work per group
      let taken = -1;
      let odd = 0;
      let even = 0;
      let k = 0;
      // across a field boundary: the window's digits, taken only when they are one of paycert's cards
      let crossed = false;
      let takenCrossed = false;
      // groups of two or three digits before the last: a card is written in fours (Amex 4-6-5, a wrapped
      // line cuts one group in two); three or more inside a list of more than BYTE_LIST_GROUPS numbers of 0
      // to 255 (longer than a card in pairs) are a byte list (`[99 79 81 84 …]`, probe 25), a known card
      // only. A card in pairs (`45 39 14 88 03 43 64 67`) or in threes (`4539-148-803-436-467`) stays one.
      let shorts = 0;
      // the window's first ten digits as a number: a known card only where they begin one (cardHeads)
      let head = 0;
      const inByteList = byteRun[i]! > BYTE_LIST_GROUPS;
      for (let j = i; j < groups.length; j++) {
        const g = groups[j]!;
        if (j > i && g.sep === DOT) dotted = true;
        if (j > i && g.sep === FIELDS) crossed = true;
        digits += g.b - g.a;
        if (digits > 19) break;
        for (let x = g.a; x < g.b; x++, k++) {
          const d = s.charCodeAt(x) - 48;
          if (k < 10) head = head * 10 + d;
          const twice = d * 2 > 9 ? d * 2 - 9 : d * 2;
          odd += k % 2 === 1 ? twice : d;
          even += k % 2 === 0 ? twice : d;
        }
        // the last digit (k - 1) is not doubled: the ones of the other parity are
        if (digits >= 13 && (!dotted || foursBefore)) {
          const valid = ((k - 1) % 2 === 0 ? odd : even) % 10 === 0;
          if (valid && !crossed && (shorts < 3 || !inByteList)) taken = j;
          // across a field boundary, or failing Luhn (a target's own test card, in groups): a known card only
          else if ((valid || unluhnLengths.has(digits)) && heads.has(head) && known.has(fieldDigits(s, groups, i, j)))
            [taken, takenCrossed] = [j, crossed];
        }
        if (g.b - g.a !== 4) foursBefore = false;
        if (g.b - g.a === 2 || g.b - g.a === 3) shorts++;
      }
      if (taken >= 0) {
        let d = '';
        for (let j = i; j <= taken; j++) d += s.slice(groups[j]!.a, groups[j]!.b);
        if (takenCrossed) {
          // each part masked where it stands, the fields' markup between them kept
          const masked = maskPan(d);
          for (let j = i, at = 0; j <= taken; j++) {
            const { a, b } = groups[j]!;
            spans.push({ a, b, mask: masked.slice(at, at + b - a) });
            at += b - a;
          }
        } else spans.push({ a: groups[i]!.a, b: groups[taken]!.b, digits: d });
        i = taken + 1;
      } else {
        const g = groups[i]!;
        if (g.b - g.a >= 14) gluedPans(s, g.a, g.b, spans);
        i++;
      }
    }
    groups = keep > 0 ? groups.slice(i) : [];
  };

  // the gap since the last digit group: its units and their kind; its spaces, line breaks and tags
  let gapUnits = 0;
  let gap: Sep = BREAK;
  let spaces = 0;
  let newlines = 0;
  let tags = 0;
  let fields = 0;
  let dashes = 0;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (isDigit(c) || isLetter(c)) {
      if (s.charCodeAt(i + 8) === 45 && isHex(c)) {
        UUID_AT.lastIndex = i;
        if (UUID_AT.test(s)) {
          // a UUID (hex or all digits) is an id, never a card number
          flush();
          i = UUID_AT.lastIndex;
          gap = BREAK;
          continue;
        }
      }
      let j = i;
      let letters = false;
      for (; j < n; j++) {
        const d = s.charCodeAt(j);
        if (isLetter(d)) letters = true;
        else if (!isDigit(d)) break;
      }
      if (!letters) {
        if (groups.length > 0 && gap === BREAK) flush();
        groups.push({ a: i, b: j, sep: gap !== BREAK && fields > 0 ? FIELDS : gap });
        if (groups.length >= 64) flush(19);
      } else {
        // a word's leading digits may end a card in groups ("4716 0472 6194 1981x"), its trailing ones
        // begin one ("a4716 0472 6194 1981", "XXXX4716-0472-…"); a run of 13 or more is glued's
        let lead = i;
        while (lead < j && isDigit(s.charCodeAt(lead))) lead++;
        let tail = j;
        while (tail > i && isDigit(s.charCodeAt(tail - 1))) tail--;
        const digest = j - i >= 32 && isHexWord(s, i, j);
        if (!digest && lead > i && lead - i < 13 && groups.length > 0 && gap !== BREAK)
          groups.push({ a: i, b: lead, sep: fields > 0 ? FIELDS : gap });
        flush();
        glued(s, i, j, spans);
        if (!digest && tail < j && j - tail < 13) {
          groups.push({ a: tail, b: j, sep: BREAK });
          letters = false; // the next group goes on from it
        }
      }
      gapUnits = spaces = newlines = tags = fields = dashes = 0;
      gap = letters ? BREAK : SPACE;
      i = j;
      continue;
    }
    let len = 1;
    let kind: number;
    if (c === 37 || c === 38 || c === 92) {
      const u = escapeAt(s, i, c);
      len = u >> 2;
      kind = u & 3;
    } else if (c === 32 || c === 9 || c === 43 || c === 0xa0 || c === 0x2007 || c === 0x202f || c === 0x2009)
      kind = SPACE;
    else if (c === 10) kind = NEWLINE;
    else if (c === 1) kind = TAGGED;
    else if (c === 2) kind = FIELDS;
    else kind = isDash(c) ? DASH : c === 46 ? DOT : BREAK;
    gapUnits++;
    const spaceLike = kind === SPACE || kind === NEWLINE || kind === TAGGED || kind === FIELDS;
    if (kind === SPACE) spaces++;
    else if (kind === NEWLINE) newlines++;
    else if (kind === TAGGED) tags++;
    else if (kind === FIELDS) fields++;
    else if (kind === DASH) dashes++;
    if (gapUnits === 1) gap = spaceLike ? SPACE : kind;
    // spaces, with one dash among them at most ("4111 - 1111"); a dot stands alone
    else if (gap === BREAK || gap === DOT || !(spaceLike || kind === DASH) || dashes > 1) gap = BREAK;
    // up to eight spaces; one line break (a wrapped line) and up to four tags (cells, spans), each
    // with an indentation; up to four field boundaries (`</a></b>\n  <c><d>`), a line break beside each
    if (
      gap !== BREAK &&
      (newlines > 1 + fields || tags > 4 || fields > 4 || spaces > (fields > 0 ? 32 : newlines + tags > 0 ? 24 : 8))
    )
      gap = BREAK;
    i += len;
  }
  flush();
  return spans;
}

/** The digits of the groups `i` to `j` (at most 19). */
function fieldDigits(s: string, groups: ReadonlyArray<{ a: number; b: number }>, i: number, j: number): string {
  let d = '';
  for (let k = i; k <= j; k++) d += s.slice(groups[k]!.a, groups[k]!.b);
  return d;
}

/** The card numbers in the digit runs of a word with letters ("PAN4111…", "4111…x"), unless the
 *  word is a hex digest (32 hex characters or more: MD5, SHA, a UUID without dashes). */
function isHexWord(s: string, a: number, b: number): boolean {
  for (let k = a; k < b; k++) if (!isHex(s.charCodeAt(k))) return false;
  return true;
}

function glued(s: string, a: number, b: number, out: Span[]): void {
  if (b - a < 13) return;
  if (b - a >= 32 && isHexWord(s, a, b)) return;
  let k = a;
  while (k < b) {
    if (!isDigit(s.charCodeAt(k))) {
      k++;
      continue;
    }
    let e = k;
    while (e < b && isDigit(s.charCodeAt(e))) e++;
    if (e - k >= 13) digitRun(s, k, e, out);
    k = e;
  }
}

/** A card number read as a floating-point number and written back in scientific notation (Java's
 *  Double.toString: "4.003030303030303E15"; a spreadsheet's or a Python float's "4.003030303030303e+15"):
 *  every digit is there, behind one dot and before an exponent. Taken when the value is a whole
 *  number of 13 to 19 digits that passes Luhn. */
const SCI = /(?<![\d.])(\d)\.(\d{1,18})[eE]\+?(1[2-8])(?![\d.])/g;
function sciPans(t: string, out: Span[]): void {
  if (!/\d[eE]\+?1[2-8]/.test(t)) return;
  for (const m of t.matchAll(SCI)) {
    const [, first, rest, exp] = m as unknown as [string, string, string, string];
    if (rest.length > Number(exp)) continue; // not a whole number
    const digits = first + rest.padEnd(Number(exp), '0');
    if (luhn(digits)) out.push({ a: m.index!, b: m.index! + m[0].length, digits });
  }
}

/** A Jysan NONCE ("Случайное уникальное число", N(6-64)) is a random number the merchant's side makes:
 *  one of 13 to 19 digits passes Luhn one time in ten, and masked like a card number it made a
 *  failed P_SIGN impossible to recompute from the report. A run of digits right after a NONCE key
 *  (`NONCE=`, `"NONCE":"`, `<NONCE>`) is left as it is, unless it is one of paycert's own test cards;
 *  digits in groups ("4111 1111 …") are no NONCE and stay masked. */
const NONCE_KEY =
  /(?:\bNONCE|\bnonce)(?:\\{0,3}"|'|>|&quot;|&gt;)?\s{0,2}[:=]?\s{0,2}(?:\\{0,3}"|'|&quot;)?$|(?<![\w-])name\s{0,2}=\s{0,2}(?:"|'|&quot;)?(?:NONCE|nonce)(?:"|'|&quot;)?\s{1,8}value\s{0,2}=\s{0,2}(?:"|'|&quot;)?$/;
/** (also a form's hidden input, `name="NONCE" value="…"`: its attributes are read, markupEdits) */
function afterNonceKey(t: string, at: number): boolean {
  return at >= 5 && NONCE_KEY.test(t.slice(Math.max(0, at - 48), at));
}

/** The card numbers of `spans` (panSpans of the view of `s`) that mask nothing, left out: a number the
 *  text shows anyway. Never one of paycert's own cards (knownCards: masked wherever they appear, knownCardSpans
 *  reads the runs left out), nor a card number in groups; only digits written as one run:
 *  - a NONCE's: the run after a NONCE key (afterNonceKey), and one the same text shows after a NONCE key
 *    elsewhere. Was: a reason's expected base string `…;HVZGPDP9;546549*******4996095;;…` beside its
 *    JSON's `"NONCE":"54654931288524996095"` in clear (20 digits: a 17-digit card number and a CVC, a
 *    glued shape that happens, gluedPans), so the base could not be reproduced. A run past 19 digits that no
 *    NONCE key shows stays masked in the shapes gluedPans takes (a card and its CVC in a base string).
 *  - one whose hidden digits another number of the text shows in clear: a run of the same length with the
 *    same digits but the last four (the mask shows the first six and the last four), so that the card
 *    number would be read whole from the two. Was: JY-SDK-02's NONCEs that count up, `(1796615321750,
 *    179661***1751, 1796615321752, …)`, one in ten of them Luhn-valid. A lone 13-digit Luhn-valid number
 *    (a receipt's GTIN) is a card number as far as the text tells, and stays masked. */
function noCardsShown(s: string, view: View, spans: Span[]): Span[] {
  if (spans.length === 0) return spans;
  const t = view.t;
  const known = knownCards();
  let nonces: Set<string> | undefined;
  let clear: Set<string> | undefined;
  return spans.filter((x) => {
    if (x.digits === undefined || x.b - x.a !== x.digits.length || known.has(x.digits)) return true;
    let [a, b] = [x.a, x.b];
    while (a > 0 && isDigit(t.charCodeAt(a - 1))) a--;
    while (b < t.length && isDigit(t.charCodeAt(b))) b++;
    if (afterNonceKey(t, a) || (view.at !== undefined && afterNonceKey(s, view.at[a]!))) return false;
    nonces ??= nonceValues(s, view);
    if (nonces.has(t.slice(a, b))) return false;
    clear ??= clearPrefixes(t, spans);
    return !clear.has(`${x.digits.length}:${x.digits.slice(0, -4)}`);
  });
}

/** The runs of digits right after a NONCE key, in the view and as written (see maskFreePans). Each key
 *  is read forward a few characters: linear. */
function nonceValues(s: string, view: View): Set<string> {
  const out = new Set<string>();
  for (const text of view.at ? [view.t, s] : [view.t]) {
    if (!/NONCE|nonce/.test(text)) continue;
    for (const m of text.matchAll(/NONCE|nonce/g)) {
      let a = m.index + 5;
      const stop = Math.min(text.length, a + 40);
      while (a < stop && !isDigit(text.charCodeAt(a))) a++;
      if (a >= stop || !afterNonceKey(text, a)) continue;
      let b = a;
      while (b < text.length && isDigit(text.charCodeAt(b))) b++;
      out.add(text.slice(a, b));
    }
  }
  return out;
}

/** The runs of 13 to 19 digits of `t` that no span takes, each as its length and all its digits but the
 *  last four (noCardsShown), but paycert's own cards. One pass. */
function clearPrefixes(t: string, spans: readonly Span[]): Set<string> {
  const out = new Set<string>();
  const known = knownCards();
  const taken = overlaps(spans);
  for (let a = 0, b = 0; a < t.length; a = b + 1) {
    while (a < t.length && !isDigit(t.charCodeAt(a))) a++;
    for (b = a; b < t.length && isDigit(t.charCodeAt(b));) b++;
    // (one of paycert's cards is masked later on, knownCardSpans: not shown)
    if (b - a >= 13 && b - a <= 19 && !taken(a, b) && !known.has(t.slice(a, b)))
      out.add(`${b - a}:${t.slice(a, b - 4)}`);
  }
  return out;
}

/** Mask every free-text card number of `s` (panSpans), also written in an encoding, split by a line
 *  break, tags or fields (decodedView), and replace the secrets written so. A NONCE's key is read in
 *  the view and, where the view made it a field boundary (`&NONCE=`, `<NONCE>`), as written. */
function maskFreePans(s: string, depth = 0): string {
  const view = decodedView(s);
  const spans = noCardsShown(s, view, panSpans(view.t));
  const found = spans.length;
  // a text as written (not a markup's contents read apart, depth > 0) had its byte lists replaced (redactAt)
  viewSecrets(view.t, spans, depth > 0 || view.t !== s);
  knownCardSpans(view.t, spans);
  listedCardSpans(view.t, spans);
  sciPans(view.t, spans);
  const inMarkup = view.units.length > 0 && depth < MARKUP_DEPTH ? markupEdits(s, view.units, depth) : [];
  if (spans.length === 0 && inMarkup.length === 0) return s;
  // a secret before a card number that starts where it does (a secret of digits)
  if (view.at || spans.length > found) spans.sort((x, y) => x.a - y.a || Number(!x.secret) - Number(!y.secret));
  let out = '';
  let at = 0;
  // the markup's own edits, in order, between the spans' (a span over markup replaces it whole)
  let u = 0;
  const markupBefore = (from: number): void => {
    for (; u < inMarkup.length && inMarkup[u]!.from < from; u++) {
      const m = inMarkup[u]!;
      if (m.from < at || m.to > from) continue;
      out += s.slice(at, m.from) + m.by;
      at = m.to;
    }
  };
  for (const { a, b, digits, mask, secret } of spans) {
    const from = view.at ? view.at[a]! : a;
    if (from < at) {
      // inside the last one (a secret of digits); a secret's run past its end (a part of a secret grown
      // over a whole one's end) goes with it
      const to = view.at ? view.at[b]! : b;
      if (secret && to > at) at = to;
      continue;
    }
    markupBefore(from);
    out +=
      s.slice(at, from) + (mask ?? (digits === undefined ? SECRET : (backwardCards().get(digits) ?? maskPan(digits))));
    at = view.at ? view.at[b]! : b;
  }
  markupBefore(s.length + 1);
  return out + s.slice(at);
}

/** How deep markup is read inside markup (a tag in a comment, a query string in a tag's attribute). */
const MARKUP_DEPTH = 4;

/** What joins the contents of markup read together (markupEdits): no digit, letter, blank or escape,
 *  nothing a card number or a secret is read across, and no character a text holds. */
const UNIT_SEP = '\uffff';

/** The content of the markup the view read as one character (View.units: a tag's attributes, a comment,
 *  a JSON key, a form field's name) read as text is: its edits, in order. Only content with ten digits or
 *  more (a card number has thirteen, also encoded: `&#52;` and `%34` are digits too; a part of one of
 *  paycert's cards ten), so that a page's widths and ids cost no second read; all of it in one text, the
 *  contents joined by UNIT_SEP (one read of a few characters each cost five times the page). Each
 *  character of `s` is in one unit at most, and a unit's content is shorter than the unit: linear. */
function markupEdits(
  s: string,
  units: readonly number[],
  depth: number,
): Array<{ from: number; to: number; by: string }> {
  const picked: number[] = [];
  for (let k = 0; k < units.length; k += 2) {
    const [from, to] = [units[k]!, units[k + 1]!];
    let digits = 0;
    for (let i = from; i < to && digits < 10; i++) {
      const c = s.charCodeAt(i);
      if (isDigit(c) || (c >= 0x660 && wide(c) !== undefined)) digits++;
    }
    if (digits >= 10) picked.push(from, to);
  }
  const edits: Array<{ from: number; to: number; by: string }> = [];
  if (picked.length === 0) return edits;
  const inners: string[] = [];
  for (let k = 0; k < picked.length; k += 2) inners.push(s.slice(picked[k]!, picked[k + 1]!));
  // a text that holds UNIT_SEP itself (a hostile one), or markup across two contents (a comment's start
  // in one, its end in the next) read over UNIT_SEP: each content on its own
  const apart = (): string[] => inners.map((x) => maskFreePans(x, depth + 1));
  let parts: string[];
  if (inners.some((x) => x.includes(UNIT_SEP))) parts = apart();
  else {
    const joined = inners.join(UNIT_SEP);
    const read = maskFreePans(joined, depth + 1);
    if (read === joined) return edits;
    parts = read.split(UNIT_SEP);
    if (parts.length !== inners.length) parts = apart();
  }
  for (let k = 0; k < inners.length; k++)
    if (parts[k] !== inners[k]) edits.push({ from: picked[2 * k]!, to: picked[2 * k + 1]!, by: parts[k]! });
  return edits;
}

/** Everything the secrets' view pattern may read between two of a secret's characters (BETWEEN_SECRET_CHARS,
 *  BETWEEN_SHORT_SECRET_CHARS). */
const SKIPPED_BETWEEN = /[\n\u0001\u0002 \t\u00a0._-]+/g;
/** The secrets without those characters, in lower case; rebuilt with secretViewRe. null when one holds a
 *  sigma, the one letter whose lower case depends on the letters beside it (a final ς). */
let compactSecrets: string[] | null | undefined;
const compact = (s: string): string => s.replace(SKIPPED_BETWEEN, '').toLowerCase();

/** Whether viewSecrets's pattern can match in `t`: each of its matches is a secret's characters (an
 *  ASCII letter in either case) with skipped ones between, so the text without the skipped characters,
 *  in lower case, holds that secret so written (lower case is a character's own but for sigma; a
 *  character that becomes two, İ, does so in both). A few native passes where the pattern's alternation of
 *  character classes tries every secret at every position (a fifth of a worker's redaction time). */
function mayHoldSecret(t: string): boolean {
  if (compactSecrets === undefined) {
    const all = [...plainSecrets];
    compactSecrets = all.some((v) => /[\u03a3\u03c2\u03c3]/.test(v)) ? null : all.map(compact);
  }
  if (compactSecrets === null) return true;
  const text = compact(t);
  return compactSecrets.some((v) => text.includes(v));
}

/** The secrets as a reader sees them in a decoded view: any of its characters encoded, split by line
 *  breaks, tags or field boundaries (each with an indentation), or written with blanks, dashes, dots or
 *  underscores between its characters (`s 3 c r 3 t K e y`, `s3cr-3tKe-y`: as a card number is read in
 *  its groups); up to six such between two characters. A secret cut into fields is replaced in the
 *  first and removed from the others, the markup between them kept. In any case for the secrets foldsCase
 *  covers (`'ZQ7VK' + '2MXW9PLR4'`, `zq7vk<b>2mxw9plr4`: showsSecret finds them so). */
/** One character of a secret in either case (an ASCII letter as a class of both: no `i` flag for the
 *  secrets foldsCase does not cover, as replaceSecrets's secretFoldRe). */
const anyCase = (c: string): string => (/^[A-Za-z]$/.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : escapeRe(c));

/** `lists`: also a secret listed as its bytes; false where the view is the text as written, whose lists
 *  redactAt already replaced (replaceByteLists): the text is read for them once, not twice. */
function viewSecrets(t: string, out: Span[], lists = true): void {
  secretSet();
  if (plainSecrets.size === 0) return;
  // listed as its bytes, also encoded (a URL-encoded `%5B99%2079…`, `<b>99</b> 79`)
  if (lists) for (const [a, b] of byteListSpans(t, registeredBytes())) out.push({ a, b, secret: true });
  if (!mayHoldSecret(t)) {
    secretPartSpans(t, out);
    return;
  }
  secretViewRe ??= new RegExp(
    [...plainSecrets]
      .sort((a, b) => b.length - a.length)
      .map((v) =>
        [...v]
          .map(foldsCase(v) ? anyCase : escapeRe)
          .join(v.length >= 8 ? BETWEEN_SECRET_CHARS : BETWEEN_SHORT_SECRET_CHARS),
      )
      .join('|'),
    'g',
  );
  for (const m of t.matchAll(secretViewRe)) {
    if (!m[0].includes(FIELD)) {
      out.push({ a: m.index, b: m.index + m[0].length, secret: true });
      continue;
    }
    let first = true;
    for (const p of m[0].matchAll(SECRET_PIECE)) {
      out.push({
        a: m.index + p.index,
        b: m.index + p.index + p[0].length,
        secret: true,
        mask: first ? undefined : '',
      });
      first = false;
    }
  }
  secretPartSpans(t, out);
}
// --- parts of a secret ----------------------------------------------------------------------------

/** A part of a secret is a run of PART_MIN of its characters or more (a prefix, a suffix, a middle part).
 *  Was: a probe's SDK adapter logged `prefix16=Zq7sEcReT9xLmP4w`, the first 16 characters of its
 *  23-character SHARED_SECRET, and it reached every report, its whole-secret forms replaced beside it.
 *  Twelve characters: a chance match of twelve random letters and digits is out of reach in any case
 *  (36^12 ≈ 5·10^18 against a run's few megabytes of text), while ten would leave a 23-character key's
 *  shorter half of it readable and eight is a word. A secret of PART_MIN characters or fewer is looked for
 *  whole only. A run counts when it holds two of digits, lower-case and upper-case letters (a random key's
 *  every run of twelve does, 1 − 6·10^-5): paycert's documented defaults are registered too, and their
 *  runs of words or digits are ordinary text (`X-Secret-Key` in v5-sandbox-secret-key, `other-merchant`,
 *  `1234567890123` in 01234567890123456789012). Looked for in the decoded view (viewSecrets: URL, HTML, JSON
 *  escapes undone), in any case, reversed and as hex (a run of 2 × PART_MIN hex digits: a shorter hex
 *  token is not opened by redactHex); in base64 by the base64 token's decoding. Not a part split over
 *  lines or spaced character by character (the whole secret is). */
const PART_MIN = 12;
/** The pieces of each form looked for (PART_Q characters every PART_MIN − PART_Q + 1: each run of PART_MIN
 *  characters holds one), then each hit grown to the run it is in: a few alternatives per secret, where
 *  every window of PART_MIN characters as an alternative cost six times as much. */
const PART_Q = 6;
/** A secret longer than this is looked for whole only (a run is grown at most its length from each hit). */
const PART_SECRET_MAX = 256;

interface PartForm {
  /** the form, its ASCII letters lower-cased */
  text: string;
  /** the shortest run of it that is a part */
  min: number;
  /** the plain characters a run [a, b) of the form stands for (a hex run: its bytes) */
  plain: (a: number, b: number) => string;
}
/** The pieces' pattern and, by piece (lower-cased), the forms and offsets it is found at; null: none. */
let secretParts: { re: RegExp; at: Map<string, Array<readonly [PartForm, number]>> } | null | undefined;

const foldAscii = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

/** Whether a run of a secret holds two of digits, lower-case and upper-case letters (see PART_MIN). */
function keyLike(v: string): boolean {
  let [digit, lower, upper] = [0, 0, 0];
  for (let k = 0; k < v.length; k++) {
    const c = v.charCodeAt(k);
    if (isDigit(c)) digit = 1;
    else if (c >= 97 && c <= 122) lower = 1;
    else if (c >= 65 && c <= 90) upper = 1;
  }
  return digit + lower + upper >= 2;
}

function partsPattern(): typeof secretParts {
  if (secretParts !== undefined) return secretParts;
  const at = new Map<string, Array<readonly [PartForm, number]>>();
  for (const v of plainSecrets) {
    if (v.length <= PART_MIN || v.length > PART_SECRET_MAX) continue;
    const bytes = Buffer.from(v, 'utf8');
    const hex = bytes.toString('hex');
    const forms: PartForm[] = [
      { text: v, min: PART_MIN, plain: (a, b) => v.slice(a, b) },
      { text: reverse(v), min: PART_MIN, plain: (a, b) => v.slice(v.length - b, v.length - a) },
      { text: hex, min: 2 * PART_MIN, plain: (a, b) => bytes.subarray(a >> 1, (b + 1) >> 1).toString('latin1') },
    ];
    for (const form of forms) {
      form.text = form.text.replace(/[A-Z]+/g, (x) => x.toLowerCase());
      const q = form.min === PART_MIN ? PART_Q : 2 * PART_Q;
      const step = form.min - q + 1;
      for (let j = 0; j + q <= form.text.length; j += step) {
        // a piece no part of a key holds (only in runs of words or digits) is not looked for
        if (!keyLike(form.plain(Math.max(0, j + q - form.min), Math.min(form.text.length, j + form.min)))) continue;
        const piece = form.text.slice(j, j + q);
        if (!at.has(piece)) at.set(piece, []);
        at.get(piece)!.push([form, j]);
      }
    }
  }
  secretParts =
    at.size === 0
      ? null
      : {
          re: new RegExp(
            [...at.keys()]
              .sort((a, b) => b.length - a.length)
              .map(escapeRe)
              .join('|'),
            'gi',
          ),
          at,
        };
  return secretParts;
}

/** The parts of the secrets in `t` (see PART_MIN), in any case: each hit of a piece grown to the run of
 *  the form it is in, taken when it is PART_MIN long and key-like. The next hit is looked for after the
 *  run taken: each character is in one run at most, and a hit is grown at most a secret's length. */
function secretPartSpans(t: string, out: Span[]): void {
  const parts = partsPattern();
  if (!parts) return;
  const { re, at } = parts;
  re.lastIndex = 0;
  let done = 0;
  for (let m = re.exec(t); m !== null; m = re.exec(t)) {
    const p = m.index;
    let best: readonly [number, number] | undefined;
    for (const [form, j] of at.get(m[0].toLowerCase()) ?? []) {
      const f = form.text;
      let a = p;
      let k = j;
      while (a > done && k > 0 && foldAscii(t.charCodeAt(a - 1)) === f.charCodeAt(k - 1)) [a, k] = [a - 1, k - 1];
      let b = p + m[0].length;
      let e = j + m[0].length;
      while (b < t.length && e < f.length && foldAscii(t.charCodeAt(b)) === f.charCodeAt(e)) [b, e] = [b + 1, e + 1];
      if (b - a >= form.min && (!best || b - a > best[1] - best[0]) && keyLike(form.plain(k, e))) best = [a, b];
    }
    if (!best) continue;
    out.push({ a: best[0], b: best[1], secret: true });
    done = re.lastIndex = best[1];
  }
}

/** What may stand between two characters of a secret: line breaks, tags, field boundaries (each with an
 *  indentation), single blanks, dashes, dots or underscores; six at most. The blanks only in a secret of
 *  eight characters or more (a short one of digits, "123456", would also be an amount, "1234.56"). The
 *  blanks after a line break are read by the first alternative or the second: six alternatives at most,
 *  so a start costs at most six times the blanks after it. */
const BETWEEN_SECRET_CHARS = '(?:[\\n\\u0001\\u0002][ \\t]*|[ \\t\\u00a0._-]){0,6}';
const BETWEEN_SHORT_SECRET_CHARS = '(?:[\\n\\u0001\\u0002][ \\t]*){0,6}';
/** A part of a secret between field boundaries (FIELD), without the line breaks and blanks around it. */
const SECRET_PIECE = /[^\u0002\n\u0001 \t]+(?:[\n\u0001 \t]+[^\u0002\n\u0001 \t]+)*/g;

// --- a secret as a list of its bytes ------------------------------------------------------------------

/** A secret printed as the list of its bytes (probe 25: Go's `%+v` of a client whose key is a []byte,
 *  `secretKey:[99 79 81 84 …]`): in decimal (Go `[99 79]`, Python and a JSON array `[99, 79]`, Java's
 *  Arrays.toString of a byte[] signed, `-23` for 233; PHP's print_r or var_dump of unpack('C*'), each byte
 *  after its index, `[1] => 99`, `[1]=> int(99)`) or in hex (`63:4f`, `63 4f`, .NET's `63-4F`, Go's `%#v`
 *  `0x63, 0x4f`, Python's `hex(b)` `0x8`). One pass over the text, a run for each notation: its numbers, each a byte,
 *  with at most BYTE_GAP blanks and punctuation between two (and PHP's `int(`), make a run; a run's bytes
 *  (and every other one of them, the indices between) are searched for each secret's bytes. Linear: each
 *  character is read once, each run built once and searched once per secret (indexOf). */
const BYTE_GAP = 24;
/** What may stand between two numbers of a list (also the view's TAG and FIELD): no letter, no digit. */
const isByteGap = (c: number): boolean => c < 256 && BYTE_CLASS[c] === GAP_CH;
/** byteListSpans's classes of the Latin-1 characters (a table: the scan reads every character of the
 *  text): a digit or an ASCII letter (WORD_CH), a gap (GAP_CH), anything else 0. */
const WORD_CH = 1;
const GAP_CH = 2;
const BYTE_CLASS = (() => {
  const t = new Uint8Array(256);
  for (let c = 0; c < 256; c++) {
    if (isDigit(c) || isLetter(c)) t[c] = WORD_CH;
    else if (
      c === 32 ||
      c === 9 ||
      c === 10 ||
      c === 13 ||
      c === 1 ||
      c === 2 ||
      c === 0xa0 ||
      (c < 128 && ',;:[](){}=>|"\'-/'.includes(String.fromCharCode(c)))
    )
      t[c] = GAP_CH;
  }
  return t;
})();
const isByteWord = (c: number): boolean => c < 256 && BYTE_CLASS[c] === WORD_CH;

/** The byte a word of a list stands for in the notation (`hex`), or -1: decimal 0 to 255, or -128 to -1
 *  after a sign (`neg`); hex of two digits, or of one or two after 0x. */
function byteOf(t: string, a: number, b: number, hex: boolean, neg: boolean): number {
  // read digit by digit, no copy of the word (a list of millions of numbers is read in one pass)
  if (!hex) {
    if (b - a > 3) return -1;
    let n = 0;
    for (let i = a; i < b; i++) {
      const c = t.charCodeAt(i);
      if (!isDigit(c)) return -1;
      n = n * 10 + c - 48;
    }
    if (neg) n = -n;
    return n >= -128 && n <= 255 ? n & 255 : -1;
  }
  if (neg) return -1;
  const x = b - a >= 3 && t.charCodeAt(a) === 48 && (t.charCodeAt(a + 1) | 32) === 120 ? a + 2 : a;
  if (x === a ? b - a !== 2 : b - x > 2 || b === x) return -1;
  let n = 0;
  for (let i = x; i < b; i++) {
    const d = hexDigit(t.charCodeAt(i));
    if (d < 0) return -1;
    n = n * 16 + d;
  }
  return n;
}

/** The value of a hex digit's code, or -1. */
const hexDigit = (c: number): number =>
  c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1;

/** The gaps of a list as a class of a regular expression (isByteGap's characters). */
const BYTE_GAP_CLASS = String.raw`\t\n\r \u0001\u0002\u00a0,;:\[\](){}=>|"'\-/`;
const listShapes = new Map<number, RegExp>();
/** Whether `t` may hold a run of `k` numbers for byteListSpans (a cheap test before its scan, in the
 *  regular expression engine): every run is words (its numbers, `0x63`, PHP's `int`: one to four letters
 *  or digits) with a gap of one to BYTE_GAP of its characters between two, so a run of k numbers is k
 *  such words or more in a row. Where there is none, the scan would search no run. */
function mayListBytes(t: string, k: number): boolean {
  let re = listShapes.get(k);
  if (!re) {
    const word = '[0-9A-Za-z]{1,4}';
    re = new RegExp(`(?<![0-9A-Za-z])(?:${word}[${BYTE_GAP_CLASS}]{1,${BYTE_GAP}}){${k - 1}}${word}(?![0-9A-Za-z])`);
    listShapes.set(k, re);
  }
  return re.test(t);
}

/** One notation's run being read by byteListSpans: its bytes and where each stands (buffers reused by
 *  every call: a list of millions of numbers is read without an array of boxed numbers per run), and
 *  the gap since its last number. */
class ByteRun {
  vals = new Uint8Array(1024);
  starts = new Int32Array(1024);
  ends = new Int32Array(1024);
  count = 0;
  gap = 0;
  push(v: number, a: number, b: number): void {
    if (this.count === this.vals.length) {
      const grow = <A extends Uint8Array | Int32Array>(x: A, y: A): A => (y.set(x), y);
      const n = this.count * 2;
      this.vals = grow(this.vals, new Uint8Array(n));
      this.starts = grow(this.starts, new Int32Array(n));
      this.ends = grow(this.ends, new Int32Array(n));
    }
    this.vals[this.count] = v;
    this.starts[this.count] = a;
    this.ends[this.count++] = b;
  }
  /** The run searched (when it has `shortest` bytes or more) and emptied. */
  flush(shortest: number, secrets: readonly string[], out: Array<[number, number]>): void {
    if (this.count === 0) return;
    const n = this.count;
    if (n >= shortest)
      searchRun(this.vals.subarray(0, n), this.starts.subarray(0, n), this.ends.subarray(0, n), secrets, out);
    this.count = 0;
  }
}
const decimalRun = new ByteRun();
const hexRun = new ByteRun();

/** Where `t` lists the bytes of one of `secrets` (each its bytes as latin1), as [start, end) pairs: those
 *  in decimal, then those in hex. One scan of the text reads both notations (each with its own run). */
export function byteListSpans(t: string, all: readonly string[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  // an empty secret is in every run (indexOf('', q) never moves on)
  const secrets = all.filter((v) => v.length > 0);
  // a run as short as a part of a secret (PART_MIN) is read for one at its edges (a list cut off)
  const shortest = Math.min(PART_MIN, ...secrets.map((v) => v.length));
  if (secrets.length === 0 || t.length < 2 * shortest || !mayListBytes(t, shortest)) return out;
  const [dec, hex] = [decimalRun, hexRun];
  dec.count = hex.count = dec.gap = hex.gap = 0;
  const hexOut: Array<[number, number]> = [];
  for (let i = 0; i < t.length;) {
    const c = t.charCodeAt(i);
    if (!isByteWord(c)) {
      const gapChar = isByteGap(c);
      if (!gapChar || ++dec.gap > BYTE_GAP) dec.flush(shortest, secrets, out);
      if (!gapChar || ++hex.gap > BYTE_GAP) hex.flush(shortest, secrets, hexOut);
      i++;
      continue;
    }
    let j = i + 1;
    while (j < t.length && isByteWord(t.charCodeAt(j))) j++;
    // PHP's var_dump: `int(99)`, read as a gap (in decimal)
    if (t.startsWith('int(', i) && j === i + 3) dec.gap += 3;
    else {
      const neg = i > 0 && t.charCodeAt(i - 1) === 45 && !(i > 1 && isDigit(t.charCodeAt(i - 2)));
      const v = byteOf(t, i, j, false, neg);
      if (v < 0) dec.flush(shortest, secrets, out);
      else dec.push(v, neg ? i - 1 : i, j);
      dec.gap = 0;
    }
    const h = byteOf(t, i, j, true, false);
    if (h < 0) hex.flush(shortest, secrets, hexOut);
    else hex.push(h, i, j);
    hex.gap = 0;
    i = j;
  }
  dec.flush(shortest, secrets, out);
  hex.flush(shortest, secrets, hexOut);
  for (const x of hexOut) out.push(x);
  return out;
}

/** The secrets in one run of bytes: in its bytes, and in every other one of them (PHP's indices between). */
function searchRun(
  vals: Uint8Array,
  starts: ArrayLike<number>,
  ends: ArrayLike<number>,
  secrets: readonly string[],
  out: Array<[number, number]>,
): void {
  for (const [stride, from] of [
    [1, 0],
    [2, 0],
    [2, 1],
  ] as const) {
    // the bytes as latin1: one character each
    let picked = vals;
    if (stride === 2) {
      picked = new Uint8Array((vals.length - from + 1) >> 1);
      for (let k = from, x = 0; k < vals.length; k += 2) picked[x++] = vals[k]!;
    }
    const text = Buffer.from(picked.buffer, picked.byteOffset, picked.length).toString('latin1');
    const span = (q: number, n: number) => out.push([starts[from + q * stride]!, ends[from + (q + n - 1) * stride]!]);
    for (const v of secrets) {
      for (let q = text.indexOf(v); q >= 0; q = text.indexOf(v, q + v.length)) span(q, v.length);
      // a list cut off (a logger's limit, a line's end): a part of the secret (PART_MIN bytes or more, as
      // secretPartSpans's in plain text) at the run's start, its end, or the run whole
      if (v.length <= PART_MIN || v.length > PART_SECRET_MAX) continue;
      const n = edgePart(text, v);
      if (n > 0) span(text.length - n, n);
      const m = edgePart(text, v, true);
      if (m > 0) span(0, m);
    }
  }
}

/** The length of the longest part of `v` (PART_MIN or more, key-like, not the whole) that `text` ends with
 *  as `v`'s start, or (`head`) starts with as `v`'s end; 0 for none. */
function edgePart(text: string, v: string, head = false): number {
  for (let n = Math.min(v.length - 1, text.length); n >= PART_MIN; n--) {
    const part = head ? v.slice(v.length - n) : v.slice(0, n);
    if ((head ? text.startsWith(part) : text.endsWith(part)) && keyLike(part)) return n;
  }
  return 0;
}

/** The registered secrets' bytes (latin1), for byteListSpans: rebuilt when one is added. */
let secretBytes: string[] | undefined;
const registeredBytes = (): string[] =>
  (secretBytes ??= [...plainSecrets].map((v) => Buffer.from(v, 'utf8').toString('latin1')));

/** `s` with every registered secret listed as its bytes replaced, whole. */
function replaceByteLists(s: string): string {
  secretSet();
  const spans = byteListSpans(s, registeredBytes()).sort((x, y) => x[0] - y[0]);
  if (spans.length === 0) return s;
  let out = '';
  let at = 0;
  for (const [a, b] of spans) {
    if (b <= at) continue;
    out += s.slice(at, Math.max(a, at)) + (a >= at ? SECRET : '');
    at = b;
  }
  return out + s.slice(at);
}

/** Whether `text` lists the bytes of `secret` (the SDK checks' and the gateways' search, showsSecret). */
export function listsSecretBytes(text: string, secret: string): boolean {
  const v = [Buffer.from(secret, 'utf8').toString('latin1')];
  // also URL-encoded (`%5B99%2079…`), as the redactor's decoded view reads it
  return (
    byteListSpans(text, v).length > 0 ||
    (text.includes('%') && byteListSpans(decodeURIComponentSafe(text), v).length > 0)
  );
}

// --- base64 ---------------------------------------------------------------------------------------

/** A base64 or base64url token (also URL-encoded: %2B, %2F, %3D) long enough to hold a card number,
 *  also wrapped over lines (PEM, MIME: 64 or 76 columns; a line break also JSON-escaped). */
// Bounded quantifiers: V8 keeps a backtracking position for each repetition of a greedy one, and a
// hostile reply of one 8 MB token (base64, hex or digits: the replies' cap) overflowed its stack
// ("Maximum call stack size exceeded"), the redaction of that exchange with it. A longer base64 run is
// read in pieces of 1 MiB (a multiple of 4: each piece decodes as the whole would), a longer hex run
// not at all (its lookarounds), over 4,096 wrapped lines at most.
const B64 = /[A-Za-z0-9_+/%-]{16,1048576}(?:(?:\r?\n|\\r\\n|\\n)[A-Za-z0-9_+/-]{4,65536}){0,4096}(?:=|%3[Dd]){0,2}/g;
const LINE_BREAK = /(\r?\n|\\r\\n|\\n)/;

/** Base64 tokens whose content is text (a JSON body in a data= parameter, a JWS payload, a Basic
 *  credential) are decoded, redacted, and encoded again the same way when redaction changed them. */
function redactBase64(s: string, depth: number): string {
  return s.replace(B64, (tok) => {
    if (!LINE_BREAK.test(tok)) return base64Piece(tok, depth);
    // lines of one width (the last no longer): one token wrapped, decoded whole and wrapped again
    const parts = tok.split(LINE_BREAK);
    const lines = parts.filter((_, k) => k % 2 === 0);
    const w = lines[0]!.length;
    if (
      w % 4 === 0 &&
      !tok.includes('%') &&
      lines.slice(0, -1).every((l) => l.length === w) &&
      lines[lines.length - 1]!.length <= w
    ) {
      const joined = lines.join('');
      const red = base64Token(joined, depth);
      if (red !== joined) return red.match(new RegExp(`.{1,${w}}`, 'g'))!.join(parts[1]);
    }
    return parts.map((p, k) => (k % 2 === 1 || p.length < 16 ? p : base64Piece(p, depth))).join('');
  });
}

function base64Piece(tok: string, depth: number): string {
  // other URL escapes around it (%22…%22 in URL-encoded JSON): the pieces between them
  return /%(?!2[BbFf]|3[Dd])/.test(tok)
    ? tok.replace(/(?:[A-Za-z0-9_+/-]|%2[BbFf]|%3[Dd])+/g, (piece) =>
        piece.length >= 16 ? base64Token(piece, depth) : piece,
      )
    : base64Token(tok, depth);
}

function base64Token(tok: string, depth: number): string {
  // base64 of text has lower and upper case letters (hex, digits, ids in capitals have not)
  let lower = false;
  let upper = false;
  for (let k = 0; k < tok.length && !(lower && upper); k++) {
    const c = tok.charCodeAt(k);
    if (c >= 97 && c <= 122) lower = true;
    else if (c >= 65 && c <= 90) upper = true;
  }
  if (!lower || !upper) return tok;
  const escaped = tok.includes('%');
  const raw = escaped ? tok.replace(/%2B/gi, '+').replace(/%2F/gi, '/').replace(/%3D/gi, '=') : tok;
  const bytes = Buffer.from(raw, 'base64');
  if (bytes.length < 12) return tok;
  if ((bytes[0] === 0x78 && ZLIB_LEVELS.has(bytes[1]!)) || (bytes[0] === 0x1f && bytes[1] === 0x8b)) {
    const r = inflated(bytes, depth);
    if (r !== undefined) return r;
  }
  // binary too (a signature, a salt; or a card number behind a few bytes of a binary header)
  const text = bytes.toString('latin1');
  const red = redactAt(text, depth + 1);
  if (red === text) return tok;
  let enc = Buffer.from(red, 'latin1').toString(/[-_]/.test(raw) ? 'base64url' : 'base64');
  if (!raw.endsWith('=')) enc = enc.replace(/=+$/, '');
  return escaped ? encodeURIComponent(enc) : enc;
}

// --- compressed, in base64 -------------------------------------------------------------------------

/** The second byte of a zlib stream's header (0x78: deflate, 32 KiB window) at each compression level. */
const ZLIB_LEVELS = new Set([0x01, 0x5e, 0x9c, 0xda]);
/** At most this much of a compressed blob is inflated (a 3-D Secure PaReq is a few hundred bytes). */
const INFLATE_MAX = 256 << 10;
/** Compressed blobs inflated per text: further ones are removed unread. */
const INFLATE_PER_TEXT = 16;
let inflateLeft = INFLATE_PER_TEXT;
/** redactText or redact calls under way (the blobs are counted from the outermost) */
let entered = 0;

/** A zlib or gzip stream in base64 (a 3-D Secure PaReq is deflated XML holding the card number and
 *  expiry; a target's gzipped echo of the request): REMOVED when what it inflates to holds a secret or
 *  card data (redaction changes it), or is over INFLATE_MAX (not read whole); undefined when it is no
 *  such stream after all (the bytes as they are, see base64Token). A stream cut short (an echo clipped)
 *  is read as far as it goes. */
function inflated(bytes: Buffer, depth: number): string | undefined {
  if (inflateLeft <= 0) return REMOVED;
  inflateLeft--;
  let text: string;
  try {
    const opts = { maxOutputLength: INFLATE_MAX, finishFlush: zlibConstants.Z_SYNC_FLUSH };
    text = (bytes[0] === 0x1f ? gunzipSync(bytes, opts) : inflateSync(bytes, opts)).toString('latin1');
  } catch (e) {
    return (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? REMOVED : undefined;
  }
  return redactAt(text, depth + 1) === text ? undefined : REMOVED;
}

/** `f()` with the count of compressed blobs (inflated) started afresh, unless inside another call. */
function counted<T>(f: () => T): T {
  if (entered++ === 0) inflateLeft = INFLATE_PER_TEXT;
  try {
    return f();
  } finally {
    entered--;
  }
}

// --- hex ------------------------------------------------------------------------------------------

/** Hex of 13 bytes or more (a request dumped as hex, a secret's bytes), written whole or as a dump
 *  of pairs split by one space, colon or dash (`70 67 5f …`). A digest (pg_sig, P_SIGN) decodes to
 *  bytes with no text in them and stays as it is. */
const HEX =
  /(?<![0-9A-Za-z])(?:(?:[0-9A-Fa-f]{2}){13,524288}|[0-9A-Fa-f]{2}([ :-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){11,349525})(?![0-9A-Za-z])/g;

function redactHex(s: string, depth: number): string {
  return s.replace(HEX, (tok: string, sep?: string) => {
    const hex = sep ? tok.split(sep).join('') : tok;
    const text = Buffer.from(hex, 'hex').toString('latin1');
    const red = redactAt(text, depth + 1);
    if (red === text) return tok;
    let enc = Buffer.from(red, 'latin1').toString('hex');
    if (!/[a-f]/.test(hex) && /[A-F]/.test(hex)) enc = enc.toUpperCase();
    return sep ? enc.match(/../g)!.join(sep) : enc;
  });
}

/** Redact free text: bodies, logs, signature base strings, error messages. */
export function redactText(input: string): string {
  return counted(() => redactAt(input, 0));
}

/** `depth`: how many base64 or hex layers down (three at most are opened). */
function redactAt(input: string, depth: number): string {
  // a secret listed as its bytes before the hex dumps and the keys' values take pieces of the list
  let s = shortenLeakedSignatures(replaceByteLists(replaceSecrets(input)));
  if (depth < 3) s = redactHex(redactBase64(s, depth), depth);
  s = redactKeys(s);
  // a subject's mask showing too much first: maskFreePans's own of a card written backwards
  // (1891******406174) shows its last 4 and first 6 as they stand, and is left so
  return shortsBesideCards(companionsAfterCards(maskFreePans(remaskOverShown(s))));
}

/** Redact a structured value (parsed form, JSON, XML object) by key, then its strings as text. */
export function redact<T>(value: T): T {
  return counted(() => walk(value, '', false) as T);
}

/** The values `redact` removes by name from a request's body (a form or JSON): the CVC, the expiry, the
 *  cardholder name… A signature base string echoed elsewhere in its exchange carries them without their
 *  names (see redactListed). */
export function removedValues(body: string | undefined): Set<string> {
  const out = new Set<string>();
  if (!body) return out;
  const add = (v: unknown, key: string, inside: boolean): void => {
    const kind = key ? kindOf(key) : undefined;
    if (typeof v === 'string' || typeof v === 'number') {
      if ((inside || kind === 'drop') && String(v).length >= 2) out.add(String(v));
    } else if (Array.isArray(v)) v.forEach((x) => add(x, key, inside));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) add(x, k, inside || kind === 'object');
  };
  const t = body.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      add(JSON.parse(t), '', false);
    } catch {
      /* not JSON after all, or nested past the stack: what was found so far */
    }
  } else if (/^[^=&\s]+=/.test(t)) for (const v of removedFromPairs(new URLSearchParams(t))) out.add(v);
  return out;
}

/** The values `redact` removes by name from a form's fields (removedValues): a multipart body's parts, the
 *  elements of an XML field. */
export function removedFromPairs(pairs: Iterable<[string, string]>): Set<string> {
  const out = new Set<string>();
  for (const [k, v] of pairs) if (k && kindOf(k) === 'drop' && v.length >= 2) out.add(v);
  return out;
}

/** `s` with each value between two ';' (or two URL-encoded ones, the value URL-encoded too) that is one
 *  of `values` removed: a signature base string a subject echoes (an SDK's debug header, a reply quoting
 *  the base it expected) shows the request's card data as its field list does. */
export function redactListed(s: string, values: Set<string>): string {
  if (values.size === 0 || !/;|%3[Bb]/.test(s)) return s;
  const parts = s.split(/(;|%3[Bb])/);
  let changed = false;
  // the even places are the values, the odd ones their separators: the first and last value have one
  for (let i = 2; i < parts.length - 2; i += 2) {
    if (values.has(parts[i]!) || values.has(decodeURIComponentSafe(parts[i]!))) {
      parts[i] = REMOVED;
      changed = true;
    }
  }
  return changed ? parts.join('') : s;
}

/** The request's removed values (removedValues) that its exchange may echo anywhere, not only in a
 *  ';'-separated list (a reply's "Paid by TEST TESTOV", a header `x-cardholder: TEST%20TESTOV`): those
 *  that cannot be taken for other data, of five characters or more with a letter (a cardholder's name)
 *  or of twenty or more (an encrypted card). Never a short number (a CVC "123", a month "12": amounts
 *  and ids hold them): those are removed by their names only. */
function echoable(v: string): boolean {
  return (
    v.length <= 8192 &&
    (v.length >= 20 || (v.length >= 5 && /\p{L}/u.test(v) && !/^(?:true|false|null|none|undefined)$/i.test(v)))
  );
}

/** `s` with each echoable removed value (see echoable) replaced, in any case, as written, URL-encoded
 *  (a blank as %20 or +, also encoded twice), JSON-escaped or HTML-escaped (a blank also as &#32; or
 *  &nbsp;). One alternation per exchange, longest first. */
export function echoRemover(values: Set<string>): (s: string) => string {
  const taken = [...values].filter(echoable).slice(0, 32);
  if (taken.length === 0) return (s) => s;
  // a run's requests send the same card data again and again: its pattern is built once
  const id = taken.join('\u0000');
  let re = echoPatterns.get(id);
  if (!re) {
    re = echoPattern(taken);
    if (echoPatterns.size >= 16) echoPatterns.delete(echoPatterns.keys().next().value!);
    echoPatterns.set(id, re);
  }
  const r = re;
  return (s) => s.replace(r, REMOVED);
}

const echoPatterns = new Map<string, RegExp>();

function echoPattern(values: string[]): RegExp {
  const forms = new Set<string>();
  for (const v of values) {
    const form = new URLSearchParams({ v }).toString().slice(2);
    const html = v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    for (const f of [
      v,
      form,
      encodeURIComponent(v),
      encodeURIComponent(form),
      encodeURIComponent(encodeURIComponent(v)),
      JSON.stringify(v).slice(1, -1),
      html,
      html.replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
      v.replace(/ /g, '&#32;'),
      v.replace(/ /g, '&nbsp;'),
      v.replace(/ /g, '\u00a0'),
    ])
      forms.add(f);
  }
  return new RegExp(
    [...forms]
      .sort((a, b) => b.length - a.length)
      .map(escapeRe)
      .join('|'),
    'gi',
  );
}

/** `inside`: within a sensitive object, where every value is card data. */
function walk(v: unknown, key: string, inside: boolean): unknown {
  const kind = key ? kindOf(key) : undefined;
  if (typeof v === 'string' || typeof v === 'number') {
    if (kind === 'pan') return maskPan(String(v));
    if (kind || inside) return REMOVED;
    // a NONCE's digits stay readable (afterNonceKey), as in text
    if (/^nonce$/i.test(key) && /^[0-9]{13,19}$/.test(String(v)) && !knownCards().has(String(v)))
      return replaceSecrets(String(v)) === String(v) ? v : REMOVED;
    if (typeof v === 'string') return redactText(v);
    // a card number parsed from JSON as a number
    const t = String(v);
    const masked = maskFreePans(t);
    return masked === t ? v : masked;
  }
  if (Array.isArray(v)) return v.map((x) => walk(x, key, inside));
  if (v && typeof v === 'object' && !(v instanceof Uint8Array)) {
    // fromEntries defines own properties: a "__proto__" key in received data stays data
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k, inside || kind === 'object')]));
  }
  return v;
}
