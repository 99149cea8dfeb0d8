import { INVENTORY_KINDS, inventoryTableName } from '@credential-tracker/core/inventory';

const INVENTORY_TABLE = new RegExp(`\\b(?:${INVENTORY_KINDS.map(inventoryTableName).join('|')})\\b`, 'i');

/** Whether a finding's SQL reads the inventory: it finds nothing in a scan of credential reports alone. */
export function readsInventory(sql: string): boolean {
  return INVENTORY_TABLE.test(sql.replace(/--[^\n]*/g, ''));
}
