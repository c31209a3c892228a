import { PROFILES, type ProfileId } from '../spec/paths.ts';
import { hasRules } from '../spec/load.ts';
import { SANDBOXES } from '../sandbox/registry.ts';
import { MERCHANTS } from '../merchant/registry.ts';
import type { SandboxHandle } from '../reference/handle.ts';
import type { Defect, Variant } from '../reference/defects.ts';
import { noPositionals, parse, integer, oneOf } from './args.ts';
import { EXIT, UsageError } from './errors.ts';
import { defectLine } from './defect-line.ts';

export const SANDBOX_HELP = `paycert sandbox — serve the reference gateways until interrupted

  --profile P          ${PROFILES.join(' | ')} | all (default all)
  --port N             port of the first sandbox (the next ones take the following ports; default: any free port)
  --host H             interface to listen on (default 127.0.0.1)
  --defect ID          switch one documented deviation on (repeatable); --list-defects shows them
  --variant ID         switch one tolerance variant on (behaviour the seed allows; repeatable);
                       --list-variants shows them
  --any-callback-host  deliver callbacks to non-loopback hosts too
Prints "<profile> <base URL>" per profile.`;

export const MERCHANT_HELP = `paycert merchant — serve the reference merchant (result_url / check_url) until interrupted

  --profile P          ${PROFILES.filter((p) => MERCHANTS[p]).join(' | ')} | all (default all)
  --port N, --host H, --defect ID (repeatable), --list-defects, --variant ID (repeatable), --list-variants,
  --store FILE (where it keeps its orders; with several profiles each has its own: FILE with
                       .<profile> before the extension)
Prints the profile, its result_url and check_url, and the path of its declaration file.`;

const OPTIONS = {
  profile: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  defect: { type: 'string', multiple: true },
  'list-defects': { type: 'boolean' },
  variant: { type: 'string', multiple: true },
  'list-variants': { type: 'boolean' },
  'any-callback-host': { type: 'boolean' },
  store: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** One merchant's store when several share --store: `shop.json` → `shop.greenleaves.json`. */
export function storeFor(path: string, profile: string): string {
  const m = /^(.*[^/\\.])(\.[^./\\]*)$/.exec(path);
  return m ? `${m[1]}.${profile}${m[2]}` : `${path}.${profile}`;
}

type Registry = Record<
  ProfileId,
  { defects: readonly Defect[]; variants: readonly Variant[]; start: (o: never) => Promise<SandboxHandle> } | null
>;

export async function serveCommand(argv: string[], role: 'gateway' | 'merchant'): Promise<number> {
  const command = role === 'gateway' ? 'sandbox' : 'merchant';
  const { values, positionals } = parse(argv, OPTIONS, command);
  if (values.help) {
    console.log(role === 'gateway' ? SANDBOX_HELP : MERCHANT_HELP);
    return EXIT.ok;
  }
  noPositionals(positionals, command);
  const registry = (role === 'gateway' ? SANDBOXES : MERCHANTS) as Registry;
  const profileArg = oneOf(values.profile, ['all', ...PROFILES] as const, '--profile', 'all');
  const profiles = (
    profileArg === 'all' ? PROFILES.filter((p) => registry[p] && hasRules(p)) : [profileArg]
  ) as ProfileId[];
  for (const p of profiles) if (!registry[p]) throw new UsageError(`there is no reference ${role} for ${p}`);
  if (values['list-defects']) {
    for (const p of profiles) for (const d of registry[p]!.defects) console.log(defectLine(p, d));
    return EXIT.ok;
  }
  if (values['list-variants']) {
    for (const p of profiles)
      for (const v of registry[p]!.variants)
        console.log(`${p.padEnd(15)} ${v.id.padEnd(34)} ${v.description} (allowed by: ${v.allowedBy})`);
    return EXIT.ok;
  }
  const wanted = known(profiles, registry, 'defects', values.defect as string[] | undefined, profileArg, command);
  const wantedVariants = known(
    profiles,
    registry,
    'variants',
    values.variant as string[] | undefined,
    profileArg,
    command,
  );
  const port = integer(values.port, '--port', 1, 65_535);
  const handles: SandboxHandle[] = [];
  for (const [i, p] of profiles.entries()) {
    const defects = wanted.filter((d) => registry[p]!.defects.some((x) => x.id === d));
    const variants = wantedVariants.filter((d) => registry[p]!.variants.some((x) => x.id === d));
    const store = values.store as string | undefined;
    const storePath = store && profiles.length > 1 ? storeFor(store, p) : store;
    const opts = {
      port: port === undefined ? undefined : port + i,
      host: values.host as string | undefined,
      defects,
      variants,
      anyCallbackHost: !!values['any-callback-host'],
      storePath,
    };
    try {
      handles.push(await (registry[p]!.start as (o: typeof opts) => Promise<SandboxHandle>)(opts));
    } catch (e) {
      for (const h of handles) await h.close();
      const code = (e as { code?: string }).code;
      throw new UsageError(
        code === 'EADDRINUSE'
          ? `port ${opts.port} is already in use`
          : `cannot start the ${p} ${role}: ${(e as Error).message}`,
      );
    }
  }
  for (const h of handles) {
    if (role === 'gateway') console.log(`${h.profile} ${h.url}${deviations(h)}`);
    else
      console.log(
        `${h.profile} result_url=${h.url} check_url=${h.checkUrl ?? '-'} declaration=${h.declarationPath ?? '-'}${deviations(h)}`,
      );
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  for (const h of handles) await h.close();
  return EXIT.ok;
}

function deviations(h: SandboxHandle): string {
  const parts = [
    h.defects.length ? `defects: ${h.defects.join(', ')}` : '',
    h.variants.length ? `variants: ${h.variants.join(', ')}` : '',
  ];
  const text = parts.filter(Boolean).join('; ');
  return text ? `  (${text})` : '';
}

function known(
  profiles: ProfileId[],
  registry: Registry,
  what: 'defects' | 'variants',
  ids: string[] | undefined,
  profileArg: string,
  command: string,
): string[] {
  for (const d of ids ?? []) {
    if (!profiles.some((p) => registry[p]![what].some((x) => x.id === d))) {
      throw new UsageError(
        `unknown ${what === 'defects' ? 'defect' : 'variant'} "${d}" for ${profileArg} (paycert ${command} --list-${what} lists them)`,
      );
    }
  }
  return ids ?? [];
}
