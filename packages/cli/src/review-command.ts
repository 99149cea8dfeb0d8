import { mkdir, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import {
  credentialReportRows,
  DEFAULT_CONFIG,
  isCalendarDate,
  loadConfigFile,
  type Config,
  type CredentialReportRow,
} from '@credential-tracker/core';
import type { InventorySnapshot } from '@credential-tracker/core/inventory';
import { findReportFiles, type Finding, type ScanFinding } from '@credential-tracker/findings/local';
import {
  defaultReviewAsOf,
  renderReview,
  reviewAccount,
  reviewFileName,
  type AccessReview,
} from '@credential-tracker/review';
import { UsageError, type ReviewCommand } from './arguments.js';
import type { CliIo } from './cli-io.js';
import {
  findInventory,
  InventoryInputError,
  readInventory,
  type InventoryLocation,
} from './inventory-files.js';
import { emit, OutputFileError, writeOutput } from './output.js';
import { scanFilesWithProgress } from './scan-files.js';

export interface ReviewOptions {
  /** The findings the credential reports are scanned with; the whole catalog by default. */
  readonly catalog?: readonly Finding[];
}

/** What the credential reports of the day add to the review of each account. */
interface ReportFacts {
  readonly rows: ReadonlyMap<string, readonly CredentialReportRow[]>;
  readonly findings: readonly ScanFinding[];
}

/**
 * `credential-tracker review`: the access review of each account of one day's inventory, with the
 * same day's credential reports when given (console, MFA, last activity, and the open findings of a
 * local scan). One account goes to stdout or the --out file; several need --out DIR, one file each.
 */
export async function review(command: ReviewCommand, io: CliIo, options: ReviewOptions = {}): Promise<void> {
  const locations = selectSnapshots(await findInventory(command.inventoryDir), command);
  const date = (locations[0] as InventoryLocation).date;
  const multiple = locations.length > 1;
  if (multiple && command.out === undefined) {
    throw new UsageError(
      `${locations.length} accounts have an inventory of ${date} (${listed(locations.map((location) => location.accountId))}): give --account ID for one on stdout, or --out DIR for a file each`,
      'review',
    );
  }
  const config = command.configPath === undefined ? DEFAULT_CONFIG : loadConfigFile(command.configPath);
  const snapshots = await Promise.all(locations.map(readInventory));
  // The findings of day D are computed when the run of D starts; its start is the default as-of.
  const asOf = command.asOf ?? defaultReviewAsOf(date);
  const facts =
    command.reportsDir === undefined
      ? undefined
      : await readReports(
          command.reportsDir,
          { date, asOf, config, catalog: options.catalog, inventory: snapshots },
          io,
        );
  // The scan's findings count for an account only with its report (reviewAccount).
  const reviews = snapshots.map((inventory) =>
    reviewAccount(inventory, {
      asOf,
      credentialReport: facts?.rows.get(inventory.account_id),
      findings: facts?.findings,
    }),
  );

  const out = command.out;
  if (out === undefined || !(multiple || (await isDirectory(out)))) {
    await emit(renderReview(command.format, reviews[0] as AccessReview), out, io);
    return;
  }
  await makeDirectory(out);
  for (const accountReview of reviews) {
    const file = join(out, reviewFileName(accountReview, command.format));
    await writeOutput(file, renderReview(command.format, accountReview));
    io.stdout.write(`${file}\n`);
  }
}

/** The file an account's review is written to in an --out directory (the library's name for it). */
export { reviewFileName };

function selectSnapshots(all: readonly InventoryLocation[], command: ReviewCommand): InventoryLocation[] {
  const dates = [...new Set(all.map((location) => location.date))];
  // findInventory finds at least one snapshot, so there is a latest date.
  const date = command.date ?? dates.at(-1) ?? '';
  const ofDate = all.filter((location) => location.date === date);
  if (ofDate.length === 0) {
    throw new InventoryInputError(
      `no inventory of ${date} under ${command.inventoryDir}; its dates are ${listed(dates)}`,
    );
  }
  if (command.accounts.length === 0) return ofDate;
  const present = new Set(ofDate.map((location) => location.accountId));
  const absent = command.accounts.filter((account) => !present.has(account));
  if (absent.length > 0) {
    throw new InventoryInputError(
      `no inventory of account ${absent.join(', ')} on ${date} under ${command.inventoryDir}; its accounts that day are ${listed([...present])}`,
    );
  }
  return ofDate.filter((location) => command.accounts.includes(location.accountId));
}

/**
 * The credential reports of the review's date under --reports (a file in a date=YYYY-MM-DD folder of
 * another date is left out; one outside any date= folder is read), validated and scanned like `scan`.
 */
async function readReports(
  reportsDir: string,
  scan: {
    date: string;
    asOf: Date;
    config: Config;
    catalog: readonly Finding[] | undefined;
    inventory: readonly InventorySnapshot[];
  },
  io: CliIo,
): Promise<ReportFacts> {
  const { date } = scan;
  const files = (await findReportFiles([reportsDir])).filter((file) => {
    const folders = file.split(/[\\/]/).filter((part) => /^date=\d{4}-\d{2}-\d{2}$/.test(part));
    // Left out as another day's would hide it: a folder no day can have is refused, as the inventory's.
    const impossible = folders.find((folder) => !isCalendarDate(folder.slice('date='.length)));
    if (impossible !== undefined) {
      throw new InventoryInputError(`${file}: ${impossible} is not a day of the calendar`);
    }
    return folders.length === 0 || folders.includes(`date=${date}`);
  });
  if (files.length === 0) {
    throw new InventoryInputError(
      `no credential report of ${date} under ${reportsDir} (expected credential-reports/date=${date}/<account_id>.csv)`,
    );
  }
  const rows = new Map<string, CredentialReportRow[]>();
  const result = await scanFilesWithProgress(
    files,
    {
      asOf: scan.asOf,
      config: scan.config,
      catalog: scan.catalog,
      // The findings over the inventory (review-revoke) see the users being reviewed.
      inventoryUsers: scan.inventory.flatMap((snapshot) => snapshot.users),
      onReport: (report) => rows.set(report.accountId, credentialReportRows(report)),
    },
    io,
  );
  return { rows, findings: result.findings };
}

async function isDirectory(path: string): Promise<boolean> {
  if (path.endsWith('/') || path.endsWith(sep)) return true;
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function makeDirectory(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
  } catch (error) {
    throw new OutputFileError(path, (error as Error).message);
  }
}

function listed(values: readonly string[]): string {
  return values.length <= 6
    ? values.join(', ')
    : `${values.slice(0, 6).join(', ')} and ${values.length - 6} more`;
}
