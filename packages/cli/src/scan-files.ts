import type { Config, ValidatedReport } from '@credential-tracker/core';
import type { InventoryUser } from '@credential-tracker/core/inventory';
import { scanReportFiles, type Finding, type ScanResult } from '@credential-tracker/findings/local';
import type { CliIo } from './cli-io.js';
import { progressFor } from './progress.js';

export interface ScanFilesOptions {
  readonly asOf: Date;
  readonly config: Config;
  /** The findings to run; the whole catalog by default. */
  readonly catalog?: readonly Finding[] | undefined;
  readonly onReport?: (report: ValidatedReport) => void;
  /** Inventory users of the scan's date, for the findings over the inventory (review-revoke). */
  readonly inventoryUsers?: readonly InventoryUser[];
}

/** What scan, plan and review share: the report files' scan on DuckDB, with a progress line on a terminal. */
export async function scanFilesWithProgress(
  files: readonly string[],
  options: ScanFilesOptions,
  io: CliIo,
): Promise<ScanResult> {
  const progress = progressFor(io.stderr, files.length);
  try {
    return await scanReportFiles(files, {
      asOf: options.asOf,
      config: options.config,
      ...(options.catalog ? { catalog: options.catalog } : {}),
      ...(options.onReport ? { onReport: options.onReport } : {}),
      ...(options.inventoryUsers ? { inventoryUsers: options.inventoryUsers } : {}),
      ...(progress ? { onProgress: (done: number, total: number) => progress.update(done, total) } : {}),
    });
  } finally {
    // Erased before anything else is written: an error line or the table starts on a clean line.
    progress?.clear();
  }
}
