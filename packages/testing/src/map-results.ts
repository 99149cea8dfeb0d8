import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/**
 * The files a Distributed Map's ResultWriter leaves in S3 (manifest.json and SUCCEEDED_0.json under
 * `<prefix>/<map run id>/`, in Step Functions' format, as packages/state-machine's local runner writes
 * them), for tests of the functions that read the accounts Map's results without running the state
 * machine. Each output is one child execution's Output (an account's outcome).
 */
export async function putAccountResults(
  s3: S3Client,
  bucket: string,
  prefix: string,
  outputs: readonly unknown[],
): Promise<{ bucket: string; manifest_key: string }> {
  const base = `${prefix}/00000000-0000-4000-8000-000000000000`;
  const succeeded = `${base}/SUCCEEDED_0.json`;
  const entries = outputs.map((output, index) => ({
    ExecutionArn: `arn:aws:states:us-east-1:111111111111:execution:ct/CollectReports:${index}`,
    Input: JSON.stringify({ account_id: (output as { account_id?: string }).account_id }),
    InputDetails: { Included: true },
    Name: String(index),
    Output: JSON.stringify(output),
    OutputDetails: { Included: true },
    Status: 'SUCCEEDED',
  }));
  const put = (Key: string, text: string) =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: text, ContentType: 'application/json' }));
  await put(succeeded, JSON.stringify(entries));
  const manifestKey = `${base}/manifest.json`;
  await put(
    manifestKey,
    JSON.stringify({
      DestinationBucket: bucket,
      MapRunArn: 'arn:aws:states:us-east-1:111111111111:mapRun:ct/CollectReports:00000000',
      ResultFiles: { FAILED: [], PENDING: [], SUCCEEDED: [{ Key: succeeded, Size: 0 }] },
    }),
  );
  return { bucket, manifest_key: manifestKey };
}
