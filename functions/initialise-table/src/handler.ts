import { AthenaClient } from '@aws-sdk/client-athena';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  loadSettings,
  pollingWithin,
  runContextSchema,
  type LambdaTimeLeft,
} from '@credential-tracker/core/aws';
import * as z from '@credential-tracker/core/zod';
import { initialiseTables, type InitialiseTablesResult } from './initialise-tables.js';

export { initialiseTables } from './initialise-tables.js';
export * from './table-ddl.js';

export const initialiseTableEventSchema = z.object({ run: runContextSchema });

export const initialiseTableSettingsSchema = z.object({
  ATHENA_WORKGROUP: z.string().check(z.minLength(1)),
  GLUE_DATABASE: z.string().check(z.minLength(1)),
  REPORT_BUCKET: z.string().check(z.minLength(3)),
});

const logger = new Logger({
  serviceName: 'credential-tracker',
  persistentKeys: { step: 'initialise-table' },
});

/** The Lambda entry point; tests pass their own client (moto endpoint). */
export function createHandler(clients: { athena?: AthenaClient } = {}) {
  const athena = clients.athena ?? new AthenaClient({});
  return async (event: unknown, context?: LambdaTimeLeft): Promise<InitialiseTablesResult> => {
    const { run } = initialiseTableEventSchema.parse(event);
    const settings = loadSettings(initialiseTableSettingsSchema);
    const result = await initialiseTables(athena, settings, pollingWithin(context));
    logger.info('tables ready', { run_id: run.run_id, database: result.database, tables: result.tables });
    return result;
  };
}

export const handler = createHandler();
