/** PAYCERT_TIMING=1: when each phase of a run starts (ms since the process started), on stderr. */
const on = process.env.PAYCERT_TIMING === '1';

export function phase(name: string): void {
  if (on) process.stderr.write(`paycert timing: ${performance.now().toFixed(0)} ms ${name}\n`);
}
