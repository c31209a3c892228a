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
  /** test-only changes to one object, POSTed as JSON (e.g. `recurring/age`): a check that needs one
   *  object to be old ages that object instead of moving the clock every parallel check shares.
   *  A thrown Error is the caller's fault (400). */
  actions?: Record<string, (body: unknown) => unknown>;
}

/** A check that moves the clock holds it until it releases it (or stops using it for this long),
 *  so that checks in parallel workers never move one shared clock under each other's feet. */
const LEASE_IDLE_MS = 60_000;
/** How long an advance waits for the clock held by another check before it gives up (409). */
const LEASE_WAIT_MS = 120_000;

/** The control API a reference implementation offers the suite (never part of the real API). */
export function control(opts: ControlOptions): (req: Incoming) => Promise<Outgoing | undefined> {
  let holder: { owner: string; at: number } | undefined;
  const free = (owner: string) => !holder || holder.owner === owner || Date.now() - holder.at > LEASE_IDLE_MS;
  const take = async (owner: string): Promise<boolean> => {
    const until = Date.now() + LEASE_WAIT_MS;
    while (!free(owner)) {
      if (Date.now() > until) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
    holder = { owner, at: Date.now() };
    return true;
  };
  return async (req) => {
    if (!req.path.startsWith(`${CONTROL_PREFIX}/`)) return undefined;
    const what = req.path.slice(CONTROL_PREFIX.length + 1);
    if (what === 'info') {
      return json({
        implementation: 'paycert-reference',
        profile: opts.profile,
        role: opts.role,
        version: VERSION,
        capabilities: opts.capabilities,
        defects: opts.defects,
        variants: opts.variants,
      });
    }
    if (what === 'clock/release' && opts.scheduler && req.method === 'POST') {
      let owner: unknown;
      try {
        owner = (JSON.parse(req.text) as { owner?: unknown }).owner;
      } catch {
        return json({ error: 'body must be JSON {"owner": "…"}' }, 400);
      }
      if (holder && holder.owner === owner) holder = undefined;
      return json({ released: true });
    }
    // every job due now (a callback and the handling of its answer; with ?key=, those of one payment)
    // has run: what a check would otherwise wait for in real time to see that nothing more comes
    if (what === 'idle' && opts.scheduler) {
      await opts.scheduler.runDueFor(req.url.searchParams.get('key') ?? undefined);
      return json({ now: opts.scheduler.clock.now(), pending: opts.scheduler.pending() });
    }
    if (what === 'clock' && opts.scheduler) {
      if (req.method === 'POST') {
        let ms: unknown;
        let owner: unknown;
        try {
          ({ advanceMs: ms, owner } = JSON.parse(req.text) as { advanceMs?: unknown; owner?: unknown });
        } catch {
          return json({ error: 'body must be JSON {"advanceMs": N}' }, 400);
        }
        if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > MAX_ADVANCE_MS) {
          return json({ error: `advanceMs must be a number from 0 to ${MAX_ADVANCE_MS}` }, 400);
        }
        if (opts.scheduler.clock.now() + ms > MAX_DATE_MS)
          return json({ error: 'advanceMs would move the clock past the last representable date' }, 400);
        const who = typeof owner === 'string' && owner !== '' ? owner : 'anonymous';
        if (!(await take(who))) return json({ error: 'the clock is held by another check' }, 409);
        await opts.scheduler.advance(ms);
        holder = { owner: who, at: Date.now() };
      }
      return json({ now: opts.scheduler.clock.now(), pending: opts.scheduler.pending() });
    }
    const view = opts.views?.[what];
    if (view && req.method === 'GET') return json(view());
    const action = opts.actions?.[what];
    if (action && req.method === 'POST') {
      try {
        return json(action(JSON.parse(req.text)) ?? {});
      } catch (e) {
        return json({ error: e instanceof Error ? e.message : String(e) }, 400);
      }
    }
    return json({ error: `unknown control endpoint ${what}` }, 404);
  };
}
