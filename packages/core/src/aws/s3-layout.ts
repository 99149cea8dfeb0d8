import type { InventoryKind } from '../inventory/records.js';

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
  inventory: 'inventory',
  reviews: 'reviews',
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

/** One day's inventory: every kind of every account, `<kind>/<account_id>.jsonl` each. */
export const inventoryPrefix = (date: string): string => `${S3_PREFIXES.inventory}/date=${date}/`;

/**
 * One kind of one account's inventory snapshot (packages/core/src/inventory/records.ts). The kind is a
 * folder, not the file name: Athena reads every object under a table's location and cannot select
 * files by name, so each of the four tables (inventory_users...) needs a folder of its own kind.
 */
export const inventoryKey = (date: string, accountId: string, kind: InventoryKind): string =>
  `${inventoryPrefix(date)}${kind}/${accountId}.jsonl`;

/** One account's access review, as `csv` or `html`. */
export const reviewKey = (date: string, accountId: string, format: 'csv' | 'html'): string =>
  `${S3_PREFIXES.reviews}/date=${date}/${accountId}/access-review.${format}`;
