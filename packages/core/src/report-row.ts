import { CREDENTIAL_REPORT_COLUMNS, ROOT_USER_NAME, type CredentialReportColumn } from './columns.js';
import {
  absentMarker,
  ABSENT_MARKERS,
  iamTimestampMillis,
  isIamTimestamp,
  NOT_APPLICABLE,
  type AbsentMarker,
  type BooleanOrAbsent,
  type TextOrAbsent,
  type TimestampOrAbsent,
} from './values.js';

const MARKERS_TEXT = ABSENT_MARKERS.join(', ');

const quoted = (text: string): string => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);

/**
 * One kind of cell: `accepts` is the validation, on the text alone and allocating nothing; `refusal`
 * says why a cell is refused, computed only for the cell that fails; `value` types a cell that was
 * accepted. Hand-written rather than a zod schema: validation runs on every cell of every report (22
 * million cells at a million users), where zod's per-cell payloads and typed copies cost most of a
 * scan's JavaScript time. The messages are the ones the zod schema gave.
 */
interface CellKind<T> {
  readonly accepts: (text: string) => boolean;
  readonly refusal: (text: string) => string;
  readonly value: (text: string) => T;
}

const isMarker = (text: string): boolean => absentMarker(text) !== undefined;
const absent = (text: string): { absent: AbsentMarker } => ({ absent: text as AbsentMarker });

const timestamp: CellKind<Date> = {
  accepts: isIamTimestamp,
  refusal: (text) => `${quoted(text)} is not an ISO-8601 timestamp`,
  value: (text) => new Date(iamTimestampMillis(text)),
};

const timestampOrAbsent: CellKind<TimestampOrAbsent> = {
  accepts: (text) => isMarker(text) || isIamTimestamp(text),
  refusal: (text) => `${quoted(text)} is neither an ISO-8601 timestamp nor one of ${MARKERS_TEXT}`,
  value: (text) => (isMarker(text) ? absent(text) : new Date(iamTimestampMillis(text))),
};

const boolean: CellKind<boolean> = {
  accepts: (text) => text === 'true' || text === 'false',
  refusal: (text) => `${quoted(text)} is not a boolean (true or false)`,
  value: (text) => text === 'true',
};

const booleanOrAbsent: CellKind<BooleanOrAbsent> = {
  accepts: (text) => text === 'true' || text === 'false' || isMarker(text),
  refusal: (text) => `${quoted(text)} is neither a boolean (true or false) nor one of ${MARKERS_TEXT}`,
  value: (text) => (isMarker(text) ? absent(text) : text === 'true'),
};

// A region (eu-west-1, us-gov-west-1) or a service namespace (s3, execute-api): IAM writes nothing
// else there, and the value reaches HTML, CSV and email, so anything else is refused, not escaped.
const REGION_OR_SERVICE = /^[a-z0-9-]{1,64}$/;

const regionOrServiceOrAbsent = (what: string): CellKind<TextOrAbsent> => ({
  accepts: (text) => isMarker(text) || REGION_OR_SERVICE.test(text),
  refusal: (text) =>
    text.length === 0
      ? `is empty; expected ${what} or one of ${MARKERS_TEXT}`
      : `${quoted(text)} is not ${what} (1-64 of a-z, 0-9 and -) nor one of ${MARKERS_TEXT}`,
  value: (text) => (isMarker(text) ? absent(text) : text),
});

const region = regionOrServiceOrAbsent('an AWS region');
const service = regionOrServiceOrAbsent('an AWS service namespace');

const matching = (pattern: RegExp, what: string): CellKind<string> => ({
  accepts: (text) => pattern.test(text),
  refusal: (text) => `${quoted(text)} is not ${what}`,
  value: (text) => text,
});

// IAM user names: 1-64 characters of [\w+=,.@-]; the root row is <root_account>.
const userName = matching(/^(?:[\w+=,.@-]{1,64}|<root_account>)$/, 'an IAM user name');

// IAM paths are at most 512 characters, so an ARN is bounded too (no absurdly long value passes).
const userArn = matching(
  /^arn:aws[a-z-]*:iam::\d{12}:(?:root|user\/(?:[\w+=,.@/-]{0,510}\/)?[\w+=,.@-]{1,64})$/,
  'an IAM user or root ARN',
);

/** What each column holds. Field names are the report's own column names, so SQL and code read alike. */
const KINDS = {
  user: userName,
  arn: userArn,
  user_creation_time: timestamp,
  password_enabled: booleanOrAbsent,
  password_last_used: timestampOrAbsent,
  password_last_changed: timestampOrAbsent,
  password_next_rotation: timestampOrAbsent,
  mfa_active: boolean,
  access_key_1_active: boolean,
  access_key_1_last_rotated: timestampOrAbsent,
  access_key_1_last_used_date: timestampOrAbsent,
  access_key_1_last_used_region: region,
  access_key_1_last_used_service: service,
  access_key_2_active: boolean,
  access_key_2_last_rotated: timestampOrAbsent,
  access_key_2_last_used_date: timestampOrAbsent,
  access_key_2_last_used_region: region,
  access_key_2_last_used_service: service,
  cert_1_active: boolean,
  cert_1_last_rotated: timestampOrAbsent,
  cert_2_active: boolean,
  cert_2_last_rotated: timestampOrAbsent,
} satisfies Record<CredentialReportColumn, CellKind<unknown>>;

/** One validated row, typed. */
export type CredentialReportRow = {
  -readonly [Column in CredentialReportColumn]: ReturnType<(typeof KINDS)[Column]['value']>;
};

// The kinds in column order, for the loops over a row's cells.
const COLUMN_KINDS: readonly CellKind<unknown>[] = CREDENTIAL_REPORT_COLUMNS.map((column) => KINDS[column]);

/** A cell, or a combination of cells within one row, that IAM never writes, and the column that shows it. */
export interface RowProblem {
  readonly column: CredentialReportColumn;
  readonly message: string;
}

/** The cell of `column` in a row of cells in the report's column order. */
const at = (cells: readonly string[], column: CredentialReportColumn): string =>
  cells[COLUMN_INDEX[column]] as string;
const COLUMN_INDEX = Object.fromEntries(
  CREDENTIAL_REPORT_COLUMNS.map((column, index) => [column, index]),
) as Record<CredentialReportColumn, number>;

/**
 * The one validator of a credential-report row, the 22 cells in the report's column order: the
 * first cell, in column order, that IAM would never write in its column, else the first impossible
 * combination (rowCombinationProblem); undefined for a row IAM could have written. Every reader of
 * reports (the CLI's scan, download-report, the typed rows) goes through it.
 */
export function reportRowProblem(cells: readonly string[]): RowProblem | undefined {
  for (let index = 0; index < COLUMN_KINDS.length; index += 1) {
    const kind = COLUMN_KINDS[index] as CellKind<unknown>;
    const text = cells[index] as string;
    if (!kind.accepts(text)) {
      return {
        column: CREDENTIAL_REPORT_COLUMNS[index] as CredentialReportColumn,
        message: kind.refusal(text),
      };
    }
  }
  return rowCombinationProblem(cells);
}

/** The typed row of cells that reportRowProblem accepted (what it returns for others is undefined). */
export function typedReportRow(cells: readonly string[]): CredentialReportRow {
  const row: Record<string, unknown> = {};
  for (let index = 0; index < COLUMN_KINDS.length; index += 1) {
    row[CREDENTIAL_REPORT_COLUMNS[index] as string] = (COLUMN_KINDS[index] as CellKind<unknown>).value(
      cells[index] as string,
    );
  }
  return row as CredentialReportRow;
}

// The column names spelt out once: rowCombinationProblem runs on every row of every report.
const KEYS = ([1, 2] as const).map((key) => ({
  key,
  active: `access_key_${key}_active`,
  rotated: `access_key_${key}_last_rotated`,
  uses: [
    `access_key_${key}_last_used_date`,
    `access_key_${key}_last_used_region`,
    `access_key_${key}_last_used_service`,
  ],
})) as readonly {
  readonly key: 1 | 2;
  readonly active: 'access_key_1_active' | 'access_key_2_active';
  readonly rotated: 'access_key_1_last_rotated' | 'access_key_2_last_rotated';
  readonly uses: readonly CredentialReportColumn[];
}[];
const CERTS = ([1, 2] as const).map((cert) => ({
  active: `cert_${cert}_active`,
  rotated: `cert_${cert}_last_rotated`,
})) as readonly {
  readonly active: 'cert_1_active' | 'cert_2_active';
  readonly rotated: 'cert_1_last_rotated' | 'cert_2_last_rotated';
}[];

/**
 * What makes a row that validated cell by cell still impossible. Each of these would otherwise turn
 * into a silently missing finding (an active key without a rotation date is never "old"), so the
 * row is refused. Only combinations IAM cannot write are refused: N/A, no_information and
 * not_supported stay legal wherever IAM writes them (a removed password keeps its last use, the
 * root row says not_supported, pre-2015 activity is no_information). Read on the cells' text, which
 * every cell check has passed: a marker is absent, anything else in a timestamp column a timestamp.
 */
function rowCombinationProblem(cells: readonly string[]): RowProblem | undefined {
  const user = at(cells, 'user');
  const arn = at(cells, 'arn');
  const root = user === ROOT_USER_NAME;
  if (root !== arn.endsWith(':root')) {
    return {
      column: 'user',
      message: `user ${quoted(user)} does not match ARN ${arn}: only the root ARN is ${ROOT_USER_NAME}`,
    };
  }
  if (!root) {
    const named = arn.slice(arn.lastIndexOf('/') + 1);
    if (named !== user) {
      return {
        column: 'user',
        message: `user ${quoted(user)} does not match ARN ${arn}, which names user ${quoted(named)}`,
      };
    }
    const passwordEnabled = at(cells, 'password_enabled');
    if (isMarker(passwordEnabled)) {
      return {
        column: 'password_enabled',
        message: `${quoted(passwordEnabled)} on an IAM user; IAM writes true or false for every user (${ROOT_USER_NAME} alone has not_supported)`,
      };
    }
  }
  for (const { key, active, rotated, uses } of KEYS) {
    const since = at(cells, rotated);
    if (at(cells, active) === 'true' && isMarker(since)) {
      return {
        column: rotated,
        message: `${quoted(since)} for an active access key (${active} is true); IAM writes when every existing key was created or rotated`,
      };
    }
    if (since === NOT_APPLICABLE.absent) {
      // N/A: no such key. A key that does not exist has no last use either.
      for (const column of uses) {
        const value = at(cells, column);
        if (!isMarker(value)) {
          const shown =
            KINDS[column] === region || KINDS[column] === service
              ? value
              : timestamp.value(value).toISOString();
          return {
            column,
            message: `access key ${key} has a last use (${quoted(shown)}) but ${rotated} is N/A (no such key)`,
          };
        }
      }
    }
  }
  for (const { active, rotated } of CERTS) {
    const since = at(cells, rotated);
    if (at(cells, active) === 'true' && isMarker(since)) {
      return {
        column: rotated,
        message: `${quoted(since)} for an active signing certificate (${active} is true); IAM writes when every existing certificate was uploaded`,
      };
    }
  }
  return undefined;
}
