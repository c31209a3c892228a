/** The first HTML form of a page: where it posts and its named inputs with their values. */
export interface HtmlForm {
  action: string;
  method: string;
  /** the named controls' names and values as they stand (inputs, selects, textareas) */
  fields: Map<string, string>;
  /** the same controls as a payer's browser sees them, in page order */
  controls: FormControl[];
}

/** A named control of a form: what it is, what it holds, and what a browser would offer to fill it with. */
export interface FormControl {
  name: string;
  value: string;
  /** the input's type in lower case (text when absent), or select / textarea */
  type: string;
  /** the autocomplete token (cc-number, cc-exp-month…), lower case */
  autocomplete?: string;
  maxLength?: number;
  /** a select's option values */
  options?: string[];
  checked: boolean;
  disabled: boolean;
}

export const attr = (tag: string, name: string): string | undefined => {
  const m = attrPattern(name).exec(tag);
  return m ? decode(m[2] ?? m[3] ?? m[4] ?? '') : undefined;
};

// one pattern per attribute name (made once: a form of many controls reads several of each)
const ATTR_PATTERNS = new Map<string, RegExp>();
function attrPattern(name: string): RegExp {
  let re = ATTR_PATTERNS.get(name);
  if (!re) ATTR_PATTERNS.set(name, (re = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i')));
  return re;
}

function decode(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The first `<form …>…</form>` of the page (undefined when there is none, or its action is no URL).
 *  Each search goes forward from the last one, so the work is linear in the page whatever it holds
 *  (/<form\b[^>]*>([\s\S]*?)<\/form>/i rescanned the rest of the page from every `<form` without a
 *  `>` or a `</form>` after it). */
export function firstForm(html: string, base: string): HtmlForm | undefined {
  const start = /<form\b/i.exec(html);
  if (!start) return undefined;
  const openEnd = html.indexOf('>', start.index);
  if (openEnd < 0) return undefined;
  const close = /<\/form>/gi;
  close.lastIndex = openEnd + 1;
  const end = close.exec(html);
  if (!end) return undefined;
  const open = html.slice(start.index, openEnd + 1);
  const body = html.slice(openEnd + 1, end.index);
  const controls = formControls(body);
  const fields = new Map(controls.map((c) => [c.name, c.value]));
  // a form whose action is no URL cannot be followed: none usable (a TypeError is no verdict)
  const action = attr(open, 'action') ?? '';
  if (!URL.canParse(action, base)) return undefined;
  return {
    action: new URL(action, base).toString(),
    method: (attr(open, 'method') ?? 'get').toUpperCase(),
    fields,
    controls,
  };
}

/** The named inputs, selects and textareas of a form's body, in one forward pass (each search
 *  starts where the last one ended: linear whatever the page holds). */
function formControls(body: string): FormControl[] {
  const out: FormControl[] = [];
  const unclosed = new Set<string>();
  const open = /<(input|select|textarea)\b/gi;
  for (let m = open.exec(body); m; m = open.exec(body)) {
    const gt = body.indexOf('>', m.index);
    if (gt < 0) break; // no tag closes after this one
    const tag = body.slice(m.index, gt + 1);
    const kind = m[1]!.toLowerCase();
    open.lastIndex = gt + 1;
    let value = attr(tag, 'value') ?? '';
    let options: string[] | undefined;
    if (kind === 'select' || kind === 'textarea') {
      // its content up to its closing tag; none after here means none after any later one either
      // (searched once: an unclosed one holds nothing)
      const close = kind === 'select' ? /<\/select\s*>/gi : /<\/textarea\s*>/gi;
      close.lastIndex = gt + 1;
      const end = unclosed.has(kind) ? null : close.exec(body);
      if (!end) unclosed.add(kind);
      const inner = end ? body.slice(gt + 1, end.index) : '';
      if (end) open.lastIndex = close.lastIndex;
      if (kind === 'textarea') value = decode(inner);
      else ({ value, options } = selectValue(inner));
    }
    const name = attr(tag, 'name');
    if (!name) continue;
    const max = Number(attr(tag, 'maxlength'));
    out.push({
      name,
      value,
      type: kind === 'input' ? (attr(tag, 'type') ?? 'text').toLowerCase() : kind,
      ...(attr(tag, 'autocomplete') ? { autocomplete: attr(tag, 'autocomplete')!.trim().toLowerCase() } : {}),
      ...(Number.isInteger(max) && max > 0 ? { maxLength: max } : {}),
      ...(options ? { options } : {}),
      checked: /\schecked\b/i.test(tag),
      disabled: /\sdisabled\b/i.test(tag),
    });
  }
  return out;
}

/** A select's options (each its value attribute, else its text) and the one it submits: the
 *  selected one, else the first. */
function selectValue(inner: string): { value: string; options: string[] } {
  const options: string[] = [];
  let selected: string | undefined;
  const option = /<option\b/gi;
  for (let m = option.exec(inner); m; m = option.exec(inner)) {
    const gt = inner.indexOf('>', m.index);
    if (gt < 0) break;
    const tag = inner.slice(m.index, gt + 1);
    const next = inner.indexOf('<', gt + 1);
    const v = attr(tag, 'value') ?? decode(inner.slice(gt + 1, next < 0 ? inner.length : next)).trim();
    options.push(v);
    if (selected === undefined && /\sselected\b/i.test(tag)) selected = v;
    option.lastIndex = gt + 1;
  }
  return { value: selected ?? options[0] ?? '', options };
}

/** The URL of the page's first `<meta http-equiv="refresh" content="N;url=…">` (undefined without
 *  one). One forward pass over the `<meta` tags; a tag that does not close ends the search. */
export function metaRefresh(html: string): string | undefined {
  // found in the page itself (a lowercased copy can differ in length: 'İ' becomes two code units)
  const metas = /<meta/gi;
  for (let m = metas.exec(html); m; m = metas.exec(html)) {
    const at = m.index;
    const gt = html.indexOf('>', at);
    if (gt < 0) return undefined;
    const tag = html.slice(at, gt + 1);
    if (attr(tag, 'http-equiv')?.trim().toLowerCase() === 'refresh') {
      const content = attr(tag, 'content') ?? '';
      const u = /url=/i.exec(content);
      if (!u) return undefined;
      return content
        .slice(u.index + 4)
        .trim()
        .replace(/^['"]|['"]$/g, '');
    }
    metas.lastIndex = gt + 1;
  }
  return undefined;
}
