import { join } from 'node:path';
import type { SandboxHandle } from '../reference/handle.ts';
import type { Subject } from './subject.ts';

// `paycert run` against the embedded references: each test worker serves the references its own
// checks use, on loopback in its own process, started at its first check of that subject and kept
// for the worker's life (the suites share a worker's module graph: isolate false). Served from the
// main process instead, every case crossed to a process busy serving the other worker too, and the
// workers spent half their checks' time waiting for it (docs/architecture.md, fourteenth pass).

const started = new Map<string, Promise<SandboxHandle>>();

/** The subject with the addresses of this worker's own reference. `dir`: where a merchant keeps its
 *  store and declaration (the run's temporary directory, removed by the run, however a worker ends). */
export async function served(subject: Subject, dir: string | undefined): Promise<Subject> {
  if (!subject.embedded) return subject;
  const key = `${subject.profile}/${subject.kind}`;
  let starting = started.get(key);
  if (!starting) {
    starting = start(subject, dir);
    started.set(key, starting);
    // a reference that could not start is not kept: the next check tries again and says why
    starting.catch(() => started.delete(key));
  }
  const h = await starting;
  return {
    ...subject,
    baseUrl: h.url,
    controlUrl: h.controlUrl,
    checkUrl: h.checkUrl,
    declarationPath: h.declarationPath,
  };
}

async function start(subject: Subject, dir: string | undefined): Promise<SandboxHandle> {
  if (subject.kind === 'merchant') {
    if (!dir) throw new Error('an embedded merchant needs the run directory for its store (RunConfig.embeddedDir)');
    const { startMerchant } = await import('../merchant/registry.ts');
    return startMerchant(subject.profile, { storePath: join(dir, `${subject.profile}-merchant-${process.pid}.json`) });
  }
  // the sdk subject's gateway is the clean reference gateway (with the SDK's credentials, sdkCredentials);
  // its adapter command is in the subject
  const { startSandbox } = await import('../sandbox/registry.ts');
  return startSandbox(subject.profile, { sdk: subject.kind === 'sdk' });
}

/** Close this process's embedded references (tests; a worker's end the run's directory covers). */
export async function closeServed(): Promise<void> {
  const all = [...started.values()];
  started.clear();
  for (const h of all) await (await h).close();
}
