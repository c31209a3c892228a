import type { Check, CheckContext } from '../../../src/harness/check.ts';
import { LIMITS, type Subject } from '../../../src/harness/subject.ts';

/** A Jysan gateway subject nothing listens for (the checks under test send nothing). */
export const offlineSubject = (target: 'real' | 'reference', slow = target === 'reference'): Subject => ({
  profile: 'jysan',
  kind: 'gateway',
  target,
  baseUrl: 'http://127.0.0.1:9',
  capabilities: [],
  limits: LIMITS[target],
  slow,
});

/** A Jysan gateway check of these rules that runs `run`. */
export const jysanCheck = (
  id: string,
  rules: string[],
  run: (t: CheckContext<'jysan'>) => Promise<void>,
): Check<'jysan'> => ({ id, title: 't', profile: 'jysan', subject: 'gateway', area: 'x', rules, run });
