import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { ROOT } from '../../../src/spec/paths.ts';

// bin/bundled.mjs: `paycert sdk-adapter` (and every other command) runs from a bundle of its sources kept in node_modules/.cache,
// built again whenever a source changed. A bundle may only make the start faster: the same answers as
// the sources through tsx, never an old version of them.
const bundled = pathToFileURL(join(ROOT, 'bin', 'bundled.mjs')).href;
const { bundleFor } = (await import(bundled)) as { bundleFor: (entry: string) => Promise<string | undefined> };

function adapter(env: Record<string, string>, input: string) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'paycert.mjs'), 'sdk-adapter', '--profile', 'jysan'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  // answers in the order of the requests (the adapter serves them concurrently)
  return { code: r.status, answers: r.stdout.split('\n').filter(Boolean).sort(), stderr: r.stderr };
}

// (the meta-tests judge every SDK rule of every profile through the bundled reference adapter)
test('the bundled reference adapter answers as the sources do', () => {
  // an unknown operation, a line that is not JSON, a BACKREF whose P_SIGN does not verify
  const backref = { id: 2, op: 'backref.verify', gateway: 'http://127.0.0.1:9', credentials: { sharedSecret: 'x' } };
  const input = ['{"id":1,"op":"nope"}', 'not json', JSON.stringify({ ...backref, input: { fields: { ORDER: '1' } } })]
    .map((l) => `${l}\n`)
    .join('');
  const fromBundle = adapter({}, input);
  const fromSources = adapter({ PAYCERT_NO_BUNDLE: '1' }, input);
  expect(fromBundle).toEqual(fromSources);
  expect(fromBundle.code).toBe(0);
  expect(fromBundle.answers).toEqual([
    '{"id":1,"ok":false,"error":{"kind":"unsupported","message":"operation nope is not supported"}}',
    '{"id":2,"ok":false,"error":{"kind":"signature","message":"the redirect sign does not verify"}}',
  ]);
  expect(fromBundle.stderr).toMatch(/a request line that is not JSON was ignored/);
});

// every other command runs from src/cli/main.ts's bundle (split at each command's dynamic import):
// the same output and the same exit code, usage errors included, as the sources through tsx
test('the other commands from the bundle answer and exit as the sources do', async () => {
  expect(await bundleFor('src/cli/main.ts')).toBeDefined();
  const cli = (args: string[], env: Record<string, string>, input = '') => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'paycert.mjs'), ...args], {
      cwd: ROOT,
      env: { ...process.env, PAYCERT_SECRET: 's3cr3tKey', ...env },
      input,
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const cases: Array<[string[], string?]> = [
    [['sign', 'greenleaves', '--script', 'init_payment.php'], '{"pg_merchant_id":"1","pg_amount":"10"}'],
    [['list', '--profile', 'jysan', '--subject', 'sdk']],
    [['verify', join(ROOT, 'no-such-dir')]],
    [['bogus']],
  ];
  const got = cases.map(([args, input]) => cli(args, {}, input));
  expect(got).toEqual(cases.map(([args, input]) => cli(args, { PAYCERT_NO_BUNDLE: '1' }, input)));
  expect(got.map((r) => r.code)).toEqual([0, 0, 2, 2]);
  expect(got[0]!.stdout).toMatch(/^[0-9a-f]{32}\n$/);
  expect(got[3]!.stderr).toBe('paycert: unknown command "bogus" (paycert --help lists them)\n');
  // eight starts of the CLI, half of them through tsx: a hang guard for a loaded machine
}, 180_000);

const dir = join(ROOT, 'tmp', `bundled-test-${process.pid}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a bundle is built again when any of its sources changes, and kept while none does', async () => {
  mkdirSync(dir, { recursive: true });
  const entry = `tmp/bundled-test-${process.pid}/entry.ts`;
  writeFileSync(join(dir, 'entry.ts'), "import { word } from './dep.ts';\nconsole.log(word);\n");
  writeFileSync(join(dir, 'dep.ts'), "export const word: string = 'first';\n");
  const first = await bundleFor(entry);
  expect(first && readFileSync(first, 'utf8')).toContain('"first"');
  expect(await bundleFor(entry)).toBe(first);
  // an imported module changes, the entry does not
  writeFileSync(join(dir, 'dep.ts'), "export const word: string = 'second';\n");
  const second = await bundleFor(entry);
  expect(second).not.toBe(first);
  expect(second && readFileSync(second, 'utf8')).toContain('"second"');
});

test("each bundled source's import.meta.url is its own file in the checkout", async () => {
  mkdirSync(join(dir, 'sub'), { recursive: true });
  const entry = `tmp/bundled-test-${process.pid}/meta.ts`;
  writeFileSync(
    join(dir, 'meta.ts'),
    "import { url } from './sub/dep.ts';\nconsole.log(JSON.stringify([import.meta.url, url]));\n",
  );
  writeFileSync(join(dir, 'sub', 'dep.ts'), 'export const url: string = import.meta.url;\n');
  const file = await bundleFor(entry);
  expect(file).toBeDefined();
  const script = `globalThis.__paycertMetaUrl = (f) => ${JSON.stringify(pathToFileURL(ROOT).href)} + f; await import(${JSON.stringify(pathToFileURL(file!).href)});`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(JSON.parse(r.stdout)).toEqual([
    pathToFileURL(join(dir, 'meta.ts')).href,
    pathToFileURL(join(dir, 'sub', 'dep.ts')).href,
  ]);
  // another use of import.meta is refused: the caller runs the sources through tsx instead
  writeFileSync(join(dir, 'sub', 'dep.ts'), 'export const url: string = import.meta.dirname;\n');
  expect(await bundleFor(entry)).toBeUndefined();
});

test('after a build, bundles no manifest names and a week old go, and manifests of checkouts that are gone', async () => {
  const { pruneBundles } = (await import(bundled)) as { pruneBundles: (dir: string) => void };
  const dir = mkdtempSync(join(tmpdir(), 'paycert-bundles-'));
  const weekAgo = new Date(Date.now() - 8 * 24 * 3600_000);
  const bundle = (name: string, old: boolean) => {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'main.mjs'), '');
    if (old) utimesSync(join(dir, name), weekAgo, weekAgo);
  };
  const manifest = (name: string, root: string, b: string, old: boolean) => {
    writeFileSync(join(dir, name), JSON.stringify({ entry: 'e', root, inputs: {}, bundle: `${b}/main.mjs` }));
    if (old) utimesSync(join(dir, name), weekAgo, weekAgo);
  };
  bundle('named', true);
  bundle('unnamed-old', true);
  bundle('unnamed-new', false);
  bundle('of-a-gone-checkout', true);
  bundle('.out', true);
  manifest('here.json', ROOT, 'named', true);
  manifest('gone.json', join(dir, 'no-such-checkout'), 'of-a-gone-checkout', true);
  pruneBundles(dir);
  expect(readdirSync(dir).sort()).toEqual(['.out', 'here.json', 'named', 'unnamed-new']);
  rmSync(dir, { recursive: true, force: true });
});
