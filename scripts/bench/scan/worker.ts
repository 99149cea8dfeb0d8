/**
 * Scans one synthetic Organization in a process of its own, so that its peak memory (maxRSS, a
 * high-water mark no later work can lower) belongs to this size alone. Started by the scan benchmark
 * with an IPC channel; sends back one ScanMeasurement.
 *
 *   node --import tsx scripts/bench/scan/worker.ts <reports-dir> <as-of ISO>
 */
import { DEFAULT_CONFIG } from '@credential-tracker/core';
import { findReportFiles, scanReportFiles } from '@credential-tracker/findings/local';

export interface ScanMeasurement {
  readonly files: number;
  readonly users: number;
  readonly findings: number;
  readonly seconds: number;
  /** RSS once the modules are loaded, before the scan: the floor every size shares. */
  readonly baselineRssBytes: number;
  readonly peakRssBytes: number;
}

const [directory, asOfText] = process.argv.slice(2);
if (directory === undefined || asOfText === undefined || process.send === undefined) {
  throw new Error('usage: started by the scan benchmark with <reports-dir> <as-of ISO> and an IPC channel');
}

const baselineRssBytes = process.memoryUsage.rss();
const started = process.hrtime.bigint();
const files = await findReportFiles([directory]);
const result = await scanReportFiles(files, { asOf: new Date(asOfText), config: DEFAULT_CONFIG });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;

const measurement: ScanMeasurement = {
  files: result.reports.length,
  users: result.reports.reduce((sum, report) => sum + report.users, 0),
  findings: result.findings.length,
  seconds,
  baselineRssBytes,
  // resourceUsage reports maxRSS in kilobytes.
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
};
process.send(measurement);
