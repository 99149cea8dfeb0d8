import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { DEFAULT_CONFIG, REMEDIATION_IDS, THRESHOLD_KEYS, type ThresholdKey } from '@credential-tracker/core';
import * as z from '@credential-tracker/core/zod';
import { SEVERITIES } from './contract.js';

/**
 * Where the catalog lives; Terraform reads the same folders to create the Athena named queries. In a
 * Lambda zip, scripts/build puts it beside the bundle; in the workspace it sits beside src/. The path
 * goes up to packages/ and back down into findings/ so that it holds both from this file
 * (packages/findings/src/) and from the CLI bundle (packages/cli/dist/): the bundle reads the
 * catalog of the checkout it runs in, never a copy that could go stale.
 */
const BUNDLED_CATALOG = new URL('./catalog/', import.meta.url);
export const CATALOG_DIR = fileURLToPath(
  existsSync(BUNDLED_CATALOG) ? BUNDLED_CATALOG : new URL('../../findings/catalog/', import.meta.url),
);

const parameterSchema = z.discriminatedUnion('type', [
  z.strictObject({
    name: z.literal('as_of'),
    type: z.literal('timestamp'),
    description: z.string().check(z.minLength(1)),
  }),
  z.strictObject({
    name: z.literal('report_date'),
    type: z.literal('date'),
    description: z.string().check(z.minLength(1)),
  }),
  z.strictObject({
    name: z.enum(THRESHOLD_KEYS as [ThresholdKey, ...ThresholdKey[]]),
    type: z.literal('integer'),
    description: z.string().check(z.minLength(1)),
    default: z.number().check(z.int()),
  }),
]);

export type FindingParameter = z.output<typeof parameterSchema>;

export const findingMetadataSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)),
  title: z.string().check(z.minLength(1)),
  severity: z.enum(SEVERITIES),
  description: z.string().check(z.minLength(1)),
  risk: z.string().check(z.minLength(1)),
  credential: z.string().check(z.minLength(1)),
  days: z.nullable(z.string().check(z.minLength(1))),
  references: z.strictObject({
    cis: z.nullable(z.string().check(z.minLength(1))),
    prowler: z.nullable(z.string().check(z.regex(/^[a-z0-9_]+$/))),
  }),
  parameters: z.array(parameterSchema).check(z.minLength(2)),
  remediation: z.nullable(z.enum(REMEDIATION_IDS)),
  fix: z.strictObject({
    cli: z.string().check(z.minLength(1)),
    terraform: z.nullable(z.string().check(z.minLength(1))),
  }),
});

export type FindingMetadata = z.output<typeof findingMetadataSchema>;

export interface Finding extends FindingMetadata {
  /** The Athena (Trino) SQL, exactly as stored in query.sql. */
  readonly sql: string;
  readonly directory: string;
}

/** A catalog entry that breaks the contract: found when the catalog is loaded, before any query runs. */
export class CatalogError extends Error {
  constructor(findingDirectory: string, problem: string) {
    super(`finding ${findingDirectory}: ${problem}`);
    this.name = 'CatalogError';
  }
}

// Each parameter is bound once, in the first CTE, as `<conversion>(?) AS <name>`; this is what lets
// Athena's positional ExecutionParameters and DuckDB's bound values line up with finding.json.
const PARAMETER_BINDING = /(?:from_iso8601_timestamp\(\?\)|CAST\(\? AS (?:varchar|integer)\))\s+AS\s+(\w+)/gi;

export function loadFinding(directory: string): Finding {
  const id = directory.split(/[\\/]/).filter(Boolean).at(-1) ?? directory;
  const read = (file: string): string => {
    try {
      return readFileSync(join(directory, file), 'utf8');
    } catch (error) {
      throw new CatalogError(id, `cannot read ${file}: ${(error as Error).message}`);
    }
  };
  let json: unknown;
  try {
    json = JSON.parse(read('finding.json'));
  } catch (error) {
    if (error instanceof CatalogError) throw error;
    throw new CatalogError(id, `finding.json is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = findingMetadataSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new CatalogError(id, `finding.json is invalid: ${problems.join('; ')}`);
  }
  const metadata = parsed.data;
  if (metadata.id !== id) {
    throw new CatalogError(
      id,
      `finding.json has id ${JSON.stringify(metadata.id)}; the id is the folder name`,
    );
  }
  const sql = read('query.sql');
  checkParameters(metadata, sql);
  return { ...metadata, sql, directory };
}

function checkParameters(metadata: FindingMetadata, sql: string): void {
  const withoutComments = sql.replace(/--[^\n]*/g, '');
  const placeholders = (withoutComments.match(/\?/g) ?? []).length;
  const bound = [...withoutComments.matchAll(PARAMETER_BINDING)].map((match) => match[1]);
  const declared = metadata.parameters.map((parameter) => parameter.name);
  if (placeholders !== bound.length || bound.join(',') !== declared.join(',')) {
    throw new CatalogError(
      metadata.id,
      `query.sql binds parameters [${bound.join(', ')}] with ${placeholders} placeholders, but finding.json declares [${declared.join(', ')}]; bind each declared parameter once, in order, as from_iso8601_timestamp(?) or CAST(? AS integer|varchar)`,
    );
  }
  if (declared[0] !== 'as_of' || declared[1] !== 'report_date') {
    throw new CatalogError(metadata.id, 'the first two parameters must be as_of and report_date');
  }
  for (const parameter of metadata.parameters) {
    if (parameter.type === 'integer' && parameter.default !== DEFAULT_CONFIG[parameter.name]) {
      throw new CatalogError(
        metadata.id,
        `parameter ${parameter.name} defaults to ${parameter.default} but the configuration default is ${DEFAULT_CONFIG[parameter.name]}`,
      );
    }
  }
}

/** Every finding of the catalog, in id order. */
export function loadCatalog(directory: string = CATALOG_DIR): Finding[] {
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => loadFinding(join(directory, name)));
}
