// Turns what IAM answers (GetAccountAuthorizationDetails pages, each user's ListAccessKeys) into one
// account's inventory snapshot: no AWS call here, so every rule is unit-tested on plain answers.
import type {
  AccessKeyMetadata,
  AttachedPolicy,
  GetAccountAuthorizationDetailsResponse,
  GroupDetail,
  ManagedPolicyDetail,
  PolicyDetail,
  RoleDetail,
  Tag,
  UserDetail,
} from '@aws-sdk/client-iam';
import {
  compactDocument,
  decodePolicyDocument,
  grantsEverything,
  sortedUnique,
  trustPrincipals,
} from './policy-document.js';
import { compareText } from '../text-order.js';
import {
  ADMINISTRATOR_ACCESS_POLICY,
  REVIEW_TAG_KEY,
  type AdminSource,
  type InventoryAccessKey,
  type InventoryGroup,
  type InventoryPolicy,
  type InventoryRole,
  type InventorySnapshot,
  type InventoryTag,
  type InventoryUser,
  type PolicyHolder,
} from './records.js';

/** IAM left out something every answer has (a name, an ARN, a date): the snapshot would be wrong. */
export class AuthorizationDetailsError extends Error {
  constructor(problem: string) {
    super(`GetAccountAuthorizationDetails/ListAccessKeys: ${problem}`);
    this.name = 'AuthorizationDetailsError';
  }
}

/** The parts of a GetAccountAuthorizationDetails page the inventory reads. */
export type AuthorizationDetailsPage = Pick<
  GetAccountAuthorizationDetailsResponse,
  'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies'
>;

export interface AuthorizationDetails {
  readonly accountId: string;
  /** The run date the snapshot belongs to, YYYY-MM-DD. */
  readonly date: string;
  readonly pages: readonly AuthorizationDetailsPage[];
  /** ListAccessKeys of each user, by user name; a user missing here has no keys. */
  readonly accessKeys: ReadonlyMap<string, readonly AccessKeyMetadata[]>;
}

function required<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null || value === '') {
    throw new AuthorizationDetailsError(`IAM answered without ${what}`);
  }
  return value;
}

const instant = (date: Date | undefined, what: string): string => required(date, what).toISOString();

/** The AWS managed AdministratorAccess, in any partition; a customer policy of that name is not it. */
const isAwsAdministratorAccess = (arn: string): boolean =>
  /^arn:[\w-]+:iam::aws:policy\/AdministratorAccess$/.test(arn);

function inventoryTags(tags: readonly Tag[] | undefined, owner: string): InventoryTag[] {
  return (tags ?? [])
    .map((tag) => ({ key: required(tag.Key, `a tag key of ${owner}`), value: tag.Value ?? '' }))
    .sort((a, b) => compareText(a.key, b.key) || compareText(a.value, b.value));
}

function reviewOf(tags: readonly InventoryTag[]): string | null {
  const tag = tags.find((candidate) => candidate.key === REVIEW_TAG_KEY);
  return tag === undefined ? null : tag.value.trim().toLowerCase();
}

function accessKeysOf(keys: readonly AccessKeyMetadata[], userName: string): InventoryAccessKey[] {
  return keys
    .map((key) => {
      const id = required(key.AccessKeyId, `the id of an access key of user ${userName}`);
      if (key.Status !== 'Active' && key.Status !== 'Inactive') {
        throw new AuthorizationDetailsError(
          `access key ${id} of user ${userName} has the status ${String(key.Status)}, not Active or Inactive`,
        );
      }
      return {
        access_key_id: id,
        status: key.Status,
        created_at: instant(key.CreateDate, `the creation date of access key ${id}`),
      };
    })
    .sort((a, b) => compareText(a.created_at, b.created_at) || compareText(a.access_key_id, b.access_key_id));
}

/** Customer managed policies by ARN: what an attachment points at. */
function inventoryPolicy(accountId: string, detail: ManagedPolicyDetail): InventoryPolicy {
  const arn = required(detail.Arn, 'the ARN of a customer managed policy');
  const defaultVersionId = required(detail.DefaultVersionId, `the default version id of ${arn}`);
  const version = (detail.PolicyVersionList ?? []).find(
    (candidate) => candidate.IsDefaultVersion === true || candidate.VersionId === defaultVersionId,
  );
  const document = decodePolicyDocument(
    required(version?.Document, `the default version's document of ${arn}`),
    arn,
  );
  return {
    account_id: accountId,
    policy_name: required(detail.PolicyName, `the name of ${arn}`),
    policy_id: required(detail.PolicyId, `the id of ${arn}`),
    arn,
    path: detail.Path ?? '/',
    created_at: instant(detail.CreateDate, `the creation date of ${arn}`),
    updated_at: instant(detail.UpdateDate ?? detail.CreateDate, `the update date of ${arn}`),
    default_version_id: defaultVersionId,
    attachment_count: detail.AttachmentCount ?? 0,
    document: compactDocument(document),
    admin_equivalent: grantsEverything(document),
  };
}

/**
 * The policies attached to and inlined in one principal, and which of them grant everything:
 * `managed:AdministratorAccess` (the AWS managed one), `managed:<customer policy>`, `inline:<name>`.
 */
function holderOf(
  attached: readonly AttachedPolicy[] | undefined,
  inline: readonly PolicyDetail[] | undefined,
  policies: ReadonlyMap<string, InventoryPolicy>,
  owner: string,
): PolicyHolder {
  const sources: AdminSource[] = [];
  const attachedNames: string[] = [];
  for (const policy of attached ?? []) {
    const arn = required(policy.PolicyArn, `the ARN of a policy attached to ${owner}`);
    const name = required(policy.PolicyName, `the name of ${arn} attached to ${owner}`);
    attachedNames.push(name);
    if (isAwsAdministratorAccess(arn)) sources.push(`managed:${ADMINISTRATOR_ACCESS_POLICY}`);
    else if (policies.get(arn)?.admin_equivalent) sources.push(`managed:${name}`);
  }
  const inlineNames: string[] = [];
  for (const policy of inline ?? []) {
    const name = required(policy.PolicyName, `the name of an inline policy of ${owner}`);
    inlineNames.push(name);
    const text = required(policy.PolicyDocument, `the document of inline policy ${name} of ${owner}`);
    if (grantsEverything(decodePolicyDocument(text, `inline policy ${name} of ${owner}`))) {
      sources.push(`inline:${name}`);
    }
  }
  return {
    attached_policies: sortedUnique(attachedNames),
    inline_policies: sortedUnique(inlineNames),
    admin_equivalent: sources.length > 0,
    admin_sources: sortedUnique(sources),
  };
}

function inventoryGroup(
  accountId: string,
  detail: GroupDetail,
  members: ReadonlyMap<string, string[]>,
  policies: ReadonlyMap<string, InventoryPolicy>,
): InventoryGroup {
  const name = required(detail.GroupName, 'the name of a group');
  const holder = holderOf(detail.AttachedManagedPolicies, detail.GroupPolicyList, policies, `group ${name}`);
  return {
    account_id: accountId,
    group_name: name,
    group_id: required(detail.GroupId, `the id of group ${name}`),
    arn: required(detail.Arn, `the ARN of group ${name}`),
    path: detail.Path ?? '/',
    created_at: instant(detail.CreateDate, `the creation date of group ${name}`),
    members: sortedUnique(members.get(name) ?? []),
    attached_policies: holder.attached_policies,
    inline_policies: holder.inline_policies,
    admin_equivalent: holder.admin_equivalent,
    admin_sources: holder.admin_sources,
  };
}

function inventoryUser(
  details: AuthorizationDetails,
  detail: UserDetail,
  groups: ReadonlyMap<string, InventoryGroup>,
  policies: ReadonlyMap<string, InventoryPolicy>,
): InventoryUser {
  const name = required(detail.UserName, 'the name of a user');
  const own = holderOf(detail.AttachedManagedPolicies, detail.UserPolicyList, policies, `user ${name}`);
  const groupNames = sortedUnique(detail.GroupList ?? []);
  // What a group grants, its members hold: group:<group>/managed:..., group:<group>/inline:...
  const throughGroups = groupNames.flatMap((group) =>
    (groups.get(group)?.admin_sources ?? []).map((source) => `group:${group}/${source}`),
  );
  const tags = inventoryTags(detail.Tags, `user ${name}`);
  const adminSources = sortedUnique([...own.admin_sources, ...throughGroups]);
  return {
    account_id: details.accountId,
    user_name: name,
    user_id: required(detail.UserId, `the id of user ${name}`),
    arn: required(detail.Arn, `the ARN of user ${name}`),
    path: detail.Path ?? '/',
    created_at: instant(detail.CreateDate, `the creation date of user ${name}`),
    tags,
    review: reviewOf(tags),
    groups: groupNames,
    access_keys: accessKeysOf(details.accessKeys.get(name) ?? [], name),
    attached_policies: own.attached_policies,
    inline_policies: own.inline_policies,
    admin_equivalent: adminSources.length > 0,
    admin_sources: adminSources,
  };
}

function inventoryRole(
  accountId: string,
  detail: RoleDetail,
  policies: ReadonlyMap<string, InventoryPolicy>,
): InventoryRole {
  const name = required(detail.RoleName, 'the name of a role');
  const arn = required(detail.Arn, `the ARN of role ${name}`);
  const path = detail.Path ?? '/';
  const holder = holderOf(detail.AttachedManagedPolicies, detail.RolePolicyList, policies, `role ${name}`);
  const trust = detail.AssumeRolePolicyDocument;
  const lastUsed = detail.RoleLastUsed;
  return {
    account_id: accountId,
    role_name: name,
    role_id: required(detail.RoleId, `the id of role ${name}`),
    arn,
    path,
    created_at: instant(detail.CreateDate, `the creation date of role ${name}`),
    tags: inventoryTags(detail.Tags, `role ${name}`),
    trust_principals: trust ? trustPrincipals(decodePolicyDocument(trust, `the trust policy of ${arn}`)) : [],
    last_used_at: lastUsed?.LastUsedDate ? lastUsed.LastUsedDate.toISOString() : null,
    last_used_region: lastUsed?.Region || null,
    service_linked: path.startsWith('/aws-service-role/'),
    attached_policies: holder.attached_policies,
    inline_policies: holder.inline_policies,
    admin_equivalent: holder.admin_equivalent,
    admin_sources: holder.admin_sources,
  };
}

/** The last answer about an entity wins: pages never repeat one, but a retried page could. */
function byName<T>(items: Iterable<T>, nameOf: (item: T) => string): T[] {
  const named = new Map<string, T>();
  for (const item of items) named.set(nameOf(item), item);
  return [...named.entries()].sort(([a], [b]) => compareText(a, b)).map(([, item]) => item);
}

/**
 * One account's snapshot: every list sorted (records by name), instants as ISO UTC text, documents
 * decoded, so an unchanged account gives the same snapshot whatever order IAM answered in.
 */
export function inventoryFromAuthorizationDetails(details: AuthorizationDetails): InventorySnapshot {
  const { accountId, pages } = details;
  const policies = byName(
    pages.flatMap((page) => page.Policies ?? []).map((detail) => inventoryPolicy(accountId, detail)),
    (policy) => policy.policy_name,
  );
  const policiesByArn = new Map(policies.map((policy) => [policy.arn, policy]));

  const userDetails = pages.flatMap((page) => page.UserDetailList ?? []);
  // GetAccountAuthorizationDetails lists each user's groups, not each group's users.
  const members = new Map<string, string[]>();
  for (const user of userDetails) {
    for (const group of user.GroupList ?? []) {
      members.set(group, [...(members.get(group) ?? []), required(user.UserName, 'the name of a user')]);
    }
  }
  const groups = byName(
    pages
      .flatMap((page) => page.GroupDetailList ?? [])
      .map((detail) => inventoryGroup(accountId, detail, members, policiesByArn)),
    (group) => group.group_name,
  );
  const groupsByName = new Map(groups.map((group) => [group.group_name, group]));

  return {
    account_id: accountId,
    date: details.date,
    users: byName(
      userDetails.map((detail) => inventoryUser(details, detail, groupsByName, policiesByArn)),
      (user) => user.user_name,
    ),
    groups,
    roles: byName(
      pages
        .flatMap((page) => page.RoleDetailList ?? [])
        .map((detail) => inventoryRole(accountId, detail, policiesByArn)),
      (role) => role.role_name,
    ),
    policies,
  };
}
