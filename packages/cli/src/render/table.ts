import { SEVERITIES, type ScanFinding, type Severity } from '@credential-tracker/findings/local';
import type { RenderableScan } from './renderable-scan.js';
import {
  countBySeverity,
  plural,
  shortUtc,
  summariseFindings,
  totalUsers,
  type FindingSummary,
} from './summary.js';

export interface TableOptions {
  /** ANSI colours; only for a terminal. */
  readonly color: boolean;
}

const SEVERITY_STYLE: Record<Severity, string> = {
  critical: '1;31',
  high: '31',
  medium: '33',
  low: '36',
};

type Paint = (style: string, text: string) => string;

const COLUMNS = ['ACCOUNT', 'USER', 'CREDENTIAL', 'DAYS', 'CREATED', 'LAST USED'] as const;
const RIGHT_ALIGNED = new Set<string>(['DAYS']);

/** Findings grouped by severity, most severe first, then one summary line. Times are UTC. */
export function renderTable(scan: RenderableScan, options: TableOptions): string {
  const paint: Paint = options.color
    ? (style, text) => `\u001b[${style}m${text}\u001b[0m`
    : (_, text) => text;
  const summaries = summariseFindings(scan).filter((summary) => summary.count > 0);
  const lines: string[] = [];
  for (const severity of SEVERITIES) {
    const group = summaries.filter((summary) => summary.severity === severity);
    if (group.length === 0) continue;
    const count = group.reduce((sum, summary) => sum + summary.count, 0);
    lines.push(paint(SEVERITY_STYLE[severity], `${severity.toUpperCase()} (${count})`));
    for (const summary of group) lines.push(...findingBlock(summary, paint), '');
  }
  lines.push(summaryLine(scan));
  return `${lines.join('\n')}\n`;
}

function findingBlock(summary: FindingSummary, paint: Paint): string[] {
  const accounts = [...summary.accounts].map(([account, count]) => `${account} (${count})`).join(', ');
  const rows = summary.rows.map(tableRow);
  const widths = COLUMNS.map((column, index) =>
    Math.max(column.length, ...rows.map((row) => (row[index] as string).length)),
  );
  const format = (cells: readonly string[]): string =>
    cells
      .map((cell, index) => {
        const width = widths[index] as number;
        return RIGHT_ALIGNED.has(COLUMNS[index] as string) ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [
    `  ${paint('1', summary.id)}  ${summary.title}  ${paint('1', plural(summary.count, 'finding'))}`,
    `    by account: ${accounts}`,
    `    ${paint('2', format(COLUMNS))}`,
    ...rows.map((row) => `    ${format(row)}`),
  ];
}

function tableRow(row: ScanFinding): string[] {
  return [
    row.account_id,
    row.user_name,
    row.credential,
    row.days === null ? '-' : String(row.days),
    shortUtc(row.created_at) || '-',
    shortUtc(row.last_used_at) || '-',
  ];
}

function summaryLine(scan: RenderableScan): string {
  // One report per account: the scan refuses two reports of the same account.
  const scanned = `${plural(totalUsers(scan), 'user')} scanned as of ${scan.as_of.toISOString()} (times in UTC)`;
  const accounts = plural(scan.reports.length, 'account');
  if (scan.findings.length === 0) return `No findings in ${accounts}; ${scanned}`;
  const bySeverity = countBySeverity(scan.findings);
  const severities = SEVERITIES.filter((severity) => bySeverity[severity] > 0)
    .map((severity) => `${bySeverity[severity]} ${severity}`)
    .join(', ');
  const affected = new Set(scan.findings.map((row) => row.account_id)).size;
  return `${plural(scan.findings.length, 'finding')} (${severities}) in ${affected} of ${accounts}; ${scanned}`;
}
