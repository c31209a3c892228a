import { Readable } from 'node:stream';
import { format } from 'node:util';
import { signCommand } from '../../../src/cli/sign.ts';
import { describeError } from '../../../src/cli/errors.ts';

export interface Signed {
  status: number;
  stdout: string;
  stderr: string;
}

/** `paycert sign ARGS` in this process, as the binary runs it: `input` as its stdin (the same bytes,
 *  read by the command's own readStdin), PAYCERT_SECRET set or absent, console.log to stdout, an
 *  error as the binary's one line and exit code (describeError, what `die` prints). A start of the
 *  binary through tsx is 1.5–2 CPU-s; each signer's file keeps a case through the binary, and
 *  test/e2e/cli.test.ts its usage error. Everything it replaces is restored. */
export async function signInProcess(
  args: string[],
  input: Buffer | string,
  secret: string | undefined,
): Promise<Signed> {
  const out = { stdout: '', stderr: '' };
  const stdin = Object.getOwnPropertyDescriptor(process, 'stdin')!;
  const savedSecret = process.env.PAYCERT_SECRET;
  const { log, error } = console;
  Object.defineProperty(process, 'stdin', {
    configurable: true,
    enumerable: true,
    value: Readable.from([Buffer.from(input)]),
  });
  if (secret === undefined) delete process.env.PAYCERT_SECRET;
  else process.env.PAYCERT_SECRET = secret;
  console.log = (...a: unknown[]) => void (out.stdout += `${format(...a)}\n`);
  console.error = (...a: unknown[]) => void (out.stderr += `${format(...a)}\n`);
  try {
    return { status: await signCommand(args), ...out };
  } catch (e) {
    const { code, line } = describeError(e);
    return { status: code, stdout: out.stdout, stderr: `${out.stderr}${line}\n` };
  } finally {
    Object.assign(console, { log, error });
    Object.defineProperty(process, 'stdin', stdin);
    if (savedSecret === undefined) delete process.env.PAYCERT_SECRET;
    else process.env.PAYCERT_SECRET = savedSecret;
  }
}
