// Issue 4, item 5: one digest per owner per run. Two remediation functions queue notices for the same
// owner; summarise-run, the run's last step, sends that owner exactly one email holding both.
import { CreateAccessKeyCommand, CreateLoginProfileCommand, TagUserCommand } from '@aws-sdk/client-iam';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { noticesKey } from '@credential-tracker/core/aws';
import { createRemediationHandler } from '@credential-tracker/remediation';
import {
  createRemediationWorld,
  NOTIFY_FROM,
  TRACKER_BUCKET,
  useMotoSuite,
  type RemediationWorld,
  type TargetRow,
  type WorldHandlerClients,
} from '@credential-tracker/testing';
import { expect } from 'chai';
import { createHandler, type RunSummary } from '../src/handler.js';

const OWNER = 'erin.owner@example.com';

describe('summarise-run sends one digest per owner against moto', function () {
  this.timeout(60_000);
  const moto = useMotoSuite();
  let world: RemediationWorld;
  let rows: { keys: TargetRow[]; password: TargetRow[] };

  beforeEach(async () => {
    world = await createRemediationWorld(moto.endpoint);
    // erin: a key unused for 61 days (ak-usage deactivates it) and a console password unused for 50
    // days (cred-usage warns), both findings of the same run, both for the same owner.
    const arn = await world.createUser('erin');
    await world.iam.send(new TagUserCommand({ UserName: 'erin', Tags: [{ Key: 'email', Value: OWNER }] }));
    const key = (await world.iam.send(new CreateAccessKeyCommand({ UserName: 'erin' }))).AccessKey
      ?.AccessKeyId as string;
    world.ages.age(key, 61);
    const profile = await world.iam.send(
      new CreateLoginProfileCommand({ UserName: 'erin', Password: 'Correct-Horse-1' }),
    );
    world.ages.age('login:erin', 50);
    const user = { account_id: world.accountId, user_name: 'erin', user_arn: arn, last_used_at: null };
    rows = {
      keys: [
        {
          ...user,
          credential: 'access_key_1',
          created_at: (await world.accessKeys('erin'))[0]?.created_at ?? null,
          days: 61,
        },
      ],
      password: [
        { ...user, credential: 'password', created_at: profile.LoginProfile?.CreateDate ?? null, days: 50 },
      ],
    };
  });
  afterEach(() => world.destroy());

  const remediate = (finding: 'ak-usage' | 'cred-usage', targets: readonly TargetRow[]) =>
    world.run({
      createHandler: (clients: WorldHandlerClients) => createRemediationHandler(finding, clients),
      finding,
      days: 0,
      enforce: true,
      rows: targets,
      name: 'daily',
      environment: (settings) => moto.handlerEnvironment(settings),
    });

  const summary = async (key: string): Promise<RunSummary> => {
    const object = await world.s3.send(new GetObjectCommand({ Bucket: TRACKER_BUCKET, Key: key }));
    return JSON.parse((await object.Body?.transformToString()) ?? '') as RunSummary;
  };

  it('merges the notices of two remediation functions into one email to their owner', async () => {
    // Prepare: both remediations queue a notice for erin's owner, and send nothing themselves
    const usage = await remediate('ak-usage', rows.keys);
    const credentials = await remediate('cred-usage', rows.password);
    expect([usage.run.run_id, usage.run.date]).to.deep.equal([credentials.run.run_id, credentials.run.date]);
    expect(usage.log.filter((row) => row.action === 'notify').map((row) => row.decision)).to.deep.equal([
      'notice_queued',
    ]);
    expect(credentials.result.counts).to.include({ warned: 1, notice_queued: 1 });
    expect(await world.sentEmails()).to.deep.equal([]);

    // Act
    const result = await world.summarise(usage.run, createHandler, (settings) =>
      moto.handlerEnvironment(settings),
    );

    // Assess
    const emails = await world.sentEmails();
    expect(emails).to.have.length(1);
    expect(emails[0]?.source).to.equal(NOTIFY_FROM);
    expect(emails[0]?.destinations.ToAddresses).to.deep.equal([OWNER]);
    expect(emails[0]?.subject).to.equal('credential-tracker: 2 credential changes for your IAM users');
    const usageReason = usage.log.find((row) => row.action === 'deactivate_key')?.reason as string;
    const passwordReason = credentials.log.find((row) => row.decision === 'warned')?.reason as string;
    expect(emails[0]?.body).to.include('[Done]').and.include('[Needs your attention] password');
    // The HTML body escapes what it quotes; the reasons are plain words and dates.
    expect(emails[0]?.body).to.include(usageReason).and.include(passwordReason);
    expect(result.notifications).to.deep.equal({
      sent_from: NOTIFY_FROM,
      notice_files: 2,
      owners: 1,
      notified: 1,
      failed: 0,
      invalid_files: [],
    });
    expect((await summary(result.key)).notifications).to.deep.equal(result.notifications);
  });

  it('reports an invalid notices file and sends none of it, the valid ones all the same', async () => {
    // Prepare: ak-usage's valid notice, and a notices file that is not what a remediation writes
    const usage = await remediate('ak-usage', rows.keys);
    const forged = noticesKey(usage.run.date, usage.run.run_id, 'remediate-findings-cred-usage');
    await world.s3.send(
      new PutObjectCommand({
        Bucket: TRACKER_BUCKET,
        Key: forged,
        Body: `${JSON.stringify({ address: OWNER, account_id: world.accountId, user_name: 'erin', items: [], SecretAccessKey: 'x' })}\n`,
      }),
    );

    // Act
    const result = await world.summarise(usage.run, createHandler, (settings) =>
      moto.handlerEnvironment(settings),
    );

    // Assess
    expect(result.notifications).to.deep.include({ notice_files: 2, owners: 1, notified: 1, failed: 0 });
    expect(result.notifications.invalid_files).to.have.length(1);
    expect(result.notifications.invalid_files[0]?.key).to.equal(forged);
    expect(result.notifications.invalid_files[0]?.error).to.match(/^NoticesFileError: line 1: /);
    const emails = await world.sentEmails();
    expect(emails).to.have.length(1);
    expect(emails[0]?.subject).to.equal('credential-tracker: 1 credential change for your IAM users');
  });

  it('without NOTIFY_FROM sends nothing and says so in the summary', async () => {
    // Prepare
    const usage = await remediate('ak-usage', rows.keys);

    // Act
    const result = await world.summarise(usage.run, createHandler, (settings) =>
      moto.handlerEnvironment({ ...settings, NOTIFY_FROM: '' }),
    );

    // Assess
    expect(await world.sentEmails()).to.deep.equal([]);
    expect(result.notifications).to.deep.include({
      sent_from: null,
      note: 'NOTIFY_FROM is not set: no owner digest was sent',
      owners: 1,
      notified: 0,
    });
    expect((await summary(result.key)).notifications?.note).to.equal(
      'NOTIFY_FROM is not set: no owner digest was sent',
    );
  });

  it('counts a send SES refuses and still writes and publishes the summary', async () => {
    // Prepare: a sender that SES never verified
    const usage = await remediate('ak-usage', rows.keys);

    // Act
    const result = await world.summarise(usage.run, createHandler, (settings) =>
      moto.handlerEnvironment({ ...settings, NOTIFY_FROM: 'unverified@example.com' }),
    );

    // Assess
    expect(result.notifications).to.deep.include({ owners: 1, notified: 0, failed: 1 });
    expect(result.message_id).to.match(/^[0-9a-f-]{36}$/);
    expect(await world.sentEmails()).to.deep.equal([]);
  });
});
