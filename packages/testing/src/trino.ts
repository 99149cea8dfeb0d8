import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * An in-process Trino (the engine Athena engine v3 is built on) for the tests: the harness of
 * scripts/tools/trino, built by scripts/setup-test-tools into .tools/trino (its jars from Maven
 * Central, its JDK 25 found there). One long-running JVM per test run, JSON lines over stdin/stdout.
 *
 * This file is the one place where Athena's DDL is turned into Trino's (trinoTableDdl) and where
 * Trino's values are normalised to what the DuckDB engines return (normaliseTrinoValue).
 */

const TOOL = fileURLToPath(new URL('../../../.tools/trino/', import.meta.url));
const READY_STAMP = `${TOOL}ready`;
const SKIPPED = `${TOOL}skipped`;

export class TrinoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrinoError';
  }
}

/** Why the harness cannot start here, or undefined when it can. One line, for a test's skip message. */
export function trinoMissing(): string | undefined {
  if (existsSync(READY_STAMP)) return undefined;
  const reason = existsSync(SKIPPED) ? readFileSync(SKIPPED, 'utf8').trim() : 'not built';
  return `the Trino harness is not in .tools/trino (${reason}): run \`bash scripts/setup-test-tools\``;
}

export interface TrinoResult {
  readonly columns: readonly string[];
  /** Trino's type of each column, e.g. varchar, integer, timestamp(3) with time zone. */
  readonly types: readonly string[];
  /** Values as the harness prints them: see normaliseTrinoValue. */
  readonly rows: readonly (readonly unknown[])[];
}

export interface TrinoRequest {
  /** Run in turn; the answer is the last one's. */
  readonly statements: readonly string[];
  /** The schema of catalog `memory` the statements run in; `default` unless given. */
  readonly schema?: string;
  /** Prepared statements added to the session, by name: a statement may then be EXECUTE name USING ... */
  readonly prepared?: Readonly<Record<string, string>>;
}

export interface Trino {
  run(request: TrinoRequest): Promise<TrinoResult>;
  /** PREPARE / EXECUTE ... USING, as Athena runs a query with ExecutionParameters (SQL literals). */
  execute(sql: string, parameters: readonly string[], schema?: string): Promise<TrinoResult>;
  /** Each column's Trino type, from DESCRIBE. */
  describe(table: string, schema?: string): Promise<readonly { name: string; type: string }[]>;
  /** Inserts records (by column name; a missing field is NULL) as typed SQL literals. */
  insert(
    table: string,
    records: readonly Readonly<Record<string, unknown>>[],
    schema?: string,
  ): Promise<void>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 180_000;

/** Starts the harness's JVM; stop() it in an after() hook (it also exits when this process does). */
export async function startTrino(): Promise<Trino> {
  const missing = trinoMissing();
  if (missing !== undefined) throw new TrinoError(missing);
  const javaHome = readFileSync(`${TOOL}java-home`, 'utf8').trim();
  const child = spawn(
    `${javaHome}/bin/java`,
    [
      '-Xmx1g',
      '-XX:+UseSerialGC',
      '--add-modules',
      'jdk.incubator.vector',
      '-Dlog.level=WARN',
      '-cp',
      `${TOOL}classes:${TOOL}lib/*`,
      'TrinoHarness',
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  return Harness.attach(child);
}

class Harness implements Trino {
  private stderr = '';
  private readonly waiting: ((line: string | undefined) => void)[] = [];
  private readonly lines: string[] = [];
  private exited = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly columnTypes = new Map<string, readonly { name: string; type: string }[]>();

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const waiter = this.waiting.shift();
      if (waiter) waiter(line);
      else this.lines.push(line);
    });
    const kill = () => child.kill('SIGKILL');
    process.once('exit', kill);
    child.once('exit', () => {
      this.exited = true;
      process.removeListener('exit', kill);
      for (const waiter of this.waiting.splice(0)) waiter(undefined);
    });
  }

  static async attach(child: ChildProcessWithoutNullStreams): Promise<Harness> {
    const harness = new Harness(child);
    let timer: NodeJS.Timeout | undefined;
    try {
      const ready = await Promise.race([
        harness.nextLine(),
        new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), START_TIMEOUT_MS))),
      ]);
      if (ready === undefined || !(JSON.parse(ready) as { ready?: boolean }).ready) {
        throw new TrinoError(`the Trino harness did not start:\n${harness.stderr}`);
      }
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return harness;
  }

  private nextLine(): Promise<string | undefined> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.exited) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  run(request: TrinoRequest): Promise<TrinoResult> {
    // One request at a time: answers come back in order, one line each.
    const answer = this.queue.then(async () => {
      if (this.exited) throw new TrinoError(`the Trino harness has exited:\n${this.stderr}`);
      this.child.stdin.write(`${JSON.stringify(request)}\n`);
      const line = await this.nextLine();
      if (line === undefined) throw new TrinoError(`the Trino harness exited:\n${this.stderr}`);
      const parsed = JSON.parse(line) as TrinoResult & { error?: string; statement?: number };
      if (parsed.error !== undefined) {
        const statement = request.statements[parsed.statement ?? 0] ?? '';
        throw new TrinoError(`Trino: ${parsed.error}\n-- in:\n${statement.slice(0, 2000)}`);
      }
      return parsed;
    });
    this.queue = answer.catch(() => undefined);
    return answer;
  }

  execute(sql: string, parameters: readonly string[], schema?: string): Promise<TrinoResult> {
    const using = parameters.length === 0 ? '' : ` USING ${parameters.join(', ')}`;
    return this.run({
      statements: [`EXECUTE query${using}`],
      prepared: { query: sql },
      ...(schema ? { schema } : {}),
    });
  }

  async describe(table: string, schema = 'default'): Promise<readonly { name: string; type: string }[]> {
    const key = `${schema}.${table}`;
    const known = this.columnTypes.get(key);
    if (known) return known;
    const result = await this.run({ statements: [`DESCRIBE ${quote(table)}`], schema });
    const columns = result.rows.map((row) => ({ name: String(row[0]), type: String(row[1]) }));
    this.columnTypes.set(key, columns);
    return columns;
  }

  async insert(
    table: string,
    records: readonly Readonly<Record<string, unknown>>[],
    schema = 'default',
  ): Promise<void> {
    if (records.length === 0) return;
    const columns = await this.describe(table, schema);
    const values = records.map(
      (record) =>
        `(${columns.map((column) => `CAST(${trinoLiteral(parseType(column.type), record[column.name] ?? null)} AS ${column.type})`).join(', ')})`,
    );
    const names = columns.map((column) => quote(column.name)).join(', ');
    // A few hundred rows per statement keeps each plan small.
    const statements: string[] = [];
    for (let start = 0; start < values.length; start += 200) {
      statements.push(
        `INSERT INTO ${quote(table)} (${names}) VALUES ${values.slice(start, start + 200).join(', ')}`,
      );
    }
    await this.run({ statements, schema });
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

const quote = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;
const text = (value: string): string => `'${value.replaceAll("'", "''")}'`;

// ---------------------------------------------------------------------------------------------------
// Types and literals.

type TrinoType =
  | { readonly kind: 'scalar'; readonly name: string }
  | { readonly kind: 'array'; readonly element: TrinoType }
  | { readonly kind: 'row'; readonly fields: readonly { readonly name: string; readonly type: TrinoType }[] };

/** Parses a Trino type name as DESCRIBE prints it: varchar, integer, array(row(key varchar, ...)). */
export function parseType(type: string): TrinoType {
  let at = 0;
  const skip = () => {
    while (type[at] === ' ') at++;
  };
  const word = (): string => {
    skip();
    if (type[at] === '"') {
      const end = type.indexOf('"', at + 1);
      const name = type.slice(at + 1, end);
      at = end + 1;
      return name;
    }
    const match = /^[A-Za-z_][\w ]*?(?=[(), ]|$)/.exec(type.slice(at));
    const name = match?.[0] ?? '';
    at += name.length;
    return name;
  };
  const parse = (): TrinoType => {
    const name = word().toLowerCase();
    skip();
    if (name === 'array' && type[at] === '(') {
      at++;
      const element = parse();
      skip();
      at++; // )
      return { kind: 'array', element };
    }
    if (name === 'row' && type[at] === '(') {
      at++;
      const fields: { name: string; type: TrinoType }[] = [];
      for (;;) {
        const fieldName = word();
        fields.push({ name: fieldName, type: parse() });
        skip();
        if (type[at++] === ')') break;
      }
      return { kind: 'row', fields };
    }
    // varchar(n), decimal(p, s), timestamp(3) with time zone: kept whole.
    let scalar = name;
    if (type[at] === '(') {
      const end = type.indexOf(')', at);
      scalar += type.slice(at, end + 1);
      at = end + 1;
    }
    const rest = /^( with(out)? time zone)/.exec(type.slice(at));
    if (rest?.[1]) {
      scalar += rest[1];
      at += rest[1].length;
    }
    return { kind: 'scalar', name: scalar };
  };
  return parse();
}

function trinoLiteral(type: TrinoType, value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  switch (type.kind) {
    case 'array':
      return `ARRAY[${(value as readonly unknown[]).map((item) => trinoLiteral(type.element, item)).join(', ')}]`;
    case 'row': {
      const fields = value as Readonly<Record<string, unknown>>;
      return `ROW(${type.fields.map((field) => trinoLiteral(field.type, fields[field.name] ?? null)).join(', ')})`;
    }
    case 'scalar':
      if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
      if (typeof value === 'number') return String(value);
      if (typeof value === 'string') return text(value);
      throw new TrinoError(`cannot write ${JSON.stringify(value)} as a ${type.name} literal`);
  }
}

/**
 * THE normaliser: a value as the harness prints it, turned into what the DuckDB engines hand back
 * (getRowObjectsJS) for the same SQL type, so that rows compare with deep equality:
 * - timestamp(p) with time zone: printed as its UTC instant (ISO-8601, Z) -> a Date (DuckDB's TIMESTAMPTZ);
 * - integer, bigint, double: JSON numbers already -> numbers;
 * - varchar, boolean, arrays: as printed.
 * Nothing else is touched: a difference in value, NULL-ness, order or type shows as a difference.
 */
export function normaliseTrinoValue(type: string, value: unknown): unknown {
  if (value === null) return null;
  if (/^timestamp(\(\d+\))? with time zone$/.test(type)) return new Date(value as string);
  return value;
}

/** A result's rows as objects by column name, values normalised. */
export function trinoRowObjects(result: TrinoResult): Record<string, unknown>[] {
  return result.rows.map((row) =>
    Object.fromEntries(
      result.columns.map((column, index) => [
        column,
        normaliseTrinoValue(result.types[index] ?? '', row[index]),
      ]),
    ),
  );
}

// ---------------------------------------------------------------------------------------------------
// Athena's DDL on Trino.

/** Hive DDL's type names (Athena's CREATE EXTERNAL TABLE) in Trino's: string -> varchar, struct -> row. */
export function trinoType(hiveType: string): string {
  return hiveType
    .replace(/\bstring\b/gi, 'varchar')
    .replace(/\bint\b/gi, 'integer')
    .replace(/\b(array|struct|map)</gi, (_, name: string) =>
      name.toLowerCase() === 'struct' ? 'row(' : `${name}(`,
    )
    .replace(/>/g, ')')
    .replace(/(\w+):/g, '$1 ');
}

/**
 * Athena's CREATE EXTERNAL TABLE (initialise-table) as a Trino CREATE TABLE for the memory connector:
 * the columns with their types translated (trinoType), the partition keys as ordinary columns (Athena
 * exposes them so), and what only Athena/Hive reads dropped: EXTERNAL, ROW FORMAT SERDE, STORED AS,
 * LOCATION and TBLPROPERTIES (partition projection, storage.location.template, skip.header.line.count).
 * A column type Trino does not know is passed through, so Trino rejects it.
 */
export function trinoTableDdl(athenaDdl: string): string {
  const match =
    /^CREATE EXTERNAL TABLE IF NOT EXISTS `([^`]+)` \(\n([\s\S]*?)\n\)\nPARTITIONED BY \(([^)]*)\)\n/.exec(
      athenaDdl,
    );
  if (!match)
    throw new TrinoError(`not an Athena CREATE EXTERNAL TABLE of initialise-table's form:\n${athenaDdl}`);
  const [, table = '', columns = '', partitions = ''] = match;
  const column = (definition: string): string => {
    const parsed = /^\s*`([^`]+)`\s+(.+?)\s*$/.exec(definition);
    if (!parsed) throw new TrinoError(`cannot read the column definition ${JSON.stringify(definition)}`);
    return `${quote(parsed[1] ?? '')} ${trinoType(parsed[2] ?? '')}`;
  };
  const definitions = [...columns.split(',\n'), ...partitions.split(', ')].map(column);
  return `CREATE TABLE ${quote(table)} (\n  ${definitions.join(',\n  ')}\n)`;
}
