import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.ts';

export type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, with its errors turned into one-line usage errors. */
export function parse(
  argv: string[],
  options: Options,
  command: string,
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const r = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
    return { values: r.values as Record<string, string | boolean | string[] | undefined>, positionals: r.positionals };
  } catch (e) {
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/\s+/g, ' ');
    throw new UsageError(`${command}: ${msg} (see paycert ${command} --help)`);
  }
}

/** A whole number in decimal digits (no `1e3`, `0x10` or blank, which Number would take), from min to max. */
export function integer(value: unknown, flag: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const n = /^-?\d{1,16}$/.test(String(value)) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(
      max === Number.MAX_SAFE_INTEGER
        ? `${flag} must be an integer ≥ ${min}, got "${String(value)}"`
        : `${flag} must be an integer from ${min} to ${max}, got "${String(value)}"`,
    );
  return n;
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], flag: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T))
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got "${String(value)}"`);
  return value as T;
}

export function url(value: unknown, flag: string): string | undefined {
  if (value === undefined) return undefined;
  try {
    const u = new URL(String(value));
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
    return String(value);
  } catch {
    throw new UsageError(`${flag} must be an http(s) URL, got "${String(value)}"`);
  }
}
