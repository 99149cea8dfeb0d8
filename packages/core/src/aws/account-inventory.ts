// One account's inventory, read through its member role and written to S3: one paginated
// GetAccountAuthorizationDetails walk, then each user's access keys, then four JSON Lines files.
import pMap from 'p-map';
import {
  NoSuchEntityException,
  paginateGetAccountAuthorizationDetails,
  paginateListAccessKeys,
  type AccessKeyMetadata,
  type EntityType,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  inventoryFromAuthorizationDetails,
  type AuthorizationDetailsPage,
} from '../inventory/from-authorization-details.js';
import { inventorySnapshotFiles } from '../inventory/json-lines.js';
import type { InventoryKind, InventorySnapshot } from '../inventory/records.js';
import { JSON_LINES, putText } from './put-text.js';
import { inventoryKey, inventoryPrefix } from './s3-layout.js';
import { describeError } from '../errors.js';

/**
 * What the walk asks for: users, groups, roles and customer managed policies. AWS managed policies are
 * known by name only (their documents are AWS's and the same in every account).
 */
export const INVENTORY_ENTITY_FILTER: readonly EntityType[] = ['User', 'Group', 'Role', 'LocalManagedPolicy'];

/** ListAccessKeys calls in flight at once: IAM throttles per account, and users are many. */
export const ACCESS_KEY_CONCURRENCY = 4;

/** An IAM call of the walk failed: says which action, so a denial can name the permission. */
export class InventoryReadError extends Error {
  readonly action: string;

  constructor(action: string, cause: unknown) {
    const said = describeError(cause);
    super(`${action} failed (${said})`, { cause });
    this.name = 'InventoryReadError';
    this.action = action;
  }
}

/** Writing one of the snapshot's files failed: says which object. */
export class InventoryWriteError extends Error {
  readonly uri: string;

  constructor(uri: string, cause: unknown) {
    const said = describeError(cause);
    super(`writing ${uri} failed (${said})`, { cause });
    this.name = 'InventoryWriteError';
    this.uri = uri;
  }
}

async function calling<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new InventoryReadError(action, error);
  }
}

/** Every page of GetAccountAuthorizationDetails, through the SDK's paginator (Marker / IsTruncated). */
export async function readAuthorizationDetails(iam: IAMClient): Promise<AuthorizationDetailsPage[]> {
  return calling('iam:GetAccountAuthorizationDetails', async () => {
    const pages: AuthorizationDetailsPage[] = [];
    for await (const page of paginateGetAccountAuthorizationDetails(
      { client: iam },
      { Filter: [...INVENTORY_ENTITY_FILTER] },
    )) {
      pages.push(page);
    }
    return pages;
  });
}

async function accessKeysOf(iam: IAMClient, userName: string): Promise<AccessKeyMetadata[]> {
  const keys: AccessKeyMetadata[] = [];
  try {
    for await (const page of paginateListAccessKeys({ client: iam }, { UserName: userName })) {
      keys.push(...(page.AccessKeyMetadata ?? []));
    }
  } catch (error) {
    // Deleted since the walk listed it: the snapshot keeps the user as the walk saw it, without keys.
    if (error instanceof NoSuchEntityException) return [];
    throw error;
  }
  return keys;
}

/** Each user's access keys, `concurrency` users at a time. */
export async function readAccessKeys(
  iam: IAMClient,
  userNames: readonly string[],
  concurrency = ACCESS_KEY_CONCURRENCY,
): Promise<Map<string, AccessKeyMetadata[]>> {
  return calling('iam:ListAccessKeys', async () => {
    const keys = new Map<string, AccessKeyMetadata[]>();
    await pMap(userNames, async (userName) => void keys.set(userName, await accessKeysOf(iam, userName)), {
      concurrency,
    });
    return keys;
  });
}

/** The account's snapshot for the run's date, read with the member role's IAM client. */
export async function readAccountInventory(
  iam: IAMClient,
  accountId: string,
  date: string,
): Promise<InventorySnapshot> {
  const pages = await readAuthorizationDetails(iam);
  const userNames = pages.flatMap((page) => page.UserDetailList ?? []).flatMap((user) => user.UserName ?? []);
  const accessKeys = await readAccessKeys(iam, userNames);
  return inventoryFromAuthorizationDetails({ accountId, date, pages, accessKeys });
}

export interface InventoryDestination {
  readonly bucket: string;
  /** The report key: the inventory is encrypted like the credential reports. */
  readonly kmsKeyArn: string;
}

export interface StoredInventory {
  readonly bucket: string;
  /** The day's inventory, inventory/date=YYYY-MM-DD/: the account's files are <kind>/<account_id>.jsonl under it. */
  readonly prefix: string;
  /** Records written, per file. */
  readonly counts: Readonly<Record<InventoryKind, number>>;
}

/**
 * Writes the four files (every one, empty or not, so a re-run replaces all of them), SSE-KMS with the
 * report key. Every record is checked against its schema before anything is written.
 */
export async function writeInventorySnapshot(
  s3: S3Client,
  destination: InventoryDestination,
  snapshot: InventorySnapshot,
): Promise<StoredInventory> {
  const files = inventorySnapshotFiles(snapshot);
  for (const file of files) {
    const key = inventoryKey(snapshot.date, snapshot.account_id, file.kind);
    await putText(s3, {
      bucket: destination.bucket,
      key,
      text: file.text,
      contentType: JSON_LINES,
      kmsKeyArn: destination.kmsKeyArn,
    }).catch((error: unknown) => {
      throw new InventoryWriteError(`s3://${destination.bucket}/${key}`, error);
    });
  }
  return {
    bucket: destination.bucket,
    prefix: inventoryPrefix(snapshot.date),
    counts: Object.fromEntries(files.map((file) => [file.kind, file.records])) as Record<
      InventoryKind,
      number
    >,
  };
}
