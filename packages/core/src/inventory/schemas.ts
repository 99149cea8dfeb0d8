// The zod schema of each inventory record (records.ts): collect-inventory checks every record with it
// before writing, and readers (the review, the CLI) check every line they read. The key order of each
// schema is the key order of the JSON lines: parsing a record rebuilds it in that order.
import { accountIdSchema } from '../aws/settings.js';
import * as z from '../zod.js';
import type {
  InventoryGroup,
  InventoryKind,
  InventoryPolicy,
  InventoryRole,
  InventoryUser,
} from './records.js';

const text = z.string().check(z.minLength(1, 'a non-empty text'));
const names = z.array(text);
const instant = z.iso.datetime('an ISO 8601 UTC instant (YYYY-MM-DDTHH:MM:SS.sssZ)');
const arn = z.string().check(z.regex(/^arn:[\w-]+:iam::\d{12}:/, 'an IAM ARN of the account'));
const path = z.string().check(z.regex(/^\/(.+\/)?$/, 'an IAM path (/ or /a/b/)'));

const tag = z.strictObject({ key: text, value: z.string() });

const accessKey = z.strictObject({
  access_key_id: z.string().check(z.regex(/^[A-Z0-9]{16,128}$/, 'an access key id')),
  status: z.enum(['Active', 'Inactive']),
  created_at: instant,
});

/** managed:<policy>, inline:<policy>, or either through a group: group:<group>/managed:<policy>. */
const adminSource = z
  .string()
  .check(z.regex(/^(group:[^/]+\/)?(managed|inline):.+$/, 'managed:NAME, inline:NAME or group:GROUP/...'));

const policyHolder = {
  attached_policies: names,
  inline_policies: names,
  admin_equivalent: z.boolean(),
  admin_sources: z.array(adminSource),
};

export const inventoryUserSchema = z.strictObject({
  account_id: accountIdSchema,
  user_name: text,
  user_id: text,
  arn,
  path,
  created_at: instant,
  tags: z.array(tag),
  review: z.nullable(z.string()),
  groups: names,
  access_keys: z.array(accessKey),
  ...policyHolder,
});

export const inventoryGroupSchema = z.strictObject({
  account_id: accountIdSchema,
  group_name: text,
  group_id: text,
  arn,
  path,
  created_at: instant,
  members: names,
  ...policyHolder,
});

export const inventoryRoleSchema = z.strictObject({
  account_id: accountIdSchema,
  role_name: text,
  role_id: text,
  arn,
  path,
  created_at: instant,
  tags: z.array(tag),
  trust_principals: z.array(z.string().check(z.regex(/^[A-Za-z]+:.+$/, 'TYPE:PRINCIPAL'))),
  last_used_at: z.nullable(instant),
  last_used_region: z.nullable(text),
  service_linked: z.boolean(),
  ...policyHolder,
});

export const inventoryPolicySchema = z.strictObject({
  account_id: accountIdSchema,
  policy_name: text,
  policy_id: text,
  arn,
  path,
  created_at: instant,
  updated_at: instant,
  default_version_id: text,
  attachment_count: z.int().check(z.nonnegative()),
  document: text,
  admin_equivalent: z.boolean(),
});

/** The record of each file of a snapshot. */
export interface InventoryRecords {
  readonly users: InventoryUser;
  readonly groups: InventoryGroup;
  readonly roles: InventoryRole;
  readonly policies: InventoryPolicy;
}

export type InventoryRecord<Kind extends InventoryKind = InventoryKind> = InventoryRecords[Kind];

export const INVENTORY_SCHEMAS = {
  users: inventoryUserSchema,
  groups: inventoryGroupSchema,
  roles: inventoryRoleSchema,
  policies: inventoryPolicySchema,
} as const satisfies Record<InventoryKind, z.ZodMiniType>;

/** The field that names a record, unique in its file. */
export const INVENTORY_NAME_FIELDS = {
  users: 'user_name',
  groups: 'group_name',
  roles: 'role_name',
  policies: 'policy_name',
} as const satisfies { readonly [Kind in InventoryKind]: keyof InventoryRecords[Kind] };
