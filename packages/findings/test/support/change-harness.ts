import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type {
  InventoryGroup,
  InventoryPolicy,
  InventoryRole,
  InventorySnapshot,
  InventoryUser,
} from '@credential-tracker/core/inventory';
import {
  activeTrinoParity,
  inventoryGroup,
  inventoryPolicy,
  inventoryRole,
  inventoryUser,
} from '@credential-tracker/testing';
import {
  changeQueriesDirectory,
  DuckDbInventoryEngine,
  findInventorySnapshots,
  loadChangeQuery,
  readInventorySnapshot,
  runChangeQueries,
  type ChangeRow,
} from '../../src/local.js';

/**
 * Two snapshots a day apart, laid out as collect-inventory writes them (inventory/date=.../<kind>/
 * <account_id>.jsonl). Between them, in account 111111111111: bob added to the admins group (which
 * holds AdministratorAccess), carol tagged credential-tracker:review=revoke, grace added, dave removed
 * (his key and group membership with him), bob's inactive key deleted, a key created for erin and
 * ReadOnlyAccess attached to her directly, a role ci-deployer added with a new customer policy that
 * allows * on *. Account 222222222222 is the same both days; 333333333333 is new on the second day.
 */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const PREVIOUS_DATE = '2026-11-22';
export const SNAPSHOT_DATE = '2026-11-23';
export const PROD = '111111111111';
export const DEV = '222222222222';
export const NEW_ACCOUNT = '333333333333';

/** One change query over the fixtures, the day before by default. */
export async function runFixtureChanges(
  id: string,
  dates: { readonly snapshotDate?: string; readonly previousDate?: string } = {},
): Promise<readonly ChangeRow[]> {
  const query = loadChangeQuery(join(changeQueriesDirectory(), id));
  const report = await runChangeQueries(FIXTURES, {
    snapshotDate: dates.snapshotDate ?? SNAPSHOT_DATE,
    ...(dates.previousDate === undefined ? {} : { previousDate: dates.previousDate }),
    queries: [query],
  });
  const rows = report.results[0]?.rows ?? [];
  // When the Trino parity tests run (test/trino-parity.test.ts), the same SQL over the same files on Trino.
  const parity = activeTrinoParity();
  if (parity) {
    const compared = { snapshotDate: report.snapshot_date, previousDate: report.previous_date };
    const files = await findInventorySnapshots(FIXTURES, [compared.snapshotDate, compared.previousDate]);
    const snapshots = await Promise.all(files.map(readInventorySnapshot));
    await parity.checkChange(query, compared, snapshots, rows);
  }
  return rows;
}

/** One change query over snapshots built in the test, stored under PREVIOUS_DATE and SNAPSHOT_DATE. */
export async function runChanges(
  id: string,
  previous: readonly Omit<InventorySnapshot, 'date'>[],
  today: readonly Omit<InventorySnapshot, 'date'>[],
): Promise<readonly ChangeRow[]> {
  const engine = await DuckDbInventoryEngine.create();
  const query = loadChangeQuery(join(changeQueriesDirectory(), id));
  const dates = { snapshotDate: SNAPSHOT_DATE, previousDate: PREVIOUS_DATE };
  const snapshots = [
    ...previous.map((snapshot) => ({ ...snapshot, date: PREVIOUS_DATE })),
    ...today.map((snapshot) => ({ ...snapshot, date: SNAPSHOT_DATE })),
  ];
  let rows: readonly ChangeRow[];
  try {
    for (const snapshot of snapshots) await engine.load(snapshot);
    rows = await engine.run(query, dates);
  } finally {
    engine.close();
  }
  // When the Trino parity tests run (test/trino-parity.test.ts), the same SQL over the same rows on Trino.
  await activeTrinoParity()?.checkChange(query, dates, snapshots, rows);
  return rows;
}

type PrincipalType = 'user' | 'group' | 'role';

/** An expected row of a change query, of SNAPSHOT_DATE. */
export function change(
  accountId: string,
  kind: string,
  principal: `${PrincipalType}/${string}`,
  subject: string | null,
  detail: string,
): ChangeRow {
  const [type, name] = principal.split('/') as [PrincipalType, string];
  return {
    account_id: accountId,
    change: kind,
    principal_type: type,
    principal_name: name,
    principal_arn: `arn:aws:iam::${accountId}:${type}/${name}`,
    subject,
    detail,
    snapshot_date: SNAPSHOT_DATE,
  };
}

export const ACCOUNT = PROD;
const CREATED = '2025-01-01T00:00:00Z';

export const user = (name: string, fields: Partial<InventoryUser> = {}): InventoryUser =>
  inventoryUser(ACCOUNT, name, { created_at: CREATED, ...fields });

export const group = (name: string, fields: Partial<InventoryGroup> = {}): InventoryGroup =>
  inventoryGroup(ACCOUNT, name, { created_at: CREATED, ...fields });

export const role = (name: string, fields: Partial<InventoryRole> = {}): InventoryRole =>
  inventoryRole(ACCOUNT, name, { created_at: CREATED, ...fields });

export const customerPolicy = (name: string, fields: Partial<InventoryPolicy> = {}): InventoryPolicy =>
  inventoryPolicy(ACCOUNT, name, { created_at: CREATED, updated_at: CREATED, ...fields });

/**
 * One account's snapshot (of ACCOUNT by default); the date is the harness's. Unless the test gives its
 * own roles, it holds the role every Organization member has: an account is compared only when both
 * snapshots hold some record.
 */
export function snapshot(
  records: Partial<Omit<InventorySnapshot, 'date' | 'account_id'>>,
  accountId: string = ACCOUNT,
): Omit<InventorySnapshot, 'date'> {
  const roles = [
    role('OrganizationAccountAccessRole', {
      account_id: accountId,
      arn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
    }),
  ];
  return { account_id: accountId, users: [], groups: [], roles, policies: [], ...records };
}
