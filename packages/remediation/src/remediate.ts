// One remediation run of one finding: the targets, the live state of their users per account, the
// plan, the actions taken one by one, every decision logged, the owners' notices queued for
// summarise-run (one digest per owner per run, whatever the remediations) and ops alerted.
import type { S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import {
  NO_ACTIONS,
  planRemediations,
  type ActionCounts,
  type Config,
  type LiveUserState,
  type RemediationId,
  type RemediationTarget,
  describeError,
} from '@credential-tracker/core';
import {
  decisionLogRow,
  destroyRemediationClients,
  executeAction,
  readLiveUserState,
  userLogRow,
  writeNotices,
  ActionLogWriter,
  ACTION_LOG_DECISIONS,
  type ActionLogDecision,
  type ActionLogRow,
  type ActionLogScope,
  type MemberClientFactory,
  type RemediationClients,
  type RunContext,
} from '@credential-tracker/core/aws';
import { digestItem, ownerAddress, type DigestItem, type Notice } from '@credential-tracker/core/notify';
import { followUpCandidates, type UserRef } from './follow-up-candidates.js';
import { readTargets } from './targets.js';

export interface RemediationRequest {
  readonly run: RunContext;
  readonly remediation: RemediationId;
  readonly targets: { readonly bucket: string; readonly key: string };
  /**
   * The actions earlier remediations of the same run counted against the blast-radius limits (the
   * previous result's `actions_in_run`); absent, none. The limits then hold for the whole run.
   */
  readonly actionsEarlierInRun?: ActionCounts;
  readonly config: Config;
  /** The tracker's bucket: the run's credential reports (follow-ups) and the action log. */
  readonly bucket: string;
  /** The KMS key of rotated keys' secrets (ak-rotation); an alias name resolves in each member account. */
  readonly secretKmsKeyId?: string;
  /** The SNS topic of ops alerts (the run summary's topic). */
  readonly topicArn: string;
  /** Injectable: the Lambda's clock for the log's `time`. */
  readonly now?: () => Date;
}

export interface RemediationServices {
  readonly s3: S3Client;
  readonly sns: SNSClient;
  /** Assumes the member role of an account and builds its clients. */
  readonly memberClients: MemberClientFactory<RemediationClients>;
}

export type DecisionCounts = Readonly<Record<ActionLogDecision, number>>;

export interface RemediationResult {
  readonly finding: RemediationId;
  readonly function: string;
  readonly enforce: boolean;
  readonly targets: number;
  readonly counts: DecisionCounts;
  readonly action_log: { readonly bucket: string; readonly key: string };
  /** The owner notices queued for summarise-run (an empty file when there are none). */
  readonly notices: { readonly bucket: string; readonly key: string; readonly count: number };
  /** Actions were deferred by the blast-radius limit, or something failed: ops were alerted. */
  readonly alert_ops: boolean;
  /**
   * The run's actions so far, for the next remediation's `actions_earlier_in_run`: the earlier ones
   * plus every action the limits admitted here and that was taken or attempted (done, already_done, or
   * failed: a write that failed may still have touched the account) or, with enforce off, planned, so a
   * dry run defers what an enforced run would. An action not attempted because an earlier step of its
   * user failed is not counted. by_account lists only accounts with actions.
   */
  readonly actions_in_run: ActionCounts;
}

export const remediationFunctionName = (remediation: RemediationId): string =>
  `remediate-findings-${remediation}`;

interface AccountWork {
  readonly targets: RemediationTarget[];
  readonly users: Set<string>;
}

/** Targets and follow-up candidates, by account, each account's users once. */
function byAccount(targets: readonly RemediationTarget[], candidates: readonly UserRef[]) {
  const accounts = new Map<string, AccountWork>();
  const of = (accountId: string): AccountWork => {
    let work = accounts.get(accountId);
    if (!work) accounts.set(accountId, (work = { targets: [], users: new Set() }));
    return work;
  };
  for (const target of targets) {
    of(target.account_id).targets.push(target);
    of(target.account_id).users.add(target.user_name);
  }
  for (const candidate of candidates) of(candidate.account_id).users.add(candidate.user_name);
  return accounts;
}

/**
 * Runs the remediation of one finding across its accounts, one account at a time. A failure is
 * confined to what it touches: an account whose role cannot be assumed, a user whose state cannot be
 * read, an action that fails (and the later steps of that user's same plan) are logged as failed and
 * the rest goes on. The blast-radius limits count the actions of the earlier remediations of the run
 * (request.actionsEarlierInRun): the state machine runs the remediations one after another and hands
 * each the counts the previous one returned, so the limits hold for the whole run.
 */
export async function remediate(
  services: RemediationServices,
  request: RemediationRequest,
): Promise<RemediationResult> {
  const { run, remediation, config } = request;
  const scope: ActionLogScope = {
    run,
    function: remediationFunctionName(remediation),
    now: request.now ?? (() => new Date()),
  };
  const asOf = new Date(run.as_of);
  const targets = await readTargets(services.s3, request.targets);
  const candidates = await followUpCandidates(services.s3, request.bucket, run.date, remediation);
  const log = new ActionLogWriter(services.s3, request.bucket, scope);
  const rows: ActionLogRow[] = log.rows;
  const digestItems = new Map<string, { user: LiveUserState; items: DigestItem[] }>();
  const failures: string[] = [];
  /** What only a human can settle (an unproven key after an interrupted rotation...): ops are told. */
  const attention: string[] = [];
  let earlier: ActionCounts = request.actionsEarlierInRun ?? NO_ACTIONS;
  let deferredWithEnforce = false;

  const failTargets = (list: readonly RemediationTarget[], reason: string) => {
    for (const target of list) {
      rows.push(userLogRow(scope, { finding: remediation, ...target }, 'failed', reason));
      failures.push(`${target.account_id} ${target.user_name}: ${reason}`);
    }
  };

  for (const [accountId, work] of byAccount(targets, candidates)) {
    let clients: RemediationClients;
    try {
      clients = await services.memberClients(accountId);
    } catch (error) {
      failTargets(work.targets, `account not remediated: ${describeError(error)}`);
      continue;
    }
    try {
      const users: LiveUserState[] = [];
      const unread = new Set<string>();
      for (const userName of work.users) {
        try {
          const state = await readLiveUserState(clients, accountId, userName, {
            secretKmsKeyId: request.secretKmsKeyId,
          });
          if (state) users.push(state);
        } catch (error) {
          unread.add(userName);
          failTargets(
            work.targets.filter((target) => target.user_name === userName),
            `live state not read: ${describeError(error)}`,
          );
        }
      }
      const plan = planRemediations({
        findings: [
          { finding: remediation, targets: work.targets.filter((target) => !unread.has(target.user_name)) },
        ],
        users,
        config,
        asOf,
        actionsEarlierInRun: earlier,
      });
      earlier = plan.blast_radius.actions;
      deferredWithEnforce ||= plan.alert_ops;
      const failedUsers = new Set<string>();
      for (const decision of plan.decisions) {
        const user = users.find((candidate) => candidate.user_arn === decision.user_arn);
        const note = (item: DigestItem) => {
          if (!user || !config.enforce) return;
          const entry = digestItems.get(user.user_arn) ?? { user, items: [] };
          entry.items.push(item);
          digestItems.set(user.user_arn, entry);
        };
        if (decision.outcome === 'warn') note(digestItem(decision, 'warned'));
        if (decision.outcome === 'warn' && decision.alert_ops) {
          attention.push(
            `${accountId} ${decision.user_name} ${decision.credential_id ?? decision.credential}: ${decision.reason}`,
          );
        }
        if (decision.outcome === 'deferred') note(digestItem(decision, 'deferred'));
        if (decision.outcome !== 'act') {
          rows.push(decisionLogRow(scope, decision));
          continue;
        }
        if (failedUsers.has(decision.user_arn)) {
          // Admitted by the limit but never attempted: it touched nothing, so it leaves room for others.
          earlier = uncount(earlier, accountId);
          rows.push(
            decisionLogRow(scope, decision, {
              decision: 'failed',
              detail: 'not attempted: an earlier step for this user failed in this run',
            }),
          );
          continue;
        }
        try {
          const result = await executeAction(clients, decision, decision.action, {
            ...(request.secretKmsKeyId ? { secretKmsKeyId: request.secretKmsKeyId } : {}),
          });
          rows.push(decisionLogRow(scope, decision, { decision: result.status, detail: result.detail }));
          if (result.status === 'done') {
            note(digestItem(decision, 'done', result.stored));
          }
        } catch (error) {
          failedUsers.add(decision.user_arn);
          rows.push(decisionLogRow(scope, decision, { decision: 'failed', detail: describeError(error) }));
          failures.push(
            `${accountId} ${decision.user_name} ${decision.action.kind}: ${describeError(error)}`,
          );
          note(digestItem(decision, 'failed'));
        }
        // Durable before the next write: a kill from here on loses no record of what was changed.
        await log.flush();
      }
    } finally {
      destroyRemediationClients(clients);
    }
  }

  const notices = queueNotices(request, scope, [...digestItems.values()], rows);
  // The notices first: an action log that says "notice_queued" is then never ahead of its notice.
  const noticesFile = await writeNotices(services.s3, request.bucket, scope, notices);
  const actionLog = await log.flush();
  const counts = countDecisions(rows);
  const alertOps = deferredWithEnforce || failures.length > 0 || attention.length > 0;
  if (alertOps) {
    await services.sns.send(
      new PublishCommand({
        TopicArn: request.topicArn,
        Subject:
          `credential-tracker ${scope.function}: ${failures.length} failed, ${counts.deferred} deferred, ${attention.length} for a human`.slice(
            0,
            100,
          ),
        Message: opsMessage(scope, counts, failures, attention, actionLog),
      }),
    );
  }
  return {
    finding: remediation,
    function: scope.function,
    enforce: config.enforce,
    targets: targets.length,
    counts,
    action_log: actionLog,
    notices: { ...noticesFile, count: notices.length },
    alert_ops: alertOps,
    actions_in_run: earlier,
  };
}

/** One action less in the run and in its account; an account left with none is dropped. */
function uncount(counts: ActionCounts, accountId: string): ActionCounts {
  const { [accountId]: inAccount = 0, ...others } = counts.by_account;
  return {
    run: Math.max(0, counts.run - 1),
    by_account: inAccount > 1 ? { ...others, [accountId]: inAccount - 1 } : others,
  };
}

function countDecisions(rows: readonly ActionLogRow[]): DecisionCounts {
  const counts = Object.fromEntries(ACTION_LOG_DECISIONS.map((decision) => [decision, 0])) as Record<
    ActionLogDecision,
    number
  >;
  for (const row of rows) counts[row.decision as ActionLogDecision] += 1;
  return counts;
}

const MAX_FAILURES_LISTED = 50;

/** At most MAX_FAILURES_LISTED lines, then how many more: an alert stays readable (and within SNS's size). */
function bulleted(lines: readonly string[]): string {
  const listed = lines.slice(0, MAX_FAILURES_LISTED).map((line) => `- ${line}`);
  if (lines.length > listed.length) listed.push(`- … and ${lines.length - listed.length} more`);
  return listed.join('\n');
}

function opsMessage(
  scope: ActionLogScope,
  counts: DecisionCounts,
  failures: readonly string[],
  attention: readonly string[],
  actionLog: { bucket: string; key: string },
): string {
  return [
    `${scope.function}, run ${scope.run.run_id} (as of ${scope.run.as_of})`,
    `Decisions: ${Object.entries(counts)
      .map(([decision, count]) => `${decision} ${count}`)
      .join(', ')}`,
    counts.deferred > 0
      ? 'The blast-radius limit was reached: the deferred actions are taken by the next runs.'
      : '',
    failures.length > 0 ? `Failures:\n${bulleted(failures)}` : '',
    attention.length > 0 ? `For a human to settle:\n${bulleted(attention)}` : '',
    `Action log: s3://${actionLog.bucket}/${actionLog.key}`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/**
 * Each user's notice for its owner's address, and its line in the log: queued, or not_notified when
 * nobody can be addressed. summarise-run merges the notices of all functions into one digest per owner.
 */
function queueNotices(
  request: RemediationRequest,
  scope: ActionLogScope,
  entries: readonly { user: LiveUserState; items: DigestItem[] }[],
  rows: ActionLogRow[],
): Notice[] {
  const notices: Notice[] = [];
  for (const { user, items } of entries) {
    const subject = { finding: request.remediation, ...user };
    const address = ownerAddress(user.account_id, user.tags, request.config);
    if (!address) {
      rows.push(
        userLogRow(
          scope,
          subject,
          'not_notified',
          'no owner address: the user has no email tag and neither its account nor the run has a fallback_email',
        ),
      );
      continue;
    }
    notices.push({ address, account_id: user.account_id, user_name: user.user_name, items });
    rows.push(
      userLogRow(
        scope,
        subject,
        'notice_queued',
        `notice for ${address} queued: summarise-run sends one digest per owner at the end of the run`,
      ),
    );
  }
  return notices;
}
