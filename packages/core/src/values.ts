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
// Athena's from_iso8601_timestamp and DuckDB's cast both read exactly this shape:
//   YYYY-MM-DDTHH:MM:SS[.f{1,3}](Z|+HH:MM|-HH:MM), the offset's hours 00-23 and minutes 00-59.
// It is read character by character rather than with a regular expression: this runs on nine cells
// of every row (9 million at a million users), and a match array per cell was most of the garbage.

const MINUTE_MS = 60_000;
const ZERO = 48;

/** The digits at text[at], text[at + 1] as a number, or -1 when either is not 0-9. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - ZERO;
  const ones = text.charCodeAt(at + 1) - ZERO;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

/**
 * The epoch milliseconds of an IAM timestamp, or NaN when the text is not one or not a real instant
 * (month 13, February 30, 25:00, ...). Allocates nothing: validation calls it on every timestamp cell.
 */
export function iamTimestampMillis(text: string): number {
  const length = text.length;
  if (length < 20 || length > 29) return NaN;
  const century = twoDigits(text, 0);
  const yearOfCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (
    century < 0 ||
    yearOfCentury < 0 ||
    month < 0 ||
    day < 0 ||
    hour < 0 ||
    minute < 0 ||
    second < 0 ||
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 || // T
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58
  ) {
    return NaN;
  }
  const year = century * 100 + yearOfCentury;
  // Date.UTC reads years 0-99 as 1900-1999: such a year never names itself, so it is refused.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  if (hour > 23 || minute > 59 || second > 59) return NaN;
  let at = 19;
  let milliseconds = 0;
  if (text.charCodeAt(at) === 46) {
    // .f, .ff or .fff: tenths, hundredths, thousandths
    at += 1;
    let scale = 100;
    const start = at;
    while (at < length && at - start < 3) {
      const digit = text.charCodeAt(at) - ZERO;
      if (digit < 0 || digit > 9) break;
      milliseconds += digit * scale;
      scale /= 10;
      at += 1;
    }
    if (at === start) return NaN;
  }
  let offsetMinutes = 0;
  const zone = text.charCodeAt(at);
  if (zone === 90 && at + 1 === length) {
    // Z
  } else if ((zone === 43 || zone === 45) && at + 6 === length && text.charCodeAt(at + 3) === 58) {
    const offsetHours = twoDigits(text, at + 1);
    const offsetMinute = twoDigits(text, at + 4);
    if (offsetHours < 0 || offsetHours > 23 || offsetMinute < 0 || offsetMinute > 59) return NaN;
    offsetMinutes = (offsetHours * 60 + offsetMinute) * (zone === 45 ? -1 : 1);
  } else {
    return NaN;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, milliseconds) - offsetMinutes * MINUTE_MS;
}

/** Whether the text is an IAM timestamp of a real instant (see iamTimestampMillis). */
export function isIamTimestamp(text: string): boolean {
  return !Number.isNaN(iamTimestampMillis(text));
}

/** Parses an IAM timestamp; undefined when the text is not a real instant (month 13, 25:00, ...). */
export function parseIamTimestamp(text: string): Date | undefined {
  const milliseconds = iamTimestampMillis(text);
  return Number.isNaN(milliseconds) ? undefined : new Date(milliseconds);
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
