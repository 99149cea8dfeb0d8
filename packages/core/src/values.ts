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
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/** Parses an IAM timestamp; undefined when the text is not a real instant (month 13, 25:00, ...). */
export function parseIamTimestamp(text: string): Date | undefined {
  const match = ISO_TIMESTAMP.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const calendar = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const calendarIsReal =
    calendar.getUTCFullYear() === year &&
    calendar.getUTCMonth() === month - 1 &&
    calendar.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60;
  if (!calendarIsReal) return undefined;
  const instant = new Date(text);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
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
