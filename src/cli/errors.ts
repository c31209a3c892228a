/** A mistake of the user: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The target could not be reached at all: exit code 3. */
export class UnreachableError extends Error {
  override name = 'UnreachableError';
}

export const EXIT = { ok: 0, failed: 1, usage: 2, unreachable: 3 } as const;
