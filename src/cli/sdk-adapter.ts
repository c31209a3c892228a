import { PROFILES, type ProfileId } from '../spec/paths.ts';
import { SDK_DEFECTS } from '../sdk-adapter/defects.ts';
import { parse, oneOf } from './args.ts';
import { EXIT, UsageError } from './errors.ts';
import { defectLine } from './defect-line.ts';

export const SDK_ADAPTER_HELP = `paycert sdk-adapter — the reference SDK adapter (JSON lines on stdin/stdout; docs/sdk-adapter.md)

  --profile P          ${PROFILES.join(' | ')} (required, except with --list-defects)
  --defect ID          switch one deliberate SDK mistake on (repeatable); --list-defects shows them
paycert run --subject sdk starts it by default; give --sdk "COMMAND" to certify your own adapter.`;

const OPTIONS = {
  profile: { type: 'string' },
  defect: { type: 'string', multiple: true },
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
  const { serveAdapter } = await import('../sdk-adapter/reference.ts');
  await serveAdapter(profile, new Set(wanted));
  return EXIT.ok;
}
