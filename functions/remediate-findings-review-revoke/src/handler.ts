import { createRemediationHandler, type RemediationHandlerClients } from '@credential-tracker/remediation';

export type { RemediationResult } from '@credential-tracker/remediation';

/** The Lambda entry point of the review-revoke remediation; tests pass their own clients (moto, faults). */
export const createHandler = (clients: RemediationHandlerClients = {}) =>
  createRemediationHandler('review-revoke', clients);

export const handler = createHandler();
