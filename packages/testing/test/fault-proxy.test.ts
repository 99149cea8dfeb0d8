import { AthenaClient, CreateWorkGroupCommand, ListWorkGroupsCommand } from '@aws-sdk/client-athena';
import { CreateUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { expect } from 'chai';
import {
  motoOverrides,
  startFaultProxy,
  useMotoSuite,
  type FaultKind,
  type FaultProxy,
} from '../src/index.js';

describe('fault proxy in front of moto', function () {
  this.timeout(60_000);
  const moto = useMotoSuite();
  let proxy: FaultProxy | undefined;

  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });

  const through = async (rate: number, kinds: readonly FaultKind[], seed = 7) => {
    proxy = await startFaultProxy({ target: moto.endpoint, rate, kinds, seed });
    return { ...motoOverrides(proxy.endpoint), maxAttempts: 10 };
  };

  /** The error a single attempt gets when every call fails the given way. */
  const firstError = async (kinds: readonly FaultKind[], call: (config: object) => Promise<unknown>) => {
    const config = { ...(await through(1, kinds)), maxAttempts: 1 };
    return (await call(config).then(
      () => undefined,
      (error: unknown) => error,
    )) as (Error & { $metadata?: { httpStatusCode?: number } }) | undefined;
  };

  it('answers throttling in the protocol of each call, which the SDK reads as the error AWS sends', async () => {
    // Act
    const query = await firstError(['throttle'], (config) =>
      new IAMClient(config).send(new ListUsersCommand({})),
    );
    await proxy?.stop();
    const json = await firstError(['throttle'], (config) =>
      new AthenaClient(config).send(new ListWorkGroupsCommand({})),
    );
    await proxy?.stop();
    const restXml = await firstError(['throttle'], (config) =>
      new S3Client(config).send(new GetObjectCommand({ Bucket: 'any', Key: 'any' })),
    );

    // Assess
    expect(query?.name, 'IAM, query protocol').to.equal('Throttling');
    expect(json?.name, 'Athena, JSON protocol').to.equal('ThrottlingException');
    expect(restXml?.name, 'S3, REST-XML').to.equal('SlowDown');
  });

  it('lets the SDK retries carry every call through when a fifth of them are refused', async () => {
    // Prepare
    const config = await through(0.2, ['throttle', 'server-error']);
    const iam = new IAMClient(config);
    const s3 = new S3Client(config);
    const names = Array.from({ length: 30 }, (_, index) => `user-${index}`);

    // Act
    for (const name of names) await iam.send(new CreateUserCommand({ UserName: name }));
    await s3.send(new CreateBucketCommand({ Bucket: 'faults' }));
    await s3.send(new PutObjectCommand({ Bucket: 'faults', Key: 'report.csv', Body: 'a,b\n1,2\n' }));
    const object = await s3.send(new GetObjectCommand({ Bucket: 'faults', Key: 'report.csv' }));
    const listed = await new IAMClient(motoOverrides(moto.endpoint)).send(new ListUsersCommand({}));

    // Assess
    const stats = proxy?.stats();
    expect(stats?.faults.throttle, 'throttled calls').to.be.greaterThan(0);
    expect(stats?.faults['server-error'], '500 answers').to.be.greaterThan(0);
    expect(stats?.faults['lost-response']).to.equal(0);
    expect(listed.Users?.map((user) => user.UserName).sort()).to.deep.equal([...names].sort());
    expect(await object.Body?.transformToString()).to.equal('a,b\n1,2\n');
  });

  it('with a lost response, carries the call out in moto and answers 500, so a retry meets its effect', async () => {
    // Act
    const lost = await firstError(['lost-response'], (config) =>
      new IAMClient(config).send(new CreateUserCommand({ UserName: 'created-anyway' })),
    );
    const retried = await new IAMClient(motoOverrides(moto.endpoint))
      .send(new CreateUserCommand({ UserName: 'created-anyway' }))
      .then(
        () => undefined,
        (error: unknown) => error as Error,
      );

    // Assess
    expect(lost?.$metadata?.httpStatusCode).to.equal(500);
    expect(retried?.name, 'the retried CreateUser meets the user the lost call made').to.equal(
      'EntityAlreadyExistsException',
    );
  });

  it('fails the same calls for the same seed', async () => {
    // Prepare
    const run = async () => {
      const athena = new AthenaClient(await through(0.3, ['throttle'], 42));
      for (let index = 0; index < 10; index++) {
        await athena.send(new CreateWorkGroupCommand({ Name: `wg-${index}-${Date.now()}` }));
      }
      const stats = proxy?.stats();
      await proxy?.stop();
      proxy = undefined;
      return stats;
    };

    // Act
    const first = await run();
    const second = await run();

    // Assess
    expect(first?.faults.throttle).to.be.greaterThan(0);
    expect(second).to.deep.equal(first);
  });

  it('forwards only to 127.0.0.1 and refuses a rate outside 0 to 1', async () => {
    // Act
    const elsewhere = await startFaultProxy({ target: 'http://example.com:80', rate: 0 }).catch(
      (error: unknown) => error as Error,
    );
    const rate = await startFaultProxy({ target: moto.endpoint, rate: 1.5 }).catch(
      (error: unknown) => error as Error,
    );

    // Assess
    expect(elsewhere)
      .to.be.instanceOf(Error)
      .with.property('message', 'the proxy only forwards to 127.0.0.1, not example.com');
    expect(rate).to.be.instanceOf(Error).with.property('message', 'rate must be from 0 to 1, not 1.5');
  });
});
