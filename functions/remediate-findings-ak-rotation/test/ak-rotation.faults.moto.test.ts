// Item 4 of the remediation issue: no key is ever lost or left orphaned. A crash is simulated at every
// AWS call of a rotation (before the call is sent, and after it took effect with its answer lost):
// from then on every call of the "dead" invocation fails, so no clean-up code runs. The next run must
// finish the job. Then throttling, 5xx and lost answers on 20% of the calls, through a proxy.
import type { IAMClient } from '@aws-sdk/client-iam';
import { DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { STORED_KEY_TAG } from '@credential-tracker/core/aws';
import {
  createRemediationWorld,
  startFaultProxy,
  useMotoSuite,
  type FaultProxy,
  type RemediationWorld,
  type TargetRow,
  type WorldHandlerClients,
} from '@credential-tracker/testing';
import { expect } from 'chai';
import { createHandler } from '../src/handler.js';

class SimulatedCrashError extends Error {
  constructor(call: number) {
    super(`simulated crash at AWS call ${call}`);
    this.name = 'SimulatedCrashError';
  }
}

/** Counts the member account's AWS calls; from call `crashAt` on, every call fails (the process died). */
class Crash {
  calls = 0;
  readonly commands: string[] = [];
  constructor(
    readonly crashAt: number,
    readonly when: 'before' | 'after',
  ) {}

  apply(client: { middlewareStack: IAMClient['middlewareStack'] }): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        this.calls += 1;
        this.commands.push(context.commandName ?? '');
        if (this.calls > this.crashAt || (this.calls === this.crashAt && this.when === 'before')) {
          throw new SimulatedCrashError(this.calls);
        }
        const result = await next(args);
        if (this.calls === this.crashAt) throw new SimulatedCrashError(this.calls);
        return result;
      },
      { step: 'initialize', name: 'simulatedCrash' },
    );
  }
}

describe('remediate-findings-ak-rotation: crashes and faults against moto', function () {
  this.timeout(180_000);
  const moto = useMotoSuite();
  let world: RemediationWorld;
  let proxy: FaultProxy | undefined;

  beforeEach(async () => {
    world = await createRemediationWorld(moto.endpoint);
  });
  afterEach(async () => {
    world.destroy();
    await proxy?.stop();
    proxy = undefined;
  });

  const userWithOldKey = (userName: string) => world.userWithOldKey(userName);

  const targetRows = async (rows: readonly TargetRow[], oldKeys: Record<string, string>) => {
    const active: TargetRow[] = [];
    for (const row of rows) {
      const keys = await world.accessKeys(row.user_name);
      if (keys.some((key) => key.id === oldKeys[row.user_name] && key.status === 'Active')) active.push(row);
    }
    return active;
  };

  const runWith = async (options: {
    days: number;
    rows: readonly TargetRow[];
    name: string;
    crash?: Crash;
    env?: Record<string, string>;
  }) =>
    world.run({
      createHandler: (clients: WorldHandlerClients) =>
        createHandler({
          ...clients,
          memberClients: (defaults) => async (accountId) => {
            const made = await clients.memberClients(defaults)(accountId);
            options.crash?.apply(made.iam);
            // The same middleware on the other client: its stack's types differ only by service.
            if (made.rotatedKeys) options.crash?.apply(made.rotatedKeys.secrets as unknown as IAMClient);
            return made;
          },
        }),
      finding: 'ak-rotation',
      days: options.days,
      enforce: true,
      rows: options.rows,
      name: options.name,
      // Same-day runs need no follow-ups: without reports, each run reads only its target user.
      storeReport: false,
      environment: (settings) => moto.handlerEnvironment({ ...settings, ...options.env }),
    });

  /** Exactly the old key and one newer key, both active, the newer one the key the secret holds. */
  const expectRotatedOnce = async (userName: string, oldKey: string, context: string) => {
    const keys = await world.accessKeys(userName);
    expect(
      keys.map((key) => key.status),
      `${context}: keys of ${userName}`,
    ).to.deep.equal(['Active', 'Active']);
    expect(keys[0]?.id, context).to.equal(oldKey);
    const newKey = keys[1]?.id;
    const secretId = `credential-tracker/${userName}`;
    const value = JSON.parse(
      (await world.secrets.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString as string,
    ) as Record<string, string>;
    const described = await world.secrets.send(new DescribeSecretCommand({ SecretId: secretId }));
    expect(value.AccessKeyId, `${context}: the secret holds the new key`).to.equal(newKey);
    expect(described.Tags, context).to.deep.include({ Key: STORED_KEY_TAG, Value: newKey });
  };

  it('a crash before or after any write of a rotation: the next run ends with one stored new key, the old one on schedule', async () => {
    // Prepare: how many calls a rotation of one user makes, from a run without crash
    const probe = await userWithOldKey('probe');
    const counting = new Crash(Number.MAX_SAFE_INTEGER, 'before');
    await runWith({ days: 0, rows: [probe.row], name: 'probe', crash: counting });
    // Reads change nothing, so a crash matters at the writes: the secret's preparation and mark, the
    // key's creation, the tag that names it, storing it, the tags that say where the rotation stands.
    const writes = counting.commands.flatMap((command, index) =>
      /^(Get|List|Describe)/.test(command) ? [] : [{ command, call: index + 1 }],
    );
    expect(writes.map((write) => write.command)).to.deep.equal([
      'CreateSecretCommand',
      'PutResourcePolicyCommand',
      'TagResourceCommand',
      'CreateAccessKeyCommand',
      'TagResourceCommand',
      'PutSecretValueCommand',
      'TagResourceCommand',
      'UntagResourceCommand',
    ]);

    for (const when of ['before', 'after'] as const) {
      for (const { call: crashAt } of writes) {
        const userName = `u-${when}-${crashAt}`;
        const { row, oldKey } = await userWithOldKey(userName);
        const context = `crash ${when} call ${crashAt}`;

        // Act: the crashed run, then the next run the same day, then one past the grace period
        await runWith({ days: 0, rows: [row], name: `${userName}-crash`, crash: new Crash(crashAt, when) });
        const next = await runWith({ days: 0, rows: [row], name: `${userName}-next` });
        expect(next.result.counts.failed, `${context}: ${JSON.stringify(next.log)}`).to.equal(0);

        // Assess
        await expectRotatedOnce(userName, oldKey, context);
        const again = await runWith({ days: 0, rows: [row], name: `${userName}-again` });
        expect(again.result.counts, `${context}: the same day again`).to.include({ done: 0, failed: 0 });
        const later = await runWith({ days: 16, rows: [row], name: `${userName}-later` });
        expect(
          later.log
            .filter((line) => line.user_name === userName && line.decision === 'done')
            .map((line) => [line.action, line.credential_id]),
          context,
        ).to.deep.equal([['deactivate_key', oldKey]]);
      }
    }
  });

  it('throttling, 5xx and lost answers on 20% of the calls: every due action is done exactly once', async () => {
    // Prepare
    const users = await Promise.all(['p1', 'p2', 'p3', 'p4', 'p5'].map((name) => userWithOldKey(name)));
    const oldKeys = Object.fromEntries(users.map(({ row, oldKey }) => [row.user_name, oldKey]));
    const rows = users.map(({ row }) => row);
    proxy = await startFaultProxy({ target: moto.endpoint, rate: 0.2, seed: 7 });
    // The member clients are built from the environment, as in Lambda: through the proxy, more attempts.
    const env = { AWS_ENDPOINT_URL: proxy.endpoint, AWS_MAX_ATTEMPTS: '10' };

    // Act: runs of the same day until one has nothing left to fail (a lost CreateAccessKey answer
    // leaves an unstored key the next run deletes)
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const result = await runWith({ days: 0, rows, name: `faults-${attempt}`, env });
      if (result.result.counts.failed === 0) break;
    }

    // Assess: rotated once each
    for (const { row, oldKey } of users) await expectRotatedOnce(row.user_name, oldKey, 'under faults');
    expect(
      proxy.stats().faults.throttle + proxy.stats().faults['server-error'],
      'faults were injected',
    ).to.be.greaterThan(0);

    // Act: past the grace period, each old key deactivated once
    const deactivated: string[] = [];
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const result = await runWith({
        days: 16,
        rows: await targetRows(rows, oldKeys),
        name: `faults-late-${attempt}`,
        env,
      });
      deactivated.push(
        ...result.log.filter((line) => line.decision === 'done').map((line) => line.credential_id as string),
      );
      if (result.result.counts.failed === 0) break;
    }
    expect(deactivated.sort()).to.deep.equal(Object.values(oldKeys).sort());
    for (const { row, oldKey } of users) {
      const keys = await world.accessKeys(row.user_name);
      expect(keys.map((key) => [key.id === oldKey ? 'old' : 'new', key.status])).to.deep.equal([
        ['old', 'Inactive'],
        ['new', 'Active'],
      ]);
    }
  });
});
