import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from '@credential-tracker/core/zod';

/**
 * The change queries: one folder each, like the finding catalog's, with `query.sql` (Athena SQL, the
 * one source of truth: Terraform creates the named query from it, the local engine runs the same text
 * on DuckDB) and `change.json`. They compare a day's inventory snapshot (the inventory_* tables) with
 * an earlier one; direct-user-policies reports the day's state.
 */
export function changeQueriesDirectory(): string {
  // In a Lambda zip the folder would sit beside the bundle; in the workspace it sits beside src/,
  // reached through packages/ so the path holds from the CLI bundle (packages/cli/dist/) as well.
  const bundled = new URL('./changes/', import.meta.url);
  return fileURLToPath(existsSync(bundled) ? bundled : new URL('../../findings/changes/', import.meta.url));
}

/** The columns every change query returns, in order: one reader serves every change query. */
export const CHANGE_COLUMNS = [
  'account_id',
  'change',
  'principal_type',
  'principal_name',
  'principal_arn',
  'subject',
  'detail',
  'snapshot_date',
] as const;

export const PRINCIPAL_TYPES = ['user', 'group', 'role'] as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** One row of a change query. `subject` is what changed on the principal (a key id, a policy, a group). */
export const changeRowSchema = z.strictObject({
  account_id: z.string().check(z.regex(/^\d{12}$/)),
  change: z.string().check(z.regex(KEBAB)),
  principal_type: z.enum(PRINCIPAL_TYPES),
  principal_name: z.string().check(z.minLength(1)),
  principal_arn: z.string().check(z.startsWith('arn:')),
  subject: z.nullable(z.string().check(z.minLength(1))),
  detail: z.string().check(z.minLength(1)),
  snapshot_date: z.string().check(z.regex(DAY)),
});

export type ChangeRow = z.output<typeof changeRowSchema>;

const text = z.string().check(z.minLength(1));

const CHANGE_PARAMETER_NAMES = ['snapshot_date', 'previous_date'] as const;
export type ChangeParameterName = (typeof CHANGE_PARAMETER_NAMES)[number];

export const changeQueryMetadataSchema = z.strictObject({
  id: z.string().check(z.regex(KEBAB)),
  title: text,
  description: text,
  /** Every value the query's `change` column can take. */
  changes: z.array(z.string().check(z.regex(KEBAB))).check(z.minLength(1)),
  references: z.strictObject({ cis: z.nullable(text) }),
  parameters: z
    .array(
      z.strictObject({ name: z.enum(CHANGE_PARAMETER_NAMES), type: z.literal('date'), description: text }),
    )
    .check(z.minLength(1)),
});

export type ChangeQueryMetadata = z.output<typeof changeQueryMetadataSchema>;

export interface ChangeQuery extends ChangeQueryMetadata {
  /** The Athena (Trino) SQL, exactly as stored in query.sql. */
  readonly sql: string;
  readonly directory: string;
}

/** A change query folder that breaks the contract: found when it is loaded, before any query runs. */
export class ChangeQueryCatalogError extends Error {
  constructor(directory: string, problem: string) {
    super(`change query ${directory}: ${problem}`);
    this.name = 'ChangeQueryCatalogError';
  }
}

// As in the finding catalog: each parameter bound once, in the first CTE, in change.json's order, which
// is how Athena's positional execution parameters and DuckDB's bound values line up.
const PARAMETER_BINDING = /CAST\(\? AS varchar\)\s+AS\s+(\w+)/gi;

export function loadChangeQuery(directory: string): ChangeQuery {
  const id = directory.split(/[\\/]/).filter(Boolean).at(-1) ?? directory;
  const read = (file: string): string => {
    try {
      return readFileSync(join(directory, file), 'utf8');
    } catch (error) {
      throw new ChangeQueryCatalogError(id, `cannot read ${file}: ${(error as Error).message}`);
    }
  };
  let json: unknown;
  try {
    json = JSON.parse(read('change.json'));
  } catch (error) {
    if (error instanceof ChangeQueryCatalogError) throw error;
    throw new ChangeQueryCatalogError(id, `change.json is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = changeQueryMetadataSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ChangeQueryCatalogError(id, `change.json is invalid: ${problems.join('; ')}`);
  }
  const metadata = parsed.data;
  if (metadata.id !== id) {
    throw new ChangeQueryCatalogError(
      id,
      `change.json has id ${JSON.stringify(metadata.id)}; the id is the folder name`,
    );
  }
  const sql = read('query.sql');
  const withoutComments = sql.replace(/--[^\n]*/g, '');
  const placeholders = (withoutComments.match(/\?/g) ?? []).length;
  const bound = [...withoutComments.matchAll(PARAMETER_BINDING)].map((match) => match[1]);
  const declared = metadata.parameters.map((parameter) => parameter.name);
  if (
    placeholders !== bound.length ||
    bound.join(',') !== declared.join(',') ||
    declared[0] !== 'snapshot_date'
  ) {
    throw new ChangeQueryCatalogError(
      id,
      `query.sql binds parameters [${bound.join(', ')}] with ${placeholders} placeholders, but change.json declares [${declared.join(', ')}]; bind snapshot_date first, then each declared parameter once, in order, as CAST(? AS varchar)`,
    );
  }
  return { ...metadata, sql, directory };
}

/** Every change query, in id order. */
export function loadChangeQueries(directory: string = changeQueriesDirectory()): ChangeQuery[] {
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => loadChangeQuery(join(directory, name)));
}

export interface ChangeDates {
  /** The day's snapshot, YYYY-MM-DD. */
  readonly snapshotDate: string;
  /** The snapshot it is compared with, YYYY-MM-DD, earlier than snapshotDate. */
  readonly previousDate: string;
}

/** The day before a YYYY-MM-DD date: the default previous snapshot. */
export function dayBefore(date: string): string {
  const instant = new Date(`${date}T00:00:00Z`);
  if (!DAY.test(date) || Number.isNaN(instant.getTime()) || instant.toISOString().slice(0, 10) !== date) {
    throw new RangeError(`${JSON.stringify(date)} is not a date (YYYY-MM-DD)`);
  }
  return new Date(instant.getTime() - 86_400_000).toISOString().slice(0, 10);
}

/** The values of a change query's parameters in the order its query binds them. */
export function changeParameterValues(query: ChangeQueryMetadata, dates: ChangeDates): string[] {
  return query.parameters.map((parameter) =>
    parameter.name === 'snapshot_date' ? dates.snapshotDate : dates.previousDate,
  );
}
