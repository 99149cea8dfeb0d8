import type { FindingRow } from '@credential-tracker/findings';

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
