import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../src/spec/paths.ts';
import { command as commandHere, inProcessCommand, paycert } from './cli.ts';

// docs/ci.md's GitHub Actions and GitLab CI recipes: every paycert command they run names a command
// and flags that exist (checked against each command's --help), so the recipes do not rot.
test('every paycert command in docs/ci.md uses real commands and flags', async () => {
  const text = readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8')
    .replace(/\\\n\s*/g, ' ') // shell continuations
    .replace(/- >\n((?:\s{6,}.*\n)+)/g, (_m, block: string) => `- ${block.replace(/\n\s*/g, ' ')}\n`); // YAML folded scalars
  const commands = [...text.matchAll(/npx paycert ([a-z-]+)([^\n`;]*)/g)].map((m) => ({ command: m[1]!, rest: m[2]! }));
  expect(commands.length).toBeGreaterThan(4);
  const help = new Map<string, string>();
  const bad: string[] = [];
  for (const { command, rest } of commands) {
    if (!help.has(command)) {
      // a known command's --help from its function in this process (what the binary prints: the same
      // function and text; a process start is ~0.5 CPU-s); any other name through the binary, which
      // refuses a command that does not exist
      const r = inProcessCommand(command) ? await commandHere([command, '--help']) : paycert([command, '--help']);
      help.set(command, r.code === 0 ? r.stdout : '');
    }
    const h = help.get(command)!;
    if (!h) bad.push(`paycert ${command}: no such command`);
    for (const flag of rest.match(/--[a-z][a-z-]*/g) ?? [])
      if (!h.includes(flag)) bad.push(`paycert ${command} ${flag}`);
  }
  expect(bad).toEqual([]);
});
