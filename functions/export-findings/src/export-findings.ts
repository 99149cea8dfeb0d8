import pMap from 'p-map';
import type { S3Client } from '@aws-sdk/client-s3';
import { describeError } from '@credential-tracker/core';
import { targetsKey, type RunContext } from '@credential-tracker/core/aws';
import {
  exportAccountFindings,
  partitionOfRegion,
  type FailedImport,
  type SecurityHubClientFactory,
  type SecurityHubFindingMetadata,
  type SecurityHubRow,
} from '@credential-tracker/core/security-hub';
import { readTargets } from '@credential-tracker/remediation';

/** An account of the run, as the accounts Map left it. */
export interface ExportAccount {
  readonly account_id: string;
  readonly status: 'stored' | 'failed';
}

/** A finding of the run, as the findings Map left it (before the remediations). */
export interface ExportFinding {
  readonly finding: string;
  readonly status: 'succeeded' | 'failed';
  readonly count?: number | undefined;
}

export interface ExportFindingsRequest {
  readonly run: RunContext;
  readonly accounts: readonly ExportAccount[];
  readonly findings: readonly ExportFinding[];
  readonly bucket: string;
  /** The tracker's region: the findings are imported into Security Hub there, in each account. */
  readonly region: string;
  /** The finding catalog (packages/findings): titles, severities, texts. */
  readonly catalog: readonly SecurityHubFindingMetadata[];
  /** This import's instant (UpdatedAt). */
  readonly now: Date;
  /** Accounts exported at once. */
  readonly concurrency?: number;
}

export interface ExportFindingsServices {
  readonly s3: S3Client;
  /** The Security Hub client of an account, acting as its member role. */
  readonly securityHubFor: SecurityHubClientFactory;
}

/** An account nothing could be exported to (its role, or Security Hub there). */
export interface FailedAccount {
  readonly account_id: string;
  readonly error: string;
}

export interface ExportFindingsReport {
  /** Accounts exported to, failed ones included. */
  readonly accounts: number;
  readonly imported: number;
  readonly archived: number;
  readonly failed_accounts: FailedAccount[];
  readonly failed_findings: FailedImport[];
}

/** What the state machine keeps: counts only. */
export interface ExportFindingsResult {
  readonly accounts: number;
  readonly imported: number;
  readonly archived: number;
  readonly failed: number;
}

/** The run's event names a finding the function's catalog does not have: nothing is exported. */
export class UnknownFindingError extends Error {
  constructor(findings: readonly string[]) {
    super(
      `export-findings: the run's finding(s) ${findings.join(', ')} are not in this function's catalog; deploy the functions and the state machine from the same build`,
    );
    this.name = 'UnknownFindingError';
  }
}

const LISTED_FAILURES = 10;

/**
 * Some findings or accounts were not exported: raised after every account and every batch was tried,
 * so that the state machine records the export as failed (the run itself goes on).
 */
export class SecurityHubExportError extends Error {
  readonly report: ExportFindingsReport;

  constructor(report: ExportFindingsReport) {
    const failures = [
      ...report.failed_accounts.map((failure) => `account ${failure.account_id}: ${failure.error}`),
      ...report.failed_findings.map((failure) => `${failure.id}: ${failure.error}`),
    ];
    const more = failures.length - LISTED_FAILURES;
    super(
      [
        `export-findings: ${report.failed_accounts.length} of ${report.accounts} accounts and ${report.failed_findings.length} findings were not exported to Security Hub (${report.imported} imported, ${report.archived} archived)`,
        ...failures.slice(0, LISTED_FAILURES),
        ...(more > 0 ? [`and ${more} more`] : []),
      ].join('; '),
    );
    this.name = 'SecurityHubExportError';
    this.report = report;
  }
}

/**
 * Exports the run's findings to Security Hub, account by account (a few at once): every row of every
 * finding whose query succeeded is imported ACTIVE, and what this tool imported earlier and is no
 * longer found is archived. Only a finding that succeeded this run can resolve anything; an account
 * whose report failed this run is not touched (unless the day's reports still gave it rows).
 */
export async function exportFindings(
  services: ExportFindingsServices,
  request: ExportFindingsRequest,
): Promise<ExportFindingsReport> {
  const catalog = new Map(request.catalog.map((metadata) => [metadata.id, metadata]));
  const unknown = request.findings.map((item) => item.finding).filter((id) => !catalog.has(id));
  if (unknown.length > 0) throw new UnknownFindingError(unknown);

  const succeeded = request.findings.filter((item) => item.status === 'succeeded');
  const resolvable = new Set(succeeded.map((item) => item.finding));
  const rowsByAccount = new Map<string, SecurityHubRow[]>();
  const files = await Promise.all(
    succeeded
      .filter((item) => item.count !== 0)
      .map(async (item) => ({
        metadata: catalog.get(item.finding) as SecurityHubFindingMetadata,
        rows: await readTargets(services.s3, {
          bucket: request.bucket,
          key: targetsKey(request.run.date, request.run.run_id, item.finding),
        }),
      })),
  );
  for (const { metadata, rows } of files) {
    for (const row of rows) {
      const list = rowsByAccount.get(row.account_id) ?? [];
      list.push({ metadata, row });
      rowsByAccount.set(row.account_id, list);
    }
  }

  const accounts = [
    ...new Set([
      ...request.accounts
        .filter((account) => account.status === 'stored')
        .map((account) => account.account_id),
      ...rowsByAccount.keys(),
    ]),
  ].sort();
  const context = {
    region: request.region,
    runId: request.run.run_id,
    asOf: new Date(request.run.as_of),
    now: request.now,
  };
  const partition = partitionOfRegion(request.region);
  let imported = 0;
  let archived = 0;
  const failedAccounts: FailedAccount[] = [];
  const failedFindings: FailedImport[] = [];
  await pMap(
    accounts,
    async (accountId) => {
      try {
        const client = await services.securityHubFor(accountId);
        try {
          const result = await exportAccountFindings(client, {
            accountId,
            partition,
            context,
            rows: rowsByAccount.get(accountId) ?? [],
            // A finding no longer in the catalog will never be found again: what it exported is resolved.
            isResolvable: (findingId) => resolvable.has(findingId) || !catalog.has(findingId),
          });
          imported += result.imported;
          archived += result.archived;
          failedFindings.push(...result.failed);
        } finally {
          client.destroy();
        }
      } catch (error) {
        // AssumeMemberRoleError says what to check itself; Security Hub's errors get the usual causes.
        const hint =
          error instanceof Error && error.name === 'AssumeMemberRoleError'
            ? ''
            : ` (check that Security Hub is enabled in ${request.region} in this account and that its member role has the export's permissions: security_hub_export in its Terraform)`;
        failedAccounts.push({ account_id: accountId, error: `${describeError(error)}${hint}` });
      }
    },
    { concurrency: request.concurrency ?? 8 },
  );
  return {
    accounts: accounts.length,
    imported,
    archived,
    failed_accounts: failedAccounts.sort((left, right) => left.account_id.localeCompare(right.account_id)),
    failed_findings: failedFindings.sort(
      (left, right) => left.account_id.localeCompare(right.account_id) || left.id.localeCompare(right.id),
    ),
  };
}
