import { toIsoOrNull, type Action, type Decision } from '@credential-tracker/core';
import type { RenderablePlan } from './plan.js';
import { planNotes } from './plan.js';

export interface JsonDecision {
  readonly finding: string;
  readonly outcome: string;
  readonly account_id: string;
  readonly user_name: string;
  readonly user_arn: string;
  readonly credential: string;
  readonly credential_id: string | null;
  readonly action: Action | null;
  readonly skip_reason: string | null;
  readonly reason: string;
  readonly next_step: { readonly action: string; readonly due_at: string } | null;
}

// Built key by key, never spread: the output's keys and their order are a contract.
export function toJsonDecision(decision: Decision): JsonDecision {
  return {
    finding: decision.finding,
    outcome: decision.outcome,
    account_id: decision.account_id,
    user_name: decision.user_name,
    user_arn: decision.user_arn,
    credential: decision.credential,
    credential_id: decision.credential_id,
    action: decision.action,
    skip_reason: decision.skip_reason,
    reason: decision.reason,
    next_step:
      decision.next_step === null
        ? null
        : { action: decision.next_step.action, due_at: decision.next_step.due_at.toISOString() },
  };
}

export function renderPlanJson(renderable: RenderablePlan): string {
  const { plan, reports } = renderable;
  const output = {
    as_of: toIsoOrNull(plan.as_of),
    enforce: plan.enforce,
    reports: reports.map((report) => ({
      account_id: report.account_id,
      source: report.source,
      users: report.users,
    })),
    decisions: plan.decisions.map(toJsonDecision),
    blast_radius: plan.blast_radius,
    alert_ops: plan.alert_ops,
    exemptions_unchecked: plan.exemptions_unchecked,
    notes: planNotes(renderable),
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}
