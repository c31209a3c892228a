import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../spec/paths.ts';
import type { Incoming, Outgoing } from './server.ts';
import { json } from './server.ts';
import type { Scheduler } from './clock.ts';

export const CONTROL_PREFIX = '/__paycert';

export const VERSION: string = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export interface ControlOptions {
  profile: string;
  role: 'gateway' | 'merchant';
  capabilities: string[];
  defects: string[];
  variants: string[];
  scheduler?: Scheduler;
  /** extra read-only views, e.g. `orders` → the merchant's order store */
  views?: Record<string, () => unknown>;
}

/** The control API a reference implementation offers the suite (never part of the real API). */
export function control(opts: ControlOptions): (req: Incoming) => Promise<Outgoing | undefined> {
  return async (req) => {
    if (!req.path.startsWith(`${CONTROL_PREFIX}/`)) return undefined;
    const what = req.path.slice(CONTROL_PREFIX.length + 1);
    if (what === 'info') {
      return json({ implementation: 'paycert-reference', profile: opts.profile, role: opts.role, version: VERSION, capabilities: opts.capabilities, defects: opts.defects, variants: opts.variants });
    }
    if (what === 'clock' && opts.scheduler) {
      if (req.method === 'POST') {
        let ms: unknown;
        try {
          ms = (JSON.parse(req.text) as { advanceMs?: unknown }).advanceMs;
        } catch {
          return json({ error: 'body must be JSON {"advanceMs": N}' }, 400);
        }
        if (typeof ms !== 'number' || !(ms >= 0)) return json({ error: 'advanceMs must be a non-negative number' }, 400);
        await opts.scheduler.advance(ms);
      }
      return json({ now: opts.scheduler.clock.now(), pending: opts.scheduler.pending() });
    }
    const view = opts.views?.[what];
    if (view && req.method === 'GET') return json(view());
    return json({ error: `unknown control endpoint ${what}` }, 404);
  };
}
