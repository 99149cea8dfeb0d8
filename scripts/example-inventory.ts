/**
 * The IAM inventory of the sample Organization (scripts/make-examples.ts): for each account, its groups,
 * customer managed policies, a few roles, and what each user of its credential report belongs to, holds
 * and is tagged with. A snapshot is made the way collect-inventory makes it: IAM's answers
 * (GetAccountAuthorizationDetails, ListAccessKeys) written out here, then inventoryFromAuthorizationDetails,
 * so admin-equivalence and every list are what the suite would compute.
 */
import { createHash } from 'node:crypto';
import type {
  AccessKeyMetadata,
  GroupDetail,
  ManagedPolicyDetail,
  RoleDetail,
  UserDetail,
} from '@aws-sdk/client-iam';
import { isAbsent, ROOT_USER_NAME, type CredentialReportRow } from '@credential-tracker/core';
import {
  inventoryFromAuthorizationDetails,
  inventorySnapshotFiles,
  REVIEW_REVOKE_VALUE,
  REVIEW_TAG_KEY,
  type InventoryKind,
  type InventorySnapshot,
} from '@credential-tracker/core/inventory';

/** An inline policy: a name and what it allows; `'*'` both ways is administrator access. */
interface InlineSpec {
  readonly name: string;
  readonly actions: string | readonly string[];
  readonly resources?: string | readonly string[];
}

interface GroupSpec {
  readonly name: string;
  readonly path?: string;
  readonly created: string;
  /** AWS managed policies by name, or the account's customer managed ones. */
  readonly managed?: readonly string[];
  readonly inline?: readonly InlineSpec[];
}

interface CustomerPolicySpec {
  readonly name: string;
  readonly path?: string;
  readonly created: string;
  readonly updated?: string;
  readonly actions: string | readonly string[];
  readonly resources?: string | readonly string[];
}

interface RoleSpec {
  readonly name: string;
  readonly path?: string;
  readonly created: string;
  /** Principal element of the trust policy, e.g. { AWS: 'arn:aws:iam::...:root' }. */
  readonly trust: Record<string, string>;
  readonly managed?: readonly string[];
  readonly lastUsed?: { readonly at: string; readonly region: string };
}

interface UserIamSpec {
  readonly groups?: readonly string[];
  readonly managed?: readonly string[];
  readonly inline?: readonly InlineSpec[];
  readonly tags?: Readonly<Record<string, string>>;
}

export interface AccountIamSpec {
  readonly groups: readonly GroupSpec[];
  readonly policies: readonly CustomerPolicySpec[];
  readonly roles: readonly RoleSpec[];
  /** By user name; a user of the report not named here belongs to no group and holds nothing. */
  readonly users: Readonly<Record<string, UserIamSpec>>;
}

const MANAGEMENT_ACCOUNT = '314159265358';

/** The role the management account uses in each member account, as AWS Organizations creates it. */
const organizationAccess = (created: string, lastUsed?: string): RoleSpec => ({
  name: 'OrganizationAccountAccessRole',
  created,
  trust: { AWS: `arn:aws:iam::${MANAGEMENT_ACCOUNT}:root` },
  managed: ['AdministratorAccess'],
  ...(lastUsed ? { lastUsed: { at: lastUsed, region: 'eu-west-1' } } : {}),
});

const revoke = { [REVIEW_TAG_KEY]: REVIEW_REVOKE_VALUE };

export const EXAMPLE_IAM: Readonly<Record<string, AccountIamSpec>> = {
  // management
  '314159265358': {
    groups: [
      { name: 'platform-admins', created: '2019-03-11T08:00:00Z', managed: ['AdministratorAccess'] },
      { name: 'finops', created: '2022-09-19T12:30:00Z', managed: ['AWSBillingReadOnlyAccess'] },
      {
        name: 'security-officers',
        created: '2023-02-06T09:00:00Z',
        managed: ['SecurityAudit', 'ReadOnlyAccess'],
      },
    ],
    policies: [
      {
        name: 'landing-zone-deploy',
        path: '/automation/',
        created: '2021-06-02T14:00:00Z',
        updated: '2024-03-12T10:20:00Z',
        actions: '*',
        resources: '*',
      },
    ],
    roles: [
      {
        name: 'credential-tracker-member',
        created: '2026-01-12T09:00:00Z',
        trust: { AWS: `arn:aws:iam::${MANAGEMENT_ACCOUNT}:root` },
        managed: ['IAMReadOnlyAccess'],
        lastUsed: { at: '2026-11-23T00:10:41Z', region: 'us-east-1' },
      },
    ],
    users: {
      'alice.martin': { groups: ['platform-admins'], tags: { email: 'alice.martin@example.com' } },
      'bruno.keller': { groups: ['finops'], tags: { email: 'bruno.keller@example.com' } },
      'hannah.schmidt': { groups: ['security-officers'], tags: { email: 'hannah.schmidt@example.com' } },
      'terraform-runner': { managed: ['landing-zone-deploy'], tags: { owner: 'platform' } },
      'billing-exporter': {
        inline: [{ name: 'cur-export', actions: ['s3:PutObject', 'cur:DescribeReportDefinitions'] }],
      },
      'org-audit-reader': { managed: ['AWSOrganizationsReadOnlyAccess'] },
    },
  },
  // security
  '271828182845': {
    groups: [
      { name: 'break-glass', created: '2022-01-10T08:55:00Z', managed: ['AdministratorAccess'] },
      {
        name: 'security-engineers',
        created: '2021-04-12T08:40:00Z',
        managed: ['SecurityAudit', 'ReadOnlyAccess'],
        inline: [{ name: 'guardduty-admin', actions: ['guardduty:*', 'securityhub:*'] }],
      },
      { name: 'forensics', created: '2024-03-18T15:00:00Z', managed: ['ReadOnlyAccess'] },
    ],
    policies: [],
    roles: [organizationAccess('2019-05-20T13:08:51Z', '2026-11-02T09:12:00Z')],
    users: {
      'break-glass-admin': { groups: ['break-glass'], tags: { email: 'security-oncall@example.com' } },
      'maria.silva': { groups: ['security-engineers'], tags: { email: 'maria.silva@example.com' } },
      'kenji.tanaka': { groups: ['security-engineers'], tags: { email: 'kenji.tanaka@example.com' } },
      'forensics-readonly': { groups: ['forensics'] },
      'siem-ingest': { inline: [{ name: 'read-log-archive', actions: ['s3:GetObject', 's3:ListBucket'] }] },
      'guardduty-forwarder': {
        inline: [{ name: 'forward-findings', actions: ['guardduty:Get*', 'sqs:SendMessage'] }],
      },
      'securityhub-exporter': { managed: ['AWSSecurityHubReadOnlyAccess'] },
    },
  },
  // shared-services
  '161803398874': {
    groups: [
      {
        name: 'build-engineers',
        created: '2021-01-11T09:00:00Z',
        managed: ['AmazonEC2ContainerRegistryPowerUser'],
        inline: [{ name: 'codeartifact-publish', actions: ['codeartifact:PublishPackageVersion'] }],
      },
      { name: 'release-managers', created: '2023-07-03T08:00:00Z', managed: ['release-approver'] },
    ],
    policies: [
      {
        name: 'release-approver',
        created: '2023-07-03T08:05:00Z',
        actions: ['codepipeline:PutApprovalResult', 'codepipeline:Get*'],
      },
      {
        name: 'artifact-publish',
        path: '/ci/',
        created: '2022-02-14T10:00:00Z',
        actions: ['codeartifact:*', 's3:PutObject'],
      },
    ],
    roles: [organizationAccess('2020-02-17T10:00:00Z')],
    users: {
      'chloe.dubois': { groups: ['build-engineers'], tags: { email: 'chloe.dubois@example.com' } },
      'samir.haddad': {
        groups: ['build-engineers', 'release-managers'],
        tags: { email: 'samir.haddad@example.com' },
      },
      'ci-deployer': { inline: [{ name: 'deploy-everything', actions: '*', resources: '*' }] },
      // Replaced by GitHub Actions: the owner has asked for its removal.
      jenkins: { managed: ['AdministratorAccess'], tags: { ...revoke, owner: 'build-team' } },
      'artifact-publisher': { managed: ['artifact-publish'] },
      'docker-mirror': { managed: ['AmazonEC2ContainerRegistryPowerUser'] },
      'code-signing': { inline: [{ name: 'soap-endpoint', actions: ['execute-api:Invoke'] }] },
      'legacy-soap-client': { inline: [{ name: 'soap-endpoint', actions: ['execute-api:Invoke'] }] },
    },
  },
  // workloads-prod
  '141421356237': {
    groups: [
      { name: 'sre', created: '2021-05-17T09:40:00Z', managed: ['AdministratorAccess'] },
      {
        name: 'oncall',
        created: '2022-11-28T16:50:00Z',
        managed: ['ReadOnlyAccess'],
        inline: [{ name: 'restart-services', actions: ['ecs:UpdateService', 'ecs:DescribeServices'] }],
      },
      { name: 'contractors', created: '2024-02-05T09:50:00Z', managed: ['ReadOnlyAccess'] },
    ],
    policies: [
      {
        name: 'legacy-batch-full-access',
        path: '/legacy/',
        created: '2013-05-14T09:30:00Z',
        actions: '*',
        resources: '*',
      },
      {
        name: 'datadog-integration',
        path: '/integrations/',
        created: '2022-04-04T14:10:00Z',
        updated: '2025-09-01T08:00:00Z',
        actions: ['cloudwatch:Get*', 'cloudwatch:List*', 'tag:GetResources'],
      },
    ],
    roles: [organizationAccess('2016-08-01T12:00:00Z', '2026-10-19T15:40:00Z')],
    users: {
      'lucas.moreau': { groups: ['sre'], tags: { email: 'lucas.moreau@example.com' } },
      'ops.oncall': { groups: ['oncall', 'sre'], tags: { email: 'sre-team@example.com' } },
      'priya.nair': { groups: ['oncall'], tags: { email: 'priya.nair@example.com' } },
      // The contract ended: the password is gone, the owner asks for the user's removal.
      'contractor.ext': { groups: ['contractors'], tags: { ...revoke, email: 'vendor-manager@example.com' } },
      'legacy-batch': { managed: ['legacy-batch-full-access'] },
      'payments-api': { inline: [{ name: 'payments-tables', actions: ['dynamodb:*'] }] },
      'reporting-etl': { managed: ['AmazonAthenaFullAccess'] },
      's3-backup': { inline: [{ name: 'backup-bucket', actions: ['s3:PutObject', 's3:GetObject'] }] },
      'datadog-integration': { managed: ['datadog-integration'] },
      'ses-smtp-user': { inline: [{ name: 'ses-send', actions: ['ses:SendRawEmail'] }] },
    },
  },
  // workloads-dev
  '173205080756': {
    groups: [
      { name: 'developers', created: '2021-11-08T14:00:00Z', managed: ['PowerUserAccess'] },
      { name: 'sandbox-admins', created: '2022-02-21T08:50:00Z', managed: ['AdministratorAccess'] },
      { name: 'interns', created: '2025-06-01T08:00:00Z', managed: ['ReadOnlyAccess'] },
    ],
    policies: [
      {
        name: 'sandbox-nuke',
        path: '/automation/',
        created: '2022-12-12T12:00:00Z',
        actions: '*',
        resources: '*',
      },
      {
        name: 'preview-deploy',
        path: '/ci/',
        created: '2024-05-06T10:20:00Z',
        actions: ['cloudformation:*'],
      },
    ],
    roles: [organizationAccess('2021-11-08T13:37:00Z', '2026-11-18T21:14:38Z')],
    users: {
      'emma.rossi': { groups: ['developers'], tags: { email: 'emma.rossi@example.com' } },
      'jonas.weber': { groups: ['developers', 'sandbox-admins'], tags: { email: 'jonas.weber@example.com' } },
      'noah.klein': {
        groups: ['developers'],
        // A review tag with another value is shown, not acted on.
        tags: { email: 'noah.klein@example.com', [REVIEW_TAG_KEY]: 'keep' },
      },
      'tom.becker': { groups: ['developers'], tags: { email: 'tom.becker@example.com' } },
      // Last summer's intern: the owner has asked for the user's removal.
      'intern-2025': { groups: ['developers', 'interns'], tags: { ...revoke } },
      'load-tester': { inline: [{ name: 'invoke-targets', actions: ['lambda:InvokeFunction'] }] },
      'preview-deployer': { managed: ['preview-deploy'] },
      'sandbox-cleaner': { managed: ['sandbox-nuke'] },
    },
  },
};

// ---------------------------------------------------------------------------------------------------
// IAM's answers. Ids are made up from a hash of what they identify, with IAM's prefixes.

function fakeId(prefix: string, of: string, length = 17): string {
  const digest = createHash('sha256').update(of).digest();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let id = prefix;
  for (let index = 0; id.length < prefix.length + length; index += 1) {
    id += alphabet[(digest[index % digest.length] as number) % alphabet.length];
  }
  return id;
}

const AWS_MANAGED = new Set([
  'AdministratorAccess',
  'AmazonAthenaFullAccess',
  'AmazonEC2ContainerRegistryPowerUser',
  'AWSBillingReadOnlyAccess',
  'AWSOrganizationsReadOnlyAccess',
  'AWSSecurityHubReadOnlyAccess',
  'IAMReadOnlyAccess',
  'PowerUserAccess',
  'ReadOnlyAccess',
  'SecurityAudit',
]);

const document = (actions: string | readonly string[], resources: string | readonly string[] = '*'): string =>
  // IAM answers with documents URL-encoded.
  encodeURIComponent(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: actions, Resource: resources }],
    }),
  );

function policyArn(accountId: string, name: string, customer: readonly CustomerPolicySpec[]): string {
  const own = customer.find((policy) => policy.name === name);
  if (own) return `arn:aws:iam::${accountId}:policy${own.path ?? '/'}${name}`;
  if (!AWS_MANAGED.has(name)) throw new Error(`example account ${accountId}: no policy named ${name}`);
  return `arn:aws:iam::aws:policy/${name}`;
}

const pathOfArn = (arn: string): string => {
  const resource = arn.split(':')[5] ?? '';
  const parts = resource.split('/');
  return parts.length > 2 ? `/${parts.slice(1, -1).join('/')}/` : '/';
};

function accessKeys(accountId: string, row: CredentialReportRow): AccessKeyMetadata[] {
  return ([1, 2] as const).flatMap((slot) => {
    const created = row[`access_key_${slot}_last_rotated`];
    if (isAbsent(created)) return [];
    return [
      {
        UserName: row.user,
        AccessKeyId: fakeId('AKIA', `${accountId}/${row.user}/key${slot}`, 16),
        Status: row[`access_key_${slot}_active`] ? 'Active' : 'Inactive',
        CreateDate: created,
      },
    ];
  });
}

/**
 * The snapshot of one sample account on `date`: the report's users (the root user is no IAM user)
 * with what EXAMPLE_IAM gives them.
 */
export function exampleInventory(
  accountId: string,
  date: string,
  reportRows: readonly CredentialReportRow[],
): InventorySnapshot {
  const spec = EXAMPLE_IAM[accountId];
  if (spec === undefined) throw new Error(`example account ${accountId} has no IAM inventory`);
  const rows = reportRows.filter((row) => row.user !== ROOT_USER_NAME);
  const unknown = Object.keys(spec.users).filter((name) => !rows.some((row) => row.user === name));
  if (unknown.length > 0)
    throw new Error(`example account ${accountId}: no report row for ${unknown.join(', ')}`);
  const arnOf = (name: string): string => policyArn(accountId, name, spec.policies);
  const attached = (names: readonly string[] = []) =>
    names.map((name) => ({ PolicyName: name, PolicyArn: arnOf(name) }));

  const users: UserDetail[] = rows.map((row) => {
    const iam = spec.users[row.user] ?? {};
    for (const group of iam.groups ?? []) {
      if (!spec.groups.some((candidate) => candidate.name === group)) {
        throw new Error(`example account ${accountId}: user ${row.user} is in unknown group ${group}`);
      }
    }
    return {
      UserName: row.user,
      UserId: fakeId('AIDA', `${accountId}/user/${row.user}`),
      Arn: row.arn,
      Path: pathOfArn(row.arn),
      CreateDate: row.user_creation_time,
      GroupList: [...(iam.groups ?? [])],
      AttachedManagedPolicies: attached(iam.managed),
      UserPolicyList: (iam.inline ?? []).map((policy) => ({
        PolicyName: policy.name,
        PolicyDocument: document(policy.actions, policy.resources),
      })),
      Tags: Object.entries(iam.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
    };
  });
  const groups: GroupDetail[] = spec.groups.map((group) => ({
    GroupName: group.name,
    GroupId: fakeId('AGPA', `${accountId}/group/${group.name}`),
    Arn: `arn:aws:iam::${accountId}:group${group.path ?? '/'}${group.name}`,
    Path: group.path ?? '/',
    CreateDate: new Date(group.created),
    AttachedManagedPolicies: attached(group.managed),
    GroupPolicyList: (group.inline ?? []).map((policy) => ({
      PolicyName: policy.name,
      PolicyDocument: document(policy.actions, policy.resources),
    })),
  }));
  const attachments = (name: string): number =>
    [...users, ...groups].filter((holder) =>
      (holder.AttachedManagedPolicies ?? []).some((policy) => policy.PolicyName === name),
    ).length;
  const policies: ManagedPolicyDetail[] = spec.policies.map((policy) => ({
    PolicyName: policy.name,
    PolicyId: fakeId('ANPA', `${accountId}/policy/${policy.name}`),
    Arn: arnOf(policy.name),
    Path: policy.path ?? '/',
    DefaultVersionId: 'v1',
    AttachmentCount: attachments(policy.name),
    CreateDate: new Date(policy.created),
    UpdateDate: new Date(policy.updated ?? policy.created),
    PolicyVersionList: [
      {
        VersionId: 'v1',
        IsDefaultVersion: true,
        Document: document(policy.actions, policy.resources),
        CreateDate: new Date(policy.updated ?? policy.created),
      },
    ],
  }));
  const roles: RoleDetail[] = spec.roles.map((role) => ({
    RoleName: role.name,
    RoleId: fakeId('AROA', `${accountId}/role/${role.name}`),
    Arn: `arn:aws:iam::${accountId}:role${role.path ?? '/'}${role.name}`,
    Path: role.path ?? '/',
    CreateDate: new Date(role.created),
    AssumeRolePolicyDocument: encodeURIComponent(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: role.trust, Action: 'sts:AssumeRole' }],
      }),
    ),
    AttachedManagedPolicies: attached(role.managed),
    RolePolicyList: [],
    ...(role.lastUsed
      ? { RoleLastUsed: { LastUsedDate: new Date(role.lastUsed.at), Region: role.lastUsed.region } }
      : {}),
  }));
  return inventoryFromAuthorizationDetails({
    accountId,
    date,
    pages: [{ UserDetailList: users, GroupDetailList: groups, RoleDetailList: roles, Policies: policies }],
    accessKeys: new Map(rows.map((row) => [row.user, accessKeys(accountId, row)])),
  });
}

/** The snapshot's files by kind, each the exact text collect-inventory writes. */
export function exampleInventoryFiles(snapshot: InventorySnapshot): { kind: InventoryKind; text: string }[] {
  return inventorySnapshotFiles(snapshot).map(({ kind, text }) => ({ kind, text }));
}
