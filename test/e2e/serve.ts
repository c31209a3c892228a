import { spawn, type ChildProcess } from 'node:child_process';

/** Start a third-party server's script (`sh script args…`) and wait for the line `ready` matches on
 *  its stdout (`READY <words>` by default). Kill `child` when done; `log()` is its stderr so far. */
export async function serve(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready = /^READY .*$/m,
): Promise<{ match: RegExpExecArray; child: ChildProcess; log: () => string }> {
  const child = spawn('sh', [script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (b: Buffer) => void (log += b.toString()));
  try {
    const match = await new Promise<RegExpExecArray>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        const m = ready.exec(out);
        if (m) resolve(m);
      });
      child.on('exit', (code) => reject(new Error(`${script} exited ${code} before serving: ${out} ${log}`)));
    });
    return { match, child, log: () => log };
  } catch (e) {
    child.kill('SIGTERM');
    throw e;
  }
}
