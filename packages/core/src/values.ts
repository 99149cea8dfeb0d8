/**
 * Typed values of credential-report cells. IAM writes one of three markers where a value does not
 * exist, and each means something different (never used, not tracked before 2015, not applicable to
 * root), so an absent value keeps which marker it was.
 */
export const ABSENT_MARKERS = ['N/A', 'no_information', 'not_supported'] as const;
export type AbsentMarker = (typeof ABSENT_MARKERS)[number];

export interface Absent {
  readonly absent: AbsentMarker;
}

export type Timestamp = Date;
export type TimestampOrAbsent = Timestamp | Absent;
export type BooleanOrAbsent = boolean | Absent;
export type TextOrAbsent = string | Absent;

export function isAbsent(value: unknown): value is Absent {
  return typeof value === 'object' && value !== null && 'absent' in value;
}

export function absentMarker(text: string): AbsentMarker | undefined {
  return (ABSENT_MARKERS as readonly string[]).includes(text) ? (text as AbsentMarker) : undefined;
}

/** Present value or undefined: the convenient view when the marker does not matter. */
export function presentOrUndefined<T>(value: T | Absent): T | undefined {
  return isAbsent(value) ? undefined : value;
}

// ISO-8601 as IAM writes it (2024-05-01T12:34:56+00:00), with Z or an offset and at most milliseconds:
// Trino keeps milliseconds where DuckDB keeps microseconds, so finer fractions could differ at a boundary.
// Athena's from_iso8601_timestamp and DuckDB's cast both read exactly this shape.
const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?:Z|([+-])([01]\d|2[0-3]):([0-5]\d))$/;

const MINUTE_MS = 60_000;

/**
 * Parses an IAM timestamp; undefined when the text is not a real instant (month 13, 25:00, ...).
 * It runs on every timestamp cell of every report, so it builds the instant from the fields it
 * matched, one Date and no intermediate arrays, rather than parsing the text a second time.
 */
export function parseIamTimestamp(text: string): Date | undefined {
  const match = ISO_TIMESTAMP.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = Number(match[4]);
  const minute = Number(match[5]);
  const second = Number(match[6]);
  // Date.UTC reads years 0-99 as 1900-1999: such a year never names itself, so it is refused.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const fraction = match[7];
  const milliseconds = fraction === undefined ? 0 : Number(fraction.padEnd(3, '0'));
  const sign = match[8];
  const offset =
    sign === undefined ? 0 : (Number(match[9]) * 60 + Number(match[10])) * (sign === '-' ? -1 : 1);
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, milliseconds) - offset * MINUTE_MS);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Whether YYYY-MM-DD names a real day of the calendar (2026-02-30 and 2026-13-01 do not). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

/** ISO-8601 UTC text of a present timestamp, null otherwise: the form every output uses. */
export function toIsoOrNull(value: Date | Absent | null | undefined): string | null {
  return value instanceof Date ? value.toISOString() : null;
}

export const NOT_APPLICABLE: Absent = Object.freeze({ absent: 'N/A' });
export const NO_INFORMATION: Absent = Object.freeze({ absent: 'no_information' });
export const NOT_SUPPORTED: Absent = Object.freeze({ absent: 'not_supported' });
