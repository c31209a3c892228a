// g2g result_url/check_url handlers written from seed 001 by someone else (test/e2e/merchant-outsiders.ts):
// a conformant one must pass, and a realistic bug must be named by its rule.
import { rmSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { certify, has, judge, tag } from './merchant-outsiders.ts';

// a shop that takes a call one tenge more takes any amount: whether it reads pg_amount as a number
// (GL-MCB-21) does not show, inconclusive with that reason. One that took only a tiyn more or another
// currency (parseint, no_currency) has that order paid, and GL-MCB-21 is judged on a spare one (it was
// inconclusive "refused in both spellings … already paid")
const PAID_BY_WRONG_AMOUNT = ['GL-MCB-21'];

// Every one of these shops keeps its first answer per payment and replays it, a rejection too: the gateway's
// retry (pg_can_reject=0) of a payment rejected at pg_can_reject=1, whose answer it did not get, is answered
// "rejected" again. Seed 001 says both "Ответы на повторные вызовы должны совпадать с первоначальным
// ответом" and that such a payment counts as completed whatever the answer: GL-MCB-24 (INFERRED) reads the
// latter as winning and warns wherever gl.merchant.can-reject gets that far; GL-MCB-05 and GL-MCB-06 (MUST)
// are not failed by either answer (it failed GL-MCB-05 before, a seed-conformant shop)
const REPLAYS_REJECTION = ['GL-MCB-24'];

test.skipIf(!has('php')).concurrent.each([
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
      ? await certify('greenleaves/run.sh', args, env, `gl-${name}`)
      : await judge('greenleaves', 'greenleaves/run.sh', args, env);
  expect(judged('failed'), out).toEqual([]);
  expect(judged('skipped'), out).not.toContain('GL-MCB-12'); // enough payable orders for check_url
  expect(judged('inconclusive'), out).toEqual(bug === 'noamount' ? PAID_BY_WRONG_AMOUNT : []);
  expect(judged('warning'), out).toEqual([...(bug === 'noamount' ? ['GL-MCB-19'] : []), ...REPLAYS_REJECTION]);
});

// a PHP shop showing its notices in the page (display_errors on, PHP 8.2's Deprecated for a dynamic property):
// every answer begins with one and is no XML, which the gateway would not read either. GL-MCB-01 fails
// and says so (it said "Extra text at the end (line 2, column 18)"); what needs a call taken is inconclusive
test.skipIf(!has('php'))(
  'a PHP g2g shop whose notices precede its answers fails GL-MCB-01, naming the notice',
  async () => {
    const name = `${tag}-notice`;
    const { out, judged } = await judge('greenleaves', 'greenleaves/run.sh', [name, 'POST'], { GL_BUG: 'notice' });
    expect(judged('failed'), out).toEqual(['GL-MCB-01']);
    // its answers are broken, but they are its words: none shows the secret_key (GL-MCB-25 judges every
    // answer as it is, a notice included); check_url's answers show no authentication asked and come in
    // time (GL-MCB-17, GL-MCB-22), judged though result_url takes no payment (probe 22)
    expect(
      judged('passed').filter((id) => id.startsWith('GL-MCB')),
      out,
    ).toEqual(['GL-MCB-17', 'GL-MCB-22', 'GL-MCB-25']);
    expect(out).toMatch(
      /^GL-MCB-01 failed: .*the answer is not an XML <response> \(PHP printed "Deprecated: Creation of dynamic property GlLegacyOrder::\$paidFlag is deprecated in \S+lib\.php on line \d+" before its answer: display_errors is on/m,
    );
  },
);

// the Node g2g shop (fixtures/third-party/merchants/greenleaves-node), judged in this process: clean (pg_xml
// and multipart), and the JS bugs paycert passed until its checks sent a call without pg_sig and one with
// an empty pg_sig, an amount a tiyn off, a plain-valued retry of a genuine call answered error, and a
// successful payment after failed ones (GL-MCB-20)
test.skipIf(!has('node')).concurrent.each([
  ['XML', '', [...REPLAYS_REJECTION], []],
  ['POST', '', [...REPLAYS_REJECTION], []],
  ['POST', 'optionalsig', ['GL-MCB-03', ...REPLAYS_REJECTION], []],
  ['POST', 'startswith', ['GL-MCB-03', ...REPLAYS_REJECTION], []],
  ['POST', 'parseint', ['GL-MCB-19', ...REPLAYS_REJECTION], []],
  ['POST', 'truthy-result', ['GL-MCB-20', ...REPLAYS_REJECTION], []],
  // the values are signed percent-encoded: GL-MCB-14 (not GL-MCB-15, the form was read); its own answers
  // with Cyrillic are signed the same wrong way (GL-MCB-02); the other checks, sending plain values to
  // it (probe 22: they stopped at their precondition), judge the rest
  ['POST', 'reencode', ['GL-MCB-02', ...REPLAYS_REJECTION], ['GL-MCB-14']],
])('a Node g2g shop (%s, bug %j) warns on exactly %j and fails exactly %j', async (method, bug, warned, failed) => {
  const name = `${tag}-${method}-${bug || 'clean'}`;
  const { out, judged } = await judge('greenleaves', 'greenleaves-node/run.sh', [name, method], { GLN_BUG: bug });
  rmSync(`/tmp/paycert-merchant-gln-${name}`, { recursive: true, force: true });
  expect(judged('failed'), out).toEqual(failed);
  expect(judged('skipped'), out).not.toContain('GL-MCB-12'); // enough payable orders for check_url
  expect(judged('warning').sort(), out).toEqual(warned);
  if (!failed.length) expect(judged('inconclusive'), out).toEqual([]);
});

// the Ruby g2g shop (fixtures/third-party/merchants/greenleaves-ruby, WEBrick), judged in this process: clean
// (multipart and pg_xml), and the bugs paycert passed or blamed wrongly until result-ok sent a plus-addressed
// e-mail (CGI.unescape of an already decoded form) and the concurrent check stopped blaming GL-MCB-08 for
// a handler that answers every call HTTP 500 (binary_encode: a Cyrillic value re-encoded to UTF-8 raises),
// until other-amount also sent the order's amount in another currency (no_currency), and blamed GL-MCB-15
// for nested own fields it does not verify as received (hash_to_s)
describe.concurrent('a Ruby g2g result_url/check_url shop', () => {
  const hasRuby = has('ruby');
  if (!hasRuby) test.skip('ruby is not installed (apt-get install ruby): the Ruby shop is not judged', () => {});
  test.skipIf(!hasRuby).concurrent.each([
    ['XML', '', [], [...REPLAYS_REJECTION], false],
    ['POST', '', [], [...REPLAYS_REJECTION], false],
    ['POST', 'double_unescape', ['GL-MCB-14'], [...REPLAYS_REJECTION], false],
    ['POST', 'binary_encode', ['GL-MCB-01'], [], true],
    ['POST', 'no_currency', [], ['GL-MCB-19', ...REPLAYS_REJECTION], false],
    // nested own fields signed as Hash#to_s: GL-MCB-14, no longer GL-MCB-15 (the form was read)
    // (and GL-MCB-10 since extra-fields tells that a call without its own fields is taken)
    ['POST', 'hash_to_s', ['GL-MCB-14'], ['GL-MCB-10'], true],
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
      expect(judged('skipped'), out).not.toContain('GL-MCB-12'); // enough payable orders for check_url
      expect(judged('warning').sort(), out).toEqual(warned);
      if (!someInconclusive) expect(judged('inconclusive'), out).toEqual([]);
    },
  );
});

// the Python stdlib g2g shop (fixtures/third-party/merchants/greenleaves-python, ThreadingHTTPServer + sqlite3):
// clean (multipart, with its own bracketed fields), clean with pg_xml (paycert crashed building
// `<cart[id]>` until bracketed own fields were nested before signing), and the bugs paycert passed until
// extra-fields sent an own field left empty (parse_qs without keep_blank_values) and result-ok a description with "&" (echoed
// unescaped in the answer; all of result-ok's rules were inconclusive then), and its forged call another
// amount (a handler that skips pg_sig decided on the forgery: GL-MCB-04)
describe.concurrent('a Python stdlib g2g result_url/check_url shop', () => {
  const extra = { PY_EXTRA: '{"cart[id]":"7","cart[qty]":"2"}' };
  test.skipIf(!has('python3')).concurrent.each([
    ['POST', '', [], [...REPLAYS_REJECTION], []],
    ['XML', '', [], [...REPLAYS_REJECTION], []],
    ['POST', 'blank-drop', [], ['GL-MCB-10', ...REPLAYS_REJECTION], []],
    ['POST', 'no-escape', ['GL-MCB-01'], [...REPLAYS_REJECTION], []],
    // a shop taking forged calls shows nothing of how it verifies its own fields or orders their names
    ['POST', 'no-sig-check', [], ['GL-MCB-03', 'GL-MCB-04', ...REPLAYS_REJECTION], ['GL-MCB-10', 'GL-MCB-23']],
    ['POST', 'upper-answer', [], ['GL-MCB-02', ...REPLAYS_REJECTION], []],
  ])(
    '(%s, bugs %j) fails exactly %j, warns on exactly %j, inconclusive on %j',
    async (method, bugs, failed, warned, inconclusive) => {
      const name = `${tag}-${method}-${bugs || 'clean'}`;
      const env = { SHOP_BUGS: bugs, ...extra };
      const { out, judged } = await judge('greenleaves', 'greenleaves-python/run.sh', [name, method], env);
      rmSync(`/tmp/paycert-merchant-py-${name}`, { recursive: true, force: true });
      expect(judged('failed'), out).toEqual(failed);
      expect(judged('skipped'), out).not.toContain('GL-MCB-12'); // enough payable orders for check_url
      expect(judged('warning').sort(), out).toEqual(warned);
      expect(judged('inconclusive').sort(), out).toEqual(inconclusive);
      // an answer signature that is right but for its letter case is said to be
      if (bugs === 'upper-answer') expect(out).toMatch(/it does when lowercased/);
    },
  );
  // own fields whose names begin one another: the shop sorts the names plainly (Python's sorted, PHP's
  // ksort: "order" before "order-token"), the vendor's class the other way round, and which one the
  // gateway uses is unknown (digest §2.6). GL-MCB-14 (MUST) failed and 13 rules were inconclusive
  // until a call the shop did not read was sent again signed the plain way
  test
    .skipIf(!has('python3'))
    .concurrent('(POST, own fields "order" and "order-token") passes, warning on GL-MCB-24 only', async () => {
      const name = `${tag}-POST-prefixed-own`;
      const env = { SHOP_BUGS: '', PY_EXTRA: '{"order":"42","order-token":"abc"}' };
      const { out, judged } = await judge('greenleaves', 'greenleaves-python/run.sh', [name, 'POST'], env);
      rmSync(`/tmp/paycert-merchant-py-${name}`, { recursive: true, force: true });
      expect(judged('failed'), out).toEqual([]);
      expect(judged('skipped'), out).not.toContain('GL-MCB-12'); // enough payable orders for check_url
      expect(judged('warning'), out).toEqual(REPLAYS_REJECTION);
      expect(judged('inconclusive'), out).toEqual([]);
      expect(out).toMatch(/passed/);
    });
});

// the Java 17 g2g shop (fixtures/third-party/merchants/greenleaves-java: com.sun.net.httpserver, DOM in and
// Transformer out, a hand-written multipart reader, .properties store; own fields shopRef and shop_id in every
// call): clean, clean with pg_xml and with GET, and the bugs paycert blamed wrongly or left
// inconclusive until result-ok signed a plain call with the script name the merchant's answers are signed
// with (fullpath: GL-MCB-15 "not read" before), extra-fields tried its precondition without the shop's own
// fields (caseless: GL-MCB-10 was inconclusive) and result-ok sent a pg_sig with a leading zero (bigint)
describe.concurrent('a Java 17 g2g result_url/check_url shop', () => {
  const hasJava = has('java') && has('javac');
  if (!hasJava) test.skip('java/javac (JDK 17) is not installed: the Java shop is not judged', () => {});
  test.skipIf(!hasJava).concurrent.each([
    ['POST', '', '', [], [...REPLAYS_REJECTION], false],
    ['XML', '', 'template,fixedname', [], [...REPLAYS_REJECTION], false],
    // a URL ending in "/": script name "" (digest §2.3)
    ['GET', '', 'dotdo,failreject,slash', [], [...REPLAYS_REJECTION], false],
    // verifies and signs with the whole path "/shop/pay/result": the form is read (not GL-MCB-15)
    ['POST', 'fullpath', '', ['GL-MCB-14'], ['GL-MCB-02'], true],
    // its URL ends in "/" and it takes "result" for the script name (GL-MCB-15 "not read" before)
    ['POST', 'slashname', 'slash', ['GL-MCB-14'], ['GL-MCB-02'], true],
    // sorts the names case-insensitively: its own "shopRef" and "shop_id" change places
    ['POST', 'caseless', '', ['GL-MCB-14'], ['GL-MCB-10'], true],
    ['POST', 'reject0', '', ['GL-MCB-05'], [...REPLAYS_REJECTION], false],
    // BigInteger.toString(16) drops the leading zeros: refused the genuine call result-ok signs with a leading
    // 0 (before: one random call in 16, blamed on the check that drew it, e.g. GL-MCB-06 for a repeat). Its
    // own answers lose them too, by chance of its salt: GL-MCB-02 may warn
    ['POST', 'bigint', '', ['GL-MCB-14'], [...REPLAYS_REJECTION], false],
  ])(
    '(%s, bugs %j, style %j) fails exactly %j and warns on exactly %j',
    async (method, bugs, style, failed, warned, someInconclusive) => {
      const name = `${tag}-${method}-${bugs || 'clean'}`;
      const env = { JSHOP_BUGS: bugs, JSHOP_STYLE: style };
      const { out, judged } = await judge('greenleaves', 'greenleaves-java/run.sh', [name, method], env);
      rmSync(`/tmp/paycert-merchant-java-${name}`, { recursive: true, force: true });
      expect(judged('failed'), out).toEqual(failed);
      expect(judged('skipped'), out).not.toContain('GL-MCB-12'); // enough payable orders for check_url
      const chance = bugs === 'bigint' ? ['GL-MCB-02'] : [];
      expect(
        judged('warning')
          .filter((r) => !chance.includes(r))
          .sort(),
        out,
      ).toEqual(warned);
      if (!someInconclusive) expect(judged('inconclusive'), out).toEqual([]);
    },
  );
});

// the Perl 5 g2g shop (fixtures/third-party/merchants/greenleaves-perl: core Perl only, a pre-forking
// IO::Socket::INET server, hand-written multipart/urlencoded/pg_xml parsing, the answer from a heredoc, a
// flock'd text store; own fields cart_id and shop_note, Cyrillic, in every call): clean,
// clean with pg_xml and every answer style, and bugs judged in this process. script0 (verifies and signs
// with basename($0), "shop.pl") was blamed on GL-MCB-15 ("not read") with GL-MCB-14 inconclusive until
// result-ok sent the same call in the other forms: all answered error, so the signature, not the form
describe.concurrent('a Perl 5 g2g result_url/check_url shop', () => {
  const hasPerl = has('perl');
  if (!hasPerl) test.skip('perl is not installed: the Perl shop is not judged', () => {});
  test.skipIf(!hasPerl).concurrent.each([
    ['POST', '', '', [], [...REPLAYS_REJECTION], false],
    ['XML', '', 'close,crlf,extra,nodecl', [], [...REPLAYS_REJECTION], false],
    // one script for both, /cgi-bin/pay.cgi?do=result (script name "pay.cgi"), answered the HTTP/1.0 way
    ['GET', '', 'query,http10', [], [...REPLAYS_REJECTION], false],
    ['POST', 'script0', '', ['GL-MCB-14'], ['GL-MCB-02'], true],
    ['POST', 'rejectalways', '', ['GL-MCB-05'], [...REPLAYS_REJECTION], false],
    ['POST', 'failpaid', '', [], ['GL-MCB-20', ...REPLAYS_REJECTION], false],
    ['POST', 'unsigned', '', ['GL-MCB-01'], ['GL-MCB-02', ...REPLAYS_REJECTION], false],
    ['POST', 'reqsalt,uphex', '', [], ['GL-MCB-02', ...REPLAYS_REJECTION], false],
    // pg_amount compared with eq: the order's amount spelled otherwise ("1250.5" for "1250.50") is refused
    ['POST', 'amounteq', '', [], ['GL-MCB-21', ...REPLAYS_REJECTION], false],
  ])(
    '(%s, bugs %j, style %j) fails exactly %j and warns on exactly %j',
    async (method, bugs, style, failed, warned, someInconclusive) => {
      const name = `${tag}-${method}-${bugs.replace(/,/g, '+') || 'clean'}`;
      const env = { PLSHOP_BUGS: bugs, PLSHOP_STYLE: style };
      const { out, judged } = await judge('greenleaves', 'greenleaves-perl/run.sh', [name, method], env);
      rmSync(`/tmp/paycert-merchant-pl-${name}`, { recursive: true, force: true });
      expect(judged('failed'), out).toEqual(failed);
      expect(judged('skipped'), out).not.toContain('GL-MCB-12'); // enough payable orders for check_url
      expect(judged('warning').sort(), out).toEqual(warned);
      if (!someInconclusive) expect(judged('inconclusive'), out).toEqual([]);
    },
  );
});
