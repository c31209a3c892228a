// Jysan error-message templates matched against text from the wire (page lines, XML descriptions)
// in linear time: the patterns had a `\s*` next to each %s wildcard, which overlapped it, and
// "Request of ORDER=" followed by 100 KB of spaces took seconds (quadratic).
import { expect, test } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { loadErrors } from '../../../src/spec/load.ts';
import { messagePattern, render, template, type Language } from '../../../src/protocols/jysan/messages.ts';
import { readPage } from '../../../src/sdk/jysan.ts';
import { cpuMsSince } from '../../cpu-time.ts';

/** messagePattern as it was before (the regression reference for ordinary messages). */
function oldPattern(code: number, lang: Language): RegExp {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const alternatives = new Set([template(code, lang, 'corrected'), template(code, lang, 'seed')]);
  const bodies = [...alternatives].map((t) =>
    t
      .split(/(%[sd])/)
      .map((part) => (part === '%s' ? '[\\s\\S]*?' : part === '%d' ? '[0-9]+' : esc(part).replace(/^ +| +$/g, '\\s*')))
      .join(''),
  );
  return new RegExp(`^(?:${bodies.join('|')})$`);
}

const templates = loadErrors('jysan').codes.flatMap((c) =>
  (['ru', 'en'] as const).filter((lang) => c[lang]).map((lang) => ({ code: c.code, lang })),
);
const arity = (t: string) => (t.match(/%[sd]/g) ?? []).length;

fcTest.prop([
  fc.constantFrom(...templates),
  fc.constantFrom<'corrected' | 'seed'>('corrected', 'seed'),
  fc.array(fc.oneof(fc.string(), fc.constantFrom('', ' ', '  x ', '12', ' 7 ', '\n', 'ORDER')), {
    minLength: 3,
    maxLength: 3,
  }),
  fc.constantFrom('as is', 'trimmed', 'cut', 'extra', 'spaced'),
])('the patterns judge ordinary messages as before', ({ code, lang }, variant, args, how) => {
  const tpl = template(code, lang, variant);
  const n = arity(tpl);
  const parts = tpl.match(/%[sd]/g) ?? [];
  const filled = args.slice(0, n).map((a, i) => (parts[i] === '%d' ? a.replace(/[^0-9]/g, '') || '5' : a));
  const m = render(tpl, filled);
  const msg =
    how === 'trimmed' ? m.trim() : how === 'cut' ? m.slice(0, -1) : how === 'extra' ? `${m}!` : m.replace(/ /g, '  ');
  expect(messagePattern(code, lang).test(msg)).toBe(oldPattern(code, lang).test(msg));
});

test('a rendered message still matches its own pattern (and an empty value trimmed too)', () => {
  for (const { code, lang } of templates) {
    const tpl = template(code, lang);
    const args = (tpl.match(/%[sd]/g) ?? []).map((p) => (p === '%d' ? 6 : 'ORDER'));
    expect(messagePattern(code, lang).test(render(tpl, args))).toBe(true);
    const empty = render(
      tpl,
      args.map((a) => (typeof a === 'number' ? a : '')),
    ).trim();
    expect(messagePattern(code, lang).test(empty)).toBe(oldPattern(code, lang).test(empty));
  }
});

// For every template: its text up to the first %s, then about 400 KB of what could stand for the
// value (spaces, the literal that follows the %s), never completed. Quadratic matching took
// seconds at 20 KB; linear takes milliseconds. The deadline only catches going back to quadratic.
test.each(templates)('template $code $lang on 400 KB of near-misses: linear', ({ code, lang }) => {
  const re = messagePattern(code, lang);
  for (const variant of ['corrected', 'seed'] as const) {
    const tpl = template(code, lang, variant);
    const at = tpl.indexOf('%s');
    if (at < 0) continue;
    const head = tpl.slice(0, at);
    const next = tpl.slice(at + 2).split(/%[sd]/)[0]!;
    for (const fill of [' ', ` ${next}`, next.trim() || ' ', `${next} `]) {
      const s = `${head}${fill.repeat(Math.ceil(400_000 / fill.length))}\u0001`;
      const t = process.cpuUsage();
      re.test(s); // true for a template ending in %s, false otherwise: only the time is judged
      expect(cpuMsSince(t)).toBeLessThan(2000);
    }
  }
});

test('a page whose only line is a near-miss of a template is read in linear time', () => {
  const html = `<p>Request of ORDER=${' '.repeat(400_000)}x</p>`;
  const t = process.cpuUsage();
  expect(readPage({ status: 200, headers: {}, text: html } as never).kind).toBe('other');
  expect(cpuMsSince(t)).toBeLessThan(2000);
});
