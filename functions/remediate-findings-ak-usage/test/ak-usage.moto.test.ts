import { CreateAccessKeyCommand } from '@aws-sdk/client-iam';
import {
  createRemediationWorld,
  useMotoSuite,
  type RemediationWorld,
  type TargetRow,
} from '@credential-tracker/testing';
import { expect } from 'chai';
import { createHandler } from '../src/handler.js';

describe('remediate-findings-ak-usage against moto', function () {
  this.timeout(60_000);
  const moto = useMotoSuite();
  let world: RemediationWorld;
  let arn: string;
  let key: string;

  beforeEach(async () => {
    world = await createRemediationWorld(moto.endpoint);
    arn = await world.createUser('bob');
    key = (await world.iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }))).AccessKey
      ?.AccessKeyId as string;
    world.ages.age(key, 50);
  });
  afterEach(() => world.destroy());

  const runAt = async (days: number, enforce = true) => {
    const live = (await world.accessKeys('bob')).find((candidate) => candidate.id === key);
    const rows: TargetRow[] =
      live?.status === 'Active'
        ? [
            {
              account_id: world.accountId,
              user_name: 'bob',
              user_arn: arn,
              credential: 'access_key_1',
              created_at: live.created_at,
              last_used_at: null,
              days: 50 + days,
            },
          ]
        : [];
    return world.run({
      createHandler,
      finding: 'ak-usage',
      days,
      enforce,
      rows,
      environment: (settings) => moto.handlerEnvironment(settings),
    });
  };
  const statuses = async () => (await world.accessKeys('bob')).map((live) => live.status);

  it('warns about a key unused past unused_days, deactivates it past the grace period, deletes it later', async () => {
    const warned = await runAt(0);
    expect(warned.log.map((row) => row.decision)).to.deep.equal(['warned', 'not_notified']);
    // bob has no email tag and the run no fallback: nobody to queue a notice for.
    expect(await world.notices(warned.run, 'remediate-findings-ak-usage')).to.deep.equal([]);
    expect(await statuses()).to.deep.equal(['Active']);

    const deactivated = await runAt(11);
    expect(deactivated.log.filter((row) => row.decision === 'done').map((row) => row.action)).to.deep.equal([
      'deactivate_key',
    ]);
    expect(await statuses()).to.deep.equal(['Inactive']);

    const again = await runAt(11, true);
    expect(again.result.counts).to.include({ done: 0, failed: 0 });

    const deleted = await runAt(41);
    expect(
      deleted.log.filter((row) => row.decision === 'done').map((row) => [row.action, row.credential_id]),
    ).to.deep.equal([['delete_key', key]]);
    expect(await statuses()).to.deep.equal([]);
  });

  it('with enforce off plans the deactivation and leaves the key active', async () => {
    const planned = await runAt(11, false);
    expect(planned.log.map((row) => [row.decision, row.action])).to.deep.equal([
      ['planned', 'deactivate_key'],
    ]);
    expect(await statuses()).to.deep.equal(['Active']);
  });
});
