/** CPU milliseconds this process spent since `start` (process.cpuUsage()): what the linear-time guards
 *  measure. A busy machine stretches wall time (a 4 s wall limit failed at 9.6 s on a loaded CI
 *  machine) but not the CPU time of synchronous work, which grows only with the work done. */
export function cpuMsSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

/** CPU time of `run(make(8 * n))` over that of `run(make(n))`, each the best of `rounds` runs taken in
 *  turn (the bodies made before): linear is 8, quadratic 64. */
export function cpuRatio(
  run: (body: string) => unknown,
  make: (n: number) => string,
  n: number,
  rounds: number,
): number {
  const [small, big] = [make(n), make(8 * n)];
  let [a, b] = [Infinity, Infinity];
  for (let r = 0; r < rounds; r++) {
    let c0 = process.cpuUsage();
    run(small);
    a = Math.min(a, cpuMsSince(c0));
    c0 = process.cpuUsage();
    run(big);
    b = Math.min(b, cpuMsSince(c0));
  }
  return b / Math.max(a, 1);
}

/** CPU time(8n) / CPU time(n) of `run` once warm (an eighth of the small body run first): the best of
 *  three runs of n, then one run of 8n; linear is 8, quadratic 64. The runs of n are the noisy measure (a
 *  big body's garbage collected in the next small run, code still warming up: one round measured a small
 *  run at 24 to 129 ms), so they keep their three; the one run of 8n is the least noisy (three of them,
 *  cpuRatio's rounds, were two thirds of the redaction files' CPU). Session 26 measured it against a
 *  scratch copy of the redactor made quadratic again (knownCardSpans's overlap test reading every span
 *  found before): 45 to 79, against at most 14 on the redactor as it is. */
export function warmCpuRatio(run: (body: string) => unknown, make: (n: number) => string, n: number): number {
  run(make(n >> 3));
  const [small, big] = [make(n), make(8 * n)];
  let a = Infinity;
  for (let r = 0; r < 3; r++) {
    const c = process.cpuUsage();
    run(small);
    a = Math.min(a, cpuMsSince(c));
  }
  const c = process.cpuUsage();
  run(big);
  return cpuMsSince(c) / Math.max(a, 1);
}
