import { GetNamedQueryCommand, type AthenaClient } from '@aws-sdk/client-athena';
import type { Config } from '@credential-tracker/core';
import { runQuery, type PollingOptions, type RunContext } from '@credential-tracker/core/aws';
import {
  athenaExecutionParameters,
  CATALOG_DIR,
  loadCatalog,
  type Finding,
} from '@credential-tracker/findings';

export interface FindingSettings {
  readonly FINDING_ID: string;
  readonly NAMED_QUERY_ID: string;
  readonly ATHENA_WORKGROUP: string;
  readonly GLUE_DATABASE: string;
}

export interface GenerateFindingsResult {
  readonly finding: string;
  readonly query_execution_id: string;
  readonly state: 'SUCCEEDED';
}

/** FINDING_ID names no finding of the catalog bundled with the function. */
export class UnknownFindingError extends Error {
  constructor(findingId: string, known: readonly string[]) {
    super(
      `generate-findings: FINDING_ID ${JSON.stringify(findingId)} is not in the catalog (${known.join(', ')}); fix the function's environment in Terraform`,
    );
    this.name = 'UnknownFindingError';
  }
}

/**
 * The deployed named query is not the catalog's query.sql the function was built with: running it
 * would bind the catalog's parameters to some other SQL.
 */
export class NamedQueryDriftError extends Error {
  constructor(finding: Finding, namedQueryId: string, problem: string) {
    super(
      `generate-findings: finding ${finding.id}: named query ${namedQueryId} ${problem}, so its SQL differs from catalog/${finding.id}/query.sql; deploy the function and the named queries together (terraform apply)`,
    );
    this.name = 'NamedQueryDriftError';
  }
}

export function findingFromCatalog(findingId: string, catalogDirectory: string = CATALOG_DIR): Finding {
  const catalog = loadCatalog(catalogDirectory);
  const finding = catalog.find((entry) => entry.id === findingId);
  if (!finding)
    throw new UnknownFindingError(
      findingId,
      catalog.map((entry) => entry.id),
    );
  return finding;
}

// Terraform and editors may add or drop a final newline; anything else is a different query.
const comparable = (sql: string): string => sql.replace(/\s+$/, '');

function firstDifference(left: string, right: string): number {
  let index = 0;
  while (index < left.length && left[index] === right[index]) index += 1;
  return index;
}

/** The named query's SQL, refused when it has drifted from the catalog. */
export async function namedQuerySql(
  athena: AthenaClient,
  finding: Finding,
  namedQueryId: string,
): Promise<string> {
  const { NamedQuery: namedQuery } = await athena.send(
    new GetNamedQueryCommand({ NamedQueryId: namedQueryId }),
  );
  const sql = namedQuery?.QueryString;
  if (sql === undefined) throw new NamedQueryDriftError(finding, namedQueryId, 'has no query text');
  const deployed = comparable(sql);
  const expected = comparable(finding.sql);
  if (deployed !== expected) {
    const at = firstDifference(deployed, expected);
    const line = expected.slice(0, at).split('\n').length;
    throw new NamedQueryDriftError(
      finding,
      namedQueryId,
      `(${namedQuery?.Name ?? 'unnamed'}) differs at line ${line}`,
    );
  }
  return sql;
}

/** Runs one finding's named query for a run and waits until Athena has its result. */
export async function generateFindings(
  athena: AthenaClient,
  finding: Finding,
  settings: FindingSettings,
  run: RunContext,
  config: Config,
  polling: PollingOptions = {},
): Promise<GenerateFindingsResult> {
  const sql = await namedQuerySql(athena, finding, settings.NAMED_QUERY_ID);
  const queryExecutionId = await runQuery(
    athena,
    {
      QueryString: sql,
      QueryExecutionContext: { Database: settings.GLUE_DATABASE },
      WorkGroup: settings.ATHENA_WORKGROUP,
      ExecutionParameters: athenaExecutionParameters(finding, {
        asOf: new Date(run.as_of),
        reportDate: run.date,
        config,
      }),
    },
    `generate-findings: finding ${finding.id} (run ${run.run_id})`,
    polling,
  );
  return { finding: finding.id, query_execution_id: queryExecutionId, state: 'SUCCEEDED' };
}
