import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { CREDENTIAL_REPORT_COLUMNS, type ValidatedReport } from '@credential-tracker/core';
import type { InventoryUser } from '@credential-tracker/core/inventory';
import type { Finding } from './catalog.js';
import { FINDING_COLUMNS, findingRowSchema, type FindingRow } from './contract.js';
import { appendInventoryRecords, INVENTORY_TABLES_DDL } from './inventory-engine.js';
import { parameterValues, type RunParameters } from './parameters.js';
import { TRINO_COMPATIBILITY_MACROS } from './trino-compat.js';

const quote = (identifier: string): string => `"${identifier}"`;

// Athena's table: every report column as text (OpenCSVSerde reads strings), plus the `date` partition.
const CREATE_TABLE = `CREATE TABLE credential_report (${[...CREDENTIAL_REPORT_COLUMNS, 'date']
  .map((column) => `${quote(column)} VARCHAR NOT NULL`)
  .join(', ')})`;

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
    let reader;
    try {
      const statement = await this.connection.prepare(finding.sql);
      parameterValues(finding, parameters).forEach((parameter, index) => {
        if (parameter.type === 'integer') statement.bindInteger(index + 1, parameter.value);
        else statement.bindVarchar(index + 1, parameter.value);
      });
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
