import { parseArgs } from 'node:util';
import { SEVERITIES, type Severity } from '@credential-tracker/findings';
import { REVIEW_FORMATS, type ReviewFormat } from '@credential-tracker/review';
import { PLAN_FORMATS, type PlanFormat } from './render/plan.js';
import { OUTPUT_FORMATS, type OutputFormat } from './render/render.js';

/** The commands, as their names are typed. */
export const COMMANDS = ['scan', 'plan', 'review'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** The command line does not say something the command can do; the message is one line. */
export class UsageError extends Error {
  /** The command whose help explains the mistake; undefined for the top level. */
  readonly command: CommandName | undefined;

  constructor(message: string, command?: CommandName) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

export interface ScanCommand {
  readonly kind: 'scan';
  readonly paths: readonly string[];
  /** Undefined means now. */
  readonly asOf: Date | undefined;
  readonly configPath: string | undefined;
  /** Undefined means table on a terminal, json elsewhere. */
  readonly format: OutputFormat | undefined;
  readonly out: string | undefined;
  readonly failOn: Severity | undefined;
}

export interface PlanCommand {
  readonly kind: 'plan';
  readonly paths: readonly string[];
  /** Undefined means now. */
  readonly asOf: Date | undefined;
  readonly configPath: string | undefined;
  readonly format: PlanFormat;
  readonly out: string | undefined;
}

export interface ReviewCommand {
  readonly kind: 'review';
  /** Walked for the inventory files, in the bucket's layout below inventory/ (s3-layout's inventoryKey). */
  readonly inventoryDir: string;
  /** YYYY-MM-DD; undefined means the latest date of the inventory. */
  readonly date: string | undefined;
  /** Account ids to review; empty means every account of the date. */
  readonly accounts: readonly string[];
  /** Credential reports (the date's are used): console, MFA, last activity and open findings. */
  readonly reportsDir: string | undefined;
  /** Undefined means the start of the inventory's date, UTC. */
  readonly asOf: Date | undefined;
  readonly configPath: string | undefined;
  readonly format: ReviewFormat;
  /** A file for one account, a directory for several; undefined means stdout. */
  readonly out: string | undefined;
}

export type Command =
  | { readonly kind: 'help'; readonly topic: 'main' | CommandName }
  | { readonly kind: 'version' }
  | ScanCommand
  | PlanCommand
  | ReviewCommand;

const SCAN_OPTIONS = {
  'as-of': { type: 'string', multiple: true },
  config: { type: 'string', multiple: true },
  format: { type: 'string', multiple: true },
  out: { type: 'string', multiple: true },
  'fail-on': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

const PLAN_OPTIONS = {
  'as-of': { type: 'string', multiple: true },
  config: { type: 'string', multiple: true },
  format: { type: 'string', multiple: true },
  out: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

const REVIEW_OPTIONS = {
  date: { type: 'string', multiple: true },
  account: { type: 'string', multiple: true },
  reports: { type: 'string', multiple: true },
  'as-of': { type: 'string', multiple: true },
  config: { type: 'string', multiple: true },
  format: { type: 'string', multiple: true },
  out: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

const TOP_LEVEL_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

/** Reads the arguments after the program name. Throws UsageError. */
export function parseCommandLine(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  const commands = `the commands are ${COMMANDS.join(', ')}`;
  if (first === undefined) throw new UsageError(`no command given; ${commands}`);
  if (first.startsWith('-')) {
    const { values } = reportingUsage(undefined, () =>
      parseArgs({ args: [...argv], options: TOP_LEVEL_OPTIONS, allowPositionals: false, strict: true }),
    );
    if (values.help) return { kind: 'help', topic: 'main' };
    return { kind: 'version' };
  }
  if (first === 'help') return { kind: 'help', topic: isCommandName(rest[0]) ? rest[0] : 'main' };
  if (first === 'scan') return parseScan(rest);
  if (first === 'plan') return parsePlan(rest);
  if (first === 'review') return parseReview(rest);
  throw new UsageError(`unknown command ${JSON.stringify(first)}; ${commands}`);
}

function isCommandName(word: string | undefined): word is CommandName {
  return (COMMANDS as readonly (string | undefined)[]).includes(word);
}

function parseScan(args: readonly string[]): Command {
  const { values, positionals } = reportingUsage('scan', () =>
    parseArgs({ args: [...args], options: SCAN_OPTIONS, allowPositionals: true, strict: true }),
  );
  if (values.help) return { kind: 'help', topic: 'scan' };
  if (positionals.length === 0) {
    throw new UsageError('scan needs at least one credential-report file or directory', 'scan');
  }
  const asOf = single(values, 'as-of', 'scan');
  const format = single(values, 'format', 'scan');
  const failOn = single(values, 'fail-on', 'scan');
  return {
    kind: 'scan',
    paths: positionals,
    asOf: asOf === undefined ? undefined : parseAsOf(asOf, 'scan'),
    configPath: nonEmpty(values, 'config', 'a JSON configuration file', 'scan'),
    format: format === undefined ? undefined : oneOf(format, OUTPUT_FORMATS, '--format', 'scan'),
    out: nonEmpty(values, 'out', 'a file to write', 'scan'),
    failOn: failOn === undefined ? undefined : oneOf(failOn, SEVERITIES, '--fail-on', 'scan'),
  };
}

function parsePlan(args: readonly string[]): Command {
  const { values, positionals } = reportingUsage('plan', () =>
    parseArgs({ args: [...args], options: PLAN_OPTIONS, allowPositionals: true, strict: true }),
  );
  if (values.help) return { kind: 'help', topic: 'plan' };
  if (positionals.length === 0) {
    throw new UsageError('plan needs at least one credential-report file or directory', 'plan');
  }
  const asOf = single(values, 'as-of', 'plan');
  const format = single(values, 'format', 'plan');
  return {
    kind: 'plan',
    paths: positionals,
    asOf: asOf === undefined ? undefined : parseAsOf(asOf, 'plan'),
    configPath: nonEmpty(values, 'config', 'a JSON configuration file', 'plan'),
    // A plan is read by a person before enforce is turned on: the table, unless json is asked for.
    format: format === undefined ? 'table' : oneOf(format, PLAN_FORMATS, '--format', 'plan'),
    out: nonEmpty(values, 'out', 'a file to write', 'plan'),
  };
}

function parseReview(args: readonly string[]): Command {
  const { values, positionals } = reportingUsage('review', () =>
    parseArgs({ args: [...args], options: REVIEW_OPTIONS, allowPositionals: true, strict: true }),
  );
  if (values.help) return { kind: 'help', topic: 'review' };
  const [inventoryDir, ...extra] = positionals;
  if (inventoryDir === undefined || inventoryDir === '') {
    throw new UsageError('review needs the inventory directory', 'review');
  }
  if (extra.length > 0) {
    throw new UsageError(
      `review reads one inventory directory; unexpected argument ${extra[0] ?? ''}`,
      'review',
    );
  }
  const date = single(values, 'date', 'review');
  const asOf = single(values, 'as-of', 'review');
  const format = single(values, 'format', 'review');
  const out = nonEmpty(values, 'out', 'a file or directory to write', 'review');
  const accounts = [...new Set(values.account ?? [])];
  for (const account of accounts) {
    if (!/^\d{12}$/.test(account)) {
      throw new UsageError(`--account ${JSON.stringify(account)} is not a 12-digit AWS account id`, 'review');
    }
  }
  return {
    kind: 'review',
    inventoryDir,
    date: date === undefined ? undefined : parseDate(date, 'review'),
    accounts: accounts.sort(),
    reportsDir: nonEmpty(values, 'reports', 'a credential-report directory', 'review'),
    asOf: asOf === undefined ? undefined : parseAsOf(asOf, 'review'),
    configPath: nonEmpty(values, 'config', 'a JSON configuration file', 'review'),
    // Without --format, the output file's extension decides (reviews.csv); a page otherwise.
    format:
      format !== undefined
        ? oneOf(format, REVIEW_FORMATS, '--format', 'review')
        : out !== undefined && /\.csv$/i.test(out)
          ? 'csv'
          : 'html',
    out,
  };
}

/** Parses --date: a real calendar day, YYYY-MM-DD. */
export function parseDate(text: string, command: CommandName): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const calendar = match ? new Date(`${text}T00:00:00Z`) : undefined;
  if (
    !match ||
    calendar === undefined ||
    Number.isNaN(calendar.getTime()) ||
    calendar.toISOString().slice(0, 10) !== text
  ) {
    throw new UsageError(
      `--date ${JSON.stringify(text)} is not a date (YYYY-MM-DD, e.g. 2024-06-01)`,
      command,
    );
  }
  return text;
}

function reportingUsage<T>(command: CommandName | undefined, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(describeParseError(error as Error & { code?: string }), command);
  }
}

// node:util's messages are several lines and suggest '--' tricks; one plain line serves better.
function describeParseError(error: Error & { code?: string }): string {
  const option = /'(?:-\w, )?(--?[\w-]+)/.exec(error.message)?.[1] ?? 'an option';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(error.message)
        ? `${option} does not take a value`
        : `${option} needs a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'([^']*)'/.exec(error.message)?.[1] ?? ''}`.trim();
    default:
      return error.message.split('\n')[0] ?? error.message;
  }
}

function single(values: Record<string, unknown>, name: string, command: CommandName): string | undefined {
  const given = values[name] as string[] | undefined;
  if (given === undefined) return undefined;
  if (given.length > 1)
    throw new UsageError(`--${name} is given ${given.length} times; give it once`, command);
  return given[0];
}

function nonEmpty(
  values: Record<string, unknown>,
  name: string,
  what: string,
  command: CommandName,
): string | undefined {
  const value = single(values, name, command);
  if (value === '') throw new UsageError(`--${name} needs ${what}`, command);
  return value;
}

function oneOf<T extends string>(
  value: string,
  allowed: readonly T[],
  option: string,
  command: CommandName,
): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option} ${JSON.stringify(value)} is not one of ${allowed.join(', ')}`, command);
}

// A date alone means UTC midnight; a time must say its zone, since a laptop's local zone would make
// the same command give different findings on different machines.
const AS_OF =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?)?$/;

/** Parses --as-of: 2024-06-01, 2024-06-01T12:00Z, 2024-06-01T12:00:00.000+02:00. */
export function parseAsOf(text: string, command: CommandName = 'scan'): Date {
  const example = 'e.g. 2024-06-01T00:00:00Z, or 2024-06-01 for midnight UTC';
  const match = AS_OF.exec(text);
  if (!match) {
    throw new UsageError(`--as-of ${JSON.stringify(text)} is not an ISO-8601 time (${example})`, command);
  }
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match
    .slice(1, 7)
    .map((part) => Number(part ?? 0));
  const hasTime = match[4] !== undefined;
  if (hasTime && match[7] === undefined) {
    throw new UsageError(
      `--as-of ${JSON.stringify(text)} has no time zone; add Z for UTC or an offset such as +02:00`,
      command,
    );
  }
  const calendar = new Date(Date.UTC(year, month - 1, day));
  const realDay = calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day;
  if (!realDay || hour > 23 || minute > 59 || second > 59) {
    throw new UsageError(`--as-of ${JSON.stringify(text)} is not a real date and time (${example})`, command);
  }
  return new Date(hasTime ? text : `${text}T00:00:00Z`);
}
