import { GetCredentialReportCommand } from '@aws-sdk/client-iam';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { CredentialReportError, describeError, validateCredentialReport } from '@credential-tracker/core';
import {
  credentialReportKey,
  type MemberIamClientFactory,
  type RunContext,
} from '@credential-tracker/core/aws';
import { DownloadReportError, InvalidCredentialReportError, reportStateError } from './report-errors.js';

export interface DownloadReportResult {
  readonly account_id: string;
  readonly bucket: string;
  readonly key: string;
  /** Rows of the report (IAM users and the root account). */
  readonly users: number;
  /** When IAM generated the report (ISO), also stored as the object's `generated-time` metadata. */
  readonly generated_time: string;
}

export interface DownloadReportClients {
  readonly iamFor: MemberIamClientFactory;
  readonly s3: S3Client;
}

export interface ReportDestination {
  readonly bucket: string;
  readonly kmsKeyArn: string;
}

async function fetchReport(iamFor: MemberIamClientFactory, accountId: string) {
  const iam = await iamFor(accountId);
  try {
    const answer = await iam.send(new GetCredentialReportCommand({}));
    if (!answer.Content || !answer.GeneratedTime) {
      throw new DownloadReportError(
        accountId,
        'GetCredentialReport returned no content or no GeneratedTime; run GenerateReport again',
      );
    }
    return { content: answer.Content, generatedTime: answer.GeneratedTime };
  } catch (error) {
    if (error instanceof DownloadReportError) throw error;
    throw (
      reportStateError(accountId, error) ??
      new DownloadReportError(
        accountId,
        `GetCredentialReport failed (${describeError(error)}); check that the member role allows iam:GetCredentialReport`,
        error,
      )
    );
  } finally {
    iam.destroy();
  }
}

/**
 * Downloads the account's credential report, validates it, and stores it byte for byte under the
 * run's date partition, encrypted with the report key. An invalid report is never written.
 */
export async function downloadReport(
  clients: DownloadReportClients,
  destination: ReportDestination,
  run: RunContext,
  accountId: string,
): Promise<DownloadReportResult> {
  const { content, generatedTime } = await fetchReport(clients.iamFor, accountId);
  const key = credentialReportKey(run.date, accountId);
  const uri = `s3://${destination.bucket}/${key}`;

  let users: number;
  try {
    users = validateCredentialReport(content, { source: uri, expectedAccountId: accountId }).cells.length;
  } catch (error) {
    if (error instanceof CredentialReportError) throw new InvalidCredentialReportError(accountId, error);
    throw error;
  }

  const generated = generatedTime.toISOString();
  try {
    await clients.s3.send(
      new PutObjectCommand({
        Bucket: destination.bucket,
        Key: key,
        Body: content,
        // Known length up front: S3 refuses a body whose length the SDK would have to guess.
        ContentLength: content.byteLength,
        ContentType: 'text/csv',
        Metadata: { 'generated-time': generated },
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: destination.kmsKeyArn,
      }),
    );
  } catch (error) {
    throw new DownloadReportError(
      accountId,
      `writing ${uri} failed (${describeError(error)}); check the bucket policy and that the tracker's role may use the KMS key ${destination.kmsKeyArn}`,
      error,
    );
  }
  return { account_id: accountId, bucket: destination.bucket, key, users, generated_time: generated };
}
