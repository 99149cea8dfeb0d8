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
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';

/** Where a user's rotated key is kept, in the user's own account. */
export const rotatedKeySecretName = (userName: string): string => `credential-tracker/${userName}`;

/**
 * The access key id of the key a secret holds, as a tag: the tracker learns which key is stored
 * without ever reading the secret value, which its own role is not allowed to do.
 */
export const STORED_KEY_TAG = 'credential-tracker:access-key-id';

/** The secret's JSON, what the owner reads with `aws secretsmanager get-secret-value`. */
export interface RotatedKeySecretValue {
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
  /** ISO 8601, when IAM created the key. */
  readonly CreatedAt: string;
  /** The key this one replaces, which the tracker deactivates and deletes on its schedule. */
  readonly PreviousAccessKeyId: string | null;
}

export interface RotatedKeyTarget {
  readonly userName: string;
  readonly userArn: string;
  readonly previousAccessKeyId: string | null;
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
      `storing the new access key ${newAccessKeyId} of ${userName} in ${rotatedKeySecretName(userName)} failed ` +
        `(${describe(cause)}); ${
          newKeyDeleted
            ? 'the new key was deleted and the old key left as it was; the next run tries again'
            : 'deleting the new key failed too: the next run finds it unstored and deletes it'
        }`,
      { cause },
    );
    this.name = 'RotatedKeyNotStoredError';
  }
}

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

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
      Name: rotatedKeySecretName(target.userName),
      KmsKeyId: target.kmsKeyId,
      Description: `The current access key of IAM user ${target.userName}, rotated by credential-tracker.`,
    }),
  );
  if (!created.ARN)
    throw new Error(`CreateSecret ${rotatedKeySecretName(target.userName)} answered without an ARN`);
  return created.ARN;
}

/**
 * Writes the secret, creating it empty the first time. The order closes every window a crash could
 * leave open: the resource policy is on the secret before any key is in it, and the tag that names
 * the stored key follows the value, so a tag never names a key the secret does not hold.
 */
async function storeSecret(
  secrets: SecretsManagerClient,
  target: RotatedKeyTarget,
  value: RotatedKeySecretValue,
): Promise<string> {
  const name = rotatedKeySecretName(target.userName);
  const arn = (await secretArnIfAny(secrets, name)) ?? (await createEmptySecret(secrets, target));
  await secrets.send(
    new PutResourcePolicyCommand({
      SecretId: arn,
      ResourcePolicy: rotatedKeySecretPolicy(target.userArn, target.adminPrincipals),
      BlockPublicPolicy: true,
    }),
  );
  await secrets.send(new PutSecretValueCommand({ SecretId: arn, SecretString: JSON.stringify(value) }));
  await secrets.send(
    new TagResourceCommand({ SecretId: arn, Tags: [{ Key: STORED_KEY_TAG, Value: value.AccessKeyId }] }),
  );
  return arn;
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
  const created = await clients.iam.send(new CreateAccessKeyCommand({ UserName: target.userName }));
  const key = created.AccessKey;
  if (!key?.AccessKeyId || !key.SecretAccessKey) {
    throw new Error(`CreateAccessKey for ${target.userName} answered without a key`);
  }
  const createdAt = (key.CreateDate ?? new Date()).toISOString();
  try {
    const secretArn = await storeSecret(clients.secrets, target, {
      AccessKeyId: key.AccessKeyId,
      SecretAccessKey: key.SecretAccessKey,
      CreatedAt: createdAt,
      PreviousAccessKeyId: target.previousAccessKeyId,
    });
    return {
      accessKeyId: key.AccessKeyId,
      secretName: rotatedKeySecretName(target.userName),
      secretArn,
      createdAt,
    };
  } catch (error) {
    const deleted = await clients.iam
      .send(new DeleteAccessKeyCommand({ UserName: target.userName, AccessKeyId: key.AccessKeyId }))
      .then(
        () => true,
        () => false,
      );
    throw new RotatedKeyNotStoredError(target.userName, key.AccessKeyId, deleted, error);
  }
}

/**
 * The access key id the user's secret holds, from its tag, or null when there is no secret: how the
 * next run tells a key it created and stored from one it created and lost in a crash.
 */
export async function storedAccessKeyId(
  secrets: SecretsManagerClient,
  userName: string,
): Promise<string | null> {
  try {
    const described = await secrets.send(
      new DescribeSecretCommand({ SecretId: rotatedKeySecretName(userName) }),
    );
    return described.Tags?.find((tag) => tag.Key === STORED_KEY_TAG)?.Value ?? null;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return null;
    throw error;
  }
}
