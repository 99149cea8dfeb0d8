import { randomUUID } from 'node:crypto';
import { DEFAULT_CONFIG, validateCredentialReport } from '@credential-tracker/core';
import {
  inventoryKey,
  inventoryPrefix,
  S3_PREFIXES,
  targetsKey,
  type RunContext,
} from '@credential-tracker/core/aws';
import { parseInventoryFile } from '@credential-tracker/core/inventory';
import { DuckDbFindingEngine, loadCatalog, type FindingRow } from '@credential-tracker/findings/local';
import type { PipelineHandlers } from './contract.js';

/** Where the reports are read from and the targets written to: memory, or moto's S3. */
export interface ObjectStore {
  readonly bucket: string;
  keys(prefix: string): Promise<string[]>;
  get(key: string): Promise<string>;
  put(key: string, body: string): Promise<void>;
}

export function memoryStore(bucket: string, objects: Map<string, string>): ObjectStore {
  return {
    bucket,
    keys: (prefix) => Promise.resolve([...objects.keys()].filter((key) => key.startsWith(prefix))),
    get: (key) => Promise.resolve(objects.get(key) ?? ''),
    put: (key, body) => Promise.resolve(void objects.set(key, body)),
  };
}

/**
 * What a finding's named query returns in Athena: its SQL on the DuckDB engine over the stored reports
 * and inventory users of the run's date.
 */
export async function storedFindingRows(
  store: ObjectStore,
  findingId: string,
  run: RunContext,
): Promise<FindingRow[]> {
  const finding = loadCatalog().find((item) => item.id === findingId);
  if (!finding) throw new Error(`finding ${findingId} is not in the catalog`);
  const engine = await DuckDbFindingEngine.create();
  try {
    for (const key of await store.keys(`${S3_PREFIXES.credentialReports}/date=${run.date}/`)) {
      await engine.load(validateCredentialReport(await store.get(key), { source: key }), run.date);
    }
    // The day's inventory users too (collect-inventory), for the findings over the inventory (review-revoke).
    for (const key of await store.keys(inventoryPrefix(run.date))) {
      const accountId = /(\d{12})\.jsonl$/.exec(key)?.[1];
      if (accountId === undefined || key !== inventoryKey(run.date, accountId, 'users')) continue;
      await engine.loadInventoryUsers(
        parseInventoryFile('users', await store.get(key), key, { accountId }),
        run.date,
      );
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
 * generate-findings and retrieve-users-to-remediate as their contract describes them, with Athena
 * replaced by the DuckDB engine over the stored reports (moto never computes Athena results): the
 * catalog's real SQL runs on the reports download-report stored, and the targets go to the store.
 */
export function duckDbFindingSteps(
  store: ObjectStore,
): Pick<PipelineHandlers, 'generateFindings' | 'retrieveUsersToRemediate'> {
  const results = new Map<string, FindingRow[]>();
  return {
    generateFindings:
      (findingId) =>
      async ({ run }) => {
        const rows = await storedFindingRows(store, findingId, run);
        const queryExecutionId = randomUUID();
        results.set(queryExecutionId, rows);
        return { finding: findingId, query_execution_id: queryExecutionId, state: 'SUCCEEDED' };
      },
    retrieveUsersToRemediate: async ({ run, finding, query_execution_id }) => {
      const rows = results.get(query_execution_id);
      if (!rows) throw new Error(`no query ${query_execution_id}`);
      const key = targetsKey(run.date, run.run_id, finding);
      await store.put(key, rows.map((row) => JSON.stringify(row)).join('\n'));
      const accounts = new Set(rows.map((row) => row.account_id)).size;
      return { finding, bucket: store.bucket, key, count: rows.length, accounts };
    },
  };
}
