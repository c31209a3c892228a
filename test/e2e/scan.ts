import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every text a report directory holds, with the Allure HTML's embedded base64 data decoded. */
export function reportTexts(dir: string): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const text = readFileSync(p).toString('utf8');
        out.push({ file: p, text });
        for (const m of text.matchAll(/d\("([^"]+)","([A-Za-z0-9+/=]+)"\)/g)) {
          out.push({ file: `${p}#${m[1]}`, text: Buffer.from(m[2]!, 'base64').toString('utf8') });
        }
        for (const m of text.matchAll(/data:[a-z/+-]+;base64,([A-Za-z0-9+/=]+)/g)) {
          out.push({ file: `${p}#data-uri`, text: Buffer.from(m[1]!, 'base64').toString('utf8') });
        }
      }
    }
  };
  walk(dir);
  return out;
}

/** The ways a reader could still read a needle out of a text: the text itself, URL-decoded (twice),
 *  HTML-unescaped, with the separators between digits dropped (a card number in groups), and every
 *  base64 token decoded (a data= parameter, a JWS payload). */
export function views(text: string): Array<{ how: string; text: string }> {
  const out = [{ how: '', text }];
  const urlDecoded = [decodeSafe(text), decodeSafe(decodeSafe(text))];
  for (const t of urlDecoded) if (t !== text) out.push({ how: '#url-decoded', text: t });
  const html = text
    .replace(/&quot;|&#0*34;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;|&#0*160;/g, ' ')
    .replace(/&amp;/g, '&');
  if (html !== text) out.push({ how: '#html-unescaped', text: html });
  for (const t of [text, ...urlDecoded, html]) {
    const digits = t.replace(
      /(?<=[0-9])(?:[ \t\u00a0.+-]|%(?:25)*(?:20|C2%A0|A0)|&nbsp;|&#160;|\\u00a0|\\t)+(?=[0-9])/gi,
      '',
    );
    if (digits !== t) out.push({ how: '#digits-joined', text: digits });
  }
  for (const m of text.matchAll(/(?:[A-Za-z0-9+/_-]|%2[BbFf]){16,}(?:=|%3[Dd])*/g)) {
    const raw = m[0].replace(/%2B/gi, '+').replace(/%2F/gi, '/').replace(/%3D/gi, '=');
    const d = Buffer.from(raw, 'base64').toString('latin1');
    out.push(
      { how: '#base64', text: d },
      { how: '#base64-digits-joined', text: d.replace(/(?<=[0-9])[ .-](?=[0-9])/g, '') },
    );
  }
  return out;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s.replace(/%([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}

/** Where any of the needles occurs, as `file: needle`, or a pattern (global) matches, as `file: match`
 *  (in any view of the text, see views; each report is read and viewed once). */
export function findings(dir: string, needles: string[], patterns: RegExp[] = []): string[] {
  const hits: string[] = [];
  for (const { file, text } of reportTexts(dir))
    for (const v of views(text)) {
      for (const n of needles) if (n && v.text.includes(n)) hits.push(`${file}${v.how}: ${n}`);
      for (const re of patterns) for (const m of v.text.matchAll(re)) hits.push(`${file}${v.how}: ${m[0]}`);
    }
  return [...new Set(hits)];
}
