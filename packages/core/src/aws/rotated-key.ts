// The one step of a rotation that creates secret material: a new access key, stored at once in
// Secrets Manager in the user's own account, or deleted at once if it cannot be stored.
import { CreateAccessKeyCommand, DeleteAccessKeyCommand, type IAMClient } from '@aws-sdk/client-iam';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { describeError } from '../errors.js';
import { rotationSecretName, type RotationSecretState } from '../remediation/live-state.js';

/**
 * Tags on the secret that tell the next run where a rotation stands, without reading the secret
 * value (the tracker's own role may not): the key id the secret holds, and the old key whose
 * rotation started and is not yet stored. A newer key that the first does not name while the second
 * is set was created by a rotation that crashed before storing it.
 */
export const STORED_KEY_TAG = 'credential-tracker:stored-access-key-id';
export const ROTATION_STARTED_TAG = 'credential-tracker:rotation-started-for';

/** The secret's JSON, what the owner reads with `aws secretsmanager get-secret-value`. */
export interface RotatedKeySecretValue {
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
  /** ISO 8601, when IAM created the key. */
  readonly CreatedAt: string;
  /** The key this one replaces, which the tracker deactivates and deletes on its schedule. */
  readonly PreviousAccessKeyId: string;
}

export interface RotatedKeyTarget {
  readonly userName: string;
  readonly userArn: string;
  /** The key being rotated, which stays as it is here. */
  readonly previousAccessKeyId: string;
  /** The customer managed key that encrypts the secret (ARN or alias ARN). */
  readonly kmsKeyId: string;
  /** Principals besides the user who may read the secret: the configured admins. */
  readonly adminPrincipals: readonly string[];
}

export interface StoredRotatedKey {
  readonly accessKeyId: string;
  readonly secretName: string;
  readonly secretArn: string;
  readonly createdAt: string;
}

/**
 * The secret's resource policy: only the user and the admin principals may read it. Everyone else,
 * the tracker included, is denied GetSecretValue whatever their identity policies say.
 */
export function rotatedKeySecretPolicy(userArn: string, adminPrincipals: readonly string[]): string {
  const readers = [userArn, ...adminPrincipals];
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OwnerAndAdminsRead',
        Effect: 'Allow',
        Principal: { AWS: readers },
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: '*',
      },
      {
        Sid: 'NobodyElseReads',
        Effect: 'Deny',
        Principal: '*',
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalArn': readers } },
      },
    ],
  });
}

/** The new key could not be stored: it was deleted again (or, if that failed too, it is named here). */
export class RotatedKeyNotStoredError extends Error {
  constructor(
    readonly userName: string,
    readonly newAccessKeyId: string,
    readonly newKeyDeleted: boolean,
    cause: unknown,
  ) {
    super(
      `storing the new access key ${newAccessKeyId} of ${userName} in ${rotationSecretName(userName)} failed ` +
        `(${describeError(cause)}); ${
          newKeyDeleted
            ? 'the new key was deleted and the old key left as it was; the next run tries again'
            : 'deleting the new key failed too: the next run finds it unstored and deletes it'
        }`,
      { cause },
    );
    this.name = 'RotatedKeyNotStoredError';
  }
}

async function secretArnIfAny(secrets: SecretsManagerClient, name: string): Promise<string | undefined> {
  try {
    return (await secrets.send(new DescribeSecretCommand({ SecretId: name }))).ARN;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

async function createEmptySecret(secrets: SecretsManagerClient, target: RotatedKeyTarget): Promise<string> {
  const created = await secrets.send(
    new CreateSecretCommand({
      Name: rotationSecretName(target.userName),
      KmsKeyId: target.kmsKeyId,
      Description: `The current access key of IAM user ${target.userName}, rotated by credential-tracker.`,
    }),
  );
  if (!created.ARN)
    throw new Error(`CreateSecret ${rotationSecretName(target.userName)} answered without an ARN`);
  return created.ARN;
}

/**
 * Makes the secret ready before any key exists: created empty the first time, with its resource
 * policy, and marked with the key whose rotation starts. So a key is never in a secret without the
 * policy, and a crash after CreateAccessKey leaves the mark for the next run to find.
 */
async function prepareSecret(secrets: SecretsManagerClient, target: RotatedKeyTarget): Promise<string> {
  const name = rotationSecretName(target.userName);
  const arn = (await secretArnIfAny(secrets, name)) ?? (await createEmptySecret(secrets, target));
  await secrets.send(
    new PutResourcePolicyCommand({
      SecretId: arn,
      ResourcePolicy: rotatedKeySecretPolicy(target.userArn, target.adminPrincipals),
      BlockPublicPolicy: true,
    }),
  );
  await secrets.send(
    new TagResourceCommand({
      SecretId: arn,
      Tags: [{ Key: ROTATION_STARTED_TAG, Value: target.previousAccessKeyId }],
    }),
  );
  return arn;
}

/** Puts the key in the secret; only then do the tags say it is stored and the rotation over. */
async function fillSecret(
  secrets: SecretsManagerClient,
  arn: string,
  value: RotatedKeySecretValue,
): Promise<void> {
  await secrets.send(new PutSecretValueCommand({ SecretId: arn, SecretString: JSON.stringify(value) }));
  await secrets.send(
    new TagResourceCommand({ SecretId: arn, Tags: [{ Key: STORED_KEY_TAG, Value: value.AccessKeyId }] }),
  );
  await secrets.send(new UntagResourceCommand({ SecretId: arn, TagKeys: [ROTATION_STARTED_TAG] }));
}

async function clearRotationMark(secrets: SecretsManagerClient, arn: string): Promise<void> {
  await secrets
    .send(new UntagResourceCommand({ SecretId: arn, TagKeys: [ROTATION_STARTED_TAG] }))
    .catch(() => {
      // Left in place, the mark names a key that no longer exists once the rotation is retried.
    });
}

/**
 * Creates the user's new access key and stores it. If storing fails the new key is deleted at once,
 * so no key exists that its owner cannot read; the old key is never touched here. The secret access
 * key lives only in this function's memory and in the secret: it is never returned or logged.
 */
export async function createAndStoreAccessKey(
  clients: { readonly iam: IAMClient; readonly secrets: SecretsManagerClient },
  target: RotatedKeyTarget,
): Promise<StoredRotatedKey> {
  const secretArn = await prepareSecret(clients.secrets, target);
  const created = await clients.iam.send(new CreateAccessKeyCommand({ UserName: target.userName }));
  const key = created.AccessKey;
  if (!key?.AccessKeyId || !key.SecretAccessKey) {
    throw new Error(`CreateAccessKey for ${target.userName} answered without a key`);
  }
  const createdAt = (key.CreateDate ?? new Date()).toISOString();
  try {
    await fillSecret(clients.secrets, secretArn, {
      AccessKeyId: key.AccessKeyId,
      SecretAccessKey: key.SecretAccessKey,
      CreatedAt: createdAt,
      PreviousAccessKeyId: target.previousAccessKeyId,
    });
  } catch (error) {
    const deleted = await clients.iam
      .send(new DeleteAccessKeyCommand({ UserName: target.userName, AccessKeyId: key.AccessKeyId }))
      .then(
        () => true,
        () => false,
      );
    // The rotation is over, nothing to recover: a later key the user makes must not look like ours.
    if (deleted) await clearRotationMark(clients.secrets, secretArn);
    throw new RotatedKeyNotStoredError(target.userName, key.AccessKeyId, deleted, error);
  }
  return {
    accessKeyId: key.AccessKeyId,
    secretName: rotationSecretName(target.userName),
    secretArn,
    createdAt,
  };
}

/**
 * Where the user's rotation stands, from the secret's tags: what the planner reads as
 * LiveUserState.rotation_secret. No secret: nothing stored, no rotation under way.
 */
export async function rotationSecretState(
  secrets: SecretsManagerClient,
  userName: string,
): Promise<RotationSecretState> {
  try {
    const described = await secrets.send(
      new DescribeSecretCommand({ SecretId: rotationSecretName(userName) }),
    );
    const tag = (key: string) => described.Tags?.find((candidate) => candidate.Key === key)?.Value ?? null;
    return { stored_access_key_id: tag(STORED_KEY_TAG), rotation_started_for: tag(ROTATION_STARTED_TAG) };
  } catch (error) {
    if (error instanceof ResourceNotFoundException) {
      return { stored_access_key_id: null, rotation_started_for: null };
    }
    throw error;
  }
}

/**
 * A member account's Secrets Manager as the rotation uses it. ak-rotation alone is handed one (its
 * handler passes rotatedKeyStore): the other remediations never read or write a secret, and their
 * bundles then carry no Secrets Manager client.
 */
export interface RotatedKeyStore {
  readonly secrets: SecretsManagerClient;
  /** rotationSecretState of the user. */
  readonly state: (userName: string) => Promise<RotationSecretState>;
  /** createAndStoreAccessKey with the account's IAM client. */
  readonly createAndStore: (iam: IAMClient, target: RotatedKeyTarget) => Promise<StoredRotatedKey>;
}

export const rotatedKeyStore = (secrets: SecretsManagerClient): RotatedKeyStore => ({
  secrets,
  state: (userName) => rotationSecretState(secrets, userName),
  createAndStore: (iam, target) => createAndStoreAccessKey({ iam, secrets }, target),
});
