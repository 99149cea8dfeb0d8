import { startFaultProxy, useEnvironment, useMotoSuite } from '@credential-tracker/testing';
import { expect } from 'chai';
import { runLocally } from './support/local-run.js';
import { motoPipelineHandlers } from './support/moto-handlers.js';
import { deployToMoto } from './support/moto-pipeline.js';

/**
 * Issue 14: at MaxConcurrency 500, the tracker's account calls STS (AssumeRole) and S3, and each member
 * account IAM, far faster than a daily run of a few accounts; AWS answers a burst past its request
 * rates with throttling errors. This run sends every function's calls through a proxy that throttles
 * a fifth of them, with the SDK setting a deployment gives the functions (AWS_MAX_ATTEMPTS=10, the
 * standard retry mode's exponential back-off with jitter), every account at once (MaxConcurrency =
 * the accounts).
 */
describe('daily run against moto, a fifth of the calls throttled', function () {
  this.timeout(300_000);
  const moto = useMotoSuite();

  it('stores every report: the throttling is absorbed by the SDK retries', async () => {
    // Prepare
    const accounts = 8;
    const deployment = await deployToMoto(moto.endpoint, accounts);
    const proxy = await startFaultProxy({ target: moto.endpoint, rate: 0.2, kinds: ['throttle'], seed: 14 });
    const restore = useEnvironment({
      ...deployment.environment,
      AWS_ENDPOINT_URL: proxy.endpoint,
      AWS_MAX_ATTEMPTS: '10',
    });

    // Act: the test's own steps (Athena's queued rows, the local runner's S3) talk to moto directly
    let run;
    try {
      run = await runLocally({
        handlers: motoPipelineHandlers(moto.endpoint, deployment),
        maxConcurrency: accounts,
      });
    } finally {
      restore();
      await proxy.stop();
    }

    // Assess
    expect(proxy.stats().faults.throttle).to.be.greaterThan(10);
    expect(run.accounts.map((outcome) => outcome.status)).to.deep.equal(Array(accounts).fill('stored'));
  });
});
