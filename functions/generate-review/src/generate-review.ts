import pMap from 'p-map';
import type { S3Client } from '@aws-sdk/client-s3';
import { SendRawEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import { describeError } from '@credential-tracker/core';
import { putText, reviewKey } from '@credential-tracker/core/aws';
import {
  defaultReviewAsOf,
  renderReviewCsv,
  renderReviewHtml,
  reviewAccount,
  type AccessReview,
} from '@credential-tracker/review';
import {
  findLatestFinishedRun,
  inventoryAccounts,
  newestInventoryDate,
  NoInventoryError,
  reportAccounts,
} from './discovery.js';
import type { ReviewOverride } from './event.js';
import {
  readCredentialReport,
  readInventory,
  readRunFindings,
  ReviewInputError,
  s3Uri,
  type RunFindings,
} from './inputs.js';
import {
  chooseRecipient,
  type AccountEmailLookup,
  type RecipientSource,
  type ReviewContacts,
} from './recipients.js';
import { buildReviewMessage, type AttachedFiles } from './review-email.js';

export interface GenerateReviewRequest {
  readonly bucket: string;
  /** The report key: the reviews are written SSE-KMS with it, as every object of the bucket. */
  readonly kmsKeyArn: string;
  /** Today, for the newest inventory date (the clock is read by the handler, never here). */
  readonly now: Date;
  readonly lookbackDays: number;
  /** A manual run's date and accounts. */
  readonly override: ReviewOverride;
  readonly contacts: ReviewContacts;
  /** The verified SES sender; unset: the reviews are written and nobody is emailed. */
  readonly notifyFrom?: string | undefined;
  /** Each catalog finding's severity, shown beside its open findings. */
  readonly severities: ReadonlyMap<string, string>;
  /** Accounts reviewed at once. */
  readonly concurrency?: number;
}

export interface GenerateReviewServices {
  readonly s3: S3Client;
  readonly ses: SESClient;
  /** The account's email in Organizations; unset outside an Organization. */
  readonly lookUpEmail?: AccountEmailLookup | undefined;
}

/** What happened to one account: its review's objects, and whether its owner was emailed. */
export type AccountReviewOutcome =
  | {
      readonly account_id: string;
      readonly status: 'emailed';
      readonly keys: ReviewKeys;
      readonly users: number;
      readonly recipient: { readonly address: string; readonly source: RecipientSource };
      readonly attached: AttachedFiles;
    }
  | {
      readonly account_id: string;
      readonly status: 'written';
      readonly keys: ReviewKeys;
      readonly users: number;
      /** Why nobody was emailed. */
      readonly not_emailed: string;
    }
  | {
      readonly account_id: string;
      readonly status: 'failed';
      /** Set when the review was written before its email failed. */
      readonly keys?: ReviewKeys;
      readonly error: string;
    };

export interface ReviewKeys {
  readonly csv: string;
  readonly html: string;
}

export interface GenerateReviewResult {
  /** The inventory date reviewed. */
  readonly date: string;
  readonly bucket: string;
  /** The run whose open findings the reviews show; null when none of the date finished. */
  readonly run_id: string | null;
  readonly findings: RunFindings['status'];
  /** Accounts to review: every account with an inventory of the date, or the event's. */
  readonly accounts: number;
  /** Reviews written to S3. */
  readonly reviewed: number;
  /** Owners emailed. */
  readonly emailed: number;
  /** Accounts whose review could not be built or written, or whose email failed. */
  readonly failed: { readonly account_id: string; readonly error: string }[];
  readonly reviews: AccountReviewOutcome[];
}

/** Some accounts failed: raised once every account was tried, so the invocation shows as failed. */
export class GenerateReviewError extends Error {
  readonly result: GenerateReviewResult;

  constructor(result: GenerateReviewResult) {
    const listed = result.failed
      .slice(0, 10)
      .map((failure) => `account ${failure.account_id}: ${failure.error}`);
    const more = result.failed.length - listed.length;
    super(
      [
        `generate-review: ${result.failed.length} of ${result.accounts} accounts failed for the inventory of ${result.date} (${result.reviewed} reviews written, ${result.emailed} emailed)`,
        ...listed,
        ...(more > 0 ? [`and ${more} more`] : []),
      ].join('; '),
    );
    this.name = 'GenerateReviewError';
    this.result = result;
  }
}

/** A step of one account failed: what it was doing, with what was already written. */
class AccountStepError extends Error {
  readonly keys: ReviewKeys | undefined;

  constructor(step: string, cause: unknown, keys?: ReviewKeys) {
    super(`${step}: ${describeError(cause)}`, { cause });
    this.name = 'AccountStepError';
    this.keys = keys;
  }
}

async function putReview(
  s3: S3Client,
  request: GenerateReviewRequest,
  key: string,
  body: string,
  contentType: string,
): Promise<void> {
  await putText(s3, { bucket: request.bucket, key, text: body, contentType, kmsKeyArn: request.kmsKeyArn });
}

/**
 * What the run says about the account's open findings, after the review's own notes: why they are
 * missing or incomplete. Without the account's credential report the review already says it.
 */
function withRunNotes(review: AccessReview, run: RunFindings): AccessReview {
  if (!review.credential_report) return review;
  const notes = run.failed_accounts.has(review.account_id)
    ? [`The daily run ${run.run_id ?? ''} failed for this account: its open findings are not shown.`]
    : run.notes;
  return notes.length === 0 ? review : { ...review, notes: [...review.notes, ...notes] };
}

/**
 * Reviews every account with an inventory of the newest date (or the event's date and accounts): its
 * inventory, that day's credential report and the open findings of that day's latest finished run,
 * written as CSV and HTML under reviews/ and emailed to its owner. One account's failure is recorded
 * and the others go on.
 */
export async function generateReviews(
  services: GenerateReviewServices,
  request: GenerateReviewRequest,
): Promise<GenerateReviewResult> {
  const { s3, ses } = services;
  const { bucket } = request;
  const date =
    request.override.date ?? (await newestInventoryDate(s3, bucket, request.now, request.lookbackDays));
  const inventory = await inventoryAccounts(s3, bucket, date);
  if (inventory.size === 0) {
    throw new NoInventoryError(
      `generate-review: no inventory of ${date} under s3://${bucket}/inventory/date=${date}/`,
    );
  }
  const accounts = request.override.accounts ?? [...inventory.keys()].sort();
  const reports = await reportAccounts(s3, bucket, date);
  const run = await readRunFindings(
    s3,
    bucket,
    date,
    await findLatestFinishedRun(s3, bucket, date),
    request.severities,
  );
  const asOf = run.as_of ?? defaultReviewAsOf(date);

  const outcomes = new Map<string, AccountReviewOutcome>();
  const reviewOne = async (accountId: string): Promise<AccountReviewOutcome> => {
    const kinds = inventory.get(accountId);
    if (kinds === undefined) {
      throw new AccountStepError(
        'reading its inventory',
        new ReviewInputError(
          `no inventory of account ${accountId} on ${date} under s3://${bucket}/inventory/date=${date}/`,
        ),
      );
    }
    let review: AccessReview;
    try {
      const snapshot = await readInventory(s3, bucket, date, accountId, kinds);
      const report = reports.has(accountId) ? await readCredentialReport(s3, bucket, date, accountId) : null;
      review = withRunNotes(
        reviewAccount(snapshot, {
          asOf,
          credentialReport: report,
          findings: run.failed_accounts.has(accountId) ? null : run.findings,
        }),
        run,
      );
    } catch (error) {
      throw new AccountStepError('building its review', error);
    }

    const keys = { csv: reviewKey(date, accountId, 'csv'), html: reviewKey(date, accountId, 'html') };
    const csv = renderReviewCsv(review);
    const html = renderReviewHtml(review);
    try {
      await putReview(s3, request, keys.csv, csv, 'text/csv; charset=utf-8');
      await putReview(s3, request, keys.html, html, 'text/html; charset=utf-8');
    } catch (error) {
      throw new AccountStepError(
        `writing its review to s3://${bucket}/reviews/ (check the KMS key and the bucket policy)`,
        error,
      );
    }
    const written = { account_id: accountId, keys, users: review.totals.users };

    if (request.notifyFrom === undefined) {
      return { ...written, status: 'written', not_emailed: 'NOTIFY_FROM is not set: nobody is emailed' };
    }
    let recipient;
    try {
      recipient = await chooseRecipient(accountId, request.contacts, services.lookUpEmail);
    } catch (error) {
      throw new AccountStepError(
        `finding its owner (the review is at ${s3Uri(bucket, keys.html)})`,
        error,
        keys,
      );
    }
    if (recipient.address === null) return { ...written, status: 'written', not_emailed: recipient.reason };
    try {
      const message = buildReviewMessage(
        review,
        { csv, html, csvUri: s3Uri(bucket, keys.csv), htmlUri: s3Uri(bucket, keys.html) },
        { from: request.notifyFrom, to: recipient.address, source: recipient.source },
      );
      await ses.send(
        new SendRawEmailCommand({
          Source: request.notifyFrom,
          RawMessage: { Data: Buffer.from(message.raw, 'utf8') },
        }),
      );
      return {
        ...written,
        status: 'emailed',
        recipient: { address: recipient.address, source: recipient.source },
        attached: message.attached,
      };
    } catch (error) {
      throw new AccountStepError(
        `emailing its owner through SES (the review is at ${s3Uri(bucket, keys.html)})`,
        error,
        keys,
      );
    }
  };

  await pMap(
    accounts,
    async (accountId) => {
      try {
        outcomes.set(accountId, await reviewOne(accountId));
      } catch (error) {
        const keys = error instanceof AccountStepError ? error.keys : undefined;
        outcomes.set(accountId, {
          account_id: accountId,
          status: 'failed',
          ...(keys === undefined ? {} : { keys }),
          error: error instanceof AccountStepError ? error.message : describeError(error),
        });
      }
    },
    { concurrency: request.concurrency ?? 4 },
  );

  const reviews = accounts.map((accountId) => outcomes.get(accountId) as AccountReviewOutcome);
  return {
    date,
    bucket,
    run_id: run.run_id,
    findings: run.status,
    accounts: accounts.length,
    reviewed: reviews.filter((review) => review.status !== 'failed' || review.keys !== undefined).length,
    emailed: reviews.filter((review) => review.status === 'emailed').length,
    failed: reviews.flatMap((review) =>
      review.status === 'failed' ? [{ account_id: review.account_id, error: review.error }] : [],
    ),
    reviews,
  };
}
