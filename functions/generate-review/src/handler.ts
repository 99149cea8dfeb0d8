import { Logger } from '@aws-lambda-powertools/logger';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { loadSettings } from '@credential-tracker/core/aws';
import { loadCatalog } from '@credential-tracker/findings';
import { parseReviewEvent } from './event.js';
import { GenerateReviewError, generateReviews, type GenerateReviewResult } from './generate-review.js';
import { organizationsEmailLookup } from './recipients.js';
import { generateReviewSettingsSchema } from './settings.js';

export * from './discovery.js';
export * from './event.js';
export * from './generate-review.js';
export * from './inputs.js';
export * from './mime.js';
export * from './recipients.js';
export * from './review-email.js';
export * from './settings.js';

export interface GenerateReviewHandlerClients {
  readonly s3?: S3Client;
  readonly ses?: SESClient;
  readonly organizations?: OrganizationsClient;
  readonly now?: () => Date;
}

/**
 * The Lambda entry point, invoked by its own EventBridge schedule (the event is `{}`) or by hand with
 * `{"date": "YYYY-MM-DD", "accounts": [...]}`; tests pass their own clients and clock. Throws at the
 * end when an account failed, after every other account was reviewed.
 */
export function createHandler(clients: GenerateReviewHandlerClients = {}) {
  const s3 = clients.s3 ?? new S3Client({});
  const ses = clients.ses ?? new SESClient({});
  const organizations = clients.organizations ?? new OrganizationsClient({});
  const logger = new Logger({
    serviceName: 'credential-tracker',
    persistentKeys: { step: 'generate-review' },
  });
  return async (event: unknown): Promise<GenerateReviewResult> => {
    const override = parseReviewEvent(event);
    const settings = loadSettings(generateReviewSettingsSchema);
    const inOrganization = settings.ACCOUNT_SCOPE === 'organization';
    const result = await generateReviews(
      { s3, ses, lookUpEmail: inOrganization ? organizationsEmailLookup(organizations) : undefined },
      {
        bucket: settings.REPORT_BUCKET,
        kmsKeyArn: settings.REPORT_KMS_KEY_ARN,
        now: clients.now?.() ?? new Date(),
        lookbackDays: settings.INVENTORY_LOOKBACK_DAYS,
        override,
        contacts: {
          byAccount: settings.REVIEW_CONTACTS_BY_ACCOUNT,
          fallback: settings.REVIEW_CONTACT,
          organizations: inOrganization,
        },
        notifyFrom: settings.NOTIFY_FROM,
        severities: new Map(loadCatalog().map((finding) => [finding.id, finding.severity])),
      },
    );
    // Counts and account ids only: the owners' addresses stay out of CloudWatch.
    logger.info('access reviews generated', {
      date: result.date,
      run_id: result.run_id,
      findings: result.findings,
      accounts: result.accounts,
      reviewed: result.reviewed,
      emailed: result.emailed,
      not_emailed: result.reviews
        .filter((review) => review.status === 'written')
        .map((review) => review.account_id),
      failed: result.failed.map((failure) => failure.account_id),
    });
    if (result.failed.length > 0) throw new GenerateReviewError(result);
    return result;
  };
}

export const handler = createHandler();
