// Linear-time lookups in an HTML page from the wire. Regular expressions such as
// /<([a-z0-9]+)\b[^>]*\bid="x"[^>]*>([\s\S]*?)<\/\1>/ or /<[^>]*>/g rescan the rest of the page from
// every '<' that has no '>' after it: a 400 KB page of unclosed tags took two minutes.

/** `s` with every tag (`<` to the next `>`) replaced by `repl`. */
export function stripTags(s: string, repl: string): string {
  let out = '';
  let pos = 0;
  for (;;) {
    const lt = s.indexOf('<', pos);
    if (lt < 0) break;
    const gt = s.indexOf('>', lt + 1);
    if (gt < 0) break; // no tag closes after this: the rest is text
    out += s.slice(pos, lt) + repl;
    pos = gt + 1;
  }
  return out + s.slice(pos);
}

export interface Tag {
  /** the element's name, lowercase */
  name: string;
  /** the opening tag, from `<` to `>` */
  text: string;
  /** index just past the opening tag's `>` */
  end: number;
}

const NAME = /^<([a-z0-9]+)[\s/>]/i;

/** The first opening tag with `id="<id>"` or `id='<id>'` (the attribute name in any case; HTML
 *  takes either quote, and pages built in double-quoted string literals, as Python's f-strings,
 *  write single ones). */
export function tagWithId(html: string, id: string): Tag | undefined {
  const a = tagWithIdQuoted(html, id, '"');
  const b = tagWithIdQuoted(html, id, "'");
  return a && b ? (a.end <= b.end ? a : b) : (a ?? b);
}

/** tagWithId for one quote character. One forward pass: the last `<` and `>` before each
 *  candidate are tracked, not searched back for. */
function tagWithIdQuoted(html: string, id: string, quote: string): Tag | undefined {
  const needle = `=${quote}${id}${quote}`;
  let scanned = 0;
  let lastLt = -1;
  let lastGt = -1;
  for (let at = html.indexOf(needle); at >= 0; at = html.indexOf(needle, at + 1)) {
    if (at < 3 || html.slice(at - 2, at).toLowerCase() !== 'id' || !/\s/.test(html[at - 3]!)) continue;
    for (; scanned < at; scanned++) {
      const c = html.charCodeAt(scanned);
      if (c === 60) lastLt = scanned;
      else if (c === 62) lastGt = scanned;
    }
    if (lastLt < 0 || lastGt > lastLt) continue; // not inside a tag
    const gt = html.indexOf('>', at);
    if (gt < 0) return undefined; // nothing after this is inside a closed tag either
    const text = html.slice(lastLt, gt + 1);
    const name = NAME.exec(text)?.[1];
    if (name) return { name: name.toLowerCase(), text, end: gt + 1 };
    at = gt; // the other candidates in this tag fare the same
  }
  return undefined;
}

/** The `href` (as written) of the first link (`<a …>`, any id or class) for which `wanted` holds.
 *  One forward pass: a tag is read from its `<a` to the next `>`, and the search goes on after it. */
export function linkHref(html: string, wanted: (href: string) => boolean): string | undefined {
  const open = /<a[\s/>]/gi;
  for (let m = open.exec(html); m; m = open.exec(html)) {
    const gt = html.indexOf('>', m.index + 2);
    if (gt < 0) return undefined; // no tag closes after this
    const href = attribute({ name: 'a', text: html.slice(m.index, gt + 1), end: gt + 1 }, 'href');
    if (href !== undefined && wanted(href)) return href;
    open.lastIndex = gt + 1;
  }
  return undefined;
}

/** An attribute's value in an opening tag (`attr="…"` or `attr='…'`), as written. */
export function attribute(tag: Tag, attr: string): string | undefined {
  // ASCII letters only: toLowerCase() can change the length ('İ' becomes two code units), and the
  // indices found in the copy are used on the tag itself
  const lower = tag.text.replace(/[A-Z]+/g, (m) => m.toLowerCase());
  const name = `${attr.toLowerCase()}=`;
  for (let at = lower.indexOf(name); at >= 0; at = lower.indexOf(name, at + 1)) {
    const quote = tag.text[at + name.length];
    if (!/\s/.test(tag.text[at - 1] ?? '') || (quote !== '"' && quote !== "'")) continue;
    const start = at + name.length + 1;
    const close = tag.text.indexOf(quote, start);
    return close < 0 ? undefined : tag.text.slice(start, close);
  }
  return undefined;
}

/** The markup between an opening tag and its closing tag (the first `</name` after it), or
 *  undefined when it is not closed. */
export function inner(html: string, tag: Tag): string | undefined {
  for (let at = html.indexOf('</', tag.end); at >= 0; at = html.indexOf('</', at + 2)) {
    const after = html[at + 2 + tag.name.length];
    if (nameAt(html, at + 2, tag.name) && (after === '>' || /\s/.test(after ?? ''))) return html.slice(tag.end, at);
  }
  return undefined;
}

/** `html` holds `name` (lowercase) at `at`, in any case. Character by character: a name has no `<`,
 *  so no comparison reads past the next `</` (slicing name.length characters at every `</` was
 *  quadratic for a 200 KB tag name followed by 100 000 `</`). */
function nameAt(html: string, at: number, name: string): boolean {
  if (at + name.length > html.length) return false;
  for (let i = 0; i < name.length; i++) if (html[at + i]!.toLowerCase() !== name[i]) return false;
  return true;
}
