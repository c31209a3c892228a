import { sign as pgSign } from '../protocols/greenleaves/index.ts';
import type { PgMessage } from '../protocols/greenleaves/index.ts';
import { parse, oneOf } from './args.ts';
import { EXIT, UsageError } from './errors.ts';

export const SIGN_HELP = `paycert sign — compute a signature; the secret comes from PAYCERT_SECRET

  paycert sign greenleaves --script NAME [--order vendor|natural]
      stdin: a JSON object of fields (nested allowed); prints pg_sig
  paycert sign jysan --op payment|status|cancel|confirm|list|redirect
      stdin: a JSON object of fields; prints P_SIGN (or the redirect's sign)
  paycert sign greenleaves-v5 --uri PATH --auth-id ID [--method POST] [--alg HS256]
      stdin: the raw request body bytes; prints the X-JWS-Signature value`;

export type Signer = (argv: string[], stdin: Buffer, secret: string) => Promise<string>;

const signers: Record<string, Signer> = {
  greenleaves: async (argv, stdin, secret) => {
    const { values } = parse(argv, { script: { type: 'string' }, order: { type: 'string' } }, 'sign greenleaves');
    if (typeof values.script !== 'string') throw new UsageError('paycert sign greenleaves: --script NAME is required (the last path segment of the URL)');
    const order = oneOf(values.order, ['vendor', 'natural'] as const, '--order', 'vendor');
    return pgSign(values.script, jsonObject(stdin) as PgMessage, secret, { order });
  },
};

export function addSigner(profile: string, s: Signer): void {
  signers[profile] = s;
}

export function jsonObject(stdin: Buffer): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(stdin.toString('utf8'));
  } catch (e) {
    throw new UsageError(`stdin is not JSON: ${(e as Error).message}`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new UsageError('stdin must be a JSON object of fields');
  const bad = (x: unknown): boolean => (x !== null && typeof x === 'object' ? Object.values(x as object).some(bad) : typeof x !== 'string' && typeof x !== 'number' && typeof x !== 'boolean');
  if (bad(v)) throw new UsageError('field values must be strings, numbers or nested objects/arrays of them');
  return JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'number' || typeof x === 'boolean' ? String(x) : x))) as Record<string, unknown>;
}

async function readStdin(): Promise<Buffer> {
  if (process.stdin.isTTY) throw new UsageError('paycert sign reads the message from stdin; pipe it in');
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
  const signer = signers[profile];
  if (!signer) throw new UsageError(`paycert sign: unknown profile "${profile}" (greenleaves, greenleaves-v5, jysan)`);
  const secret = process.env.PAYCERT_SECRET;
  if (!secret) throw new UsageError('paycert sign: set the secret in the PAYCERT_SECRET environment variable (never on the command line)');
  console.log(await signer(rest, await readStdin(), secret));
  return EXIT.ok;
}
