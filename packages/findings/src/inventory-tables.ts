import type { DuckDBConnection } from '@duckdb/node-api';
import { INVENTORY_KINDS, inventoryTableName, type InventoryUser } from '@credential-tracker/core/inventory';
import { appendInventoryRecords, inventoryTableDdl } from './inventory-engine.js';

/**
 * The inventory tables of the finding engine (DuckDbFindingEngine): the local twins of Athena's
 * inventory_* tables (initialise-table), as the inventory engine defines them, beside credential_report.
 * The engine creates them empty, so that a scan of credential reports alone still runs every finding of
 * the catalog: the findings over the inventory (review-revoke) then find nothing.
 */
export const INVENTORY_TABLES_DDL: readonly string[] = INVENTORY_KINDS.map(inventoryTableDdl);

const INVENTORY_TABLE = new RegExp(`\\b(?:${INVENTORY_KINDS.map(inventoryTableName).join('|')})\\b`, 'i');

/** Whether a finding's SQL reads the inventory: it finds nothing in a scan of credential reports alone. */
export function readsInventory(sql: string): boolean {
  return INVENTORY_TABLE.test(sql.replace(/--[^\n]*/g, ''));
}

/** Appends users of validated inventory snapshots to inventory_users under a `date` partition. */
export const appendInventoryUsers = (
  connection: DuckDBConnection,
  users: readonly InventoryUser[],
  date: string,
): Promise<void> => appendInventoryRecords(connection, 'users', users, date);
