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

// No control character in any value (a NUL in a tag reaches the review's HTML and CSV, and Athena):
// IAM accepts none in a name, a tag, an id or a path. Policy documents keep JSON's whitespace.
// eslint-disable-next-line no-control-regex -- the control characters are what is refused
const PLAIN = /^[^\u0000-\u001f\u007f-\u009f]{1,2048}$/;
// eslint-disable-next-line no-control-regex -- the control characters are what is refused
const TRUST_PRINCIPAL = /^[A-Za-z]+:[^\u0000-\u001f\u007f-\u009f]{1,2048}$/;
// eslint-disable-next-line no-control-regex -- the control characters are what is refused
const DOCUMENT = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]{1,131072}$/;

const text = z
  .string()
  .check(z.minLength(1, 'a non-empty text'), z.regex(PLAIN, 'a text without control characters'));
const instant = z.iso.datetime('an ISO 8601 UTC instant (YYYY-MM-DDTHH:MM:SS.sssZ)');
const arn = z
  .string()
  .check(z.regex(/^arn:aws[a-z-]*:iam::\d{12}:[!-~]{1,2048}$/, 'an IAM ARN of the account'));
const path = z.string().check(z.regex(/^\/(?:[!-~]{0,510}\/)?$/, 'an IAM path (/ or /a/b/)'));

// IAM's own character sets and lengths (CreateUser, CreateGroup, CreateRole, CreatePolicy, TagUser):
// what does not match cannot have come from IAM.
const iamName = (max: number) =>
  z
    .string()
    .check(
      z.regex(new RegExp(`^[\\w+=,.@-]{1,${max}}$`), `an IAM name (1-${max} of A-Z, a-z, 0-9 and _+=,.@-)`),
    );
const userName = iamName(64);
const groupName = iamName(128);
const roleName = iamName(64);
const policyName = iamName(128);
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
const tagValue = z
  .string()
  .check(z.regex(TAG_VALUE, 'an IAM tag value (0-256 letters, digits, spaces and _.:/=+-@)'));

const tag = z.strictObject({
  key: z.string().check(z.regex(TAG_KEY, 'an IAM tag key (1-128 letters, digits, spaces and _.:/=+-@)')),
  value: tagValue,
});

const accessKey = z.strictObject({
  access_key_id: z.string().check(z.regex(/^[A-Z0-9]{16,128}$/, 'an access key id')),
  status: z.enum(['Active', 'Inactive']),
  created_at: instant,
});

/** managed:<policy>, inline:<policy>, or either through a group: group:<group>/managed:<policy>. */
const adminSource = z
  .string()
  .check(
    z.regex(
      /^(group:[\w+=,.@-]{1,128}\/)?(managed|inline):[\w+=,.@-]{1,128}$/,
      'managed:NAME, inline:NAME or group:GROUP/...',
    ),
  );

const policyHolder = {
  attached_policies: z.array(policyName),
  inline_policies: z.array(policyName),
  admin_equivalent: z.boolean(),
  admin_sources: z.array(adminSource),
};

export const inventoryUserSchema = z.strictObject({
  account_id: accountIdSchema,
  user_name: userName,
  user_id: text,
  arn,
  path,
  created_at: instant,
  tags: z.array(tag),
  review: z.nullable(tagValue),
  groups: z.array(groupName),
  access_keys: z.array(accessKey),
  ...policyHolder,
});

export const inventoryGroupSchema = z.strictObject({
  account_id: accountIdSchema,
  group_name: groupName,
  group_id: text,
  arn,
  path,
  created_at: instant,
  members: z.array(userName),
  ...policyHolder,
});

export const inventoryRoleSchema = z.strictObject({
  account_id: accountIdSchema,
  role_name: roleName,
  role_id: text,
  arn,
  path,
  created_at: instant,
  tags: z.array(tag),
  trust_principals: z.array(z.string().check(z.regex(TRUST_PRINCIPAL, 'TYPE:PRINCIPAL'))),
  last_used_at: z.nullable(instant),
  last_used_region: z.nullable(text),
  service_linked: z.boolean(),
  ...policyHolder,
});

export const inventoryPolicySchema = z.strictObject({
  account_id: accountIdSchema,
  policy_name: policyName,
  policy_id: text,
  arn,
  path,
  created_at: instant,
  updated_at: instant,
  default_version_id: text,
  attachment_count: z.int().check(z.nonnegative()),
  document: z
    .string()
    .check(z.regex(DOCUMENT, 'a policy document of at most 131072 characters, without control characters')),
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

/** The resource type of each kind's ARN: arn:PARTITION:iam::ACCOUNT:TYPE/PATH/NAME. */
const ARN_TYPES = { users: 'user', groups: 'group', roles: 'role', policies: 'policy' } as const;

/**
 * What makes a record that matches its schema still not the one it claims to be: an ARN of another
 * account, of another kind, or naming another principal (a user <script>… carrying bob's ARN would
 * otherwise be reviewed, and remediated, as bob). Returns the problem, or undefined.
 */
export function recordArnProblem<Kind extends InventoryKind>(
  kind: Kind,
  record: InventoryRecords[Kind],
): string | undefined {
  const fields = record.arn.split(':');
  const account = fields[4];
  const resource = fields.slice(5).join(':');
  const type = resource.slice(0, resource.indexOf('/'));
  const named = resource.slice(resource.lastIndexOf('/') + 1);
  const nameField = INVENTORY_NAME_FIELDS[kind];
  const name = (record as unknown as Record<string, string>)[nameField] as string;
  const shape = `arn:PARTITION:iam::ACCOUNT:${ARN_TYPES[kind]}/PATH/NAME`;
  if (type !== ARN_TYPES[kind]) return `${record.arn} is not a ${ARN_TYPES[kind]} ARN (${shape})`;
  if (account !== record.account_id) {
    return `${record.arn} is in account ${account}, not in the record's account_id ${record.account_id}`;
  }
  if (named !== name) {
    return `${record.arn} names ${ARN_TYPES[kind]} ${JSON.stringify(named)}, not ${nameField} ${JSON.stringify(name)}`;
  }
  return undefined;
}

/**
 * A tag key twice on one record, in any case: IAM keeps one value per key, keys compared
 * case-insensitively, so two would let a reader pick either (an exempt tag `true` and `false`).
 * Returns the path and problem, or undefined.
 */
export function recordTagProblem(
  record: InventoryRecords[InventoryKind],
): { readonly path: string[]; readonly message: string } | undefined {
  const tags = 'tags' in record ? record.tags : [];
  const seen = new Map<string, number>();
  for (const [index, tag] of tags.entries()) {
    const key = tag.key.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      return {
        path: ['tags', String(index), 'key'],
        message: `the tag ${JSON.stringify(tag.key)} is tags.${earlier} too (${JSON.stringify(tags[earlier]?.key)}); IAM keeps one value per key, in any case`,
      };
    }
    seen.set(key, index);
  }
  return undefined;
}
