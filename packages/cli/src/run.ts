import { writeFile } from 'node:fs/promises';
import { DEFAULT_CONFIG, loadConfigFile } from '@credential-tracker/core';
import { findReportFiles, scanReportFiles, type Finding } from '@credential-tracker/findings/local';
import { parseCommandLine, type ScanCommand } from './arguments.js';
import type { CliIo } from './cli-io.js';
import { errorLines } from './error-line.js';
import { failOnMet } from './fail-on.js';
import { MAIN_HELP, SCAN_HELP } from './help.js';
import { progressFor } from './progress.js';
import { renderScan, type OutputFormat } from './render/render.js';
import { cliVersion } from './version.js';

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
        io.stdout.write(command.topic === 'scan' ? SCAN_HELP : MAIN_HELP);
        return EXIT_OK;
      case 'version':
        io.stdout.write(`${cliVersion()}\n`);
        return EXIT_OK;
      case 'scan':
        return await scan(command, io, options);
    }
  } catch (error) {
    io.stderr.write(errorLines(error, io.env?.CREDENTIAL_TRACKER_DEBUG === '1'));
    return EXIT_BAD_INPUT;
  }
}

async function scan(command: ScanCommand, io: CliIo, options: RunOptions): Promise<number> {
  const config = command.configPath === undefined ? DEFAULT_CONFIG : loadConfigFile(command.configPath);
  const asOf = command.asOf ?? (io.now ?? (() => new Date()))();
  const files = await findReportFiles(command.paths);
  const progress = progressFor(io.stderr, files.length);
  let result;
  try {
    result = await scanReportFiles(files, {
      asOf,
      config,
      ...(options.catalog ? { catalog: options.catalog } : {}),
      ...(progress ? { onProgress: (done: number, total: number) => progress.update(done, total) } : {}),
    });
  } finally {
    // Erased before anything else is written: an error line or the table starts on a clean line.
    progress?.clear();
  }

  const toTerminal = command.out === undefined && io.stdout.isTTY === true;
  const format: OutputFormat = command.format ?? (toTerminal ? 'table' : 'json');
  const output = renderScan(format, result, { color: toTerminal && !io.env?.NO_COLOR });
  if (command.out === undefined) {
    io.stdout.write(output);
  } else {
    await writeOutput(command.out, output);
  }
  return command.failOn !== undefined && failOnMet(result.findings, command.failOn)
    ? EXIT_FAIL_ON_MET
    : EXIT_OK;
}

/** A file that cannot be written is bad input (a missing directory, no permission), not a crash. */
export class OutputFileError extends Error {
  constructor(path: string, problem: string) {
    super(`${path}: cannot write the output: ${problem}`);
    this.name = 'OutputFileError';
  }
}

async function writeOutput(path: string, output: string): Promise<void> {
  try {
    await writeFile(path, output, 'utf8');
  } catch (error) {
    throw new OutputFileError(path, (error as Error).message);
  }
}
