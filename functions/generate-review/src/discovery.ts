// What is in the bucket for a review: the newest inventory date, the accounts with an inventory and
// with a credential report that day, and the day's latest finished run. Keys are matched with patterns
// built from s3-layout's own key functions, so a change of layout cannot leave this reading the old one.
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { daysAfter, utcDay } from '@credential-tracker/core';
import {
  credentialReportKey,
  inventoryKey,
  inventoryPrefix,
  runSummaryKey,
  S3_PREFIXES,
} from '@credential-tracker/core/aws';
import {
  INVENTORY_KINDS,
  inventoryDateProblem,
  type InventoryKind,
} from '@credential-tracker/core/inventory';

/** No inventory to review: none in the lookback window, or none of the date a manual run gave. */
export class NoInventoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoInventoryError';
  }
}

export interface ListedObject {
  readonly key: string;
  readonly lastModified: Date | undefined;
}

export interface Listing {
  readonly objects: ListedObject[];
  /** The CommonPrefixes when listed with a delimiter. */
  readonly prefixes: string[];
}

/** Every object (and common prefix) under `prefix`, all pages. */
export async function listAll(
  s3: S3Client,
  bucket: string,
  prefix: string,
  options: { readonly delimiter?: string; readonly startAfter?: string } = {},
): Promise<Listing> {
  const objects: ListedObject[] = [];
  const prefixes: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        Delimiter: options.delimiter,
        StartAfter: token === undefined ? options.startAfter : undefined,
        ContinuationToken: token,
      }),
    );
    for (const object of page.Contents ?? []) {
      if (object.Key) objects.push({ key: object.Key, lastModified: object.LastModified });
    }
    for (const common of page.CommonPrefixes ?? []) if (common.Prefix) prefixes.push(common.Prefix);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return { objects, prefixes };
}

const DATE_TOKEN = '__DATE__';
const ACCOUNT_TOKEN = '__ACCOUNT__';
const RUN_TOKEN = '__RUN__';
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A key pattern from a layout function called with tokens, each token a named group. */
function layoutPattern(key: string, groups: Readonly<Record<string, string>>, whole = true): RegExp {
  let pattern = escapeRegExp(key);
  for (const [token, group] of Object.entries(groups)) pattern = pattern.replace(token, group);
  return new RegExp(`^${pattern}${whole ? '$' : ''}`);
}

/** The part of a layout key before a token: the prefix every such key of the date shares. */
const keyBefore = (key: string, token: string): string => key.slice(0, key.indexOf(token));

const DATE_GROUP = '(?<date>\\d{4}-\\d{2}-\\d{2})';
const ACCOUNT_GROUP = '(?<account>\\d{12})';
const RUN_GROUP = '(?<run>[A-Za-z0-9_-]{1,80})';

const INVENTORY_DATE_PREFIX = layoutPattern(inventoryPrefix(DATE_TOKEN), { [DATE_TOKEN]: DATE_GROUP });

/**
 * The newest of the dates (inventory/date=YYYY-MM-DD/ prefixes) from `from` to `to` inclusive, or
 * undefined. A date after `to` (a clock ahead, a copy of another bucket) is not taken for today's.
 */
export function newestDate(
  prefixes: readonly string[],
  window: { from: string; to: string },
): string | undefined {
  const dates: string[] = [];
  for (const prefix of prefixes) {
    const date = INVENTORY_DATE_PREFIX.exec(prefix)?.groups?.date;
    if (date === undefined || date < window.from || date > window.to) continue;
    // The same rule as the CLI's review (core's inventoryDateProblem): refused, not skipped.
    const problem = inventoryDateProblem(date);
    if (problem !== undefined) throw new NoInventoryError(`${prefix}: ${problem}`);
    dates.push(date);
  }
  return dates.sort().at(-1);
}

/**
 * The newest inventory date of the last `lookbackDays` days up to `today` (UTC), from one listing of
 * the inventory/ date prefixes that starts at the window's first day.
 */
export async function newestInventoryDate(
  s3: S3Client,
  bucket: string,
  today: Date,
  lookbackDays: number,
): Promise<string> {
  const to = utcDay(today);
  const from = utcDay(daysAfter(today, -lookbackDays));
  const root = `${S3_PREFIXES.inventory}/`;
  const { prefixes } = await listAll(s3, bucket, root, {
    delimiter: '/',
    // Keys sort after this one from the window's first date on: inventory/date=FROM/ is listed.
    startAfter: inventoryPrefix(from).replace(/\/$/, ''),
  });
  const date = newestDate(prefixes, { from, to });
  if (date === undefined) {
    throw new NoInventoryError(
      `generate-review: no inventory from ${from} to ${to} under s3://${bucket}/${root} (the daily run's CollectInventory writes ${inventoryKey('YYYY-MM-DD', '<account_id>', 'users')}); check that the daily run ran, or give {"date": "YYYY-MM-DD"}`,
    );
  }
  return date;
}

const INVENTORY_FILES = INVENTORY_KINDS.map(
  (kind) =>
    [
      kind,
      layoutPattern(inventoryKey(DATE_TOKEN, ACCOUNT_TOKEN, kind), {
        [DATE_TOKEN]: DATE_GROUP,
        [ACCOUNT_TOKEN]: ACCOUNT_GROUP,
      }),
    ] as const,
);

/** The inventory files of one date per account: the kinds each account has, from their keys. */
export function inventoryFilesOf(keys: readonly string[], date: string): Map<string, Set<InventoryKind>> {
  const accounts = new Map<string, Set<InventoryKind>>();
  for (const key of keys) {
    for (const [kind, pattern] of INVENTORY_FILES) {
      const groups = pattern.exec(key)?.groups;
      if (groups?.date !== date || groups.account === undefined) continue;
      const kinds = accounts.get(groups.account) ?? new Set<InventoryKind>();
      kinds.add(kind);
      accounts.set(groups.account, kinds);
    }
  }
  return accounts;
}

/** Every account with at least one inventory file of the date, with the kinds it has. */
export async function inventoryAccounts(
  s3: S3Client,
  bucket: string,
  date: string,
): Promise<Map<string, Set<InventoryKind>>> {
  const { objects } = await listAll(s3, bucket, inventoryPrefix(date));
  return inventoryFilesOf(
    objects.map((object) => object.key),
    date,
  );
}

const REPORT_FILE = layoutPattern(credentialReportKey(DATE_TOKEN, ACCOUNT_TOKEN), {
  [DATE_TOKEN]: DATE_GROUP,
  [ACCOUNT_TOKEN]: ACCOUNT_GROUP,
});

/** The accounts with a credential report of the date (listed once, not asked one by one). */
export async function reportAccounts(s3: S3Client, bucket: string, date: string): Promise<Set<string>> {
  const { objects } = await listAll(
    s3,
    bucket,
    keyBefore(credentialReportKey(date, ACCOUNT_TOKEN), ACCOUNT_TOKEN),
  );
  const accounts = new Set<string>();
  for (const { key } of objects) {
    const groups = REPORT_FILE.exec(key)?.groups;
    if (groups?.date === date && groups.account !== undefined) accounts.add(groups.account);
  }
  return accounts;
}

const SUMMARY_FILE = layoutPattern(runSummaryKey(DATE_TOKEN, RUN_TOKEN), {
  [DATE_TOKEN]: DATE_GROUP,
  [RUN_TOKEN]: RUN_GROUP,
});

export interface FinishedRun {
  readonly run_id: string;
  /** Its summary's key. */
  readonly key: string;
}

/**
 * The day's latest finished run: of the runs with a summary (summarise-run writes it last, once every
 * finding's targets are written), the one whose summary was written last (the higher run id on a tie).
 * A run without a summary is still going or stopped early: its targets may be missing findings.
 */
export function latestFinishedRun(objects: readonly ListedObject[], date: string): FinishedRun | undefined {
  const runs = objects.flatMap((object) => {
    const groups = SUMMARY_FILE.exec(object.key)?.groups;
    return groups?.date === date && groups.run !== undefined
      ? [{ run_id: groups.run, key: object.key, at: object.lastModified?.getTime() ?? 0 }]
      : [];
  });
  const latest = runs
    .sort((a, b) => a.at - b.at || (a.run_id < b.run_id ? -1 : a.run_id > b.run_id ? 1 : 0))
    .at(-1);
  return latest === undefined ? undefined : { run_id: latest.run_id, key: latest.key };
}

/** The runs/date=D/ prefix: every run summary of the date is below it. */
export const runsPrefix = (date: string): string =>
  keyBefore(runSummaryKey(date, RUN_TOKEN), RUN_TOKEN).replace(/run=$/, '');

/** Lists the day's run summaries and picks the latest finished run. */
export async function findLatestFinishedRun(
  s3: S3Client,
  bucket: string,
  date: string,
): Promise<FinishedRun | undefined> {
  const { objects } = await listAll(s3, bucket, runsPrefix(date));
  return latestFinishedRun(objects, date);
}
