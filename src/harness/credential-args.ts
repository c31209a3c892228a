// An --sdk command's own credentials: an adapter may take its API key, token or password on the command
// line (`adapter.mjs --api-key=… --token …`), values no variable of paycert's names. The command is shown
// with those values as `[secret]` (src/cli/shown.ts), and the run registers them as secrets, so that the
// adapter's log echoing them is redacted too (src/harness/sdk.ts, src/cli/run.ts).

/** A flag named like a credential: --api-key, --apikey, --token, --auth-token, --secret, --client_secret,
 *  --password, --passwd, --key, --auth (not --key-file, --token-url: those name something else). */
const NAMES = '(?:api[-_]?key|token|secret|password|passwd|key|auth|shared[-_]?secret|client[-_]?secret)';
const FLAG = new RegExp(`^--?(?:[A-Za-z0-9]{1,40}[-_]){0,6}${NAMES}$`, 'i');
const FLAG_INLINE = new RegExp(`^(--?(?:[A-Za-z0-9]{1,40}[-_]){0,6}${NAMES}=)([\\s\\S]+)$`, 'i');
/** the same in a command line written as one text (the replay's --sdk value): the flag, "=" or blanks,
 *  the value (quoted, or up to the next blank or quote; a word starting with "-" is the next flag) */
const FLAG_TEXT = new RegExp(
  `((?:^|[\\s'"])--?(?:[A-Za-z0-9]{1,40}[-_]){0,6}${NAMES}(?:=|[ \\t]+))('[^']*'|"[^"]*"|[^\\s'"-][^\\s'"]*)`,
  'gi',
);

export interface CredentialArg {
  /** the index in argv of the word holding the value */
  at: number;
  value: string;
  /** `--flag=value` (the word is the flag and its value), else `--flag value` */
  inline: boolean;
}

/** The credential flags' values of a command (argv). */
export function credentialArgs(argv: readonly string[]): CredentialArg[] {
  const out: CredentialArg[] = [];
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    const inline = FLAG_INLINE.exec(w);
    if (inline) out.push({ at: i, value: inline[2]!, inline: true });
    else if (FLAG.test(w) && i + 1 < argv.length && argv[i + 1]! !== '' && !argv[i + 1]!.startsWith('-')) {
      out.push({ at: i + 1, value: argv[i + 1]!, inline: false });
      i++;
    }
  }
  return out;
}

/** The indexes of a command's words that hold a credential flag's value on their own (`--token X`: X's
 *  word; `--token=X` is the flag's word, shown whole elsewhere), but those `keep` says are shown
 *  otherwise (a variable's value, shown as a reference to it). */
export function hiddenWords(argv: readonly string[], keep: (value: string) => boolean): Set<number> {
  return new Set(credentialArgs(argv).flatMap((a) => (a.inline || keep(a.value) ? [] : [a.at])));
}

/** `line` (a command line as one text) with each credential flag's value `[secret]`, unless `keep` says
 *  it is shown otherwise (a variable's value, shown as a reference to it). */
export function hideCredentialText(line: string, keep: (value: string) => boolean, shown = '[secret]'): string {
  if (!line.includes('-')) return line;
  return line.replace(FLAG_TEXT, (m, flag: string, value: string) => {
    const bare = /^(['"])[\s\S]*\1$/.test(value) ? value.slice(1, -1) : value;
    return keep(bare) ? m : `${flag}${shown}`;
  });
}
