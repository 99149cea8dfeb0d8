// Issue 19: a rotated-out key still carrying a workload is not switched off on the day its
// deactivation is due. moto records no key use, so the tests say when and where the old key was used.
import { CreateAccessKeyCommand, TagUserCommand } from '@aws-sdk/client-iam';
import { DAY_MS } from '@credential-tracker/core';
import { runContext } from '@credential-tracker/core/aws';
import { createRemediationWorld, useMotoSuite, type RemediationWorld } from '@credential-tracker/testing';
import { expect } from 'chai';
import { createHandler } from '../src/handler.js';

const FUNCTION = 'remediate-findings-ak-rotation';
const OWNER = 'alice.owner@example.com';
const HOUR_MS = 3_600_000;

describe('remediate-findings-ak-rotation against moto: an old key still in use', function () {
  this.timeout(60_000);
  const moto = useMotoSuite();
  let world: RemediationWorld;
  let aliceArn: string;
  let oldKey: string;
  const today = Date.now();

  beforeEach(async () => {
    world = await createRemediationWorld(moto.endpoint);
    aliceArn = await world.createUser('alice');
    await world.iam.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'email', Value: OWNER }] }));
    oldKey = (await world.iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey
      ?.AccessKeyId as string;
    world.ages.age(oldKey, 100);
  });
  afterEach(() => world.destroy());

  /** The workload signs with the old key until an hour before the run `days` after today. */
  const oldKeyUsedBefore = (days: number) =>
    world.ages.lastUsed(oldKey, {
      at: new Date(today + days * DAY_MS - HOUR_MS),
      service: 'dynamodb',
      region: 'eu-central-1',
    });

  /** A run `days` after today, enforcing, with alice's old key as its target while it is active. */
  const runAt = async (days: number, config: Readonly<Record<string, string>> = {}) => {
    const run = runContext(`run-${days}`, new Date(today + days * DAY_MS));
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
    moto.handlerEnvironment({ ...world.settings, CT_ENFORCE: 'true', ...config });
    const result = await createHandler(world.handlerClients())({ run, finding: 'ak-rotation', targets });
    const log = await world.actionLog(run, FUNCTION);
    const notices = JSON.stringify(await world.notices(run, FUNCTION));
    return { result, log, notices };
  };

  const statuses = async () => (await world.accessKeys('alice')).map((key) => [key.id, key.status]);

  it('holds the deactivation while the workload uses the old key, telling owner and ops each day, then deactivates it after max_in_use_hold_days; the deletion waits from its last use', async () => {
    // Prepare: the rotation creates the new key, which the workload never uses
    await runAt(0);
    const newKey = (await world.accessKeys('alice')).find((key) => key.id !== oldKey)?.id as string;

    // Act and assess: from day 16 (past grace_days 15) to day 45 the old key is held, every day said so
    for (const day of [16, 30, 45]) {
      oldKeyUsedBefore(day);
      const held = await runAt(day);
      expect(await statuses(), `day ${day}`).to.deep.equal([
        [oldKey, 'Active'],
        [newKey, 'Active'],
      ]);
      const line = held.log.find((row) => row.credential_id === oldKey);
      expect(line?.decision, `day ${day}`).to.equal('warned');
      expect(line?.reason).to.include(
        `still in use on ${new Date(today + day * DAY_MS - HOUR_MS).toISOString().slice(0, 10)} via dynamodb in eu-central-1`,
      );
      expect(line?.reason).to.include(`the new key ${newKey} was never used`);
      expect(line?.next_step).to.equal('deactivate_key');
      expect(held.result.alert_ops, `ops are told on day ${day}`).to.equal(true);
      expect(held.notices, `the owner is told on day ${day}`).to.include(OWNER);
      expect(held.notices).to.include('still in use');
    }

    // Act: on day 46 the hold (30 days after the deactivation was due on day 15) has ended
    oldKeyUsedBefore(46);
    const forced = await runAt(46);

    // Assess: deactivated in use, said so in the action log, with the way back
    expect(await statuses()).to.deep.equal([
      [oldKey, 'Inactive'],
      [newKey, 'Active'],
    ]);
    const deactivation = forced.log.find((row) => row.action === 'deactivate_key');
    expect(deactivation?.decision).to.equal('done');
    expect(deactivation?.reason).to.match(/policy wins and it is deactivated now, in use/);
    expect(deactivation?.reason).to.include(
      `aws iam update-access-key --user-name alice --access-key-id ${oldKey} --status Active`,
    );

    // Act and assess: not deleted at grace + delete_after (day 46 + 30 - 1 hour is the last use + 30)
    const early = await runAt(75);
    expect(early.log.filter((row) => row.action === 'delete_key')).to.deep.equal([]);
    expect((await world.accessKeys('alice')).map((key) => key.id)).to.deep.equal([oldKey, newKey]);
    const late = await runAt(77);
    expect(
      late.log.filter((row) => row.decision === 'done').map((row) => [row.action, row.credential_id]),
    ).to.deep.equal([['delete_key', oldKey]]);
    expect(await statuses()).to.deep.equal([[newKey, 'Active']]);
  });

  it('with CT_MAX_IN_USE_HOLD_DAYS=5 deactivates it on day 21', async () => {
    // Prepare
    await runAt(0);
    oldKeyUsedBefore(20);
    const config = { CT_MAX_IN_USE_HOLD_DAYS: '5' };

    // Act
    const held = await runAt(20, config);
    oldKeyUsedBefore(21);
    const forced = await runAt(21, config);

    // Assess
    expect(held.log.find((row) => row.credential_id === oldKey)?.decision).to.equal('warned');
    expect(forced.log.find((row) => row.credential_id === oldKey)?.decision).to.equal('done');
    expect((await statuses())[0]).to.deep.equal([oldKey, 'Inactive']);
  });

  it('with CT_NEVER_DEACTIVATE_IN_USE_KEYS=true never deactivates it while in use, and ops are told', async () => {
    // Prepare
    await runAt(0);
    oldKeyUsedBefore(200);

    // Act
    const held = await runAt(200, { CT_NEVER_DEACTIVATE_IN_USE_KEYS: 'true' });

    // Assess
    expect((await statuses())[0]).to.deep.equal([oldKey, 'Active']);
    const line = held.log.find((row) => row.credential_id === oldKey);
    expect(line?.decision).to.equal('warned');
    expect(line?.reason).to.match(/held until a human acts \(never_deactivate_in_use_keys\)/);
    expect(held.result.alert_ops).to.equal(true);
  });

  it('deactivates it on day 16 once the workload uses the new key, even though the old one was used yesterday', async () => {
    // Prepare
    await runAt(0);
    const newKey = (await world.accessKeys('alice')).find((key) => key.id !== oldKey)?.id as string;
    oldKeyUsedBefore(15);
    world.ages.lastUsed(newKey, {
      at: new Date(today + 15.5 * DAY_MS),
      service: 'dynamodb',
      region: 'eu-central-1',
    });

    // Act
    const switched = await runAt(16);

    // Assess
    expect(switched.log.find((row) => row.credential_id === oldKey)?.decision).to.equal('done');
    expect((await statuses())[0]).to.deep.equal([oldKey, 'Inactive']);
  });
});
