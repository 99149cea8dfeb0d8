import { CreateLoginProfileCommand, GetLoginProfileCommand, TagUserCommand } from '@aws-sdk/client-iam';
import { createRemediationWorld, useMotoSuite, type RemediationWorld } from '@credential-tracker/testing';
import { createHandler as createSummariseRun } from '@credential-tracker/fn-summarise-run';
import { expect } from 'chai';
import { createHandler } from '../src/handler.js';

describe('remediate-findings-cred-usage against moto', function () {
  this.timeout(60_000);
  const moto = useMotoSuite();
  let world: RemediationWorld;
  let arn: string;

  beforeEach(async () => {
    world = await createRemediationWorld(moto.endpoint);
    arn = await world.createUser('carol');
    await world.iam.send(new CreateLoginProfileCommand({ UserName: 'carol', Password: 'Correct-Horse-1' }));
    await world.iam.send(
      new TagUserCommand({ UserName: 'carol', Tags: [{ Key: 'email', Value: 'carol@example.com' }] }),
    );
    world.ages.age('login:carol', 50);
  });
  afterEach(() => world.destroy());

  const hasPassword = () =>
    world.iam.send(new GetLoginProfileCommand({ UserName: 'carol' })).then(
      () => true,
      () => false,
    );
  const runAt = async (days: number, enforce = true) => {
    const created = (
      await world.iam.send(new GetLoginProfileCommand({ UserName: 'carol' })).catch(() => undefined)
    )?.LoginProfile?.CreateDate;
    const rows = created
      ? [
          {
            account_id: world.accountId,
            user_name: 'carol',
            user_arn: arn,
            credential: 'password',
            created_at: created,
            last_used_at: null,
            days: 50 + days,
          },
        ]
      : [];
    return world.run({
      createHandler,
      finding: 'cred-usage',
      days,
      enforce,
      rows,
      environment: (settings) => moto.handlerEnvironment(settings),
    });
  };

  /** summarise-run, the run's last step: it sends the owners' digests the remediation queued. */
  const summarise = (run: Parameters<RemediationWorld['summarise']>[0]) =>
    world.summarise(run, createSummariseRun, (settings) => moto.handlerEnvironment(settings));

  it('warns about an unused console password, removes it past the grace period, once', async () => {
    const warned = await runAt(0);
    expect(warned.log.map((row) => row.decision)).to.deep.equal(['warned', 'notice_queued']);
    expect(await hasPassword()).to.equal(true);
    await summarise(warned.run);

    const removed = await runAt(11);
    expect(removed.log.map((row) => [row.decision, row.action])).to.deep.equal([
      ['done', 'delete_login_profile'],
      ['notice_queued', 'notify'],
    ]);
    expect(await hasPassword()).to.equal(false);
    expect(
      (await world.notices(removed.run, 'remediate-findings-cred-usage')).map((notice) => notice.items),
    ).to.deep.equal([
      [
        {
          result: 'done',
          credential: 'password',
          reason: removed.log[0]?.reason,
          next_step: null,
        },
      ],
    ]);
    await summarise(removed.run);
    const emails = await world.sentEmails();
    expect(emails.map((email) => email.destinations.ToAddresses)).to.deep.equal([
      ['carol@example.com'],
      ['carol@example.com'],
    ]);

    const again = await runAt(11);
    expect(again.log).to.deep.equal([]);
  });
});
