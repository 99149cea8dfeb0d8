import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  compareText,
  findInputFiles,
  InputPathError,
  validateCredentialReport,
  type Config,
  type ValidatedReport,
} from '@credential-tracker/core';
import type { InventoryUser } from '@credential-tracker/core/inventory';
import { loadCatalog, type Finding } from './catalog.js';
import { severityRank, type FindingRow, type Severity } from './contract.js';
import { DuckDbFindingEngine, isPlainCsvPath } from './duckdb-engine.js';
import { utcDate } from './parameters.js';

/** A problem with what was asked to scan (a missing path, no reports, one account twice). */
export class ScanInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScanInputError';
  }
}

export interface ScannedReport {
  readonly account_id: string;
  readonly source: string;
  readonly users: number;
}

export interface ScanFinding extends FindingRow {
  readonly finding: string;
  readonly severity: Severity;
}

export interface ScanResult {
  readonly as_of: Date;
  readonly reports: readonly ScannedReport[];
  readonly findings: readonly ScanFinding[];
  /** The catalog the scan ran, for renderers that show titles and empty findings. */
  readonly catalog: readonly Finding[];
}

export interface ScanOptions {
  readonly asOf: Date;
  readonly config: Config;
  readonly catalog?: readonly Finding[];
  /** Called after each file is read and validated. */
  readonly onProgress?: (filesDone: number, filesTotal: number) => void;
  /** Called with each validated report, for callers that need its rows besides the findings (plan). */
  readonly onReport?: (report: ValidatedReport) => void;
  /**
   * Inventory users of the same day (validated snapshots), for the findings over the inventory
   * (review-revoke); loaded under the scan's report date, like the reports. None by default.
   */
  readonly inventoryUsers?: readonly InventoryUser[];
}

// The S3 layout names each report after its account: credential-reports/date=.../<account_id>.csv
const ACCOUNT_FILE = /^(\d{12})\.csv$/i;

/**
 * The *.csv files named or found (recursively) under the paths, sorted, each real file once.
 * Symlinks are followed (core's findInputFiles); a dangling one, a loop or a FIFO is refused.
 */
export async function findReportFiles(paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) throw new ScanInputError('no report file or directory given');
  let files: string[];
  try {
    files = await findInputFiles(paths, (name) => name.toLowerCase().endsWith('.csv'));
  } catch (error) {
    if (error instanceof InputPathError) throw new ScanInputError(error.message);
    throw error;
  }
  if (files.length === 0) {
    throw new ScanInputError(`no *.csv credential report under ${paths.join(', ')}`);
  }
  return files;
}

/**
 * Validates every file, then runs the whole catalog over them on DuckDB. Any invalid file stops the
 * scan before a single query runs: a partial result would look like a clean bill of health.
 */
export async function scanReportFiles(files: readonly string[], options: ScanOptions): Promise<ScanResult> {
  const catalog = options.catalog ?? loadCatalog();
  const reportDate = utcDate(options.asOf);
  const engine = await DuckDbFindingEngine.create();
  try {
    const reports: ScannedReport[] = [];
    const sourceOfAccount = new Map<string, string>();
    // Validated files DuckDB reads itself once all are validated; the rest go through the appender.
    const csvFiles: string[] = [];
    let csvRows = 0;
    for (const [index, file] of files.entries()) {
      const expectedAccountId = ACCOUNT_FILE.exec(basename(file))?.[1];
      const report = validateCredentialReport(await readFile(file), { source: file, expectedAccountId });
      const earlier = sourceOfAccount.get(report.accountId);
      if (earlier !== undefined) {
        throw new ScanInputError(
          `${file}: account ${report.accountId} already comes from ${earlier}; scan one report per account (one date= folder)`,
        );
      }
      sourceOfAccount.set(report.accountId, file);
      if (isPlainCsvPath(file)) {
        csvFiles.push(file);
        csvRows += report.cells.length;
      } else {
        await engine.load(report, reportDate);
      }
      options.onReport?.(report);
      reports.push({ account_id: report.accountId, source: file, users: report.cells.length });
      options.onProgress?.(index + 1, files.length);
    }

    await engine.loadValidatedFiles(csvFiles, csvRows, reportDate);
    if (options.inventoryUsers?.length) await engine.loadInventoryUsers(options.inventoryUsers, reportDate);

    const findings: ScanFinding[] = [];
    for (const finding of catalog) {
      const rows = await engine.run(finding, { asOf: options.asOf, reportDate, config: options.config });
      for (const row of rows) findings.push({ finding: finding.id, severity: finding.severity, ...row });
    }
    findings.sort(compareFindings);
    return { as_of: options.asOf, reports, findings, catalog };
  } finally {
    engine.close();
  }
}

function compareFindings(a: ScanFinding, b: ScanFinding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    compareText(a.finding, b.finding) ||
    compareText(a.account_id, b.account_id) ||
    compareText(a.user_name, b.user_name) ||
    compareText(a.credential, b.credential)
  );
}
