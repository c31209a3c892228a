import type { Defect } from '../reference/defects.ts';

/** `--list-defects`: one defect a line, read by scripts (scripts/defect-matrix.sh): profile, id, the
 *  comma-separated rule ids and the description, separated by blanks (padded into columns). */
export function defectLine(profile: string, d: Defect): string {
  return `${profile.padEnd(15)} ${d.id.padEnd(34)} ${d.rules.join(',').padEnd(22)} ${d.description}`;
}
