import { AthenaClient } from '@aws-sdk/client-athena';
import { S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import { loadSettings, runContextSchema } from '@credential-tracker/core/aws';
import * as z from '@credential-tracker/core/zod';
import { retrieveUsersToRemediate, type RetrieveUsersResult } from './retrieve-users.js';

export * from './athena-finding-rows.js';
export * from './retrieve-users.js';

export const retrieveUsersEventSchema = z.object({
  run: runContextSchema,
  finding: z.string().check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)),
  query_execution_id: z.string().check(z.minLength(1)),
});

export const retrieveUsersSettingsSchema = z.object({ REPORT_BUCKET: z.string().check(z.minLength(3)) });

const logger = new Logger({
  serviceName: 'credential-tracker',
  persistentKeys: { step: 'retrieve-users-to-remediate' },
});

/** The Lambda entry point; tests pass their own clients (moto endpoint, path-style S3). */
export function createHandler(clients: { athena?: AthenaClient; s3?: S3Client } = {}) {
  const athena = clients.athena ?? new AthenaClient({});
  const s3 = clients.s3 ?? new S3Client({});
  return async (event: unknown): Promise<RetrieveUsersResult> => {
    const { run, finding, query_execution_id } = retrieveUsersEventSchema.parse(event);
    const settings = loadSettings(retrieveUsersSettingsSchema);
    const result = await retrieveUsersToRemediate(athena, s3, {
      run,
      finding,
      query_execution_id,
      bucket: settings.REPORT_BUCKET,
    });
    logger.info('targets stored', { run_id: run.run_id, ...result });
    return result;
  };
}

export const handler = createHandler();
