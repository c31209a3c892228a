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

/** Where any of the needles occurs, as `file: needle`. */
export function findings(dir: string, needles: string[]): string[] {
  const hits: string[] = [];
  for (const { file, text } of reportTexts(dir))
    for (const n of needles) if (n && text.includes(n)) hits.push(`${file}: ${n}`);
  return hits;
}
