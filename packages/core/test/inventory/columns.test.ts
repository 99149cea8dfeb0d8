import { expect } from 'chai';
import {
  INVENTORY_COLUMNS,
  INVENTORY_KINDS,
  INVENTORY_SCHEMAS,
  inventoryTableName,
} from '../../src/inventory/index.js';

describe('inventory table columns', () => {
  for (const kind of INVENTORY_KINDS) {
    it(`${kind}: one column per field of the record schema, in the order of the JSON lines`, () => {
      // Prepare
      const shape = INVENTORY_SCHEMAS[kind].shape as Record<
        string,
        { safeParse(value: unknown): { success: boolean } }
      >;

      // Assess
      expect(INVENTORY_COLUMNS[kind].map((column) => column.name)).to.deep.equal(Object.keys(shape));
      for (const column of INVENTORY_COLUMNS[kind]) {
        expect(column.nullable, `${kind}.${column.name} nullable`).to.equal(
          shape[column.name]?.safeParse(null).success,
        );
      }
    });
  }

  it('names each table after its kind', () => {
    expect(INVENTORY_KINDS.map(inventoryTableName)).to.deep.equal([
      'inventory_users',
      'inventory_groups',
      'inventory_roles',
      'inventory_policies',
    ]);
  });
});
