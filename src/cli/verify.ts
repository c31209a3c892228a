import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from './args.ts';
import { EXIT, UsageError } from './errors.ts';
import { KeyError, loadPublicKey, verifyDir } from '../report/sign.ts';
import { terminalText } from './terminal.ts';

export const VERIFY_HELP = `paycert verify DIR [--key PUB.pem] — check a run's certificate

  DIR          a run's --out directory (certificate.json, results.ndjson, allure-results/, …)
  --key FILE   the signer's PEM public key: the signature must verify against it. Without it,
               the signature is checked against the public key embedded in certificate.jws
               (integrity only: the signer is not authenticated).

Checks certificate.jws (when the run was signed with --sign-key) against certificate.json (which must
name the key that signed it), and the sha256 digest of every file the certificate covers:
results.ndjson, junit.xml, .run-config.json, certificate.html, and every file of allure-results/,
evidence/ and html/ (a file added there is invalid too). A certificate sealed by an older paycert
covers fewer: the line names those left unchecked. The verdict is shown as the run's summary shows it
(a partial run's "passed (partial: …)"). Exit: 0 valid, 1 invalid (one line naming what broke, e.g.
"interrupted after signing (complete: false)"), 2 usage.`;

export async function verifyCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { key: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    'verify',
  );
  if (values.help) {
    console.log(VERIFY_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('verify needs one directory: paycert verify DIR [--key PUB.pem]');
  const dir = positionals[0]!;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`verify: ${dir} is not a directory`);
  if (!existsSync(join(dir, 'certificate.json')))
    throw new UsageError(`verify: no certificate.json in ${dir} (give a run's --out directory)`);
  let key: Awaited<ReturnType<typeof loadPublicKey>> | undefined;
  try {
    key = values.key === undefined ? undefined : await loadPublicKey(String(values.key));
  } catch (e) {
    if (e instanceof KeyError) throw new UsageError(`--key: ${e.message}`);
    throw e;
  }
  const v = await verifyDir(dir, key);
  if (v.ok) console.log(`paycert verify: ${terminalText(v.line)}`);
  else console.error(`paycert verify: INVALID: ${terminalText(v.line)}`);
  return v.ok ? EXIT.ok : EXIT.failed;
}
