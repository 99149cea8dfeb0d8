// The rotation as a hostile tester tries it, with the real handler against moto and enforce on: a
// user's own key after a failed or a timed-out rotation is never deleted, a secret somebody else made
// is never written into, exemptions hold whatever the case, and a function killed in the middle of a
// run leaves the record of every change it made.
import { CreateAccessKeyCommand, TagUserCommand, type IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { runContext } from '@credential-tracker/core/aws';
import { CreateSecretCommand, DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import {
  motoOverrides,
  createRemediationWorld,
  useMotoSuite,
  type RemediationWorld,
  type TargetRow,
} from '@credential-tracker/testing';
import { expect } from 'chai';
import { createHandler } from '../src/handler.js';

type Stack = { middlewareStack: IAMClient['middlewareStack'] };

/** Fails the member account's calls as `fails` says (by command name, or every call once `dead`). */
function inject(client: Stack, fails: (command: string) => boolean): void {
  client.middlewareStack.add(
    (next, context) => (args) =>
      fails(context.commandName ?? '')
        ? Promise.reject(
            Object.assign(new Error(`ServiceFailure: injected at ${context.commandName}`), {
              name: 'ServiceFailure',
            }),
          )
        : next(args),
    { step: 'initialize', name: 'injectedFailure' },
  );
}

describe('remediate-findings-ak-rotation: hostile scenarios against moto', function () {
  this.timeout(120_000);
  const moto = useMotoSuite();
  let world: RemediationWorld;

  beforeEach(async () => {
    world = await createRemediationWorld(moto.endpoint);
  });
  afterEach(() => world.destroy());

  /** A same-day run over `rows`, the member clients' calls failing as `fails` says. */
  const runWith = (
    name: string,
    rows: readonly TargetRow[],
    fails?: (command: string) => boolean,
    s3?: S3Client,
  ) =>
    world.run({
      createHandler: (clients) =>
        createHandler({
          ...clients,
          ...(s3 ? { s3 } : {}),
          memberClients: (defaults) => async (accountId) => {
            const made = await clients.memberClients(defaults)(accountId);
            if (fails) {
              inject(made.iam, fails);
              if (made.rotatedKeys) inject(made.rotatedKeys.secrets as unknown as Stack, fails);
            }
            return made;
          },
        }),
      finding: 'ak-rotation',
      days: 0,
      enforce: true,
      rows,
      name,
      storeReport: false,
      environment: (settings) => moto.handlerEnvironment(settings),
    });

  const handMadeKey = async (userName: string) =>
    (await world.iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey
      ?.AccessKeyId as string;

  const scenarios: [string, (command: string) => boolean][] = [
    ['CreateAccessKey fails (ServiceFailure)', (command) => command === 'CreateAccessKeyCommand'],
    [
      'CreateAccessKey fails and so does the clean-up of the mark',
      (command) => command === 'CreateAccessKeyCommand' || command === 'UntagResourceCommand',
    ],
  ];
  for (const [what, fails] of scenarios) {
    it(`${what}, then the owner makes a key by hand: the next run never deletes it`, async () => {
      // Prepare
      const { row, oldKey } = await world.userWithOldKey('pat');
      const failed = await runWith('failed', [row], fails);
      expect(failed.log.map((line) => [line.decision, line.action])).to.deep.include([
        'failed',
        'create_key_and_store',
      ]);
      const own = await handMadeKey('pat');

      // Act
      const next = await runWith('next', [row]);

      // Assess
      expect((await world.accessKeys('pat')).map((key) => [key.id, key.status])).to.deep.equal([
        [oldKey, 'Active'],
        [own, 'Active'],
      ]);
      expect(next.log.filter((line) => line.action === 'delete_key')).to.deep.equal([]);
      expect(next.result.counts.failed).to.equal(0);
    });
  }

  it('a rotation that died at CreateAccessKey (every later call fails), then a key made by hand: left alone, the mark cleared, owner and ops told', async () => {
    // Prepare: from CreateAccessKey on the invocation is dead, as at a timeout
    const { row, oldKey } = await world.userWithOldKey('pat');
    await world.iam.send(
      new TagUserCommand({ UserName: 'pat', Tags: [{ Key: 'Email', Value: 'pat@example.com' }] }),
    );
    let dead = false;
    await runWith('died', [row], (command) => (dead ||= command === 'CreateAccessKeyCommand'));
    const own = await handMadeKey('pat');

    // Act
    const next = await runWith('next', [row]);

    // Assess
    expect((await world.accessKeys('pat')).map((key) => key.id)).to.deep.equal([oldKey, own]);
    const lines = next.log.map((line) => [line.decision, line.action, line.credential_id]);
    expect(lines).to.deep.include(['warned', null, own]);
    expect(lines).to.deep.include(['done', 'clear_rotation_mark', oldKey]);
    expect(lines.filter(([, action]) => action === 'delete_key')).to.deep.equal([]);
    expect(next.result.alert_ops, 'ops are told').to.equal(true);
    const notices = await world.notices(next.run, 'remediate-findings-ak-rotation');
    expect(JSON.stringify(notices), 'the owner is told, by the Email tag whatever its case').to.include(
      'pat@example.com',
    );
    expect(JSON.stringify(notices)).to.include(own);
    const described = await world.secrets.send(
      new DescribeSecretCommand({ SecretId: 'credential-tracker/pat' }),
    );
    expect(described.Tags?.map((tag) => tag.Key)).not.to.include('credential-tracker:rotation-started-for');
  });

  it('a secret squatted beforehand with a foreign KMS key: refused (failed, ops alerted), no key created, the secret untouched', async () => {
    // Prepare
    const { row, oldKey } = await world.userWithOldKey('sam');
    await world.secrets.send(
      new CreateSecretCommand({
        Name: 'credential-tracker/sam',
        KmsKeyId: 'alias/attacker-key',
        Tags: [{ Key: 'owner', Value: 'mallory' }],
      }),
    );
    const before = await world.secrets.send(
      new DescribeSecretCommand({ SecretId: 'credential-tracker/sam' }),
    );

    // Act
    const { result, log } = await runWith('squatted', [row]);

    // Assess
    expect(result.counts.failed).to.equal(1);
    expect(result.alert_ops).to.equal(true);
    expect(log.find((line) => line.decision === 'failed')?.detail).to.match(
      /credential-tracker\/sam is not a secret the tracker made/,
    );
    expect((await world.accessKeys('sam')).map((key) => key.id)).to.deep.equal([oldKey]);
    const after = await world.secrets.send(new DescribeSecretCommand({ SecretId: 'credential-tracker/sam' }));
    expect(after.Tags).to.deep.equal(before.Tags);
    expect(after.KmsKeyId).to.equal('alias/attacker-key');
  });

  it('a user tagged Credential-Tracker:Exempt = true is not rotated', async () => {
    // Prepare
    const { row, oldKey } = await world.userWithOldKey('exempt');
    await world.iam.send(
      new TagUserCommand({ UserName: 'exempt', Tags: [{ Key: 'Credential-Tracker:Exempt', Value: 'true' }] }),
    );

    // Act
    const { log } = await runWith('exempt', [row]);

    // Assess
    expect(log.map((line) => [line.decision, line.skip_reason])).to.deep.equal([['skipped', 'exempt_tag']]);
    expect((await world.accessKeys('exempt')).map((key) => key.id)).to.deep.equal([oldKey]);
  });

  it('killed in the middle of a run: the action log in S3 holds every change made before the kill', async () => {
    // Prepare: three users; the process dies when IAM answers the third CreateAccessKey
    const users = await Promise.all(['k1', 'k2', 'k3'].map((name) => world.userWithOldKey(name)));
    let creates = 0;
    let dead = false;
    const s3 = new S3Client(motoOverrides(moto.endpoint));
    // After the kill nothing more reaches S3 either: no final write can make up for a lost record.
    inject(s3 as unknown as Stack, () => dead);
    const dies = (command: string) => {
      if (command === 'CreateAccessKeyCommand') creates += 1;
      return (dead ||= creates >= 3);
    };

    // Act
    const killed = await runWith(
      'killed',
      users.map(({ row }) => row),
      dies,
      s3,
    ).then(
      () => 'returned',
      (error: unknown) => String(error),
    );

    // Assess: k1 and k2 were rotated before the kill, and the log says so
    expect(killed).to.match(/ServiceFailure/);
    // The run world.run made: today's, named after the run.
    const log = await world.actionLog(runContext('killed', new Date()), 'remediate-findings-ak-rotation');
    const rotated: string[] = [];
    for (const { row } of users) {
      if ((await world.accessKeys(row.user_name)).length === 2) rotated.push(row.user_name);
    }
    expect(rotated).to.include.members(['k1', 'k2']);
    const logged = log.filter((line) => line.decision === 'done' && line.action === 'create_key_and_store');
    expect(logged.map((line) => line.user_name)).to.include.members(['k1', 'k2']);
    s3.destroy();
  });
});
