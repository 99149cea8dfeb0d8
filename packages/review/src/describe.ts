// The words a reviewer reads for each value of a review row: CSV and HTML say the same things.
import type { AccessReviewRow, LastActivity, ReviewFinding, ReviewPolicy } from './review.js';

export const UNKNOWN = 'unknown';

/** `ReadOnlyAccess`, or `AdministratorAccess (group admins)` for one held through a group. */
export function policyText(policy: ReviewPolicy): string {
  return policy.group === null ? policy.name : `${policy.name} (group ${policy.group})`;
}

/**
 * An admin source in words: `managed:AdministratorAccess` → `AdministratorAccess`,
 * `inline:break-glass` → `break-glass (inline)`, `group:admins/managed:AdministratorAccess` →
 * `AdministratorAccess (group admins)`. A source in another notation is shown as it is.
 */
export function adminSourceText(source: string): string {
  const match = /^(?:group:([^/]+)\/)?(managed|inline):(.+)$/.exec(source);
  if (!match) return source;
  const [, group, kind, policy] = match;
  const qualifiers = [...(kind === 'inline' ? ['inline'] : []), ...(group ? [`group ${group}`] : [])];
  return qualifiers.length === 0 ? (policy as string) : `${policy as string} (${qualifiers.join(', ')})`;
}

export function yesNoUnknown(value: boolean | null): string {
  return value === null ? UNKNOWN : value ? 'yes' : 'no';
}

export function consoleText(row: Pick<AccessReviewRow, 'console_enabled'>): string {
  return row.console_enabled === null ? UNKNOWN : row.console_enabled ? 'enabled' : 'disabled';
}

export function lastActivityVia(activity: LastActivity): string {
  if (activity.status !== 'used') return activity.status === 'never' ? 'never' : UNKNOWN;
  return activity.via === 'console' ? 'console' : 'access key';
}

/** `ak-rotation:access_key_1 (142 days)`: the finding and credential as the scan writes them. */
export function findingText(finding: ReviewFinding): string {
  const days = finding.days === null ? '' : ` (${finding.days} ${finding.days === 1 ? 'day' : 'days'})`;
  return `${finding.finding}:${finding.credential}${days}`;
}

/** Several values of one cell, as one text: IAM names never hold a semicolon. */
export function joinValues(values: readonly string[]): string {
  return values.join('; ');
}
