import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { RunConfig } from '../harness/run-config.ts';
import { readBounded } from '../spec/read-bounded.ts';
import { notJsonReason } from '../protocols/common/json-depth.ts';
import type { Certificate } from './certificate.ts';
import type { StoredResult } from './write.ts';

// The files of a run's --out read back by `merge`, `verify` and `baseline`. They come from
// whoever hands them over (a CI artifact, a vendor's shard): cut short, edited, replaced by a
// directory or by /dev/zero. Each is read within a bound and its shape checked, so that a bad one is
// a one-line error naming the file, not a TypeError (exit 4) or a read without end.

/** A file of a run directory that cannot be read or is not what a run writes; callers make it a
 *  usage error (exit 2), or an invalid certificate in `verify` (exit 1). */
export class RunFileError extends Error {}

/** A full run's certificate.json is about 300 KB, its results.ndjson about 100 KB. */
export const RUN_FILE_BYTES = 256 << 20;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A regular file's bytes (not a directory, FIFO, device or symbolic link), within the bound. */
export function readRunFile(path: string): Buffer {
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (!st) throw new RunFileError(`${path} does not exist`);
  if (!st.isFile()) throw new RunFileError(`${path} is not a regular file`);
  try {
    return readBounded(path, RUN_FILE_BYTES, 'more than any run writes');
  } catch (e) {
    throw new RunFileError(`${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

function json(path: string, text: string, line?: number): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new RunFileError(`${path}${line ? ` line ${line}` : ''} is ${notJsonReason(e, text)}: cut short or edited?`);
  }
}

/** certificate.json: an object with profiles, complete and startedAt, as every run writes it. */
export function readCertificate(path: string): Certificate & { errors?: string[]; digests?: Record<string, string> } {
  const c = json(path, readRunFile(path).toString('utf8'));
  if (!isObject(c) || !Array.isArray(c.profiles) || typeof c.complete !== 'boolean' || typeof c.startedAt !== 'string')
    throw new RunFileError(`${path} is not a paycert certificate (no profiles, complete or startedAt)`);
  if (c.errors !== undefined && !(Array.isArray(c.errors) && c.errors.every((x) => typeof x === 'string')))
    throw new RunFileError(`${path}: errors is not a list of strings`);
  return c as unknown as Certificate & { errors?: string[] };
}

/** .run-config.json: seed, plan and the subjects. */
export function readRunConfig(path: string): RunConfig {
  const c = json(path, readRunFile(path).toString('utf8'));
  const subjectOk = (s: unknown) =>
    isObject(s) && typeof s.profile === 'string' && typeof s.kind === 'string' && typeof s.target === 'string';
  if (
    !isObject(c) ||
    typeof c.seed !== 'number' ||
    typeof c.plan !== 'string' ||
    !Array.isArray(c.subjects) ||
    !c.subjects.every(subjectOk)
  )
    throw new RunFileError(`${path} is not a paycert run configuration (no seed, plan or subjects)`);
  const shard = c.shard;
  if (
    shard !== undefined &&
    !(
      isObject(shard) &&
      Number.isSafeInteger(shard.index) &&
      Number.isSafeInteger(shard.count) &&
      (shard.index as number) >= 1 &&
      (shard.index as number) <= (shard.count as number)
    )
  )
    throw new RunFileError(`${path}: shard is not {index, count} with 1 ≤ index ≤ count`);
  return c as unknown as RunConfig;
}

export const OUTCOMES = ['failed', 'inconclusive', 'passed', 'skipped'] as const;

/** results.ndjson: one check result per line; a line cut short names its number. */
export function readResults(path: string): StoredResult[] {
  if (!lstatSync(path, { throwIfNoEntry: false })) return [];
  const lines = readRunFile(path).toString('utf8').split('\n');
  const out: StoredResult[] = [];
  lines.forEach((l, i) => {
    if (l === '') return;
    const r = json(path, l, i + 1);
    if (
      !isObject(r) ||
      typeof r.id !== 'string' ||
      typeof r.profile !== 'string' ||
      typeof r.subject !== 'string' ||
      !(OUTCOMES as readonly unknown[]).includes(r.outcome)
    )
      throw new RunFileError(`${path} line ${i + 1} is not a check result (id, profile, subject, outcome)`);
    out.push(r as unknown as StoredResult);
  });
  return out;
}
