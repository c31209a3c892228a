// Merchant handlers written from the seeds by someone else (fixtures/third-party/merchants), the way
// small shops write them: a conformant one must pass, and a realistic bug must be named by its rule.
// Each run.sh serves its handler on a free loopback port, runs paycert against it and leaves the
// certificate in /tmp/paycert-merchant-<profile>-<name>/out.
import { spawnSync } from 'node:child_process';
import { serve } from './serve.ts';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, type ProfileId } from '../../src/spec/paths.ts';
import { LIMITS, type Subject } from '../../src/harness/subject.ts';
import { runChecks } from '../../src/harness/runner.ts';
import { profileCertificate } from '../../src/report/certificate.ts';
import { CHECKS } from '../../suites/registry.ts';

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

/** The bug cases: the handler served alone (run.sh with SERVE_ONLY), judged in this process as
 *  `paycert run --subject merchant --target … --pace 0` judges a real merchant, without a CLI run's
 *  start-up each (the conformant cases above go through the CLI). */
async function judge(profile: ProfileId, script: string, args: string[], env: Record<string, string>) {
  const { match, child } = await serve(join(DIR, script), args, { ...process.env, ...env, SERVE_ONLY: '1' });
  try {
    const [, target, check, declaration] = match[0].split(' ') as [string, string, string, string];
    const subject: Subject = {
      profile,
      kind: 'merchant',
      target: 'real',
      baseUrl: target,
      checkUrl: check === '-' ? undefined : check,
      declarationPath: declaration,
      capabilities: ['callbacks'], // on loopback, as the CLI gives it
      limits: { ...LIMITS.real, minIntervalMs: 0 },
      slow: false,
    };
    const checks = CHECKS[profile].filter((c) => c.subject === 'merchant');
    const rules = profileCertificate(subject, await runChecks(checks, subject, { seed: 20261126, plan: 'full' })).rules;
    const judged = (v: string) => rules.filter((x) => x.verdict === v).map((x) => x.id);
    return { out: rules.map((r) => `${r.id} ${r.verdict}: ${r.reason}`).join('\n'), judged };
  } finally {
    child.kill('SIGTERM');
  }
}

const tag = `e2e${process.pid}`;

test.skipIf(!has('python3')).each([
  ['', '', [], []],
  // a bad sign sends the payer to the shop's failure page (302), not a 4xx: a refusal all the same
  ['', 'redirect-always', [], []],
  // the shop sends paid and declined results to one page (a 404): where a forged one lands tells
  // nothing (JY-MRD-01 inconclusive); the forged one's mpi_order taken as paid shows on JY-MRD-03
  ['nosig', '', ['JY-MRD-03', 'JY-MRD-07'], ['JY-MRD-01']],
  ['nosig', 'redirect-always', ['JY-MRD-03', 'JY-MRD-07'], ['JY-MRD-01']],
  ['noamount', '', ['JY-MRD-12'], []],
])(
  'a Python Jysan BACKREF handler (bug %j, style %j) warns on exactly %j, besides https',
  async (bug, style, warned, inconclusive) => {
    const name = `${tag}-${bug || 'clean'}-${style || 'plain'}`;
    const env = { JY_BUG: bug, JY_STYLE: style };
    // the plain handler through the CLI, the others judged in this process
    const { out, judged } =
      bug || style
        ? await judge('jysan', 'jysan/run.sh', [name], env)
        : certify('jysan/run.sh', [name], env, `jy-${name}`);
    expect(judged('failed'), out).toEqual([]);
    expect(judged('inconclusive').sort(), out).toEqual(inconclusive);
    // JY-MRD-09: the handler listens on plain http on 127.0.0.1
    expect(judged('warning').sort(), out).toEqual([...warned, 'JY-MRD-09'].sort());
  },
);

// JYPHP_PORTS=LO-HI (JY_PORTS for the Python one) keeps the port in a range
test.skipIf(!has('php') || !has('python3')).each([
  ['', '', [], []],
  // every result, forged or not, sends the payer to the order's status page: judged by what it shows
  ['', 'statuspage', [], []],
  ['nosig', 'statuspage', ['JY-MRD-01', 'JY-MRD-07'], []],
  ['nosig', '', ['JY-MRD-01', 'JY-MRD-03', 'JY-MRD-07'], []],
  // BACKREF behind the shop's login: every redirect goes to /login.php (JY-MRD-05), the POST too
  [
    'auth',
    '',
    ['JY-MRD-05', 'JY-MRD-08'],
    [
      'JY-MRD-01',
      'JY-MRD-03',
      'JY-MRD-04',
      'JY-MRD-06',
      'JY-MRD-07',
      'JY-MRD-10',
      'JY-MRD-11',
      'JY-MRD-12',
      'JY-MRD-13',
    ],
  ],
])(
  'a PHP Jysan BACKREF (bug %j, style %j) warns on exactly %j, besides https',
  async (bug, style, warned, inconclusive) => {
    const name = `${tag}-${bug || 'clean'}-${style || 'plain'}`;
    const env = { JYPHP_BUG: bug, JYPHP_STYLE: style };
    const { out, judged } =
      bug || style
        ? await judge('jysan', 'jysan-php/run.sh', [name], env)
        : certify('jysan-php/run.sh', [name], env, `jyphp-${name}`);
    expect(judged('failed'), out).toEqual([]);
    expect(judged('inconclusive').sort(), out).toEqual(inconclusive);
    expect(judged('warning').sort(), out).toEqual([...warned, 'JY-MRD-09'].sort());
  },
);

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
])('a Python v5 callback handler (bug %j, style %j) warns on exactly %j', async (bug, style, warned) => {
  const name = `${tag}-${bug || 'clean'}-${style || 'plain'}`;
  const env = { V5_BUG: bug, V5_STYLE: style };
  const { out, judged } =
    bug || style
      ? await judge('greenleaves-v5', 'greenleaves-v5/run.sh', [name], env)
      : certify('greenleaves-v5/run.sh', [name], env, `v5-${name}`);
  expect(judged('failed'), out).toEqual([]);
  expect(judged('inconclusive'), out).toEqual(bug === 'norepeat' ? ['V5-MCB-08'] : []);
  expect(judged('warning').sort(), out).toEqual([...warned].sort());
});

// the PHP v5 handler (fixtures/third-party/merchants/greenleaves-v5-php): clean through the CLI; bugs
// paycert passed until its checks sent a changed signature tail, an amount a tiyn off, and a genuine
// body with "/" and non-ASCII (json_encode re-encodes it otherwise: V5-MCB-06 saw it, not V5-MCB-01)
test.skipIf(!has('php') || !has('python3')).each([
  ['', []],
  ['loose-compare', ['V5-MCB-02']],
  ['int-amount', ['V5-MCB-07']],
  ['reencode', ['V5-MCB-01', 'V5-MCB-06']],
])('a PHP v5 callback handler (bug %j) warns on exactly %j', async (bug, warned) => {
  const name = `${tag}-${bug || 'clean'}`;
  const env = { GLV5_BUG: bug };
  const { out, judged } = bug
    ? await judge('greenleaves-v5', 'greenleaves-v5-php/run.sh', [name], env)
    : certify('greenleaves-v5-php/run.sh', [name], env, `v5php-${name}`);
  expect(judged('failed'), out).toEqual([]);
  expect(judged('inconclusive'), out).toEqual([]);
  expect(judged('warning').sort(), out).toEqual(warned);
});

test.skipIf(!has('php')).each([
  ['POST', 'multipart', 'simplexml', ''],
  ['GET', '', 'dom', ''],
  ['XML', '', 'echo', ''],
  ['POST', 'urlencoded', 'simplexml', 'noamount'],
])('a PHP g2g shop (%s %s, %s answers, bug %j) is judged on the right rules', async (method, enc, style, bug) => {
  const name = `${tag}-${method}-${style}-${bug || 'clean'}`;
  const args = [name, method, ...(enc ? [enc] : [])];
  const env = { GL_STYLE: style, GL_BUG: bug };
  // the first shop through the CLI, the others judged in this process
  const { out, judged } =
    method === 'POST' && enc === 'multipart'
      ? certify('greenleaves/run.sh', args, env, `gl-${name}`)
      : await judge('greenleaves', 'greenleaves/run.sh', args, env);
  expect(judged('failed'), out).toEqual([]);
  expect(judged('inconclusive'), out).toEqual([]);
  expect(judged('warning'), out).toEqual(bug === 'noamount' ? ['GL-MCB-19'] : []);
});

// the Node g2g shop (fixtures/third-party/merchants/greenleaves-node), judged in this process: clean (pg_xml
// and multipart), and the JS bugs paycert passed until its checks sent a call without pg_sig and one with
// an empty pg_sig, an amount a tiyn off, a plain-valued retry of a genuine call answered error, and a
// successful payment after failed ones (GL-MCB-20)
test.skipIf(!has('node')).each([
  ['XML', '', [], []],
  ['POST', '', [], []],
  ['POST', 'optionalsig', ['GL-MCB-03'], []],
  ['POST', 'startswith', ['GL-MCB-03'], []],
  ['POST', 'parseint', ['GL-MCB-19'], []],
  ['POST', 'truthy-result', ['GL-MCB-20'], []],
  // the values are signed percent-encoded: GL-MCB-14 (not GL-MCB-15, the form was read); its own answers
  // with Cyrillic are signed the same wrong way (GL-MCB-02)
  ['POST', 'reencode', ['GL-MCB-02'], ['GL-MCB-14']],
])('a Node g2g shop (%s, bug %j) warns on exactly %j and fails exactly %j', async (method, bug, warned, failed) => {
  const name = `${tag}-${method}-${bug || 'clean'}`;
  const { out, judged } = await judge('greenleaves', 'greenleaves-node/run.sh', [name, method], { GLN_BUG: bug });
  rmSync(`/tmp/paycert-merchant-gln-${name}`, { recursive: true, force: true });
  expect(judged('failed'), out).toEqual(failed);
  expect(judged('warning').sort(), out).toEqual(warned);
  if (!failed.length) expect(judged('inconclusive'), out).toEqual([]);
});

// the Node v5 handler (fixtures/third-party/merchants/greenleaves-v5-node), judged in this process: clean,
// and `timing-throws,unawaited` (timingSafeEqual's RangeError on a signature of another length, in an
// async handler nobody awaits, ends the process): paycert passed it until its forgeries included a
// signature cut short, and then only said inconclusive until a merchant that stops answering after a
// forged call was judged on V5-MCB-03
test.skipIf(!has('node')).each([
  ['', [], []],
  [
    'timing-throws,unawaited',
    ['V5-MCB-03'],
    ['V5-MCB-02', 'V5-MCB-04', 'V5-MCB-05', 'V5-MCB-06', 'V5-MCB-07', 'V5-MCB-08'],
  ],
])('a Node v5 callback handler (bugs %j) warns on exactly %j', async (bugs, warned, inconclusive) => {
  const name = `${tag}-${bugs.replace(/,/g, '+') || 'clean'}`;
  const { out, judged } = await judge('greenleaves-v5', 'greenleaves-v5-node/run.sh', [name], { SHOP_BUGS: bugs });
  rmSync(`/tmp/paycert-merchant-v5node-${name}`, { recursive: true, force: true });
  expect(judged('failed'), out).toEqual([]);
  expect(judged('warning').sort(), out).toEqual(warned);
  expect(judged('inconclusive').sort(), out).toEqual(inconclusive);
});

describe('a Node.js Jysan BACKREF (fixtures/third-party/merchants/jysan-node)', () => {
  // judged in this process: clean, and the bugs paycert passed until its forgeries included a result
  // with no sign and one with its sign cut (timingSafeEqual's RangeError answered 500), its other
  // amount was one tiyn off (parseInt), it sent a result in another currency (JY-MRD-13) and a POST
  // body with `+` for spaces
  test.skipIf(!has('node')).each([
    ['', []],
    ['timing-throw', ['JY-MRD-01', 'JY-MRD-07']],
    ['loose-sign', ['JY-MRD-01', 'JY-MRD-07']],
    ['parseint', ['JY-MRD-12']],
    ['no-currency', ['JY-MRD-13']],
    // the form body read with decodeURIComponent alone: paycert's POSTs had no space until a genuine one
    // carried res_desc "Approved by the bank" (`+` for each space, as form bodies are sent)
    ['decode-uri', ['JY-MRD-08']],
  ])('with bugs %j warns on exactly %j, besides https', async (bugs, warned) => {
    const name = `${tag}-${bugs || 'clean'}`;
    const { out, judged } = await judge('jysan', 'jysan-node/run.sh', [name], { JYSAN_NODE_BUGS: bugs });
    rmSync(`/tmp/paycert-merchant-jyn-${name}`, { recursive: true, force: true });
    expect(judged('failed'), out).toEqual([]);
    expect(judged('inconclusive'), out).toEqual([]);
    expect(judged('warning').sort(), out).toEqual([...warned, 'JY-MRD-09'].sort());
  });
});

// the Ruby g2g shop (fixtures/third-party/merchants/greenleaves-ruby, WEBrick), judged in this process: clean
// (multipart and pg_xml), and the bugs paycert passed or blamed wrongly until result-ok sent a plus-addressed
// e-mail (CGI.unescape of an already decoded form) and the concurrent check stopped blaming GL-MCB-08 for
// a handler that answers every call HTTP 500 (binary_encode: a Cyrillic value re-encoded to UTF-8 raises),
// until other-amount also sent the order's amount in another currency (no_currency), and blamed GL-MCB-15
// for nested own fields it does not verify as received (hash_to_s)
describe('a Ruby g2g result_url/check_url shop', () => {
  const hasRuby = has('ruby');
  if (!hasRuby) test.skip('ruby is not installed (apt-get install ruby): the Ruby shop is not judged', () => {});
  test.skipIf(!hasRuby).each([
    ['XML', '', [], [], false],
    ['POST', '', [], [], false],
    ['POST', 'double_unescape', ['GL-MCB-14'], [], false],
    ['POST', 'binary_encode', ['GL-MCB-01'], [], true],
    ['POST', 'no_currency', [], ['GL-MCB-19'], false],
    // nested own fields signed as Hash#to_s: GL-MCB-14, no longer GL-MCB-15 (the form was read)
    ['POST', 'hash_to_s', ['GL-MCB-14'], [], true],
  ])(
    '(%s, bugs %j) fails exactly %j and warns on exactly %j',
    async (method, bugs, failed, warned, someInconclusive) => {
      const name = `${tag}-${method}-${bugs.replace(/,/g, '+') || 'clean'}`;
      // with POST the shop sends its own bracketed fields (cart[id], cart[qty]), echoed in every call
      const extra: Record<string, string> = method === 'POST' ? { RB_EXTRA: '{"cart[id]":"7","cart[qty]":"2"}' } : {};
      const { out, judged } = await judge('greenleaves', 'greenleaves-ruby/run.sh', [name, method], {
        SHOP_BUGS: bugs,
        ...extra,
      });
      rmSync(`/tmp/paycert-merchant-rb-${name}`, { recursive: true, force: true });
      expect(judged('failed'), out).toEqual(failed);
      expect(judged('warning').sort(), out).toEqual(warned);
      if (!someInconclusive) expect(judged('inconclusive'), out).toEqual([]);
    },
  );
});

// the Python stdlib g2g shop (fixtures/third-party/merchants/greenleaves-python, ThreadingHTTPServer + sqlite3):
// clean through the CLI (multipart, with its own bracketed fields), clean with pg_xml (paycert crashed building
// `<cart[id]>` until bracketed own fields were nested before signing), and the bugs paycert passed until
// extra-fields sent an own field left empty (parse_qs without keep_blank_values) and result-ok a description with "&" (echoed
// unescaped in the answer; all of result-ok's rules were inconclusive then), and its forged call another
// amount (a handler that skips pg_sig decided on the forgery: GL-MCB-04)
describe('a Python stdlib g2g result_url/check_url shop', () => {
  const extra = { PY_EXTRA: '{"cart[id]":"7","cart[qty]":"2"}' };
  test.skipIf(!has('python3')).each([
    ['POST', '', [], [], []],
    ['XML', '', [], [], []],
    ['POST', 'blank-drop', [], ['GL-MCB-10'], []],
    ['POST', 'no-escape', ['GL-MCB-01'], [], []],
    ['POST', 'no-sig-check', [], ['GL-MCB-03', 'GL-MCB-04'], ['GL-MCB-10']],
  ])(
    '(%s, bugs %j) fails exactly %j, warns on exactly %j, inconclusive on %j',
    async (method, bugs, failed, warned, inconclusive) => {
      const name = `${tag}-${method}-${bugs || 'clean'}`;
      const env = { SHOP_BUGS: bugs, ...extra };
      const { out, judged } =
        method === 'POST' && !bugs
          ? certify('greenleaves-python/run.sh', [name, method], env, `py-${name}`)
          : await judge('greenleaves', 'greenleaves-python/run.sh', [name, method], env);
      rmSync(`/tmp/paycert-merchant-py-${name}`, { recursive: true, force: true });
      expect(judged('failed'), out).toEqual(failed);
      expect(judged('warning').sort(), out).toEqual(warned);
      expect(judged('inconclusive').sort(), out).toEqual(inconclusive);
    },
  );
});
