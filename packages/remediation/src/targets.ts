import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { RemediationTarget } from '@credential-tracker/core';
import { findingRowSchema } from '@credential-tracker/findings';

/** A targets file that breaks the finding contract: nothing is acted on, the line is named. */
export class TargetsFileError extends Error {
  constructor(location: string, line: number, problem: string) {
    super(`${location}:${line}: ${problem}; nothing was remediated (retrieve-users-to-remediate wrote it)`);
    this.name = 'TargetsFileError';
  }
}

const instant = (value: unknown): unknown =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value) : value;

/**
 * The targets retrieve-users-to-remediate wrote: one finding row a JSON line, instants as ISO text.
 * Every line is validated before any is used, as the pipeline never acts on data it could not check.
 */
export async function readTargets(
  s3: S3Client,
  location: { readonly bucket: string; readonly key: string },
): Promise<RemediationTarget[]> {
  const where = `s3://${location.bucket}/${location.key}`;
  const object = await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
  const text = (await object.Body?.transformToString('utf8')) ?? '';
  const targets: RemediationTarget[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new TargetsFileError(where, index + 1, 'not a JSON line');
    }
    const parsed = findingRowSchema.safeParse({
      ...value,
      created_at: instant(value.created_at),
      last_used_at: instant(value.last_used_at),
    });
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
      throw new TargetsFileError(where, index + 1, problems.join('; '));
    }
    targets.push(parsed.data);
  });
  return targets;
}
