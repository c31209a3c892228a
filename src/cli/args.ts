import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.ts';

export type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, with its errors turned into one-line usage errors, and an option given an
 *  empty value refused (noEmptyValues; `emptyOk`: the options where empty means what it says). */
export function parse(
  argv: string[],
  options: Options,
  command: string,
  emptyOk: readonly string[] = [],
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  let r: ReturnType<typeof parseArgs>;
  try {
    r = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (e) {
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/\s+/g, ' ');
    throw new UsageError(`${command}: ${msg} (see paycert ${command} --help)`);
  }
  noEmptyValues(r.values, emptyOk);
  return { values: r.values as Record<string, string | boolean | string[] | undefined>, positionals: r.positionals };
}

/** An option given an empty value (an unset shell variable: `--declaration "$DECL"`) is a usage
 *  error, never the option left out: `run --declaration ''` ran the embedded merchant, `--grep ''`
 *  every check; `sandbox --host ''` listened on every interface. `except`: options where empty means
 *  what it says. */
function noEmptyValues(values: Record<string, unknown>, except: readonly string[] = []): void {
  for (const [name, value] of Object.entries(values)) {
    if (except.includes(name)) continue;
    for (const x of Array.isArray(value) ? value : [value])
      if (typeof x === 'string' && x.trim() === '')
        throw new UsageError(`--${name} needs a value, got an empty string (an unset shell variable?)`);
  }
}

/** Arguments that are not options: a usage error naming the first (`paycert sandbox extra`). */
export function noPositionals(positionals: readonly string[], command: string): void {
  if (positionals.length > 0)
    throw new UsageError(`${command}: unexpected argument "${positionals[0]}" (see paycert ${command} --help)`);
}

/** A whole number in decimal digits (no `1e3`, `0x10` or blank, which Number would take), from min to max. */
export function integer(value: unknown, flag: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const n = /^-?\d{1,16}$/.test(String(value)) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(
      max !== Number.MAX_SAFE_INTEGER
        ? `${flag} must be an integer from ${min} to ${max}, got "${String(value)}"`
        : min === -Number.MAX_SAFE_INTEGER
          ? `${flag} must be an integer of at most 16 digits (below 2^53), got "${String(value)}"`
          : `${flag} must be an integer ≥ ${min}, got "${String(value)}"`,
    );
  return n;
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], flag: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T))
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got "${String(value)}"`);
  return value as T;
}

/** A URL as an error shows it: one line (JSON-quoted, cut), its user and password masked. */
function shownUrl(value: string): string {
  const masked = value.replace(/^([^:/?#]*:\/\/)[^/?#]*@/, '$1***@');
  return JSON.stringify(masked.length > 200 ? `${masked.slice(0, 200)}…` : masked);
}

/** An http(s) URL given on the command line or in a declaration. The WHATWG parser drops tabs and
 *  line breaks, so `http://host/a\r\nX: 1` was taken and then printed over two lines; a user and
 *  password were taken too, and would be written into the certificate (fetch refuses them anyway). */
export function url(value: unknown, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  if (/[\u0000-\u0020\u007f-\u00a0]/.test(text))
    throw new UsageError(`${flag} must be a URL without spaces or control characters, got ${shownUrl(text)}`);
  let u: URL;
  try {
    u = new URL(text);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw new UsageError(`${flag} must be an http(s) URL, got ${shownUrl(text)}`);
  }
  if (u.username || u.password)
    throw new UsageError(
      `${flag} must not carry a user name or password (got ${shownUrl(text)}): the URL is written into the reports; a gateway's test domain behind an HTTP login gets it from PAYCERT_TARGET_LOGIN=name:password`,
    );
  return text;
}

/** A base URL paycert appends paths to (a gateway's --target, --callback-base): a query or fragment
 *  there would end up before the appended path (`https://gw/api?key=1/g2g/payment`), and a query may
 *  hold a key that the reports would carry. */
export function baseUrl(value: unknown, flag: string): string | undefined {
  const text = url(value, flag);
  if (text === undefined) return undefined;
  // any "?" or "#" (a bare one too, which URL's search and hash read as none)
  if (/[?#]/.test(text)) {
    const u = new URL(text);
    throw new UsageError(
      `${flag} must be a base URL without a query or fragment (paycert appends the API's paths to it), got ${shownUrl(`${u.origin}${u.pathname}`)} with one`,
    );
  }
  return text;
}

/** An origin (`scheme://host[:port]`, a trailing "/" allowed), as --page-origin names one: a path,
 *  query or fragment would say more than which host is meant. Returned as the URL parser writes it
 *  (lower case, the default port left out), the form an origin is compared in. */
export function pageOrigin(value: unknown, flag: string): string {
  const text = url(value, flag)!;
  const u = new URL(text);
  if (/[?#]/.test(text) || u.pathname !== '/')
    throw new UsageError(
      `${flag} must be an origin, scheme://host[:port] with no path, query or fragment (the host the gateway's payment pages are on), got ${shownUrl(`${u.origin}${u.pathname}`)}`,
    );
  return u.origin;
}
