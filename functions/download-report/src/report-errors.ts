import { describeError } from '@credential-tracker/core';

/** The account has no credential report: GenerateReport has not run (or not for this account). */
export class ReportNotPresentError extends Error {
  readonly accountId: string;

  constructor(accountId: string, said: string) {
    super(
      `account ${accountId}: GetCredentialReport found no report (${said}); run GenerateReport for the account first, then download`,
    );
    this.name = 'ReportNotPresentError';
    this.accountId = accountId;
  }
}

/** The account's report is older than IAM keeps it downloadable (4 hours). */
export class ReportExpiredError extends Error {
  readonly accountId: string;

  constructor(accountId: string, said: string) {
    super(
      `account ${accountId}: GetCredentialReport says the report expired (${said}); run GenerateReport again to get a fresh one, then download`,
    );
    this.name = 'ReportExpiredError';
    this.accountId = accountId;
  }
}

/** IAM is still generating the report: wait and download again. */
export class ReportInProgressError extends Error {
  readonly accountId: string;

  constructor(accountId: string, said: string) {
    super(
      `account ${accountId}: GetCredentialReport says the report is still being generated (${said}); wait until GenerateReport answers COMPLETE, then download`,
    );
    this.name = 'ReportInProgressError';
    this.accountId = accountId;
  }
}

/** IAM's report did not validate: it is not stored, so no query ever reads it. */
export class InvalidCredentialReportError extends Error {
  readonly accountId: string;

  constructor(accountId: string, cause: Error) {
    super(
      `account ${accountId}: the credential report IAM returned is invalid and was not stored: ${cause.message}`,
      { cause },
    );
    this.name = 'InvalidCredentialReportError';
    this.accountId = accountId;
  }
}

/** Another failure of GetCredentialReport or of writing the report to S3. */
export class DownloadReportError extends Error {
  readonly accountId: string;

  constructor(accountId: string, problem: string, cause?: unknown) {
    super(`account ${accountId}: ${problem}`, { cause });
    this.name = 'DownloadReportError';
    this.accountId = accountId;
  }
}

/** IAM's GetCredentialReport refusals, by the SDK's exception name or the query protocol's code. */
export function reportStateError(accountId: string, error: unknown): Error | undefined {
  if (!(error instanceof Error)) return undefined;
  const said = describeError(error);
  switch (error.name) {
    case 'CredentialReportNotPresentException':
    case 'ReportNotPresent':
      return new ReportNotPresentError(accountId, said);
    case 'CredentialReportExpiredException':
    case 'ReportExpired':
      return new ReportExpiredError(accountId, said);
    case 'CredentialReportNotReadyException':
    case 'ReportInProgress':
      return new ReportInProgressError(accountId, said);
    default:
      return undefined;
  }
}
