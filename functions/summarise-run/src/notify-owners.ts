// The owners' emails of a run: the remediation functions run in parallel inside the findings Map and
// each only queues its notices in S3; here, once they are all done, every owner gets one digest.
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { SendEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import { describeError } from '@credential-tracker/core';
import { noticesPrefix, type RunContext } from '@credential-tracker/core/aws';
import { mergeNotices, parseNotices, renderDigest, type Notice } from '@credential-tracker/core/notify';

export interface OwnerNotifications {
  /** The SES sender (NOTIFY_FROM); null: nobody was emailed, whatever was queued. */
  readonly sent_from: string | null;
  /** Why nothing was sent although notices were queued, when that is so. */
  readonly note?: string;
  readonly notice_files: number;
  /** Distinct owner addresses in the valid notices files. */
  readonly owners: number;
  readonly notified: number;
  /** Sends SES refused: the owners are not told this run; the run itself does not fail for it. */
  readonly failed: number;
  /** Notices files that could not be read or validated: reported, not sent. */
  readonly invalid_files: { readonly key: string; readonly error: string }[];
}

async function listNoticeKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) if (object.Key?.endsWith('.jsonl')) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys.sort();
}

/**
 * Reads every notices file of the run, merges them per owner address (all functions, all accounts)
 * and sends each owner one digest. A file that fails validation is reported and none of it is sent;
 * a send that fails is counted and the others go on.
 */
export async function notifyOwners(
  s3: S3Client,
  request: {
    readonly run: RunContext;
    readonly bucket: string;
    readonly notify?: { readonly ses: SESClient; readonly from: string };
  },
): Promise<OwnerNotifications> {
  const { run, bucket } = request;
  const prefix = noticesPrefix(run.date, run.run_id);
  let keys: string[];
  try {
    keys = await listNoticeKeys(s3, bucket, prefix);
  } catch (error) {
    // The summary is still written and published: it says that the owners were not emailed, and why.
    return {
      sent_from: request.notify?.from ?? null,
      note: 'the notices could not be listed: no owner digest was sent',
      notice_files: 0,
      owners: 0,
      notified: 0,
      failed: 0,
      invalid_files: [{ key: prefix, error: describeError(error) }],
    };
  }
  const notices: Notice[] = [];
  const invalid: { key: string; error: string }[] = [];
  for (const key of keys) {
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      notices.push(...parseNotices((await object.Body?.transformToString()) ?? ''));
    } catch (error) {
      invalid.push({ key, error: describeError(error) });
    }
  }
  const digests = mergeNotices(notices);
  const base = { notice_files: keys.length, owners: digests.length, invalid_files: invalid };
  const { notify } = request;
  if (!notify) {
    return {
      sent_from: null,
      ...(digests.length > 0 ? { note: 'NOTIFY_FROM is not set: no owner digest was sent' } : {}),
      ...base,
      notified: 0,
      failed: 0,
    };
  }
  let notified = 0;
  let failed = 0;
  for (const digest of digests) {
    const rendered = renderDigest(digest, run.run_id);
    try {
      await notify.ses.send(
        new SendEmailCommand({
          Source: notify.from,
          Destination: { ToAddresses: [digest.address] },
          Message: {
            Subject: { Data: rendered.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: rendered.text, Charset: 'UTF-8' },
              Html: { Data: rendered.html, Charset: 'UTF-8' },
            },
          },
        }),
      );
      notified += 1;
    } catch {
      failed += 1;
    }
  }
  return { sent_from: notify.from, ...base, notified, failed };
}
