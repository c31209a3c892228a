import { VERSION } from '../version.ts';
import type { Incoming, Outgoing } from './server.ts';
import { json } from './server.ts';
import type { Scheduler } from './clock.ts';

export const CONTROL_PREFIX = '/__paycert';

/** The most one clock request may advance (ten years): beyond it, dates stop being representable. */
export const MAX_ADVANCE_MS = 10 * 366 * 86_400_000;
/** The last instant a JavaScript Date can hold. */
const MAX_DATE_MS = 8.64e15;

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
        if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > MAX_ADVANCE_MS) {
          return json({ error: `advanceMs must be a number from 0 to ${MAX_ADVANCE_MS}` }, 400);
        }
        if (opts.scheduler.clock.now() + ms > MAX_DATE_MS) return json({ error: 'advanceMs would move the clock past the last representable date' }, 400);
        await opts.scheduler.advance(ms);
      }
      return json({ now: opts.scheduler.clock.now(), pending: opts.scheduler.pending() });
    }
    const view = opts.views?.[what];
    if (view && req.method === 'GET') return json(view());
    return json({ error: `unknown control endpoint ${what}` }, 404);
  };
}
