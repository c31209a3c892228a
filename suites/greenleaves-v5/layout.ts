import fc from 'fast-check';

/** How a JSON value is written: key order, indentation, spacing, escaping. The same value in
 *  another layout is other bytes, so another signature (V5-JWS-06, V5-JWS-07). */
export interface Layout {
  /** '' = compact */
  indent: '' | ' ' | '  ' | '\t';
  spaceAfterColon: boolean;
  /** a seed for the key order of every object; 0 = as given */
  order: number;
  /** write non-ASCII characters as \uXXXX instead of raw UTF-8 */
  escapeNonAscii: boolean;
  /** write "/" as "\/" (PHP's default) */
  escapeSlash: boolean;
  /** blanks before and after the value (RFC 8259 allows them): a final newline (a body read from a
   *  file or a heredoc), CRLF, spaces. A verifier that trims the body first refuses them signed */
  lead: '' | ' ' | '\n' | '\r\n';
  trail: '' | '\n' | '\r\n' | '  ';
}

/** compact, keys as given, raw UTF-8, nothing around: JSON.stringify's bytes */
export const COMPACT: Layout = {
  indent: '',
  spaceAfterColon: false,
  order: 0,
  escapeNonAscii: false,
  escapeSlash: false,
  lead: '',
  trail: '',
};

export const layoutArb: fc.Arbitrary<Layout> = fc.record({
  indent: fc.constantFrom('' as const, ' ' as const, '  ' as const, '\t' as const),
  spaceAfterColon: fc.boolean(),
  order: fc.nat({ max: 1_000_000 }),
  escapeNonAscii: fc.boolean(),
  escapeSlash: fc.boolean(),
  lead: fc.constantFrom('' as const, ' ' as const, '\n' as const, '\r\n' as const),
  trail: fc.constantFrom('' as const, '\n' as const, '\r\n' as const, '  ' as const),
});

function permute<T>(items: T[], seed: number): T[] {
  if (seed === 0) return items;
  const out = [...items];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function str(s: string, l: Layout): string {
  let out = JSON.stringify(s);
  if (l.escapeNonAscii)
    out = out.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (l.escapeSlash) out = out.replace(/\//g, '\\/');
  return out;
}

/** Serialise a JSON value in a layout. */
export function serialise(v: unknown, l: Layout): string {
  return l.lead + value(v, l, 0) + l.trail;
}

function value(v: unknown, l: Layout, depth: number): string {
  if (v === null || typeof v !== 'object') return typeof v === 'string' ? str(v, l) : JSON.stringify(v);
  const nl = l.indent === '' ? '' : '\n';
  const pad = (d: number) => l.indent.repeat(d);
  const colon = l.spaceAfterColon ? ': ' : ':';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${nl}${v.map((x) => pad(depth + 1) + value(x, l, depth + 1)).join(`,${nl}`)}${nl}${pad(depth)}]`;
  }
  const keys = permute(Object.keys(v), l.order === 0 ? 0 : l.order + depth);
  if (keys.length === 0) return '{}';
  const parts = keys.map(
    (k) => `${pad(depth + 1)}${str(k, l)}${colon}${value((v as Record<string, unknown>)[k], l, depth + 1)}`,
  );
  return `{${nl}${parts.join(`,${nl}`)}${nl}${pad(depth)}}`;
}
