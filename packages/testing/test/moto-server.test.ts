import { expect } from 'chai';
import { startMotoServer, type MotoServer } from '../src/index.js';

describe('moto server harness', () => {
  let moto: MotoServer;

  before(async () => {
    moto = await startMotoServer();
  });

  after(async () => {
    await moto.stop();
  });

  it('serves on a loopback port and forgets everything on reset', async () => {
    // Prepare: a resource moto keeps until reset
    expect(moto.endpoint).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    const createBucket = () => fetch(`${moto.endpoint}/harness-bucket`, { method: 'PUT' });
    expect((await createBucket()).ok).to.be.true;
    expect((await fetch(`${moto.endpoint}/harness-bucket`, { method: 'HEAD' })).status).to.equal(200);

    // Act
    await moto.reset();

    // Assess
    expect((await fetch(`${moto.endpoint}/harness-bucket`, { method: 'HEAD' })).status).to.equal(404);
  });
});
