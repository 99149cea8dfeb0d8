import Papa from 'papaparse';
import { CREDENTIAL_REPORT_COLUMNS, ROOT_USER_NAME } from './columns.js';
import { CredentialReportError } from './errors.js';
import { credentialReportRowSchema, type CredentialReportRow } from './report-row.js';

/** What GetCredentialReport returns (Uint8Array), what a file read gives (Buffer), or text. */
export type CredentialReportInput = string | Uint8Array;

export interface ReadOptions {
  /** Names the input in every error: a path, an S3 URI. */
  readonly source: string;
  /** When the location already names the account (S3 layout), the report must be that account's. */
  readonly expectedAccountId?: string;
}

/** A report whose every cell validated. `cells` are the values exactly as written, for SQL engines. */
export interface ValidatedReport {
  readonly source: string;
  readonly accountId: string;
  readonly cells: readonly (readonly string[])[];
}

export interface CredentialReport extends ValidatedReport {
  readonly users: readonly CredentialReportRow[];
}

const COLUMN_COUNT = CREDENTIAL_REPORT_COLUMNS.length;
const HEADER_LINE = 1;

/** Validates a credential report and returns its typed rows. Throws CredentialReportError. */
export function parseCredentialReport(input: CredentialReportInput, options: ReadOptions): CredentialReport {
  const users: CredentialReportRow[] = [];
  const validated = readReport(input, options, (row) => users.push(row));
  return { ...validated, users };
}

/**
 * Validates a credential report and returns its cells unchanged: what the SQL engine loads, without
 * keeping a typed copy of every row of a large Organization in memory.
 */
export function validateCredentialReport(
  input: CredentialReportInput,
  options: ReadOptions,
): ValidatedReport {
  return readReport(input, options, () => undefined);
}

/**
 * The typed rows of a report that already validated (validateCredentialReport): for a caller that
 * loaded the cells into SQL and then needs some rows typed, without reading the input twice.
 */
export function credentialReportRows(report: ValidatedReport): CredentialReportRow[] {
  return report.cells.map((cells, index) => validateRow(cells, report.source, index + HEADER_LINE + 1));
}

function readReport(
  input: CredentialReportInput,
  options: ReadOptions,
  onRow: (row: CredentialReportRow) => void,
): ValidatedReport {
  const { source } = options;
  const text = decode(input, source);
  if (text.trim() === '') {
    throw new CredentialReportError(
      { source },
      'the file is empty; expected a credential-report header line',
    );
  }

  const parsed = Papa.parse<string[]>(text, { delimiter: ',', header: false, skipEmptyLines: false });
  const firstError = parsed.errors[0];
  if (firstError) {
    const line = firstError.row === undefined ? undefined : firstError.row + 1;
    throw new CredentialReportError({ source, line }, `malformed CSV: ${firstError.message}`);
  }

  const [header, ...rows] = parsed.data;
  checkHeader(header ?? [], source);
  if (rows.length === 0) {
    throw new CredentialReportError(
      { source, line: 2 },
      'the report has a header but no rows; every credential report has at least the <root_account> row',
    );
  }

  let accountId = options.expectedAccountId;
  const seenArns = new Set<string>();
  rows.forEach((cells, index) => {
    const line = index + HEADER_LINE + 1;
    checkFieldCount(cells, source, line);
    const row = validateRow(cells, source, line);
    const rowAccount = accountIdOf(row.arn);
    if (accountId === undefined) {
      accountId = rowAccount;
    } else if (rowAccount !== accountId) {
      const expected = options.expectedAccountId
        ? `the location names account ${accountId}`
        : `earlier rows are of account ${accountId}`;
      throw new CredentialReportError(
        { source, line, column: 'arn' },
        `the ARN is in account ${rowAccount} but ${expected}; a credential report covers exactly one account`,
      );
    }
    if (seenArns.has(row.arn)) {
      throw new CredentialReportError({ source, line, column: 'arn' }, `user ${row.arn} appears twice`);
    }
    seenArns.add(row.arn);
    if ((row.user === ROOT_USER_NAME) !== row.arn.endsWith(':root')) {
      throw new CredentialReportError(
        { source, line, column: 'user' },
        `user ${JSON.stringify(row.user)} does not match ARN ${row.arn}: only the root ARN is <root_account>`,
      );
    }
    onRow(row);
  });

  return { source, accountId: accountId as string, cells: rows };
}

function decode(input: CredentialReportInput, source: string): string {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input);
    } catch {
      throw new CredentialReportError({ source }, 'the file is not valid UTF-8 text');
    }
  }
  // A BOM (Excel, PowerShell) and trailing blank lines are artefacts of how the file was saved.
  return text.replace(/^\uFEFF/, '').replace(/[\r\n]+$/, '');
}

function checkHeader(header: readonly string[], source: string): void {
  const location = { source, line: HEADER_LINE };
  for (let index = 0; index < Math.max(header.length, COLUMN_COUNT); index += 1) {
    const actual = header[index]?.trim();
    const expected = CREDENTIAL_REPORT_COLUMNS[index];
    if (actual === expected) continue;
    const position = `header field ${index + 1}`;
    if (expected === undefined) {
      throw new CredentialReportError(
        { ...location, column: actual },
        `${position} is an unknown extra column ${JSON.stringify(actual)}; a credential report has exactly ${COLUMN_COUNT} columns`,
      );
    }
    if (actual === undefined) {
      throw new CredentialReportError(
        { ...location, column: expected },
        `column ${JSON.stringify(expected)} is missing (the header ends after ${header.length} columns)`,
      );
    }
    const elsewhere = header.findIndex((name) => name.trim() === expected);
    const hint =
      elsewhere >= 0
        ? `; ${JSON.stringify(expected)} stands at field ${elsewhere + 1} instead (Athena reads columns by position)`
        : (CREDENTIAL_REPORT_COLUMNS as readonly string[]).includes(actual)
          ? ''
          : `; ${JSON.stringify(actual)} is not a credential-report column (misspelt?)`;
    throw new CredentialReportError(
      { ...location, column: expected },
      `${position} is ${JSON.stringify(actual)} where ${JSON.stringify(expected)} was expected${hint}`,
    );
  }
}

function checkFieldCount(cells: readonly string[], source: string, line: number): void {
  if (cells.length === 1 && cells[0] === '') {
    throw new CredentialReportError({ source, line }, 'the line is empty');
  }
  if (cells.length !== COLUMN_COUNT) {
    const column = cells.length < COLUMN_COUNT ? CREDENTIAL_REPORT_COLUMNS[cells.length] : undefined;
    const cause = cells.length < COLUMN_COUNT ? ' (a truncated download?)' : '';
    throw new CredentialReportError(
      { source, line, column },
      `the row has ${cells.length} fields where ${COLUMN_COUNT} were expected${cause}`,
    );
  }
  const multiline = cells.findIndex((cell) => /[\r\n]/.test(cell));
  if (multiline >= 0) {
    throw new CredentialReportError(
      { source, line, column: CREDENTIAL_REPORT_COLUMNS[multiline] },
      'the value spans several lines, which no credential-report value does',
    );
  }
}

function validateRow(cells: readonly string[], source: string, line: number): CredentialReportRow {
  const record: Record<string, string> = {};
  CREDENTIAL_REPORT_COLUMNS.forEach((column, index) => {
    record[column] = cells[index] as string;
  });
  const result = credentialReportRowSchema.safeParse(record);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const column = typeof issue?.path[0] === 'string' ? issue.path[0] : undefined;
  throw new CredentialReportError({ source, line, column }, issue?.message ?? 'invalid row');
}

/** The 12-digit account id of an IAM ARN (its fifth field), as the SQL's split_part(arn, ':', 5). */
export function accountIdOf(arn: string): string {
  return arn.split(':')[4] ?? '';
}
