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
import { collectInventory, type CollectInventoryResult } from './collect-inventory.js';

export {
  CollectInventoryError,
  collectInventory,
  type CollectInventoryClients,
  type CollectInventoryResult,
  type CollectInventorySettings,
} from './collect-inventory.js';

/** The same settings as download-report: the inventory goes to the report bucket, under the report key. */
export const collectInventorySettingsSchema = z.object({
  ...memberRoleSettingsShape,
  ...reportBucketSettingsShape,
});

const logger = new Logger({ serviceName: 'collect-inventory' });

/** Lambda entry: CollectInventory state of the per-account Map, after DownloadReport. */
export async function handler(event: unknown): Promise<CollectInventoryResult> {
  const { run, account_id } = accountTaskEventSchema.parse(event);
  const settings = loadSettings(collectInventorySettingsSchema);
  const memberRole = memberRoleOf(settings);
  const result = await collectInventory(
    { iamFor: memberIamClients(new STSClient({}), memberRole), s3: new S3Client({}) },
    { bucket: settings.REPORT_BUCKET, kmsKeyArn: settings.REPORT_KMS_KEY_ARN, memberRole },
    run,
    account_id,
  );
  logger.info('inventory stored', { run_id: run.run_id, ...result });
  return result;
}
