import {
  BOOLEAN,
  DuckDBInstance,
  INTEGER,
  LIST,
  STRUCT,
  VARCHAR,
  listValue,
  structValue,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import {
  findInventorySnapshots,
  INVENTORY_COLUMNS,
  INVENTORY_KINDS,
  INVENTORY_LAYOUT_EXAMPLE,
  InventoryDirectoryError,
  inventoryTableName,
  readInventorySnapshot,
  type InventoryColumnType,
  type InventoryKind,
  type InventorySnapshot,
} from '@credential-tracker/core/inventory';
import {
  CHANGE_COLUMNS,
  changeParameterValues,
  changeRowSchema,
  dayBefore,
  loadChangeQueries,
  type ChangeDates,
  type ChangeQuery,
  type ChangeRow,
} from './changes.js';
import { TRINO_COMPATIBILITY_MACROS } from './trino-compat.js';

// The snapshot files are found and read by core (the review CLI reads them too); re-exported here for
// the callers of runChangeQueries.
export {
  findInventorySnapshots,
  InventoryDirectoryError,
  readInventorySnapshot,
  type InventorySnapshotFiles,
} from '@credential-tracker/core/inventory';

export class ChangeQueryError extends Error {
  constructor(queryId: string, problem: string) {
    super(`change query ${queryId}: ${problem}`);
    this.name = 'ChangeQueryError';
  }
}

// ---------------------------------------------------------------------------------------------------
// The tables: Athena's inventory_* (initialise-table), column for column, plus the `date` partition.

const STRUCT_ARRAY = /^array<struct<(.+)>>$/;

/** The fields of an array<struct<...>> column, every one a string. */
function structFields(type: InventoryColumnType): string[] {
  const fields = STRUCT_ARRAY.exec(type)?.[1]?.split(',') ?? [];
  return fields.map((field) => {
    const [name, fieldType] = field.split(':');
    if (name === undefined || fieldType !== 'string') throw new TypeError(`unsupported column type ${type}`);
    return name;
  });
}

function duckDbType(type: InventoryColumnType): DuckDBType {
  switch (type) {
    case 'string':
      return VARCHAR;
    case 'boolean':
      return BOOLEAN;
    case 'int':
      return INTEGER;
    case 'array<string>':
      return LIST(VARCHAR);
    default:
      return LIST(STRUCT(Object.fromEntries(structFields(type).map((field) => [field, VARCHAR]))));
  }
}

function duckDbValue(type: InventoryColumnType, value: unknown): DuckDBValue {
  if (value === null) return null;
  switch (type) {
    case 'string':
    case 'boolean':
    case 'int':
      return value as string | boolean | number;
    case 'array<string>':
      return listValue([...(value as readonly string[])]);
    default: {
      const fields = structFields(type);
      return listValue(
        (value as readonly Readonly<Record<string, string>>[]).map((item) =>
          structValue(Object.fromEntries(fields.map((field) => [field, item[field] ?? null]))),
        ),
      );
    }
  }
}

/** The CREATE TABLE of one kind's table, with explicit types (never inferred from the files). */
export function inventoryTableDdl(kind: InventoryKind): string {
  const columns = INVENTORY_COLUMNS[kind].map(
    (column) => `"${column.name}" ${duckDbType(column.type).toString()}${column.nullable ? '' : ' NOT NULL'}`,
  );
  return `CREATE TABLE ${inventoryTableName(kind)} (${[...columns, '"date" VARCHAR NOT NULL'].join(', ')})`;
}

/**
 * The four inventory tables: the local twins of Athena's inventory_* tables (initialise-table). The
 * finding engine (DuckDbFindingEngine) creates them too, empty, so that a scan of credential reports
 * alone still runs every finding of the catalog: the findings over the inventory (review-revoke) then
 * find nothing.
 */
export const INVENTORY_TABLES_DDL: readonly string[] = INVENTORY_KINDS.map(inventoryTableDdl);

/**
 * Appends records of one kind to its table (created by inventoryTableDdl) under a `date` partition.
 * The records are trusted as given: read files through readInventorySnapshot, which validates them.
 */
export async function appendInventoryRecords(
  connection: DuckDBConnection,
  kind: InventoryKind,
  records: readonly object[],
  date: string,
): Promise<void> {
  if (records.length === 0) return;
  const columns = INVENTORY_COLUMNS[kind].map((column) => ({ ...column, duckDb: duckDbType(column.type) }));
  const appender = await connection.createAppender(inventoryTableName(kind));
  try {
    for (const record of records) {
      const fields = record as Readonly<Record<string, unknown>>;
      for (const column of columns) {
        appender.appendValue(duckDbValue(column.type, fields[column.name]), column.duckDb);
      }
      appender.appendVarchar(date);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

// ---------------------------------------------------------------------------------------------------
// The engine.

/**
 * The inventory tables on an embedded, in-memory DuckDB, the local twin of Athena's inventory_users,
 * inventory_groups, inventory_roles and inventory_policies; the change queries run on it unchanged.
 * runChangeQueries loads only snapshots that passed the record schemas (readInventorySnapshot).
 */
export class DuckDbInventoryEngine {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async create(): Promise<DuckDbInventoryEngine> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run("SET TimeZone = 'UTC'");
      for (const statement of [...TRINO_COMPATIBILITY_MACROS, ...INVENTORY_TABLES_DDL]) {
        await connection.run(statement);
      }
    } catch (error) {
      connection.closeSync();
      instance.closeSync();
      throw error;
    }
    return new DuckDbInventoryEngine(instance, connection);
  }

  /** Adds one account's snapshot under its `date` partition, as collect-inventory stores it in S3. */
  async load(snapshot: InventorySnapshot): Promise<void> {
    for (const kind of INVENTORY_KINDS) {
      await appendInventoryRecords(this.connection, kind, snapshot[kind], snapshot.date);
    }
  }

  /** Runs one change query with its parameters bound; rows are checked against the change contract. */
  async run(query: ChangeQuery, dates: ChangeDates): Promise<ChangeRow[]> {
    let reader;
    try {
      const statement = await this.connection.prepare(query.sql);
      changeParameterValues(query, dates).forEach((value, index) => statement.bindVarchar(index + 1, value));
      reader = await statement.runAndReadAll();
    } catch (error) {
      throw new ChangeQueryError(query.id, `query.sql failed on DuckDB: ${(error as Error).message}`);
    }
    const columns = reader.columnNames();
    if (columns.join(',') !== CHANGE_COLUMNS.join(',')) {
      throw new ChangeQueryError(
        query.id,
        `query.sql returns columns [${columns.join(', ')}]; every change query returns [${CHANGE_COLUMNS.join(', ')}]`,
      );
    }
    return reader.getRowObjectsJS().map((row, index) => {
      const parsed = changeRowSchema.safeParse(row);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ChangeQueryError(
          query.id,
          `row ${index + 1} breaks the change contract at ${issue?.path.join('.')}: ${issue?.message}`,
        );
      }
      if (!query.changes.includes(parsed.data.change)) {
        throw new ChangeQueryError(
          query.id,
          `row ${index + 1} is a ${parsed.data.change} change; change.json declares [${query.changes.join(', ')}]`,
        );
      }
      return parsed.data;
    });
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

// ---------------------------------------------------------------------------------------------------
// Every change query over a directory.

export interface ChangeQueryOptions {
  /** The day's snapshot, YYYY-MM-DD. */
  readonly snapshotDate: string;
  /** The snapshot to compare with, YYYY-MM-DD; by default the day before snapshotDate. */
  readonly previousDate?: string;
  /** The change queries to run; by default every one of packages/findings/changes. */
  readonly queries?: readonly ChangeQuery[];
}

export interface ChangeQueryResult {
  readonly query: ChangeQuery;
  readonly rows: readonly ChangeRow[];
}

export interface ChangeReport {
  readonly snapshot_date: string;
  readonly previous_date: string;
  readonly accounts: {
    /** With a snapshot on both dates: the only accounts the change queries compare. */
    readonly compared: readonly string[];
    /** With a snapshot of snapshot_date only (new to the scope, or its previous inventory failed). */
    readonly snapshot_only: readonly string[];
    /** With a snapshot of previous_date only (left the scope, or its inventory failed that day). */
    readonly previous_only: readonly string[];
  };
  /** In query id order. */
  readonly results: readonly ChangeQueryResult[];
}

/**
 * Loads the inventory snapshots of the two dates found under a directory laid out like the bucket
 * (inventory/date=YYYY-MM-DD/<kind>/<account_id>.jsonl, e.g. after `aws s3 sync`), validating every
 * line, then runs the change queries on DuckDB. No snapshot of snapshotDate is an error; none of
 * previousDate is not (nothing is then compared: `accounts` says so).
 */
export async function runChangeQueries(
  directory: string,
  options: ChangeQueryOptions,
): Promise<ChangeReport> {
  const dates = changeDates(options);
  const locations = await findInventorySnapshots(directory, [dates.snapshotDate, dates.previousDate]);
  if (!locations.some((location) => location.date === dates.snapshotDate)) {
    throw new InventoryDirectoryError(
      `no inventory of ${dates.snapshotDate} under ${directory}: expected ${INVENTORY_LAYOUT_EXAMPLE.replace('YYYY-MM-DD', dates.snapshotDate)} files`,
    );
  }
  const snapshots = await Promise.all(locations.map(readInventorySnapshot));
  const queries = options.queries ?? loadChangeQueries();
  const engine = await DuckDbInventoryEngine.create();
  try {
    for (const snapshot of snapshots) await engine.load(snapshot);
    const results: ChangeQueryResult[] = [];
    for (const query of queries) results.push({ query, rows: await engine.run(query, dates) });
    const ofDate = (date: string) =>
      new Set(snapshots.filter((s) => s.date === date).map((s) => s.account_id));
    const today = ofDate(dates.snapshotDate);
    const previous = ofDate(dates.previousDate);
    return {
      snapshot_date: dates.snapshotDate,
      previous_date: dates.previousDate,
      accounts: {
        compared: [...today].filter((account) => previous.has(account)),
        snapshot_only: [...today].filter((account) => !previous.has(account)),
        previous_only: [...previous].filter((account) => !today.has(account)),
      },
      results,
    };
  } finally {
    engine.close();
  }
}

function changeDates(options: ChangeQueryOptions): ChangeDates {
  const check = (name: string, date: string): void => {
    try {
      dayBefore(date);
    } catch {
      throw new InventoryDirectoryError(`${name} ${JSON.stringify(date)} is not a date (YYYY-MM-DD)`);
    }
  };
  check('snapshotDate', options.snapshotDate);
  const previousDate = options.previousDate ?? dayBefore(options.snapshotDate);
  check('previousDate', previousDate);
  if (previousDate >= options.snapshotDate) {
    throw new InventoryDirectoryError(
      `previousDate ${previousDate} is not before snapshotDate ${options.snapshotDate}: a change is from an earlier snapshot to a later one`,
    );
  }
  return { snapshotDate: options.snapshotDate, previousDate };
}
