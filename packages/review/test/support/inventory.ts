import type { InventoryGroup, InventoryUser } from '@credential-tracker/core/inventory';
import { inventoryGroup, inventoryUser } from '@credential-tracker/testing';

export const ACCOUNT = '123456789012';
export const DATE = '2024-06-01';
export const AS_OF = new Date('2024-06-01T00:00:00Z');

/** A user of ACCOUNT that belongs to nothing and holds nothing; overrides add what a test needs. */
export const user = (name: string, overrides: Partial<InventoryUser> = {}): InventoryUser =>
  inventoryUser(ACCOUNT, name, { created_at: '2023-01-01T00:00:00.000Z', ...overrides });

export const group = (name: string, overrides: Partial<InventoryGroup> = {}): InventoryGroup =>
  inventoryGroup(ACCOUNT, name, { created_at: '2022-01-01T00:00:00.000Z', ...overrides });

export const activeKey = (id: string, created: string) =>
  ({ access_key_id: id, status: 'Active', created_at: created }) as const;

export const inactiveKey = (id: string, created: string) =>
  ({ access_key_id: id, status: 'Inactive', created_at: created }) as const;
