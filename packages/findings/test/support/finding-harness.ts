import {
  DEFAULT_CONFIG,
  ROOT_USER_NAME,
  accountIdOf,
  formatCredentialReport,
  validateCredentialReport,
  type Config,
  type CredentialReportRow,
} from '@credential-tracker/core';
import type { InventoryUser } from '@credential-tracker/core/inventory';
import { activeTrinoParity, type ReportLoad } from '@credential-tracker/testing';
import { DuckDbFindingEngine, loadCatalog, utcDate, type Finding, type FindingRow } from '../../src/local.js';

/** The as-of instant of finding tests: mid-day, so that nothing lines up with a date boundary by luck. */
export const AS_OF = new Date('2026-03-01T12:00:00Z');
export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';

const SECOND_MS = 1000;
const DAY_MS = 86_400 * SECOND_MS;

/** The instant `days` days and `seconds` seconds before AS_OF (negative seconds move towards AS_OF). */
export function before(days: number, seconds = 0): Date {
  return new Date(AS_OF.getTime() - days * DAY_MS - seconds * SECOND_MS);
}

let catalog: readonly Finding[] | undefined;

export function catalogFinding(id: string): Finding {
  catalog ??= loadCatalog();
  const finding = catalog.find((candidate) => candidate.id === id);
  if (!finding) throw new Error(`no finding ${id} in the catalog`);
  return finding;
}

export interface RunOptions {
  readonly asOf?: Date;
  readonly config?: Partial<Config>;
  /** The date partition the rows are stored under; by default the one the run reads. */
  readonly storedUnder?: string;
  /** Inventory users (collect-inventory's users.jsonl), by the date partition they are stored under. */
  readonly inventory?: Readonly<Record<string, readonly InventoryUser[]>>;
}

/**
 * Writes the rows as IAM writes a credential report (one report per account), validates each report
 * the way a scan does and runs the finding's real query.sql over them on DuckDB.
 */
export async function runFinding(
  finding: Finding | string,
  rows: readonly CredentialReportRow[],
  options: RunOptions = {},
): Promise<FindingRow[]> {
  const asOf = options.asOf ?? AS_OF;
  const reportDate = utcDate(asOf);
  const engine = await DuckDbFindingEngine.create();
  const reports: ReportLoad[] = [];
  const inventory = Object.entries(options.inventory ?? {}).map(([date, users]) => ({ date, users }));
  const query = typeof finding === 'string' ? catalogFinding(finding) : finding;
  const parameters = { asOf, reportDate, config: { ...DEFAULT_CONFIG, ...options.config } };
  let found: FindingRow[];
  try {
    for (const [accountId, accountRows] of groupByAccount(rows)) {
      const report = validateCredentialReport(formatCredentialReport(accountRows), {
        source: `${accountId}.csv`,
        expectedAccountId: accountId,
      });
      const date = options.storedUnder ?? reportDate;
      await engine.load(report, date);
      reports.push({ report, date });
    }
    for (const { date, users } of inventory) {
      await engine.loadInventoryUsers(users, date);
    }
    found = await engine.run(query, parameters);
  } finally {
    engine.close();
  }
  // When the Trino parity tests run (test/trino-parity.test.ts), the same SQL over the same rows on Trino.
  await activeTrinoParity()?.checkFinding(query, parameters, reports, inventory, found);
  return found;
}

function groupByAccount(rows: readonly CredentialReportRow[]): Map<string, CredentialReportRow[]> {
  const accounts = new Map<string, CredentialReportRow[]>();
  for (const row of rows) {
    const accountId = accountIdOf(row.arn);
    accounts.set(accountId, [...(accounts.get(accountId) ?? []), row]);
  }
  return accounts;
}

export interface ExpectedTimes {
  readonly created_at?: Date | null;
  readonly last_used_at?: Date | null;
  readonly days?: number | null;
}

/** The finding row expected for a user (or the root user) built by iamUserRow / rootRow. */
export function findingRow(
  userName: string,
  credential: string,
  times: ExpectedTimes = {},
  accountId: string = ACCOUNT,
): FindingRow {
  const arn =
    userName === ROOT_USER_NAME
      ? `arn:aws:iam::${accountId}:root`
      : `arn:aws:iam::${accountId}:user/${userName}`;
  return {
    account_id: accountId,
    user_name: userName,
    user_arn: arn,
    credential,
    created_at: times.created_at ?? null,
    last_used_at: times.last_used_at ?? null,
    days: times.days ?? null,
  };
}

/** A user record of collect-inventory's users.jsonl; `review` is the review tag's value, lower-cased. */
export function inventoryUser(
  userName: string,
  review: string | null = null,
  accountId: string = ACCOUNT,
  createdAt = '2024-02-03T04:05:06Z',
): InventoryUser {
  return {
    account_id: accountId,
    user_name: userName,
    user_id: `AIDA${userName
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .padEnd(17, 'X')}`,
    arn: `arn:aws:iam::${accountId}:user/${userName}`,
    path: '/',
    created_at: createdAt,
    tags: review === null ? [] : [{ key: 'credential-tracker:review', value: review }],
    review,
    groups: [],
    access_keys: [],
    attached_policies: [],
    inline_policies: [],
    admin_equivalent: false,
    admin_sources: [],
  };
}
