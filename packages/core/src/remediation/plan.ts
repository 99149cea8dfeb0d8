import type { Config } from '../config.js';
import { limitBlastRadius, NO_ACTIONS, type ActionCounts, type BlastRadius } from './blast-radius.js';
import type { CredentialDecision, Decision, DecisionSubject, RemediationId } from './decision.js';
import { exemptionByIdentity, exemptionByLiveState } from './exemptions.js';
import { dueFollowUps } from './follow-ups.js';
import { planAccessKeyRotation } from './lifecycles/ak-rotation.js';
import { planUnusedAccessKey } from './lifecycles/ak-usage.js';
import { planCertificateRotation } from './lifecycles/cert-rotation.js';
import { planUnusedPassword } from './lifecycles/cred-usage.js';
import { planReviewRevoke } from './lifecycles/review-revoke.js';
import { exemptionsKnown, type LiveUserState } from './live-state.js';
import { skip } from './outcomes.js';
import type { LifecycleInput, RemediationTarget } from './target.js';

/** The rows of one finding that has a remediation. */
export interface FindingTargets {
  readonly finding: RemediationId;
  readonly targets: readonly RemediationTarget[];
}

export interface PlanInput {
  /** Planned in this order; the blast-radius limits take actions first come, first served. */
  readonly findings: readonly FindingTargets[];
  /**
   * The live state of every target's user (a target whose user is missing is skipped as gone), and of
   * any other user whose inactive keys may be due for deletion (see dueFollowUps).
   */
  readonly users: readonly LiveUserState[];
  readonly config: Config;
  readonly asOf: Date;
  /** Actions already taken earlier in the same run (by another plan), counted against the limits. */
  readonly actionsEarlierInRun?: ActionCounts;
}

export interface RemediationPlan {
  readonly as_of: Date;
  readonly enforce: boolean;
  readonly decisions: readonly Decision[];
  readonly blast_radius: BlastRadius;
  /** Enforced actions were deferred by the blast-radius limit: ops must be told. */
  readonly alert_ops: boolean;
  /** Some user's tags or groups were unknown (a credential report): its exemptions could not be checked. */
  readonly exemptions_unchecked: boolean;
}

const LIFECYCLES: Readonly<Record<RemediationId, (input: LifecycleInput) => CredentialDecision[]>> = {
  'ak-rotation': planAccessKeyRotation,
  'ak-usage': planUnusedAccessKey,
  'cert-rotation': planCertificateRotation,
  'cred-usage': planUnusedPassword,
  'review-revoke': planReviewRevoke,
};

/**
 * A row of these findings names a user, not one credential: each of the decisions its lifecycle takes
 * is about another credential, so each is its own group for the blast-radius limits (taken or deferred
 * alone), rather than one group that a limit below its size would defer on every run.
 */
const ONE_GROUP_PER_CREDENTIAL: ReadonlySet<RemediationId> = new Set(['review-revoke']);

/**
 * Decides, for every credential the findings nominate, what to do now, from the user's live state. A
 * pure function: the Lambdas and the CLI run the same one, and it reads no clock and writes nothing.
 *
 * Safety, in order: never the root user; include and exclude lists; the exempt tag; exempt groups;
 * the lifecycle on the live state (a credential gone, deactivated or used since the report is left
 * alone); the blast-radius limits (the rest deferred); and last enforce: off, every action is only
 * planned. A user whose tags or groups are unknown is never acted on either, only planned.
 */
export function planRemediations(input: PlanInput): RemediationPlan {
  const { config, asOf } = input;
  const users = new Map(input.users.map((user) => [user.user_arn, user]));
  const groups: Decision[][] = [];
  const decided = new Map<string, string>();
  const mentioned = new Set<string>();
  const targetedUsers = new Set<string>();
  let exemptionsUnchecked = false;

  const record = (subject: DecisionSubject, decisions: readonly CredentialDecision[]): void => {
    const group = decisions.map((decision): Decision => {
      const key = credentialKey(subject.user_arn, decision);
      mentioned.add(`${subject.finding} ${key}`);
      const earlier = decided.get(key);
      if (decision.outcome !== 'act') return { ...subject, ...decision };
      if (earlier !== undefined) {
        return {
          ...subject,
          ...skip(decision, 'already_decided', `${earlier} already acts on this credential in this run`),
        };
      }
      decided.set(key, `${subject.finding} (${decision.action.kind})`);
      return { ...subject, ...decision };
    });
    groups.push(group);
  };

  for (const { finding, targets } of input.findings) {
    for (const target of targets) {
      targetedUsers.add(`${finding} ${target.user_arn}`);
      const subject = {
        finding,
        account_id: target.account_id,
        user_name: target.user_name,
        user_arn: target.user_arn,
      };
      const ref = { credential: target.credential, credential_id: null };
      const user = users.get(target.user_arn);
      const exemption =
        exemptionByIdentity(target, config) ?? (user ? exemptionByLiveState(user, config) : undefined);
      if (exemption) {
        record(subject, [skip(ref, exemption.skip_reason, exemption.reason)]);
      } else if (!user) {
        record(subject, [skip(ref, 'user_gone', 'the user no longer exists: deleted since the report')]);
      } else {
        exemptionsUnchecked ||= !exemptionsKnown(user);
        const decisions = LIFECYCLES[finding]({ target, user, config, asOf });
        if (ONE_GROUP_PER_CREDENTIAL.has(finding)) {
          for (const decision of decisions) record(subject, [decision]);
        } else {
          record(subject, decisions);
        }
      }
    }
  }

  for (const { finding } of input.findings) {
    for (const user of input.users) {
      if (exemptionByIdentity(user, config) ?? exemptionByLiveState(user, config)) continue;
      // A rotation target's lifecycle weighs all of its user's keys (the blocking-key rule among
      // them), so its other keys are not planned a second time by the rotation follow-ups.
      if (finding === 'ak-rotation' && targetedUsers.has(`${finding} ${user.user_arn}`)) continue;
      const followUps = dueFollowUps(finding, user, config, asOf).filter((decision) => {
        // Planned already: by this finding's own targets, or acted on by another finding.
        const key = credentialKey(user.user_arn, decision);
        return !mentioned.has(`${finding} ${key}`) && !decided.has(key);
      });
      if (followUps.length === 0) continue;
      exemptionsUnchecked ||= !exemptionsKnown(user);
      const subject = {
        finding,
        account_id: user.account_id,
        user_name: user.user_name,
        user_arn: user.user_arn,
      };
      for (const followUp of followUps) record(subject, [followUp]);
    }
  }

  const limited = limitBlastRadius(groups, config, input.actionsEarlierInRun ?? NO_ACTIONS);
  const decisions = limited.decisions.map((decision) =>
    enforced(decision, users.get(decision.user_arn), config),
  );
  return {
    as_of: asOf,
    enforce: config.enforce,
    decisions,
    blast_radius: limited.blastRadius,
    alert_ops: config.enforce && limited.blastRadius.deferred > 0,
    exemptions_unchecked: exemptionsUnchecked,
  };
}

/** One credential of one user: its id where it has one, else its column (the password). */
function credentialKey(userArn: string, decision: CredentialDecision): string {
  return `${userArn} ${decision.credential_id ?? decision.credential}`;
}

/** The last rule: an action is taken only with enforce on and every exemption of its user checked. */
function enforced(decision: Decision, user: LiveUserState | undefined, config: Config): Decision {
  if (decision.outcome !== 'act') return decision;
  if (!config.enforce) return { ...decision, outcome: 'planned' };
  if (user && exemptionsKnown(user)) return decision;
  return {
    ...decision,
    outcome: 'planned',
    reason: `${decision.reason} (planned only: the user's tags and groups are unknown, so the exemptions could not be checked)`,
  };
}
