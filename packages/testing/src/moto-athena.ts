// Shared by the Athena functions' moto tests: clients for a moto server, and moto's own API for what
// moto cannot compute itself (query results, how many polls a query stays QUEUED/RUNNING).
import { AthenaClient } from '@aws-sdk/client-athena';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { FINDING_COLUMNS, type FindingRow } from '@credential-tracker/findings';
import { MOTO_CREDENTIALS } from './moto-server.js';

export const MOTO_REGION = 'us-east-1';
/** moto's default account: its Athena results queue is per account and region. */
export const MOTO_ACCOUNT = '123456789012';

export function motoClients(endpoint: string) {
  const config = { endpoint, region: MOTO_REGION, credentials: MOTO_CREDENTIALS };
  return {
    athena: new AthenaClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    sns: new SNSClient(config),
  };
}

async function motoApi(endpoint: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`moto ${path}: HTTP ${response.status} ${await response.text()}`);
}

/** One result set as GetQueryResults returns it: the header row first, undefined cells are NULL. */
export interface QueuedResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | undefined)[])[];
}

/** Queues results that moto hands, in order, to the next query executions whose results are read. */
export async function queueAthenaResults(endpoint: string, results: readonly QueuedResult[]): Promise<void> {
  await motoApi(endpoint, 'static/athena/query-results', {
    account_id: MOTO_ACCOUNT,
    region: MOTO_REGION,
    results: results.map((result) => ({
      rows: [result.columns, ...result.rows].map((cells) => ({
        Data: cells.map((cell) => (cell === undefined ? {} : { VarCharValue: cell })),
      })),
      column_info: result.columns.map((name) => ({ Name: name, Label: name, Type: 'varchar' })),
    })),
  });
}

/** Each query execution advances one state (QUEUED → RUNNING → SUCCEEDED) every `polls` polls. */
export async function slowAthenaQueries(endpoint: string, polls: number): Promise<void> {
  await motoApi(endpoint, 'state-manager/set-transition', {
    model_name: 'athena::execution',
    transition: { progression: 'manual', times: polls },
  });
}

export async function instantAthenaQueries(endpoint: string): Promise<void> {
  await motoApi(endpoint, 'state-manager/unset-transition', { model_name: 'athena::execution' });
}

const athenaInstant = (instant: Date): string =>
  `${instant.toISOString().slice(0, 23).replace('T', ' ')} UTC`;

/**
 * How Athena prints a finding row in GetQueryResults: instants as 'YYYY-MM-DD HH:MM:SS.mmm UTC',
 * integers as digits, NULL as a cell without a value.
 */
export function athenaFindingCells(row: FindingRow): (string | undefined)[] {
  return FINDING_COLUMNS.map((column) => {
    const value = row[column];
    if (value === null) return undefined;
    if (value instanceof Date) return athenaInstant(value);
    return String(value);
  });
}

/** Queues one result set of finding rows (the catalog's columns, as Athena prints them). */
export function queueFindingResult(endpoint: string, rows: readonly FindingRow[]): Promise<void> {
  return queueAthenaResults(endpoint, [{ columns: FINDING_COLUMNS, rows: rows.map(athenaFindingCells) }]);
}
