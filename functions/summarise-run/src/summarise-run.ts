import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SESClient } from '@aws-sdk/client-ses';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import {
  putText,
  readAccountOutcomes,
  runSummaryKey,
  targetsKey,
  type AccountResults,
  type RunContext,
} from '@credential-tracker/core/aws';
import { notifyOwners, type OwnerNotifications } from './notify-owners.js';
import {
  buildRunSummary,
  securityHubSummary,
  summaryMessage,
  summarySubject,
  type AccountCounts,
} from './run-summary.js';
import type { FindingOutcome, SecurityHubOutcome } from './outcomes.js';
import { describeError } from '@credential-tracker/core';

export interface SummariseRunRequest {
  readonly run: RunContext;
  /** The accounts Map's ResultWriter manifest: the accounts' outcomes are read from S3. */
  readonly account_results: AccountResults;
  readonly findings: readonly FindingOutcome[];
  /** How the Security Hub export went, when the state machine says (absent: not told). */
  readonly security_hub?: SecurityHubOutcome | undefined;
  readonly bucket: string;
  readonly topicArn: string;
  /**
   * SES and the verified sender of the owners' digests; unset (no NOTIFY_FROM): nobody is emailed,
   * and the summary says how many owners had notices queued.
   */
  readonly notify?: { readonly ses: SESClient; readonly from: string };
}

export interface SummariseRunResult {
  readonly bucket: string;
  readonly key: string;
  readonly message_id: string;
  readonly notifications: OwnerNotifications;
}

/** A targets file could not be read back for the per-account counts. */
export class TargetsReadError extends Error {
  constructor(bucket: string, key: string, cause: unknown) {
    const said = describeError(cause);
    super(
      `summarise-run: cannot read s3://${bucket}/${key} (${said}); check that retrieve-users-to-remediate wrote it and the function may read the bucket`,
      { cause },
    );
    this.name = 'TargetsReadError';
  }
}

/** Counts a targets file's lines per account, one line at a time. */
async function countTargetsPerAccount(s3: S3Client, bucket: string, key: string): Promise<AccountCounts> {
  const counts = new Map<string, number>();
  try {
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const lines = createInterface({ input: Body as Readable, crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line) continue;
      const { account_id } = JSON.parse(line) as { account_id: string };
      counts.set(account_id, (counts.get(account_id) ?? 0) + 1);
    }
  } catch (error) {
    throw new TargetsReadError(bucket, key, error);
  }
  return counts;
}

/**
 * Emails each owner one digest of the run's notices, writes the run's summary (with how many owners
 * were notified) to S3 and tells the people subscribed to the topic. The digests go first so that the
 * summary can record them; a failed send is counted there and does not fail the run.
 */
export async function summariseRun(
  s3: S3Client,
  sns: SNSClient,
  request: SummariseRunRequest,
): Promise<SummariseRunResult> {
  const { run, bucket } = request;
  const accounts = await readAccountOutcomes(s3, request.account_results);
  const countsByFinding = new Map<string, AccountCounts>();
  for (const finding of request.findings) {
    // A failed finding may have written no targets file, or half of one: it is reported as failed.
    if (finding.status === 'failed' || finding.count === 0) continue;
    const key = targetsKey(run.date, run.run_id, finding.finding);
    countsByFinding.set(finding.finding, await countTargetsPerAccount(s3, bucket, key));
  }
  const notifications = await notifyOwners(s3, {
    run,
    bucket,
    ...(request.notify ? { notify: request.notify } : {}),
  });
  const summary = {
    ...buildRunSummary(run, accounts, request.findings, countsByFinding),
    notifications,
    ...(request.security_hub ? { security_hub: securityHubSummary(request.security_hub) } : {}),
  };
  const key = runSummaryKey(run.date, run.run_id);
  await putText(s3, {
    bucket,
    key,
    text: `${JSON.stringify(summary, null, 2)}\n`,
    contentType: 'application/json',
  });
  const published = await sns.send(
    new PublishCommand({
      TopicArn: request.topicArn,
      Subject: summarySubject(summary),
      Message: summaryMessage(summary, `s3://${bucket}/${key}`),
    }),
  );
  return { bucket, key, message_id: published.MessageId ?? '', notifications };
}
