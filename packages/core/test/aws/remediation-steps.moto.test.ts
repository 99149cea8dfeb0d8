import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListSigningCertificatesCommand,
  TagUserCommand,
  UploadSigningCertificateCommand,
  GetLoginProfileCommand,
} from '@aws-sdk/client-iam';
import { GetObjectCommand, CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { motoOverrides, signingCertificatePem, useMotoSuite } from '@credential-tracker/testing';
import { expect } from 'chai';
import {
  ACTION_PERMISSIONS,
  LIVE_STATE_PERMISSIONS,
  permissionOfCommand,
  ROTATION_STATE_PERMISSIONS,
  ACTION_LOG_COLUMNS,
  decisionLogRow,
  executeAction,
  readLiveUserState,
  rotatedKeyStore,
  runContext,
  userLogRow,
  writeActionLog,
} from '../../src/aws/index.js';
import type { Decision } from '../../src/remediation/index.js';

const KMS_KEY = 'alias/credential-tracker';

describe('remediation steps against moto: live state, actions, action log', function () {
  this.timeout(60_000);
  const moto = useMotoSuite();
  let iam: IAMClient;
  let secrets: SecretsManagerClient;
  let arn: string;

  beforeEach(async () => {
    iam = new IAMClient(motoOverrides(moto.endpoint));
    secrets = new SecretsManagerClient(motoOverrides(moto.endpoint));
    arn = (await iam.send(new CreateUserCommand({ UserName: 'alice' }))).User?.Arn as string;
  });
  afterEach(() => {
    iam.destroy();
    secrets.destroy();
  });

  const newKey = async () =>
    (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey?.AccessKeyId as string;
  const keyStatuses = async (): Promise<Record<string, string | undefined>> =>
    Object.fromEntries(
      ((await iam.send(new ListAccessKeysCommand({ UserName: 'alice' }))).AccessKeyMetadata ?? []).map(
        (key) => [key.AccessKeyId as string, key.Status as string | undefined],
      ),
    );

  it('reads keys, password, certificates, tags, groups and the rotation secret of a user', async () => {
    // Prepare
    const keyId = await newKey();
    await iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: 'Correct-Horse-1' }));
    const certificate = await iam.send(
      new UploadSigningCertificateCommand({ UserName: 'alice', CertificateBody: signingCertificatePem() }),
    );
    await iam.send(
      new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'email', Value: 'a@example.com' }] }),
    );
    await iam.send(new CreateGroupCommand({ GroupName: 'breakglass' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'breakglass', UserName: 'alice' }));

    // Act
    const state = await readLiveUserState(
      { iam, rotatedKeys: rotatedKeyStore(secrets) },
      '123456789012',
      'alice',
    );

    // Assess
    expect(state).to.deep.include({
      account_id: '123456789012',
      user_name: 'alice',
      user_arn: arn,
      tags: { email: 'a@example.com' },
      groups: ['breakglass'],
      rotation_secret: { stored_access_key_id: null, rotation_started_for: null },
    });
    expect(state?.access_keys.map((key) => [key.id, key.active, key.last_used_at])).to.deep.equal([
      [keyId, true, null],
    ]);
    expect(state?.login_profile?.last_used_at).to.equal(null);
    expect(state?.login_profile?.created_at).to.be.instanceOf(Date);
    expect(state?.signing_certificates.map((cert) => [cert.id, cert.active])).to.deep.equal([
      [certificate.Certificate?.CertificateId, true],
    ]);
  });

  it('reads a user without password as login_profile null, without Secrets Manager as rotation_secret null, a missing user as null', async () => {
    expect(await readLiveUserState({ iam }, '123456789012', 'alice')).to.deep.include({
      login_profile: null,
      rotation_secret: null,
      tags: {},
      groups: [],
    });
    expect(await readLiveUserState({ iam }, '123456789012', 'nobody')).to.equal(null);
  });

  it('deactivates and deletes a key once; the same action again is already done, not an error', async () => {
    const keyId = await newKey();
    const subject = { user_name: 'alice', user_arn: arn };
    const deactivate = { kind: 'deactivate_key', access_key_id: keyId } as const;
    const remove = { kind: 'delete_key', access_key_id: keyId } as const;

    expect((await executeAction({ iam }, subject, deactivate)).status).to.equal('done');
    expect(await keyStatuses()).to.deep.equal({ [keyId]: 'Inactive' });
    expect((await executeAction({ iam }, subject, deactivate)).status).to.equal('already_done');
    expect((await executeAction({ iam }, subject, remove)).status).to.equal('done');
    expect(await keyStatuses()).to.deep.equal({});
    expect((await executeAction({ iam }, subject, remove)).status).to.equal('already_done');
    expect((await executeAction({ iam }, subject, deactivate)).status).to.equal('already_done');
  });

  it('removes a login profile and deactivates a certificate idempotently', async () => {
    await iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: 'Correct-Horse-1' }));
    const certificateId = (
      await iam.send(
        new UploadSigningCertificateCommand({ UserName: 'alice', CertificateBody: signingCertificatePem() }),
      )
    ).Certificate?.CertificateId as string;
    const subject = { user_name: 'alice', user_arn: arn };
    const profile = { kind: 'delete_login_profile' } as const;
    const certificate = { kind: 'deactivate_certificate', certificate_id: certificateId } as const;

    expect((await executeAction({ iam }, subject, profile)).status).to.equal('done');
    const gone = await iam.send(new GetLoginProfileCommand({ UserName: 'alice' })).then(
      () => false,
      (error: Error) => error.name === 'NoSuchEntityException',
    );
    expect(gone, 'the login profile is deleted').to.equal(true);
    expect((await executeAction({ iam }, subject, profile)).status).to.equal('already_done');
    expect((await executeAction({ iam }, subject, certificate)).status).to.equal('done');
    const listed = await iam.send(new ListSigningCertificatesCommand({ UserName: 'alice' }));
    expect(listed.Certificates?.[0]?.Status).to.equal('Inactive');
    expect((await executeAction({ iam }, subject, certificate)).status).to.equal('already_done');
  });

  it('creates and stores a rotated key once: asked again, it finds the stored key and creates none', async () => {
    const oldKey = await newKey();
    const subject = { user_name: 'alice', user_arn: arn };
    const action = {
      kind: 'create_key_and_store',
      previous_access_key_id: oldKey,
      secret_name: 'credential-tracker/alice',
      secret_readers: [arn],
    } as const;

    const first = await executeAction({ iam, rotatedKeys: rotatedKeyStore(secrets) }, subject, action, {
      secretKmsKeyId: KMS_KEY,
    });
    const again = await executeAction({ iam, rotatedKeys: rotatedKeyStore(secrets) }, subject, action, {
      secretKmsKeyId: KMS_KEY,
    });

    expect(first.status).to.equal('done');
    expect(again).to.deep.equal({
      status: 'already_done',
      detail: `access key ${first.stored?.access_key_id} is already stored in credential-tracker/alice`,
      stored: first.stored,
    });
    expect(Object.keys(await keyStatuses())).to.have.length(2);
  });

  it('refuses a rotation without the secrets KMS key, before creating anything', async () => {
    const oldKey = await newKey();
    const action = {
      kind: 'create_key_and_store',
      previous_access_key_id: oldKey,
      secret_name: 'credential-tracker/alice',
      secret_readers: [arn],
    } as const;
    const error = await executeAction(
      { iam, rotatedKeys: rotatedKeyStore(secrets) },
      { user_name: 'alice', user_arn: arn },
      action,
    ).catch((caught: Error) => caught);
    expect(error).to.have.property('name', 'ActionNotPossibleError');
    expect(Object.keys(await keyStatuses())).to.deep.equal([oldKey]);
  });

  it('calls only the IAM and Secrets Manager actions declared for each step (the policies are written from them)', async () => {
    // Prepare: record every command the steps send
    const sent: string[] = [];
    const record =
      (service: 'iam' | 'secretsmanager') => (client: { middlewareStack: IAMClient['middlewareStack'] }) =>
        client.middlewareStack.add(
          (next, context) => (args) => {
            sent.push(permissionOfCommand(service, context.commandName ?? ''));
            return next(args);
          },
          { step: 'initialize' },
        );
    record('iam')(iam);
    record('secretsmanager')(secrets as unknown as IAMClient);
    const subject = { user_name: 'alice', user_arn: arn };
    const oldKey = await newKey();
    await iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: 'Correct-Horse-1' }));
    const certificateId = (
      await iam.send(
        new UploadSigningCertificateCommand({ UserName: 'alice', CertificateBody: signingCertificatePem() }),
      )
    ).Certificate?.CertificateId as string;
    const calls = async (step: () => Promise<unknown>) => {
      sent.length = 0;
      await step();
      return [...new Set(sent)];
    };

    // Act and Assess
    const readState = await calls(() =>
      readLiveUserState({ iam, rotatedKeys: rotatedKeyStore(secrets) }, '123456789012', 'alice'),
    );
    // No secret yet: DescribeSecret alone; its resource policy is read once it exists (below).
    expect(readState).to.have.members([...LIVE_STATE_PERMISSIONS, 'secretsmanager:DescribeSecret']);
    const steps = {
      create_key_and_store: {
        kind: 'create_key_and_store',
        previous_access_key_id: oldKey,
        secret_name: 'credential-tracker/alice',
        secret_readers: [arn],
      },
      clear_rotation_mark: { kind: 'clear_rotation_mark', previous_access_key_id: oldKey },
      deactivate_key: { kind: 'deactivate_key', access_key_id: oldKey },
      delete_key: { kind: 'delete_key', access_key_id: oldKey },
      delete_login_profile: { kind: 'delete_login_profile' },
      deactivate_certificate: { kind: 'deactivate_certificate', certificate_id: certificateId },
    } as const;
    for (const [kind, action] of Object.entries(steps)) {
      const used = await calls(() =>
        executeAction({ iam, rotatedKeys: rotatedKeyStore(secrets) }, subject, action, {
          secretKmsKeyId: KMS_KEY,
        }),
      );
      expect(ACTION_PERMISSIONS[kind as keyof typeof steps], kind).to.include.members(used);
    }
    const readWithSecret = await calls(() =>
      readLiveUserState({ iam, rotatedKeys: rotatedKeyStore(secrets) }, '123456789012', 'alice'),
    );
    expect(readWithSecret).to.have.members([...LIVE_STATE_PERMISSIONS, ...ROTATION_STATE_PERMISSIONS]);
  });

  it('writes every decision as one JSON line with every column, to actions/date=/run=/<function>.jsonl', async () => {
    const s3 = new S3Client(motoOverrides(moto.endpoint));
    await s3.send(new CreateBucketCommand({ Bucket: 'tracker' }));
    const run = runContext('exec-1', new Date('2026-11-23T06:00:00Z'));
    const scope = {
      run,
      function: 'remediate-findings-ak-usage',
      now: () => new Date('2026-11-23T06:01:00Z'),
    };
    const decision: Decision = {
      finding: 'ak-usage',
      account_id: '123456789012',
      user_name: 'alice',
      user_arn: arn,
      outcome: 'act',
      credential: 'access_key_1',
      credential_id: 'AKIAEXAMPLE',
      action: { kind: 'deactivate_key', access_key_id: 'AKIAEXAMPLE' },
      skip_reason: null,
      reason: 'unused',
      next_step: { action: 'delete_key', due_at: new Date('2026-12-23T06:00:00Z') },
    };

    const written = await writeActionLog(s3, 'tracker', scope, [
      decisionLogRow(scope, decision, { decision: 'failed', detail: 'AccessDenied' }),
      userLogRow(scope, decision, 'not_notified', 'no address'),
    ]);

    expect(written).to.deep.equal({
      bucket: 'tracker',
      key: 'actions/date=2026-11-23/run=exec-1/remediate-findings-ak-usage.jsonl',
    });
    const text = await (
      await s3.send(new GetObjectCommand({ Bucket: 'tracker', Key: written.key }))
    ).Body?.transformToString();
    const rows = (text ?? '')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows.map((row) => Object.keys(row))).to.deep.equal([
      [...ACTION_LOG_COLUMNS],
      [...ACTION_LOG_COLUMNS],
    ]);
    expect(rows[0]).to.include({
      decision: 'failed',
      action: 'deactivate_key',
      detail: 'AccessDenied',
      next_step: 'delete_key',
      next_step_due_at: '2026-12-23T06:00:00.000Z',
      time: '2026-11-23T06:01:00.000Z',
    });
    expect(rows[1]).to.include({ decision: 'not_notified', action: 'notify', credential: null });
    s3.destroy();
  });
});
