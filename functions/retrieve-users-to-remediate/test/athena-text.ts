// How Athena prints a finding row in GetQueryResults: instants as 'YYYY-MM-DD HH:MM:SS.mmm UTC',
// integers as digits, NULL as a cell without a value.
import { FINDING_COLUMNS, type FindingRow } from '@credential-tracker/findings';

const athenaInstant = (instant: Date): string =>
  `${instant.toISOString().slice(0, 23).replace('T', ' ')} UTC`;

export function athenaText(row: FindingRow): (string | undefined)[] {
  return FINDING_COLUMNS.map((column) => {
    const value = row[column];
    if (value === null) return undefined;
    if (value instanceof Date) return athenaInstant(value);
    return String(value);
  });
}

/** A targets file's rows, with the instants back as Dates, to compare with engine rows. */
export const parseTargets = (text: string): FindingRow[] =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const row = JSON.parse(line) as Record<string, unknown>;
      const instant = (value: unknown) => (typeof value === 'string' ? new Date(value) : null);
      return {
        ...row,
        created_at: instant(row.created_at),
        last_used_at: instant(row.last_used_at),
      } as FindingRow;
    });
