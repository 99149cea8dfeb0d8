import { CREDENTIAL_REPORT_COLUMNS, type ValidatedReport } from '@credential-tracker/core';
import {
  INVENTORY_KINDS,
  inventoryTableName,
  type InventorySnapshot,
  type InventoryUser,
} from '@credential-tracker/core/inventory';
import {
  athenaExecutionParameters,
  changeParameterValues,
  changeRowSchema,
  findingRowSchema,
  type ChangeDates,
  type ChangeQuery,
  type Finding,
  type RunParameters,
} from '@credential-tracker/findings';
import { startTrino, trinoRowObjects, trinoTableDdl, type Trino } from './trino.js';

/** A query gave other rows on Trino than on DuckDB: the message holds both row sets. */
export class TrinoParityError extends Error {
  constructor(what: string, duckDb: readonly unknown[], trino: readonly unknown[] | string) {
    super(
      `${what} differs between DuckDB and Trino\n--- DuckDB (${duckDb.length} rows):\n${rowsText(duckDb)}\n--- Trino (${
        typeof trino === 'string' ? 'failed' : `${trino.length} rows`
      }):\n${typeof trino === 'string' ? trino : rowsText(trino)}`,
    );
    this.name = 'TrinoParityError';
  }
}

const rowsText = (rows: readonly unknown[]): string => rows.map((row) => JSON.stringify(row)).join('\n');

export interface ReportLoad {
  readonly report: ValidatedReport;
  /** The `date` partition it is stored under. */
  readonly date: string;
}

/**
 * Runs the catalog's and the change queries' SQL on a real Trino over the tables initialise-table
 * defines, and checks each answer against DuckDB's. The tables are created once from Athena's DDL
 * (trinoTableDdl) and truncated before each run.
 */
export class TrinoParity {
  /** How many runs were compared, by finding or change query id. */
  readonly compared = new Map<string, number>();

  private constructor(
    readonly trino: Trino,
    private readonly tables: readonly string[],
  ) {}

  /** Starts Trino and creates the tables of initialise-table's DDL (Athena's CREATE EXTERNAL TABLE). */
  static async start(athenaDdl: readonly string[]): Promise<TrinoParity> {
    const trino = await startTrino();
    try {
      const statements = athenaDdl.map(trinoTableDdl);
      await trino.run({ statements });
      const tables = statements.map((ddl) => /^CREATE TABLE "([^"]+)"/.exec(ddl)?.[1] ?? '');
      return new TrinoParity(trino, tables);
    } catch (error) {
      await trino.stop();
      throw error;
    }
  }

  /** The tables loaded since the last reset: only those are truncated (each statement costs Trino a plan). */
  private readonly loaded = new Set<string>();

  // One run at a time: tests may run several findings at once (Promise.all), and a run is reset, load, query.
  private lock: Promise<unknown> = Promise.resolve();

  private exclusive(run: () => Promise<void>): Promise<void> {
    const done = this.lock.then(run);
    this.lock = done.catch(() => undefined);
    return done;
  }

  /** The inputs the tables hold (by identity): a run over the very same arrays does not load them again. */
  private held: readonly unknown[] = [];

  private holds(...inputs: readonly unknown[]): boolean {
    return inputs.length === this.held.length && inputs.every((input, index) => input === this.held[index]);
  }

  private async reset(): Promise<void> {
    this.held = [];
    const tables = this.tables.filter((table) => this.loaded.has(table));
    this.loaded.clear();
    if (tables.length > 0)
      await this.trino.run({ statements: tables.map((table) => `TRUNCATE TABLE "${table}"`) });
  }

  private async insert(table: string, records: readonly Readonly<Record<string, unknown>>[]): Promise<void> {
    if (records.length === 0) return;
    this.loaded.add(table);
    await this.trino.insert(table, records);
  }

  private async loadReports(reports: readonly ReportLoad[]): Promise<void> {
    const records = reports.flatMap(({ report, date }) =>
      report.cells.map((cells) => ({
        ...Object.fromEntries(CREDENTIAL_REPORT_COLUMNS.map((column, index) => [column, cells[index]])),
        date,
      })),
    );
    await this.insert('credential_report', records);
  }

  /** One finding over the given reports (and inventory users), on Trino; throws unless rows equal duckDbRows. */
  async checkFinding(
    finding: Finding,
    parameters: RunParameters,
    reports: readonly ReportLoad[],
    inventoryUsers: readonly { readonly date: string; readonly users: readonly InventoryUser[] }[],
    duckDbRows: readonly unknown[],
  ): Promise<void> {
    return this.exclusive(() => this.runFinding(finding, parameters, reports, inventoryUsers, duckDbRows));
  }

  private async runFinding(
    finding: Finding,
    parameters: RunParameters,
    reports: readonly ReportLoad[],
    inventoryUsers: readonly { readonly date: string; readonly users: readonly InventoryUser[] }[],
    duckDbRows: readonly unknown[],
  ): Promise<void> {
    if (!this.holds(reports, inventoryUsers)) {
      await this.reset();
      await this.loadReports(reports);
      for (const { date, users } of inventoryUsers) {
        await this.insert(
          'inventory_users',
          users.map((user) => ({ ...user, date })),
        );
      }
      this.held = [reports, inventoryUsers];
    }
    const what = `finding ${finding.id}`;
    let rows: unknown[];
    try {
      const result = await this.trino.execute(finding.sql, athenaExecutionParameters(finding, parameters));
      rows = trinoRowObjects(result).map((row) => findingRowSchema.parse(row));
    } catch (error) {
      throw new TrinoParityError(what, duckDbRows, (error as Error).message);
    }
    this.compare(what, finding.id, duckDbRows, rows);
  }

  /** One change query over the given snapshots, on Trino; throws unless rows equal duckDbRows. */
  async checkChange(
    query: ChangeQuery,
    dates: ChangeDates,
    snapshots: readonly InventorySnapshot[],
    duckDbRows: readonly unknown[],
  ): Promise<void> {
    return this.exclusive(() => this.runChange(query, dates, snapshots, duckDbRows));
  }

  private async runChange(
    query: ChangeQuery,
    dates: ChangeDates,
    snapshots: readonly InventorySnapshot[],
    duckDbRows: readonly unknown[],
  ): Promise<void> {
    if (!this.holds(snapshots)) {
      await this.reset();
      for (const kind of INVENTORY_KINDS) {
        const records = snapshots.flatMap((snapshot) =>
          (snapshot[kind] as readonly object[]).map((record) => ({ ...record, date: snapshot.date })),
        );
        await this.insert(inventoryTableName(kind), records);
      }
      this.held = [snapshots];
    }
    const what = `change query ${query.id}`;
    // Athena's ExecutionParameters: SQL literals, positionally.
    const parameters = changeParameterValues(query, dates).map((value) => `'${value.replaceAll("'", "''")}'`);
    let rows: unknown[];
    try {
      const result = await this.trino.execute(query.sql, parameters);
      rows = trinoRowObjects(result).map((row) => changeRowSchema.parse(row));
    } catch (error) {
      throw new TrinoParityError(what, duckDbRows, (error as Error).message);
    }
    this.compare(what, query.id, duckDbRows, rows);
  }

  private compare(
    what: string,
    id: string,
    duckDbRows: readonly unknown[],
    trinoRows: readonly unknown[],
  ): void {
    // Rows in the order each engine returned them: every query's ORDER BY is part of its answer.
    if (rowsText(duckDbRows) !== rowsText(trinoRows)) throw new TrinoParityError(what, duckDbRows, trinoRows);
    this.compared.set(id, (this.compared.get(id) ?? 0) + 1);
  }

  stop(): Promise<void> {
    return this.trino.stop();
  }
}

// On globalThis: a test file loaded both through require and through import (tsx gives each its own
// module instance) still sees the one session.
const ACTIVE = Symbol.for('credential-tracker.trino-parity');
const registry = globalThis as { [ACTIVE]?: TrinoParity };

/**
 * The Trino parity session of this test run, if one was started (test/trino-parity.test.ts does):
 * the finding and change test harnesses then check every query they run on DuckDB on Trino too.
 */
export function activeTrinoParity(): TrinoParity | undefined {
  return registry[ACTIVE];
}

export function setActiveTrinoParity(parity: TrinoParity | undefined): void {
  registry[ACTIVE] = parity;
}
