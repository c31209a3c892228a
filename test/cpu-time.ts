/** CPU milliseconds this process spent since `start` (process.cpuUsage()): what the linear-time guards
 *  measure. A busy machine stretches wall time (a 4 s wall limit failed at 9.6 s on a loaded CI
 *  machine) but not the CPU time of synchronous work, which grows only with the work done. */
export function cpuMsSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}
