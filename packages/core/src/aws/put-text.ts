import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** The content type of the tracker's JSON-lines files (action logs, notices, targets, inventory). */
export const JSON_LINES = 'application/x-ndjson';

export interface TextObject {
  readonly bucket: string;
  readonly key: string;
  readonly text: string;
  readonly contentType: string;
  /** Encrypts with SSE-KMS under this key; absent, the bucket's default encryption applies. */
  readonly kmsKeyArn?: string;
}

/** Writes text as one object, replacing any earlier one (S3 has no append). */
export async function putText(s3: S3Client, object: TextObject): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: object.bucket,
      Key: object.key,
      Body: object.text,
      // Always given: the SDK sends no length at all for an empty body (a run with nothing to log).
      ContentLength: Buffer.byteLength(object.text),
      ContentType: object.contentType,
      ...(object.kmsKeyArn ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: object.kmsKeyArn } : {}),
    }),
  );
}
