import { S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { SNSClient } from '@aws-sdk/client-sns';
import { Logger } from '@aws-lambda-powertools/logger';
import { loadSettings } from '@credential-tracker/core/aws';
import * as z from '@credential-tracker/core/zod';
import { summariseRunEventSchema } from './outcomes.js';
import { summariseRun, type SummariseRunResult } from './summarise-run.js';

export * from './failure-text.js';
export * from './notify-owners.js';
export * from './outcomes.js';
export * from './run-summary.js';
export * from './summarise-run.js';

export const summariseRunSettingsSchema = z.object({
  REPORT_BUCKET: z.string().check(z.minLength(3)),
  SUMMARY_TOPIC_ARN: z.string().check(z.startsWith('arn:')),
  /** The verified SES sender of the owners' digests; unset or blank: no digest is sent. */
  NOTIFY_FROM: z.pipe(
    z.pipe(
      z.optional(z.string()),
      z.transform((text: string | undefined) => (text?.trim() ? text.trim() : undefined)),
    ),
    z.optional(z.email()),
  ),
});

/** The Lambda entry point; tests pass their own clients (moto endpoint, path-style S3). */
export function createHandler(clients: { s3?: S3Client; sns?: SNSClient; ses?: SESClient } = {}) {
  const s3 = clients.s3 ?? new S3Client({});
  const sns = clients.sns ?? new SNSClient({});
  const ses = clients.ses ?? new SESClient({});
  // Made with the handler, as the remediation functions' is: Powertools reads its level then.
  const logger = new Logger({ serviceName: 'credential-tracker', persistentKeys: { step: 'summarise-run' } });
  return async (event: unknown): Promise<SummariseRunResult> => {
    const { run, account_results, findings, security_hub } = summariseRunEventSchema.parse(event);
    const settings = loadSettings(summariseRunSettingsSchema);
    const result = await summariseRun(s3, sns, {
      run,
      account_results,
      findings,
      security_hub,
      bucket: settings.REPORT_BUCKET,
      topicArn: settings.SUMMARY_TOPIC_ARN,
      ...(settings.NOTIFY_FROM ? { notify: { ses, from: settings.NOTIFY_FROM } } : {}),
    });
    // Counts only: the owners' addresses stay in S3's summary, out of CloudWatch.
    const { notifications, ...written } = result;
    logger.info('run summarised', {
      run_id: run.run_id,
      ...written,
      owners_notified: notifications.notified,
      owner_sends_failed: notifications.failed,
      invalid_notice_files: notifications.invalid_files.length,
    });
    return result;
  };
}

export const handler = createHandler();
