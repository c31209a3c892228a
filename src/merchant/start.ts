import { writeFileSync } from 'node:fs';
import type { Declaration, DeclaredOrder } from '../harness/declaration.ts';
import type { ProfileId } from '../spec/paths.ts';
import { Clock, Scheduler } from '../reference/clock.ts';
import { control } from '../reference/control.ts';
import { handleFrom, type SandboxHandle } from '../reference/handle.ts';
import { policyFor, type PolicyDefect, type PolicyVariant } from '../reference/policy.ts';
import { serve, text, type Incoming, type Outgoing } from '../reference/server.ts';
import type { MerchantOptions } from './registry-types.ts';
import { MerchantStore, storeFiles } from './store.ts';

/** What a reference merchant brings; startMerchant does the rest. */
export interface MerchantSpec<P extends object, C extends { store: MerchantStore }> {
  profile: ProfileId;
  capabilities: string[];
  policy: P;
  defects: readonly PolicyDefect<P>[];
  variants: readonly PolicyVariant<P>[];
  /** the orders a fresh store starts with (some as the patched policy declares them) */
  seed: (policy: P) => DeclaredOrder[];
  /** the handlers' context, around the store, clock and (patched) policy */
  context: (base: { store: MerchantStore; clock: Clock; policy: P }) => C;
  /** the merchant's own endpoints; undefined: not found */
  route: (c: C, req: Incoming) => Promise<Outgoing> | Outgoing | undefined;
  /** the answer when the store cannot make a change durable (nothing was decided) */
  unstored: Outgoing;
  /** the declaration a suite reads (`url`: the server's base), with the store's orders */
  declare: (url: string, orders: DeclaredOrder[], policy: P) => Declaration;
  /** the handle's url: the endpoint the gateway calls (result_url, BACKREF) */
  url: (d: Declaration) => string;
}

/** Start a reference merchant: its store files, clock, policy with the asked-for defects and
 *  variants, control API, server, declaration file and handle (closing it removes the files). */
export async function startMerchant<P extends object, C extends { store: MerchantStore }>(
  opts: MerchantOptions,
  spec: MerchantSpec<P, C>,
): Promise<SandboxHandle> {
  const files = storeFiles(spec.profile, opts.storePath);
  const clock = new Clock();
  const scheduler = new Scheduler(clock, 60_000);
  const { policy, defects, variants } = policyFor(
    spec.policy,
    spec.defects,
    opts.defects,
    spec.variants,
    opts.variants,
    opts.policyReads,
  );
  const c = spec.context({
    store: new MerchantStore(files.path, () => spec.seed(policy), spec.profile),
    clock,
    policy,
  });
  const common = {
    profile: spec.profile,
    role: 'merchant' as const,
    capabilities: spec.capabilities,
    defects,
    variants,
  };
  const ctl = control({ ...common, scheduler, views: { orders: () => c.store.orders() } });
  const route = async (req: Incoming): Promise<Outgoing> => {
    const out = (await spec.route(c, req)) ?? text('not found', 404);
    // durable before it is sent: the answer may rest on a change (its own, or one it read) whose
    // fsync is still running; when that fails the change is undone and nothing was decided
    return (await c.store.durable()) ? out : spec.unstored;
  };
  const running = await serve(async (req) => (await ctl(req)) ?? (await route(req)), {
    port: opts.port,
    host: opts.host,
  });
  const orders = c.store.orders().map(({ paidBy: _p, ...o }) => o);
  const declaration = spec.declare(running.url, orders, policy);
  writeFileSync(files.declarationPath, `${JSON.stringify(declaration, null, 2)}\n`);
  const handle = handleFrom(running, {
    ...common,
    scheduler,
    checkUrl: declaration.checkUrl,
    declarationPath: files.declarationPath,
    close: () => c.store.close(),
  });
  const close = async () => {
    await handle.close();
    files.remove();
  };
  return { ...handle, url: spec.url(declaration), close };
}
