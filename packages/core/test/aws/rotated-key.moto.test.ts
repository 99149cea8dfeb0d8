import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  IAMClient,
  ListAccessKeysCommand,
} from '@aws-sdk/client-iam';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  PutResourcePolicyCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { motoOverrides, startFaultProxy, useMotoSuite, type FaultProxy } from '@credential-tracker/testing';
import { expect } from 'chai';
import {
  createAndStoreAccessKey,
  CreateAccessKeyFailedError,
  ForeignRotationSecretError,
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
    expect(
      await rotationSecretState(secrets, { userName: 'alice', userArn: target.userArn }, KMS_KEY),
    ).to.deep.include({
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
    expect(
      (await rotationSecretState(secrets, { userName: 'alice', userArn: target.userArn }, KMS_KEY))
        .stored_access_key_id,
    ).to.equal(second.accessKeyId);
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
    expect(
      await rotationSecretState(secrets, { userName: 'alice', userArn: target.userArn }, KMS_KEY),
      'no rotation left under way',
    ).to.deep.include({
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
      await rotationSecretState(secrets, { userName: 'alice', userArn: target.userArn }, KMS_KEY),
      'the mark the next run recognises the orphan by: it names the key IAM answered with',
    ).to.deep.include({
      stored_access_key_id: null,
      rotation_started_for: oldKeyId,
      rotation_created_key: error?.newAccessKeyId,
    });
  });
});

describe('createAndStoreAccessKey: secrets it did not make, and failed creates (moto)', function () {
  this.timeout(60_000);
  const moto = useMotoSuite();
  let iam: IAMClient;
  let secrets: SecretsManagerClient;
  let target: RotatedKeyTarget;

  beforeEach(async () => {
    iam = new IAMClient(motoOverrides(moto.endpoint));
    secrets = new SecretsManagerClient(motoOverrides(moto.endpoint));
    const user = await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    const oldKey = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }))).AccessKey
      ?.AccessKeyId as string;
    target = {
      userName: 'bob',
      userArn: user.User?.Arn as string,
      previousAccessKeyId: oldKey,
      kmsKeyId: KMS_KEY,
      adminPrincipals: [ADMIN],
    };
  });

  const keysOfBob = async () =>
    ((await iam.send(new ListAccessKeysCommand({ UserName: 'bob' }))).AccessKeyMetadata ?? []).map(
      (key) => key.AccessKeyId,
    );
  const attempt = () =>
    createAndStoreAccessKey({ iam, secrets }, target).then(
      () => undefined,
      (thrown: unknown) => thrown as Error,
    );

  const squats: [string, Record<string, unknown>, RegExp][] = [
    [
      'without the marker',
      { KmsKeyId: KMS_KEY },
      /has no credential-tracker:managed-by=credential-tracker tag/,
    ],
    [
      'with their own KMS key',
      {
        KmsKeyId: 'alias/attacker-key',
        Tags: [{ Key: 'credential-tracker:managed-by', Value: 'credential-tracker' }],
      },
      /encrypted with the KMS key alias\/attacker-key, not the tracker's/,
    ],
  ];
  for (const [how, secret, problem] of squats) {
    it(`refuses a credential-tracker/<user> somebody created first ${how}: no key created, the secret unchanged`, async () => {
      // Prepare
      await secrets.send(new CreateSecretCommand({ Name: 'credential-tracker/bob', ...secret }));
      const before = await secrets.send(new DescribeSecretCommand({ SecretId: 'credential-tracker/bob' }));

      // Act
      const error = await attempt();

      // Assess
      expect(error).to.be.instanceOf(ForeignRotationSecretError);
      expect(error?.message).to.match(problem);
      expect(await keysOfBob()).to.deep.equal([target.previousAccessKeyId]);
      const after = await secrets.send(new DescribeSecretCommand({ SecretId: 'credential-tracker/bob' }));
      expect(after.Tags ?? []).to.deep.equal(before.Tags ?? []);
      const policy = await secrets.send(new GetResourcePolicyCommand({ SecretId: 'credential-tracker/bob' }));
      expect(policy.ResourcePolicy, 'no policy written').to.equal(undefined);
      expect(
        (await rotationSecretState(secrets, { userName: 'bob', userArn: target.userArn }, KMS_KEY))
          .not_tracker_secret,
      ).to.match(problem);
    });
  }

  it('refuses a secret of its own whose resource policy someone replaced', async () => {
    // Prepare: a rotation, then a policy that lets someone else read
    await createAndStoreAccessKey({ iam, secrets }, target);
    await secrets.send(
      new PutResourcePolicyCommand({
        SecretId: 'credential-tracker/bob',
        ResourcePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::123456789012:user/mallory' },
              Action: 'secretsmanager:GetSecretValue',
              Resource: '*',
            },
          ],
        }),
      }),
    );
    const keys = await keysOfBob();

    // Act
    const error = await createAndStoreAccessKey(
      { iam, secrets },
      { ...target, previousAccessKeyId: keys[1] as string },
    ).then(
      () => undefined,
      (thrown: unknown) => thrown as Error,
    );

    // Assess
    expect(error).to.be.instanceOf(ForeignRotationSecretError);
    expect(error?.message).to.include('its resource policy is not the one the tracker writes');
    expect(await keysOfBob()).to.deep.equal(keys);
  });

  it('a failed CreateAccessKey clears the mark, so no later key is taken for a lost one', async () => {
    // Prepare: IAM answers CreateAccessKey with a ServiceFailure
    iam.middlewareStack.add(
      (next, context) => (args) =>
        context.commandName === 'CreateAccessKeyCommand'
          ? Promise.reject(new Error('ServiceFailure: injected'))
          : next(args),
      { step: 'initialize' },
    );

    // Act
    const error = await attempt();

    // Assess
    expect(error).to.be.instanceOf(CreateAccessKeyFailedError);
    expect(error?.message).to.include('ServiceFailure: injected');
    const state = await rotationSecretState(secrets, { userName: 'bob', userArn: target.userArn }, KMS_KEY);
    expect(state).to.deep.include({
      rotation_started_for: null,
      rotation_started_at: null,
      rotation_window_ends: null,
    });
    expect(await keysOfBob()).to.deep.equal([target.previousAccessKeyId]);
  });

  it('a CreateAccessKey that took effect but whose answer was lost: the key is deleted in the same invocation', async () => {
    // Prepare: the call reaches IAM, the answer does not come back
    iam.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'CreateAccessKeyCommand') throw new Error('socket hang up');
        return result;
      },
      { step: 'initialize' },
    );

    // Act
    const error = await attempt();

    // Assess
    expect(error).to.be.instanceOf(CreateAccessKeyFailedError);
    expect(await keysOfBob()).to.deep.equal([target.previousAccessKeyId]);
    const state = await rotationSecretState(secrets, { userName: 'bob', userArn: target.userArn }, KMS_KEY);
    expect(state.rotation_started_for).to.equal(null);
  });

  it('marks a rotation with its window before CreateAccessKey: the key IAM makes falls inside it', async () => {
    // Prepare: the process "dies" at CreateAccessKey's answer: IAM and Secrets Manager fail from then on
    let dead = false;
    for (const client of [iam, secrets] as { middlewareStack: IAMClient['middlewareStack'] }[]) {
      client.middlewareStack.add(
        (next, context) => async (args) => {
          if (dead) throw new Error('dead');
          const result = await next(args);
          if (context.commandName === 'CreateAccessKeyCommand') {
            dead = true;
            throw new Error('dead');
          }
          return result;
        },
        { step: 'initialize' },
      );
    }
    const started = Date.now();

    // Act
    const error = await attempt();

    // Assess: the mark stayed, the lost key is in its window, and the call returned only once the window closed
    expect(error).to.be.instanceOf(CreateAccessKeyFailedError);
    const reader = new SecretsManagerClient(motoOverrides(moto.endpoint));
    const state = await rotationSecretState(reader, { userName: 'bob', userArn: target.userArn }, KMS_KEY);
    const lost = (
      (await new IAMClient(motoOverrides(moto.endpoint)).send(new ListAccessKeysCommand({ UserName: 'bob' })))
        .AccessKeyMetadata ?? []
    ).find((key) => key.AccessKeyId !== target.previousAccessKeyId);
    expect(state.rotation_started_for).to.equal(target.previousAccessKeyId);
    const startedAt = state.rotation_started_at as Date;
    const windowEnds = state.rotation_window_ends as Date;
    expect(startedAt.getTime()).to.be.within(started - 1000, started + 5000);
    expect(lost?.CreateDate?.getTime()).to.be.below(windowEnds.getTime());
    expect(Date.now(), 'returned after the window closed').to.be.above(windowEnds.getTime());
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
        Sid: 'OnlyTheUserAndTheAdminsReadTheNewKey',
        Effect: 'Allow',
        Principal: { AWS: readers },
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: '*',
      },
      {
        Sid: 'NobodyElseReadsItWhateverTheirIdentityPolicySays',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalArn': readers } },
      },
    ]);
  });
});
