import { IAMClient } from '@aws-sdk/client-iam';
import type { STSClient } from '@aws-sdk/client-sts';
import { clientConfig, type ClientOverrides } from './client-config.js';
import { assumeMemberRole, type MemberRoleSettings } from './member-role.js';

/** Builds the IAM client of one member account from its member role's credentials. */
export type MemberIamClientFactory = (accountId: string) => Promise<IAMClient>;

/**
 * The factory every function that reads IAM in a member account uses: assume the member role
 * (AssumeMemberRoleError names the account), then an IAM client with those short-lived credentials.
 */
export const memberIamClients =
  (sts: STSClient, role: MemberRoleSettings, overrides: ClientOverrides = {}): MemberIamClientFactory =>
  async (accountId) => {
    const credentials = await assumeMemberRole(sts, accountId, role);
    return new IAMClient(clientConfig(overrides, credentials));
  };
