// One member account's export to Security Hub: what this tool imported earlier and is still ACTIVE
// (GetFindings), the run's findings imported or updated, the cleared ones archived (BatchImportFindings,
// 100 a call). Called with a client of the member account (its member role), since a finding imported
// under an account's default product must be imported in that account.
import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
  type AwsSecurityFinding,
  type AwsSecurityFindingFilters,
} from '@aws-sdk/client-securityhub';
import type { STSClient } from '@aws-sdk/client-sts';
import { describeError } from '../errors.js';
import type { ClientOverrides } from '../aws/client-config.js';
import { memberClients, type MemberClientFactory } from '../aws/member-iam.js';
import type { MemberRoleSettings } from '../aws/member-role.js';
import {
  findingOfGeneratorId,
  GENERATOR_PREFIX,
  resolvedSecurityHubFinding,
  securityHubFinding,
  securityHubFindingId,
  securityHubProductArn,
  type SecurityHubExportContext,
  type SecurityHubFindingMetadata,
  type SecurityHubFindingRow,
} from './asff.js';

/**
 * What the export calls through the member role, declared next to the code (as permissions.ts does for
 * the remediations): policies/member-role-security-hub.json.tpl, which Terraform adds to the member
 * role only when security_hub_export is on, is checked against this list.
 */
export const SECURITY_HUB_MEMBER_PERMISSIONS = [
  'securityhub:BatchImportFindings',
  'securityhub:GetFindings',
] as const;

/** BatchImportFindings takes at most this many findings a call. */
export const BATCH_IMPORT_LIMIT = 100;

/** GetFindings answers at most this many a page. */
const PAGE_SIZE = 100;

// Security Hub throttles BatchImportFindings (10 a second, bursts of 30) and GetFindings (3 a second)
// per account and region: the SDK retries throttling with backoff, a few more times than its default.
const MAX_ATTEMPTS = 8;

export type SecurityHubClientFactory = MemberClientFactory<SecurityHubClient>;

/** Security Hub clients of each member account, acting as its member role. */
export const memberSecurityHubClients = (
  sts: STSClient,
  role: MemberRoleSettings,
  overrides: ClientOverrides = {},
): SecurityHubClientFactory =>
  memberClients(
    sts,
    role,
    (config) => new SecurityHubClient({ ...config, maxAttempts: config.maxAttempts ?? MAX_ATTEMPTS }),
    overrides,
  );

/** A finding Security Hub did not take, or a batch whose call failed, one line per finding. */
export interface FailedImport {
  readonly account_id: string;
  readonly id: string;
  readonly error: string;
}

/** Is this finding one this tool imported in this account, and still ACTIVE? */
const isOurActiveFinding = (finding: AwsSecurityFinding, accountId: string, productArn: string): boolean =>
  finding.ProductArn === productArn &&
  finding.AwsAccountId === accountId &&
  finding.RecordState === 'ACTIVE' &&
  findingOfGeneratorId(finding.GeneratorId) !== undefined &&
  (finding.Id ?? '').startsWith(`${GENERATOR_PREFIX}${accountId}/`);

/**
 * Every finding this tool imported in the account that is still ACTIVE: Security Hub is the record of
 * what was exported, so no state is kept anywhere else. The filters ask Security Hub for exactly
 * those; the same test is applied to every answer, so nothing else is ever archived (moto, for one,
 * ignores the filters).
 */
export async function activeExportedFindings(
  client: SecurityHubClient,
  accountId: string,
  productArn: string,
): Promise<AwsSecurityFinding[]> {
  const filters: AwsSecurityFindingFilters = {
    ProductArn: [{ Value: productArn, Comparison: 'EQUALS' }],
    AwsAccountId: [{ Value: accountId, Comparison: 'EQUALS' }],
    GeneratorId: [{ Value: GENERATOR_PREFIX, Comparison: 'PREFIX' }],
    RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
  };
  const found: AwsSecurityFinding[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new GetFindingsCommand({
        Filters: filters,
        MaxResults: PAGE_SIZE,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    found.push(
      ...(page.Findings ?? []).filter((finding) => isOurActiveFinding(finding, accountId, productArn)),
    );
    token = page.NextToken || undefined;
  } while (token);
  return found;
}

/**
 * Imports findings 100 a call. Every batch is tried: a finding Security Hub refuses (FailedFindings),
 * or every finding of a call that failed once the SDK's retries are spent, is listed in `failed`.
 */
export async function importSecurityHubFindings(
  client: SecurityHubClient,
  accountId: string,
  findings: readonly AwsSecurityFinding[],
): Promise<{ imported: Set<string>; failed: FailedImport[] }> {
  const imported = new Set<string>();
  const failed: FailedImport[] = [];
  for (let start = 0; start < findings.length; start += BATCH_IMPORT_LIMIT) {
    const batch = findings.slice(start, start + BATCH_IMPORT_LIMIT);
    try {
      const answer = await client.send(new BatchImportFindingsCommand({ Findings: [...batch] }));
      const refused = new Map(
        (answer.FailedFindings ?? []).map((failure) => [
          failure.Id ?? '',
          `${failure.ErrorCode ?? 'Error'}: ${failure.ErrorMessage ?? 'no message'}`,
        ]),
      );
      for (const finding of batch) {
        const id = finding.Id ?? '';
        const error = refused.get(id);
        if (error === undefined) imported.add(id);
        else failed.push({ account_id: accountId, id, error });
      }
    } catch (error) {
      const said = `BatchImportFindings failed: ${describeError(error)}`;
      for (const finding of batch) failed.push({ account_id: accountId, id: finding.Id ?? '', error: said });
    }
  }
  return { imported, failed };
}

/** One finding row with the catalog entry it is a row of. */
export interface SecurityHubRow {
  readonly metadata: SecurityHubFindingMetadata;
  readonly row: SecurityHubFindingRow;
}

export interface AccountExportRequest {
  readonly accountId: string;
  readonly partition: string;
  readonly context: SecurityHubExportContext;
  /** The account's rows of the run, every finding together. */
  readonly rows: readonly SecurityHubRow[];
  /**
   * Whether a finding's absence from `rows` means its condition cleared: true for a finding whose
   * query succeeded this run. A finding whose query failed found nothing we know of, so what it
   * exported before stays ACTIVE.
   */
  readonly isResolvable: (findingId: string) => boolean;
}

export interface AccountExportResult {
  readonly account_id: string;
  /** Findings of the run imported, new or updated. */
  readonly imported: number;
  /** Findings imported earlier whose condition cleared, now ARCHIVED and PASSED. */
  readonly archived: number;
  readonly failed: FailedImport[];
}

/**
 * Exports one account's findings of the run and resolves those that cleared. A finding imported before
 * keeps its CreatedAt, FirstObservedAt and workflow; one imported before but no longer found (by a
 * query that succeeded) is archived. GetFindings errors throw: nothing is imported for the account.
 */
export async function exportAccountFindings(
  client: SecurityHubClient,
  request: AccountExportRequest,
): Promise<AccountExportResult> {
  const { accountId, context } = request;
  const productArn = securityHubProductArn(request.partition, context.region, accountId);
  const previous = new Map(
    (await activeExportedFindings(client, accountId, productArn)).map((finding) => [finding.Id, finding]),
  );
  const current = new Map<string, AwsSecurityFinding>();
  for (const { metadata, row } of request.rows) {
    const id = securityHubFindingId(metadata.id, row);
    current.set(id, securityHubFinding(metadata, row, context, previous.get(id)));
  }
  const resolved = [...previous.values()]
    .filter((finding) => !current.has(finding.Id ?? ''))
    .filter((finding) => request.isResolvable(findingOfGeneratorId(finding.GeneratorId) ?? ''))
    .map((finding) => resolvedSecurityHubFinding(finding, context.now));
  const { imported, failed } = await importSecurityHubFindings(client, accountId, [
    ...current.values(),
    ...resolved,
  ]);
  return {
    account_id: accountId,
    imported: [...current.keys()].filter((id) => imported.has(id)).length,
    archived: resolved.filter((finding) => imported.has(finding.Id ?? '')).length,
    failed,
  };
}
