// The finding steps with their real Lambda entries against moto's Athena. moto runs no SQL: before each
// named query starts, the rows the catalog's SQL gives on the DuckDB engine over the reports stored in
// moto's S3 are queued in moto, which hands the oldest queued result to the next StartQueryExecution.
import { AthenaClient } from '@aws-sdk/client-athena';
import { S3Client } from '@aws-sdk/client-s3';
import { createHandler as generateFindingsHandler } from '@credential-tracker/fn-generate-findings';
import { createHandler as retrieveUsersHandler } from '@credential-tracker/fn-retrieve-users-to-remediate';
import type { PipelineHandlers } from './contract.js';
import { storedFindingRows, type ObjectStore } from './finding-steps.js';
import { motoOverrides, queueFindingResult, useEnvironment } from '@credential-tracker/testing';

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
  const config = motoOverrides(endpoint);
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
        await queueFindingResult(endpoint, await storedFindingRows(store, findingId, event.run));
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
