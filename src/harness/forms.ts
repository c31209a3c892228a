/** The first HTML form of a page: where it posts and its named inputs with their values. */
export interface HtmlForm {
  action: string;
  method: string;
  fields: Map<string, string>;
}

const attr = (tag: string, name: string): string | undefined => {
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

export function firstForm(html: string, base: string): HtmlForm | undefined {
  const m = /<form\b[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!m) return undefined;
  const open = /<form\b[^>]*>/i.exec(m[0])![0];
  const fields = new Map<string, string>();
  for (const input of m[1]!.match(/<input\b[^>]*>/gi) ?? []) {
    const name = attr(input, 'name');
    if (name) fields.set(name, attr(input, 'value') ?? '');
  }
  return {
    action: new URL(attr(open, 'action') ?? '', base).toString(),
    method: (attr(open, 'method') ?? 'get').toUpperCase(),
    fields,
  };
}
