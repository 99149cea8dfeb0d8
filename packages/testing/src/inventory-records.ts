import type {
  InventoryGroup,
  InventoryPolicy,
  InventoryRole,
  InventoryUser,
} from '@credential-tracker/core/inventory';

/** An IAM unique id of the kind `prefix` names (AIDA user, AGPA group, AROA role, ANPA policy), from the name. */
export const iamUniqueId = (prefix: string, name: string): string =>
  `${prefix}${name
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .padEnd(17, 'X')
    .slice(0, 17)}`;

const CREATED = '2025-01-01T00:00:00.000Z';

const holdsNothing = {
  attached_policies: [],
  inline_policies: [],
  admin_equivalent: false,
  admin_sources: [],
} as const;

/** A user that belongs to nothing and holds nothing; overrides add what a test needs. */
export function inventoryUser(
  accountId: string,
  name: string,
  overrides: Partial<InventoryUser> = {},
): InventoryUser {
  return {
    account_id: accountId,
    user_name: name,
    user_id: iamUniqueId('AIDA', name),
    arn: `arn:aws:iam::${accountId}:user/${name}`,
    path: '/',
    created_at: CREATED,
    tags: [],
    review: null,
    groups: [],
    access_keys: [],
    ...holdsNothing,
    ...overrides,
  };
}

/** A group without members or policies. */
export function inventoryGroup(
  accountId: string,
  name: string,
  overrides: Partial<InventoryGroup> = {},
): InventoryGroup {
  return {
    account_id: accountId,
    group_name: name,
    group_id: iamUniqueId('AGPA', name),
    arn: `arn:aws:iam::${accountId}:group/${name}`,
    path: '/',
    created_at: CREATED,
    members: [],
    ...holdsNothing,
    ...overrides,
  };
}

/** A role the account itself may assume, never used, without policies. */
export function inventoryRole(
  accountId: string,
  name: string,
  overrides: Partial<InventoryRole> = {},
): InventoryRole {
  return {
    account_id: accountId,
    role_name: name,
    role_id: iamUniqueId('AROA', name),
    arn: `arn:aws:iam::${accountId}:role/${name}`,
    path: '/',
    created_at: CREATED,
    tags: [],
    trust_principals: [`AWS:arn:aws:iam::${accountId}:root`],
    last_used_at: null,
    last_used_region: null,
    service_linked: false,
    ...holdsNothing,
    ...overrides,
  };
}

/** A customer managed policy that allows nothing and is attached nowhere. */
export function inventoryPolicy(
  accountId: string,
  name: string,
  overrides: Partial<InventoryPolicy> = {},
): InventoryPolicy {
  return {
    account_id: accountId,
    policy_name: name,
    policy_id: iamUniqueId('ANPA', name),
    arn: `arn:aws:iam::${accountId}:policy/${name}`,
    path: '/',
    created_at: CREATED,
    updated_at: CREATED,
    default_version_id: 'v1',
    attachment_count: 0,
    document: '{"Version":"2012-10-17","Statement":[]}',
    admin_equivalent: false,
    ...overrides,
  };
}
