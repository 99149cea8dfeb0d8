// Reads one user's credentials as IAM has them now: what the planner trusts over the report.
import {
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListSigningCertificatesCommand,
  NoSuchEntityException,
  paginateListGroupsForUser,
  paginateListUserTags,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type {
  LiveAccessKey,
  LiveLoginProfile,
  LiveSigningCertificate,
  LiveUserState,
} from '../remediation/live-state.js';
import type { RotatedKeyStore } from './rotated-key.js';

/** Null when IAM answers NoSuchEntity: the entity is gone (or, for a login profile, never existed). */
export async function unlessNoSuchEntity<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof NoSuchEntityException) return null;
    throw error;
  }
}

// IAM answers N/A for a key never used (and for a use older than its tracking began): unknown.
function knownOrNull(text: string | undefined): string | null {
  return text && text !== 'N/A' ? text : null;
}

// IAM holds at most two access keys and two signing certificates per user: one page each.
async function accessKeys(iam: IAMClient, userName: string): Promise<LiveAccessKey[]> {
  const listed = await iam.send(new ListAccessKeysCommand({ UserName: userName }));
  const keys: LiveAccessKey[] = [];
  for (const key of listed.AccessKeyMetadata ?? []) {
    if (!key.AccessKeyId || !key.CreateDate) continue;
    const lastUsed = (await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId })))
      .AccessKeyLastUsed;
    keys.push({
      id: key.AccessKeyId,
      active: key.Status === 'Active',
      created_at: key.CreateDate,
      last_used_at: lastUsed?.LastUsedDate ?? null,
      last_used_service: knownOrNull(lastUsed?.ServiceName),
      last_used_region: knownOrNull(lastUsed?.Region),
    });
  }
  return keys;
}

async function signingCertificates(iam: IAMClient, userName: string): Promise<LiveSigningCertificate[]> {
  const listed = await iam.send(new ListSigningCertificatesCommand({ UserName: userName }));
  return (listed.Certificates ?? []).flatMap((certificate) =>
    certificate.CertificateId && certificate.UploadDate
      ? [
          {
            id: certificate.CertificateId,
            active: certificate.Status === 'Active',
            uploaded_at: certificate.UploadDate,
          },
        ]
      : [],
  );
}

async function loginProfile(
  iam: IAMClient,
  userName: string,
  passwordLastUsed: Date | undefined,
): Promise<LiveLoginProfile | null> {
  const profile = await unlessNoSuchEntity(iam.send(new GetLoginProfileCommand({ UserName: userName })));
  const created = profile?.LoginProfile?.CreateDate;
  if (!created) return null;
  return { created_at: created, last_used_at: passwordLastUsed ?? null };
}

async function userTags(iam: IAMClient, userName: string): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  for await (const page of paginateListUserTags({ client: iam }, { UserName: userName })) {
    for (const tag of page.Tags ?? []) if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? '';
  }
  return tags;
}

async function userGroups(iam: IAMClient, userName: string): Promise<string[]> {
  const groups: string[] = [];
  for await (const page of paginateListGroupsForUser({ client: iam }, { UserName: userName })) {
    for (const group of page.Groups ?? []) if (group.GroupName) groups.push(group.GroupName);
  }
  return groups;
}

export interface LiveStateClients {
  readonly iam: IAMClient;
  /** Given only to the rotation, which alone reads its secret; without it rotation_secret is null. */
  readonly rotatedKeys?: RotatedKeyStore;
}

export interface LiveStateOptions {
  /** The KMS key the tracker's secrets are encrypted with: a secret under another is not the tracker's. */
  readonly secretKmsKeyId?: string | undefined;
}

/**
 * The user's live state, or null when the user no longer exists. Every field is read, none guessed:
 * tags and groups are always read, so the exemptions can be checked and an action can be taken.
 */
export async function readLiveUserState(
  clients: LiveStateClients,
  accountId: string,
  userName: string,
  options: LiveStateOptions = {},
): Promise<LiveUserState | null> {
  const { iam } = clients;
  const user = (await unlessNoSuchEntity(iam.send(new GetUserCommand({ UserName: userName }))))?.User;
  if (!user?.Arn) return null;
  return {
    account_id: accountId,
    user_name: userName,
    user_arn: user.Arn,
    access_keys: await accessKeys(iam, userName),
    login_profile: await loginProfile(iam, userName, user.PasswordLastUsed),
    signing_certificates: await signingCertificates(iam, userName),
    tags: await userTags(iam, userName),
    groups: await userGroups(iam, userName),
    rotation_secret: clients.rotatedKeys
      ? await clients.rotatedKeys.state({ userName, userArn: user.Arn }, options.secretKmsKeyId)
      : null,
  };
}
