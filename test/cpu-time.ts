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

/** cpuRatio once `run` is warm (an eighth of the small body run first), the best of three rounds. */
export function warmCpuRatio(run: (body: string) => unknown, make: (n: number) => string, n: number): number {
  run(make(n >> 3));
  return cpuRatio(run, make, n, 3);
}
