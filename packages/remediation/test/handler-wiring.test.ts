import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { rotatedKeyStore } from '@credential-tracker/core/aws';
import { expect } from 'chai';
import { createRemediationHandler } from '../src/index.js';

// Only ak-rotation stores keys, so only its function passes a key store (and bundles Secrets Manager).
describe('remediation handler wiring', () => {
  it('refuses to build the ak-rotation handler without the store of rotated keys', () => {
    expect(() => createRemediationHandler('ak-rotation')).to.throw(
      /ak-rotation handler must be given the store/,
    );
  });

  it('builds the ak-rotation handler with a store, and the others without one', () => {
    const rotatedKeys = (config: object) => rotatedKeyStore(new SecretsManagerClient(config));
    expect(createRemediationHandler('ak-rotation', {}, { rotatedKeys })).to.be.a('function');
    for (const remediation of ['ak-usage', 'cert-rotation', 'cred-usage', 'review-revoke'] as const) {
      expect(createRemediationHandler(remediation)).to.be.a('function');
    }
  });
});
