// How a review is assembled from one day's facts, the same for `credential-tracker review` (local
// files) and the generate-review Lambda (the bucket): which instant ages are computed at, when the
// findings count, what the files are called.
import type { CredentialReportRow } from '@credential-tracker/core';
import type { InventorySnapshot } from '@credential-tracker/core/inventory';
import { buildAccessReview, type AccessReview, type ReviewFindingInput } from './review.js';

/**
 * The instant a review of day `date` (YYYY-MM-DD) is computed at when nothing says otherwise: the
 * start of that day, UTC, which is when the day's run starts computing its findings.
 */
export function defaultReviewAsOf(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

export interface AccountReviewFacts {
  /** When key ages are computed: the run's as-of time, or defaultReviewAsOf(date). */
  readonly asOf: Date;
  /** The account's credential report of the same day; undefined or null when there is none. */
  readonly credentialReport?: readonly CredentialReportRow[] | null | undefined;
  /**
   * The open findings computed over that day's credential reports (any accounts'; only this one's are
   * used); null when they are not known.
   */
  readonly findings?: readonly ReviewFindingInput[] | null | undefined;
}

/**
 * One account's review from the day's facts. The findings count only with the account's credential
 * report: the finding queries read the reports, so without this account's they never looked at it,
 * and an empty list would read "no open findings" where nothing was checked.
 */
export function reviewAccount(
  inventory: Pick<InventorySnapshot, 'account_id' | 'date' | 'users' | 'groups'>,
  facts: AccountReviewFacts,
): AccessReview {
  const report = facts.credentialReport ?? null;
  return buildAccessReview({
    inventory,
    asOf: facts.asOf,
    credentialReport: report,
    findings: report === null ? null : (facts.findings ?? null),
  });
}

/** `access-review-<account_id>-<date>.<format>`: a review's file in a directory, or as an attachment. */
export function reviewFileName(review: Pick<AccessReview, 'account_id' | 'date'>, format: string): string {
  return `access-review-${review.account_id}-${review.date}.${format}`;
}
