// The inventory files as JSON Lines: one record a line, keys in the schema's order, a trailing
// newline; and reading them back, every line checked, any problem named by file and line.
import { strictUtf8Text } from '../utf8-text.js';
import { INVENTORY_KINDS, type InventoryKind, type InventorySnapshot } from './records.js';
import {
  INVENTORY_NAME_FIELDS,
  INVENTORY_SCHEMAS,
  recordArnProblem,
  recordTagProblem,
  type InventoryRecord,
  type InventoryRecords,
} from './schemas.js';

/** An inventory line that cannot be trusted: `<file>:<line>: <problem>`, nothing is read from the file. */
export class InventoryFileError extends Error {
  readonly source: string;
  readonly line: number | undefined;

  constructor(source: string, line: number | undefined, problem: string) {
    super(`${source}${line === undefined ? '' : `:${line}`}: ${problem}`);
    this.name = 'InventoryFileError';
    this.source = source;
    this.line = line;
  }
}

interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

const describeIssues = (kind: InventoryKind, issues: readonly Issue[]): string =>
  `not a valid ${kind} record: ${issues
    .map((issue) =>
      issue.path.length ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ')}`;

/** The record, rebuilt by its schema (keys in the schema's order), or the problems of the line. */
function checkRecord<Kind extends InventoryKind>(
  kind: Kind,
  value: unknown,
  source: string,
  line: number,
): InventoryRecord<Kind> {
  const result = INVENTORY_SCHEMAS[kind].safeParse(value);
  if (!result.success) throw new InventoryFileError(source, line, describeIssues(kind, result.error.issues));
  const record = result.data as InventoryRecord<Kind>;
  const problem = recordArnProblem(kind, record);
  if (problem !== undefined) {
    throw new InventoryFileError(source, line, describeIssues(kind, [{ path: ['arn'], message: problem }]));
  }
  const tagProblem = recordTagProblem(record);
  if (tagProblem !== undefined)
    throw new InventoryFileError(source, line, describeIssues(kind, [tagProblem]));
  return record;
}

/**
 * One file's text: each record checked and written with its keys in the schema's order, one a line,
 * each line ending in a newline (an empty list is an empty file). Records stay in the order given:
 * the snapshot is already sorted.
 */
export function formatInventoryLines<Kind extends InventoryKind>(
  kind: Kind,
  records: readonly InventoryRecords[Kind][],
  source = `${kind}.jsonl`,
): string {
  return records
    .map((record, index) => `${JSON.stringify(checkRecord(kind, record, source, index + 1))}\n`)
    .join('');
}

/** One line of a `kind` file: JSON, then the record's schema. `line` counts from 1. */
export function parseInventoryLine<Kind extends InventoryKind>(
  kind: Kind,
  text: string,
  source: string,
  line: number,
): InventoryRecord<Kind> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InventoryFileError(source, line, `not a JSON line (${(error as Error).message})`);
  }
  return checkRecord(kind, value, source, line);
}

export interface InventoryFileOptions {
  /** Every record must belong to this account (the file's `<account_id>/` folder). */
  readonly accountId?: string;
}

/** The bytes of an inventory file (an S3 object, a file) or its text already decoded. */
export type InventoryFileInput = string | Uint8Array;

/**
 * Every record of one file (users.jsonl...), validated line by line: UTF-8 text, JSON, the schema,
 * one account, no name twice. A BOM, a trailing newline and CRLF line ends are fine; an empty line
 * inside, a raw control character or a CR-only line end is not.
 */
export function parseInventoryFile<Kind extends InventoryKind>(
  kind: Kind,
  input: InventoryFileInput,
  source: string,
  options: InventoryFileOptions = {},
): InventoryRecord<Kind>[] {
  const text = decodeInventoryText(input, source);
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  if (lines.at(-1) === '') lines.pop();
  const nameField = INVENTORY_NAME_FIELDS[kind];
  const seen = new Map<string, number>();
  let accountId = options.accountId;
  return lines.map((lineText, index) => {
    const line = index + 1;
    if (lineText.trim() === '') throw new InventoryFileError(source, line, 'an empty line');
    const record = parseInventoryLine(kind, lineText, source, line);
    accountId ??= record.account_id;
    if (record.account_id !== accountId) {
      throw new InventoryFileError(
        source,
        line,
        `account_id ${record.account_id} where the file holds account ${accountId}`,
      );
    }
    // IAM names are unique case-insensitively: Bob and bob cannot both exist in one account.
    const name = ((record as unknown as Record<string, string>)[nameField] as string).toLowerCase();
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw new InventoryFileError(
        source,
        line,
        `${nameField} ${(record as unknown as Record<string, string>)[nameField]} is already on line ${earlier}`,
      );
    }
    seen.set(name, line);
    return record;
  });
}

// JSON.stringify writes no raw control character, and lines end in LF (CRLF after a copy): one
// search over the whole text finds a NUL, a stray control character or a CR-only line end.
// eslint-disable-next-line no-control-regex -- the control characters are what is refused
const UNEXPECTED_CHARACTER = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]|\r(?!\n)/;

/** The file's text: UTF-8 (fatal: no silent replacement character), without a BOM, checked for raw controls. */
function decodeInventoryText(input: InventoryFileInput, source: string): string {
  const text = strictUtf8Text(input);
  if (text === undefined) {
    throw new InventoryFileError(
      source,
      undefined,
      'not valid UTF-8 text (a UTF-16 file, or a binary one?); collect-inventory writes UTF-8 JSON lines',
    );
  }
  const match = UNEXPECTED_CHARACTER.exec(text);
  if (match) {
    const offset = match.index;
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    let line = 1;
    for (let at = text.indexOf('\n'); at !== -1 && at < lineStart; at = text.indexOf('\n', at + 1)) line += 1;
    const code = text.charCodeAt(offset);
    const what =
      code === 0
        ? 'a NUL byte (a binary file, or UTF-16 text?)'
        : code === 0x0d
          ? 'a carriage return without a line feed (old Mac, CR-only line ends?)'
          : `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    throw new InventoryFileError(
      source,
      line,
      `${what} at character ${offset - lineStart + 1}; an inventory line is one JSON record, which holds none`,
    );
  }
  return text;
}

/** The four files of a snapshot, in INVENTORY_KINDS order, as collect-inventory writes them. */
export function inventorySnapshotFiles(
  snapshot: InventorySnapshot,
): { readonly kind: InventoryKind; readonly text: string; readonly records: number }[] {
  return INVENTORY_KINDS.map((kind) => {
    const records = snapshot[kind] as readonly InventoryRecords[typeof kind][];
    return { kind, text: formatInventoryLines(kind, records), records: records.length };
  });
}

export interface InventorySnapshotFile {
  /** Where the text came from (an S3 URI, a path): what errors name. */
  readonly source: string;
  /** The object's bytes (decoded here, strictly) or its text. */
  readonly text: InventoryFileInput;
}

/** One account's snapshot from the text of its four files, each checked as parseInventoryFile does. */
export function parseInventorySnapshot(
  accountId: string,
  date: string,
  files: Readonly<Record<InventoryKind, InventorySnapshotFile>>,
): InventorySnapshot {
  const read = <Kind extends InventoryKind>(kind: Kind) =>
    parseInventoryFile(kind, files[kind].text, files[kind].source, { accountId });
  return {
    account_id: accountId,
    date,
    users: read('users'),
    groups: read('groups'),
    roles: read('roles'),
    policies: read('policies'),
  };
}
