import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { describeError } from '../errors.js';
import * as z from '../zod.js';
import { accountIdSchema } from './settings.js';

/**
 * The accounts Map of the daily run is a Distributed Map: it reads its items from a JSON file that
 * list-accounts writes (ItemReader) and writes every account's outcome to S3 (ResultWriter), so that
 * no state's input or output grows with the Organization (Step Functions refuses payloads over
 * 256 KiB). This module holds both ends of that contract: where the files are, and the reader of the
 * Map's results for summarise-run and export-findings.
 */

/**
 * The accounts Map's files: its items and its results, under a prefix of their own so that a
 * lifecycle rule expires them with the reports and the IAM policies can name them alone.
 */
export const ACCOUNT_RUNS_PREFIX = 'account-runs';

/** The run's accounts in scope, a JSON array of ids: the accounts Map's ItemReader reads it. */
export const accountsFileKey = (date: string, runId: string): string =>
  `${ACCOUNT_RUNS_PREFIX}/date=${date}/run=${runId}/accounts.json`;

/**
 * The accounts Map's ResultWriter prefix; Step Functions adds `/<map run id>/manifest.json` and the
 * result files below it.
 */
export const accountResultsPrefix = (date: string, runId: string): string =>
  `${ACCOUNT_RUNS_PREFIX}/date=${date}/run=${runId}/results`;

const nonEmpty = () => z.string().check(z.minLength(1));

/** What list-accounts returns about the accounts file: a pointer and a count, never the list. */
export const accountsFileSchema = z.strictObject({
  bucket: nonEmpty(),
  key: nonEmpty(),
  count: z.number().check(z.int(), z.gte(0)),
});

/** Where the accounts Map writes its results (its ResultWriter's Bucket and Prefix). */
export const accountResultsLocationSchema = z.strictObject({
  bucket: nonEmpty(),
  prefix: nonEmpty(),
});

/** The accounts Map's output as the definition keeps it: its ResultWriter manifest. */
export const accountResultsSchema = z.strictObject({
  bucket: nonEmpty(),
  manifest_key: nonEmpty(),
});

export type AccountsFile = z.output<typeof accountsFileSchema>;
export type AccountResultsLocation = z.output<typeof accountResultsLocationSchema>;
export type AccountResults = z.output<typeof accountResultsSchema>;

/**
 * A Catch's error output, handed on whole (RecordAccountFailure, RecordFindingFailure): Error is the
 * error's name; Cause, when there is one, is a Fail state's text, or for a Lambda function that threw,
 * the runtime's JSON {errorType, errorMessage, trace}.
 */
export const caughtErrorSchema = z.strictObject({
  Error: z.string().check(z.minLength(1)),
  Cause: z.optional(z.string()),
});

/** One account's outcome, the output of its iteration of the accounts Map. */
export const accountOutcomeSchema = z.discriminatedUnion('status', [
  z.strictObject({ account_id: accountIdSchema, status: z.literal('stored') }),
  z.strictObject({ account_id: accountIdSchema, status: z.literal('failed'), error: caughtErrorSchema }),
]);

export type CaughtError = z.output<typeof caughtErrorSchema>;
export type AccountOutcome = z.output<typeof accountOutcomeSchema>;

/** The longest error message kept from an account's failure: the summary lists every failed account. */
export const ERROR_TEXT_LIMIT = 1_000;

const shorten = (text: string, limit: number): string =>
  text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;

const lambdaCauseSchema = z.object({
  errorType: z.optional(z.string()),
  errorMessage: z.string(),
});

/**
 * A Cause no longer than about ERROR_TEXT_LIMIT characters. A Lambda function's JSON Cause keeps its
 * shape (readers take errorType and errorMessage from it) without the stack trace, which nobody reads
 * in a summary and which is most of its length.
 */
export function boundedCause(cause: string): string {
  if (cause.trimStart().startsWith('{')) {
    try {
      const parsed = lambdaCauseSchema.safeParse(JSON.parse(cause));
      if (parsed.success) {
        const { errorType, errorMessage } = parsed.data;
        return JSON.stringify({
          ...(errorType === undefined ? {} : { errorType: shorten(errorType, 200) }),
          errorMessage: shorten(errorMessage, ERROR_TEXT_LIMIT),
        });
      }
    } catch {
      // Not JSON after all: shortened as text below.
    }
  }
  return shorten(cause, ERROR_TEXT_LIMIT);
}

const boundedError = (error: CaughtError): CaughtError => ({
  Error: shorten(error.Error, 200),
  ...(error.Cause === undefined ? {} : { Cause: boundedCause(error.Cause) }),
});

// The ResultWriter's files, as AWS documents them
// (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html, "Exporting to
// Amazon S3"): the Map's output is {MapRunArn, ResultWriterDetails: {Bucket, Key}}, Key being
// `<Prefix>/<map run id>/manifest.json`; the manifest lists the result files by status,
// {DestinationBucket, MapRunArn, ResultFiles: {SUCCEEDED: [{Key, Size}], FAILED: [...], PENDING: [...]}}
// (files SUCCEEDED_n.json, FAILED_n.json, PENDING_n.json, n from 0, each up to 5 GB); each file is a
// JSON array of child executions with the Transformation NONE (the default with a Bucket and Prefix):
// {ExecutionArn, Name, Input, Output, Status, StartDate, StopDate, ...}, Input and Output as JSON
// strings, and Error and Cause for a failed one. Fields this reader does not use are let through.
const resultFileSchema = z.object({ Key: nonEmpty() });
const manifestSchema = z.object({
  ResultFiles: z.object({
    SUCCEEDED: z._default(z.array(resultFileSchema), []),
    FAILED: z._default(z.array(resultFileSchema), []),
    PENDING: z._default(z.array(resultFileSchema), []),
  }),
});
const childExecutionSchema = z.object({
  Input: z.optional(z.string()),
  Output: z.optional(z.string()),
  Error: z.optional(z.string()),
  Cause: z.optional(z.string()),
});
const accountItemSchema = z.object({ account_id: accountIdSchema });

/** The accounts Map's results could not be read or are not what the definition writes. */
export class MapResultsReadError extends Error {
  constructor(bucket: string, key: string, problem: string, options?: ErrorOptions) {
    super(
      `cannot read the accounts Map's results at s3://${bucket}/${key} (${problem}); check the state machine's ResultWriter and that this function may read the bucket's account-runs/ prefix`,
      options,
    );
    this.name = 'MapResultsReadError';
  }
}

async function readJson(s3: S3Client, bucket: string, key: string): Promise<unknown> {
  let text: string;
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    text = (await object.Body?.transformToString('utf-8')) ?? '';
  } catch (error) {
    throw new MapResultsReadError(bucket, key, describeError(error), { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new MapResultsReadError(bucket, key, `not JSON: ${describeError(error)}`, { cause: error });
  }
}

function parsed<T>(schema: z.ZodMiniType<T>, value: unknown, bucket: string, key: string, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new MapResultsReadError(bucket, key, `${what}: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}

function jsonField(text: string | undefined, bucket: string, key: string, what: string): unknown {
  if (text === undefined) throw new MapResultsReadError(bucket, key, `${what} is missing`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new MapResultsReadError(bucket, key, `${what} is not JSON: ${describeError(error)}`);
  }
}

/**
 * Every account's outcome from the accounts Map's ResultWriter files, sorted by account id. A
 * succeeded child execution's Output is the outcome itself (a failure its Catch recorded included); a
 * child execution that failed, or that never started, is a failed account with the error Step
 * Functions gives. Error text is bounded (boundedCause). Memory holds one result file at a time.
 */
export async function readAccountOutcomes(s3: S3Client, results: AccountResults): Promise<AccountOutcome[]> {
  const { bucket } = results;
  const manifest = parsed(
    manifestSchema,
    await readJson(s3, bucket, results.manifest_key),
    bucket,
    results.manifest_key,
    'not a ResultWriter manifest',
  );
  const outcomes: AccountOutcome[] = [];
  const files = manifest.ResultFiles;
  for (const [status, entries] of [
    ['SUCCEEDED', files.SUCCEEDED],
    ['FAILED', files.FAILED],
    ['PENDING', files.PENDING],
  ] as const) {
    for (const { Key: key } of entries) {
      const executions = parsed(
        z.array(childExecutionSchema),
        await readJson(s3, bucket, key),
        bucket,
        key,
        'not an array of child executions',
      );
      executions.forEach((execution, index) => {
        const where = `child execution ${index}`;
        if (status === 'SUCCEEDED') {
          const outcome = parsed(
            accountOutcomeSchema,
            jsonField(execution.Output, bucket, key, `${where}'s Output`),
            bucket,
            key,
            `${where}'s Output`,
          );
          outcomes.push(
            outcome.status === 'failed' ? { ...outcome, error: boundedError(outcome.error) } : outcome,
          );
          return;
        }
        const { account_id } = parsed(
          accountItemSchema,
          jsonField(execution.Input, bucket, key, `${where}'s Input`),
          bucket,
          key,
          `${where}'s Input`,
        );
        const error =
          status === 'FAILED'
            ? {
                Error: execution.Error ?? 'States.ChildExecutionFailed',
                ...(execution.Cause === undefined ? {} : { Cause: execution.Cause }),
              }
            : { Error: 'NotStarted', Cause: 'the Map Run stopped before this account was started' };
        outcomes.push({ account_id, status: 'failed', error: boundedError(error) });
      });
    }
  }
  return outcomes.sort((left, right) => left.account_id.localeCompare(right.account_id));
}
