import { EXEMPT_TAG_KEY, OUTCOMES, type Outcome, type RemediationPlan } from '@credential-tracker/core';
import type { ScannedReport } from '@credential-tracker/findings/local';
import { renderPlanJson } from './plan-json.js';
import { renderPlanTable } from './plan-table.js';
import { plural } from './summary.js';

export const PLAN_FORMATS = ['table', 'json'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

/** What `credential-tracker plan` prints: the planner's result over the reports it read. */
export interface RenderablePlan {
  readonly plan: RemediationPlan;
  readonly reports: readonly ScannedReport[];
}

export function renderPlan(format: PlanFormat, plan: RenderablePlan): string {
  switch (format) {
    case 'table':
      return renderPlanTable(plan);
    case 'json':
      return renderPlanJson(plan);
  }
}

/** What a reader must know to read the plan right: what a report cannot tell, and what would happen. */
export function planNotes({ plan }: RenderablePlan): string[] {
  const notes = [
    plan.enforce
      ? 'enforce is on in this configuration: a deployment would take the planned actions; this command writes nothing.'
      : 'enforce is off: a deployment would only plan and log these actions, as this command does.',
  ];
  if (plan.exemptions_unchecked) {
    notes.push(
      `A credential report has no tags or groups: the exempt tag (${EXEMPT_TAG_KEY}=true) and exempt_groups can only be applied in AWS. The root rule, include_users and exclude_users are applied here.`,
    );
  }
  const { deferred, max_actions_per_run, max_actions_per_account } = plan.blast_radius;
  if (deferred > 0) {
    notes.push(
      `${plural(deferred, 'action')} deferred by the blast-radius limits (max_actions_per_run ${max_actions_per_run}, max_actions_per_account ${max_actions_per_account}); a deployment would alert ops and take them in later runs.`,
    );
  }
  return notes;
}

export function countByOutcome(plan: RemediationPlan): Record<Outcome, number> {
  const counts = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])) as Record<Outcome, number>;
  for (const decision of plan.decisions) counts[decision.outcome] += 1;
  return counts;
}
