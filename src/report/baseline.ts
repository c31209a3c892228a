import { readTextBounded } from '../spec/read-bounded.ts';
import { notJsonReason, parseJsonBounded } from '../protocols/common/json-depth.ts';
import { SCHEMA_BASE, errorSubject, validate } from '../spec/ajv.ts';
import { ruleIndex } from '../spec/load.ts';
import type { ProfileId } from '../spec/paths.ts';
import type { BaselineEffect } from './verdict.ts';

// Known failures (like the OpenID conformance suite's expected-failures file). A known failure does
// not fail the run; a new one does; a known failure that passed fails it too, so the file stays honest.

export interface BaselineEntry {
  rule: string;
  profile: ProfileId;
  subject: 'gateway' | 'merchant' | 'sdk';
  verdict?: 'failed' | 'warning';
  reason: string;
  ticket?: string;
  /** YYYY-MM-DD; tolerated up to and including that day */
  expires?: string;
}

export interface BaselineFile {
  description?: string;
  entries: BaselineEntry[];
}

/** What the certificate records about the baseline applied. */
export interface BaselineRecord extends BaselineEffect {
  file: string;
  /** `profile/subject/rule` of each failed or warned rule the baseline covers */
  known: string[];
}

/** A mistake in the file: the caller turns it into a usage error (exit 2). */
export class BaselineError extends Error {}

export function readBaseline(path: string): BaselineEntry[] {
  let text: string;
  try {
    text = readTextBounded(path, 16 << 20, 'a baseline lists the known failures');
  } catch (e) {
    throw new BaselineError(`baseline ${path} cannot be read: ${(e as Error).message.split('\n')[0]}`);
  }
  let data: unknown;
  try {
    data = parseJsonBounded(text);
  } catch (e) {
    throw new BaselineError(`baseline ${path} is ${notJsonReason(e, text)}`);
  }
  const v = validate(`${SCHEMA_BASE}_meta/baseline.schema.json`, data);
  if (!v.ok) {
    const e = v.errors[0]!;
    const extra = errorSubject(e.params);
    throw new BaselineError(
      `baseline ${path}: ${e.instancePath || '/'} ${e.message ?? e.keyword}${extra} (specs/_meta/baseline.schema.json)`,
    );
  }
  const entries = (data as BaselineFile).entries;
  // one entry per rule: a second was counted again ("+2 known" for one rule)
  const first = new Map<string, number>();
  entries.forEach((x, i) => {
    const key = `${x.profile}/${x.subject}/${x.rule}`;
    const j = first.get(key);
    if (j !== undefined)
      throw new BaselineError(`baseline ${path}: /entries/${i} names ${key} again (as /entries/${j}): keep one entry`);
    first.set(key, i);
  });
  entries.forEach((x, i) => {
    const rule = ruleIndex(x.profile).get(x.rule);
    if (!rule) throw new BaselineError(`baseline ${path}: /entries/${i}/rule ${x.rule} is not a ${x.profile} rule`);
    if (rule.subject !== x.subject)
      throw new BaselineError(
        `baseline ${path}: /entries/${i}/subject ${x.rule} is a ${rule.subject} rule, not ${x.subject}`,
      );
  });
  return entries;
}

interface RuleLike {
  id: string;
  verdict: string;
  baseline?: RuleBaseline;
}

/** The baseline entry covering a rule; `known`: it tolerates the rule's failure or warning in this run
 *  (not when the rule passed, its entry expired, or it failed where the entry knows a warning). */
export interface RuleBaseline {
  reason: string;
  ticket?: string;
  expires?: string;
  expired?: boolean;
  known?: boolean;
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Mark the rules the baseline covers (`rule.baseline`) and say what it changes for the verdict. */
export function applyBaseline(
  profiles: Array<{ profile: string; subject: string; rules: RuleLike[] }>,
  file: string,
  entries: BaselineEntry[],
  day = today(),
): BaselineRecord {
  const rec: BaselineRecord = { file, tolerated: 0, toleratedWarnings: 0, problems: [], known: [] };
  const seen = new Set<string>();
  for (const e of entries) {
    const p = profiles.find((x) => x.profile === e.profile && x.subject === e.subject);
    const r = p?.rules.find((x) => x.id === e.rule);
    if (!r) continue; // that profile/subject is not part of this run
    const key = `${e.profile}/${e.subject}/${e.rule}`;
    if (seen.has(key)) continue; // counted once (readBaseline refuses a file naming a rule twice)
    seen.add(key);
    const where = `${e.rule} (${e.profile}/${e.subject})`;
    const expired = e.expires !== undefined && e.expires < day;
    r.baseline = { reason: e.reason, ticket: e.ticket, expires: e.expires, ...(expired ? { expired } : {}) };
    if (r.verdict === 'passed') {
      rec.problems.push(`${where} is in the baseline but passed: delete its entry from ${file}`);
    } else if (e.verdict === 'warning' && r.verdict === 'failed') {
      // known as a warning (a SHOULD or INFERRED rule, or --fail-on warning): failing now is worse than
      // what the baseline accepted, and is not tolerated
      rec.problems.push(`${where} is in the baseline as a warning but failed: not tolerated`);
    } else if (r.verdict === 'failed' || r.verdict === 'warning') {
      if (expired) continue; // no longer tolerated: it counts as the failure it is
      rec.known.push(`${e.profile}/${e.subject}/${e.rule}`);
      r.baseline.known = true;
      if (r.verdict === 'failed') rec.tolerated++;
      else rec.toleratedWarnings = (rec.toleratedWarnings ?? 0) + 1;
    }
  }
  return rec;
}

/** A baseline covering every failed or warned rule of a certificate. */
export function baselineFrom(cert: {
  profiles: Array<{ profile: string; subject: string; rules: Array<{ id: string; verdict: string; reason: string }> }>;
}): BaselineFile {
  const entries: BaselineEntry[] = [];
  for (const p of cert.profiles) {
    for (const r of p.rules) {
      if (r.verdict !== 'failed' && r.verdict !== 'warning') continue;
      entries.push({
        rule: r.id,
        profile: p.profile as ProfileId,
        subject: p.subject as BaselineEntry['subject'],
        verdict: r.verdict,
        reason: r.reason,
      });
    }
  }
  return { description: 'known rule failures (paycert baseline); give each a ticket and an expiry date', entries };
}
