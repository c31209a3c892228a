/** The first HTML form of a page: where it posts and its named inputs with their values. */
export interface HtmlForm {
  action: string;
  method: string;
  fields: Map<string, string>;
}

export const attr = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return m ? decode(m[2] ?? m[3] ?? m[4] ?? '') : undefined;
};

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
  const fields = new Map<string, string>();
  const input = /<input\b/gi;
  for (let m = input.exec(body); m; m = input.exec(body)) {
    const gt = body.indexOf('>', m.index);
    if (gt < 0) break; // no input closes after this one
    const tag = body.slice(m.index, gt + 1);
    const name = attr(tag, 'name');
    if (name) fields.set(name, attr(tag, 'value') ?? '');
    input.lastIndex = gt + 1;
  }
  // a form whose action is no URL cannot be followed: none usable (a TypeError is no verdict)
  const action = attr(open, 'action') ?? '';
  if (!URL.canParse(action, base)) return undefined;
  return {
    action: new URL(action, base).toString(),
    method: (attr(open, 'method') ?? 'get').toUpperCase(),
    fields,
  };
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
