import { expect } from 'chai';
import {
  AuthorizationDetailsError,
  PolicyDocumentError,
  inventoryFromAuthorizationDetails,
  inventorySnapshotFiles,
  type AuthorizationDetailsPage,
} from '../../src/inventory/index.js';
import {
  ACCOUNT,
  ADMIN_DOCUMENT,
  DATE,
  accessKey,
  accessKeys,
  authorizationPages,
  encoded,
} from './fixtures.js';

const snapshotOf = (pages = authorizationPages(), keys = accessKeys()) =>
  inventoryFromAuthorizationDetails({ accountId: ACCOUNT, date: DATE, pages, accessKeys: keys });

describe('inventoryFromAuthorizationDetails', () => {
  it('makes a user record: path, created, tags, review, groups, keys, policies and admin sources', () => {
    // Act
    const alice = snapshotOf().users.find((user) => user.user_name === 'alice');

    // Assess
    expect(alice).to.deep.equal({
      account_id: ACCOUNT,
      user_name: 'alice',
      user_id: 'AIDAALICE',
      arn: `arn:aws:iam::${ACCOUNT}:user/people/alice`,
      path: '/people/',
      created_at: '2024-03-04T05:06:07.123Z',
      tags: [
        { key: 'credential-tracker:review', value: ' Revoke ' },
        { key: 'team', value: 'payments' },
      ],
      review: 'revoke',
      groups: ['admins', 'readers'],
      access_keys: [
        { access_key_id: 'AKIAALICE00000000001', status: 'Inactive', created_at: '2025-01-01T00:00:00.000Z' },
        { access_key_id: 'AKIAALICE00000000002', status: 'Active', created_at: '2026-01-01T00:00:00.000Z' },
      ],
      attached_policies: ['read-only'],
      inline_policies: ['notes'],
      // Only through the admins group: her NotAction inline policy and read-only grant less.
      admin_equivalent: true,
      admin_sources: ['group:admins/managed:AdministratorAccess'],
    });
  });

  it('finds administrator access through customer policies, inline policies and groups', () => {
    // Act
    const { users, groups, roles } = snapshotOf();
    const sources = Object.fromEntries(
      [...users, ...groups, ...roles].map((holder) => [
        'user_name' in holder
          ? holder.user_name
          : 'group_name' in holder
            ? holder.group_name
            : holder.role_name,
        [holder.admin_equivalent, holder.admin_sources],
      ]),
    );

    // Assess
    expect(sources).to.deep.equal({
      alice: [true, ['group:admins/managed:AdministratorAccess']],
      // A customer managed policy allowing ["s3:GetObject", "*"] on ["*"] under a Condition
      bob: [true, ['managed:everything']],
      // A customer policy named AdministratorAccess that only reads is not AWS's AdministratorAccess
      carol: [true, ['group:ops/inline:break-glass']],
      admins: [true, ['managed:AdministratorAccess']],
      ops: [true, ['inline:break-glass']],
      readers: [false, []],
      // A Deny * on * inline policy does not hide the grant of the attached one
      deployer: [true, ['managed:everything']],
      AWSServiceRoleForSupport: [false, []],
    });
  });

  it('lists each group with its members, sorted, from the users the walk saw', () => {
    // Act
    const { groups } = snapshotOf();

    // Assess
    expect(groups.map((group) => [group.group_name, group.members, group.attached_policies])).to.deep.equal([
      ['admins', ['alice'], ['AdministratorAccess']],
      ['ops', ['carol'], []],
      ['readers', ['alice'], ['read-only']],
    ]);
  });

  it('makes role records: trust principals flattened, last use, service-linked', () => {
    // Act
    const { roles } = snapshotOf();

    // Assess
    expect(roles.map((role) => role.role_name)).to.deep.equal(['AWSServiceRoleForSupport', 'deployer']);
    expect(roles[1]).to.deep.equal({
      account_id: ACCOUNT,
      role_name: 'deployer',
      role_id: 'AROADEPLOYER',
      arn: `arn:aws:iam::${ACCOUNT}:role/deployer`,
      path: '/',
      created_at: '2025-01-02T03:04:05.000Z',
      tags: [{ key: 'owner', value: 'platform' }],
      // Allow statements only: the Deny's principal may not assume the role
      trust_principals: [
        'AWS:arn:aws:iam::444455556666:role/ci',
        'AWS:arn:aws:iam::444455556666:root',
        'Service:codebuild.amazonaws.com',
      ],
      last_used_at: '2026-11-20T10:00:00.000Z',
      last_used_region: 'eu-west-1',
      service_linked: false,
      attached_policies: ['everything'],
      inline_policies: ['deny-all'],
      admin_equivalent: true,
      admin_sources: ['managed:everything'],
    });
    expect(roles[0]).to.deep.include({
      trust_principals: ['AWS:*'],
      last_used_at: null,
      last_used_region: null,
      service_linked: true,
    });
  });

  it('keeps each customer managed policy with its default version, decoded as compact JSON', () => {
    // Act
    const { policies } = snapshotOf();

    // Assess
    expect(policies.map((policy) => [policy.policy_name, policy.admin_equivalent])).to.deep.equal([
      ['AdministratorAccess', false],
      ['everything', true],
      ['read-only', false],
    ]);
    expect(policies[1]).to.deep.equal({
      account_id: ACCOUNT,
      policy_name: 'everything',
      policy_id: 'ANPAEVERYTHING',
      arn: `arn:aws:iam::${ACCOUNT}:policy/custom/everything`,
      path: '/custom/',
      created_at: '2025-01-02T03:04:05.000Z',
      updated_at: '2025-06-01T00:00:00.000Z',
      default_version_id: 'v2',
      attachment_count: 1,
      document: JSON.stringify(ADMIN_DOCUMENT),
      admin_equivalent: true,
    });
  });

  it('reads an unchanged account byte for byte the same, whatever order IAM answered in', () => {
    // Prepare: the same entities, in other pages and another order
    const pages = authorizationPages();
    const all = (key: keyof AuthorizationDetailsPage) =>
      pages.flatMap((page) => (page[key] ?? []) as never[]);
    const reshuffled: AuthorizationDetailsPage[] = [
      { Policies: all('Policies').reverse(), RoleDetailList: all('RoleDetailList').reverse() },
      { GroupDetailList: all('GroupDetailList').reverse() },
      { UserDetailList: all('UserDetailList').reverse() },
    ];
    const keys = new Map([...accessKeys()].reverse().map(([user, list]) => [user, [...list].reverse()]));

    // Act
    const first = inventorySnapshotFiles(snapshotOf());
    const second = inventorySnapshotFiles(snapshotOf(reshuffled, keys));

    // Assess
    expect(second).to.deep.equal(first);
    expect(first.map((file) => [file.kind, file.records])).to.deep.equal([
      ['users', 3],
      ['groups', 3],
      ['roles', 2],
      ['policies', 3],
    ]);
  });

  it('gives a user without a review tag null, and lower-cases and trims the tag otherwise', () => {
    // Act
    const { users } = snapshotOf();

    // Assess
    expect(users.map((user) => [user.user_name, user.review])).to.deep.equal([
      ['alice', 'revoke'],
      ['bob', null],
      ['carol', null],
    ]);
  });

  it('refuses answers without what every answer has, naming the entity', () => {
    // Prepare
    const pages = authorizationPages();
    delete pages[0]?.UserDetailList?.[0]?.Arn;

    // Assess
    expect(() => snapshotOf(pages)).to.throw(AuthorizationDetailsError, /without the ARN of user bob/);
  });

  it('refuses an access key status other than Active or Inactive', () => {
    // Prepare
    const keys = new Map([
      [
        'bob',
        [
          {
            ...accessKey('AKIABOB0000000000001', 'Active', '2026-01-01T00:00:00Z'),
            Status: 'Expired' as const,
          },
        ],
      ],
    ]);

    // Assess
    expect(() => snapshotOf(authorizationPages(), keys)).to.throw(
      AuthorizationDetailsError,
      /access key AKIABOB0000000000001 of user bob has the status Expired/,
    );
  });

  it('names the policy whose document is not JSON', () => {
    // Prepare
    const pages = authorizationPages();
    const group = pages[1]?.GroupDetailList?.[1];
    if (group) group.GroupPolicyList = [{ PolicyName: 'broken', PolicyDocument: encoded('x').slice(0, -3) }];

    // Assess
    expect(() => snapshotOf(pages)).to.throw(PolicyDocumentError, /^inline policy broken of group ops: /);
  });
});
