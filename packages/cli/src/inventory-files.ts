import {
  findInventorySnapshots,
  INVENTORY_LAYOUT_EXAMPLE,
  readInventorySnapshot,
  type InventorySnapshotFiles,
} from '@credential-tracker/core/inventory';

export { INVENTORY_LAYOUT_EXAMPLE } from '@credential-tracker/core/inventory';

/** What was asked to review is not there: no inventory, no such date or account. */
export class InventoryInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InventoryInputError';
  }
}

/** One account's snapshot of one day, as files: what collect-inventory wrote, found under a directory. */
export type InventoryLocation = InventorySnapshotFiles;

/** Every snapshot under the directory (any depth), sorted by date then account; at least one. */
export async function findInventory(directory: string): Promise<InventoryLocation[]> {
  const snapshots = await findInventorySnapshots(directory);
  if (snapshots.length === 0) {
    throw new InventoryInputError(
      `no inventory under ${directory}: expected ${INVENTORY_LAYOUT_EXAMPLE} files (as collect-inventory writes them)`,
    );
  }
  return snapshots;
}

/**
 * Reads and validates one snapshot: all four files must be there, every line a valid record of the
 * account (an InventoryFileError names the file and line otherwise).
 */
export const readInventory = readInventorySnapshot;
