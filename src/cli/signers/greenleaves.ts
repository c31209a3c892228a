import { sign } from '../../protocols/greenleaves/index.ts';
import type { PgMessage } from '../../protocols/greenleaves/index.ts';
import { parse, oneOf } from '../args.ts';
import { UsageError } from '../errors.ts';
import { jsonObject, type Signer } from './types.ts';

/** paycert sign greenleaves --script NAME [--order vendor|natural]: JSON fields on stdin → pg_sig */
export const signer: Signer = async (argv, stdin, secret) => {
  const { values } = parse(argv, { script: { type: 'string' }, order: { type: 'string' } }, 'sign greenleaves');
  if (typeof values.script !== 'string')
    throw new UsageError('sign greenleaves: --script NAME is required (the last path segment of the URL)');
  const order = oneOf(values.order, ['vendor', 'natural'] as const, '--order', 'vendor');
  return sign(values.script, jsonObject(stdin) as PgMessage, secret, { order });
};
