import Papa from 'papaparse';
import { CREDENTIAL_REPORT_COLUMNS } from './columns.js';
import { CredentialReportError, type InputLocation } from './errors.js';
import { strictUtf8Text } from './utf8-text.js';
import { reportRowProblem, typedReportRow, type CredentialReportRow } from './report-row.js';

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
const USER = CREDENTIAL_REPORT_COLUMNS.indexOf('user');
const ARN = CREDENTIAL_REPORT_COLUMNS.indexOf('arn');
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
  return readReport(input, options);
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
  onRow?: (row: CredentialReportRow) => void,
): ValidatedReport {
  const { source } = options;
  const text = decode(input, source);
  if (text.trim() === '') {
    throw new CredentialReportError(
      { source },
      'the file is empty; expected a credential-report header line',
    );
  }
  checkCharacters(text, source);

  // Without a quote in the text, no cell can hold a quote or a line break: the per-cell look is
  // only paid by the rare report that quotes a user name.
  const quoting = text.includes('"');
  const [header, ...rows] = (quoting ? undefined : splitUnquotedCsv(text)) ?? parseCsv(text, source);
  checkHeader(header ?? [], source);
  if (rows.length === 0) {
    throw new CredentialReportError(
      { source, line: 2 },
      'the report has a header but no rows; every credential report has at least the <root_account> row',
    );
  }

  let accountId = options.expectedAccountId;
  // IAM user names are unique in an account case-insensitively (Alice and alice cannot coexist).
  // The map holds the row index alone (no object a row): the first spelling is read back from rows.
  const earlierUser = new Map<string, number>();
  rows.forEach((cells, index) => {
    const line = index + HEADER_LINE + 1;
    checkFieldCount(cells, source, line);
    if (quoting) checkQuotedCells(cells, source, line);
    checkRow(cells, source, line);
    const user = cells[USER] as string;
    const rowAccount = accountIdOf(cells[ARN] as string);
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
    const name = user.toLowerCase();
    const earlier = earlierUser.get(name);
    if (earlier !== undefined) {
      const first = (rows[earlier] as string[])[USER] as string;
      throw new CredentialReportError(
        { source, line, column: 'user' },
        `user ${JSON.stringify(user)} appears twice (first on line ${earlier + HEADER_LINE + 1} as ${JSON.stringify(first)}); IAM user names are unique in an account, case-insensitively`,
      );
    }
    earlierUser.set(name, index);
    // Typed rows only for a caller that keeps them: a scan loads the cells and needs none.
    onRow?.(typedReportRow(cells));
  });

  return { source, accountId: accountId as string, cells: rows };
}

function parseCsv(text: string, source: string): string[][] {
  const parsed = Papa.parse<string[]>(text, { delimiter: ',', header: false, skipEmptyLines: false });
  const firstError = parsed.errors[0];
  if (firstError) {
    const line = firstError.row === undefined ? undefined : firstError.row + 1;
    throw new CredentialReportError({ source, line }, `malformed CSV: ${firstError.message}`);
  }
  return parsed.data;
}

// papaparse guesses the line end from the first megabyte of the text.
const PAPAPARSE_GUESS_LENGTH = 1024 * 1024;

/**
 * A text without a quote, cut into rows and cells exactly as papaparse does it (its fast mode for an
 * input without the quote character: split at the line end, then at each comma), without its
 * per-character machinery: papaparse was two thirds of the validation's CPU. The line end is
 * papaparse's guess too. Once checkCharacters has passed, every CR is followed by LF, so the guess
 * is CRLF when the first line break is one and LF otherwise (a CR left at a line's end is then
 * refused with its cell), provided that break lies in the first megabyte and that megabyte does not
 * end between a CR and its LF; otherwise undefined, and papaparse itself reads the text.
 */
export function splitUnquotedCsv(text: string): string[][] | undefined {
  const firstLineFeed = text.indexOf('\n');
  if (firstLineFeed === -1 || firstLineFeed >= PAPAPARSE_GUESS_LENGTH - 1) return undefined;
  if (text.length > PAPAPARSE_GUESS_LENGTH && text.charCodeAt(PAPAPARSE_GUESS_LENGTH - 1) === 13) {
    return undefined;
  }
  const newline = firstLineFeed > 0 && text.charCodeAt(firstLineFeed - 1) === 13 ? '\r\n' : '\n';
  return text.split(newline).map((line) => line.split(','));
}

function decode(input: CredentialReportInput, source: string): string {
  const text = strictUtf8Text(input);
  if (text === undefined) {
    throw new CredentialReportError(
      { source },
      'the file is not valid UTF-8 text (a UTF-16 file, or a binary one?); IAM writes credential reports in UTF-8',
    );
  }
  // Trailing blank lines are an artefact of how the file was saved too. Cut by a loop from the end:
  // the regular expression /[\r\n]+$/ tried every line end of the text.
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end -= 1;
  return end === text.length ? text : text.slice(0, end);
}

// Every credential-report value is printable ASCII (user names, ARNs, timestamps, regions), and
// lines end in LF or CRLF. One search over the whole text finds anything else, instead of a check
// per cell on the hot path.
const UNEXPECTED_CHARACTER = /[^\n\r\x20-\x7E]|\r(?!\n)/;

function checkCharacters(text: string, source: string): void {
  const match = UNEXPECTED_CHARACTER.exec(text);
  if (!match) return;
  throw new CredentialReportError(locate(text, match.index, source), describeCharacter(text, match.index));
}

function describeCharacter(text: string, offset: number): string {
  const code = text.codePointAt(offset) as number;
  const unicode = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code === 0) {
    return 'a NUL byte, which no credential report holds (a binary file, or UTF-16 text?)';
  }
  if (code === 0x0d) {
    return 'a carriage return without a line feed: the file has old Mac (CR-only) line ends; save it with LF or CRLF line ends';
  }
  if (code === 0x09) return 'a tab, which no credential-report value holds (a tab-separated file?)';
  if (code < 0x20 || code === 0x7f)
    return `the control character ${unicode}, which no credential report holds`;
  if (code === 0xfeff) return 'a byte-order mark inside the file (files joined together?)';
  if (code === 0xfffd) {
    return `the replacement character ${unicode}: the text was decoded from bytes that were not UTF-8`;
  }
  return `the non-ASCII character ${unicode} (${JSON.stringify(String.fromCodePoint(code))}), which no credential-report value holds`;
}

/** The physical line and the column of an offset, for errors found before the CSV is parsed. */
function locate(text: string, offset: number, source: string): InputLocation {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < lineStart; at = text.indexOf('\n', at + 1)) line += 1;
  // The field is counted by the commas before the offset that are outside quotes.
  let field = 0;
  let quoted = false;
  for (let at = lineStart; at < offset; at += 1) {
    const character = text[at];
    if (character === '"') quoted = !quoted;
    else if (character === ',' && !quoted) field += 1;
  }
  const column = CREDENTIAL_REPORT_COLUMNS[field];
  return column === undefined ? { source, line } : { source, line, column };
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
}

/** What only quoting can put in a cell: a line break, or a quote itself (a stray one in `s"3`). */
function checkQuotedCells(cells: readonly string[], source: string, line: number): void {
  cells.forEach((cell, index) => {
    const column = CREDENTIAL_REPORT_COLUMNS[index];
    if (/[\r\n]/.test(cell)) {
      throw new CredentialReportError(
        { source, line, column },
        'the value spans several lines, which no credential-report value does',
      );
    }
    if (cell.includes('"')) {
      throw new CredentialReportError(
        { source, line, column },
        `the value ${JSON.stringify(cell.length > 80 ? `${cell.slice(0, 80)}…` : cell)} holds a quote; no credential-report value does (a stray quote in an unquoted value?)`,
      );
    }
  });
}

function checkRow(cells: readonly string[], source: string, line: number): void {
  const problem = reportRowProblem(cells);
  if (problem !== undefined) {
    throw new CredentialReportError({ source, line, column: problem.column }, problem.message);
  }
}

function validateRow(cells: readonly string[], source: string, line: number): CredentialReportRow {
  checkRow(cells, source, line);
  return typedReportRow(cells);
}

/** The 12-digit account id of an IAM ARN (its fifth field), as the SQL's split_part(arn, ':', 5). */
export function accountIdOf(arn: string): string {
  // Found by indexOf rather than split: this runs on every row, and split builds an array each time.
  let start = 0;
  for (let field = 0; field < 4; field += 1) {
    const colon = arn.indexOf(':', start);
    if (colon === -1) return '';
    start = colon + 1;
  }
  const end = arn.indexOf(':', start);
  return end === -1 ? arn.slice(start) : arn.slice(start, end);
}
