import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  TagUserCommand,
  UntagUserCommand,
} from '@aws-sdk/client-iam';
import { createRemediationWorld, useMotoSuite, type RemediationWorld } from '@credential-tracker/testing';
import { createHandler as createSummariseRun } from '@credential-tracker/fn-summarise-run';
import { expect } from 'chai';
import { createHandler } from '../src/handler.js';

describe('remediate-findings-review-revoke against moto', function () {
  this.timeout(60_000);
  const moto = useMotoSuite();
  let world: RemediationWorld;
  let arn: string;
  let keys: string[];

  // erin has a console password and two active keys, and her owner flagged her for removal.
  beforeEach(async () => {
    world = await createRemediationWorld(moto.endpoint);
    arn = await world.createUser('erin');
    await world.iam.send(new CreateLoginProfileCommand({ UserName: 'erin', Password: 'Correct-Horse-1' }));
    const createKey = async () =>
      (await world.iam.send(new CreateAccessKeyCommand({ UserName: 'erin' }))).AccessKey
        ?.AccessKeyId as string;
    keys = [await createKey(), await createKey()];
    await world.iam.send(
      new TagUserCommand({
        UserName: 'erin',
        Tags: [
          { Key: 'email', Value: 'erin-owner@example.com' },
          { Key: 'credential-tracker:review', Value: 'revoke' },
        ],
      }),
    );
  });
  afterEach(() => world.destroy());

  const hasPassword = () =>
    world.iam.send(new GetLoginProfileCommand({ UserName: 'erin' })).then(
      () => true,
      () => false,
    );
  const keyStatuses = async () => (await world.accessKeys('erin')).map((key) => key.status);

  /** The finding row review-revoke's query returns for erin: the user, dated by its creation. */
  const runWith = async (enforce: boolean, name?: string) => {
    const created = (await world.iam.send(new GetUserCommand({ UserName: 'erin' }))).User?.CreateDate as Date;
    return world.run({
      createHandler,
      finding: 'review-revoke',
      days: 0,
      enforce,
      ...(name ? { name } : {}),
      rows: [
        {
          account_id: world.accountId,
          user_name: 'erin',
          user_arn: arn,
          credential: 'user',
          created_at: created,
          last_used_at: null,
          days: null,
        },
      ],
      environment: (settings) => moto.handlerEnvironment(settings),
    });
  };

  const decisions = (log: readonly Record<string, string | null>[]) =>
    log.map((row) =>
      [row.decision, row.action ?? row.skip_reason, row.credential_id ?? row.credential]
        .filter(Boolean)
        .join(' '),
    );

  it('removes the console password and deactivates both keys with enforce on, logs each and queues the notice', async () => {
    // Act
    const revoked = await runWith(true);

    // Assess: nothing left to sign in or call AWS with
    expect(await hasPassword()).to.equal(false);
    expect(await keyStatuses()).to.deep.equal(['Inactive', 'Inactive']);
    expect(decisions(revoked.log)).to.have.members([
      'done delete_login_profile password',
      ...keys.map((key) => `done deactivate_key ${key}`),
      'notice_queued notify',
    ]);
    expect(revoked.log.every((row) => row.finding === 'review-revoke')).to.be.true;
    expect(revoked.log[0]?.reason).to.match(/tagged credential-tracker:review=revoke/);
    const notices = await world.notices(revoked.run, 'remediate-findings-review-revoke');
    expect(notices.map((notice) => [notice.address, notice.user_name])).to.deep.equal([
      ['erin-owner@example.com', 'erin'],
    ]);
    expect(
      (notices[0]?.items as { result: string; credential: string }[]).map((item) => item.result),
    ).to.deep.equal(['done', 'done', 'done']);
    expect((revoked.result as { actions_in_run: unknown }).actions_in_run).to.deep.equal({
      run: 3,
      by_account: { [world.accountId]: 3 },
    });

    // ... summarise-run sends the owner one digest
    await world.summarise(revoked.run, createSummariseRun, (settings) => moto.handlerEnvironment(settings));
    const emails = await world.sentEmails();
    expect(emails.map((email) => email.destinations.ToAddresses)).to.deep.equal([['erin-owner@example.com']]);

    // ... and a later run finds nothing left to disable
    const again = await runWith(true, 'run-again');
    expect(decisions(again.log)).to.deep.equal(['skipped already_inactive user']);
  });

  it('changes nothing with enforce off and logs every action as planned', async () => {
    // Act
    const planned = await runWith(false);

    // Assess
    expect(await hasPassword()).to.equal(true);
    expect(await keyStatuses()).to.deep.equal(['Active', 'Active']);
    expect(decisions(planned.log)).to.have.members([
      'planned delete_login_profile password',
      ...keys.map((key) => `planned deactivate_key ${key}`),
    ]);
    expect(planned.log).to.have.length(3);
    expect(await world.notices(planned.run, 'remediate-findings-review-revoke')).to.deep.equal([]);
  });

  it('leaves the user alone when the owner removed the tag after the inventory', async () => {
    // Prepare
    await world.iam.send(new UntagUserCommand({ UserName: 'erin', TagKeys: ['credential-tracker:review'] }));

    // Act
    const withdrawn = await runWith(true);

    // Assess
    expect(await hasPassword()).to.equal(true);
    expect(await keyStatuses()).to.deep.equal(['Active', 'Active']);
    expect(decisions(withdrawn.log)).to.deep.equal(['skipped review_withdrawn user']);
  });

  it('leaves a user exempt by tag alone, even with enforce on', async () => {
    // Prepare
    await world.iam.send(
      new TagUserCommand({ UserName: 'erin', Tags: [{ Key: 'credential-tracker:exempt', Value: 'true' }] }),
    );

    // Act
    const exempt = await runWith(true);

    // Assess
    expect(await hasPassword()).to.equal(true);
    expect(await keyStatuses()).to.deep.equal(['Active', 'Active']);
    expect(decisions(exempt.log)).to.deep.equal(['skipped exempt_tag user']);
  });
});
