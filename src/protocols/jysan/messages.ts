import { errorCode } from '../../spec/load.ts';

/** Error-message templates of specs/jysan/errors.json, rendered for LANGUAGE ru | en. */

export type Language = 'ru' | 'en';
export type Variant = 'corrected' | 'seed';

/** LANGUAGE as sent → message language. The default without LANGUAGE (ru) is an inference. */
export function messageLanguage(language: string | undefined): Language {
  return language === 'en' ? 'en' : 'ru';
}

/** `corrected` is the template to render; `seed` is the text exactly as the seed prints it. */
export function template(code: number, lang: Language, variant: Variant = 'corrected'): string {
  const e = errorCode('jysan', code);
  const t = (variant === 'seed' ? e.seedText?.[lang] : undefined) ?? e[lang];
  if (t === undefined) throw new Error(`jysan: error code ${code} has no ${lang} template in specs/jysan/errors.json`);
  return t;
}

/** printf-style: each %s / %d takes the next argument, in order. */
export function render(tpl: string, args: readonly (string | number)[]): string {
  let i = 0;
  const out = tpl.replace(/%([sd])/g, (_m, kind: string) => {
    if (i >= args.length) throw new Error(`template "${tpl}" needs more than ${args.length} argument(s)`);
    const a = args[i++]!;
    return kind === 'd' ? String(Math.trunc(Number(a))) : String(a);
  });
  if (i < args.length) throw new Error(`template "${tpl}" takes ${i} argument(s), got ${args.length}`);
  return out;
}

export function renderMessage(code: number, lang: Language, ...args: (string | number)[]): string {
  return render(template(code, lang), args);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches a rendered message in either the corrected or the seed's own wording. */
export function messagePattern(code: number, lang: Language): RegExp {
  const alternatives = new Set([template(code, lang, 'corrected'), template(code, lang, 'seed')]);
  // spaces around a substituted value are not judged: an empty value leaves "Amount is invalid: ",
  // which a page or XML reader may trim to "Amount is invalid:". Next to a %s the wildcard already
  // takes them: a `\s*` there as well overlapped it, and a message from the wire ("Request of
  // ORDER=" then 100 KB of spaces) took the regular expression quadratic time (seconds)
  const bodies = [...alternatives].map((t) => {
    const parts = t.split(/(%[sd])/);
    return parts
      .map((part, i) => {
        if (part === '%s') return '[\\s\\S]*?';
        if (part === '%d') return '[0-9]+';
        const lead = parts[i - 1] === '%s' ? '' : '\\s*';
        const trail = parts[i + 1] === '%s' ? '' : '\\s*';
        // the seed's space before a colon ("(MM/ГГ) :", "TERMINAL :") is a typo fixed on its own:
        // either spacing, whatever else of the template a bank corrected
        return escapeRegExp(part).replace(/^ +/, lead).replace(/ +$/, trail).replace(/ *:/g, '\\s*:');
      })
      .join('');
  });
  return new RegExp(`^(?:${bodies.join('|')})$`);
}
