import { redactText } from '../harness/redact.ts';
import type { RunConfig } from '../harness/run-config.ts';
import { namedSecrets } from '../spec/credentials.ts';

// What the user typed, as the reports show it. An --sdk command may hold a secret (`adapter.py
// --secret …`), as may a URL or a path: it was written in clear into the replay lines, the certificate,
// junit.xml, results.ndjson, allure-results and .run-config.json. A secret set in the environment is
// shown as a reference to its variable, `"${PAYCERT_…}"`, so that a command shown still runs as given
// where the variable is set (a replay); then the redactor has its say on what is left.

type Part = { text: string } | { param: string };

/** `s` cut at each secret it holds (the longest first where two start at one place). */
function parts(s: string, env: NodeJS.ProcessEnv): Part[] {
  const secrets = namedSecrets(env);
  const out: Part[] = [];
  let from = 0;
  let text = '';
  while (from < s.length) {
    const hit = secrets.find((x) => s.startsWith(x.value, from));
    if (hit) {
      if (text) out.push({ text });
      text = '';
      out.push({ param: hit.param });
      from += hit.value.length;
    } else text += s[from++];
  }
  if (text) out.push({ text });
  return out;
}

/** `s` with each secret set in the environment written `${NAME}`, then redacted. */
export function shownText(s: string, env: NodeJS.ProcessEnv = process.env): string {
  return redactText(
    parts(s, env)
      .map((p) => ('param' in p ? `\${${p.param}}` : p.text))
      .join(''),
  );
}

/** A POSIX shell word that gives `s`: quoted when it needs to be; a word holding a secret in double
 *  quotes, the secret a reference to its variable. Then redacted (a secret paycert knows by value only,
 *  such as a default, becomes `[secret]`: shown, never run). */
export function shellWord(s: string, env: NodeJS.ProcessEnv = process.env): string {
  const ps = parts(s, env);
  if (!ps.some((p) => 'param' in p))
    return redactText(/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const inner = ps.map((p) => ('param' in p ? `\${${p.param}}` : p.text.replace(/[\\"$`]/g, '\\$&'))).join('');
  return redactText(`"${inner}"`);
}

/** A command line (argv) as a shell runs it again: each word a shellWord. */
export const shownCommand = (argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string =>
  argv.map((w) => shellWord(w, env)).join(' ');

/** The run's configuration as it is written (.run-config.json) and reported: every text shownText.
 *  The test workers get the subjects as given through SUBJECTS_ENV (src/harness/global-setup.ts). */
export function shownConfig(config: RunConfig, env: NodeJS.ProcessEnv = process.env): RunConfig {
  return JSON.parse(JSON.stringify(config), (_, v: unknown) => (typeof v === 'string' ? shownText(v, env) : v));
}
