import {
  SEVERITIES,
  severityRank,
  type ScanFinding,
  type Severity,
} from '@credential-tracker/findings/local';
import type { CatalogEntry, RenderableScan } from './renderable-scan.js';

export interface FindingSummary extends CatalogEntry {
  readonly count: number;
  /** Account id to number of rows, in account order. */
  readonly accounts: ReadonlyMap<string, number>;
  readonly rows: readonly ScanFinding[];
}

/**
 * One entry per catalog finding (those with no rows too, so a reader sees what was checked), most
 * severe first, then by id; rows whose finding is not in the catalog still get an entry.
 */
export function summariseFindings(scan: RenderableScan): FindingSummary[] {
  const entries = new Map<string, CatalogEntry>(scan.catalog.map((entry) => [entry.id, entry]));
  for (const row of scan.findings) {
    if (!entries.has(row.finding))
      entries.set(row.finding, { id: row.finding, title: row.finding, severity: row.severity });
  }
  return [...entries.values()]
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.id.localeCompare(b.id))
    .map((entry) => {
      const rows = scan.findings.filter((row) => row.finding === entry.id);
      return { ...entry, count: rows.length, accounts: countBy(rows, (row) => row.account_id), rows };
    });
}

export function countBySeverity(findings: readonly ScanFinding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const row of findings) counts[row.severity] += 1;
  return counts;
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return new Map([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

export function totalUsers(scan: RenderableScan): number {
  return scan.reports.reduce((sum, report) => sum + report.users, 0);
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** 2024-06-01 12:34 — minute precision reads well in a table; the JSON keeps the exact instant. */
export function shortUtc(instant: Date | null): string {
  return instant === null ? '' : instant.toISOString().slice(0, 16).replace('T', ' ');
}
