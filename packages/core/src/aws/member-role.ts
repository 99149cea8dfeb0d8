import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { describeError } from '../errors.js';

export interface MemberRoleSettings {
  readonly roleName: string;
  readonly externalId?: string | undefined;
  /** The partition of the Organization (aws, aws-cn, aws-us-gov). */
  readonly partition?: string;
}

/** The member role could not be assumed: names the account and the role, and what to check. */
export class AssumeMemberRoleError extends Error {
  readonly accountId: string;

  constructor(accountId: string, roleArn: string, cause: unknown) {
    const said = describeError(cause);
    super(
      `account ${accountId}: cannot assume ${roleArn} (${said}); check that the member role is deployed in the account and trusts the tracker's role (and the external id, when set)`,
      { cause },
    );
    this.name = 'AssumeMemberRoleError';
    this.accountId = accountId;
  }
}

export const memberRoleArn = (accountId: string, settings: MemberRoleSettings): string =>
  `arn:${settings.partition ?? 'aws'}:iam::${accountId}:role/${settings.roleName}`;

/** Short-lived credentials of the member role in one account; the session name says who and why. */
export async function assumeMemberRole(
  sts: STSClient,
  accountId: string,
  settings: MemberRoleSettings,
  sessionName = 'credential-tracker',
): Promise<AwsCredentialIdentity> {
  const roleArn = memberRoleArn(accountId, settings);
  let answer;
  try {
    answer = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: sessionName,
        DurationSeconds: 900,
        ...(settings.externalId ? { ExternalId: settings.externalId } : {}),
      }),
    );
  } catch (error) {
    throw new AssumeMemberRoleError(accountId, roleArn, error);
  }
  const credentials = answer.Credentials;
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) {
    throw new AssumeMemberRoleError(accountId, roleArn, new Error('STS returned no credentials'));
  }
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    ...(credentials.SessionToken ? { sessionToken: credentials.SessionToken } : {}),
    ...(credentials.Expiration ? { expiration: credentials.Expiration } : {}),
  };
}
