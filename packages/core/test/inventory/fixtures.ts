// GetAccountAuthorizationDetails answers as IAM gives them (documents URL-encoded), for the unit tests.
import type { AccessKeyMetadata, ManagedPolicyDetail } from '@aws-sdk/client-iam';
import type { AuthorizationDetailsPage } from '../../src/inventory/index.js';

export const ACCOUNT = '111122223333';
export const DATE = '2026-11-23';
export const CREATED = new Date('2025-01-02T03:04:05Z');

/** IAM URL-encodes every policy document (RFC 3986). */
export const encoded = (document: unknown): string => encodeURIComponent(JSON.stringify(document));

const allow = (Action: unknown, Resource: unknown, extra: object = {}) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action, Resource, ...extra }],
});

export const ADMIN_DOCUMENT = allow(['s3:GetObject', '*'], ['*'], {
  Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
});
export const READ_ONLY_DOCUMENT = allow('s3:Get*', '*');
export const NOT_ACTION_DOCUMENT = {
  Version: '2012-10-17',
  Statement: { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
};
export const DENY_DOCUMENT = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }],
};

const policyArn = (name: string, path = '/') => `arn:aws:iam::${ACCOUNT}:policy${path}${name}`;
export const ADMINISTRATOR_ACCESS_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';

function customerPolicy(name: string, document: unknown, path = '/'): ManagedPolicyDetail {
  return {
    PolicyName: name,
    PolicyId: `ANPA${name.toUpperCase().replace(/[^A-Z]/g, '')}`,
    Arn: policyArn(name, path),
    Path: path,
    DefaultVersionId: 'v2',
    AttachmentCount: 1,
    IsAttachable: true,
    CreateDate: CREATED,
    UpdateDate: new Date('2025-06-01T00:00:00Z'),
    PolicyVersionList: [
      { VersionId: 'v1', IsDefaultVersion: false, Document: encoded(DENY_DOCUMENT), CreateDate: CREATED },
      { VersionId: 'v2', IsDefaultVersion: true, Document: encoded(document), CreateDate: CREATED },
    ],
  };
}

const attached = (name: string, path = '/') => ({ PolicyName: name, PolicyArn: policyArn(name, path) });

/** One page per kind, as a walk with a small MaxItems would get them. */
export function authorizationPages(): AuthorizationDetailsPage[] {
  return [
    {
      UserDetailList: [
        {
          UserName: 'bob',
          UserId: 'AIDABOB',
          Arn: `arn:aws:iam::${ACCOUNT}:user/bob`,
          Path: '/',
          CreateDate: CREATED,
          AttachedManagedPolicies: [attached('everything', '/custom/')],
          GroupList: [],
          Tags: [],
        },
        {
          UserName: 'alice',
          UserId: 'AIDAALICE',
          Arn: `arn:aws:iam::${ACCOUNT}:user/people/alice`,
          Path: '/people/',
          CreateDate: new Date('2024-03-04T05:06:07.123Z'),
          GroupList: ['readers', 'admins'],
          UserPolicyList: [{ PolicyName: 'notes', PolicyDocument: encoded(NOT_ACTION_DOCUMENT) }],
          AttachedManagedPolicies: [attached('read-only')],
          Tags: [
            { Key: 'team', Value: 'payments' },
            { Key: 'credential-tracker:review', Value: ' Revoke ' },
          ],
        },
      ],
    },
    {
      UserDetailList: [
        {
          UserName: 'carol',
          UserId: 'AIDACAROL',
          Arn: `arn:aws:iam::${ACCOUNT}:user/carol`,
          Path: '/',
          CreateDate: CREATED,
          GroupList: ['ops'],
          // A customer policy may be called AdministratorAccess: only AWS's own counts by name.
          AttachedManagedPolicies: [attached('AdministratorAccess')],
        },
      ],
      GroupDetailList: [
        {
          GroupName: 'admins',
          GroupId: 'AGPAADMINS',
          Arn: `arn:aws:iam::${ACCOUNT}:group/admins`,
          Path: '/',
          CreateDate: CREATED,
          AttachedManagedPolicies: [
            { PolicyName: 'AdministratorAccess', PolicyArn: ADMINISTRATOR_ACCESS_ARN },
          ],
          GroupPolicyList: [],
        },
        {
          GroupName: 'ops',
          GroupId: 'AGPAOPS',
          Arn: `arn:aws:iam::${ACCOUNT}:group/ops`,
          Path: '/',
          CreateDate: CREATED,
          GroupPolicyList: [{ PolicyName: 'break-glass', PolicyDocument: encoded(allow('*', '*')) }],
        },
        {
          GroupName: 'readers',
          GroupId: 'AGPAREADERS',
          Arn: `arn:aws:iam::${ACCOUNT}:group/readers`,
          Path: '/',
          CreateDate: CREATED,
          AttachedManagedPolicies: [attached('read-only')],
        },
      ],
    },
    {
      RoleDetailList: [
        {
          RoleName: 'deployer',
          RoleId: 'AROADEPLOYER',
          Arn: `arn:aws:iam::${ACCOUNT}:role/deployer`,
          Path: '/',
          CreateDate: CREATED,
          AssumeRolePolicyDocument: encoded({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: ['arn:aws:iam::444455556666:root', 'arn:aws:iam::444455556666:role/ci'] },
                Action: 'sts:AssumeRole',
                Condition: { StringEquals: { 'sts:ExternalId': 'x' } },
              },
              {
                Effect: 'Allow',
                Principal: { Service: 'codebuild.amazonaws.com' },
                Action: 'sts:AssumeRole',
              },
              {
                Effect: 'Deny',
                Principal: { AWS: 'arn:aws:iam::999999999999:root' },
                Action: 'sts:AssumeRole',
              },
            ],
          }),
          RolePolicyList: [{ PolicyName: 'deny-all', PolicyDocument: encoded(DENY_DOCUMENT) }],
          AttachedManagedPolicies: [attached('everything', '/custom/')],
          Tags: [{ Key: 'owner', Value: 'platform' }],
          RoleLastUsed: { LastUsedDate: new Date('2026-11-20T10:00:00Z'), Region: 'eu-west-1' },
        },
        {
          RoleName: 'AWSServiceRoleForSupport',
          RoleId: 'AROASUPPORT',
          Arn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport`,
          Path: '/aws-service-role/support.amazonaws.com/',
          CreateDate: CREATED,
          // moto and IAM may answer a trust policy decoded: taken as it is.
          AssumeRolePolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }],
          }),
          RoleLastUsed: {},
        },
      ],
      Policies: [
        customerPolicy('read-only', READ_ONLY_DOCUMENT),
        customerPolicy('everything', ADMIN_DOCUMENT, '/custom/'),
        customerPolicy('AdministratorAccess', READ_ONLY_DOCUMENT),
      ],
    },
  ];
}

export const accessKey = (id: string, status: 'Active' | 'Inactive', created: string): AccessKeyMetadata => ({
  AccessKeyId: id,
  Status: status,
  CreateDate: new Date(created),
});

export function accessKeys(): Map<string, AccessKeyMetadata[]> {
  return new Map([
    [
      'alice',
      [
        accessKey('AKIAALICE00000000002', 'Active', '2026-01-01T00:00:00Z'),
        accessKey('AKIAALICE00000000001', 'Inactive', '2025-01-01T00:00:00Z'),
      ],
    ],
    ['bob', [accessKey('AKIABOB0000000000001', 'Active', '2026-02-01T00:00:00Z')]],
  ]);
}
