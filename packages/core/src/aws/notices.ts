import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { noticesText, type Notice } from '../notify/notices.js';
import type { ActionLogScope } from './action-log.js';
import { noticesKey } from './s3-layout.js';

/**
 * Writes the owner notices one remediation function queued in a run, in one object, even when there
 * are none: a retried invocation then replaces an earlier attempt's notices instead of leaving them
 * for summarise-run to send.
 */
export async function writeNotices(
  s3: S3Client,
  bucket: string,
  scope: Pick<ActionLogScope, 'run' | 'function'>,
  notices: readonly Notice[],
): Promise<{ bucket: string; key: string }> {
  const key = noticesKey(scope.run.date, scope.run.run_id, scope.function);
  const body = noticesText(notices);
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      // Given, because an empty file otherwise goes without a length.
      ContentLength: Buffer.byteLength(body),
      ContentType: 'application/x-ndjson',
    }),
  );
  return { bucket, key };
}
