import { compareText, isAbsent, ROOT_USER_NAME, type CredentialReportRow } from '@credential-tracker/core';
import {
  REVIEW_REVOKE_VALUE,
  type InventoryGroup,
  type InventorySnapshot,
  type InventoryUser,
} from '@credential-tracker/core/inventory';

/**
 * An open finding as the finding queries return it (FindingRow of @credential-tracker/findings) with
 * its finding id, as the local scan's ScanFinding and the run's targets carry it.
 */
export interface ReviewFindingInput {
  readonly finding: string;
  readonly account_id: string;
  readonly user_name: string;
  readonly user_arn: string;
  readonly credential: string;
  readonly days: number | null;
  readonly severity?: string;
}

export interface AccessReviewInput {
  /**
   * One account's inventory of one day. Users and groups are reviewed; roles are not, and customer
   * policies' admin-equivalence is already in the users' and groups' admin_sources.
   */
  readonly inventory: Pick<InventorySnapshot, 'account_id' | 'date' | 'users' | 'groups'>;
  /** The instant key ages are computed at: the run's as-of time. */
  readonly asOf: Date;
  /**
   * The account's credential report of the same day (other accounts' rows are ignored). Without it,
   * console, MFA and last activity are unknown; key counts and ages come from the inventory anyway.
   */
  readonly credentialReport?: readonly CredentialReportRow[] | null;
  /** The account's open findings (other accounts' rows are ignored); without them, unknown. */
  readonly findings?: readonly ReviewFindingInput[] | null;
}

/** A managed or inline policy a user holds: attached to the user itself, or through a group. */
export interface ReviewPolicy {
  readonly name: string;
  /** The group it comes through; null when attached to (or inline in) the user itself. */
  readonly group: string | null;
}

export interface ReviewFinding {
  readonly finding: string;
  readonly credential: string;
  readonly days: number | null;
  readonly severity: string | null;
}

/** A finding that belongs to no inventoried user: the root user's, or a user deleted since the report. */
export interface AccountFinding extends ReviewFinding {
  readonly user_name: string;
  readonly user_arn: string;
}

export interface ReviewAccessKeys {
  readonly active: number;
  readonly inactive: number;
  readonly oldest_active_created_at: string | null;
  /** Whole days between the oldest active key's creation and the as-of time. */
  readonly oldest_active_age_days: number | null;
}

/** The latest sign-in or key use the credential report knows of. */
export type LastActivity =
  | { readonly status: 'unknown' }
  | { readonly status: 'never' }
  | { readonly status: 'used'; readonly at: string; readonly via: 'console' | 'access_key' };

/** One user of the review. Times are ISO-8601 UTC text; null for a report value means unknown. */
export interface AccessReviewRow {
  readonly account_id: string;
  readonly user_name: string;
  readonly arn: string;
  readonly path: string;
  readonly created_at: string;
  readonly groups: readonly string[];
  /** Managed policies attached to the user, then through each group; sorted by name. */
  readonly managed_policies: readonly ReviewPolicy[];
  /** The user's inline policies and its groups'; sorted by name. */
  readonly inline_policies: readonly ReviewPolicy[];
  readonly admin_equivalent: boolean;
  /** Why, in the inventory's notation: `managed:<policy>`, `inline:<policy>`, `group:<group>/...`. */
  readonly admin_sources: readonly string[];
  /** A console password (login profile); null without a credential report row. */
  readonly console_enabled: boolean | null;
  readonly mfa_active: boolean | null;
  readonly access_keys: ReviewAccessKeys;
  readonly last_activity: LastActivity;
  /** The user's open findings; null when findings were not checked. */
  readonly open_findings: readonly ReviewFinding[] | null;
  /** The credential-tracker:review tag's value (trimmed, lower-cased); null without the tag. */
  readonly review_tag: string | null;
  /** review_tag is `revoke`: the owner asked for the user's removal. */
  readonly flagged_for_revoke: boolean;
}

export interface AccessReviewTotals {
  readonly users: number;
  readonly admin_equivalent: number;
  /** Null without a credential report. */
  readonly console_enabled: number | null;
  readonly console_without_mfa: number | null;
  readonly active_access_keys: number;
  /** Users with at least one open finding; null when findings were not checked. */
  readonly with_open_findings: number | null;
  readonly flagged_for_revoke: number;
}

export interface AccessReview {
  readonly account_id: string;
  /** The inventory's date, YYYY-MM-DD. */
  readonly date: string;
  readonly as_of: string;
  readonly credential_report: boolean;
  readonly findings_checked: boolean;
  /** One row per IAM user of the inventory, by name. */
  readonly users: readonly AccessReviewRow[];
  readonly account_findings: readonly AccountFinding[];
  readonly totals: AccessReviewTotals;
  /** What a reviewer should know about the inputs: a group missing from the inventory, a user not in the report. */
  readonly notes: readonly string[];
}

const DAY_MS = 86_400_000;

/**
 * The access review of one account: every user of the inventory with its groups, the managed and
 * inline policies it holds directly and through each group, whether that amounts to administrator
 * access and why, its console and keys, its last activity and its open findings. Pure: the same inputs
 * give the same review.
 */
export function buildAccessReview(input: AccessReviewInput): AccessReview {
  const { inventory } = input;
  const accountId = inventory.account_id;
  const notes: string[] = [];
  const groups = new Map(inventory.groups.map((group) => [group.group_name, group]));

  const report = input.credentialReport ?? null;
  const reportRows = report === null ? null : indexReport(report, accountId);
  const findings = input.findings ?? null;
  const accountFindings = findings === null ? [] : findings.filter((row) => row.account_id === accountId);
  const matched = new Set<ReviewFindingInput>();

  const missingGroups = new Set<string>();
  const users = [...inventory.users].sort(byUserName).map((user): AccessReviewRow => {
    for (const name of user.groups) if (!groups.has(name)) missingGroups.add(name);
    const memberOf = user.groups.flatMap((name) => {
      const group = groups.get(name);
      return group === undefined ? [] : [group];
    });
    const row = reportRows === null ? undefined : reportRow(reportRows, user);
    if (reportRows !== null && row === undefined) {
      notes.push(
        `The credential report has no row for ${user.user_name} (created after the report?): its console, MFA and last activity are unknown.`,
      );
    }
    const userFindings =
      findings === null
        ? null
        : accountFindings.filter((finding) => {
            const mine = finding.user_arn === user.arn || finding.user_name === user.user_name;
            if (mine) matched.add(finding);
            return mine;
          });
    const adminSources = adminSourcesOf(user, memberOf);
    const review = user.review === null ? null : user.review.trim().toLowerCase();
    return {
      account_id: accountId,
      user_name: user.user_name,
      arn: user.arn,
      path: user.path,
      created_at: user.created_at,
      groups: [...user.groups].sort(compareNames),
      managed_policies: policiesOf(user.attached_policies, memberOf, (group) => group.attached_policies),
      inline_policies: policiesOf(user.inline_policies, memberOf, (group) => group.inline_policies),
      admin_equivalent: user.admin_equivalent || adminSources.length > 0,
      admin_sources: adminSources,
      console_enabled: row === undefined ? null : row.password_enabled === true,
      mfa_active: row === undefined ? null : row.mfa_active,
      access_keys: accessKeysOf(user, input.asOf),
      last_activity: row === undefined ? { status: 'unknown' } : lastActivityOf(row),
      open_findings: userFindings === null ? null : userFindings.map(toReviewFinding).sort(compareFindings),
      review_tag: review,
      flagged_for_revoke: review === REVIEW_REVOKE_VALUE,
    };
  });

  for (const name of [...missingGroups].sort(compareText)) {
    notes.unshift(
      `Group ${name} is not in the inventory's groups: the policies users hold through it are not shown.`,
    );
  }
  if (reportRows !== null) {
    const inventoried = new Set(inventory.users.map((user) => user.user_name));
    const gone = [...reportRows.byName.keys()].filter((name) => !inventoried.has(name)).sort(compareText);
    if (gone.length > 0) {
      notes.push(`In the credential report but not in the inventory (deleted since?): ${gone.join(', ')}.`);
    }
  }

  return {
    account_id: accountId,
    date: inventory.date,
    as_of: input.asOf.toISOString(),
    credential_report: reportRows !== null,
    findings_checked: findings !== null,
    users,
    account_findings: accountFindings
      .filter((finding) => !matched.has(finding))
      .map((finding) => ({
        ...toReviewFinding(finding),
        user_name: finding.user_name,
        user_arn: finding.user_arn,
      }))
      .sort((a, b) => compareText(a.user_name, b.user_name) || compareFindings(a, b)),
    totals: totalsOf(users, reportRows !== null, findings !== null),
    notes,
  };
}

// Names in the order a reader looks them up, whatever their case (IAM names are unique regardless of
// case, so it is a total order for users); code points, never the locale, so every machine agrees.
function compareNames(a: string, b: string): number {
  return compareText(a.toLowerCase(), b.toLowerCase()) || compareText(a, b);
}

function byUserName(a: InventoryUser, b: InventoryUser): number {
  return compareNames(a.user_name, b.user_name);
}

/**
 * Every grant of administrator access, as collect-inventory judged it from the policy documents: the
 * user's own record (its own policies and, prefixed group:<group>/, its groups'), and each group's
 * record again, so a user record written before the group's grant still shows it.
 */
function adminSourcesOf(user: InventoryUser, groups: readonly InventoryGroup[]): string[] {
  const sources = new Set<string>(user.admin_sources);
  for (const group of groups) {
    for (const source of group.admin_sources) sources.add(`group:${group.group_name}/${source}`);
  }
  return [...sources].sort(compareAdminSources);
}

// The user's own grants first, then each group's.
function compareAdminSources(a: string, b: string): number {
  const viaGroup = (source: string): number => (source.startsWith('group:') ? 1 : 0);
  return viaGroup(a) - viaGroup(b) || compareText(a, b);
}

function policiesOf(
  own: readonly string[],
  groups: readonly InventoryGroup[],
  ofGroup: (group: InventoryGroup) => readonly string[],
): ReviewPolicy[] {
  const policies: ReviewPolicy[] = [
    ...own.map((name) => ({ name, group: null })),
    ...groups.flatMap((group) => ofGroup(group).map((name) => ({ name, group: group.group_name }))),
  ];
  const seen = new Set<string>();
  return policies
    .filter((policy) => {
      const key = `${policy.name}\n${policy.group ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort(
      (a, b) =>
        compareNames(a.name, b.name) ||
        (a.group === b.group
          ? 0
          : a.group === null
            ? -1
            : b.group === null
              ? 1
              : compareNames(a.group, b.group)),
    );
}

function accessKeysOf(user: InventoryUser, asOf: Date): ReviewAccessKeys {
  const active = user.access_keys.filter((key) => key.status === 'Active');
  const oldest = active.map((key) => key.created_at).sort(compareInstants)[0] ?? null;
  return {
    active: active.length,
    inactive: user.access_keys.length - active.length,
    oldest_active_created_at: oldest,
    oldest_active_age_days:
      oldest === null ? null : Math.max(0, Math.floor((asOf.getTime() - Date.parse(oldest)) / DAY_MS)),
  };
}

const compareInstants = (a: string, b: string): number => Date.parse(a) - Date.parse(b);

interface ReportIndex {
  readonly byArn: ReadonlyMap<string, CredentialReportRow>;
  readonly byName: ReadonlyMap<string, CredentialReportRow>;
}

function indexReport(rows: readonly CredentialReportRow[], accountId: string): ReportIndex {
  const users = rows.filter((row) => row.user !== ROOT_USER_NAME && row.arn.split(':')[4] === accountId);
  return {
    byArn: new Map(users.map((row) => [row.arn, row])),
    byName: new Map(users.map((row) => [row.user, row])),
  };
}

// By ARN; by name when the user's path changed since the report (the ARN holds the path).
function reportRow(index: ReportIndex, user: InventoryUser): CredentialReportRow | undefined {
  return index.byArn.get(user.arn) ?? index.byName.get(user.user_name);
}

function lastActivityOf(row: CredentialReportRow): LastActivity {
  const uses: { at: Date; via: 'console' | 'access_key' }[] = [];
  const add = (value: CredentialReportRow['password_last_used'], via: 'console' | 'access_key'): void => {
    if (!isAbsent(value)) uses.push({ at: value, via });
  };
  add(row.password_last_used, 'console');
  add(row.access_key_1_last_used_date, 'access_key');
  add(row.access_key_2_last_used_date, 'access_key');
  const latest = uses.sort((a, b) => b.at.getTime() - a.at.getTime())[0];
  return latest === undefined
    ? { status: 'never' }
    : { status: 'used', at: latest.at.toISOString(), via: latest.via };
}

function toReviewFinding(row: ReviewFindingInput): ReviewFinding {
  return { finding: row.finding, credential: row.credential, days: row.days, severity: row.severity ?? null };
}

function compareFindings(a: ReviewFinding, b: ReviewFinding): number {
  return compareText(a.finding, b.finding) || compareText(a.credential, b.credential);
}

function totalsOf(users: readonly AccessReviewRow[], report: boolean, findings: boolean): AccessReviewTotals {
  const count = (test: (row: AccessReviewRow) => boolean): number => users.filter(test).length;
  return {
    users: users.length,
    admin_equivalent: count((row) => row.admin_equivalent),
    console_enabled: report ? count((row) => row.console_enabled === true) : null,
    console_without_mfa: report
      ? count((row) => row.console_enabled === true && row.mfa_active === false)
      : null,
    active_access_keys: users.reduce((sum, row) => sum + row.access_keys.active, 0),
    with_open_findings: findings ? count((row) => (row.open_findings?.length ?? 0) > 0) : null,
    flagged_for_revoke: count((row) => row.flagged_for_revoke),
  };
}
