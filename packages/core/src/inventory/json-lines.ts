// The inventory files as JSON Lines: one record a line, keys in the schema's order, a trailing
// newline; and reading them back, every line checked, any problem named by file and line.
import { INVENTORY_KINDS, type InventoryKind, type InventorySnapshot } from './records.js';
import {
  INVENTORY_NAME_FIELDS,
  INVENTORY_SCHEMAS,
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
  return result.data as InventoryRecord<Kind>;
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

/**
 * Every record of one file (users.jsonl...), validated line by line: JSON, the schema, one account,
 * no name twice. A trailing newline and CRLF line ends are fine; an empty line inside is not.
 */
export function parseInventoryFile<Kind extends InventoryKind>(
  kind: Kind,
  text: string,
  source: string,
  options: InventoryFileOptions = {},
): InventoryRecord<Kind>[] {
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
    const name = (record as unknown as Record<string, string>)[nameField] as string;
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw new InventoryFileError(source, line, `${nameField} ${name} is already on line ${earlier}`);
    }
    seen.set(name, line);
    return record;
  });
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
  readonly text: string;
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
