import { PROFILES, type ProfileId } from '../spec/paths.ts';
import { SDK_DEFECTS, SDK_VARIANTS } from '../sdk-adapter/defects.ts';
import { parse, oneOf } from './args.ts';
import { EXIT, UsageError } from './errors.ts';
import { defectLine } from './defect-line.ts';

export const SDK_ADAPTER_HELP = `paycert sdk-adapter — the reference SDK adapter (JSON lines on stdin/stdout; docs/sdk-adapter.md)

  --profile P          ${PROFILES.join(' | ')} (required, except with --list-defects)
  --defect ID          switch one deliberate SDK mistake on (repeatable); --list-defects shows them
  --variant ID         switch on behaviour the seed allows that the reference does not have (repeatable)
paycert run --subject sdk starts it by default; give --sdk "COMMAND" to certify your own adapter.`;

const OPTIONS = {
  profile: { type: 'string' },
  defect: { type: 'string', multiple: true },
  variant: { type: 'string', multiple: true },
  'list-defects': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function sdkAdapterCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, OPTIONS, 'sdk-adapter');
  if (values.help) {
    console.log(SDK_ADAPTER_HELP);
    return EXIT.ok;
  }
  if (values.profile === undefined && !values['list-defects'])
    throw new UsageError(`sdk-adapter needs --profile (${PROFILES.join(', ')})`);
  const profileArg = oneOf(values.profile, ['all', ...PROFILES] as const, '--profile', 'all');
  const profiles = (profileArg === 'all' ? [...PROFILES] : [profileArg]) as ProfileId[];
  if (values['list-defects']) {
    for (const p of profiles) for (const d of SDK_DEFECTS[p]) console.log(defectLine(p, d));
    return EXIT.ok;
  }
  if (profileArg === 'all') throw new UsageError(`sdk-adapter needs one --profile (${PROFILES.join(', ')})`);
  const profile = profileArg as ProfileId;
  const wanted = (values.defect as string[] | undefined) ?? [];
  const known = new Set<string>(SDK_DEFECTS[profile].map((d) => d.id));
  for (const d of wanted)
    if (!known.has(d))
      throw new UsageError(`unknown sdk defect "${d}" for ${profile} (paycert sdk-adapter --list-defects lists them)`);
  const variants = (values.variant as string[] | undefined) ?? [];
  const knownVariants = new Set<string>(SDK_VARIANTS[profile].map((v) => v.id));
  for (const v of variants)
    if (!knownVariants.has(v)) throw new UsageError(`unknown sdk variant "${v}" for ${profile}`);
  const { serveAdapter } = await import('../sdk-adapter/reference.ts');
  await serveAdapter(profile, new Set(wanted), process.stdin, process.stdout, variants);
  return EXIT.ok;
}
