// The columns of the Athena tables over the inventory files (initialise-table) and of their local DuckDB
// twins (packages/findings): each field of a record, in the order of its JSON lines, with its type. One
// list for both engines, checked by the compiler against the records: a field added to a record and
// not here does not compile.
import type {
  InventoryAccessKey,
  InventoryGroup,
  InventoryKind,
  InventoryPolicy,
  InventoryRole,
  InventoryTag,
  InventoryUser,
} from './records.js';

/** The Hive DDL type of a column, as Athena's CREATE TABLE spells it. */
export type InventoryColumnType =
  'string' | 'boolean' | 'int' | 'array<string>' | typeof TAGS_TYPE | typeof ACCESS_KEYS_TYPE;

const TAGS_TYPE = 'array<struct<key:string,value:string>>';
const ACCESS_KEYS_TYPE = 'array<struct<access_key_id:string,status:string,created_at:string>>';

export interface InventoryColumn {
  readonly name: string;
  readonly type: InventoryColumnType;
  /** The record's field is `T | null`; every other column always has a value. */
  readonly nullable: boolean;
}

/** The one type a field of this TypeScript type can have. */
type ColumnType<T> = T extends boolean
  ? 'boolean'
  : T extends number
    ? 'int'
    : T extends string
      ? 'string'
      : T extends readonly InventoryTag[]
        ? typeof TAGS_TYPE
        : T extends readonly InventoryAccessKey[]
          ? typeof ACCESS_KEYS_TYPE
          : T extends readonly string[]
            ? 'array<string>'
            : never;

/** Every field of a record, no other: its type, and `nullable` for the fields that can be null. */
type ColumnSpecs<Record> = {
  readonly [Field in keyof Record]-?: null extends Record[Field]
    ? { readonly type: ColumnType<NonNullable<Record[Field]>>; readonly nullable: true }
    : ColumnType<Record[Field]>;
};

const USER_COLUMNS: ColumnSpecs<InventoryUser> = {
  account_id: 'string',
  user_name: 'string',
  user_id: 'string',
  arn: 'string',
  path: 'string',
  created_at: 'string',
  tags: TAGS_TYPE,
  review: { type: 'string', nullable: true },
  groups: 'array<string>',
  access_keys: ACCESS_KEYS_TYPE,
  attached_policies: 'array<string>',
  inline_policies: 'array<string>',
  admin_equivalent: 'boolean',
  admin_sources: 'array<string>',
};

const GROUP_COLUMNS: ColumnSpecs<InventoryGroup> = {
  account_id: 'string',
  group_name: 'string',
  group_id: 'string',
  arn: 'string',
  path: 'string',
  created_at: 'string',
  members: 'array<string>',
  attached_policies: 'array<string>',
  inline_policies: 'array<string>',
  admin_equivalent: 'boolean',
  admin_sources: 'array<string>',
};

const ROLE_COLUMNS: ColumnSpecs<InventoryRole> = {
  account_id: 'string',
  role_name: 'string',
  role_id: 'string',
  arn: 'string',
  path: 'string',
  created_at: 'string',
  tags: TAGS_TYPE,
  trust_principals: 'array<string>',
  last_used_at: { type: 'string', nullable: true },
  last_used_region: { type: 'string', nullable: true },
  service_linked: 'boolean',
  attached_policies: 'array<string>',
  inline_policies: 'array<string>',
  admin_equivalent: 'boolean',
  admin_sources: 'array<string>',
};

const POLICY_COLUMNS: ColumnSpecs<InventoryPolicy> = {
  account_id: 'string',
  policy_name: 'string',
  policy_id: 'string',
  arn: 'string',
  path: 'string',
  created_at: 'string',
  updated_at: 'string',
  default_version_id: 'string',
  attachment_count: 'int',
  document: 'string',
  admin_equivalent: 'boolean',
};

const columnList = (specs: Readonly<Record<string, InventoryColumnType | { type: InventoryColumnType }>>) =>
  Object.entries(specs).map(([name, spec]): InventoryColumn =>
    typeof spec === 'string'
      ? { name, type: spec, nullable: false }
      : { name, type: spec.type, nullable: true },
  );

/**
 * The columns of each kind's table, in the order of the records' JSON keys (schemas.ts). Instants stay
 * ISO 8601 text, as in the files: the JSON SerDe's own timestamp parsing does not read the `Z` suffix
 * reliably; from_iso8601_timestamp does. The tables add the `date` partition after these.
 */
export const INVENTORY_COLUMNS: { readonly [Kind in InventoryKind]: readonly InventoryColumn[] } = {
  users: columnList(USER_COLUMNS),
  groups: columnList(GROUP_COLUMNS),
  roles: columnList(ROLE_COLUMNS),
  policies: columnList(POLICY_COLUMNS),
};

/** The table over one kind of file, in Athena (initialise-table) and in the local DuckDB alike. */
export const inventoryTableName = (kind: InventoryKind): `inventory_${InventoryKind}` => `inventory_${kind}`;
