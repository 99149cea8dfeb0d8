import { GetAccountAuthorizationDetailsCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { ConfigError } from '@credential-tracker/core';
import {
  AssumeMemberRoleError,
  loadSettings,
  memberIamClients,
  runContext,
} from '@credential-tracker/core/aws';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { expect } from 'chai';
import { CollectInventoryError, collectInventory, collectInventorySettingsSchema } from '../src/handler.js';

const ACCOUNT = '210987654321';
const RUN = runContext('exec-1', new Date('2026-11-23T06:00:00Z'));
const SETTINGS = {
  bucket: 'tracker-reports',
  kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  memberRole: { roleName: 'credential-tracker-member' },
};
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/credential-tracker-member`;

const denied = () =>
  Object.assign(new Error('User is not authorized to perform this action'), { name: 'AccessDenied' });

describe('collect-inventory', () => {
  // Mocks on these instances only: the moto suites of other files keep the real clients.
  let iam: IAMClient;
  let s3: S3Client;
  let iamMock: AwsClientStub<IAMClient>;
  let s3Mock: AwsClientStub<S3Client>;

  beforeEach(() => {
    iam = new IAMClient({ region: 'us-east-1' });
    s3 = new S3Client({ region: 'us-east-1' });
    iamMock = mockClient(iam);
    s3Mock = mockClient(s3);
    iamMock
      .on(GetAccountAuthorizationDetailsCommand)
      .resolves({
        UserDetailList: [
          {
            UserName: 'alice',
            UserId: 'AIDAALICE',
            Arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
            Path: '/',
            CreateDate: new Date('2025-01-01T00:00:00Z'),
          },
        ],
        IsTruncated: false,
      })
      .on(ListAccessKeysCommand)
      .resolves({ AccessKeyMetadata: [], IsTruncated: false });
    s3Mock.on(PutObjectCommand).resolves({});
  });

  afterEach(() => {
    iamMock.restore();
    s3Mock.restore();
    s3.destroy();
  });

  const collect = () => collectInventory({ iamFor: () => Promise.resolve(iam), s3 }, SETTINGS, RUN, ACCOUNT);

  it('stores the snapshot and returns where it is, with the counts', async () => {
    // Act
    const result = await collect();

    // Assess
    expect(result).to.deep.equal({
      account_id: ACCOUNT,
      bucket: SETTINGS.bucket,
      prefix: 'inventory/date=2026-11-23/',
      users: 1,
      groups: 0,
      roles: 0,
      policies: 0,
    });
    expect(s3Mock.commandCalls(PutObjectCommand).map((call) => call.args[0].input.Key)).to.deep.equal([
      `inventory/date=2026-11-23/users/${ACCOUNT}.jsonl`,
      `inventory/date=2026-11-23/groups/${ACCOUNT}.jsonl`,
      `inventory/date=2026-11-23/roles/${ACCOUNT}.jsonl`,
      `inventory/date=2026-11-23/policies/${ACCOUNT}.jsonl`,
    ]);
  });

  it('names the account, the member role and the refused action on AccessDenied', async () => {
    // Prepare
    iamMock.on(GetAccountAuthorizationDetailsCommand).rejects(denied());

    // Act
    const failure = await collect().catch((error: unknown) => error);

    // Assess
    expect(failure).to.be.instanceOf(CollectInventoryError);
    expect(failure).to.include({ accountId: ACCOUNT });
    expect((failure as Error).message).to.equal(
      `account ${ACCOUNT}: the member role ${ROLE_ARN} may not call iam:GetAccountAuthorizationDetails (AccessDenied: User is not authorized to perform this action); deploy the member role policy of this version (policies/member-role-collector.json.tpl), which allows it`,
    );
    expect(s3Mock.commandCalls(PutObjectCommand)).to.have.length(0);
  });

  it('names ListAccessKeys when that is what the member role may not call', async () => {
    // Prepare
    iamMock.on(ListAccessKeysCommand).rejects(denied());

    // Act
    const failure = await collect().catch((error: unknown) => error);

    // Assess
    expect((failure as Error).message).to.match(
      new RegExp(
        `^account ${ACCOUNT}: the member role ${ROLE_ARN} may not call iam:ListAccessKeys \\(AccessDenied`,
      ),
    );
  });

  it('says which call failed, and as whom, on any other IAM error', async () => {
    // Prepare
    iamMock
      .on(GetAccountAuthorizationDetailsCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));

    // Act
    const failure = await collect().catch((error: unknown) => error);

    // Assess
    expect((failure as Error).message).to.equal(
      `account ${ACCOUNT}: iam:GetAccountAuthorizationDetails failed (Throttling: Rate exceeded) as ${ROLE_ARN}`,
    );
  });

  it('lets AssumeMemberRoleError out as it is: it names the account and the role already', async () => {
    // Prepare
    const sts = new STSClient({ region: 'us-east-1' });
    const stsMock = mockClient(sts);
    stsMock.on(AssumeRoleCommand).rejects(denied());

    // Act
    const failure = await collectInventory(
      { iamFor: memberIamClients(sts, SETTINGS.memberRole), s3 },
      SETTINGS,
      RUN,
      ACCOUNT,
    ).catch((error: unknown) => error);
    stsMock.restore();

    // Assess
    expect(failure).to.be.instanceOf(AssumeMemberRoleError);
    expect((failure as Error).message)
      .to.contain(ACCOUNT)
      .and.contain(ROLE_ARN);
  });

  it('stores nothing when IAM answers something the inventory cannot hold', async () => {
    // Prepare
    iamMock.on(GetAccountAuthorizationDetailsCommand).resolves({
      GroupDetailList: [
        {
          GroupName: 'ops',
          GroupId: 'AGPAOPS',
          Arn: `arn:aws:iam::${ACCOUNT}:group/ops`,
          CreateDate: new Date('2025-01-01T00:00:00Z'),
          GroupPolicyList: [{ PolicyName: 'broken', PolicyDocument: '%7B%22Statement' }],
        },
      ],
      IsTruncated: false,
    });

    // Act
    const failure = await collect().catch((error: unknown) => error);

    // Assess
    expect(failure).to.be.instanceOf(CollectInventoryError);
    expect((failure as Error).message).to.match(
      new RegExp(
        `^account ${ACCOUNT}: IAM's answers could not be made into an inventory \\(PolicyDocumentError: inline policy broken of group ops: `,
      ),
    );
    expect(s3Mock.commandCalls(PutObjectCommand)).to.have.length(0);
  });

  it('names the object and the key when S3 refuses the write', async () => {
    // Prepare
    s3Mock.on(PutObjectCommand).rejects(denied());

    // Act
    const failure = await collect().catch((error: unknown) => error);

    // Assess
    expect((failure as Error).message).to.equal(
      `account ${ACCOUNT}: writing s3://${SETTINGS.bucket}/inventory/date=2026-11-23/users/${ACCOUNT}.jsonl failed (AccessDenied: User is not authorized to perform this action); check the bucket policy and that the tracker's role may use the KMS key ${SETTINGS.kmsKeyArn}`,
    );
  });

  it("reads download-report's settings, and refuses bad ones all at once", () => {
    // Act
    const settings = loadSettings(collectInventorySettingsSchema, {
      MEMBER_ROLE_NAME: 'credential-tracker-member',
      MEMBER_ROLE_EXTERNAL_ID: ' ',
      REPORT_BUCKET: 'tracker-reports',
      REPORT_KMS_KEY_ARN: SETTINGS.kmsKeyArn,
    });
    const refuse = () => loadSettings(collectInventorySettingsSchema, { REPORT_KMS_KEY_ARN: 'alias/x' });

    // Assess
    expect(settings).to.deep.equal({
      MEMBER_ROLE_NAME: 'credential-tracker-member',
      MEMBER_ROLE_EXTERNAL_ID: undefined,
      REPORT_BUCKET: 'tracker-reports',
      REPORT_KMS_KEY_ARN: SETTINGS.kmsKeyArn,
    });
    expect(refuse).to.throw(ConfigError, /MEMBER_ROLE_NAME[\s\S]*REPORT_BUCKET[\s\S]*REPORT_KMS_KEY_ARN/);
  });
});
