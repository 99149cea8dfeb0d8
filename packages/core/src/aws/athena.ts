import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  type AthenaClient,
  type QueryExecution,
  type Row,
  type StartQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';

/** An Athena query ended FAILED or CANCELLED: says which query, and Athena's own reason. */
export class AthenaQueryFailedError extends Error {
  readonly queryExecutionId: string;
  readonly state: string;
  readonly reason: string;

  constructor(what: string, queryExecutionId: string, state: string, reason: string | undefined) {
    const said = reason ?? 'Athena gave no reason';
    super(
      `${what}: Athena query ${queryExecutionId} ended ${state}: ${said}; check the query in the Athena console (workgroup history) and the table's S3 location`,
    );
    this.name = 'AthenaQueryFailedError';
    this.queryExecutionId = queryExecutionId;
    this.state = state;
    this.reason = said;
  }
}

/** An Athena query was still running after the allowed number of polls. */
export class AthenaQueryTimeoutError extends Error {
  readonly queryExecutionId: string;

  constructor(what: string, queryExecutionId: string, attempts: number, lastState: string) {
    super(
      `${what}: Athena query ${queryExecutionId} was still ${lastState} after ${attempts} polls; raise the function's timeout or look for a stuck query in the workgroup`,
    );
    this.name = 'AthenaQueryTimeoutError';
    this.queryExecutionId = queryExecutionId;
  }
}

export interface PollingOptions {
  /** How many times GetQueryExecution is asked before giving up. */
  readonly maxAttempts?: number;
  /** The pause before poll `attempt` (1-based), in milliseconds. */
  readonly delayMs?: (attempt: number) => number;
  /** Injectable so tests do not wait. */
  readonly sleep?: (milliseconds: number) => Promise<void>;
  /**
   * The Lambda's remaining time (context.getRemainingTimeInMillis): polling stops while there is still
   * time to say why, instead of the function being killed mid-wait with a bare timeout.
   */
  readonly timeLeftMs?: () => number;
}

/** The part of a Lambda invocation's context that bounds a wait. */
export interface LambdaTimeLeft {
  getRemainingTimeInMillis(): number;
}

/** Polling that ends in time to report, within the invocation (no context: the default bounds). */
export const pollingWithin = (context?: LambdaTimeLeft): PollingOptions =>
  context ? { timeLeftMs: () => context.getRemainingTimeInMillis() } : {};

/** Kept free at the end of an invocation to report a query still running. */
const REPORTING_MARGIN_MS = 5_000;

export const DEFAULT_MAX_POLL_ATTEMPTS = 180;

/** 250 ms doubling to 5 s: short DDL finishes in one or two polls, long scans cost few calls. */
export const defaultPollDelay = (attempt: number): number => Math.min(5_000, 250 * 2 ** (attempt - 1));

const realSleep = (milliseconds: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Starts a query; `what` names it in errors ("finding ak-rotation", "table credential_report"). */
export async function startQuery(
  athena: AthenaClient,
  input: StartQueryExecutionCommandInput,
  what: string,
): Promise<string> {
  const answer = await athena.send(new StartQueryExecutionCommand(input));
  if (!answer.QueryExecutionId) {
    throw new AthenaQueryFailedError(what, '(none)', 'NOT STARTED', 'StartQueryExecution returned no id');
  }
  return answer.QueryExecutionId;
}

/** Polls until the query SUCCEEDED (returned), or throws on FAILED, CANCELLED or too many polls. */
export async function waitForQuery(
  athena: AthenaClient,
  queryExecutionId: string,
  what: string,
  options: PollingOptions = {},
): Promise<QueryExecution> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_POLL_ATTEMPTS;
  const delayMs = options.delayMs ?? defaultPollDelay;
  const sleep = options.sleep ?? realSleep;
  let lastState = 'QUEUED';
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const { QueryExecution: execution } = await athena.send(
      new GetQueryExecutionCommand({ QueryExecutionId: queryExecutionId }),
    );
    const status = execution?.Status;
    lastState = status?.State ?? 'UNKNOWN';
    if (lastState === 'SUCCEEDED' && execution) return execution;
    if (lastState === 'FAILED' || lastState === 'CANCELLED') {
      throw new AthenaQueryFailedError(
        what,
        queryExecutionId,
        lastState,
        status?.StateChangeReason ?? status?.AthenaError?.ErrorMessage,
      );
    }
    if (attempt === maxAttempts) break;
    const delay = delayMs(attempt);
    if (options.timeLeftMs && options.timeLeftMs() < delay + REPORTING_MARGIN_MS) {
      throw new AthenaQueryTimeoutError(what, queryExecutionId, attempt, lastState);
    }
    await sleep(delay);
  }
  throw new AthenaQueryTimeoutError(what, queryExecutionId, maxAttempts, lastState);
}

/** Starts a query and waits for it; returns its execution id. */
export async function runQuery(
  athena: AthenaClient,
  input: StartQueryExecutionCommandInput,
  what: string,
  options: PollingOptions = {},
): Promise<string> {
  const queryExecutionId = await startQuery(athena, input, what);
  await waitForQuery(athena, queryExecutionId, what, options);
  return queryExecutionId;
}

/** A row as Athena sends it: text cells, `undefined` where the value is NULL. */
export type AthenaTextRow = (string | undefined)[];

export const athenaRowCells = (row: Row): AthenaTextRow =>
  (row.Data ?? []).map((datum) => datum.VarCharValue);

/**
 * The result pages of a finished query, one at a time, so a caller never holds more than one page.
 * Athena repeats the column names as the first row of the first page only.
 */
export async function* queryResultPages(
  athena: AthenaClient,
  queryExecutionId: string,
  pageSize = 1000,
): AsyncGenerator<AthenaTextRow[]> {
  let nextToken: string | undefined;
  do {
    const answer = await athena.send(
      new GetQueryResultsCommand({
        QueryExecutionId: queryExecutionId,
        MaxResults: pageSize,
        ...(nextToken ? { NextToken: nextToken } : {}),
      }),
    );
    yield (answer.ResultSet?.Rows ?? []).map(athenaRowCells);
    nextToken = answer.NextToken;
  } while (nextToken);
}
