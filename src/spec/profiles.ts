/** The profiles, the one list every registry is keyed by. Each registry is typed
 *  `Record<ProfileId, …>`, so a profile added here does not compile until every registry has its
 *  entry (docs/architecture.md "Add a fourth profile"; proved by test/e2e/fourth-profile.test.ts). */
export const PROFILES = ['greenleaves', 'greenleaves-v5', 'jysan'] as const;
export type ProfileId = (typeof PROFILES)[number];

export function isProfile(s: string): s is ProfileId {
  return (PROFILES as readonly string[]).includes(s);
}
