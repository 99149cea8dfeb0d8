import type { S3Client } from '@aws-sdk/client-s3';
import { noticesText, type Notice } from '../notify/notices.js';
import type { ActionLogScope } from './action-log.js';
import { JSON_LINES, putText } from './put-text.js';
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
  await putText(s3, { bucket, key, text: noticesText(notices), contentType: JSON_LINES });
  return { bucket, key };
}
