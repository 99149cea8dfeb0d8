import { ConfigError } from '@credential-tracker/core';
import { UsageError } from './arguments.js';

const PROGRAM = 'credential-tracker';

/**
 * The one line a failure prints on stderr. Known input errors already name the file, line and column
 * (or every bad config field); anything else gets its message, and its stack only when debugging.
 */
export function errorLines(error: unknown, debug: boolean): string {
  const line = `${PROGRAM}: ${oneLine(describe(error))}\n`;
  if (debug && error instanceof Error && error.stack) return `${line}${error.stack}\n`;
  return line;
}

function describe(error: unknown): string {
  if (error instanceof UsageError) {
    const help = error.command ? `${PROGRAM} ${error.command} --help` : `${PROGRAM} --help`;
    return `${error.message} (see ${help})`;
  }
  if (error instanceof ConfigError) {
    return `invalid configuration in ${error.source}: ${error.problems.join('; ')}`;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
