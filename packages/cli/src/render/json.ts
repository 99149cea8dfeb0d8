import { toIsoOrNull } from '@credential-tracker/core';
import type { ScanFinding } from '@credential-tracker/findings/local';
import type { RenderableScan } from './renderable-scan.js';

export interface JsonFinding {
  readonly finding: string;
  readonly severity: string;
  readonly account_id: string;
  readonly user_name: string;
  readonly user_arn: string;
  readonly credential: string;
  readonly created_at: string | null;
  readonly last_used_at: string | null;
  readonly days: number | null;
}

export interface JsonReport {
  readonly as_of: string;
  readonly reports: readonly {
    readonly account_id: string;
    readonly source: string;
    readonly users: number;
  }[];
  readonly findings: readonly JsonFinding[];
}

/** The fields of a finding in every flat output (json, csv), in their contract order. */
export const FINDING_OUTPUT_FIELDS = [
  'finding',
  'severity',
  'account_id',
  'user_name',
  'user_arn',
  'credential',
  'created_at',
  'last_used_at',
  'days',
] as const satisfies readonly (keyof JsonFinding)[];

// Built key by key, never spread: the contract fixes the keys and their order, and a spread would
// leak whatever else a row carries.
export function toJsonFinding(row: ScanFinding): JsonFinding {
  return {
    finding: row.finding,
    severity: row.severity,
    account_id: row.account_id,
    user_name: row.user_name,
    user_arn: row.user_arn,
    credential: row.credential,
    created_at: toIsoOrNull(row.created_at),
    last_used_at: toIsoOrNull(row.last_used_at),
    days: row.days,
  };
}

export function toJsonReport(scan: RenderableScan): JsonReport {
  return {
    as_of: scan.as_of.toISOString(),
    reports: scan.reports.map((report) => ({
      account_id: report.account_id,
      source: report.source,
      users: report.users,
    })),
    findings: scan.findings.map(toJsonFinding),
  };
}

export function renderJson(scan: RenderableScan): string {
  return [...renderJsonChunks(scan)].join('');
}

// Findings per chunk: few enough writes, and no text of a million users' findings held at once.
const FINDINGS_PER_CHUNK = 2_000;

/** A value as JSON.stringify writes it (strings escaped, null, integers). */
const json = (value: string | number | null): string => (value === null ? 'null' : JSON.stringify(value));

/**
 * One finding as `JSON.stringify(toJsonFinding(row), null, 2)` writes it at the depth of the
 * findings array (an object at 4 spaces, its keys at 6), spelt out: stringifying each with an
 * indent and re-indenting it was most of the JSON output's CPU.
 */
function findingText(row: ScanFinding): string {
  const finding = toJsonFinding(row);
  return `    {
      "finding": ${json(finding.finding)},
      "severity": ${json(finding.severity)},
      "account_id": ${json(finding.account_id)},
      "user_name": ${json(finding.user_name)},
      "user_arn": ${json(finding.user_arn)},
      "credential": ${json(finding.credential)},
      "created_at": ${json(finding.created_at)},
      "last_used_at": ${json(finding.last_used_at)},
      "days": ${json(finding.days)}
    }`;
}

/**
 * The text of `JSON.stringify(toJsonReport(scan), null, 2)` and a line end, byte for byte, in
 * pieces: the report with no findings, then the findings a few thousand at a time, each stringified
 * alone and indented to its depth. At a million users the whole text and its objects were over
 * 300 MB held until written; this keeps one chunk.
 */
export function* renderJsonChunks(scan: RenderableScan): Generator<string> {
  const empty = `${JSON.stringify(toJsonReport({ ...scan, findings: [] }), null, 2)}\n`;
  if (scan.findings.length === 0) {
    yield empty;
    return;
  }
  // "findings" is the report's last key, so its empty array closes the text: `[]` then `\n}\n`.
  const emptyFindings = '[]\n}\n';
  yield `${empty.slice(0, -emptyFindings.length)}[\n`;
  for (let start = 0; start < scan.findings.length; start += FINDINGS_PER_CHUNK) {
    const parts: string[] = [];
    for (const row of scan.findings.slice(start, start + FINDINGS_PER_CHUNK)) parts.push(findingText(row));
    const last = start + FINDINGS_PER_CHUNK >= scan.findings.length;
    yield `${parts.join(',\n')}${last ? '\n  ]\n}\n' : ',\n'}`;
  }
}
