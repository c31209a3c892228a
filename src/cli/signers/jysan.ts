import { OPERATIONS, sign, type Operation } from '../../protocols/jysan/index.ts';
import { parse } from '../args.ts';
import { UsageError } from '../errors.ts';
import { jsonObject, type Signer } from './types.ts';

/** paycert sign jysan --op payment|status|cancel|confirm|list|redirect: JSON fields on stdin →
 *  P_SIGN (or the redirect's sign), lowercase hex. Fields not in the operation's formula (LANGUAGE,
 *  GETSTATUS, NAME, …) are ignored, as the gateway ignores them. */
export const signer: Signer = async (argv, stdin, secret) => {
  const { values, positionals } = parse(argv, { op: { type: 'string' } }, 'sign jysan');
  if (positionals.length > 0) throw new UsageError(`sign jysan: unexpected argument "${positionals[0]}"`);
  const op = values.op;
  if (typeof op !== 'string') throw new UsageError(`sign jysan: --op is required (${OPERATIONS.join(', ')})`);
  if (!(OPERATIONS as readonly string[]).includes(op))
    throw new UsageError(`sign jysan: --op must be one of ${OPERATIONS.join(', ')}, got "${op}"`);
  const fields = jsonObject(stdin);
  const nested = Object.entries(fields).find(([, v]) => typeof v !== 'string');
  if (nested) throw new UsageError(`sign jysan: field ${nested[0]} must be a string (Jysan fields are flat)`);
  return sign(op as Operation, fields as Record<string, string>, secret);
};
