import { expect, test } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HtmlBuilder } from '../../../src/report/html.ts';

// The Allure builder reads the results as each suite file ends (HtmlBuilder.update) instead of all
// at the end; the report must be the one the straightforward build (every file read at the end) makes.

const result = (uuid: string, name: string, status: string, attachment?: string) => ({
  uuid,
  historyId: `h-${uuid}`,
  testCaseId: `t-${uuid}`,
  name,
  fullName: `suite ${name}`,
  status,
  stage: 'finished',
  start: 1_000,
  stop: 2_000,
  labels: [{ name: 'epic', value: 'greenleaves' }],
  parameters: [],
  links: [],
  steps: [],
  attachments: attachment ? [{ name: 'evidence', source: attachment, type: 'text/plain' }] : [],
});

/** as allure-js-commons writes: a temporary name, then renamed */
function put(dir: string, name: string, text: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `.allure-write-${name}.tmp`), text);
  renameSync(join(dir, `.allure-write-${name}.tmp`), join(dir, name));
}

const batches = [
  [
    ['a1-result.json', JSON.stringify(result('a1', 'first', 'passed'))],
    ['a2-attachment.txt', 'the evidence: 1 000 ₸, «оплачено»'],
    ['a2-result.json', JSON.stringify(result('a2', 'second', 'failed', 'a2-attachment.txt'))],
  ],
  [['b1-result.json', JSON.stringify(result('b1', 'third', 'broken'))]],
];

/** what the report shows of each test: name, status, attachments */
function shown(out: string): unknown {
  const byId = JSON.parse(readFileSync(join(out, 'html', 'test-results.json'), 'utf8')).byId as Record<
    string,
    { name: string; status: string }
  >;
  const summary = JSON.parse(readFileSync(join(out, 'html', 'summary.json'), 'utf8'));
  const html = readFileSync(join(out, 'html', 'index.html'), 'utf8');
  return {
    tests: Object.values(byId)
      .map((t) => `${t.name}:${t.status}`)
      .sort(),
    stats: summary.stats,
    status: summary.status,
    offline: !html.includes('googletagmanager'),
  };
}

async function build(incremental: boolean, early = false, from: 'bundle' | 'files' = 'bundle'): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'paycert-html-'));
  const results = join(out, 'allure-results');
  const before = process.env.PAYCERT_NO_BUNDLE;
  if (from === 'files') process.env.PAYCERT_NO_BUNDLE = '1';
  else delete process.env.PAYCERT_NO_BUNDLE;
  const builder = new HtmlBuilder(out, 'paycert certificate');
  if (before === undefined) delete process.env.PAYCERT_NO_BUNDLE;
  else process.env.PAYCERT_NO_BUNDLE = before;
  let files = 0;
  for (const batch of batches) {
    for (const [name, text] of batch) put(results, name!, text!);
    files += batch.length;
    if (!incremental) continue;
    builder.update();
    // the next file's results are written after the child read these
    await builder.hasRead(files);
  }
  // generated when the run's last results are written, put in place at its end
  if (early) builder.generate();
  const r = await builder.build();
  expect(r.error).toBeUndefined();
  expect(readdirSync(out).sort()).toEqual(['allure-results', 'html']);
  expect(r.path).toBe(join(out, 'html', 'index.html'));
  expect(builder.modulesFrom).toBe(from);
  // the child wrote the page offline: the main process did not read it back to strip it
  expect(builder.offline).toBe(true);
  return out;
}

// The incremental build from the bundle, which the first two tests both compare with another build:
// made once (a build is an Allure child loading the bundle and writing a 10 MB page, ~2 CPU-s); each
// test only reads its directory. Either test run alone makes it.
let incrementalFromBundle: Promise<string> | undefined;
const incrementalBundled = () => (incrementalFromBundle ??= build(true, false, 'bundle'));

test('results read as each file ends give the report of results read at the end', async () => {
  const [incremental, atEnd] = [await incrementalBundled(), await build(false)];
  expect(shown(incremental)).toEqual({
    tests: ['first:passed', 'second:failed', 'third:broken'],
    stats: { total: 3, passed: 1, failed: 1, broken: 1 },
    status: 'failed',
    offline: true,
  });
  expect(shown(incremental)).toEqual(shown(atEnd));
  expect(shown(await build(true, true))).toEqual(shown(atEnd));
  // three reports built (the first shared with the next test): a hang guard for a loaded machine
}, 240_000);

// The child loads Allure's generator and plugins from one bundle of them (bin/bundled.mjs,
// packagesBundle), or as their files (PAYCERT_NO_BUNDLE=1): the same report either way, every data
// file of the single-file HTML alike but for the ids and times Allure draws for each report.
test('the report made from the bundled modules is the one made from their files', async () => {
  const [bundled, files] = [await incrementalBundled(), await build(true, false, 'files')];
  expect(embedded(bundled)).toEqual(embedded(files));
  expect(Object.keys(embedded(bundled)).length).toBeGreaterThan(10);
}, 240_000);

/** the data files embedded in a single-file report, ids and times of this report's own replaced */
function embedded(out: string): Record<string, string> {
  const html = readFileSync(join(out, 'html', 'index.html'), 'utf8');
  const data: Record<string, string> = {
    // the page around them: the report's options, the scripts (their base64 as its length)
    '': html
      .replace(/d\("([^"]+)","([^"]*)"\)/g, '')
      .replace(/base64,([A-Za-z0-9+/=]+)/g, (_, b64: string) => `base64 of ${b64.length}`),
  };
  for (const [, name, b64] of html.matchAll(/d\("([^"]+)","([^"]*)"\)/g))
    data[name!] = Buffer.from(b64!, 'base64').toString('utf8');
  for (const [name, text] of Object.entries(data))
    data[name] = text
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UUID')
      .replace(/"[A-Za-z0-9_-]{21}"/g, '"NANOID"')
      .replace(/\b1[0-9]{12}\b/g, 'TIME');
  return data;
}

// generated at the run's end (HtmlBuilder.generate), but the run did not end (a signal, an error, the
// main process killed: the child's input closes without "commit"): no report, nothing half-made left
test('a report generated for a run that then did not end is never put in place', async () => {
  const out = mkdtempSync(join(tmpdir(), 'paycert-html-'));
  const builder = new HtmlBuilder(out, 'paycert certificate');
  put(join(out, 'allure-results'), 'a1-result.json', JSON.stringify(result('a1', 'first', 'passed')));
  builder.generate();
  await builder.hasRead(1);
  builder.cancel();
  expect(await (builder as unknown as { exited: Promise<number | null> }).exited).toBe(0);
  expect(readdirSync(out)).toEqual(['allure-results']);
});

test('a run that ends without building leaves no report', async () => {
  const out = mkdtempSync(join(tmpdir(), 'paycert-html-'));
  const builder = new HtmlBuilder(out, 'paycert certificate');
  put(join(out, 'allure-results'), 'a1-result.json', JSON.stringify(result('a1', 'first', 'passed')));
  builder.update();
  await builder.hasRead(1);
  builder.cancel();
  await (builder as unknown as { exited: Promise<number | null> }).exited;
  expect(existsSync(join(out, 'html'))).toBe(false);
  expect(readdirSync(out)).toEqual(['allure-results']);
});

test('a builder killed (the OOM killer) is named so, not "null"', async () => {
  const out = mkdtempSync(join(tmpdir(), 'paycert-html-'));
  const builder = new HtmlBuilder(out, 'paycert certificate');
  put(join(out, 'allure-results'), 'a1-result.json', JSON.stringify(result('a1', 'first', 'passed')));
  (builder as unknown as { child: { kill(s: string): void } }).child.kill('SIGKILL');
  expect(await builder.build()).toEqual({ error: 'allure generate failed: its process was killed (SIGKILL)' });
  expect(existsSync(join(out, 'html'))).toBe(false);
});

test('no results at all: no report, and the reason', async () => {
  const out = mkdtempSync(join(tmpdir(), 'paycert-html-'));
  const r = await new HtmlBuilder(out, 'paycert certificate').build();
  expect(r).toEqual({ error: 'no allure-results to build from' });
});
