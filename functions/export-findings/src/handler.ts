import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import {
  accountResultsSchema,
  loadSettings,
  memberRoleOf,
  memberRoleSettingsShape,
  readAccountOutcomes,
  reportBucketSettingsShape,
  runContextSchema,
} from '@credential-tracker/core/aws';
import {
  memberSecurityHubClients,
  partitionOfRegion,
  type SecurityHubClientFactory,
} from '@credential-tracker/core/security-hub';
import * as z from '@credential-tracker/core/zod';
import { loadCatalog } from '@credential-tracker/findings';
import { exportFindings, SecurityHubExportError, type ExportFindingsResult } from './export-findings.js';

export * from './export-findings.js';

/**
 * What the state machine's ExportFindings state sends: the run, where the accounts Map wrote its
 * outcomes (its ResultWriter manifest: the outcomes are read from S3, so the event does not grow with
 * the Organization) and the findings Map's outcomes. Only the fields read here are checked; the others
 * (a failure's error, the counts per account) are dropped.
 */
export const exportFindingsEventSchema = z.object({
  run: runContextSchema,
  account_results: accountResultsSchema,
  findings: z.array(
    z.object({
      finding: z.string().check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a catalog finding id')),
      status: z.enum(['succeeded', 'failed']),
      count: z.optional(z.number().check(z.int(), z.gte(0))),
    }),
  ),
});

export const exportFindingsSettingsSchema = z.object({
  ...memberRoleSettingsShape,
  REPORT_BUCKET: reportBucketSettingsShape.REPORT_BUCKET,
  /** Set by Lambda: the findings are imported into Security Hub in this region of each account. */
  AWS_REGION: z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region name')),
});

export interface ExportFindingsHandlerClients {
  readonly s3?: S3Client;
  readonly sts?: STSClient;
  /** Tests wrap the member accounts' Security Hub clients; by default the member role's. */
  readonly securityHubFor?: (defaults: SecurityHubClientFactory) => SecurityHubClientFactory;
  readonly now?: () => Date;
}

/** The Lambda entry point; tests pass their own clients and clock. */
export function createHandler(clients: ExportFindingsHandlerClients = {}) {
  const s3 = clients.s3 ?? new S3Client({});
  const sts = clients.sts ?? new STSClient({});
  const logger = new Logger({
    serviceName: 'credential-tracker',
    persistentKeys: { step: 'export-findings' },
  });
  return async (event: unknown): Promise<ExportFindingsResult> => {
    const { run, account_results, findings } = exportFindingsEventSchema.parse(event);
    const settings = loadSettings(exportFindingsSettingsSchema);
    const accounts = (await readAccountOutcomes(s3, account_results)).map(({ account_id, status }) => ({
      account_id,
      status,
    }));
    const defaults = memberSecurityHubClients(sts, {
      ...memberRoleOf(settings),
      partition: partitionOfRegion(settings.AWS_REGION),
    });
    const report = await exportFindings(
      { s3, securityHubFor: clients.securityHubFor ? clients.securityHubFor(defaults) : defaults },
      {
        run,
        accounts,
        findings,
        bucket: settings.REPORT_BUCKET,
        region: settings.AWS_REGION,
        catalog: loadCatalog(),
        now: clients.now?.() ?? new Date(),
      },
    );
    const result: ExportFindingsResult = {
      accounts: report.accounts,
      imported: report.imported,
      archived: report.archived,
      failed: report.failed_findings.length + report.failed_accounts.length,
    };
    // Counts and account ids only: finding ids name users, which stay in Security Hub.
    logger.info('findings exported to Security Hub', {
      run_id: run.run_id,
      ...result,
      failed_accounts: report.failed_accounts.map((failure) => failure.account_id),
    });
    if (result.failed > 0) throw new SecurityHubExportError(report);
    return result;
  };
}

export const handler = createHandler();
