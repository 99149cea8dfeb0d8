import {
  GetAccountAuthorizationDetailsCommand,
  IAMClient,
  ListAccessKeysCommand,
  NoSuchEntityException,
  type GetAccountAuthorizationDetailsCommandInput,
  type ListAccessKeysCommandInput,
} from '@aws-sdk/client-iam';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { expect } from 'chai';
import {
  INVENTORY_PERMISSIONS,
  InventoryReadError,
  InventoryWriteError,
  permissionOfCommand,
  readAccessKeys,
  readAccountInventory,
  writeInventorySnapshot,
} from '../../src/aws/index.js';
import { ACCOUNT, DATE, accessKey, authorizationPages } from '../inventory/fixtures.js';

const DESTINATION = {
  bucket: 'tracker-reports',
  kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
};

const denied = () => Object.assign(new Error('not authorized'), { name: 'AccessDenied' });

describe('readAccountInventory', () => {
  // Mocks on these instances only: the moto suites of other files keep the real clients.
  let iam: IAMClient;
  let iamMock: AwsClientStub<IAMClient>;

  beforeEach(() => {
    iam = new IAMClient({ region: 'us-east-1' });
    iamMock = mockClient(iam);
  });

  afterEach(() => {
    iamMock.restore();
    iam.destroy();
  });

  it("walks every GetAccountAuthorizationDetails page with the four filters, then each user's keys", async () => {
    // Prepare: three pages, joined by their markers (the paginator reuses its input: copies are kept)
    const [first, second, third] = authorizationPages();
    const walks: unknown[] = [];
    const pageAfter: Record<string, object> = {
      '': { ...first, IsTruncated: true, Marker: 'm1' },
      m1: { ...second, IsTruncated: true, Marker: 'm2' },
      m2: { ...third, IsTruncated: false },
    };
    iamMock
      .on(GetAccountAuthorizationDetailsCommand)
      .callsFake((input: GetAccountAuthorizationDetailsCommandInput) => {
        walks.push(JSON.parse(JSON.stringify(input)));
        return pageAfter[input.Marker ?? ''];
      })
      .on(ListAccessKeysCommand)
      .resolves({ AccessKeyMetadata: [], IsTruncated: false })
      .on(ListAccessKeysCommand, { UserName: 'alice' })
      .resolves({
        AccessKeyMetadata: [accessKey('AKIAALICE00000000001', 'Active', '2026-01-01T00:00:00Z')],
        IsTruncated: true,
        Marker: 'k1',
      })
      .on(ListAccessKeysCommand, { UserName: 'alice', Marker: 'k1' })
      .resolves({
        AccessKeyMetadata: [accessKey('AKIAALICE00000000002', 'Inactive', '2026-02-01T00:00:00Z')],
        IsTruncated: false,
      });

    // Act
    const snapshot = await readAccountInventory(iam, ACCOUNT, DATE);

    // Assess
    expect(walks).to.deep.equal([
      { Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy'] },
      { Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy'], Marker: 'm1' },
      { Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy'], Marker: 'm2' },
    ]);
    expect(
      snapshot.users.map((user) => [user.user_name, user.access_keys.map((key) => key.access_key_id)]),
    ).to.deep.equal([
      ['alice', ['AKIAALICE00000000001', 'AKIAALICE00000000002']],
      ['bob', []],
      ['carol', []],
    ]);
    expect([snapshot.groups.length, snapshot.roles.length, snapshot.policies.length]).to.deep.equal([
      3, 2, 3,
    ]);
    // Every call the walk makes is a permission it declares
    const sent = iamMock.calls().map((call) => permissionOfCommand('iam', call.args[0].constructor.name));
    expect(INVENTORY_PERMISSIONS).to.include.members([...new Set(sent)]);
  });

  it('says which IAM action was refused', async () => {
    // Prepare
    iamMock.on(GetAccountAuthorizationDetailsCommand).rejects(denied());

    // Act
    const failure = await readAccountInventory(iam, ACCOUNT, DATE).catch((error: unknown) => error);

    // Assess
    expect(failure).to.be.instanceOf(InventoryReadError);
    expect(failure).to.include({ action: 'iam:GetAccountAuthorizationDetails' });
    expect((failure as Error).message).to.equal(
      'iam:GetAccountAuthorizationDetails failed (AccessDenied: not authorized)',
    );
  });

  describe('readAccessKeys', () => {
    it('reads a few users at a time, and no keys for a user deleted since the walk', async () => {
      // Prepare: each answer waits a little, so the calls overlap as far as they are let
      let inFlight = 0;
      let most = 0;
      iamMock.on(ListAccessKeysCommand).callsFake(async (input: ListAccessKeysCommandInput) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        if (input.UserName === 'user-3') throw new NoSuchEntityException({ message: 'gone', $metadata: {} });
        return {
          AccessKeyMetadata: [
            accessKey(
              `AKIA${String(input.UserName).toUpperCase().padEnd(16, '0')}`.slice(0, 20),
              'Active',
              '2026-01-01T00:00:00Z',
            ),
          ],
        };
      });
      const users = Array.from({ length: 10 }, (_, index) => `user-${index}`);

      // Act
      const keys = await readAccessKeys(iam, users, 3);

      // Assess
      expect(most).to.equal(3);
      expect([...keys.keys()].sort()).to.deep.equal(users);
      expect(keys.get('user-3')).to.deep.equal([]);
      expect(keys.get('user-4')).to.have.length(1);
    });

    it("names ListAccessKeys when a user's keys cannot be read", async () => {
      // Prepare
      iamMock.on(ListAccessKeysCommand).rejects(denied());

      // Act
      const failure = await readAccessKeys(iam, ['alice']).catch((error: unknown) => error);

      // Assess
      expect(failure).to.be.instanceOf(InventoryReadError);
      expect(failure).to.include({ action: 'iam:ListAccessKeys' });
    });
  });
});

describe('writeInventorySnapshot', () => {
  let s3: S3Client;
  let s3Mock: AwsClientStub<S3Client>;

  beforeEach(() => {
    s3 = new S3Client({ region: 'us-east-1' });
    s3Mock = mockClient(s3);
  });

  afterEach(() => {
    s3Mock.restore();
    s3.destroy();
  });

  const snapshot = {
    account_id: ACCOUNT,
    date: DATE,
    users: [],
    groups: [],
    roles: [],
    policies: [],
  };

  it('writes the four files, empty ones too, SSE-KMS with the report key', async () => {
    // Prepare
    s3Mock.on(PutObjectCommand).resolves({});

    // Act
    const stored = await writeInventorySnapshot(s3, DESTINATION, snapshot);

    // Assess
    const puts = s3Mock.commandCalls(PutObjectCommand).map((call) => call.args[0].input);
    expect(puts.map((put) => put.Key)).to.deep.equal(
      ['users', 'groups', 'roles', 'policies'].map(
        (kind) => `inventory/date=${DATE}/${kind}/${ACCOUNT}.jsonl`,
      ),
    );
    for (const put of puts) {
      expect(put).to.deep.include({
        Bucket: DESTINATION.bucket,
        Body: '',
        ContentLength: 0,
        ContentType: 'application/x-ndjson',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: DESTINATION.kmsKeyArn,
      });
    }
    expect(stored).to.deep.equal({
      bucket: DESTINATION.bucket,
      prefix: `inventory/date=${DATE}/`,
      counts: { users: 0, groups: 0, roles: 0, policies: 0 },
    });
  });

  it('names the object it could not write', async () => {
    // Prepare
    s3Mock.on(PutObjectCommand).rejects(denied());

    // Act
    const failure = await writeInventorySnapshot(s3, DESTINATION, snapshot).catch((error: unknown) => error);

    // Assess
    expect(failure).to.be.instanceOf(InventoryWriteError);
    expect((failure as Error).message).to.equal(
      `writing s3://${DESTINATION.bucket}/inventory/date=${DATE}/users/${ACCOUNT}.jsonl failed (AccessDenied: not authorized)`,
    );
  });
});
