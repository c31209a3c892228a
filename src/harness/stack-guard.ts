// vitest's file-system module cache (experimental.fsModuleCache) hands vite's module runner the code of
// the modules it read from the cache as a Buffer, and the runner's Error.prepareStackTrace maps a stack
// frame of such a module with `code.charCodeAt`: it throws, and a throw from inside V8's stack formatting
// (Node reading an error's stack as a socket is destroyed) ends the test worker ("TypeError:
// code.charCodeAt is not a function"); every check the worker held then gave no result. A stack the
// installed formatter cannot build is written as V8 writes it. Imported first by the modules every
// worker loads (the runner, the suites' registration); process-wide by design.
type Prepare = (error: Error, frames: NodeJS.CallSite[]) => unknown;

const guarded = new WeakSet<Prepare>();

function plain(error: Error, frames: NodeJS.CallSite[]): string {
  let head: string;
  try {
    head = Error.prototype.toString.call(error);
  } catch {
    head = 'Error';
  }
  return [head, ...frames.map((f) => `    at ${f}`)].join('\n');
}

function guard(f: unknown): Prepare | undefined {
  if (typeof f !== 'function') return undefined;
  if (guarded.has(f as Prepare)) return f as Prepare;
  const g: Prepare = (error, frames) => {
    try {
      return (f as Prepare)(error, frames);
    } catch {
      return plain(error, frames);
    }
  };
  guarded.add(g);
  return g;
}

const installed = Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace');
if (installed === undefined || 'value' in installed) {
  let current = guard(Error.prepareStackTrace);
  Object.defineProperty(Error, 'prepareStackTrace', {
    configurable: true,
    enumerable: false,
    get: () => current,
    // vite's module runner sets its formatter when it starts and puts the previous one back when it stops
    set: (f: unknown) => {
      current = guard(f);
    },
  });
}
