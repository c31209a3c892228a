import { EXIT, UsageError } from './errors.ts';
import { PROFILES, isProfile, type ProfileId } from '../spec/profiles.ts';
import type { Signer } from './signers/types.ts';
import { notUtf8Credential, notUtf8Message } from '../spec/credentials.ts';
import { signer as greenleaves } from './signers/greenleaves.ts';
import { signer as jysan } from './signers/jysan.ts';
import { signer as greenleavesV5 } from './signers/greenleaves-v5.ts';

export const SIGN_HELP = `paycert sign — compute a signature; the secret comes from PAYCERT_SECRET

  paycert sign greenleaves --script NAME [--order vendor|natural]
      stdin: a JSON object of fields (nested allowed); prints pg_sig
  paycert sign jysan --op payment|status|cancel|confirm|list|redirect
      stdin: a JSON object of fields; prints P_SIGN (or the redirect's sign)
  paycert sign greenleaves-v5 --uri PATH --auth-id ID [--method POST] [--alg HS256]
      stdin: the raw request body bytes; prints the X-JWS-Signature value`;

const signers: Record<ProfileId, Signer> = { greenleaves, 'greenleaves-v5': greenleavesV5, jysan };

async function readStdin(): Promise<Buffer> {
  if (process.stdin.isTTY) throw new UsageError('sign reads the message from stdin; pipe it in');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function signCommand(argv: string[]): Promise<number> {
  const [profile, ...rest] = argv;
  if (!profile || profile === '--help' || profile === '-h') {
    console.log(SIGN_HELP);
    return profile ? EXIT.ok : EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(SIGN_HELP);
    return EXIT.ok;
  }
  if (!isProfile(profile)) throw new UsageError(`sign: unknown profile "${profile}" (${PROFILES.join(', ')})`);
  const signer = signers[profile];
  if (notUtf8Credential() === 'PAYCERT_SECRET') throw new UsageError(notUtf8Message('PAYCERT_SECRET'));
  const secret = process.env.PAYCERT_SECRET;
  if (!secret)
    throw new UsageError('sign: set the secret in the PAYCERT_SECRET environment variable (never on the command line)');
  console.log(await signer(rest, await readStdin(), secret));
  return EXIT.ok;
}
