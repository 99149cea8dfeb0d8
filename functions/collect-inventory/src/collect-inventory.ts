import type { S3Client } from '@aws-sdk/client-s3';
import {
  InventoryReadError,
  InventoryWriteError,
  memberRoleArn,
  readAccountInventory,
  writeInventorySnapshot,
  type InventoryDestination,
  type MemberIamClientFactory,
  type MemberRoleSettings,
  type RunContext,
} from '@credential-tracker/core/aws';
import { InventoryFileError, type InventorySnapshot } from '@credential-tracker/core/inventory';
import { describeError } from '@credential-tracker/core';

/** What the CollectInventory state keeps: where the snapshot is and how big it is, never its records. */
export interface CollectInventoryResult {
  readonly account_id: string;
  readonly bucket: string;
  /** inventory/date=YYYY-MM-DD/: the account's files are {users,groups,roles,policies}/<account_id>.jsonl under it. */
  readonly prefix: string;
  readonly users: number;
  readonly groups: number;
  readonly roles: number;
  readonly policies: number;
}

export interface CollectInventoryClients {
  readonly iamFor: MemberIamClientFactory;
  readonly s3: S3Client;
}

export interface CollectInventorySettings extends InventoryDestination {
  /** The role the walk runs as: named in the errors, since a denial is fixed in its policy. */
  readonly memberRole: MemberRoleSettings;
}

/** Reading or storing one account's inventory failed: names the account, and what to check. */
export class CollectInventoryError extends Error {
  readonly accountId: string;

  constructor(accountId: string, problem: string, cause?: unknown) {
    super(`account ${accountId}: ${problem}`, { cause });
    this.name = 'CollectInventoryError';
    this.accountId = accountId;
  }
}

const isAccessDenied = (error: unknown): boolean =>
  error instanceof Error && (error.name === 'AccessDenied' || error.name === 'AccessDeniedException');

/** The IAM walk, its failures turned into what an operator can act on. */
async function readInventory(
  iamFor: MemberIamClientFactory,
  settings: CollectInventorySettings,
  run: RunContext,
  accountId: string,
): Promise<InventorySnapshot> {
  // AssumeMemberRoleError already names the account and the role: it goes out as it is.
  const iam = await iamFor(accountId);
  try {
    return await readAccountInventory(iam, accountId, run.date);
  } catch (error) {
    if (!(error instanceof InventoryReadError)) {
      throw new CollectInventoryError(
        accountId,
        `IAM's answers could not be made into an inventory (${describeError(error)})`,
        error,
      );
    }
    const role = memberRoleArn(accountId, settings.memberRole);
    if (isAccessDenied(error.cause)) {
      throw new CollectInventoryError(
        accountId,
        `the member role ${role} may not call ${error.action} (${describeError(error.cause)}); deploy the member role policy of this version (policies/member-role-collector.json.tpl), which allows it`,
        error,
      );
    }
    throw new CollectInventoryError(accountId, `${error.message} as ${role}`, error);
  } finally {
    iam.destroy();
  }
}

/**
 * Reads one account's users, groups, roles and customer managed policies through its member role and
 * stores them as the day's snapshot, four JSON Lines files encrypted with the report key. A re-run on
 * the same day replaces the snapshot.
 */
export async function collectInventory(
  clients: CollectInventoryClients,
  settings: CollectInventorySettings,
  run: RunContext,
  accountId: string,
): Promise<CollectInventoryResult> {
  const snapshot = await readInventory(clients.iamFor, settings, run, accountId);
  let stored;
  try {
    stored = await writeInventorySnapshot(clients.s3, settings, snapshot);
  } catch (error) {
    // Every record is checked before the first file is written: nothing of this snapshot was stored.
    if (error instanceof InventoryFileError) {
      throw new CollectInventoryError(
        accountId,
        `the inventory did not validate and was not stored: ${error.message}`,
        error,
      );
    }
    throw new CollectInventoryError(
      accountId,
      `${error instanceof InventoryWriteError ? error.message : describeError(error)}; check the bucket policy and that the tracker's role may use the KMS key ${settings.kmsKeyArn}`,
      error,
    );
  }
  return {
    account_id: accountId,
    bucket: stored.bucket,
    prefix: stored.prefix,
    ...stored.counts,
  };
}
