/** Where in an input file a problem was found. Lines count from 1 (the header is line 1). */
export interface InputLocation {
  readonly source: string;
  readonly line?: number;
  readonly column?: string;
}

/**
 * A credential report that cannot be trusted. Carries the file, line and column so that a person can
 * find the problem without reading code; nothing is computed from a report that raised it.
 */
export class CredentialReportError extends Error {
  readonly source: string;
  readonly line: number | undefined;
  readonly column: string | undefined;

  constructor(location: InputLocation, problem: string) {
    super(`${formatLocation(location)}: ${problem}`);
    this.name = 'CredentialReportError';
    this.source = location.source;
    this.line = location.line;
    this.column = location.column;
  }
}

/** A configuration that does not validate; the message lists every offending field at once. */
export class ConfigError extends Error {
  readonly source: string;
  readonly problems: readonly string[];

  constructor(source: string, problems: readonly string[]) {
    super(`invalid configuration in ${source}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.source = source;
    this.problems = problems;
  }
}

export function formatLocation({ source, line, column }: InputLocation): string {
  let text = source;
  if (line !== undefined) text += `:${line}`;
  if (column !== undefined) text += ` (column ${column})`;
  return text;
}

/** An error as one line for a result, a log or a summary: its name and message. */
export const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);
