import { IAMClient } from '@aws-sdk/client-iam';
import type { STSClient } from '@aws-sdk/client-sts';
import { clientConfig, type ClientConfig, type ClientOverrides } from './client-config.js';
import { assumeMemberRole, type MemberRoleSettings } from './member-role.js';
import type { RotatedKeyStore } from './rotated-key.js';

/** Builds the clients of one member account from its member role's credentials. */
export type MemberClientFactory<Clients> = (accountId: string) => Promise<Clients>;

/** Builds the IAM client of one member account from its member role's credentials. */
export type MemberIamClientFactory = MemberClientFactory<IAMClient>;

/**
 * Assume the member role once per account (AssumeMemberRoleError names the account), then build
 * whatever clients the caller needs from those short-lived credentials: every client of an account
 * acts as the member role, never as the tracker's own role.
 */
export const memberClients =
  <Clients>(
    sts: STSClient,
    role: MemberRoleSettings,
    build: (config: ClientConfig) => Clients,
    overrides: ClientOverrides = {},
  ): MemberClientFactory<Clients> =>
  async (accountId) =>
    build(clientConfig(overrides, await assumeMemberRole(sts, accountId, role)));

/** The factory every function that reads IAM in a member account uses. */
export const memberIamClients = (
  sts: STSClient,
  role: MemberRoleSettings,
  overrides: ClientOverrides = {},
): MemberIamClientFactory => memberClients(sts, role, (config) => new IAMClient(config), overrides);

/**
 * What a remediation writes with in a member account: IAM, and for ak-rotation alone the store of
 * rotated keys (Secrets Manager).
 */
export interface RemediationClients {
  readonly iam: IAMClient;
  readonly rotatedKeys?: RotatedKeyStore;
}

/** rotatedKeys: builds the account's key store from its clients' configuration (ak-rotation only). */
export interface RemediationClientOptions {
  readonly rotatedKeys?: (config: ClientConfig) => RotatedKeyStore;
}

export const memberRemediationClients = (
  sts: STSClient,
  role: MemberRoleSettings,
  options: RemediationClientOptions = {},
  overrides: ClientOverrides = {},
): MemberClientFactory<RemediationClients> =>
  memberClients(
    sts,
    role,
    (config) => ({
      iam: new IAMClient(config),
      ...(options.rotatedKeys ? { rotatedKeys: options.rotatedKeys(config) } : {}),
    }),
    overrides,
  );

/** Releases the sockets of an account's clients once its users are done. */
export function destroyRemediationClients(clients: RemediationClients): void {
  clients.iam.destroy();
  clients.rotatedKeys?.secrets.destroy();
}
