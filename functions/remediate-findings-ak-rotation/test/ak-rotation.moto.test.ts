import { CreateAccessKeyCommand, TagUserCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { GetResourcePolicyCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { DAY_MS } from '@credential-tracker/core';
import { rotatedKeySecretPolicy, runContext } from '@credential-tracker/core/aws';
import {
  createRemediationWorld,
  NOTIFY_FROM,
  useMotoSuite,
  type RemediationWorld,
} from '@credential-tracker/testing';
import { createHandler as createSummariseRun } from '@credential-tracker/fn-summarise-run';
import { expect } from 'chai';
import { createHandler } from '../src/handler.js';

const FUNCTION = 'remediate-findings-ak-rotation';
const OWNER = 'alice.owner@example.com';

describe('remediate-findings-ak-rotation against moto', function () {
  this.timeout(60_000);
  const moto = useMotoSuite();
  let world: RemediationWorld;
  let aliceArn: string;
  let oldKey: string;

  beforeEach(async () => {
    world = await createRemediationWorld(moto.endpoint);
    aliceArn = await world.createUser('alice');
    await world.iam.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'email', Value: OWNER }] }));
    oldKey = (await world.iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey
      ?.AccessKeyId as string;
    world.ages.age(oldKey, 100);
  });
  afterEach(() => world.destroy());

  /** A run `days` after today, with alice's old key as its target, as the finding query returns it. */
  const runAt = async (days: number, enforce: boolean, name = `run-${days}`) => {
    const run = runContext(name, new Date(Date.now() + days * DAY_MS));
    const old = (await world.accessKeys('alice')).find((key) => key.id === oldKey);
    const rows =
      old?.status === 'Active'
        ? [
            {
              account_id: world.accountId,
              user_name: 'alice',
              user_arn: aliceArn,
              credential: 'access_key_1',
              created_at: old.created_at,
              last_used_at: null,
              days: 100 + days,
            },
          ]
        : [];
    const targets = await world.writeTargets(run, 'ak-rotation', rows);
    await world.storeReport(run);
    moto.handlerEnvironment({ ...world.settings, CT_ENFORCE: String(enforce) });
    const handler = createHandler(world.handlerClients());
    const result = await handler({ run, finding: 'ak-rotation', targets });
    return { run, result, log: await world.actionLog(run, FUNCTION) };
  };

  it('rotates a 100-day-old key: a stored new key, then the old one deactivated, then deleted', async () => {
    // Act 1: the first run creates the new key and stores it
    const first = await runAt(0, true);

    // Assess 1
    const keys = await world.accessKeys('alice');
    const newKey = keys.find((key) => key.id !== oldKey)?.id as string;
    expect(keys.map((key) => [key.id, key.status])).to.deep.equal([
      [oldKey, 'Active'],
      [newKey, 'Active'],
    ]);
    const secret = JSON.parse(
      (await world.secrets.send(new GetSecretValueCommand({ SecretId: 'credential-tracker/alice' })))
        .SecretString as string,
    ) as Record<string, string>;
    expect(secret.AccessKeyId).to.equal(newKey);
    expect(secret.PreviousAccessKeyId).to.equal(oldKey);
    const policy = await world.secrets.send(
      new GetResourcePolicyCommand({ SecretId: 'credential-tracker/alice' }),
    );
    expect(JSON.parse(policy.ResourcePolicy as string)).to.deep.equal(
      JSON.parse(rotatedKeySecretPolicy(aliceArn, [])),
    );
    expect(first.result.counts).to.include({ done: 1, failed: 0, notice_queued: 1 });
    expect(first.log.map((row) => [row.decision, row.action, row.credential_id])).to.deep.equal([
      ['done', 'create_key_and_store', oldKey],
      ['notice_queued', 'notify', null],
    ]);
    // The remediation only queues the notice; summarise-run, the run's last step, emails the owner.
    const notices = await world.notices(first.run, FUNCTION);
    expect(notices.map((notice) => [notice.address, notice.user_name])).to.deep.equal([[OWNER, 'alice']]);
    expect(await world.sentEmails()).to.deep.equal([]);
    const summarised = await world.summarise(first.run, createSummariseRun, (settings) =>
      moto.handlerEnvironment(settings),
    );
    expect(summarised.notifications).to.include({ owners: 1, notified: 1, failed: 0 });
    const emails = await world.sentEmails();
    expect(emails).to.have.length(1);
    expect(emails[0]?.source).to.equal(NOTIFY_FROM);
    expect(emails[0]?.destinations.ToAddresses).to.deep.equal([OWNER]);
    const deactivation = new Date(Date.parse(first.run.as_of) + 15 * DAY_MS).toISOString().slice(0, 10);
    expect(emails[0]?.body).to.include(
      'aws secretsmanager get-secret-value --secret-id credential-tracker/alice',
    );
    expect(emails[0]?.body).to.include(`deactivate key after ${deactivation}`);

    // Act 2: the same day again changes nothing
    const again = await runAt(0, true, 'run-0-again');
    expect(again.result.counts).to.include({ done: 0, already_done: 0, failed: 0 });
    expect((await world.accessKeys('alice')).map((key) => key.status)).to.deep.equal(['Active', 'Active']);

    // Act 3: past the grace period the old key is deactivated
    const third = await runAt(16, true);
    expect(third.result.counts).to.include({ done: 1, failed: 0 });
    expect((await world.accessKeys('alice')).map((key) => [key.id, key.status])).to.deep.equal([
      [oldKey, 'Inactive'],
      [newKey, 'Active'],
    ]);

    // Act 4: before the deletion date nothing; past it (grace 15 + delete 30) the old key is deleted
    const early = await runAt(40, true);
    expect(early.result.counts).to.include({ done: 0 });
    const fourth = await runAt(46, true);
    expect(
      fourth.log.filter((row) => row.decision === 'done').map((row) => [row.action, row.credential_id]),
    ).to.deep.equal([['delete_key', oldKey]]);
    expect((await world.accessKeys('alice')).map((key) => [key.id, key.status])).to.deep.equal([
      [newKey, 'Active'],
    ]);
  });

  it('with enforce off changes nothing in IAM and logs the same decisions as planned', async () => {
    const planned = await runAt(0, false);

    expect((await world.accessKeys('alice')).map((key) => [key.id, key.status])).to.deep.equal([
      [oldKey, 'Active'],
    ]);
    expect(planned.log.map((row) => [row.decision, row.action, row.credential_id])).to.deep.equal([
      ['planned', 'create_key_and_store', oldKey],
    ]);
    expect(await world.notices(planned.run, FUNCTION)).to.deep.equal([]);
    await world.summarise(planned.run, createSummariseRun, (settings) => moto.handlerEnvironment(settings));
    expect(await world.sentEmails()).to.deep.equal([]);
    expect(planned.result).to.deep.include({ enforce: false, alert_ops: false });
  });

  it('counts for the run the delete that failed, not the new key it left unattempted', async () => {
    // Prepare: an inactive key, idle long enough, blocks the rotation: it is deleted first, and IAM fails that
    const blocking = (await world.iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey
      ?.AccessKeyId as string;
    await world.iam.send(
      new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: blocking, Status: 'Inactive' }),
    );
    world.ages.age(blocking, 400);
    const run = runContext('blocked', new Date());
    const old = (await world.accessKeys('alice')).find((key) => key.id === oldKey);
    const targets = await world.writeTargets(run, 'ak-rotation', [
      {
        account_id: world.accountId,
        user_name: 'alice',
        user_arn: aliceArn,
        credential: 'access_key_1',
        created_at: old?.created_at ?? null,
        last_used_at: null,
        days: 100,
      },
    ]);
    await world.storeReport(run);
    moto.handlerEnvironment({ ...world.settings, CT_ENFORCE: 'true' });
    const handler = createHandler(
      world.handlerClients((iam) => {
        iam.middlewareStack.add(
          (next, context) => (args) =>
            context.commandName === 'DeleteAccessKeyCommand'
              ? Promise.reject(
                  Object.assign(new Error('IAM is having a bad day'), { name: 'ServiceFailure' }),
                )
              : next(args),
          { step: 'initialize' },
        );
      }),
    );

    // Act
    const result = await handler({
      run,
      finding: 'ak-rotation',
      targets,
      actions_earlier_in_run: { run: 2, by_account: { '100000000009': 2 } },
    });

    // Assess
    const log = await world.actionLog(run, FUNCTION);
    const steps = log.filter((row) => row.action === 'delete_key' || row.action === 'create_key_and_store');
    expect(steps.map((row) => [row.action, row.decision])).to.deep.equal([
      ['delete_key', 'failed'],
      ['create_key_and_store', 'failed'],
    ]);
    expect(steps[1]?.detail).to.match(/^not attempted/);
    expect(result.actions_in_run).to.deep.equal({
      run: 3,
      by_account: { '100000000009': 2, [world.accountId]: 1 },
    });
  });
});
