// The action log: every decision of a remediation run, one JSON line each, in S3 where the Athena
// table `actions` reads it. It holds ids, names and reasons, never secret material.
import type { S3Client } from '@aws-sdk/client-s3';
import type { Decision } from '../remediation/decision.js';
import type { RunContext } from './run-context.js';
import { JSON_LINES, putText } from './put-text.js';
import { actionLogKey } from './s3-layout.js';

/**
 * What became of a decision. done / already_done / failed: an act taken, found taken, or that failed;
 * planned (enforce off), deferred (blast radius), warned, skipped: the planner's other outcomes;
 * notice_queued / not_notified: the owner's digest, one line per user: queued for summarise-run,
 * which sends one digest per owner per run, or not (no owner address). Logs written before the digests
 * moved to summarise-run also hold `notified` (sent by the remediation function itself).
 */
export const ACTION_LOG_DECISIONS = [
  'done',
  'already_done',
  'failed',
  'planned',
  'deferred',
  'warned',
  'skipped',
  'notice_queued',
  'not_notified',
] as const;
export type ActionLogDecision = (typeof ACTION_LOG_DECISIONS)[number];

/** Every field of an action-log line, in order: the columns of the Athena table `actions`. */
export const ACTION_LOG_COLUMNS = [
  'time',
  'run_id',
  'function',
  'finding',
  'account_id',
  'user_name',
  'user_arn',
  'credential',
  'credential_id',
  'decision',
  'action',
  'skip_reason',
  'reason',
  'detail',
  'next_step',
  'next_step_due_at',
] as const;
export type ActionLogColumn = (typeof ACTION_LOG_COLUMNS)[number];

/** One line: every column present, null where it does not apply (the JSON SerDe reads null as NULL). */
export type ActionLogRow = { readonly [K in ActionLogColumn]: string | null };

export interface ActionLogScope {
  readonly run: RunContext;
  /** The function writing the log: remediate-findings-ak-rotation... */
  readonly function: string;
  /** When the line is written; the Lambda's clock, unlike the run's as_of. */
  readonly now: () => Date;
}

const OUTCOME_DECISIONS: Readonly<Record<Decision['outcome'], ActionLogDecision>> = {
  act: 'done',
  planned: 'planned',
  deferred: 'deferred',
  warn: 'warned',
  skip: 'skipped',
};

/** The line of a planner decision; for an act, `result` says what became of it. */
export function decisionLogRow(
  scope: ActionLogScope,
  decision: Decision,
  result?: { readonly decision: 'done' | 'already_done' | 'failed'; readonly detail: string },
): ActionLogRow {
  return {
    time: scope.now().toISOString(),
    run_id: scope.run.run_id,
    function: scope.function,
    finding: decision.finding,
    account_id: decision.account_id,
    user_name: decision.user_name,
    user_arn: decision.user_arn,
    credential: decision.credential,
    credential_id: decision.credential_id,
    decision: result?.decision ?? OUTCOME_DECISIONS[decision.outcome],
    action: decision.action?.kind ?? null,
    skip_reason: decision.skip_reason,
    reason: decision.reason,
    detail: result?.detail ?? null,
    next_step: decision.next_step?.action ?? null,
    next_step_due_at: decision.next_step?.due_at.toISOString() ?? null,
  };
}

/** A line about a user rather than one credential: a failure to read it, its notification. */
export function userLogRow(
  scope: ActionLogScope,
  user: {
    readonly finding: string;
    readonly account_id: string;
    readonly user_name: string;
    readonly user_arn: string;
  },
  decision: ActionLogDecision,
  reason: string,
  detail: string | null = null,
): ActionLogRow {
  return {
    time: scope.now().toISOString(),
    run_id: scope.run.run_id,
    function: scope.function,
    finding: user.finding,
    account_id: user.account_id,
    user_name: user.user_name,
    user_arn: user.user_arn,
    credential: null,
    credential_id: null,
    decision,
    action: decision === 'notice_queued' || decision === 'not_notified' ? 'notify' : null,
    skip_reason: null,
    reason,
    detail,
    next_step: null,
    next_step_due_at: null,
  };
}

export const actionLogText = (rows: readonly ActionLogRow[]): string =>
  rows.map((row) => `${JSON.stringify(row)}\n`).join('');

/**
 * Writes the run's log of one function in one object. S3 has no append: each write replaces the
 * object with every line so far (ActionLogWriter), and a retried invocation of the same run replaces
 * it with its own, complete, log.
 */
export async function writeActionLog(
  s3: S3Client,
  bucket: string,
  scope: Pick<ActionLogScope, 'run' | 'function'>,
  rows: readonly ActionLogRow[],
): Promise<{ bucket: string; key: string }> {
  const key = actionLogKey(scope.run.date, scope.run.run_id, scope.function);
  await putText(s3, { bucket, key, text: actionLogText(rows), contentType: JSON_LINES });
  return { bucket, key };
}

/**
 * The action log of one invocation, made durable as it goes: the remediation flushes it after every
 * action it takes, before the next one, so a function killed at any point (its timeout, a crash)
 * leaves in S3 the record of every change it made but the one under way.
 */
export class ActionLogWriter {
  readonly rows: ActionLogRow[] = [];
  private written = 0;

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly scope: Pick<ActionLogScope, 'run' | 'function'>,
  ) {}

  push(...rows: ActionLogRow[]): void {
    this.rows.push(...rows);
  }

  /** Writes the log as it stands, unless nothing was added since the last write. */
  async flush(): Promise<{ bucket: string; key: string }> {
    const location = {
      bucket: this.bucket,
      key: actionLogKey(this.scope.run.date, this.scope.run.run_id, this.scope.function),
    };
    if (this.written === this.rows.length && this.written > 0) return location;
    this.written = this.rows.length;
    return writeActionLog(this.s3, this.bucket, this.scope, this.rows);
  }
}
