import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeMarkup } from '../protocols/common/xml-text.ts';
import { visibleText } from '../harness/visible.ts';
import { gatewayWords, type Certificate, type RuleVerdict } from './certificate.ts';
import type { StoredResult } from './write.ts';
import { shownVerdict } from './verdict.ts';

// certificate.html: one offline file, no scripts, that opens on the verdict, then one row per rule
// with failures first, each with its replay command and (for failed and inconclusive rules) the
// evidence of its checks in <details>. The Allure report stays for per-check detail.

const ORDER = ['failed', 'inconclusive', 'warning', 'passed', 'skipped'];
const COLOUR: Record<string, string> = {
  failed: '#b00020',
  inconclusive: '#a15c00',
  warning: '#8a6d00',
  passed: '#1b6e20',
  skipped: '#666',
  error: '#b00020',
  partial: '#a15c00',
  unjudged: '#a15c00',
};

const esc = (s: string): string => escapeMarkup(visibleText(s));

/** Where the reporter files the evidence of a check that did not pass. */
export function evidencePath(outDir: string, r: Pick<StoredResult, 'profile' | 'subject' | 'id'>): string {
  return join(outDir, 'evidence', `${r.profile}.${r.subject}.${r.id}.txt`);
}

/** The evidence file of a check, escaped for certificate.html (its text never changes once filed). */
export function evidenceHtml(file: string): string {
  return esc(existsSync(file) ? readFileSync(file, 'utf8') : '(no exchanges recorded)');
}

/** `evidence`: the escaped evidence of a check's file (the reporter's keeps each once: a rewrite read
 *  and escaped every file again, once a second). */
export function certificateHtml(
  cert: Certificate & { errors?: string[] },
  results: StoredResult[],
  outDir: string,
  evidence: (file: string) => string = evidenceHtml,
): string {
  const sum = (k: 'passed' | 'failed' | 'warning' | 'inconclusive' | 'skipped') =>
    cert.profiles.reduce((n, p) => n + p.summary[k], 0);
  const partly = cert.profiles.reduce((n, p) => n + p.rules.filter((r) => r.partly?.length).length, 0);
  // a partial run's pass is no full pass (the summary line's "passed (partial: …)")
  const partialPass = !!cert.partial && cert.verdict === 'passed';
  // a pass that leaves warnings or unjudged rules (a real target's SHOULD and INFERRED rules warn) is no
  // green pass: a shop refusing every genuine callback broke only INFERRED rules and opened on "PASSED"
  const open = [
    sum('warning') > 0 ? plural(sum('warning'), 'WARNING') : '',
    sum('inconclusive') > 0 ? `${plural(sum('inconclusive'), 'RULE')} NOT JUDGED` : '',
  ].filter(Boolean);
  const caveat = cert.verdict === 'passed' && open.length > 0;
  const colour = COLOUR[partialPass ? 'partial' : caveat ? 'warning' : cert.verdict] ?? '#000';
  const head = `<h1 id="verdict" style="color:${colour}">${esc(cert.verdict.toUpperCase())}${partialPass ? ' (PARTIAL)' : ''}${caveat ? ` WITH ${open.join(', ')}` : ''}</h1>
<p class="why">${esc(cert.verdictReason)}</p>
<table class="meta">
${cert.profiles.map((p) => `<tr><th>target</th><td>${esc(p.profile)} / ${esc(p.subject)} — ${esc(p.target.kind)} ${esc(p.target.origin)}${p.target.via ? ` through the proxy at ${esc(p.target.via)}` : ''}${p.target.login ? `, with the login ${esc(p.target.login)}` : ''}${p.target.pageOrigins?.length ? `, its pages also on ${esc(p.target.pageOrigins.join(', '))}` : ''}${p.target.callbacks ? `; its calls through ${esc(p.target.callbacks)}` : ''}${p.target.jwsUri ? `; ${esc(gatewayWords(p.target.jwsUri, 1200))}` : ''}${p.target.preflight ? `; the pre-flight: ${esc(gatewayWords(p.target.preflight, 1200))}` : ''}${p.target.implementation ? ` (${esc(p.target.implementation)}${p.target.defects?.length ? `, defects: ${esc(p.target.defects.join(', '))}` : ''})` : ''}</td></tr>`).join('\n')}
<tr><th>seed</th><td>${cert.seed}</td></tr>
<tr><th>plan</th><td>${esc(cert.plan)}${cert.complete ? '' : ' — <b>incomplete run</b>'}</td></tr>
${cert.partial ? `<tr><th>partial</th><td>${esc(cert.partial)}</td></tr>` : ''}
<tr><th>rules</th><td>${sum('failed')} failed, ${sum('inconclusive')} inconclusive, ${sum('warning')} warning, ${sum('passed')} passed${partly ? ` (${partly} of them only partly judged: a check of theirs did not run, ran in part, or stopped at a warning before judging them)` : ''}, ${sum('skipped')} skipped</td></tr>
<tr><th>time</th><td>${esc(cert.startedAt)} – ${esc(cert.finishedAt ?? 'unfinished')}</td></tr>
</table>
${(cert.errors ?? []).map((e) => `<p class="error">paycert error: ${esc(e)}</p>`).join('\n')}`;
  const sections = cert.profiles.map((p) => {
    const mine = results.filter((r) => r.profile === p.profile && r.subject === p.subject);
    const rules = [...p.rules].sort((a, b) => ORDER.indexOf(a.verdict) - ORDER.indexOf(b.verdict));
    const rows = rules.map((r) => row(r, p.profile, p.subject)).join('\n');
    const shown = new Set(
      rules.filter((r) => r.verdict !== 'passed' && r.verdict !== 'skipped').flatMap((r) => r.tests),
    );
    const filed = mine
      .filter((c) => shown.has(c.id) && c.outcome !== 'passed' && c.outcome !== 'skipped')
      .map((c) => {
        return `<details id="${anchor(p.profile, p.subject, c.id)}"><summary><code>${esc(c.id)}</code> ${esc(c.outcome)} — ${esc(c.title)}</summary>
<p>${esc(c.reason ?? '')}</p>${c.replay ? `<pre class="cmd">${esc(c.replay)}</pre>` : ''}
<pre class="ev">${evidence(evidencePath(outDir, c))}</pre></details>`;
      })
      .join('\n');
    return `<h2>${esc(p.profile)} · ${esc(p.subject)} · ${esc(p.target.kind)}</h2>
<table class="rules"><thead><tr><th>rule</th><th>level</th><th>statement</th><th>verdict</th><th>reason</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${filed ? `<h3>evidence of the checks behind failed and inconclusive rules</h3>\n${filed}` : ''}`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>paycert certificate: ${esc(shownVerdict(cert))}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#111}
h1{font-size:2.4em;margin:0 0 .2em}
.why{margin:0 0 1em;font-size:1.05em}
table{border-collapse:collapse;margin:.5em 0}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
.meta th{background:#f4f4f4}
.rules thead th{background:#eee}
.v{font-weight:bold}
pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:.3em 0}
td:first-child code{white-space:nowrap}
pre.cmd{background:#f3f3f3;border-left:3px solid #555;padding:.3em .5em;font-size:12px}
pre.ev{background:#fafafa;border:1px solid #ddd;padding:.5em;font-size:12px}
tr.failed td{background:#fdecee} tr.inconclusive td{background:#fff4e5} tr.warning td{background:#fffbe5}
.error{color:#b00020;font-weight:bold}
</style></head><body>
${head}
${sections.join('\n')}
<p><small>paycert ${esc(cert.tool.version)} — per-check detail: html/index.html (Allure), results.ndjson, junit.xml</small></p>
</body></html>
`;
}

function anchor(profile: string, subject: string, id: string): string {
  return `ev-${profile}-${subject}-${id}`.replace(/[^\w.-]/g, '_');
}

function row(r: RuleVerdict, profile: string, subject: string): string {
  const links =
    r.verdict === 'failed' || r.verdict === 'inconclusive' || r.verdict === 'warning'
      ? r.tests.map((t) => `<a href="#${anchor(profile, subject, t)}">${esc(t)}</a>`).join(', ')
      : esc(r.tests.join(', '));
  const replay = (r.replay ?? []).map((c) => `<pre class="cmd">${esc(c)}</pre>`).join('');
  return (
    `<tr class="${r.verdict}" id="rule-${esc(r.id)}"><td><code>${esc(r.id)}</code></td><td>${esc(r.level)}</td><td>${esc(r.statement)}</td>` +
    `<td class="v" style="color:${COLOUR[r.verdict]}">${esc(r.verdict)}${r.baseline?.known ? ' (known)' : ''}</td><td>${r.baseline?.known ? `<small>known in the baseline: ${esc(r.baseline.reason)}${r.baseline.ticket ? `, ${esc(r.baseline.ticket)}` : ''}</small><br>` : ''}${esc(r.reason)}${links ? `<br><small>checks: ${links}</small>` : ''}${replay}</td></tr>`
  );
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 'S'}`;
