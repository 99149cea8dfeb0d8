import type { AthenaClient } from '@aws-sdk/client-athena';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  JSON_LINES,
  putText,
  queryResultPages,
  targetsKey,
  type RunContext,
} from '@credential-tracker/core/aws';
import { checkHeader, FindingResultError, findingRowFromAthena } from './athena-finding-rows.js';

export interface RetrieveUsersResult {
  readonly finding: string;
  readonly bucket: string;
  readonly key: string;
  /** Rows written, one per credential to remediate. */
  readonly count: number;
  /** Distinct accounts among them. */
  readonly accounts: number;
}

export interface RetrieveUsersRequest {
  readonly run: RunContext;
  readonly finding: string;
  readonly query_execution_id: string;
  readonly bucket: string;
  readonly pageSize?: number;
}

/**
 * Reads a finished finding query page by page and stores its rows as JSON lines (ISO instants) for
 * the remediation step; the state payload carries only the pointer and the counts. Every row is
 * checked before anything is written, so a bad query never leaves a partial target list.
 */
export async function retrieveUsersToRemediate(
  athena: AthenaClient,
  s3: S3Client,
  request: RetrieveUsersRequest,
): Promise<RetrieveUsersResult> {
  const fail = (problem: string) =>
    new FindingResultError(request.finding, request.query_execution_id, problem);
  const lines: string[] = [];
  const accounts = new Set<string>();
  let headerSeen = false;
  for await (const page of queryResultPages(athena, request.query_execution_id, request.pageSize)) {
    let rows = page;
    if (!headerSeen) {
      const problem = checkHeader(page[0]);
      if (problem) throw fail(problem);
      headerSeen = true;
      rows = page.slice(1);
    }
    for (const cells of rows) {
      const converted = findingRowFromAthena(cells);
      // Row numbers count data rows from 1, as a person reading the result in the console would.
      if (!converted.ok) throw fail(`row ${lines.length + 1} ${converted.problem}`);
      lines.push(`${JSON.stringify(converted.row)}\n`);
      accounts.add(converted.row.account_id);
    }
  }
  if (!headerSeen) throw fail('the result has no header row');
  const key = targetsKey(request.run.date, request.run.run_id, request.finding);
  await putText(s3, { bucket: request.bucket, key, text: lines.join(''), contentType: JSON_LINES });
  return {
    finding: request.finding,
    bucket: request.bucket,
    key,
    count: lines.length,
    accounts: accounts.size,
  };
}
