import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  IAMClient,
  ListAccessKeysCommand,
} from '@aws-sdk/client-iam';
import {
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { motoOverrides, startFaultProxy, useMotoSuite, type FaultProxy } from '@credential-tracker/testing';
import { expect } from 'chai';
import {
  createAndStoreAccessKey,
  rotatedKeySecretPolicy,
  RotatedKeyNotStoredError,
  rotationSecretState,
  ROTATION_STARTED_TAG,
  STORED_KEY_TAG,
  type RotatedKeyTarget,
} from '../../src/aws/index.js';

const KMS_KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ADMIN = 'arn:aws:iam::123456789012:role/security-admin';
// What an AWS secret access key looks like: 40 characters of base64.
const SECRET_ACCESS_KEY_SHAPE = /[A-Za-z0-9/+]{40}/;

describe('createAndStoreAccessKey against moto', function () {
  this.timeout(60_000);
  const moto = useMotoSuite();
  let iam: IAMClient;
  let secrets: SecretsManagerClient;
  let oldKeyId: string;
  let target: RotatedKeyTarget;
  let proxy: FaultProxy | undefined;

  beforeEach(async () => {
    iam = new IAMClient(motoOverrides(moto.endpoint));
    secrets = new SecretsManagerClient(motoOverrides(moto.endpoint));
    const user = await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    oldKeyId = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey
      ?.AccessKeyId as string;
    target = {
      userName: 'alice',
      userArn: user.User?.Arn as string,
      previousAccessKeyId: oldKeyId,
      kmsKeyId: KMS_KEY,
      adminPrincipals: [ADMIN],
    };
  });

  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });

  const keysOfAlice = async () =>
    ((await iam.send(new ListAccessKeysCommand({ UserName: 'alice' }))).AccessKeyMetadata ?? []).map(
      (key) => ({
        id: key.AccessKeyId,
        status: key.Status,
      }),
    );

  /** A Secrets Manager client of moto whose `command` fails, after `onFail`, as a disabled KMS key makes it. */
  const failingOn = (command: string, onFail: () => void): SecretsManagerClient => {
    const client = new SecretsManagerClient(motoOverrides(moto.endpoint));
    client.middlewareStack.add(
      (next, context) => (args) => {
        if (context.commandName !== command) return next(args);
        onFail();
        return Promise.reject(new Error('AccessDeniedException: the KMS key is disabled'));
      },
      { step: 'initialize' },
    );
    return client;
  };

  const secretValue = async () =>
    JSON.parse(
      (await secrets.send(new GetSecretValueCommand({ SecretId: 'credential-tracker/alice' })))
        .SecretString as string,
    ) as Record<string, unknown>;

  it('stores the new key in credential-tracker/<user>, encrypted, readable only as the policy says', async () => {
    // Act
    const stored = await createAndStoreAccessKey({ iam, secrets }, target);

    // Assess
    const described = await secrets.send(new DescribeSecretCommand({ SecretId: 'credential-tracker/alice' }));
    const policy = await secrets.send(new GetResourcePolicyCommand({ SecretId: 'credential-tracker/alice' }));
    const value = await secretValue();
    expect(stored).to.deep.include({ secretName: 'credential-tracker/alice', secretArn: described.ARN });
    expect(Object.keys(stored), 'the secret access key is never returned').to.have.members([
      'accessKeyId',
      'secretName',
      'secretArn',
      'createdAt',
    ]);
    expect(await keysOfAlice()).to.have.deep.members([
      { id: oldKeyId, status: 'Active' },
      { id: stored.accessKeyId, status: 'Active' },
    ]);
    // Compared without the secret access key, so a failing assertion never prints one.
    const { SecretAccessKey: secretAccessKey, ...rest } = value;
    expect(rest).to.deep.equal({
      AccessKeyId: stored.accessKeyId,
      CreatedAt: stored.createdAt,
      PreviousAccessKeyId: oldKeyId,
    });
    expect(SECRET_ACCESS_KEY_SHAPE.test(String(secretAccessKey)), 'a secret access key is stored').to.equal(
      true,
    );
    expect(described.KmsKeyId).to.equal(KMS_KEY);
    expect(described.Tags).to.deep.include({ Key: STORED_KEY_TAG, Value: stored.accessKeyId });
    expect(described.Tags?.map((tag) => tag.Key)).not.to.include(ROTATION_STARTED_TAG);
    expect(JSON.parse(policy.ResourcePolicy as string)).to.deep.equal(
      JSON.parse(rotatedKeySecretPolicy(target.userArn, [ADMIN])),
    );
    expect(await rotationSecretState(secrets, 'alice')).to.deep.equal({
      stored_access_key_id: stored.accessKeyId,
      rotation_started_for: null,
    });
  });

  it('replaces the value and the key tag of an existing secret at the next rotation', async () => {
    // Prepare: a first rotation, whose old key was later deleted on schedule (IAM allows two keys)
    const first = await createAndStoreAccessKey({ iam, secrets }, target);
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: oldKeyId }));

    // Act
    const second = await createAndStoreAccessKey(
      { iam, secrets },
      { ...target, previousAccessKeyId: first.accessKeyId },
    );

    // Assess
    expect(second.secretArn).to.equal(first.secretArn);
    const { AccessKeyId, PreviousAccessKeyId } = await secretValue();
    expect({ AccessKeyId, PreviousAccessKeyId }).to.deep.equal({
      AccessKeyId: second.accessKeyId,
      PreviousAccessKeyId: first.accessKeyId,
    });
    expect((await rotationSecretState(secrets, 'alice')).stored_access_key_id).to.equal(second.accessKeyId);
  });

  it('deletes the new key at once when it cannot be stored, and leaves the old key as it was', async () => {
    // Prepare: Secrets Manager refuses the value once the key exists
    const failingSecrets = failingOn('PutSecretValueCommand', () => undefined);

    // Act
    const error = await createAndStoreAccessKey({ iam, secrets: failingSecrets }, target).then(
      () => undefined,
      (thrown: unknown) => thrown as RotatedKeyNotStoredError,
    );

    // Assess
    expect(error).to.be.instanceOf(RotatedKeyNotStoredError);
    expect(error?.newKeyDeleted).to.equal(true);
    expect(error?.message).to.match(
      /^storing the new access key AKIA\w+ of alice in credential-tracker\/alice failed \(.+\); the new key was deleted and the old key left as it was; the next run tries again$/,
    );
    expect(SECRET_ACCESS_KEY_SHAPE.test(error?.message ?? ''), 'no secret in the message').to.equal(false);
    expect(await keysOfAlice()).to.deep.equal([{ id: oldKeyId, status: 'Active' }]);
    expect(await rotationSecretState(secrets, 'alice'), 'no rotation left under way').to.deep.equal({
      stored_access_key_id: null,
      rotation_started_for: null,
    });
  });

  it('creates no key when the secret cannot be made ready first', async () => {
    // Prepare
    const failingSecrets = failingOn('PutResourcePolicyCommand', () => undefined);

    // Act
    const error = await createAndStoreAccessKey({ iam, secrets: failingSecrets }, target).then(
      () => undefined,
      (thrown: unknown) => thrown as Error,
    );

    // Assess
    expect(error?.message).to.equal('AccessDeniedException: the KMS key is disabled');
    expect(error).not.to.be.instanceOf(RotatedKeyNotStoredError);
    expect(await keysOfAlice()).to.deep.equal([{ id: oldKeyId, status: 'Active' }]);
  });

  it('says so when the new key could be neither stored nor deleted, for the next run to find', async () => {
    // Prepare: Secrets Manager refuses the value, and IAM answers 500 from then on (a crash does the same)
    proxy = await startFaultProxy({ target: moto.endpoint, rate: 0, kinds: ['server-error'] });
    const flakyIam = new IAMClient({ ...motoOverrides(proxy.endpoint), maxAttempts: 1 });
    const failingSecrets = failingOn('PutSecretValueCommand', () => proxy?.setRate(1));

    // Act
    const error = await createAndStoreAccessKey({ iam: flakyIam, secrets: failingSecrets }, target).then(
      () => undefined,
      (thrown: unknown) => thrown as RotatedKeyNotStoredError,
    );

    // Assess
    expect(error?.newKeyDeleted).to.equal(false);
    expect(error?.message).to.include('the KMS key is disabled');
    expect(error?.message).to.include(
      'deleting the new key failed too: the next run finds it unstored and deletes it',
    );
    const keys = await keysOfAlice();
    expect(keys).to.have.length(2);
    expect(keys).to.deep.include({ id: error?.newAccessKeyId, status: 'Active' });
    expect(
      await rotationSecretState(secrets, 'alice'),
      'the mark the next run recognises the orphan by',
    ).to.deep.equal({
      stored_access_key_id: null,
      rotation_started_for: oldKeyId,
    });
  });
});

describe('rotatedKeySecretPolicy', () => {
  it('lets the user and the admins read the secret and denies GetSecretValue to every other principal', () => {
    // Act
    const policy = JSON.parse(rotatedKeySecretPolicy('arn:aws:iam::111111111111:user/alice', [ADMIN])) as {
      Statement: Record<string, unknown>[];
    };

    // Assess
    const readers = ['arn:aws:iam::111111111111:user/alice', ADMIN];
    expect(policy.Statement).to.deep.equal([
      {
        Sid: 'OwnerAndAdminsRead',
        Effect: 'Allow',
        Principal: { AWS: readers },
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: '*',
      },
      {
        Sid: 'NobodyElseReads',
        Effect: 'Deny',
        Principal: '*',
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalArn': readers } },
      },
    ]);
  });
});
