import { parse, oneOf } from './args.ts';
import { EXIT } from './errors.ts';
import { PROFILES, type ProfileId } from '../spec/paths.ts';
import { hasRules, loadRules } from '../spec/load.ts';

export const LIST_HELP = `paycert list — the rules and the checks that judge them

  --profile P   ${PROFILES.join(' | ')} | all (default all)
  --subject S   gateway | merchant | sdk | all (default all)

Rules: id, level, statement. Checks: id, plans, capabilities needed, rules cited, title.
paycert run --rule ID runs the checks citing a rule; --grep TEXT those whose id or title contains TEXT.`;

export async function listCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { profile: { type: 'string' }, subject: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    'list',
  );
  if (values.help) {
    console.log(LIST_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0)
    throw new (await import('./errors.ts')).UsageError(
      `list: unexpected argument "${positionals[0]}" (see paycert list --help)`,
    );
  const profile = oneOf(values.profile, ['all', ...PROFILES] as const, '--profile', 'all');
  const subject = oneOf(values.subject, ['gateway', 'merchant', 'sdk', 'all'] as const, '--subject', 'all');
  const { CHECKS } = await import('../../suites/registry.ts');
  const lines: string[] = [];
  for (const p of (profile === 'all' ? PROFILES.filter((x) => hasRules(x)) : [profile]) as ProfileId[]) {
    for (const kind of ['gateway', 'merchant', 'sdk'] as const) {
      if (subject !== 'all' && subject !== kind) continue;
      const rules = loadRules(p).rules.filter((r) => r.subject === kind);
      const checks = CHECKS[p].filter((c) => c.subject === kind);
      if (rules.length === 0 && checks.length === 0) continue;
      lines.push(`${p} · ${kind}: ${rules.length} rules, ${checks.length} checks`, '  rules');
      for (const r of rules)
        lines.push(`    ${r.id.padEnd(12)} ${r.level.padEnd(8)} ${r.statement.replace(/\s+/g, ' ')}`);
      lines.push('  checks');
      for (const c of checks) {
        const needs = c.needs?.length ? `  needs ${c.needs.join(',')}` : '';
        lines.push(
          `    ${c.id}  [${(c.plans ?? ['full']).join(',')}]${needs}${c.slow ? '  slow' : ''}  ${c.rules.join(',')}  ${c.title}`,
        );
      }
    }
  }
  console.log(lines.join('\n'));
  return EXIT.ok;
}
