// The finding steps with their real Lambda entries against moto's Athena. moto runs no SQL: before each
// named query starts, the rows the catalog's SQL gives on the DuckDB engine over the reports stored in
// moto's S3 are queued in moto, which hands the oldest queued result to the next StartQueryExecution.
import { AthenaClient } from '@aws-sdk/client-athena';
import { S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_CONFIG, validateCredentialReport } from '@credential-tracker/core';
import { S3_PREFIXES, type RunContext } from '@credential-tracker/core/aws';
import {
  DuckDbFindingEngine,
  FINDING_COLUMNS,
  loadCatalog,
  type FindingRow,
} from '@credential-tracker/findings/local';
import { createHandler as generateFindingsHandler } from '@credential-tracker/fn-generate-findings';
import { createHandler as retrieveUsersHandler } from '@credential-tracker/fn-retrieve-users-to-remediate';
import type { PipelineHandlers } from './contract.js';
import type { ObjectStore } from './finding-steps.js';
import { motoClientConfig, useEnvironment } from './moto-pipeline.js';

// Athena's text for a `timestamp with time zone`: '2026-01-02 03:04:05.000 UTC'.
const athenaText = (value: FindingRow[keyof FindingRow]): string =>
  value instanceof Date
    ? value.toISOString().replace('T', ' ').replace('Z', ' UTC')
    : value === null
      ? ''
      : String(value);

async function queueResult(endpoint: string, rows: readonly FindingRow[]): Promise<void> {
  const asRow = (cells: readonly string[]) => ({ Data: cells.map((cell) => ({ VarCharValue: cell })) });
  const response = await fetch(`${endpoint}/moto-api/static/athena/query-results`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      region: 'us-east-1',
      results: [
        {
          rows: [
            asRow(FINDING_COLUMNS),
            ...rows.map((row) => asRow(FINDING_COLUMNS.map((column) => athenaText(row[column])))),
          ],
          column_info: FINDING_COLUMNS.map((column) => ({ Name: column, Label: column, Type: 'varchar' })),
        },
      ],
    }),
  });
  if (!response.ok) throw new Error(`moto refused the queued Athena result: ${response.status}`);
}

async function findingRows(store: ObjectStore, findingId: string, run: RunContext): Promise<FindingRow[]> {
  const finding = loadCatalog().find((item) => item.id === findingId);
  if (!finding) throw new Error(`finding ${findingId} is not in the catalog`);
  const engine = await DuckDbFindingEngine.create();
  try {
    for (const key of await store.keys(`${S3_PREFIXES.credentialReports}/date=${run.date}/`)) {
      await engine.load(validateCredentialReport(await store.get(key), { source: key }), run.date);
    }
    return await engine.run(finding, {
      asOf: new Date(run.as_of),
      reportDate: run.date,
      config: DEFAULT_CONFIG,
    });
  } finally {
    engine.close();
  }
}

/**
 * generate-findings and retrieve-users-to-remediate through their Lambda entries. generate-findings
 * is one function per finding (FINDING_ID and NAMED_QUERY_ID in its environment): its invocations are
 * run one at a time, so each sets its own environment and takes the result queued for it.
 */
export function motoAthenaFindingSteps(
  endpoint: string,
  store: ObjectStore,
  namedQueries: ReadonlyMap<string, string>,
): Pick<PipelineHandlers, 'generateFindings' | 'retrieveUsersToRemediate'> {
  const config = motoClientConfig(endpoint);
  const athena = new AthenaClient(config);
  const generate = generateFindingsHandler({ athena });
  let previous: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(task: () => Promise<T>): Promise<T> => {
    const next = previous.then(task, task);
    previous = next.catch(() => undefined);
    return next;
  };
  return {
    generateFindings: (findingId) => (event) =>
      oneAtATime(async () => {
        await queueResult(endpoint, await findingRows(store, findingId, event.run));
        const restore = useEnvironment({
          FINDING_ID: findingId,
          NAMED_QUERY_ID: namedQueries.get(findingId) ?? '',
        });
        try {
          return await generate(event);
        } finally {
          restore();
        }
      }),
    retrieveUsersToRemediate: retrieveUsersHandler({ athena, s3: new S3Client(config) }),
  };
}
