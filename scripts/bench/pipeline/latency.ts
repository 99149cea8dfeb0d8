/**
 * What each simulated AWS call costs in wall time. The member-account calls are what one call takes
 * from a Lambda in the same Region, at their typical latency, unscaled: they are what the accounts Map
 * is made of. Athena's queries (seconds each, constant per run whatever the Organization's size) are
 * scaled down by ATHENA_SCALE so they do not dominate a benchmark about the accounts Map.
 */
export const CALL_LATENCY_MS = {
  AssumeRole: 60,
  GenerateCredentialReport: 120,
  GetCredentialReport: 150,
  PutObject: 80,
  GetObject: 40,
  /** One page: the simulated accounts are small enough for one. */
  GetAccountAuthorizationDetails: 200,
  /** Per user: collect-inventory reads a few users' keys at a time. */
  ListAccessKeys: 60,
  /** Per page of 20 accounts: 50 pages for 1,000 accounts, one after the other. */
  ListAccounts: 100,
  Publish: 60,
} as const;

export const ATHENA_SCALE = 10;

/** An Athena step's typical duration in a deployment (before ATHENA_SCALE). */
export const ATHENA_STEP_MS = {
  /** Three idempotent DDL statements, one after the other. */
  InitialiseTable: 6_000,
  /** One named query over the day's partition, polled until SUCCEEDED. */
  GenerateFindings: 5_000,
  /** GetQueryResults pages, then the targets written to S3. */
  RetrieveUsersToRemediate: 2_000,
} as const;

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const athenaPause = (step: keyof typeof ATHENA_STEP_MS): Promise<void> =>
  pause(ATHENA_STEP_MS[step] / ATHENA_SCALE);
