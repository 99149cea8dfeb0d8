import { Logger } from '@aws-lambda-powertools/logger';
import { STSClient } from '@aws-sdk/client-sts';
import {
  accountTaskEventSchema,
  loadSettings,
  memberIamClients,
  memberRoleOf,
  memberRoleSettingsShape,
} from '@credential-tracker/core/aws';
import * as z from '@credential-tracker/core/zod';
import { generateReport, type GenerateReportResult } from './generate-report.js';

export {
  generateReport,
  GenerateReportError,
  GenerateReportThrottledError,
  type GenerateReportResult,
  type ReportState,
} from './generate-report.js';
export {
  withBackoff,
  RetriesExhaustedError,
  DEFAULT_BACKOFF,
  type BackoffOptions,
  type Sleep,
} from './backoff.js';

export const generateReportSettingsSchema = z.object(memberRoleSettingsShape);

const logger = new Logger({ serviceName: 'generate-report' });

/** Lambda entry: GenerateReport state of the per-account Map. */
export async function handler(event: unknown): Promise<GenerateReportResult> {
  const { run, account_id } = accountTaskEventSchema.parse(event);
  const settings = loadSettings(generateReportSettingsSchema);
  const result = await generateReport(
    memberIamClients(new STSClient({}), memberRoleOf(settings)),
    account_id,
  );
  logger.info('credential report requested', { run_id: run.run_id, account_id, state: result.state });
  return result;
}
