// Merchant handlers written from the seeds by someone else (fixtures/third-party/merchants), the way
// small shops write them: a conformant one must pass, and a realistic bug must be named by its rule.
// Each run.sh serves its handler on a free loopback port, runs paycert against it and leaves the
// certificate in /tmp/paycert-merchant-<profile>-<name>/out.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ROOT } from '../../src/spec/paths.ts';

const has = (cmd: string) => spawnSync(cmd, ['--version']).status === 0;
const DIR = join(ROOT, 'fixtures/third-party/merchants');

function certify(script: string, args: string[], env: Record<string, string>, dirName: string) {
  const r = spawnSync('sh', [join(DIR, script), ...args], {
    encoding: 'utf8',
    // the meta-tests' seed unless one is given: the same cases on every run
    // json only: the HTML reports cost a CPU-second a run and are not read here
    env: { PAYCERT_SEED: '20261126', PAYCERT_RUN_ARGS: '--format json', ...process.env, ...env },
    timeout: 240_000,
  });
  const dir = `/tmp/paycert-merchant-${dirName}`;
  const cert = JSON.parse(readFileSync(`${dir}/out/certificate.json`, 'utf8')) as {
    profiles: Array<{ rules: Array<{ id: string; verdict: string; reason: string }> }>;
  };
  rmSync(dir, { recursive: true, force: true });
  const rules = cert.profiles.flatMap((p) => p.rules);
  const judged = (v: string) => rules.filter((x) => x.verdict === v).map((x) => x.id);
  return { out: r.stdout + r.stderr, rules, judged };
}

const tag = `e2e${process.pid}`;

test.skipIf(!has('python3')).each([
  ['', '', []],
  // a bad sign sends the payer to the shop's failure page (302), not a 4xx: a refusal all the same
  ['', 'redirect-always', []],
  ['nosig', '', ['JY-MRD-01', 'JY-MRD-07']],
  ['nosig', 'redirect-always', ['JY-MRD-01', 'JY-MRD-07']],
  ['noamount', '', ['JY-MRD-12']],
])('a Python Jysan BACKREF handler (bug %j, style %j) warns on exactly %j, besides https', (bug, style, warned) => {
  const name = `${tag}-${bug || 'clean'}-${style || 'plain'}`;
  const { out, judged } = certify('jysan/run.sh', [name], { JY_BUG: bug, JY_STYLE: style }, `jy-${name}`);
  expect(judged('failed'), out).toEqual([]);
  expect(judged('inconclusive'), out).toEqual([]);
  // JY-MRD-09: the handler listens on plain http on 127.0.0.1
  expect(judged('warning').sort(), out).toEqual([...warned, 'JY-MRD-09'].sort());
});

test.skipIf(!has('python3')).each([
  ['', '', []],
  ['', 'nodesc', []],
  ['', 'badsig403', []],
  ['', 'unknown-error', []],
  ['nosig', '', ['V5-MCB-02']],
  ['anyalg', '', ['V5-MCB-02']],
  ['nouri', '', ['V5-MCB-02']],
  ['reserialize', '', ['V5-MCB-01']],
  ['noamount', '', ['V5-MCB-07']],
  ['decline500', '', ['V5-MCB-06']],
  // concurrent duplicates are judged only when a plain repeat matches (V5-MCB-08 inconclusive)
  ['norepeat', '', ['V5-MCB-04']],
])('a Python v5 callback handler (bug %j, style %j) warns on exactly %j', (bug, style, warned) => {
  const name = `${tag}-${bug || 'clean'}-${style || 'plain'}`;
  const { out, judged } = certify('greenleaves-v5/run.sh', [name], { V5_BUG: bug, V5_STYLE: style }, `v5-${name}`);
  expect(judged('failed'), out).toEqual([]);
  expect(judged('inconclusive'), out).toEqual(bug === 'norepeat' ? ['V5-MCB-08'] : []);
  expect(judged('warning').sort(), out).toEqual([...warned].sort());
});

test.skipIf(!has('php')).each([
  ['POST', 'multipart', 'simplexml', ''],
  ['GET', '', 'dom', ''],
  ['XML', '', 'echo', ''],
  ['POST', 'urlencoded', 'simplexml', 'noamount'],
])('a PHP g2g shop (%s %s, %s answers, bug %j) is judged on the right rules', (method, enc, style, bug) => {
  const name = `${tag}-${method}-${style}-${bug || 'clean'}`;
  const { out, judged } = certify(
    'greenleaves/run.sh',
    [name, method, ...(enc ? [enc] : [])],
    { GL_STYLE: style, GL_BUG: bug },
    `gl-${name}`,
  );
  expect(judged('failed'), out).toEqual([]);
  expect(judged('inconclusive'), out).toEqual([]);
  expect(judged('warning'), out).toEqual(bug === 'noamount' ? ['GL-MCB-19'] : []);
});
