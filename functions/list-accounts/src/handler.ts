import { Logger } from '@aws-lambda-powertools/logger';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { loadSettings } from '@credential-tracker/core/aws';
import {
  listAccounts,
  listAccountsEventSchema,
  resolveRun,
  writeAccountsFile,
  type ListAccountsResult,
} from './list-accounts.js';
import { listAccountsSettingsSchema } from './settings.js';

export {
  listAccounts,
  resolveRun,
  writeAccountsFile,
  listAccountsEventSchema,
  type AccountsInScope,
  type ListAccountsResult,
} from './list-accounts.js';
export { OrganizationAccessError } from './organization.js';
export { listAccountsSettingsSchema, type ListAccountsSettings } from './settings.js';

const logger = new Logger({ serviceName: 'list-accounts' });

/** Lambda entry: ListAccounts state. Clients are built per invocation (cheap; honours AWS_ENDPOINT_URL). */
export async function handler(event: unknown): Promise<ListAccountsResult> {
  const parsedEvent = listAccountsEventSchema.parse(event ?? {});
  const settings = loadSettings(listAccountsSettingsSchema);
  const run = resolveRun(parsedEvent, new Date());
  const inScope = await listAccounts(
    { sts: new STSClient({}), organizations: new OrganizationsClient({}) },
    settings,
    run,
  );
  const result = await writeAccountsFile(new S3Client({}), settings.REPORT_BUCKET, inScope);
  logger.info('accounts in scope', {
    run_id: run.run_id,
    scope: settings.ACCOUNT_SCOPE,
    count: result.accounts.count,
    key: result.accounts.key,
  });
  return result;
}
