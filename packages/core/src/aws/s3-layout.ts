/**
 * Every S3 key the pipeline writes, in one place: Athena tables (partition projection on `date`)
 * read these prefixes, so a key built anywhere else would be invisible to the queries.
 */
export const S3_PREFIXES = {
  credentialReports: 'credential-reports',
  targets: 'targets',
  runs: 'runs',
  actions: 'actions',
  notices: 'notices',
  athenaResults: 'athena-results',
} as const;

export const credentialReportKey = (date: string, accountId: string): string =>
  `${S3_PREFIXES.credentialReports}/date=${date}/${accountId}.csv`;

export const targetsKey = (date: string, runId: string, findingId: string): string =>
  `${S3_PREFIXES.targets}/date=${date}/run=${runId}/${findingId}.jsonl`;

export const runSummaryKey = (date: string, runId: string): string =>
  `${S3_PREFIXES.runs}/date=${date}/run=${runId}/summary.json`;

export const actionLogKey = (date: string, runId: string, functionName: string): string =>
  `${S3_PREFIXES.actions}/date=${date}/run=${runId}/${functionName}.jsonl`;

/** Every notices file of a run: summarise-run lists this prefix. */
export const noticesPrefix = (date: string, runId: string): string =>
  `${S3_PREFIXES.notices}/date=${date}/run=${runId}/`;

/** The owner notices one remediation function queued in a run, one JSON line per user. */
export const noticesKey = (date: string, runId: string, functionName: string): string =>
  `${noticesPrefix(date, runId)}${functionName}.jsonl`;
