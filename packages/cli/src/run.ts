import {
  DEFAULT_CONFIG,
  credentialReportRows,
  liveStateFromReportRow,
  loadConfigFile,
  planRemediations,
  type Config,
  type LiveUserState,
  type ValidatedReport,
} from '@credential-tracker/core';
import {
  findReportFiles,
  loadCatalog,
  type Finding,
  type ScanResult,
} from '@credential-tracker/findings/local';
import { parseCommandLine, type PlanCommand, type ScanCommand } from './arguments.js';
import type { CliIo } from './cli-io.js';
import { errorLines } from './error-line.js';
import { failOnMet } from './fail-on.js';
import { HELP } from './help.js';
import { emit, emitChunks } from './output.js';
import { renderPlan } from './render/plan.js';
import { renderScanChunks, type OutputFormat } from './render/render.js';
import { review } from './review-command.js';
import { scanFilesWithProgress } from './scan-files.js';
import { cliVersion } from './version.js';

export { OutputFileError } from './output.js';

export const EXIT_OK = 0;
export const EXIT_FAIL_ON_MET = 1;
export const EXIT_BAD_INPUT = 2;

export interface RunOptions {
  /** The findings to run; the whole catalog by default. */
  readonly catalog?: readonly Finding[];
}

/**
 * The whole command, without a process: parses argv (the arguments after the program name), scans,
 * writes, and returns the exit code. Every failure is one line on stderr and nothing on stdout.
 */
export async function run(argv: readonly string[], io: CliIo, options: RunOptions = {}): Promise<number> {
  try {
    const command = parseCommandLine(argv);
    switch (command.kind) {
      case 'help':
        io.stdout.write(HELP[command.topic]);
        return EXIT_OK;
      case 'version':
        io.stdout.write(`${cliVersion()}\n`);
        return EXIT_OK;
      case 'scan':
        return await scan(command, io, options);
      case 'plan':
        return await plan(command, io, options);
      case 'review':
        await review(command, io, options);
        return EXIT_OK;
    }
  } catch (error) {
    io.stderr.write(errorLines(error, io.env?.CREDENTIAL_TRACKER_DEBUG === '1'));
    return EXIT_BAD_INPUT;
  }
}

/**
 * What scan and plan share: the configuration, the as-of time, the report files and their scan on
 * DuckDB, with a progress line on a terminal.
 */
async function scanCommandReports(
  command: ScanCommand | PlanCommand,
  io: CliIo,
  catalog: readonly Finding[] | undefined,
  onReport?: (report: ValidatedReport) => void,
): Promise<{ config: Config; result: ScanResult }> {
  const config = command.configPath === undefined ? DEFAULT_CONFIG : loadConfigFile(command.configPath);
  const asOf = command.asOf ?? (io.now ?? (() => new Date()))();
  const files = await findReportFiles(command.paths);
  const result = await scanFilesWithProgress(files, { asOf, config, catalog, onReport }, io);
  return { config, result };
}

async function scan(command: ScanCommand, io: CliIo, options: RunOptions): Promise<number> {
  const { result } = await scanCommandReports(command, io, options.catalog);
  const toTerminal = command.out === undefined && io.stdout.isTTY === true;
  const format: OutputFormat = command.format ?? (toTerminal ? 'table' : 'json');
  await emitChunks(
    renderScanChunks(format, result, { color: toTerminal && !io.env?.NO_COLOR }),
    command.out,
    io,
  );
  return command.failOn !== undefined && failOnMet(result.findings, command.failOn)
    ? EXIT_FAIL_ON_MET
    : EXIT_OK;
}

/**
 * The decisions the planner would take on the reports: the findings that have a remediation, and each
 * user's live state as its report row tells it (no tags, groups or secrets, so nothing is enforced).
 */
async function plan(command: PlanCommand, io: CliIo, options: RunOptions): Promise<number> {
  const remediable = (options.catalog ?? loadCatalog()).filter((finding) => finding.remediation !== null);
  const users: LiveUserState[] = [];
  const { config, result } = await scanCommandReports(command, io, remediable, (report) => {
    for (const row of credentialReportRows(report)) users.push(liveStateFromReportRow(row));
  });
  const findings = remediable.flatMap((finding) =>
    finding.remediation === null
      ? []
      : [
          {
            finding: finding.remediation,
            targets: result.findings.filter((row) => row.finding === finding.id),
          },
        ],
  );
  const remediationPlan = planRemediations({ findings, users, config, asOf: result.as_of });
  await emit(renderPlan(command.format, { plan: remediationPlan, reports: result.reports }), command.out, io);
  return EXIT_OK;
}
