import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { rotatedKeyStore } from '@credential-tracker/core/aws';
import { createRemediationHandler, type RemediationHandlerClients } from '@credential-tracker/remediation';

export type { RemediationResult } from '@credential-tracker/remediation';

/**
 * The Lambda entry point of the ak-rotation remediation; tests pass their own clients (moto, faults).
 * The only remediation that stores keys, so the only one whose bundle holds Secrets Manager.
 */
export const createHandler = (clients: RemediationHandlerClients = {}) =>
  createRemediationHandler('ak-rotation', clients, {
    rotatedKeys: (config) => rotatedKeyStore(new SecretsManagerClient(config)),
  });

export const handler = createHandler();
