// The one step of a rotation that creates secret material: a new access key, stored at once in
// Secrets Manager in the user's own account, or deleted at once if it cannot be stored.
import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  ListAccessKeysCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { describeError } from '../errors.js';
import {
  createdInRotationWindow,
  MAX_ROTATION_WINDOW_MS,
  rotationSecretName,
  type RotationSecretState,
} from '../remediation/live-state.js';

/**
 * Tags on the secret that tell the next run where a rotation stands, without reading the secret
 * value (the tracker's own role may not). The secret is created with MANAGED_TAG, in the same call,
 * so a secret without it was not made by the tracker. STORED_KEY_TAG names the key the secret holds.
 * Before CreateAccessKey the rotation writes its mark: the old key (ROTATION_STARTED_TAG), when it
 * started and the instant by which its CreateAccessKey has taken effect, if it did (the window); as
 * soon as IAM answers, ROTATION_CREATED_TAG names the new key. Storing the key clears the mark.
 */
export const MANAGED_TAG = 'credential-tracker:managed-by';
export const MANAGED_TAG_VALUE = 'credential-tracker';
export const STORED_KEY_TAG = 'credential-tracker:stored-access-key-id';
export const ROTATION_STARTED_TAG = 'credential-tracker:rotation-started-for';
export const ROTATION_STARTED_AT_TAG = 'credential-tracker:rotation-started-at';
export const ROTATION_WINDOW_ENDS_TAG = 'credential-tracker:rotation-window-ends';
export const ROTATION_CREATED_TAG = 'credential-tracker:rotation-created-key';
const MARK_TAGS = [
  ROTATION_STARTED_TAG,
  ROTATION_STARTED_AT_TAG,
  ROTATION_WINDOW_ENDS_TAG,
  ROTATION_CREATED_TAG,
];

/**
 * How long CreateAccessKey may take, retries included: the call is aborted past it, so a key that
 * the call creates bears a CreateDate inside the window the mark states. IAM answers in well under a
 * second; a call that has not by then is treated as failed and cleaned up.
 */
export const CREATE_KEY_TIMEOUT_MS = 5_000;
// The planner believes no window longer than MAX_ROTATION_WINDOW_MS (a mark someone else wrote).
if (CREATE_KEY_TIMEOUT_MS + 2000 > MAX_ROTATION_WINDOW_MS) {
  throw new Error('CREATE_KEY_TIMEOUT_MS leaves the window past MAX_ROTATION_WINDOW_MS');
}
// The window closes on a whole second after the timeout and a second of clock skew: CreateDate is
// whole seconds.
const windowEnd = (startedAt: Date): Date =>
  new Date(Math.ceil((startedAt.getTime() + CREATE_KEY_TIMEOUT_MS + 1000) / 1000) * 1000);

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
 * The secret's resource policy, the one source of it (README, "Where a rotated key is kept"): only the
 * user and the admin principals may read it. Everyone else, the tracker included, is denied
 * GetSecretValue whatever their identity policies say. In a resource policy `Resource: "*"` is the
 * secret itself.
 */
export function rotatedKeySecretPolicyDocument(userArn: string, adminPrincipals: readonly string[]) {
  const readers = [userArn, ...adminPrincipals];
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OnlyTheUserAndTheAdminsReadTheNewKey',
        Effect: 'Allow',
        Principal: { AWS: readers },
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: '*',
      },
      {
        Sid: 'NobodyElseReadsItWhateverTheirIdentityPolicySays',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalArn': readers } },
      },
    ],
  };
}

export const rotatedKeySecretPolicy = (userArn: string, adminPrincipals: readonly string[]): string =>
  JSON.stringify(rotatedKeySecretPolicyDocument(userArn, adminPrincipals));

/**
 * The secret credential-tracker/<user> exists but is not one the tracker made, or someone changed it
 * since: the rotation writes nothing into it (a squatter could read a key written there), and ops are
 * alerted through the failure. Nothing was changed in the account.
 */
export class ForeignRotationSecretError extends Error {
  constructor(
    readonly secretName: string,
    readonly problem: string,
  ) {
    super(
      `${secretName} is not a secret the tracker made (${problem}): nothing is written into it and the user's key is not rotated. Check who created or changed it; once it is deleted (or fixed), the next run rotates the key`,
    );
    this.name = 'ForeignRotationSecretError';
  }
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

/** What DescribeSecret and GetResourcePolicy say of an existing secret: what ownership is judged on. */
export interface RotationSecretFacts {
  readonly arn: string;
  readonly tags: Readonly<Record<string, string>>;
  /** As DescribeSecret gives it: a key id or alias ARN; absent under the AWS managed aws/secretsmanager. */
  readonly kmsKeyId: string | undefined;
  readonly resourcePolicy: string | undefined;
}

async function secretFacts(
  secrets: SecretsManagerClient,
  name: string,
): Promise<RotationSecretFacts | undefined> {
  let described;
  try {
    described = await secrets.send(new DescribeSecretCommand({ SecretId: name }));
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
  if (!described.ARN) throw new Error(`DescribeSecret ${name} answered without an ARN`);
  const policy = await secrets.send(new GetResourcePolicyCommand({ SecretId: described.ARN }));
  const tags: Record<string, string> = {};
  for (const tag of described.Tags ?? []) if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? '';
  return {
    arn: described.ARN,
    tags,
    kmsKeyId: described.KmsKeyId,
    resourcePolicy: policy.ResourcePolicy,
  };
}

/**
 * A KMS key reference reduced to what names it inside its account: `alias/<name>` or the key id.
 * CreateSecret takes a key id, key ARN, alias name or alias ARN; DescribeSecret answers "the key ID or
 * alias ARN" (Secrets Manager API Reference, DescribeSecret, KmsKeyId).
 */
export function kmsKeyReference(reference: string): string {
  const resource = reference.startsWith('arn:') ? reference.split(':').slice(5).join(':') : reference;
  return resource.startsWith('key/') ? resource.slice('key/'.length) : resource;
}

// A policy is the tracker's when it is the document rotatedKeySecretPolicyDocument writes for this
// user with some list of admins: the admins may have changed since, and the policy is rewritten
// before any key goes in, but no statement, principal pattern or condition may differ.
function isTrackersPolicy(text: string, userArn: string): boolean {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return false;
  }
  const readers = (document as { Statement?: { Principal?: { AWS?: unknown } }[] }).Statement?.[0]?.Principal
    ?.AWS;
  const list = typeof readers === 'string' ? [readers] : readers;
  if (!Array.isArray(list) || list[0] !== userArn || !list.every((item) => typeof item === 'string')) {
    return false;
  }
  const expected = rotatedKeySecretPolicyDocument(userArn, list.slice(1));
  return canonicalJson(document) === canonicalJson(expected);
}

// JSON with sorted keys and one-element arrays as their element: IAM policy grammar treats "a" and
// ["a"] alike, and Secrets Manager may give the policy back in either form.
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return value.length === 1 ? canonicalJson(value[0]) : `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Why an existing secret is not one the tracker made for this user, or undefined when it is: the
 * marker it is created with, the tracker's KMS key (when known), and no resource policy but the
 * tracker's. A squatter who created credential-tracker/<user> first with a key of their own, or
 * granted themselves a read, is refused rather than handed the new key.
 */
export function rotationSecretProblem(
  facts: RotationSecretFacts,
  expected: { readonly userArn: string; readonly kmsKeyId?: string | undefined },
): string | undefined {
  if (facts.tags[MANAGED_TAG] !== MANAGED_TAG_VALUE) {
    return `it has no ${MANAGED_TAG}=${MANAGED_TAG_VALUE} tag, which the tracker creates its secrets with`;
  }
  if (expected.kmsKeyId !== undefined) {
    const actual = facts.kmsKeyId === undefined ? 'aws/secretsmanager' : facts.kmsKeyId;
    if (kmsKeyReference(actual) !== kmsKeyReference(expected.kmsKeyId)) {
      return `it is encrypted with the KMS key ${actual}, not the tracker's ${expected.kmsKeyId}`;
    }
  }
  if (facts.resourcePolicy !== undefined && !isTrackersPolicy(facts.resourcePolicy, expected.userArn)) {
    return 'its resource policy is not the one the tracker writes (only the user and the admins read it)';
  }
  return undefined;
}

async function createEmptySecret(secrets: SecretsManagerClient, target: RotatedKeyTarget): Promise<string> {
  const created = await secrets.send(
    new CreateSecretCommand({
      Name: rotationSecretName(target.userName),
      KmsKeyId: target.kmsKeyId,
      Description: `The current access key of IAM user ${target.userName}, rotated by credential-tracker.`,
      // In the same call as the secret itself: no instant exists where the tracker's secret lacks it.
      Tags: [{ Key: MANAGED_TAG, Value: MANAGED_TAG_VALUE }],
    }),
  );
  if (!created.ARN)
    throw new Error(`CreateSecret ${rotationSecretName(target.userName)} answered without an ARN`);
  return created.ARN;
}

interface RotationMark {
  readonly secretArn: string;
  readonly startedAt: Date;
  readonly windowEnds: Date;
}

/**
 * Makes the secret ready before any key exists: created empty the first time, marked and with its
 * resource policy; an existing one only if the tracker made it (ForeignRotationSecretError, before any
 * write, otherwise). So a key is never in a secret without the policy, and a crash after
 * CreateAccessKey leaves the mark, with its window, for the next run to find.
 */
async function prepareSecret(
  secrets: SecretsManagerClient,
  target: RotatedKeyTarget,
  now: () => Date,
): Promise<RotationMark> {
  const name = rotationSecretName(target.userName);
  const facts = await secretFacts(secrets, name);
  if (facts) {
    const problem = rotationSecretProblem(facts, target);
    if (problem) throw new ForeignRotationSecretError(name, problem);
  }
  const secretArn = facts?.arn ?? (await createEmptySecret(secrets, target));
  await secrets.send(
    new PutResourcePolicyCommand({
      SecretId: secretArn,
      ResourcePolicy: rotatedKeySecretPolicy(target.userArn, target.adminPrincipals),
      BlockPublicPolicy: true,
    }),
  );
  if (facts?.tags[ROTATION_CREATED_TAG] !== undefined) {
    // A key named by an earlier mark must not pass for this rotation's.
    await secrets.send(new UntagResourceCommand({ SecretId: secretArn, TagKeys: [ROTATION_CREATED_TAG] }));
  }
  const startedAt = now();
  const windowEnds = windowEnd(startedAt);
  await secrets.send(
    new TagResourceCommand({
      SecretId: secretArn,
      Tags: [
        { Key: ROTATION_STARTED_TAG, Value: target.previousAccessKeyId },
        { Key: ROTATION_STARTED_AT_TAG, Value: startedAt.toISOString() },
        { Key: ROTATION_WINDOW_ENDS_TAG, Value: windowEnds.toISOString() },
      ],
    }),
  );
  return { secretArn, startedAt, windowEnds };
}

/** Names the new key, then puts it in the secret; only then do the tags say it is stored and the rotation over. */
async function fillSecret(
  secrets: SecretsManagerClient,
  arn: string,
  value: RotatedKeySecretValue,
): Promise<void> {
  await secrets.send(
    new TagResourceCommand({
      SecretId: arn,
      Tags: [{ Key: ROTATION_CREATED_TAG, Value: value.AccessKeyId }],
    }),
  );
  await secrets.send(new PutSecretValueCommand({ SecretId: arn, SecretString: JSON.stringify(value) }));
  await secrets.send(
    new TagResourceCommand({ SecretId: arn, Tags: [{ Key: STORED_KEY_TAG, Value: value.AccessKeyId }] }),
  );
  await secrets.send(new UntagResourceCommand({ SecretId: arn, TagKeys: MARK_TAGS }));
}

/** Removes a rotation's mark; false when that failed (the mark's window then still bounds it). */
const clearMark = (secrets: SecretsManagerClient, arn: string): Promise<boolean> =>
  secrets.send(new UntagResourceCommand({ SecretId: arn, TagKeys: MARK_TAGS })).then(
    () => true,
    () => false,
  );

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * CreateAccessKey failed, or its answer was lost: the key may exist. While this invocation still runs
 * it finds out itself: a key that was not there before the mark was made by this call (nobody else
 * creates a key in that second), and is deleted; then the mark is cleared. When that cannot be done
 * (IAM or Secrets Manager failing too), it waits until the mark's window has closed before it
 * reports, so that a key anyone creates after this run is over falls outside the window and is never
 * taken for the tracker's.
 */
async function cleanUpFailedCreate(
  clients: { readonly iam: IAMClient; readonly secrets: SecretsManagerClient },
  target: RotatedKeyTarget,
  keysBefore: ReadonlySet<string>,
  mark: RotationMark,
): Promise<void> {
  try {
    const listed = await clients.iam.send(new ListAccessKeysCommand({ UserName: target.userName }));
    for (const key of listed.AccessKeyMetadata ?? []) {
      if (!key.AccessKeyId || keysBefore.has(key.AccessKeyId) || !key.CreateDate) continue;
      if (!createdInRotationWindow(key.CreateDate, mark.startedAt, mark.windowEnds)) continue;
      await clients.iam.send(
        new DeleteAccessKeyCommand({ UserName: target.userName, AccessKeyId: key.AccessKeyId }),
      );
    }
    if (await clearMark(clients.secrets, mark.secretArn)) return;
  } catch {
    // Left to the window, below.
  }
  const wait = mark.windowEnds.getTime() + 1000 - Date.now();
  if (wait > 0) await sleep(wait);
}

/** CreateAccessKey did not give a key: cleaned up as far as possible (see cleanUpFailedCreate). */
export class CreateAccessKeyFailedError extends Error {
  constructor(userName: string, cause: unknown) {
    super(
      `CreateAccessKey for ${userName} failed (${describeError(cause)}); the old key was left as it was and the next run tries again`,
      { cause },
    );
    this.name = 'CreateAccessKeyFailedError';
  }
}

/**
 * Creates the user's new access key and stores it. If storing fails the new key is deleted at once,
 * so no key exists that its owner cannot read; the old key is never touched here. The secret access
 * key lives only in this function's memory and in the secret: it is never returned or logged.
 */
export async function createAndStoreAccessKey(
  clients: { readonly iam: IAMClient; readonly secrets: SecretsManagerClient },
  target: RotatedKeyTarget,
  now: () => Date = () => new Date(),
): Promise<StoredRotatedKey> {
  const before = await clients.iam.send(new ListAccessKeysCommand({ UserName: target.userName }));
  const keysBefore = new Set((before.AccessKeyMetadata ?? []).flatMap((key) => key.AccessKeyId ?? []));
  const mark = await prepareSecret(clients.secrets, target, now);
  let key;
  try {
    // Never retried past the window: a create whose answer is lost is not sent again (IAM would make
    // a second key), it is cleaned up and the next run tries again.
    const created = await clients.iam.send(new CreateAccessKeyCommand({ UserName: target.userName }), {
      abortSignal: AbortSignal.timeout(CREATE_KEY_TIMEOUT_MS),
    });
    key = created.AccessKey;
    if (!key?.AccessKeyId || !key.SecretAccessKey) {
      throw new Error(`CreateAccessKey for ${target.userName} answered without a key`);
    }
  } catch (error) {
    await cleanUpFailedCreate(clients, target, keysBefore, mark);
    throw new CreateAccessKeyFailedError(target.userName, error);
  }
  const createdAt = (key.CreateDate ?? now()).toISOString();
  try {
    await fillSecret(clients.secrets, mark.secretArn, {
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
    if (deleted) await clearMark(clients.secrets, mark.secretArn);
    throw new RotatedKeyNotStoredError(target.userName, key.AccessKeyId, deleted, error);
  }
  return {
    accessKeyId: key.AccessKeyId,
    secretName: rotationSecretName(target.userName),
    secretArn: mark.secretArn,
    createdAt,
  };
}

const tagDate = (text: string | undefined): Date | null => {
  if (text === undefined) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
};

/**
 * Where the user's rotation stands, from the secret's tags: what the planner reads as
 * LiveUserState.rotation_secret. No secret: nothing stored, no rotation under way. A secret the
 * tracker did not make says so (not_tracker_secret), and its tags are then not believed.
 */
export async function rotationSecretState(
  secrets: SecretsManagerClient,
  user: { readonly userName: string; readonly userArn: string },
  kmsKeyId?: string,
): Promise<RotationSecretState> {
  const facts = await secretFacts(secrets, rotationSecretName(user.userName));
  if (!facts) return { stored_access_key_id: null, rotation_started_for: null };
  const problem = rotationSecretProblem(facts, { userArn: user.userArn, kmsKeyId });
  if (problem) {
    return { stored_access_key_id: null, rotation_started_for: null, not_tracker_secret: problem };
  }
  const tag = (key: string) => facts.tags[key] ?? null;
  return {
    stored_access_key_id: tag(STORED_KEY_TAG),
    rotation_started_for: tag(ROTATION_STARTED_TAG),
    rotation_started_at: tagDate(facts.tags[ROTATION_STARTED_AT_TAG]),
    rotation_window_ends: tagDate(facts.tags[ROTATION_WINDOW_ENDS_TAG]),
    rotation_created_key: tag(ROTATION_CREATED_TAG),
    not_tracker_secret: null,
  };
}

/**
 * Removes the mark of an interrupted rotation of `previousAccessKeyId` (the plan found a newer key it
 * cannot prove the tracker made): false when there was no such mark any more.
 */
export async function clearRotationMark(
  secrets: SecretsManagerClient,
  user: { readonly userName: string; readonly userArn: string },
  previousAccessKeyId: string,
  kmsKeyId?: string,
): Promise<boolean> {
  const name = rotationSecretName(user.userName);
  const facts = await secretFacts(secrets, name);
  if (!facts || facts.tags[ROTATION_STARTED_TAG] !== previousAccessKeyId) return false;
  const problem = rotationSecretProblem(facts, { userArn: user.userArn, kmsKeyId });
  if (problem) throw new ForeignRotationSecretError(name, problem);
  await secrets.send(new UntagResourceCommand({ SecretId: facts.arn, TagKeys: MARK_TAGS }));
  return true;
}

/**
 * A member account's Secrets Manager as the rotation uses it. ak-rotation alone is handed one (its
 * handler passes rotatedKeyStore): the other remediations never read or write a secret, and their
 * bundles then carry no Secrets Manager client.
 */
export interface RotatedKeyStore {
  readonly secrets: SecretsManagerClient;
  /** rotationSecretState of the user. */
  readonly state: (
    user: { readonly userName: string; readonly userArn: string },
    kmsKeyId?: string,
  ) => Promise<RotationSecretState>;
  /** createAndStoreAccessKey with the account's IAM client. */
  readonly createAndStore: (iam: IAMClient, target: RotatedKeyTarget) => Promise<StoredRotatedKey>;
  /** clearRotationMark of the user. */
  readonly clearMark: (
    user: { readonly userName: string; readonly userArn: string },
    previousAccessKeyId: string,
    kmsKeyId?: string,
  ) => Promise<boolean>;
}

export const rotatedKeyStore = (secrets: SecretsManagerClient): RotatedKeyStore => ({
  secrets,
  state: (user, kmsKeyId) => rotationSecretState(secrets, user, kmsKeyId),
  createAndStore: (iam, target) => createAndStoreAccessKey({ iam, secrets }, target),
  clearMark: (user, previous, kmsKeyId) => clearRotationMark(secrets, user, previous, kmsKeyId),
});
