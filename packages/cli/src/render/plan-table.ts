import { OUTCOMES, utcDay, type Decision } from '@credential-tracker/core';
import { countByOutcome, planNotes, type RenderablePlan } from './plan.js';
import { plural } from './summary.js';

const COLUMNS = ['FINDING', 'ACCOUNT', 'USER', 'CREDENTIAL', 'ACTION', 'NEXT STEP'] as const;

/**
 * Decisions grouped by outcome (act, planned, deferred, warn, skip), each row followed by its reason
 * on a line of its own, then the notes and one summary line. Dates are UTC days.
 */
export function renderPlanTable(renderable: RenderablePlan): string {
  const { plan } = renderable;
  const lines: string[] = [];
  for (const outcome of OUTCOMES) {
    const decisions = plan.decisions.filter((decision) => decision.outcome === outcome);
    if (decisions.length === 0) continue;
    lines.push(`${outcome.toUpperCase()} (${decisions.length})`, ...outcomeBlock(decisions), '');
  }
  lines.push(...planNotes(renderable).map((note) => `Note: ${note}`), summaryLine(renderable));
  return `${lines.join('\n')}\n`;
}

function outcomeBlock(decisions: readonly Decision[]): string[] {
  const rows = decisions.map(tableRow);
  const widths = COLUMNS.map((column, index) =>
    Math.max(column.length, ...rows.map((row) => (row[index] as string).length)),
  );
  const format = (cells: readonly string[]): string =>
    cells
      .map((cell, index) => cell.padEnd(widths[index] as number))
      .join('  ')
      .trimEnd();
  return [
    `  ${format(COLUMNS)}`,
    ...rows.flatMap((row, index) => [`  ${format(row)}`, `      ${(decisions[index] as Decision).reason}`]),
  ];
}

function tableRow(decision: Decision): string[] {
  const next = decision.next_step;
  return [
    decision.finding,
    decision.account_id,
    decision.user_name,
    decision.credential_id ?? decision.credential,
    decision.action?.kind ?? decision.skip_reason ?? '-',
    next === null ? '-' : `${next.action} after ${utcDay(next.due_at)}`,
  ];
}

function summaryLine({ plan, reports }: RenderablePlan): string {
  const users = reports.reduce((sum, report) => sum + report.users, 0);
  const scope = `${plural(users, 'user')} in ${plural(reports.length, 'account')} as of ${plan.as_of.toISOString()}`;
  if (plan.decisions.length === 0) return `Nothing to remediate: ${scope}`;
  const counts = countByOutcome(plan);
  const byOutcome = OUTCOMES.filter((outcome) => counts[outcome] > 0)
    .map((outcome) => `${counts[outcome]} ${outcome}`)
    .join(', ');
  return `${plural(plan.decisions.length, 'decision')} (${byOutcome}) for ${scope}`;
}
