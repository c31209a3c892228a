/** PAYCERT_TIMING=1: when each phase of a run starts (ms since the process started, and the
 *  process's CPU ms so far), on stderr. */
const on = process.env.PAYCERT_TIMING === '1';

export function phase(name: string): void {
  if (!on) return;
  const c = process.cpuUsage();
  process.stderr.write(
    `paycert timing: ${performance.now().toFixed(0)} ms ${((c.user + c.system) / 1000).toFixed(0)} cpu-ms ${name}\n`,
  );
}
