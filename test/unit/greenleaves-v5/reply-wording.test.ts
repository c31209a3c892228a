import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { CREDENTIAL_VARS } from '../../../src/spec/credentials.ts';
import { rewrittenReference } from './rewritten-reference.ts';

// A probe's gateway that sends no X-Request-Id: V5-RSP-02 said "X-Request-Id … came back as undefined";
// then it failed V5-RSP-02 ("the reply's X-Request-Id was missing") beside V5-RSP-01 (MUST: the reply
// carries one), though an echo of a header that is absent is not shown either way.
const judge = rewrittenReference();

test('a reply without X-Request-Id fails V5-RSP-01 only: its echo (V5-RSP-02) is not judged', async () => {
  const results = await judge(['v5.hdr.request-id-versions', 'v5.rsp.headers'], (body, ctx) => {
    delete ctx.headers['x-request-id'];
    return body;
  });
  const failed = results.flatMap((r) => r.failures.map((f) => f.rule));
  expect(failed).toContain('V5-RSP-01');
  expect(failed).not.toContain('V5-RSP-02');
  const echo = results.find((r) => r.id === 'v5.hdr.request-id-versions')!;
  expect(echo.ruleOutcomes['V5-RSP-02']).toBe('inconclusive');
  expect(echo.reason).toMatch(/carries no X-Request-Id to compare/);
  expect(echo.reason).not.toMatch(/undefined/);
});

// V5-IDEM-03 was skipped with "set PAYCERT_GREENLEAVES_V5_OTHER_AUTH_ID and …_OTHER_SECRET_KEY", which
// README.md's configuration table did not name
test("every v5 credential variable is in README.md's configuration table", () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const table = readme.slice(
    readme.indexOf('## Configuration'),
    readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1),
  );
  const rows = table.split('\n').filter((l) => l.startsWith('| `'));
  for (const [name] of Object.values(CREDENTIAL_VARS['greenleaves-v5']))
    expect(
      rows.some((row) => row.split('|')[1]!.includes(`\`${name}\``)),
      name,
    ).toBe(true);
});
