import { hiddenWords, hideCredentialText } from '../harness/credential-args.ts';
import { SECRET, redactText } from '../harness/redact.ts';
import type { RunConfig } from '../harness/run-config.ts';
import { namedSecrets } from '../spec/credentials.ts';
import { proxyFor } from '../harness/proxy-env.ts';
import { TARGET_CARDS_VAR } from '../spec/jysan-cards.ts';
import { JWS_URI_VAR } from '../protocols/greenleaves-v5/endpoints.ts';

// What the user typed, as the reports show it. An --sdk command may hold a secret (`adapter.py
// --secret …`), as may a URL or a path: it was written in clear into the replay lines, the certificate,
// junit.xml, results.ndjson, allure-results and .run-config.json. A secret set in the environment is
// shown as a reference to its variable, `"${PAYCERT_…}"`, so that a command shown still runs as given
// where the variable is set (a replay); then the redactor has its say on what is left. An adapter's own
// credential flag (`--api-key=…`, `--token …`: src/harness/credential-args.ts) is shown as `[secret]`,
// unless its value is such a variable's.

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
    parts(hideFlags(s, env), env)
      .map((p) => ('param' in p ? `\${${p.param}}` : p.text))
      .join(''),
  );
}

/** A POSIX shell word that gives `s`: quoted when it needs to be; a word holding a secret in double
 *  quotes, the secret a reference to its variable. Then redacted (a secret paycert knows by value only,
 *  such as a default, becomes `[secret]`: shown, never run). */
export function shellWord(s: string, env: NodeJS.ProcessEnv = process.env): string {
  // quoted as the word typed needs it (`--token=[secret]` is shown as `[secret]` is elsewhere)
  const plain = /^[\w@%+=:,./-]+$/.test(s);
  s = hideFlags(s, env);
  const ps = parts(s, env);
  if (!ps.some((p) => 'param' in p)) return redactText(plain ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const inner = ps.map((p) => ('param' in p ? `\${${p.param}}` : p.text.replace(/[\\"$`]/g, '\\$&'))).join('');
  return redactText(`"${inner}"`);
}

/** A command line (argv) as a shell runs it again: each word a shellWord. */
export function shownCommand(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const hidden = hiddenWords(argv, (v) => isVariable(v, env));
  return argv.map((w, i) => (hidden.has(i) ? SECRET : shellWord(w, env))).join(' ');
}

/** The run's configuration as it is written (.run-config.json) and reported: every text shownText.
 *  The test workers get the subjects as given through SUBJECTS_ENV (src/harness/global-setup.ts). */
export function shownConfig(config: RunConfig, env: NodeJS.ProcessEnv = process.env): RunConfig {
  return JSON.parse(JSON.stringify(config), (k, v: unknown) => {
    if (typeof v === 'string') return shownText(v, env);
    // an --sdk command's words, each shown already (a variable's value its reference): a credential
    // flag's value in the word after it
    if (k === 'command' && Array.isArray(v) && v.every((w) => typeof w === 'string')) {
      const hidden = hiddenWords(v, (w) => REFERENCE.test(w));
      return v.map((w: string, i) => (hidden.has(i) ? SECRET : w));
    }
    return v;
  });
}

/** A shown reference to a secret's variable (parts): `${PAYCERT_…}` */
const REFERENCE = /^\$\{PAYCERT_[A-Z0-9_]*(?:#\*:)?\}$/;

/** Whether `value` is a secret set in the environment (shown as a reference to its variable). */
const isVariable = (value: string, env: NodeJS.ProcessEnv): boolean => namedSecrets(env).some((x) => x.value === value);

/** `s` with the credential flags' values of a command line in it `[secret]` (src/harness/credential-args.ts),
 *  but a variable's value (shown as its reference) or a reference already shown. */
const hideFlags = (s: string, env: NodeJS.ProcessEnv): string =>
  hideCredentialText(s, (v) => v === SECRET || REFERENCE.test(v) || isVariable(v, env), SECRET);

/** The PAYCERT_ settings a replay line carries (replayEnv). */
const REPLAYED_SETTINGS = ['PAYCERT_JYSAN_PUBLIC_KEY', TARGET_CARDS_VAR, JWS_URI_VAR];

/** What a replay line needs of the environment to reach `target` again (probe 22: without them a
 *  replay in a fresh shell stopped with exit 3): NODE_EXTRA_CA_CERTS for an https target, the proxy
 *  variable that routes it. As a shell's prefix ("NAME=value "), '' for none; a proxy with a login is
 *  named, never shown ("HTTPS_PROXY="$HTTPS_PROXY""). */
export function replayEnv(target: string, env: NodeJS.ProcessEnv = process.env): string {
  const words: string[] = [];
  // the settings that change what a check does, file paths and URLs, never a secret (a value that is
  // one is written as a reference to its variable by shellWord): a crd_* check replayed from a fresh
  // shell encrypted with paycert's own key and used its own cards (probe 26)
  for (const name of REPLAYED_SETTINGS) {
    const v = env[name];
    if (v) words.push(`${name}=${shellWord(v, env)}`);
  }
  const ca = env.NODE_EXTRA_CA_CERTS;
  if (ca && /^https:/i.test(target)) words.push(`NODE_EXTRA_CA_CERTS=${shellWord(ca, env)}`);
  let proxy: ReturnType<typeof proxyFor>;
  try {
    proxy = URL.canParse(target) ? proxyFor(target) : undefined;
  } catch {
    proxy = undefined; // a malformed variable: the run refuses it before it starts
  }
  if (proxy)
    words.push(
      proxy.url.username || proxy.url.password
        ? `${proxy.variable}="$${proxy.variable}"`
        : `${proxy.variable}=${shellWord(proxy.url.href, env)}`,
    );
  return words.map((w) => `${w} `).join('');
}
