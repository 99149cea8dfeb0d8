import { readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { findInputFiles, InputPathError } from '../input-files.js';
import { isCalendarDate } from '../values.js';
import { inventoryKey, S3_PREFIXES } from '../aws/s3-layout.js';
import { compareText } from '../text-order.js';
import { INVENTORY_KINDS, type InventoryKind, type InventorySnapshot } from './records.js';
import { parseInventorySnapshot, type InventorySnapshotFile } from './json-lines.js';

/** What was asked to read is not there or not an inventory: a missing directory, a bad date, no snapshot. */
export class InventoryDirectoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InventoryDirectoryError';
  }
}

/** A change query failed on the engine or broke its contract: names the query, so its SQL can be found. */
// The bucket's layout (s3-layout's inventoryKey) below its inventory/ prefix, so a directory
// synced from the bucket (its root or its inventory/ prefix), or a copy of some dates, reads as is.

/** One account's snapshot of one day, as files. */
export interface InventorySnapshotFiles {
  /** The directory it was found under. */
  readonly directory: string;
  readonly date: string;
  readonly accountId: string;
  readonly files: ReadonlyMap<InventoryKind, string>;
}

const DATE_TOKEN = '__DATE__';
const ACCOUNT_TOKEN = '__ACCOUNT__';
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const belowPrefix = (key: string): string =>
  key.startsWith(`${S3_PREFIXES.inventory}/`) ? key.slice(S3_PREFIXES.inventory.length + 1) : key;

const LAYOUT = INVENTORY_KINDS.map((kind) => {
  const pattern = escapeRegExp(belowPrefix(inventoryKey(DATE_TOKEN, ACCOUNT_TOKEN, kind)))
    .replace(DATE_TOKEN, '(?<date>\\d{4}-\\d{2}-\\d{2})')
    .replace(ACCOUNT_TOKEN, '(?<account>\\d{12})');
  return [kind, new RegExp(`(?:^|/)${pattern}$`)] as const;
});

/** Where a users file sits below the inventory directory, for messages. */
export const INVENTORY_LAYOUT_EXAMPLE = belowPrefix(inventoryKey('YYYY-MM-DD', '<account_id>', 'users'));

/**
 * Why a date=YYYY-MM-DD folder (or prefix) cannot hold an inventory, or undefined. Refused rather
 * than left out, by the CLI and generate-review alike: a review titled 2026-02-30 would be signed
 * off as real, and skipping it would hide what was written there.
 */
export function inventoryDateProblem(date: string): string | undefined {
  return isCalendarDate(date)
    ? undefined
    : `date=${date} is not a day of the calendar; collect-inventory writes the run's UTC date`;
}

/**
 * Every snapshot under the directory (any depth), sorted by date then account; with `dates`, only
 * those days'. Files outside the layout are ignored.
 */
export async function findInventorySnapshots(
  directory: string,
  dates?: readonly string[],
): Promise<InventorySnapshotFiles[]> {
  let info;
  try {
    info = await stat(directory);
  } catch {
    throw new InventoryDirectoryError(`${directory}: no such directory`);
  }
  if (!info.isDirectory()) {
    throw new InventoryDirectoryError(
      `${directory}: not a directory; give the one that holds ${INVENTORY_LAYOUT_EXAMPLE}`,
    );
  }
  let paths: string[];
  try {
    // Symlinks are followed, each real file once; a dangling link, a loop or a FIFO is refused.
    paths = await findInputFiles([directory], (name) => name.endsWith('.jsonl'));
  } catch (error) {
    if (error instanceof InputPathError) throw new InventoryDirectoryError(error.message);
    throw error;
  }
  const snapshots = new Map<
    string,
    { directory: string; date: string; accountId: string; files: Map<InventoryKind, string> }
  >();
  for (const path of paths) {
    const relativePath = relative(directory, path).split(sep).join('/');
    for (const [kind, pattern] of LAYOUT) {
      const groups = pattern.exec(relativePath)?.groups;
      if (groups?.date === undefined || groups.account === undefined) continue;
      const dateProblem = inventoryDateProblem(groups.date);
      if (dateProblem !== undefined) throw new InventoryDirectoryError(`${path}: ${dateProblem}`);
      if (dates !== undefined && !dates.includes(groups.date)) continue;
      const id = `${groups.date}/${groups.account}`;
      const snapshot = snapshots.get(id) ?? {
        directory,
        date: groups.date,
        accountId: groups.account,
        files: new Map<InventoryKind, string>(),
      };
      const earlier = snapshot.files.get(kind);
      if (earlier !== undefined) {
        throw new InventoryDirectoryError(
          `${path}: account ${groups.account} already has a ${kind} file of ${groups.date} in ${earlier}; give one copy of the inventory`,
        );
      }
      snapshot.files.set(kind, path);
      snapshots.set(id, snapshot);
    }
  }
  return [...snapshots.values()].sort(
    (a, b) => compareText(a.date, b.date) || compareText(a.accountId, b.accountId),
  );
}

/**
 * Reads and validates one snapshot: its four files, every line a valid record of the account (an
 * InventoryFileError names the file and the line otherwise: malformed JSON, an unknown column...).
 */
export async function readInventorySnapshot(location: InventorySnapshotFiles): Promise<InventorySnapshot> {
  const missing = INVENTORY_KINDS.filter((kind) => !location.files.has(kind));
  if (missing.length > 0) {
    // Named where its siblings are: below the directory given, or below its inventory/ folder.
    const fileOf = (kind: InventoryKind) =>
      belowPrefix(inventoryKey(location.date, location.accountId, kind))
        .split('/')
        .join(sep);
    const [presentKind, presentPath] = [...location.files][0] ?? [];
    const base =
      presentKind === undefined || presentPath === undefined
        ? location.directory
        : presentPath.slice(0, presentPath.length - fileOf(presentKind).length);
    const expected = missing.map((kind) => join(base, fileOf(kind)));
    throw new InventoryDirectoryError(
      `${expected.join(', ')}: missing; the inventory of account ${location.accountId} on ${location.date} is incomplete (collect-inventory writes ${INVENTORY_KINDS.join(', ')})`,
    );
  }
  const read = async (kind: InventoryKind): Promise<[InventoryKind, InventorySnapshotFile]> => {
    const source = location.files.get(kind) as string;
    // Bytes, not 'utf8' text: invalid UTF-8 is refused by the parser, never replaced in silence.
    return [kind, { source, text: await readFile(source) }];
  };
  const files = Object.fromEntries(await Promise.all(INVENTORY_KINDS.map(read))) as Record<
    InventoryKind,
    InventorySnapshotFile
  >;
  return parseInventorySnapshot(location.accountId, location.date, files);
}
