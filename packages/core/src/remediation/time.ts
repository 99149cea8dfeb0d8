/** Day arithmetic of the lifecycles, with the findings' meaning of "older than N days". */

export const DAY_MS = 86_400_000;

/** The instant N whole days (N × 24 hours) after `since`: when a step of N days becomes due. */
export function daysAfter(since: Date, days: number): Date {
  return new Date(since.getTime() + days * DAY_MS);
}

/**
 * Whether a step due at `dueAt` is due at `asOf`: strictly after, as the finding queries compare ages,
 * so a key exactly 90 days old is not rotated and one a millisecond older is.
 */
export function isDue(dueAt: Date, asOf: Date): boolean {
  return asOf.getTime() > dueAt.getTime();
}

/** Whole days from `since` to `asOf`, rounded down, as the queries' `days` column. */
export function wholeDaysSince(since: Date, asOf: Date): number {
  return Math.floor((asOf.getTime() - since.getTime()) / DAY_MS);
}

/** The UTC calendar day of an instant (YYYY-MM-DD): how an owner is told when a step comes. */
export function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}
