import { formatCsv } from '@credential-tracker/core/render';
import {
  adminSourceText,
  consoleText,
  findingText,
  joinValues,
  lastActivityVia,
  policyText,
  UNKNOWN,
  yesNoUnknown,
} from './describe.js';
import type { AccessReview, AccessReviewRow } from './review.js';

/** The review's columns, in order. Several values in one cell are separated by `; `. */
export const REVIEW_CSV_FIELDS = [
  'account_id',
  'user_name',
  'arn',
  'path',
  'created_at',
  'groups',
  'managed_policies',
  'inline_policies',
  'admin_equivalent',
  'admin_reasons',
  'console',
  'mfa',
  'active_keys',
  'inactive_keys',
  'oldest_active_key_created_at',
  'oldest_active_key_age_days',
  'last_activity',
  'last_activity_via',
  'open_findings',
  'review_tag',
  'flagged_for_revoke',
] as const;

export type ReviewCsvField = (typeof REVIEW_CSV_FIELDS)[number];

/**
 * One user a row (RFC 4180, LF line ends), in the review's order. What the credential report or the
 * finding scan would tell is `unknown` when they were not given; a value a spreadsheet would take for
 * a formula starts with a quote mark.
 */
export function renderReviewCsv(review: AccessReview): string {
  return formatCsv(
    REVIEW_CSV_FIELDS,
    review.users.map((row) => {
      const cells = reviewCsvCells(row);
      return REVIEW_CSV_FIELDS.map((field) => cells[field]);
    }),
  );
}

export function reviewCsvCells(row: AccessReviewRow): Record<ReviewCsvField, string> {
  const activity = row.last_activity;
  return {
    account_id: row.account_id,
    user_name: row.user_name,
    arn: row.arn,
    path: row.path,
    created_at: row.created_at,
    groups: joinValues(row.groups),
    managed_policies: joinValues(row.managed_policies.map(policyText)),
    inline_policies: joinValues(row.inline_policies.map(policyText)),
    admin_equivalent: yesNoUnknown(row.admin_equivalent),
    admin_reasons: joinValues(row.admin_sources.map(adminSourceText)),
    console: consoleText(row),
    mfa: yesNoUnknown(row.mfa_active),
    active_keys: String(row.access_keys.active),
    inactive_keys: String(row.access_keys.inactive),
    oldest_active_key_created_at: row.access_keys.oldest_active_created_at ?? '',
    oldest_active_key_age_days: row.access_keys.oldest_active_age_days?.toString() ?? '',
    last_activity: activity.status === 'used' ? activity.at : lastActivityVia(activity),
    last_activity_via: activity.status === 'used' ? lastActivityVia(activity) : '',
    open_findings: row.open_findings === null ? UNKNOWN : joinValues(row.open_findings.map(findingText)),
    review_tag: row.review_tag ?? '',
    flagged_for_revoke: yesNoUnknown(row.flagged_for_revoke),
  };
}
