import { CreateAccessKeyCommand } from '@aws-sdk/client-iam';
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import {
  createRemediationWorld,
  useMotoSuite,
  type RemediationRunOptions,
  type RemediationWorld,
  type TargetRow,
  type WorldHandlerClients,
} from '@credential-tracker/testing';
import { expect } from 'chai';
import { createRemediationHandler } from '../src/index.js';

describe('remediation runner against moto: failures, blast radius, ops alerts', function () {
  this.timeout(60_000);
  const moto = useMotoSuite();
  let world: RemediationWorld;
  let published: PublishCommandInput[];

  beforeEach(async () => {
    world = await createRemediationWorld(moto.endpoint);
    published = [];
    world.sns.middlewareStack.add(
      (next, context) => (args) => {
        if (context.commandName === 'PublishCommand') published.push(args.input as PublishCommandInput);
        return next(args);
      },
      { step: 'initialize' },
    );
  });
  afterEach(() => world.destroy());

  /** Users each with one key unused for 61 days: ak-usage deactivates them. */
  const staleUsers = async (names: readonly string[]): Promise<TargetRow[]> => {
    const rows: TargetRow[] = [];
    for (const name of names) {
      const arn = await world.createUser(name);
      const key = (await world.iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey
        ?.AccessKeyId as string;
      world.ages.age(key, 61);
      const created = (await world.accessKeys(name))[0]?.created_at ?? null;
      rows.push({
        account_id: world.accountId,
        user_name: name,
        user_arn: arn,
        credential: 'access_key_1',
        created_at: created,
        last_used_at: null,
        days: 61,
      });
    }
    return rows;
  };

  const run = (
    rows: readonly TargetRow[],
    config: Record<string, string>,
    failFor?: string,
    options: Pick<RemediationRunOptions<unknown>, 'name' | 'actionsEarlierInRun'> = {},
  ) =>
    world.run({
      ...options,
      createHandler: (clients: WorldHandlerClients) =>
        createRemediationHandler('ak-usage', {
          ...clients,
          memberClients: (defaults) => async (accountId) => {
            const made = await clients.memberClients(defaults)(accountId);
            made.iam.middlewareStack.add(
              (next, context) => (args) =>
                context.commandName === 'UpdateAccessKeyCommand' &&
                (args.input as { UserName?: string }).UserName === failFor
                  ? Promise.reject(
                      Object.assign(new Error('IAM is having a bad day'), { name: 'ServiceFailure' }),
                    )
                  : next(args),
              { step: 'initialize' },
            );
            return made;
          },
        }),
      finding: 'ak-usage',
      days: 0,
      enforce: true,
      rows,
      config,
      environment: (settings) => moto.handlerEnvironment(settings),
    });

  it("logs one user's failed action, acts on the others and alerts ops with the failure", async () => {
    const rows = await staleUsers(['erin', 'frank', 'grace']);

    const { result, log } = await run(rows, {}, 'frank');

    expect(
      log.filter((row) => row.action === 'deactivate_key').map((row) => [row.user_name, row.decision]),
    ).to.deep.equal([
      ['erin', 'done'],
      ['frank', 'failed'],
      ['grace', 'done'],
    ]);
    expect(log.find((row) => row.user_name === 'frank' && row.decision === 'failed')?.detail).to.equal(
      'ServiceFailure: IAM is having a bad day',
    );
    expect((await world.accessKeys('frank')).map((key) => key.status)).to.deep.equal(['Active']);
    expect(result).to.deep.include({ alert_ops: true });
    // The failed write was attempted, so it counts against the limits with the two done
    expect(result.actions_in_run).to.deep.equal({ run: 3, by_account: { [world.accountId]: 3 } });
    expect(published).to.have.length(1);
    expect(published[0]?.TopicArn).to.equal(world.topicArn);
    expect(published[0]?.Message).to.include(
      `${world.accountId} frank deactivate_key: ServiceFailure: IAM is having a bad day`,
    );
    expect(published[0]?.Message).to.include('actions/date=');
  });

  it('stops at max_actions_per_run: the rest is deferred, untouched, and ops are alerted', async () => {
    const rows = await staleUsers(['erin', 'frank', 'grace']);

    const { result, log } = await run(rows, { CT_MAX_ACTIONS_PER_RUN: '2' });

    expect(
      log.filter((row) => row.action === 'deactivate_key').map((row) => [row.user_name, row.decision]),
    ).to.deep.equal([
      ['erin', 'done'],
      ['frank', 'done'],
      ['grace', 'deferred'],
    ]);
    expect((await world.accessKeys('grace')).map((key) => key.status)).to.deep.equal(['Active']);
    expect(result.counts).to.include({ done: 2, deferred: 1, failed: 0 });
    expect(result.alert_ops).to.equal(true);
    expect(published[0]?.Message).to.include('blast-radius limit');
  });

  it('counts the actions of the earlier remediations: together they stop at max_actions_per_run', async () => {
    // Prepare: a limit of 3 for the run; the first remediation takes 2 actions
    const limits = { CT_MAX_ACTIONS_PER_RUN: '3' };
    const first = await run(await staleUsers(['erin', 'frank']), limits, undefined, { name: 'daily-first' });
    expect(first.result.actions_in_run).to.deep.equal({ run: 2, by_account: { [world.accountId]: 2 } });
    expect(first.result.alert_ops).to.equal(false);

    // Act: the next one is handed those counts, as the state machine does
    const second = await run(await staleUsers(['grace', 'heidi']), limits, undefined, {
      name: 'daily-second',
      actionsEarlierInRun: first.result.actions_in_run,
    });

    // Assess: 1 more action fits, the other is deferred and left untouched, ops are alerted
    expect(
      second.log.filter((row) => row.action === 'deactivate_key').map((row) => [row.user_name, row.decision]),
    ).to.deep.equal([
      ['grace', 'done'],
      ['heidi', 'deferred'],
    ]);
    expect((await world.accessKeys('heidi')).map((key) => key.status)).to.deep.equal(['Active']);
    expect(second.result.actions_in_run).to.deep.equal({ run: 3, by_account: { [world.accountId]: 3 } });
    expect(second.result.alert_ops).to.equal(true);
    expect(published.map((message) => message.Message)).to.have.length(1);
    expect(published[0]?.Message).to.include('blast-radius limit');
  });

  it('sends no ops alert when nothing failed or was deferred', async () => {
    const rows = await staleUsers(['erin']);
    const { result } = await run(rows, {});
    expect(result).to.deep.include({ alert_ops: false });
    expect(published).to.deep.equal([]);
  });
});
