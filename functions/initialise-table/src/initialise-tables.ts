import type { AthenaClient } from '@aws-sdk/client-athena';
import { runQuery, type PollingOptions } from '@credential-tracker/core/aws';
import { pipelineTables } from './table-ddl.js';

export interface TableSettings {
  readonly ATHENA_WORKGROUP: string;
  readonly GLUE_DATABASE: string;
  readonly REPORT_BUCKET: string;
}

export interface InitialiseTablesResult {
  readonly database: string;
  readonly tables: string[];
}

/**
 * Creates the pipeline's tables when missing. CREATE ... IF NOT EXISTS makes every run safe to repeat;
 * a changed definition needs a DROP TABLE by hand (the data stays in S3), never silently here.
 */
export async function initialiseTables(
  athena: AthenaClient,
  settings: TableSettings,
  polling: PollingOptions = {},
): Promise<InitialiseTablesResult> {
  const tables = pipelineTables(settings.REPORT_BUCKET);
  for (const table of tables) {
    await runQuery(
      athena,
      {
        QueryString: table.ddl,
        QueryExecutionContext: { Database: settings.GLUE_DATABASE },
        WorkGroup: settings.ATHENA_WORKGROUP,
      },
      `initialise-table: table ${settings.GLUE_DATABASE}.${table.name}`,
      polling,
    );
  }
  return { database: settings.GLUE_DATABASE, tables: tables.map((table) => table.name) };
}
