import { createHash } from 'node:crypto';
import { sameSignature } from '../common/compare.ts';
import { signatureBase, type SignOptions } from './signature.ts';
import type { PgMessage } from './message.ts';

/** pg_sig made without the script name: md5 of `v1;…;vn;secret_key` (probe 25: a Go gateway left the
 *  script name out both when it verified requests and when it signed its replies). GL-SIG-02/03 forbid
 *  it (the script name is the first element of the signed string); the pre-flight asks whether an
 *  "invalid signature" refusal comes from it rather than from a wrong secret, and the g2g sandbox's
 *  defect sig-no-script signs so. */
export function signWithoutScript(fields: PgMessage, secret: string, opts: SignOptions = {}): string {
  // the documented base with an empty script name is `;v1;…;secret`: its first ';' belongs to the script
  return createHash('md5')
    .update(signatureBase('', fields, secret, opts).slice(1), 'utf8')
    .digest('hex');
}

/** Whether `sig` is the script-less signature of `fields`, in the vendor order or the natural one (the
 *  order of nested values is open: GL-SIG-06 judges it, not this). */
export function verifyWithoutScript(fields: PgMessage, secret: string, sig: string | undefined): boolean {
  if (typeof sig !== 'string') return false;
  return ([{}, { order: 'natural' }] as SignOptions[]).some((o) =>
    sameSignature(sig, signWithoutScript(fields, secret, o)),
  );
}
