// v5 callback handlers written from seed 000 by someone else (test/e2e/merchant-outsiders.ts): a
// conformant one must pass, and a realistic bug must be named by its rule.
import { rmSync } from 'node:fs';
import { expect, test } from 'vitest';
import { certify, has, judge, tag } from './merchant-outsiders.ts';

// its check_url answers ok for an order already paid (V5-MCB-09, not asked before): a second payment
// for it would be taken
test.skipIf(!has('python3')).concurrent.each([
  ['', '', ['V5-MCB-09']],
  ['', 'nodesc', ['V5-MCB-09']],
  ['', 'badsig403', ['V5-MCB-09']],
  ['', 'unknown-error', ['V5-MCB-09']],
  ['nosig', '', ['V5-MCB-02', 'V5-MCB-09']],
  ['anyalg', '', ['V5-MCB-02', 'V5-MCB-09']],
  ['nouri', '', ['V5-MCB-02', 'V5-MCB-09']],
  // a signature with one letter's case changed (v5.mcb.forged's case-changed forgery): passed before
  ['caseless', '', ['V5-MCB-02', 'V5-MCB-09']],
  ['reserialize', '', ['V5-MCB-01', 'V5-MCB-09']],
  ['noamount', '', ['V5-MCB-07', 'V5-MCB-09']],
  ['decline500', '', ['V5-MCB-06', 'V5-MCB-09']],
  // concurrent duplicates are judged once a genuine call is taken: those after the first get "already
  // paid", as a plain repeat does (V5-MCB-08 was inconclusive while a plain repeat differed)
  ['norepeat', '', ['V5-MCB-04', 'V5-MCB-08']],
  // the amount compared as text (probe 22's BigDecimal.equals): 1500.5 refused for "1500.50", 100 taken.
  // A declined payment of a "1500.50" order is answered error for its amount, as check_url refuses that
  // order before it: V5-MCB-06 is not judged (it was warned, the declined payment's handling blamed).
  // Its forged calls' genuine twin is refused too (V5-MCB-02, -03, -11 not judged)
  ['amountstr', '', ['V5-MCB-01', 'V5-MCB-05'], ['V5-MCB-02', 'V5-MCB-03', 'V5-MCB-06', 'V5-MCB-11']],
] as [string, string, string[], string[]?][])(
  'a Python v5 callback handler (bug %j, style %j) warns on exactly %j',
  async (bug, style, warned, undecided = []) => {
    const name = `${tag}-${bug || 'clean'}-${style || 'plain'}`;
    const env = { V5_BUG: bug, V5_STYLE: style };
    const { out, judged } =
      bug || style
        ? await judge('greenleaves-v5', 'greenleaves-v5/run.sh', [name], env)
        : await certify('greenleaves-v5/run.sh', [name], env, `v5-${name}`);
    expect(judged('failed'), out).toEqual([]);
    expect(judged('inconclusive'), out).toEqual(undecided);
    expect(judged('warning').sort(), out).toEqual([...warned].sort());
  },
);

// the PHP v5 handler (fixtures/third-party/merchants/greenleaves-v5-php): judged in this process, clean and with the bugs
// paycert passed until its checks sent a changed signature tail, an amount a tiyn off, and a genuine
// body with "/" and non-ASCII (json_encode re-encodes it otherwise: V5-MCB-06 saw it, not V5-MCB-01)
test.skipIf(!has('php') || !has('python3')).concurrent.each([
  ['', []],
  ['loose-compare', ['V5-MCB-02']],
  // its check_url compares the amount as its result_url does (V5-MCB-09)
  ['int-amount', ['V5-MCB-07', 'V5-MCB-09']],
  // check_url calls and a declined payment's carry non-ASCII: json_encode's \u escapes refuse them too
  // (HTTP 401, as a forgery is): V5-MCB-01's, what V5-MCB-05/06/09 judge does not show
  ['reencode', ['V5-MCB-01'], ['V5-MCB-05', 'V5-MCB-06', 'V5-MCB-09']],
] as [string, string[], string[]?][])(
  'a PHP v5 callback handler (bug %j) warns on exactly %j',
  async (bug, warned, undecided = []) => {
    const name = `${tag}-${bug || 'clean'}`;
    const env = { GLV5_BUG: bug };
    const { out, judged } = await judge('greenleaves-v5', 'greenleaves-v5-php/run.sh', [name], env);
    rmSync(`/tmp/paycert-merchant-v5php-${name}`, { recursive: true, force: true });
    expect(judged('failed'), out).toEqual([]);
    expect(judged('inconclusive'), out).toEqual(undecided);
    expect(judged('warning').sort(), out).toEqual(warned);
  },
);

// the PHP v5 handler showing its notices in the page (display_errors on): a Warning before every answer,
// named in V5-MCB-01's reason (it was "not JSON: Unexpected token '<' …"); nothing is taken, so the rules
// that need a call taken are inconclusive
test.skipIf(!has('php') || !has('python3'))(
  'a PHP v5 callback handler whose notices precede its answers: V5-MCB-01 names the notice',
  async () => {
    const name = `${tag}-notice`;
    const { out, judged } = await judge('greenleaves-v5', 'greenleaves-v5-php/run.sh', [name], { GLV5_BUG: 'notice' });
    rmSync(`/tmp/paycert-merchant-v5php-${name}`, { recursive: true, force: true });
    expect(judged('failed'), out).toEqual([]);
    expect(judged('warning'), out).toContain('V5-MCB-01');
    // its answers are broken, but they are its words: none shows the secret key (V5-MCB-10 judges every
    // answer as it is, a notice included)
    expect(judged('passed'), out).toEqual(['V5-MCB-10']);
    expect(out).toMatch(
      /^V5-MCB-01 warning: .*PHP printed "Warning: Undefined array key "paid_flag" in \S+index\.php on line \d+" before its answer/m,
    );
  },
);

// the Node v5 handler (fixtures/third-party/merchants/greenleaves-v5-node), judged in this process: clean,
// and `timing-throws,unawaited` (timingSafeEqual's RangeError on a signature of another length, in an
// async handler nobody awaits, ends the process): paycert passed it until its forgeries included a
// signature cut short, and then only said inconclusive until a merchant that stops answering after a
// forged call was judged on V5-MCB-03
// (clean: its check_url answers ok for an order already paid, V5-MCB-09)
test.skipIf(!has('node')).concurrent.each([
  ['', ['V5-MCB-09'], []],
  [
    'timing-throws,unawaited',
    ['V5-MCB-03'],
    // V5-MCB-01 too: v5.mcb.check judges a genuine check_url call's verification, and got no answer;
    // V5-MCB-11: its forged calls' answers show no right signature, but no genuine call was answered ok
    // after them (it holding paycert's key does not show)
    [
      'V5-MCB-01',
      'V5-MCB-02',
      'V5-MCB-04',
      'V5-MCB-05',
      'V5-MCB-06',
      'V5-MCB-07',
      'V5-MCB-08',
      'V5-MCB-09',
      'V5-MCB-11',
      'V5-MCB-12',
    ],
  ],
])('a Node v5 callback handler (bugs %j) warns on exactly %j', async (bugs, warned, inconclusive) => {
  const name = `${tag}-${bugs.replace(/,/g, '+') || 'clean'}`;
  const { out, judged } = await judge('greenleaves-v5', 'greenleaves-v5-node/run.sh', [name], { SHOP_BUGS: bugs });
  rmSync(`/tmp/paycert-merchant-v5node-${name}`, { recursive: true, force: true });
  expect(judged('failed'), out).toEqual([]);
  expect(judged('warning').sort(), out).toEqual(warned);
  expect(judged('inconclusive').sort(), out).toEqual(inconclusive);
});

// the Perl v5 shop (fixtures/third-party/merchants/greenleaves-v5-perl: core Perl, a hand-written HTTP/1.1
// server of pre-forked workers, a flat-file store under flock): clean and with bugs, judged in
// this process. lcmac (`lc $got eq lc $want`: a signature with one letter's case changed) and anyuri (one
// verify() for both endpoints: its check_url signature taken on result_url) passed until v5.mcb.forged sent
// those two forgeries; decodecmp (compares the decoded MAC bytes, taking the spare bits of the last
// character and "=" padding) takes no other MAC, and is rightly passed
test.skipIf(!has('perl') || !has('python3')).concurrent.each([
  ['', '', [], []],
  ['', 'chunked,close,lcheaders,charset,badsig401,pretty,hashorder', [], []],
  // pretty answers kept raw in the line-per-answer store: a repeat gets its first line, "{"
  // (and concurrent duplicates get it too, V5-MCB-08)
  ['rawstore', 'pretty', ['V5-MCB-04', 'V5-MCB-08'], []],
  ['lcmac', '', ['V5-MCB-02'], []],
  ['anyuri', '', ['V5-MCB-02'], []],
  ['decodecmp', '', [], []],
  ['floatamount', '', ['V5-MCB-07', 'V5-MCB-09'], []],
  ['payagain', '', ['V5-MCB-04', 'V5-MCB-08'], []],
  ['failedpaid', '', ['V5-MCB-06'], []],
  // dies on a body with raw UTF-8 (HTTP 500, as for a forgery of it): V5-MCB-01's, what the check_url and
  // declined calls ask does not show
  ['widechar', '', ['V5-MCB-01'], ['V5-MCB-05', 'V5-MCB-06', 'V5-MCB-09']],
])('a Perl v5 shop (bugs %j, style %j) warns on exactly %j', async (bugs, style, warned, inconclusive) => {
  const name = `${tag}-${bugs || 'clean'}-${style.replace(/,/g, '+') || 'plain'}`;
  const env = { PLV5SHOP_BUGS: bugs, PLV5SHOP_STYLE: style };
  const { out, judged } = await judge('greenleaves-v5', 'greenleaves-v5-perl/run.sh', [name], env);
  rmSync(`/tmp/paycert-merchant-v5perl-${name}`, { recursive: true, force: true });
  expect(judged('failed'), out).toEqual([]);
  expect(judged('warning').sort(), out).toEqual(warned);
  expect(judged('inconclusive').sort(), out).toEqual(inconclusive);
});

// the Java 17 v5 shop (fixtures/third-party/merchants/greenleaves-v5-java): clean (with its
// answer styles), bugs judged in this process. paycert passed `caseless` until its forgeries had a
// signature with one letter's case changed, and `latin1` on V5-MCB-05 until its check_url calls carried a
// non-ASCII description; `bigdecimal-equals` is named on V5-MCB-01/05 by a genuine call whose amount is
// spelled with other decimals than the declaration's (1200.00 → 1200)
test.skipIf(!has('java') || !has('javac')).concurrent.each([
  ['', '', [], []],
  ['', 'chunked,lowercase-headers,charset,pretty,nodesc,badsig401,unknown-error,decodesig', [], []],
  ['caseless', '', ['V5-MCB-02'], []],
  // refused as a forgery is: V5-MCB-01's, the decisions V5-MCB-05/06/09 judge do not show
  ['latin1', '', ['V5-MCB-01'], ['V5-MCB-05', 'V5-MCB-06', 'V5-MCB-09']],
  // concurrent duplicates need a genuine call answered ok first: refused for the amount's spelling
  ['bigdecimal-equals', '', ['V5-MCB-01', 'V5-MCB-05'], ['V5-MCB-08']],
  ['nostatus', '', ['V5-MCB-06'], []],
  ['paytwice', '', ['V5-MCB-04', 'V5-MCB-08'], []],
])('a Java v5 callback shop (bugs %j, style %j) warns on exactly %j', async (bugs, style, warned, inconclusive) => {
  const name = `${tag}-${bugs || 'clean'}-${style ? 'styled' : 'plain'}`;
  const env = { JV5SHOP_BUGS: bugs, JV5SHOP_STYLE: style };
  const { out, judged } = await judge('greenleaves-v5', 'greenleaves-v5-java/run.sh', [name], env);
  rmSync(`/tmp/paycert-merchant-jv5-${name}`, { recursive: true, force: true });
  expect(judged('failed'), out).toEqual([]);
  expect(judged('warning').sort(), out).toEqual(warned);
  expect(judged('inconclusive').sort(), out).toEqual(inconclusive);
});

// the Python WSGI v5 shop (fixtures/third-party/merchants/greenleaves-v5-python: wsgiref, sqlite3, float
// amounts), judged in this process. Style `404` (check_url's get_object_or_404 for an unknown order) was
// warned on V5-MCB-05 until an HTTP 4xx counted as a refusal there, as it does for a payable order
test.skipIf(!has('python3')).concurrent.each([
  ['', 'ascii,single,reject-declined,404,detail', [], []],
  // verified over json.dumps(json.loads(body)): Cyrillic escaped, 1200.10 as 1200.1
  ['reserialize', '', ['V5-MCB-01'], ['V5-MCB-05', 'V5-MCB-06', 'V5-MCB-09']],
  // int(float(amount) * 100): 1200.10 is 120009 cents (refused), 1200.11 is 120010 (taken)
  // (V5-MCB-11 as -02 and -03: v5.mcb.forged's genuine call for its order was refused, its precondition)
  ['float-cents', '', ['V5-MCB-01', 'V5-MCB-07'], ['V5-MCB-02', 'V5-MCB-03', 'V5-MCB-06', 'V5-MCB-08', 'V5-MCB-11']],
  // two bugs on disjoint rules in one run (bugs.sh judges each alone): check_url's signature not
  // verified ("it only asks"), and answers kept per X-Request-Id (the retry under a new one is "already paid")
  ['check-nosig,repeat-by-request-id', '', ['V5-MCB-02', 'V5-MCB-04', 'V5-MCB-08'], []],
])('a Python WSGI v5 shop (bugs %j, style %j) warns on exactly %j', async (bugs, style, warned, inconclusive) => {
  const name = `${tag}-${bugs.replace(/,/g, '+') || 'clean'}`;
  const env = { PYV5_BUGS: bugs, PYV5_STYLE: style };
  const { out, judged } = await judge('greenleaves-v5', 'greenleaves-v5-python/run.sh', [name], env);
  rmSync(`/tmp/paycert-merchant-pyv5-${name}`, { recursive: true, force: true });
  expect(judged('failed'), out).toEqual([]);
  expect(judged('warning').sort(), out).toEqual(warned);
  expect(judged('inconclusive').sort(), out).toEqual(inconclusive);
});
