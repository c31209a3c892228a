import { EXIT } from '../report/verdict.ts';
import { terminalText } from './terminal.ts';

export { EXIT } from '../report/verdict.ts';

/** A mistake of the user: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Nothing could be judged (the target could not be reached at all): exit code 3. */
export class UnreachableError extends Error {
  override name = 'UnreachableError';
}

/** Run before the process exits on an error: write what the run has (set by `run`). */
const flushes: Array<(message: string) => void> = [];
export function onFatal(flush: (message: string) => void): () => void {
  flushes.push(flush);
  return () => void flushes.splice(flushes.indexOf(flush), 1);
}

/** The exit code and the one line for an error that reached the top of the command. */
export function describeError(e: unknown): { code: number; line: string } {
  // one line whatever the message quotes (a flag's value, a target's answer)
  if (e instanceof UsageError) return { code: EXIT.usage, line: `paycert: ${terminalText(e.message)}` };
  if (e instanceof UnreachableError) return { code: EXIT.unjudged, line: `paycert: ${terminalText(e.message)}` };
  const msg = terminalText(String((e as Error)?.message ?? e).split('\n')[0]!);
  return { code: EXIT.internal, line: `paycert: internal error: ${msg} (set PAYCERT_DEBUG=1 for the stack)` };
}

/** Print one line (the stack only with PAYCERT_DEBUG=1), write what the run has, exit. */
export function die(e: unknown): never {
  const { code, line } = describeError(e);
  console.error(line);
  if (code === EXIT.internal && process.env.PAYCERT_DEBUG === '1') console.error((e as Error)?.stack ?? String(e));
  for (const f of [...flushes]) {
    try {
      f(code === EXIT.internal ? line.replace(/^paycert: /, '').replace(/ \(set PAYCERT_DEBUG.*$/, '') : line);
    } catch {
      // writing the reports failed too; the exit code still says what happened
    }
  }
  // at once, not flushed: other handlers of the same error (vitest's, in a run) would set their own code
  process.exit(code);
}

/** A reader gone away (`paycert run … | head -1`) is no error of paycert: stdout (or stderr) closed
 *  early made the next write's EPIPE an uncaught error, and the run stopped with exit 4 after its
 *  first check and a partial certificate. The command goes on without printing there (a destroyed
 *  stream drops later writes without another error), finishes its reports and exits as it would
 *  have. Any other error of the stream stays fatal. */
export function tolerateClosedOutput(): void {
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') die(e);
    });
}

/** Exit once stdout and stderr have taken everything written before (a command's normal end). A
 *  write to a pipe whose buffer is full is queued, and process.exit drops the queue:
 *  `--list-defects` read by a busy parent once lost its last 60 lines. */
export function exitFlushed(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}
