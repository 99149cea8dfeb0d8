import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import {
  accountTaskEventSchema,
  loadSettings,
  memberIamClients,
  memberRoleOf,
  memberRoleSettingsShape,
  reportBucketSettingsShape,
} from '@credential-tracker/core/aws';
import * as z from '@credential-tracker/core/zod';
import { downloadReport, type DownloadReportResult } from './download-report.js';

export {
  downloadReport,
  type DownloadReportClients,
  type DownloadReportResult,
  type ReportDestination,
} from './download-report.js';
export {
  DownloadReportError,
  InvalidCredentialReportError,
  ReportExpiredError,
  ReportInProgressError,
  ReportNotPresentError,
} from './report-errors.js';

export const downloadReportSettingsSchema = z.object({
  ...memberRoleSettingsShape,
  ...reportBucketSettingsShape,
});

const logger = new Logger({ serviceName: 'download-report' });

/** Lambda entry: DownloadReport state of the per-account Map. */
export async function handler(event: unknown): Promise<DownloadReportResult> {
  const { run, account_id } = accountTaskEventSchema.parse(event);
  const settings = loadSettings(downloadReportSettingsSchema);
  const result = await downloadReport(
    { iamFor: memberIamClients(new STSClient({}), memberRoleOf(settings)), s3: new S3Client({}) },
    { bucket: settings.REPORT_BUCKET, kmsKeyArn: settings.REPORT_KMS_KEY_ARN },
    run,
    account_id,
  );
  logger.info('credential report stored', {
    run_id: run.run_id,
    account_id,
    key: result.key,
    users: result.users,
    generated_time: result.generated_time,
  });
  return result;
}
