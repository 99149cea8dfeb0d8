import Papa from 'papaparse';
import { CREDENTIAL_REPORT_COLUMNS } from './columns.js';
import type { CredentialReportRow } from './report-row.js';
import { isAbsent, type Absent } from './values.js';

type CellValue = string | boolean | Date | Absent;

/** IAM's own timestamp spelling: second precision, +00:00 offset. */
export function formatIamTimestamp(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function formatCell(value: CellValue): string {
  if (value instanceof Date) return formatIamTimestamp(value);
  if (isAbsent(value)) return value.absent;
  return String(value);
}

/**
 * Writes rows as a credential report, byte for byte the way IAM does (LF line ends, no trailing
 * newline, quotes only where a user name needs them): the inverse of parseCredentialReport, used to
 * build examples, fixtures and benchmark Organizations.
 */
export function formatCredentialReport(rows: readonly CredentialReportRow[]): string {
  const body = rows.map((row) => CREDENTIAL_REPORT_COLUMNS.map((column) => formatCell(row[column])));
  return Papa.unparse({ fields: [...CREDENTIAL_REPORT_COLUMNS], data: body }, { newline: '\n' });
}
