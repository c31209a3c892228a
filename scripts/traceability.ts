// The seed-statement traceability table (issue 12): every line of every seed is mapped to the rules
// whose `source` quotes it, or classified in specs/traceability.json (not-normative | not-testable,
// with the reason). `npm run traceability` writes docs/traceability.md; `--check` only compares.
// Both exit non-zero listing unmapped lines, stale classifications and quotes matching no line.
//
// Quote convention (docs/traceability.md, "How lines are matched"): in a rule's `source`, every
// "…" fragment after `seed 00N` (up to the next `digest`, `seed` or `[…]`) is a quote of ONE line of
// that seed. It maps every line that contains it after normalisation: runs of white space are one
// space, the quote marks «»“”„" are one and the same. An ellipsis (…) inside a fragment elides text
// of the same line: the pieces must occur in that order. `seed 00N:L "…"` anchors the fragments to
// line L (for text repeated on several lines). Nothing else is fuzzy.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROFILES, ROOT, SPECS } from '../src/spec/paths.ts';

export type Classification = 'not-normative' | 'not-testable';
export interface Entry {
  seed: string;
  /** "L" or "L1-L2" */
  lines: string;
  /** first 8 hex of sha256 over the normalised text of the lines (joined by \n) */
  fp: string;
  class: Classification;
  reason: string;
}
export interface Quote {
  rule: string;
  seed: string;
  line?: number;
  text: string;
}
export interface Result {
  markdown: string;
  unmapped: string[];
  stale: string[];
  dangling: string[];
  ambiguous: string[];
}

export const DOC = join(ROOT, 'docs', 'traceability.md');
export const DATA = join(SPECS, 'traceability.json');
// the seeds live next to the repository (../shared), or next to the worktrees (../../shared)
export const SEEDS = [join(ROOT, '..', 'shared', 'seeds'), join(ROOT, '..', '..', 'shared', 'seeds')].find((d) =>
  existsSync(d),
);

export function normalise(s: string): string {
  return s
    .replace(/[«»“”„"]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

export function fingerprint(lines: string[]): string {
  return createHash('sha256').update(lines.map(normalise).join('\n')).digest('hex').slice(0, 8);
}

/** The seed quotes of one `source` string. */
export function quotes(rule: string, source: string): Quote[] {
  const out: Quote[] = [];
  let seed: string | undefined;
  let line: number | undefined;
  const token = /seed (\d{3})(?::(\d+))?|\bdigest\b|\[[^\]]*\]|"([^"]*)"/g;
  for (const m of source.matchAll(token)) {
    if (m[1]) [seed, line] = [m[1], m[2] ? Number(m[2]) : undefined];
    else if (m[3] !== undefined) {
      if (seed) out.push({ rule, seed, line, text: m[3] });
    } else seed = undefined;
  }
  return out;
}

/** Does the normalised quote occur in the line (pieces around … in order)? */
export function matches(quote: string, line: string): boolean {
  const pieces = normalise(quote)
    .split('…')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (pieces.length === 0) return false;
  const l = normalise(line);
  let at = 0;
  for (const p of pieces) {
    const i = l.indexOf(p, at);
    if (i < 0) return false;
    at = i + p.length;
  }
  return true;
}

function seedFiles(dir: string): Map<string, { file: string; lines: string[] }> {
  const out = new Map<string, { file: string; lines: string[] }>();
  for (const f of readdirSync(dir).sort()) {
    const m = /^(\d{3})_.*\.txt$/.exec(f);
    if (m) out.set(m[1]!, { file: f, lines: readFileSync(join(dir, f), 'utf8').replace(/\r/g, '').split('\n') });
  }
  return out;
}

function range(s: string): [number, number] {
  const [a, b] = s.split('-').map(Number);
  return [a!, b ?? a!];
}

const cell = (s: string, max = 90) => {
  const t = normalise(s);
  const cut = t.length > max ? `${t.slice(0, max - 1)}…` : t;
  return cut
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/`/g, "'")
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
};

export function traceability(seedDir = SEEDS!, dataFile = DATA): Result {
  const seeds = seedFiles(seedDir);
  const allQuotes = PROFILES.flatMap((p) => {
    const rules = JSON.parse(readFileSync(join(SPECS, p, 'rules.json'), 'utf8')).rules as {
      id: string;
      source: string;
    }[];
    return rules.flatMap((r) => quotes(r.id, r.source));
  });
  const entries = (JSON.parse(readFileSync(dataFile, 'utf8')) as { entries: Entry[] }).entries;
  const res: Result = { markdown: '', unmapped: [], stale: [], dangling: [], ambiguous: [] };

  // seed -> line number -> rule ids
  const mapped = new Map<string, Map<number, Set<string>>>();
  for (const q of allQuotes) {
    const s = seeds.get(q.seed);
    const hits: number[] = [];
    s?.lines.forEach((l, i) => {
      if ((q.line === undefined || q.line === i + 1) && matches(q.text, l)) hits.push(i + 1);
    });
    if (hits.length === 0) {
      res.dangling.push(`${q.rule}: seed ${q.seed}${q.line ? `:${q.line}` : ''} "${q.text}" matches no line`);
      continue;
    }
    if (hits.length > 1) res.ambiguous.push(`${q.rule}: seed ${q.seed} "${q.text}" matches lines ${hits.join(', ')}`);
    const m = mapped.get(q.seed) ?? new Map<number, Set<string>>();
    mapped.set(q.seed, m);
    for (const h of hits) m.set(h, (m.get(h) ?? new Set()).add(q.rule));
  }

  const classified = new Map<string, Entry>(); // "seed:line" -> entry
  for (const e of entries) {
    const s = seeds.get(e.seed);
    const [a, b] = range(e.lines);
    const where = `seed ${e.seed} lines ${e.lines}`;
    if (!s || a < 1 || b > s.lines.length || a > b) {
      res.stale.push(`${where}: no such lines`);
      continue;
    }
    const fp = fingerprint(s.lines.slice(a - 1, b));
    if (fp !== e.fp) res.stale.push(`${where}: text changed (fp ${e.fp}, now ${fp}); re-read the lines`);
    for (let l = a; l <= b; l++) {
      if (classified.has(`${e.seed}:${l}`)) res.stale.push(`${where}: line ${l} classified twice`);
      classified.set(`${e.seed}:${l}`, e);
      const rules = mapped.get(e.seed)?.get(l);
      if (rules)
        res.stale.push(`${where}: line ${l} is now mapped by ${[...rules].join(', ')}; drop or split the entry`);
    }
  }

  const md: string[] = [
    '# Seed-statement traceability',
    '',
    'Generated by `npm run traceability` (scripts/traceability.ts) from the seeds (../shared/seeds/), the `source`',
    'fields of specs/*/rules.json and the classifications in specs/traceability.json. Do not edit by hand.',
    '',
    '## How lines are matched',
    '',
    'A rule maps a seed line when a fragment its `source` quotes after `seed 00N` (`seed 001 "…"`, up to the next',
    '`digest`, `seed` or `[…]`) occurs in that line. The comparison ignores differences of white space (runs of',
    'spaces, tabs, non-breaking spaces are one space) and of quote marks (« » “ ” „ " are the same); nothing else is',
    'fuzzy. A fragment lies within ONE line: a sentence the seed breaks over two lines is quoted as two fragments.',
    'An ellipsis (…) inside a fragment elides text of the same line. `seed 00N:L "…"` anchors a fragment to line L',
    'when its text occurs on several lines. A line no rule quotes is classified in specs/traceability.json as',
    '`not-normative` (a heading, a blank line, an illustrative example) or `not-testable` (an obligation a black',
    'box cannot judge), with the reason and a fingerprint of its text, so a changed seed line shows up as stale.',
    'Blank lines are not-normative without an entry.',
    '',
  ];
  const summary: string[] = [
    '| seed | lines | mapped | not-normative | not-testable | unmapped |',
    '|---|---|---|---|---|---|',
  ];
  const body: string[] = [];
  for (const [id, s] of seeds) {
    const count = { mapped: 0, 'not-normative': 0, 'not-testable': 0, unmapped: 0 };
    body.push(`## seed ${id} (${s.file})`, '', '| line | text | rules or classification |', '|---|---|---|');
    s.lines.forEach((text, i) => {
      const l = i + 1;
      const rules = mapped.get(id)?.get(l);
      const e = classified.get(`${id}:${l}`);
      let what: string;
      if (rules) {
        count.mapped++;
        what = [...rules].sort().join(', ');
      } else if (e) {
        count[e.class]++;
        what = `${e.class}: ${cell(e.reason, 400)}`;
      } else if (normalise(text) === '') {
        count['not-normative']++;
        what = 'not-normative: blank line';
      } else {
        count.unmapped++;
        what = '**UNMAPPED**';
        res.unmapped.push(
          `seed ${id} line ${l}: ${normalise(text).slice(0, 70)}\n    {"seed": "${id}", "lines": "${l}", "fp": "${fingerprint([text])}", "class": "", "reason": ""}`,
        );
      }
      body.push(`| ${l} | ${cell(text)} | ${what} |`);
    });
    body.push('');
    summary.push(
      `| ${id} | ${s.lines.length} | ${count.mapped} | ${count['not-normative']} | ${count['not-testable']} | ${count.unmapped} |`,
    );
  }
  res.markdown = [...md, ...summary, '', ...body].join('\n');
  return res;
}

/** Everything that makes `--check` fail; empty when the table is complete and docs/traceability.md current. */
export function problems(r: Result, doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : ''): string[] {
  return [
    ...r.unmapped.map((u) => `unmapped: ${u}`),
    ...r.stale.map((s) => `stale entry of specs/traceability.json: ${s}`),
    ...r.dangling.map((d) => `quote matching no seed line: ${d}`),
    ...(doc === r.markdown ? [] : ['docs/traceability.md is stale: run npm run traceability']),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!SEEDS) {
    console.error('traceability: the seeds (../shared/seeds) are not next to this repository');
    process.exit(2);
  }
  const r = traceability();
  if (!process.argv.includes('--check')) {
    writeFileSync(DOC, r.markdown);
    console.log(`wrote ${DOC}`);
  }
  const bad = problems(r);
  for (const b of bad) console.error(b);
  if (process.argv.includes('--verbose')) {
    for (const a of r.ambiguous)
      console.error(`quote matching several lines (anchor with seed 00N:L if unintended): ${a}`);
  }
  if (bad.length > 0)
    console.error(
      `${bad.length} problem(s): quote the line in a rule source, or classify it in specs/traceability.json`,
    );
  process.exit(bad.length > 0 ? 1 : 0);
}
