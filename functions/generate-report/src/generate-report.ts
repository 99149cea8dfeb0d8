import { GenerateCredentialReportCommand, ReportStateType } from '@aws-sdk/client-iam';
import { describeError } from '@credential-tracker/core';
import type { MemberIamClientFactory } from '@credential-tracker/core/aws';
import { DEFAULT_BACKOFF, RetriesExhaustedError, withBackoff, type BackoffOptions } from './backoff.js';

export type ReportState = 'STARTED' | 'INPROGRESS' | 'COMPLETE';

export interface GenerateReportResult {
  readonly account_id: string;
  readonly state: ReportState;
}

const THROTTLING = new Set([
  'LimitExceededException',
  'LimitExceeded',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
]);

const isThrottling = (error: unknown): boolean => error instanceof Error && THROTTLING.has(error.name);

/** IAM kept refusing GenerateCredentialReport as throttled: the state machine may retry the account later. */
export class GenerateReportThrottledError extends Error {
  readonly accountId: string;

  constructor(accountId: string, attempts: number, cause: unknown) {
    super(
      `account ${accountId}: GenerateCredentialReport was throttled ${attempts} times (${describeError(cause)}); IAM limits report generation per account: retry later or lower the Map's MaxConcurrency`,
      { cause },
    );
    this.name = 'GenerateReportThrottledError';
    this.accountId = accountId;
  }
}

/** GenerateCredentialReport failed for another reason than throttling. */
export class GenerateReportError extends Error {
  readonly accountId: string;

  constructor(accountId: string, problem: string, cause?: unknown) {
    super(`account ${accountId}: GenerateCredentialReport ${problem}`, { cause });
    this.name = 'GenerateReportError';
    this.accountId = accountId;
  }
}

const STATES = new Set<string>(Object.values(ReportStateType));

/**
 * Asks IAM in the account for a credential report and returns its state. IAM answers COMPLETE at
 * once when a report younger than 4 hours exists, which is no error: DownloadReport follows.
 */
export async function generateReport(
  iamFor: MemberIamClientFactory,
  accountId: string,
  backoff: BackoffOptions = DEFAULT_BACKOFF,
): Promise<GenerateReportResult> {
  const iam = await iamFor(accountId);
  let answer;
  try {
    answer = await withBackoff(
      () => iam.send(new GenerateCredentialReportCommand({})),
      isThrottling,
      backoff,
    );
  } catch (error) {
    if (error instanceof RetriesExhaustedError) {
      throw new GenerateReportThrottledError(accountId, error.attempts, error.cause);
    }
    throw new GenerateReportError(
      accountId,
      `failed (${describeError(error)}); check that the member role allows iam:GenerateCredentialReport`,
      error,
    );
  } finally {
    iam.destroy();
  }
  const state = answer.State;
  if (!state || !STATES.has(state)) {
    throw new GenerateReportError(accountId, `returned an unknown state ${JSON.stringify(state)}`);
  }
  return { account_id: accountId, state };
}
