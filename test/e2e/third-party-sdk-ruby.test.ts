// fixtures/third-party/ruby-sdk-v5: an outsider's Greenleavespay v5 gem in Ruby (Net::HTTP, JSON.generate,
// OpenSSL::HMAC, Base64 URL-safe), from seed 000 and docs/sdk-adapter.md; GREENLEAVES_V5_BUGS switches on
// its bugs (its README and bugs.sh have the table). Judged in this process (sdk-judge.ts); skipped
// without Ruby. int_auth_id (and every bug the gateway refuses a create for) left V5-SDK-02, -03, -05,
// -11 and -12 inconclusive before v5.sdk.operations called the other operations on a stand-in id and
// v5.sdk.refusals judged the refused create itself.
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { judgeSdk, shown } from './sdk-judge.ts';

const hasRuby = spawnSync('ruby', ['-rjson', '-ropenssl', '-rnet/http', '-e', '1']).status === 0;
const RUBYV5 = 'fixtures/third-party/ruby-sdk-v5/adapter.rb';
const ruby = (bugs: string, style = '') => [
  'env',
  `GREENLEAVES_V5_BUGS=${bugs}`,
  `GREENLEAVES_V5_STYLE=${style}`,
  'ruby',
  RUBYV5,
];
const notPassed = (rules: Array<{ id: string; verdict: string }>) =>
  rules.filter((r) => !['passed', 'skipped'].includes(r.verdict)).map((r) => `${r.id} ${r.verdict}`);

describe('paycert run --subject sdk: the Ruby v5 gem', () => {
  test.skipIf(!hasRuby)('greenleaves-v5: the Ruby gem (sorted JWS header) passes every sdk rule', async () => {
    const rules = await judgeSdk('greenleaves-v5', ruby('', 'sorted_header'));
    expect(notPassed(rules), shown(rules)).toEqual([]);
    expect(rules.map((r) => r.id)).toContain('V5-SDK-12');
  });
  test.skipIf(!hasRuby).each([
    // auth_id from an Integer config: "auth_id":123456 in the JWS header, the seed's example has a
    // string (the seed gives no type: V5-SDK-14, INFERRED; V5-SDK-01 keeps presence and binding). The
    // gateway refuses every request; the rest is judged on what the gem sent all the same
    [
      'int_auth_id',
      ['v5.sdk.requests', 'v5.sdk.operations', 'v5.sdk.refusals', 'v5.sdk.retry-after-lost-reply'],
      ['V5-SDK-10 inconclusive', 'V5-SDK-14 warning'],
    ],
    // Base64.urlsafe_encode64 without padding: false: "=" in the JWS (and the callback refused)
    ['padding', ['v5.sdk.requests', 'v5.sdk.callback-genuine'], ['V5-SDK-01 failed', 'V5-SDK-07 warning']],
    // amounts as BigDecimal: the json gem writes "0.5e3", a string
    ['bigdecimal', ['v5.sdk.requests', 'v5.sdk.operations'], ['V5-SDK-12 warning']],
    // Net::HTTP's default Content-Type application/x-www-form-urlencoded
    ['no_content_type', ['v5.sdk.requests'], ['V5-SDK-04 failed']],
    // X-Request-Id from Time.now.to_i: not a UUID, shared within a second
    ['time_id', ['v5.sdk.requests'], ['V5-SDK-02 failed']],
    // the callback's MAC computed with the alg its header names, "none" taken unsigned
    ['trust_alg', ['v5.sdk.callback-genuine', 'v5.sdk.callback-forged'], ['V5-SDK-08 warning', 'V5-SDK-09 warning']],
    // the callback verified over JSON.generate(JSON.parse(body)): \/ and \u spellings refused
    ['reencode', ['v5.sdk.callback-genuine', 'v5.sdk.callback-forged'], ['V5-SDK-07 warning']],
  ] as const)('greenleaves-v5: the Ruby gem with %s is judged on exactly its rules', async (bug, only, expected) => {
    const rules = await judgeSdk('greenleaves-v5', ruby(bug), [...only]);
    expect(notPassed(rules), shown(rules)).toEqual(expected);
  });
});
