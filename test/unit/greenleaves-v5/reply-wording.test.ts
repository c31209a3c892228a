import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { CREDENTIAL_VARS } from '../../../src/spec/credentials.ts';
import { rewrittenReference } from './rewritten-reference.ts';

// A probe's gateway that sends no X-Request-Id: V5-RSP-02 said "X-Request-Id … came back as undefined".
const judge = rewrittenReference();

test("a reply without X-Request-Id: V5-RSP-02 says the reply's X-Request-Id was missing", async () => {
  const results = await judge(['v5.hdr.request-id-versions'], (body, ctx) => {
    delete ctx.headers['x-request-id'];
    return body;
  });
  const said = results.flatMap((r) => r.failures.filter((f) => f.rule === 'V5-RSP-02').map((f) => f.message));
  expect(said.length).toBeGreaterThan(0);
  expect(said.join('\n')).toMatch(/X-Request-Id was missing/);
  expect(said.join('\n')).not.toMatch(/undefined/);
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
