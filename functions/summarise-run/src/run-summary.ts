import type { RunContext } from '@credential-tracker/core/aws';
import { failureText } from './failure-text.js';
import type { OwnerNotifications } from './notify-owners.js';
import type { AccountOutcome, FindingOutcome, SecurityHubOutcome } from './outcomes.js';

export interface FindingCount {
  readonly finding: string;
  readonly count: number;
  readonly accounts: number;
}

export interface RunSummary {
  readonly run_id: string;
  readonly as_of: string;
  readonly date: string;
  /** False when an account or a finding failed: every count below then covers only what succeeded. */
  readonly complete: boolean;
  readonly accounts: { readonly total: number; readonly stored: number; readonly failed: number };
  readonly failed_accounts: { readonly account_id: string; readonly error: string }[];
  readonly findings: { readonly total: number; readonly succeeded: number; readonly failed: number };
  /** Findings whose query, targets or remediation failed: they have no count, not a count of 0. */
  readonly failed_findings: { readonly finding: string; readonly error: string }[];
  /** Credentials to remediate per finding that succeeded. */
  readonly per_finding: FindingCount[];
  /** Credentials to remediate per account and finding; accounts without any are left out. */
  readonly per_account: {
    readonly account_id: string;
    readonly total: number;
    readonly findings: Record<string, number>;
  }[];
  /** Across the findings that succeeded: a lower bound when the run is not complete. */
  readonly total_targets: number;
  /** The owners' digests summarise-run sent from the remediations' notices (one per owner per run). */
  readonly notifications?: OwnerNotifications;
  /** The export of the findings to Security Hub (security_hub_export), when the run says. */
  readonly security_hub?: SecurityHubSummary;
}

/** The Security Hub export as the summary tells it: a failure as one line, like the others. */
export type SecurityHubSummary =
  | { readonly status: 'off' }
  | {
      readonly status: 'exported';
      readonly accounts: number;
      readonly imported: number;
      readonly archived: number;
    }
  | { readonly status: 'failed'; readonly error: string };

export const securityHubSummary = (outcome: SecurityHubOutcome): SecurityHubSummary =>
  outcome.status === 'failed' ? { status: 'failed', error: failureText(outcome.error) } : outcome;

/** Targets of one finding per account, as counted from its targets file. */
export type AccountCounts = ReadonlyMap<string, number>;

const byName = (left: string, right: string): number => left.localeCompare(right);

export function buildRunSummary(
  run: RunContext,
  accounts: readonly AccountOutcome[],
  findings: readonly FindingOutcome[],
  countsByFinding: ReadonlyMap<string, AccountCounts>,
): RunSummary {
  const failedAccounts = accounts
    .flatMap((account) =>
      account.status === 'failed'
        ? [{ account_id: account.account_id, error: failureText(account.error) }]
        : [],
    )
    .sort((left, right) => byName(left.account_id, right.account_id));
  const failedFindings = findings
    .flatMap((finding) =>
      finding.status === 'failed' ? [{ finding: finding.finding, error: failureText(finding.error) }] : [],
    )
    .sort((left, right) => byName(left.finding, right.finding));
  const perFinding = findings
    .flatMap((finding) =>
      finding.status === 'succeeded'
        ? [{ finding: finding.finding, count: finding.count, accounts: finding.accounts }]
        : [],
    )
    .sort((left, right) => byName(left.finding, right.finding));
  const perAccount = new Map<string, Record<string, number>>();
  for (const [finding, counts] of countsByFinding) {
    for (const [accountId, count] of counts) {
      const entry = perAccount.get(accountId) ?? {};
      entry[finding] = count;
      perAccount.set(accountId, entry);
    }
  }
  return {
    run_id: run.run_id,
    as_of: run.as_of,
    date: run.date,
    complete: failedAccounts.length === 0 && failedFindings.length === 0,
    accounts: {
      total: accounts.length,
      stored: accounts.length - failedAccounts.length,
      failed: failedAccounts.length,
    },
    failed_accounts: failedAccounts,
    findings: { total: findings.length, succeeded: perFinding.length, failed: failedFindings.length },
    failed_findings: failedFindings,
    per_finding: perFinding,
    per_account: [...perAccount.entries()]
      .sort(([left], [right]) => byName(left, right))
      .map(([account_id, counts]) => ({
        account_id,
        total: Object.values(counts).reduce((sum, count) => sum + count, 0),
        findings: counts,
      })),
    total_targets: perFinding.reduce((sum, finding) => sum + finding.count, 0),
  };
}

// SNS: subjects "less than 100 characters long", one line, no control characters.
const SUBJECT_LIMIT = 99;
// An email lists this many failed accounts; the S3 summary always has all of them.
const LISTED_FAILURES = 50;
const ERROR_LIMIT = 300;

const shorten = (text: string, limit: number, ellipsis = '…'): string =>
  text.length <= limit ? text : `${text.slice(0, limit - ellipsis.length)}${ellipsis}`;

const counted = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** What failed that the counts miss: the findings and accounts. */
function countedFailures(summary: RunSummary): string[] {
  return [
    ...(summary.findings.failed > 0 ? [counted(summary.findings.failed, 'finding')] : []),
    ...(summary.accounts.failed > 0 ? [counted(summary.accounts.failed, 'account')] : []),
  ];
}

/** What failed, for the subject; empty when nothing did. */
function failures(summary: RunSummary): string {
  return [
    ...countedFailures(summary),
    ...(summary.security_hub?.status === 'failed' ? ['Security Hub export'] : []),
  ].join(', ');
}

/** The targets total, marked as a lower bound when something failed. */
const targetsTotal = (summary: RunSummary): string =>
  `${summary.total_targets}${summary.complete ? '' : '+'}`;

/** One printable ASCII line that fits SNS's subject limit; what failed comes first, so it survives shortening. */
export function summarySubject(summary: RunSummary): string {
  const failed = failures(summary);
  const subject = [
    `credential-tracker ${summary.date}: `,
    failed ? `FAILED ${failed}; ` : '',
    `${summary.accounts.stored}/${summary.accounts.total} accounts, ${targetsTotal(summary)} to remediate`,
  ].join('');
  return shorten(subject.replace(/[^\x20-\x7e]/g, '?'), SUBJECT_LIMIT, '...');
}

/** The text a person reads in the topic's email: what failed first, then the findings. */
export function summaryMessage(summary: RunSummary, location: string): string {
  const lines = [`Run ${summary.run_id} (as of ${summary.as_of})`];
  if (!summary.complete) {
    lines.push(
      `INCOMPLETE: ${countedFailures(summary).join(', ')} failed; the counts below cover only what succeeded.`,
    );
  }
  lines.push(
    `Accounts: ${summary.accounts.stored} reports stored, ${summary.accounts.failed} failed, ${summary.accounts.total} in scope.`,
    `Findings: ${summary.findings.succeeded} succeeded, ${summary.findings.failed} failed, ${summary.findings.total} in the catalog.`,
  );
  if (summary.failed_findings.length > 0) {
    lines.push('', 'Failed findings:');
    for (const failure of summary.failed_findings) {
      lines.push(`- ${failure.finding}: ${shorten(failure.error, ERROR_LIMIT)}`);
    }
  }
  if (summary.failed_accounts.length > 0) {
    lines.push('', 'Failed accounts:');
    for (const failure of summary.failed_accounts.slice(0, LISTED_FAILURES)) {
      lines.push(`- ${failure.account_id}: ${shorten(failure.error, ERROR_LIMIT)}`);
    }
    const more = summary.failed_accounts.length - LISTED_FAILURES;
    if (more > 0) lines.push(`- and ${more} more (see the summary in S3)`);
  }
  lines.push('', `To remediate: ${targetsTotal(summary)} credentials`);
  const findings = [
    ...summary.per_finding.map((finding) => ({
      finding: finding.finding,
      line: `${finding.count} credentials in ${finding.accounts} accounts`,
    })),
    ...summary.failed_findings.map((failure) => ({
      finding: failure.finding,
      line: 'FAILED, not counted (see above)',
    })),
  ].sort((left, right) => byName(left.finding, right.finding));
  for (const { finding, line } of findings) lines.push(`- ${finding}: ${line}`);
  if (findings.length === 0) lines.push('- no finding ran');
  if (summary.notifications) lines.push('', ownerDigestsLine(summary.notifications));
  if (summary.security_hub) lines.push('', securityHubLine(summary.security_hub));
  lines.push('', `Full summary: ${location}`);
  return lines.join('\n');
}

function securityHubLine(securityHub: SecurityHubSummary): string {
  switch (securityHub.status) {
    case 'off':
      return 'Security Hub: export off (security_hub_export)';
    case 'exported':
      return `Security Hub: ${counted(securityHub.imported, 'finding')} imported, ${securityHub.archived} resolved (archived), in ${counted(securityHub.accounts, 'account')}`;
    case 'failed':
      return `Security Hub export FAILED (the remediations ran): ${shorten(securityHub.error, ERROR_LIMIT)}`;
  }
}

function ownerDigestsLine(notifications: OwnerNotifications): string {
  const invalid =
    notifications.invalid_files.length > 0
      ? `; ${counted(notifications.invalid_files.length, 'notices file')} invalid, not sent (see the summary in S3)`
      : '';
  const sent = notifications.sent_from
    ? `${notifications.notified} sent, ${notifications.failed} failed`
    : 'none sent, NOTIFY_FROM is not set';
  return `Owner digests: ${counted(notifications.owners, 'owner')}, ${sent}${invalid}`;
}
