import { AthenaClient } from '@aws-sdk/client-athena';
import { Logger } from '@aws-lambda-powertools/logger';
import { loadConfigFromEnv } from '@credential-tracker/core';
import {
  loadSettings,
  pollingWithin,
  runContextSchema,
  type LambdaTimeLeft,
} from '@credential-tracker/core/aws';
import * as z from '@credential-tracker/core/zod';
import { findingFromCatalog, generateFindings, type GenerateFindingsResult } from './generate-findings.js';

export * from './generate-findings.js';

export const generateFindingsEventSchema = z.object({ run: runContextSchema });

export const generateFindingsSettingsSchema = z.object({
  FINDING_ID: z.string().check(z.minLength(1)),
  NAMED_QUERY_ID: z.string().check(z.minLength(1)),
  ATHENA_WORKGROUP: z.string().check(z.minLength(1)),
  GLUE_DATABASE: z.string().check(z.minLength(1)),
});

const logger = new Logger({
  serviceName: 'credential-tracker',
  persistentKeys: { step: 'generate-findings' },
});

/** The Lambda entry point; tests pass their own client (moto endpoint). */
export function createHandler(clients: { athena?: AthenaClient } = {}) {
  const athena = clients.athena ?? new AthenaClient({});
  return async (event: unknown, context?: LambdaTimeLeft): Promise<GenerateFindingsResult> => {
    const { run } = generateFindingsEventSchema.parse(event);
    const settings = loadSettings(generateFindingsSettingsSchema);
    const config = loadConfigFromEnv();
    const finding = findingFromCatalog(settings.FINDING_ID);
    const result = await generateFindings(athena, finding, settings, run, config, pollingWithin(context));
    logger.info('finding query succeeded', {
      run_id: run.run_id,
      finding: result.finding,
      query_execution_id: result.query_execution_id,
    });
    return result;
  };
}

export const handler = createHandler();
