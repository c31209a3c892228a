import { beforeAll, describe, expect, test } from 'vitest';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command, noStack, paycert, type Ran } from './cli.ts';

// A run's reports read back by `verify`, `merge` and `baseline` come from whoever hands them over (a
// CI artifact, another team's shard): cut short, edited, a symbolic link or /dev/zero in place of a
// file. Each is one line and the documented exit code (verify: 1 invalid; merge and baseline: 2),
// never an internal error, a read without end or a merged certificate sealed over edited results.

const tmp = () => mkdtempSync(join(tmpdir(), 'paycert-hostile-reports-'));
let run: string;
/** a copy of the run's directory to spoil */
const copy = () => {
  const d = tmp();
  cpSync(run, d, { recursive: true });
  return d;
};
const oneLine = (r: Ran) => {
  expect(noStack(r.stderr), r.stderr).toBe(true);
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
};

beforeAll(() => {
  run = tmp();
  const r = paycert([
    'run',
    '--profile',
    'greenleaves',
    '--subject',
    'gateway',
    '--plan',
    'smoke',
    '--grep',
    'tamper',
    '--runs',
    '2',
    '--seed',
    '5',
    '--format',
    'json,junit',
    '--quiet',
    '--out',
    run,
  ]);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(readFileSync(join(run, 'results.ndjson'), 'utf8').trim()).not.toBe('');
});

describe('verify', () => {
  test('a symbolic link loop among the evidence is invalid (exit 1), not ELOOP (exit 4)', async () => {
    const d = copy();
    mkdirSync(join(d, 'allure-results'), { recursive: true });
    symlinkSync('.', join(d, 'allure-results', 'loop'));
    const r = await command(['verify', d]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('allure-results/loop is not a regular file (a symbolic link)');
    oneLine(r);
  });

  test.each([
    ['null', 'not a paycert certificate'],
    ['[]', 'not a paycert certificate'],
    ['{"verdict":"passed","digests":"abc"}', 'digests is not an object'],
    // a name Object.prototype has was found "in" the files: "digest of toString does not match: … function toString()"
    ['{"verdict":"passed","digests":{"toString":"sha256:00"}}', 'toString is missing'],
  ])('certificate.json %s is invalid with one line', async (text, why) => {
    const d = copy();
    writeFileSync(join(d, 'certificate.json'), text);
    const r = await command(['verify', d]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(why);
    oneLine(r);
  });

  test('certificate.json a directory: invalid (was EISDIR, exit 4)', async () => {
    const d = copy();
    const cert = join(d, 'certificate.json');
    rmSync(cert);
    mkdirSync(cert);
    const r = await command(['verify', d]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('certificate.json is not a regular file');
    oneLine(r);
  });

  test.skipIf(!existsSync('/dev/zero'))('--key /dev/zero: usage error, not a read without end', async () => {
    const r = await command(['verify', run, '--key', '/dev/zero']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('more than 65536 bytes');
    oneLine(r);
  });
});

describe('baseline', () => {
  test.skipIf(!existsSync('/dev/zero'))('--from /dev/zero is exit 2 at once (was read without end)', async () => {
    const r = await command(['baseline', '--from', '/dev/zero']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('is not a regular file');
    oneLine(r);
  });

  test('--out naming a directory or a missing directory is exit 2 (was exit 4), nothing left beside it', async () => {
    const parent = tmp();
    for (const out of [parent, join(parent, 'no', 'such', 'b.json')]) {
      const r = await command(['baseline', '--from', run, '--out', out]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`--out ${out} cannot be written`);
      oneLine(r);
    }
    expect(existsSync(`${parent}.tmp`)).toBe(false);
  });

  test('a certificate cut short is exit 2 naming it', async () => {
    const d = copy();
    const cert = join(d, 'certificate.json');
    writeFileSync(cert, readFileSync(cert).subarray(0, 500));
    const r = await command(['baseline', '--from', d]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('is not JSON');
    oneLine(r);
  });
});

describe('merge', () => {
  const merge = (...args: string[]) => command(['merge', ...args]);

  test.each([
    ['certificate.json', (t: string) => t.slice(0, 1000), 'certificate.json is not JSON'],
    ['certificate.json', () => 'null', 'is not a paycert certificate'],
    ['.run-config.json', () => '{"seed":1}', 'is not a paycert run configuration'],
    ['results.ndjson', (t: string) => `${t}{"id":"x","outc`, 'results.ndjson line 2 is not JSON'],
  ])('%s spoiled (%#): exit 2 naming it (was exit 4 with a TypeError or JSON error)', async (file, spoil, why) => {
    const d = copy();
    writeFileSync(join(d, file), spoil(readFileSync(join(d, file), 'utf8')));
    const out = tmp();
    const r = await merge(d, '--out', out);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(why);
    oneLine(r);
    // no report: --out is claimed (its marker) and cleared before the shards are judged
    expect(readdirSync(out).filter((n) => n !== '.paycert-report')).toEqual([]);
  });

  /** `d` merged: refused (exit 2, one line) as a shard whose `file` no longer matches its seal, and nothing written */
  const refusedAsEdited = async (d: string, file: string) => {
    const out = tmp();
    const r = await merge(d, '--out', out);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`does not verify (digest of ${file} does not match`);
    oneLine(r);
    expect(existsSync(join(out, 'certificate.json'))).toBe(false);
  };

  /** `d`'s certificate changed by `edit`, then merged: whether the merged certificate says complete */
  const mergedComplete = async (
    d: string,
    edit: (c: { digests?: Record<string, string>; complete: boolean }) => void,
  ) => {
    const cert = join(d, 'certificate.json');
    const c = JSON.parse(readFileSync(cert, 'utf8')) as { digests?: Record<string, string>; complete: boolean };
    edit(c);
    writeFileSync(cert, JSON.stringify(c));
    const out = tmp();
    const r = await merge(d, '--out', out);
    expect(r.stderr).not.toContain('internal error');
    return (JSON.parse(readFileSync(join(out, 'certificate.json'), 'utf8')) as { complete: boolean }).complete;
  };

  test('a sealed shard whose results were edited is refused, not sealed anew under a valid digest', async () => {
    const d = copy();
    const nd = join(d, 'results.ndjson');
    writeFileSync(nd, readFileSync(nd, 'utf8').replaceAll('"outcome":"passed"', '"outcome":"skipped"'));
    await refusedAsEdited(d, 'results.ndjson');
  });

  test('a sealed shard whose run configuration was edited is refused: the merged certificate is built from it', async () => {
    const d = copy();
    const cfg = join(d, '.run-config.json');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('"seed": 5', '"seed": 6'));
    expect(readFileSync(cfg, 'utf8')).toContain('"seed": 6');
    await refusedAsEdited(d, '.run-config.json');
    expect((await command(['verify', d])).code).toBe(1);
  });

  test('a shard sealed before the run configuration was verifies, and makes the merged certificate incomplete', async () => {
    const d = copy();
    const complete = await mergedComplete(d, (c) => {
      expect(c.complete).toBe(true);
      // as a paycert sealed it before it recorded what the seal covers (`covers`) and the config's digest
      delete (c as { covers?: unknown }).covers;
      delete c.digests!['.run-config.json'];
    });
    expect(complete).toBe(false);
    expect((await command(['verify', d])).code).toBe(0);
  });

  test('a shard never sealed (an interrupted run) makes the merged certificate incomplete, whatever it says', async () => {
    const complete = await mergedComplete(copy(), (c) => {
      delete c.digests;
      c.complete = true;
    });
    expect(complete).toBe(false);
  });

  test('--out naming a shard is refused: it cleared that shard before reading its evidence', async () => {
    const d = copy();
    const before = readFileSync(join(d, 'results.ndjson'), 'utf8');
    const r = await merge(d, '--out', d);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('is one of the shards');
    oneLine(r);
    expect(readFileSync(join(d, 'results.ndjson'), 'utf8')).toBe(before);
    expect((await command(['verify', d])).code).toBe(0);
  });

  test("a symbolic link among a shard's evidence is refused (it copied /etc/passwd into the reports)", async () => {
    const d = copy();
    mkdirSync(join(d, 'evidence'), { recursive: true });
    symlinkSync('/etc/passwd', join(d, 'evidence', 'x.txt'));
    const out = tmp();
    const r = await merge(d, '--out', out);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('evidence/x.txt is not a regular file');
    oneLine(r);
    expect(existsSync(join(out, 'evidence', 'x.txt'))).toBe(false);
  });

  test('--out naming a file is exit 2', async () => {
    const f = join(tmp(), 'f');
    writeFileSync(f, 'keep');
    const r = await merge(run, '--out', f);
    expect(r.code, r.stderr).toBe(2);
    oneLine(r);
    expect(readFileSync(f, 'utf8')).toBe('keep');
  });
});
