import { g2gHeader, signDetached, type HmacAlg } from '../../protocols/greenleaves-v5/index.ts';
import { oneOf, parse } from '../args.ts';
import { UsageError } from '../errors.ts';
import type { Signer } from './types.ts';

const ALGS = ['HS256', 'HS384', 'HS512'] as const;

/**
 * paycert sign greenleaves-v5 --uri PATH --auth-id ID [--method POST] [--alg HS256]
 * stdin: the raw request body, signed as the exact bytes received (never decoded or re-encoded);
 * prints the X-JWS-Signature value. A g2g gateway accepts only HS256 (V5-JWS-05); the other HMAC
 * algorithms are there for the other v5 families (Card API, HS512).
 */
export const signer: Signer = async (argv, stdin, secret) => {
  const cmd = 'sign greenleaves-v5';
  const { values, positionals } = parse(
    argv,
    { uri: { type: 'string' }, 'auth-id': { type: 'string' }, method: { type: 'string' }, alg: { type: 'string' } },
    cmd,
  );
  if (positionals.length > 0)
    throw new UsageError(`${cmd}: unexpected argument "${positionals[0]}" (the body comes on stdin)`);
  const uri = values.uri;
  if (typeof uri !== 'string' || !uri.startsWith('/'))
    throw new UsageError(`${cmd}: --uri PATH is required, the request path as sent (e.g. /v5/g2g/create)`);
  const authId = values['auth-id'];
  if (typeof authId !== 'string' || authId === '')
    throw new UsageError(`${cmd}: --auth-id ID is required (the merchant's auth_id)`);
  const method = values.method === undefined ? 'POST' : String(values.method);
  if (!/^[A-Z]+$/.test(method))
    throw new UsageError(`${cmd}: --method must be an HTTP method in capitals, got "${method}"`);
  const alg = oneOf(values.alg, ALGS, '--alg', 'HS256') as HmacAlg;
  if (stdin.length > 0 && stdin[stdin.length - 1] === 0x0a) {
    process.stderr.write(
      "paycert: note: the body ends with a newline, which is signed too (use printf '%s' to send none)\n",
    );
  }
  return signDetached(
    new Uint8Array(stdin.buffer, stdin.byteOffset, stdin.byteLength),
    g2gHeader(uri, authId, alg, method),
    secret,
  );
};
