import type { RunContext } from '@credential-tracker/core/aws';

export interface AccountOutcome {
  readonly account_id: string;
  readonly status: 'stored' | 'failed';
  readonly error?: string | undefined;
}

export interface FindingOutcome {
  readonly finding: string;
  readonly count: number;
  readonly accounts: number;
}

export interface RunSummary {
  readonly run_id: string;
  readonly as_of: string;
  readonly date: string;
  readonly accounts: { readonly total: number; readonly stored: number; readonly failed: number };
  readonly failed_accounts: { readonly account_id: string; readonly error: string }[];
  readonly findings: FindingOutcome[];
  /** Credentials to remediate per account and finding; accounts without any are left out. */
  readonly per_account: {
    readonly account_id: string;
    readonly total: number;
    readonly findings: Record<string, number>;
  }[];
  readonly total_targets: number;
}

/** Targets of one finding per account, as counted from its targets file. */
export type AccountCounts = ReadonlyMap<string, number>;

export function buildRunSummary(
  run: RunContext,
  accounts: readonly AccountOutcome[],
  findings: readonly FindingOutcome[],
  countsByFinding: ReadonlyMap<string, AccountCounts>,
): RunSummary {
  const failed = accounts
    .filter((account) => account.status === 'failed')
    .map((account) => ({ account_id: account.account_id, error: account.error ?? 'no error was recorded' }))
    .sort((left, right) => left.account_id.localeCompare(right.account_id));
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
    accounts: { total: accounts.length, stored: accounts.length - failed.length, failed: failed.length },
    failed_accounts: failed,
    findings: [...findings].sort((left, right) => left.finding.localeCompare(right.finding)),
    per_account: [...perAccount.entries()]
      .sort(([left], [right]) => left.localeCompare(right))
      .map(([account_id, counts]) => ({
        account_id,
        total: Object.values(counts).reduce((sum, count) => sum + count, 0),
        findings: counts,
      })),
    total_targets: findings.reduce((sum, finding) => sum + finding.count, 0),
  };
}

// SNS: subjects "less than 100 characters long", one line, no control characters.
const SUBJECT_LIMIT = 99;
// An email lists this many failures; the S3 summary always has all of them.
const LISTED_FAILURES = 50;
const ERROR_LIMIT = 300;

const shorten = (text: string, limit: number, ellipsis = '…'): string =>
  text.length <= limit ? text : `${text.slice(0, limit - ellipsis.length)}${ellipsis}`;

/** One printable ASCII line that fits SNS's subject limit. */
export function summarySubject(summary: RunSummary): string {
  const failures = summary.accounts.failed > 0 ? `, ${summary.accounts.failed} FAILED` : '';
  const subject = `credential-tracker ${summary.date}: ${summary.accounts.stored}/${summary.accounts.total} accounts${failures}, ${summary.total_targets} to remediate`;
  return shorten(subject.replace(/[^\x20-\x7e]/g, '?'), SUBJECT_LIMIT, '...');
}

/** The text a person reads in the topic's email: what failed first, then the findings. */
export function summaryMessage(summary: RunSummary, location: string): string {
  const lines = [
    `Run ${summary.run_id} (as of ${summary.as_of})`,
    `Accounts: ${summary.accounts.stored} reports stored, ${summary.accounts.failed} failed, ${summary.accounts.total} in scope.`,
  ];
  if (summary.failed_accounts.length > 0) {
    lines.push('', 'Failed accounts:');
    for (const failure of summary.failed_accounts.slice(0, LISTED_FAILURES)) {
      lines.push(`- ${failure.account_id}: ${shorten(failure.error, ERROR_LIMIT)}`);
    }
    const more = summary.failed_accounts.length - LISTED_FAILURES;
    if (more > 0) lines.push(`- and ${more} more (see the summary in S3)`);
  }
  lines.push('', 'Findings:');
  for (const finding of summary.findings) {
    lines.push(`- ${finding.finding}: ${finding.count} credentials in ${finding.accounts} accounts`);
  }
  if (summary.findings.length === 0) lines.push('- none ran');
  lines.push('', `Full summary: ${location}`);
  return lines.join('\n');
}
