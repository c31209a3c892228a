import { MAX_JSON_DEPTH, parseJsonBounded } from './json-depth.ts';

/**
 * A name an object of a JSON text carries more than once. RFC 8259 §4: "The names within an object
 * SHOULD be unique", and "When the names within an object are not unique, the behavior of software
 * that receives such an object is unpredictable": JSON.parse keeps the last copy, many parsers the
 * first, some refuse the text.
 */
export interface DuplicateName {
  /** JSON Pointer (RFC 6901) of the object holding the name: '' for the top level */
  at: string;
  name: string;
  /** how many copies */
  count: number;
  /** the first copies' values as written (at most SHOWN, each cut at CLIP characters) */
  copies: string[];
  /** the copies' texts are not all the same: which copy a reader keeps decides the value */
  differ: boolean;
}

/** Why a duplicated name is a fault, for the reasons that report one. */
export const UNIQUE_NAMES =
  'RFC 8259 §4: "The names within an object SHOULD be unique", and "When the names within an object are not unique, the behavior of software that receives such an object is unpredictable" (JSON.parse keeps the last copy, many parsers the first)';

const SHOWN = 3;
/** JSON's whitespace (RFC 8259 §2): space, tab, line feed, carriage return */
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const CLIP = 80;

/** JSON.parse with the nesting bound of parseJsonBounded (it throws as that does), and the names
 *  any object of the text carries more than once. */
export function readJson(text: string, max = MAX_JSON_DEPTH): { value: unknown; duplicates: DuplicateName[] } {
  const value = parseJsonBounded(text, max);
  return { value, duplicates: duplicateNames(text) };
}

interface Frame {
  /** an object's names, each with the [start, end) of its copies' values; undefined for an array */
  names: Map<string, number[]> | undefined;
  /** the member being read (its name) or the element (its index) */
  key: string | number;
  /** where the member's value starts; -1 before the object's first member */
  start: number;
  parent: Frame | undefined;
  /** the frame's JSON Pointer, made when a duplicate in it (or below) is reported */
  pointer?: string;
  /** the reported duplicates of this object, by name, with their first copy's whole text */
  reported?: Map<string, { d: DuplicateName; first: string }>;
}

const pointerOf = (f: Frame | undefined): string => {
  if (!f?.parent) return '';
  f.pointer ??= `${pointerOf(f.parent)}/${String(f.parent.key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
  return f.pointer;
};

const clip = (s: string): string => (s.length > CLIP ? `${s.slice(0, CLIP)}…` : s);

/**
 * The names an object of `text` carries more than once, at any depth, in the order their second copy
 * comes (`differ` compares every copy with the first). `text` must be
 * JSON that parseJsonBounded read (the pass relies on its syntax and depth). One pass, linear in the
 * text: names are compared decoded ("\u0061" is "a"), in Maps (a name such as "__proto__" or
 * "constructor" is a name like any other); copies are compared by their text, so 500 and 500.0 differ.
 */
export function duplicateNames(text: string): DuplicateName[] {
  const out: DuplicateName[] = [];
  let top: Frame | undefined;
  const close = (f: Frame, end: number): void => {
    if (f.start < 0) return;
    const name = f.key as string;
    const spans = f.names!.get(name);
    if (!spans) return void f.names!.set(name, [f.start, end]);
    spans.push(f.start, end);
    let r = f.reported?.get(name);
    if (!r) {
      const first = text.slice(spans[0], spans[1]).trim();
      r = { d: { at: pointerOf(f), name, count: 1, copies: [clip(first)], differ: false }, first };
      (f.reported ??= new Map()).set(name, r);
      out.push(r.d);
    }
    r.d.count++;
    const copy = text.slice(f.start, end).trim();
    if (r.d.copies.length < SHOWN) r.d.copies.push(clip(copy));
    r.d.differ ||= copy !== r.first;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const from = i;
      let escaped = false;
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) {
          escaped = true;
          i++;
        } else if (d === 0x22) break;
      }
      // a string followed by ":" is a member's name (in JSON no value is)
      let j = i + 1;
      while (j < text.length && WHITESPACE.has(text.charCodeAt(j))) j++;
      if (top?.names && text.charCodeAt(j) === 0x3a /* : */) {
        const raw = text.slice(from, i + 1);
        top.key = escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        top.start = j + 1;
        i = j;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */)
      top = { names: c === 0x7b ? new Map() : undefined, key: c === 0x7b ? '' : 0, start: -1, parent: top };
    else if (c === 0x2c /* , */ && top) {
      if (top.names) close(top, i);
      else (top.key as number)++;
    } else if ((c === 0x7d /* } */ || c === 0x5d) /* ] */ && top) {
      if (top.names) close(top, i);
      top = top.parent;
    }
  }
  return out;
}

/** The duplicates as a sentence's object: `"amount" twice (507, then 500)`, nested ones with their
 *  object (`"type" twice in the object at /operations/0 (…)`); at most `max` of them. */
export function describeDuplicates(ds: readonly DuplicateName[], max = 3): string {
  const one = (d: DuplicateName): string => {
    const times = d.count === 2 ? 'twice' : `${d.count} times`;
    const where = d.at === '' ? '' : ` in the object at ${clip(d.at)}`;
    const values = d.differ
      ? `${d.copies.join(', then ')}${d.count > d.copies.length ? ', …' : ''}`
      : `${d.copies[0]} each time`;
    return `${clip(JSON.stringify(d.name))} ${times}${where} (${values})`;
  };
  const more = ds.length > max ? ` and ${ds.length - max} more names` : '';
  return `${ds.slice(0, max).map(one).join(', ')}${more}`;
}
