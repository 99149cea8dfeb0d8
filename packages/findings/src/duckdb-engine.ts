import {
  DuckDBInstance,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBPreparedStatement,
} from '@duckdb/node-api';
import { CREDENTIAL_REPORT_COLUMNS, type ValidatedReport } from '@credential-tracker/core';
import type { InventoryUser } from '@credential-tracker/core/inventory';
import type { Finding } from './catalog.js';
import { FINDING_COLUMNS, findingRowSchema, keepsFindingContract, type FindingRow } from './contract.js';
import { appendInventoryRecords, INVENTORY_TABLES_DDL } from './inventory-engine.js';
import { parameterValues, type RunParameters } from './parameters.js';
import { TRINO_COMPATIBILITY_MACROS } from './trino-compat.js';

const quote = (identifier: string): string => `"${identifier}"`;

// Athena's table: every report column as text (OpenCSVSerde reads strings), plus the `date` partition.
const CREATE_TABLE = `CREATE TABLE credential_report (${[...CREDENTIAL_REPORT_COLUMNS, 'date']
  .map((column) => `${quote(column)} VARCHAR NOT NULL`)
  .join(', ')})`;

const sqlText = (text: string): string => `'${text.replaceAll("'", "''")}'`;

// How read_csv reads a report that passed the core validator: every column text, by position, in a
// file that the validator has already proved to be strict CSV (22 fields a line, LF or CRLF, a BOM at
// most, no empty value, a quote only around a whole value). Nothing is sniffed. DuckDB's own strict
// mode is off: the validator is the strict reader, and DuckDB's would refuse blank lines at the end
// (CRLF then LF) that the validator accepts (read-validated-csv.test.ts reads every accepted shape).
const READ_CSV_OPTIONS = [
  'header = true',
  'auto_detect = false',
  'strict_mode = false',
  // The S3 layout's date=YYYY-MM-DD folder would otherwise become a column of its own.
  'hive_partitioning = false',
  'filename = false',
  "delim = ','",
  "quote = '\"'",
  "escape = '\"'",
  `columns = {${CREDENTIAL_REPORT_COLUMNS.map((column) => `${sqlText(column)}: 'VARCHAR'`).join(', ')}}`,
].join(', ');

// read_csv expands glob patterns in a path, and reads a path with a scheme (s3://, https://) remotely:
// such a path is loaded from the validated cells instead, so the file read is always the one named.
const NOT_A_PLAIN_PATH = /[*?[\]{}]|^[a-z][a-z0-9+.-]*:\/\//i;

/** Whether read_csv reads exactly the file at this path (no glob expansion, no remote scheme). */
export function isPlainCsvPath(path: string): boolean {
  return !NOT_A_PLAIN_PATH.test(path);
}

/** The SELECT that reads validated report files with read_csv: the 22 columns, as text, in order. */
export function readValidatedCsvSql(files: readonly string[]): string {
  return `SELECT * FROM read_csv([${files.map(sqlText).join(', ')}], ${READ_CSV_OPTIONS})`;
}

/** A validated file read back by DuckDB with another number of rows (changed since it was validated?). */
export class ReportLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportLoadError';
  }
}

// The column types of every catalog query, which runFast reads.
const FAST_COLUMN_TYPES = [
  'VARCHAR',
  'VARCHAR',
  'VARCHAR',
  'VARCHAR',
  'TIMESTAMP WITH TIME ZONE',
  'TIMESTAMP WITH TIME ZONE',
  'INTEGER',
].join(',');

// How runFast spells a NULL instant or day count; a NULL text field is dropped by concat_ws instead,
// which leaves the line a field short and sends the finding to runChecked.
const NULL_FIELD = '';

/**
 * A finding's query wrapped so that DuckDB returns its rows as one text (see runFast). The columns
 * are named, so a query without them fails here and runChecked reports it; row_number() over the
 * query's output keeps its ORDER BY through the aggregate.
 */
function fastFindingSql(sql: string): string {
  const text = (column: string): string => `coalesce(CAST(${column} AS VARCHAR), '')`;
  const line = [
    'account_id',
    'user_name',
    'user_arn',
    'credential',
    text('epoch_ms(created_at)'),
    text('epoch_ms(last_used_at)'),
    text('days'),
  ].join(', ');
  return [
    `SELECT string_agg(concat_ws(chr(9), ${line}), chr(10) ORDER BY ordinal)`,
    `FROM (SELECT row_number() OVER () AS ordinal, * FROM (\n${sql.replace(/;\s*$/, '')}\n) AS finding) AS numbered`,
  ].join('\n');
}

function bindParameters(
  statement: DuckDBPreparedStatement,
  finding: Finding,
  parameters: RunParameters,
): void {
  parameterValues(finding, parameters).forEach((parameter, index) => {
    if (parameter.type === 'integer') statement.bindInteger(index + 1, parameter.value);
    else statement.bindVarchar(index + 1, parameter.value);
  });
}

/** A finding query failed on the engine: names the finding, so the SQL file can be found. */
export class FindingQueryError extends Error {
  constructor(findingId: string, problem: string) {
    super(`finding ${findingId}: ${problem}`);
    this.name = 'FindingQueryError';
  }
}

/**
 * The catalog's SQL on an embedded, in-memory DuckDB: the local twin of the Athena table
 * `credential_report`. Only reports that passed the core validator are ever loaded.
 */
export class DuckDbFindingEngine {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async create(): Promise<DuckDbFindingEngine> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    // Athena's session zone is UTC; pinning DuckDB's too keeps any offset-less text from reading as local time.
    await connection.run("SET TimeZone = 'UTC'");
    // The inventory tables too, empty until a snapshot is loaded: every finding then runs on reports alone.
    for (const statement of [...TRINO_COMPATIBILITY_MACROS, CREATE_TABLE, ...INVENTORY_TABLES_DDL]) {
      await connection.run(statement);
    }
    return new DuckDbFindingEngine(instance, connection);
  }

  // One appender for every report of a scan: an appender per file leaves the table in many small
  // row groups, which made loading three times slower and the queries twice as slow (npm run bench).
  private appender: DuckDBAppender | undefined;

  /** Adds a validated report under a `date` partition, as download-report stores it in S3. */
  async load(report: ValidatedReport, reportDate: string): Promise<void> {
    this.appender ??= await this.connection.createAppender('credential_report');
    for (const cells of report.cells) {
      for (const cell of cells) this.appender.appendVarchar(cell);
      this.appender.appendVarchar(reportDate);
      this.appender.endRow();
    }
  }

  /**
   * Adds report files that the core validator accepted, read by DuckDB's own CSV reader: one
   * read_csv over them all, parallel and in large row groups, where the appender took 23 native
   * calls a row (a sixth of a scan's CPU). `rows` is the number of rows the validator counted in
   * all of them; a different count means a file changed in between, and nothing is scanned.
   */
  async loadValidatedFiles(files: readonly string[], rows: number, reportDate: string): Promise<void> {
    if (files.length === 0) return;
    for (const file of files) {
      if (!isPlainCsvPath(file)) throw new ReportLoadError(`${file}: not a plain path for read_csv`);
    }
    this.finishLoading();
    const statement = await this.connection.prepare(
      `INSERT INTO credential_report SELECT *, $1 FROM (${readValidatedCsvSql(files)})`,
    );
    statement.bindVarchar(1, reportDate);
    let inserted: number;
    try {
      // The rows' order in the table means nothing (every query orders its output), and keeping the
      // files' order made DuckDB buffer more of a large load: 1M users peaked above 1 GiB with it.
      await this.connection.run('SET preserve_insertion_order = false');
      inserted = Number((await statement.run()).rowsChanged);
    } catch (error) {
      throw new ReportLoadError(`DuckDB could not read the validated reports: ${(error as Error).message}`);
    } finally {
      await this.connection.run('RESET preserve_insertion_order');
    }
    if (inserted !== rows) {
      throw new ReportLoadError(
        `DuckDB read ${inserted} rows from the reports where validation counted ${rows}; did a file change during the scan?`,
      );
    }
  }

  /** Adds the users of an inventory snapshot under a `date` partition, as collect-inventory stores them. */
  async loadInventoryUsers(users: readonly InventoryUser[], date: string): Promise<void> {
    await appendInventoryRecords(this.connection, 'users', users, date);
  }

  /** Makes every loaded row visible to queries. */
  private finishLoading(): void {
    if (!this.appender) return;
    const appender = this.appender;
    this.appender = undefined;
    try {
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  /** Runs one finding's query.sql with its parameters bound; rows are checked against the contract. */
  async run(finding: Finding, parameters: RunParameters): Promise<FindingRow[]> {
    this.finishLoading();
    return (await this.runFast(finding, parameters)) ?? (await this.runChecked(finding, parameters));
  }

  /**
   * The rows of a finding read the cheap way. DuckDB writes them as one text, a line per row in the
   * query's order and a tab between fields, the instants as epoch milliseconds; JavaScript splits it
   * and checks each row by hand. Reading value by value through the generic converter, then zod's
   * contract check, cost more CPU than the queries themselves. Undefined when anything is off (the
   * query fails, its columns differ, a row has a NULL, a tab or a line break in a text field, or
   * breaks the contract): runChecked then gives the precise error.
   */
  private async runFast(finding: Finding, parameters: RunParameters): Promise<FindingRow[] | undefined> {
    let text;
    try {
      // The query's own columns, from its prepared statement: only the types the catalog returns
      // take this path, so no cast below can turn a wrong type into a passing value.
      const query = await this.connection.prepare(finding.sql);
      const columns = Array.from({ length: query.columnCount }, (_, index) => query.columnName(index));
      const types = Array.from({ length: query.columnCount }, (_, index) => String(query.columnType(index)));
      if (columns.join(',') !== FINDING_COLUMNS.join(',') || types.join(',') !== FAST_COLUMN_TYPES) {
        return undefined;
      }
      const statement = await this.connection.prepare(fastFindingSql(finding.sql));
      bindParameters(statement, finding, parameters);
      const reader = await statement.runAndReadAll();
      text = reader.getRows()[0]?.[0];
    } catch {
      return undefined;
    }
    if (text === null) return [];
    if (typeof text !== 'string') return undefined;
    const lines = text.split('\n');
    const findings = new Array<FindingRow>(lines.length);
    for (let index = 0; index < lines.length; index += 1) {
      const fields = (lines[index] as string).split('\t');
      if (fields.length !== FINDING_COLUMNS.length) return undefined;
      const [accountId, userName, userArn, credential, createdAt, lastUsedAt, days] = fields as [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      const row = {
        account_id: accountId,
        user_name: userName,
        user_arn: userArn,
        credential,
        created_at: createdAt === NULL_FIELD ? null : new Date(Number(createdAt)),
        last_used_at: lastUsedAt === NULL_FIELD ? null : new Date(Number(lastUsedAt)),
        days: days === NULL_FIELD ? null : Number(days),
      };
      if (!keepsFindingContract(row)) return undefined;
      findings[index] = row;
    }
    return findings;
  }

  private async runChecked(finding: Finding, parameters: RunParameters): Promise<FindingRow[]> {
    let reader;
    try {
      const statement = await this.connection.prepare(finding.sql);
      bindParameters(statement, finding, parameters);
      reader = await statement.runAndReadAll();
    } catch (error) {
      throw new FindingQueryError(finding.id, `query.sql failed on DuckDB: ${(error as Error).message}`);
    }
    const columns = reader.columnNames();
    if (columns.join(',') !== FINDING_COLUMNS.join(',')) {
      throw new FindingQueryError(
        finding.id,
        `query.sql returns columns [${columns.join(', ')}]; every finding returns [${FINDING_COLUMNS.join(', ')}]`,
      );
    }
    return reader.getRowObjectsJS().map((row, index) => {
      const parsed = findingRowSchema.safeParse(row);
      if (parsed.success) return parsed.data;
      const issue = parsed.error.issues[0];
      throw new FindingQueryError(
        finding.id,
        `row ${index + 1} breaks the finding contract at ${issue?.path.join('.')}: ${issue?.message}`,
      );
    });
  }

  close(): void {
    try {
      this.finishLoading();
    } finally {
      this.connection.closeSync();
      this.instance.closeSync();
    }
  }
}
