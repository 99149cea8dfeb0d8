import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { Logger } from '@aws-lambda-powertools/logger';
import { z } from 'zod';
import { loadSettings } from '@credential-tracker/core/aws';
import { summariseRunEventSchema } from './outcomes.js';
import { summariseRun, type SummariseRunResult } from './summarise-run.js';

export * from './failure-text.js';
export * from './outcomes.js';
export * from './run-summary.js';
export * from './summarise-run.js';

export const summariseRunSettingsSchema = z.object({
  REPORT_BUCKET: z.string().min(3),
  SUMMARY_TOPIC_ARN: z.string().startsWith('arn:'),
});

const logger = new Logger({ serviceName: 'credential-tracker', persistentKeys: { step: 'summarise-run' } });

/** The Lambda entry point; tests pass their own clients (moto endpoint, path-style S3). */
export function createHandler(clients: { s3?: S3Client; sns?: SNSClient } = {}) {
  const s3 = clients.s3 ?? new S3Client({});
  const sns = clients.sns ?? new SNSClient({});
  return async (event: unknown): Promise<SummariseRunResult> => {
    const { run, accounts, findings } = summariseRunEventSchema.parse(event);
    const settings = loadSettings(summariseRunSettingsSchema);
    const result = await summariseRun(s3, sns, {
      run,
      accounts,
      findings,
      bucket: settings.REPORT_BUCKET,
      topicArn: settings.SUMMARY_TOPIC_ARN,
    });
    logger.info('run summarised', { run_id: run.run_id, ...result });
    return result;
  };
}

export const handler = createHandler();
