import { describe, expect, test } from 'vitest';
import { baseUrl, url } from '../../../src/cli/args.ts';

// --target, --check-url, --callback-base and a declaration's checkUrl (src/cli/args.ts url).
describe('URL flags', () => {
  test.each(['http://127.0.0.1:8080/', 'https://[::1]:8443/g2g', 'http://test-domain.example', 'http://h/a?b=1#c'])(
    '%s is taken as written',
    (v) => {
      expect(url(v, '--target')).toBe(v);
    },
  );

  // the WHATWG parser drops tabs and line breaks: the URL was taken and the error or log printed
  // over two lines, the second reading as a header
  test.each([
    'http://127.0.0.1:1/a\r\nX-Evil: 1',
    'http://127.0.0.1:1/\ta',
    'http://h/ a',
    'http://h/\u0000',
    ' http://h/',
  ])('%j (a control character or space) is refused on one line', (v) => {
    expect(() => url(v, '--target')).toThrow(/^--target must be a URL without spaces or control characters, got "/);
    try {
      url(v, '--target');
    } catch (e) {
      expect((e as Error).message).not.toMatch(/[\r\n\t\u0000]/);
    }
  });

  // fetch refuses a URL with credentials, and the run wrote the target into the certificate
  test.each(['http://user:hunter2pass@127.0.0.1:1/', 'https://user@h/', 'ftp://u:hunter2pass@h/'])(
    '%s: refused without showing the password',
    (v) => {
      let message = '';
      try {
        url(v, '--target');
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/^--target must (not carry a user name or password|be an http\(s\) URL)/);
      expect(message).toContain('***@');
      expect(message).not.toContain('hunter2pass');
      expect(message).not.toMatch(/user[:@]/);
    },
  );

  test('a long value is cut in the message', () => {
    expect(() => url(`gopher://${'a'.repeat(100_000)}`, '--target')).toThrow(/a{100}…"$/);
  });
});

// a gateway's --target and --callback-base get the API's or the listener's paths appended: a query
// went before them ("http://gw/api?key=1/g2g/payment"), and its key into every request's evidence
describe('base URL flags', () => {
  test.each(['http://127.0.0.1:8080', 'https://gw.test/api/', 'http://[::1]:1/prefix'])('%s is taken', (v) => {
    expect(baseUrl(v, '--target')).toBe(v);
  });

  test.each(['https://gw.test/api?key=s3cr3t', 'https://gw.test/api#top', 'https://gw.test/api?', 'https://gw.test/#'])(
    '%s is refused, the query left out of the message',
    (v) => {
      expect(() => baseUrl(v, '--callback-base')).toThrow(
        /^--callback-base must be a base URL without a query or fragment \(paycert appends the API's paths to it\), got "https:\/\/gw\.test\/(api)?" with one$/,
      );
    },
  );
});

// What the user typed as the reports show it (src/cli/shown.ts): a secret set in the environment, in an
// --sdk command or a merchant's result_url query, was written in clear into the replay lines and
// .run-config.json. It is named by its variable, and a shell line still gives the value as typed.
describe('values shown with the secrets they hold', () => {
  const env = {
    PAYCERT_GREENLEAVES_SECRET_KEY: 'g2g-secret-value',
    PAYCERT_TARGET_LOGIN: 'qa:login-pass-123',
  };
  test('a word holding a secret is a double-quoted reference to its variable; any other word as before', async () => {
    const { shellWord, shownCommand, shownText } = await import('../../../src/cli/shown.ts');
    expect(shellWord('--secret=g2g-secret-value', env)).toBe('"--secret=${PAYCERT_GREENLEAVES_SECRET_KEY}"');
    // the login's password alone: the shell's own way of taking it out of the variable
    expect(shellWord('p=login-pass-123 $HOME "x"', env)).toBe('"p=${PAYCERT_TARGET_LOGIN#*:} \\$HOME \\"x\\""');
    expect(shellWord('my adapter.py', env)).toBe(`'my adapter.py'`);
    expect(shownCommand(['python3', 'a b.py', '-k', 'g2g-secret-value'], env)).toBe(
      `python3 'a b.py' -k "\${PAYCERT_GREENLEAVES_SECRET_KEY}"`,
    );
    expect(shownText('http://shop.test/result?key=g2g-secret-value', env)).toBe(
      'http://shop.test/result?key=${PAYCERT_GREENLEAVES_SECRET_KEY}',
    );
  });
  // a probe's --sdk "node adapter.mjs --secret … --api-key=OwnAdapterKey77 --token=SdkTok3nValue99": the
  // adapter's own credentials, known to no variable, were written as typed into .run-config.json, the
  // replay lines, stdout and Allure
  test("an --sdk command's own credential flags are shown as [secret]; a variable's value as its reference", async () => {
    const { shellWord, shownCommand, shownConfig } = await import('../../../src/cli/shown.ts');
    const { credentialArgs } = await import('../../../src/harness/credential-args.ts');
    const argv = [
      'node',
      'adapter.mjs',
      '--secret',
      'g2g-secret-value',
      '--api-key=OwnAdapterKey77',
      '--token=SdkTok3nValue99',
      '--password',
      'pw1',
      '--client_secret',
      'Cl1entSecretValue',
      '--auth-token',
      "it's-mine",
      '--verbose',
      '--key-file',
      'k.pem',
      '--token',
      '--next',
    ];
    expect(shownCommand(argv, env)).toBe(
      `node adapter.mjs --secret "\${PAYCERT_GREENLEAVES_SECRET_KEY}" --api-key=[secret] --token=[secret] --password [secret] --client_secret [secret] --auth-token [secret] --verbose --key-file k.pem --token --next`,
    );
    expect(
      shellWord('node a.mjs --secret g2g-secret-value --api-key=OwnAdapterKey77 --token SdkTok3nValue99', env),
    ).toBe('"node a.mjs --secret ${PAYCERT_GREENLEAVES_SECRET_KEY} --api-key=[secret] --token [secret]"');
    expect(shellWord("node a.mjs --password 'p w' --key=k1", env)).toBe(
      `'node a.mjs --password [secret] --key=[secret]'`,
    );
    const config = {
      seed: 1,
      plan: 'full' as const,
      subjects: [
        {
          profile: 'greenleaves' as const,
          kind: 'sdk' as const,
          target: 'real' as const,
          baseUrl: 'http://127.0.0.1',
          capabilities: [],
          limits: { numRuns: 5, timeoutMs: 1, minIntervalMs: 0, callbackWaitMs: 1, quietMs: 1 },
          slow: false,
          sdk: { command: argv },
        },
      ],
    };
    const shown = JSON.stringify(shownConfig(config, env));
    expect(shown).not.toMatch(/g2g-secret-value|OwnAdapterKey77|SdkTok3nValue99|pw1|Cl1entSecretValue|it's-mine/);
    expect(shown).toContain('"--secret","${PAYCERT_GREENLEAVES_SECRET_KEY}","--api-key=[secret]"');
    expect(shown).toContain('"--key-file","k.pem","--token","--next"');
    // the values the run registers as secrets (a variable's value is one already)
    expect(credentialArgs(argv).map((a) => a.value)).toEqual([
      'g2g-secret-value',
      'OwnAdapterKey77',
      'SdkTok3nValue99',
      'pw1',
      'Cl1entSecretValue',
      "it's-mine",
    ]);
  });
  test("the config written keeps no secret; the workers' subjects come from the environment", async () => {
    const { shownConfig } = await import('../../../src/cli/shown.ts');
    const config = {
      seed: 1,
      plan: 'full' as const,
      subjects: [
        {
          profile: 'greenleaves' as const,
          kind: 'merchant' as const,
          target: 'real' as const,
          baseUrl: 'http://shop.test/result?key=g2g-secret-value',
          capabilities: [],
          limits: { numRuns: 5, timeoutMs: 1, minIntervalMs: 0, callbackWaitMs: 1, quietMs: 1 },
          slow: false,
        },
      ],
    };
    const shown = shownConfig(config, env);
    expect(JSON.stringify(shown)).not.toContain('g2g-secret-value');
    expect(shown.subjects[0]!.baseUrl).toBe('http://shop.test/result?key=${PAYCERT_GREENLEAVES_SECRET_KEY}');
    expect(config.subjects[0]!.baseUrl).toContain('g2g-secret-value');
  });
});
