import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
  type IAMClient,
  type ManagedPolicyDetail,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import {
  INVENTORY_PERMISSIONS,
  inventoryKey,
  memberIamClients,
  permissionOfCommand,
  runContext,
} from '@credential-tracker/core/aws';
import {
  INVENTORY_KINDS,
  parseInventoryFile,
  type InventoryKind,
  type InventorySnapshot,
} from '@credential-tracker/core/inventory';
import {
  COLLECTOR_ROLE_NAME,
  REMEDIATION_ROLE_NAME,
  createMotoOrganization,
  motoOverrides,
  useMotoSuite,
  withMotoEnvironment,
} from '@credential-tracker/testing';
import { expect } from 'chai';
import { collectInventory, handler } from '../src/handler.js';

const BUCKET = 'tracker-reports';
// moto's S3 records the key id of SSE-KMS without resolving it.
const KMS_KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const RUN = runContext('daily-2026-11-23', new Date('2026-11-23T06:00:00Z'));
const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';

const allow = (Action: unknown, Resource: unknown) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action, Resource }] });

/**
 * moto's GetAccountAuthorizationDetails leaves PolicyName and PolicyId out of each customer managed
 * policy (its other answers have them): this middleware puts back the ones CreatePolicy returned, so
 * the walk reads what IAM would answer.
 */
function completeMotoPolicyDetails(
  iam: IAMClient,
  created: ReadonlyMap<string, { name: string; id: string }>,
) {
  iam.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'GetAccountAuthorizationDetailsCommand') {
        const policies = (result.output as { Policies?: ManagedPolicyDetail[] }).Policies ?? [];
        for (const policy of policies) {
          const known = created.get(policy.Arn ?? '');
          policy.PolicyName ??= known?.name;
          policy.PolicyId ??= known?.id;
        }
      }
      return result;
    },
    { step: 'initialize', name: 'ctCompleteMotoPolicyDetails' },
  );
  return iam;
}

/** Every IAM command the walk sends, as the permission it needs. */
function recordPermissions(iam: IAMClient, sent: Set<string>) {
  iam.middlewareStack.add(
    (next, context) => async (args) => {
      sent.add(permissionOfCommand('iam', context.commandName ?? ''));
      return next(args);
    },
    { step: 'initialize', name: 'ctRecordPermissions' },
  );
  return iam;
}

describe('collect-inventory against moto', function () {
  this.timeout(120_000);
  // AdministratorAccess must exist in moto to be attached.
  const moto = useMotoSuite({ awsManagedPolicies: true });
  let accountId: string;
  let created: Map<string, { name: string; id: string }>;
  let keys: { alice: string[]; bob: string };

  /** The account's IAM as a setup role (not the member role under test) sees it. */
  const setupIam = async (): Promise<IAMClient> => {
    const overrides = motoOverrides(moto.endpoint);
    return memberIamClients(
      new STSClient(overrides),
      { roleName: 'OrganizationAccountAccessRole' },
      overrides,
    )(accountId);
  };

  beforeEach(async () => {
    // Prepare: one member account, the bucket
    const org = await createMotoOrganization(moto.endpoint, {
      ous: {},
      accounts: [{ name: 'payments', users: [] }],
    });
    accountId = org.accountIds.payments as string;
    const s3 = new S3Client(motoOverrides(moto.endpoint));
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    s3.destroy();
    created = new Map();
  });

  /** Users with paths and tags, groups, inline, AWS managed and customer managed policies, a role, keys. */
  async function buildAccount(): Promise<void> {
    const iam = await setupIam();
    const everything = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'everything',
        Path: '/custom/',
        PolicyDocument: allow(['*'], '*'),
      }),
    );
    const reader = await iam.send(
      new CreatePolicyCommand({ PolicyName: 'read-only', PolicyDocument: allow('s3:Get*', '*') }),
    );
    for (const { Policy } of [everything, reader]) {
      created.set(Policy?.Arn as string, {
        name: Policy?.PolicyName as string,
        id: Policy?.PolicyId as string,
      });
    }
    const everythingArn = everything.Policy?.Arn as string;

    await iam.send(
      new CreateUserCommand({
        UserName: 'alice',
        Path: '/people/',
        Tags: [
          { Key: 'team', Value: 'payments' },
          { Key: 'credential-tracker:review', Value: ' Revoke ' },
        ],
      }),
    );
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    await iam.send(new CreateUserCommand({ UserName: 'carol' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'admins' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'ops' }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: ADMINISTRATOR_ACCESS }));
    await iam.send(
      new PutGroupPolicyCommand({
        GroupName: 'ops',
        PolicyName: 'break-glass',
        PolicyDocument: allow('*', ['*']),
      }),
    );
    await iam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: 'alice' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'ops', UserName: 'carol' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'alice',
        PolicyName: 'notes',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }],
        }),
      }),
    );
    await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: reader.Policy?.Arn }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: everythingArn }));

    await iam.send(
      new CreateRoleCommand({
        RoleName: 'deployer',
        Tags: [{ Key: 'owner', Value: 'platform' }],
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::444455556666:root', Service: ['codebuild.amazonaws.com'] },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'deployer',
        PolicyName: 'logs',
        PolicyDocument: allow('logs:*', '*'),
      }),
    );
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'deployer', PolicyArn: everythingArn }));

    const newKey = async (user: string) =>
      (await iam.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey?.AccessKeyId as string;
    keys = { alice: [await newKey('alice'), await newKey('alice')], bob: await newKey('bob') };
    await iam.send(
      new UpdateAccessKeyCommand({
        UserName: 'alice',
        AccessKeyId: keys.alice[0],
        Status: 'Inactive',
      }),
    );
    iam.destroy();
  }

  const readBack = async (kind: InventoryKind) => {
    const s3 = new S3Client(motoOverrides(moto.endpoint));
    try {
      const key = inventoryKey(RUN.date, accountId, kind);
      const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      const text = (await object.Body?.transformToString()) ?? '';
      return { object, text, records: parseInventoryFile(kind, text, key, { accountId }) };
    } finally {
      s3.destroy();
    }
  };

  const collect = async (sent = new Set<string>()) => {
    const overrides = motoOverrides(moto.endpoint);
    const memberIam = memberIamClients(
      new STSClient(overrides),
      { roleName: COLLECTOR_ROLE_NAME },
      overrides,
    );
    const s3 = new S3Client(overrides);
    try {
      return await collectInventory(
        {
          iamFor: async (account) =>
            recordPermissions(completeMotoPolicyDetails(await memberIam(account), created), sent),
          s3,
        },
        { bucket: BUCKET, kmsKeyArn: KMS_KEY_ARN, memberRole: { roleName: COLLECTOR_ROLE_NAME } },
        RUN,
        accountId,
      );
    } finally {
      s3.destroy();
    }
  };

  it('writes users, groups, roles and customer policies as IAM has them, SSE-KMS, the same again when unchanged', async () => {
    // Prepare
    await buildAccount();
    const sent = new Set<string>();

    // Act
    const result = await collect(sent);

    // Assess
    expect(result).to.deep.equal({
      account_id: accountId,
      bucket: BUCKET,
      prefix: `inventory/date=${RUN.date}/`,
      users: 3,
      groups: 2,
      // deployer, the two member roles and the OrganizationAccountAccessRole moto makes in a new account
      roles: 4,
      policies: 2,
    });
    const read = Object.fromEntries(
      await Promise.all(INVENTORY_KINDS.map(async (kind) => [kind, await readBack(kind)] as const)),
    ) as Record<InventoryKind, Awaited<ReturnType<typeof readBack>>>;
    for (const kind of INVENTORY_KINDS) {
      expect(read[kind].object.ServerSideEncryption, kind).to.equal('aws:kms');
      expect(read[kind].object.SSEKMSKeyId, kind).to.equal(KMS_KEY_ARN);
      expect(read[kind].text.endsWith('\n'), kind).to.be.true;
    }
    const records = (kind: InventoryKind) => read[kind].records as unknown as InventorySnapshot[typeof kind];

    const [alice, bob, carol] = records('users') as InventorySnapshot['users'];
    expect(alice).to.deep.include({
      user_name: 'alice',
      arn: `arn:aws:iam::${accountId}:user/people/alice`,
      path: '/people/',
      tags: [
        { key: 'credential-tracker:review', value: ' Revoke ' },
        { key: 'team', value: 'payments' },
      ],
      review: 'revoke',
      groups: ['admins'],
      attached_policies: ['read-only'],
      inline_policies: ['notes'],
      admin_equivalent: true,
      admin_sources: ['group:admins/managed:AdministratorAccess'],
    });
    expect(alice?.created_at).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(alice?.access_keys.map((key) => [key.access_key_id, key.status]).sort()).to.deep.equal(
      [
        [keys.alice[0], 'Inactive'],
        [keys.alice[1], 'Active'],
      ].sort(),
    );
    expect(bob).to.deep.include({
      review: null,
      attached_policies: ['everything'],
      admin_sources: ['managed:everything'],
      access_keys: [
        { access_key_id: keys.bob, status: 'Active', created_at: bob?.access_keys[0]?.created_at },
      ],
    });
    expect(carol).to.deep.include({ groups: ['ops'], admin_sources: ['group:ops/inline:break-glass'] });

    expect(
      (records('groups') as InventorySnapshot['groups']).map((group) => [
        group.group_name,
        group.members,
        group.attached_policies,
        group.inline_policies,
        group.admin_sources,
      ]),
    ).to.deep.equal([
      ['admins', ['alice'], ['AdministratorAccess'], [], ['managed:AdministratorAccess']],
      ['ops', ['carol'], [], ['break-glass'], ['inline:break-glass']],
    ]);

    const roles = records('roles') as InventorySnapshot['roles'];
    expect(roles.map((role) => role.role_name)).to.deep.equal([
      'OrganizationAccountAccessRole',
      COLLECTOR_ROLE_NAME,
      REMEDIATION_ROLE_NAME,
      'deployer',
    ]);
    // The walk's own use of the member role is recorded. moto keeps no region of a role's last use:
    // the unit tests cover last_used_region.
    expect(roles[1]?.last_used_at).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(roles[1]?.last_used_region).to.be.null;
    const deployer = roles.find((role) => role.role_name === 'deployer');
    expect(deployer).to.deep.include({
      path: '/',
      tags: [{ key: 'owner', value: 'platform' }],
      trust_principals: ['AWS:arn:aws:iam::444455556666:root', 'Service:codebuild.amazonaws.com'],
      // moto records no use of a role that nobody assumed
      last_used_at: null,
      last_used_region: null,
      service_linked: false,
      attached_policies: ['everything'],
      inline_policies: ['logs'],
      admin_equivalent: true,
      admin_sources: ['managed:everything'],
    });

    const policies = records('policies') as InventorySnapshot['policies'];
    expect(
      policies.map((policy) => [policy.policy_name, policy.path, policy.admin_equivalent]),
    ).to.deep.equal([
      ['everything', '/custom/', true],
      ['read-only', '/', false],
    ]);
    expect(policies[0]).to.deep.include({
      policy_id: [...created.values()].find((policy) => policy.name === 'everything')?.id,
      default_version_id: 'v1',
      attachment_count: 2,
      document: allow(['*'], '*'),
    });

    // The member role needs exactly what the walk declares
    expect([...sent].sort()).to.deep.equal([...INVENTORY_PERMISSIONS].sort());

    // Act again (in this test: moto takes seconds to reset with the AWS managed policies loaded)
    const first = await Promise.all(INVENTORY_KINDS.map(async (kind) => (await readBack(kind)).text));
    await collect();

    // Assess: the same bytes for the unchanged account, but for the member role's last use, which each
    // run makes and IAM (moto too) records
    const second = await Promise.all(INVENTORY_KINDS.map(async (kind) => (await readBack(kind)).text));
    const memberRoleLastUse = new RegExp(`("role_name":"${COLLECTOR_ROLE_NAME}".*?"last_used_at":)"[^"]+"`);
    const masked = (texts: string[]) => texts.map((text) => text.replace(memberRoleLastUse, '$1"…"'));
    expect(masked(second)).to.deep.equal(masked(first));
    expect(masked(first)[2]).to.contain('"last_used_at":"…"');
  });

  it("runs from its Lambda entry with download-report's settings", async () => {
    // Prepare: no customer managed policy, whose details moto's walk leaves incomplete
    const iam = await setupIam();
    await iam.send(new CreateUserCommand({ UserName: 'dave' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'admins' }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: ADMINISTRATOR_ACCESS }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: 'dave' }));
    iam.destroy();

    // Act
    const result = await withMotoEnvironment(
      moto.endpoint,
      { MEMBER_ROLE_NAME: COLLECTOR_ROLE_NAME, REPORT_BUCKET: BUCKET, REPORT_KMS_KEY_ARN: KMS_KEY_ARN },
      () => handler({ run: RUN, account_id: accountId }),
    );

    // Assess
    expect(result).to.deep.equal({
      account_id: accountId,
      bucket: BUCKET,
      prefix: `inventory/date=${RUN.date}/`,
      users: 1,
      groups: 1,
      // the two member roles and the OrganizationAccountAccessRole
      roles: 3,
      policies: 0,
    });
    const [dave] = (await readBack('users')).records as InventorySnapshot['users'];
    expect(dave).to.deep.include({
      user_name: 'dave',
      admin_sources: ['group:admins/managed:AdministratorAccess'],
    });
    expect((await readBack('policies')).text).to.equal('');
  });
});
