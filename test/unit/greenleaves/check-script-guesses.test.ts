// GL-MCB-12's diagnosis of a check_url refusing a correctly signed check: the check is sent again signed
// with the other script names the shop may verify with (its answer's, result_url's). Found in review: where
// result_url's last segment is check_url's own ("…/check/callback" and "…/result/callback"), the guess
// was check_url's own name, and a shop accepting it on the second try was said to verify calls "with
// "callback", not with "callback"".
import { expect, test } from 'vitest';
import { buildXml, sign } from '../../../src/protocols/greenleaves/index.ts';
import { readReply } from '../../../src/sdk/greenleaves.ts';
import { checkScriptGuesses } from '../../../suites/greenleaves/merchant/support.ts';

const secret = 'test-secret';
const answer = (script: string) => {
  const m = { pg_status: 'rejected', pg_description: 'no', pg_salt: 'abc123' };
  const text = buildXml({ ...m, pg_sig: sign(script, m, secret) });
  return readReply({ status: 200, headers: { 'content-type': 'application/xml' }, text } as never, secret);
};

test("check_url's own script name is never a guess", () => {
  const g = checkScriptGuesses(answer('callback'), 'https://shop.kz/check/callback', 'https://shop.kz/result/callback');
  expect(g.map((x) => x.name)).not.toContain('callback');
});

test("result_url's and the answer's names are guessed, each once", () => {
  const g = checkScriptGuesses(answer('pay-result'), 'https://shop.kz/pay-check', 'https://shop.kz/pay-result');
  expect(g.map((x) => x.name)).toEqual(['pay-result']);
  expect(checkScriptGuesses(answer('pay-check'), 'https://shop.kz/pay-check', 'https://shop.kz/pay-result')).toEqual([
    { name: 'pay-result', why: "result_url's" },
  ]);
});
