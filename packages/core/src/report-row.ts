import { CREDENTIAL_REPORT_COLUMNS, ROOT_USER_NAME, type CredentialReportColumn } from './columns.js';
import {
  absentMarker,
  ABSENT_MARKERS,
  isAbsent,
  NOT_APPLICABLE,
  parseIamTimestamp,
  type BooleanOrAbsent,
  type TextOrAbsent,
  type TimestampOrAbsent,
} from './values.js';

const MARKERS_TEXT = ABSENT_MARKERS.join(', ');

const quoted = (text: string): string => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);

/**
 * How one kind of cell is read: `parse` returns the typed value or REFUSED, and `refusal` says why,
 * computed only for the cell that fails. Hand-written rather than a zod schema: this runs on every
 * cell of every report (22 million cells at a million users), and zod's per-cell payloads and
 * issue arrays cost twice the CPU; the messages are the ones the zod schema gave.
 */
interface CellReader<T> {
  readonly parse: (text: string) => T | typeof REFUSED;
  readonly refusal: (text: string) => string;
}

const REFUSED: unique symbol = Symbol('refused');

const timestamp: CellReader<Date> = {
  parse: (text) => parseIamTimestamp(text) ?? REFUSED,
  refusal: (text) => `${quoted(text)} is not an ISO-8601 timestamp`,
};

const timestampOrAbsent: CellReader<TimestampOrAbsent> = {
  parse: (text) => {
    const marker = absentMarker(text);
    if (marker) return { absent: marker };
    return parseIamTimestamp(text) ?? REFUSED;
  },
  refusal: (text) => `${quoted(text)} is neither an ISO-8601 timestamp nor one of ${MARKERS_TEXT}`,
};

const boolean: CellReader<boolean> = {
  parse: (text) => (text === 'true' ? true : text === 'false' ? false : REFUSED),
  refusal: (text) => `${quoted(text)} is not a boolean (true or false)`,
};

const booleanOrAbsent: CellReader<BooleanOrAbsent> = {
  parse: (text) => {
    if (text === 'true') return true;
    if (text === 'false') return false;
    const marker = absentMarker(text);
    return marker ? { absent: marker } : REFUSED;
  },
  refusal: (text) => `${quoted(text)} is neither a boolean (true or false) nor one of ${MARKERS_TEXT}`,
};

// A region (eu-west-1, us-gov-west-1) or a service namespace (s3, execute-api): IAM writes nothing
// else there, and the value reaches HTML, CSV and email, so anything else is refused, not escaped.
const REGION_OR_SERVICE = /^[a-z0-9-]{1,64}$/;

const regionOrServiceOrAbsent = (what: string): CellReader<TextOrAbsent> => ({
  parse: (text) => {
    const marker = absentMarker(text);
    if (marker) return { absent: marker };
    return REGION_OR_SERVICE.test(text) ? text : REFUSED;
  },
  refusal: (text) =>
    text.length === 0
      ? `is empty; expected ${what} or one of ${MARKERS_TEXT}`
      : `${quoted(text)} is not ${what} (1-64 of a-z, 0-9 and -) nor one of ${MARKERS_TEXT}`,
});

const region = regionOrServiceOrAbsent('an AWS region');
const service = regionOrServiceOrAbsent('an AWS service namespace');

const matching = (pattern: RegExp, what: string): CellReader<string> => ({
  parse: (text) => (pattern.test(text) ? text : REFUSED),
  refusal: (text) => `${quoted(text)} is not ${what}`,
});

// IAM user names: 1-64 characters of [\w+=,.@-]; the root row is <root_account>.
const userName = matching(/^(?:[\w+=,.@-]{1,64}|<root_account>)$/, 'an IAM user name');

// IAM paths are at most 512 characters, so an ARN is bounded too (no absurdly long value passes).
const userArn = matching(
  /^arn:aws[a-z-]*:iam::\d{12}:(?:root|user\/(?:[\w+=,.@/-]{0,510}\/)?[\w+=,.@-]{1,64})$/,
  'an IAM user or root ARN',
);

/** How each column is read. Field names are the report's own column names, so SQL and code read alike. */
const READERS = {
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
} satisfies Record<CredentialReportColumn, CellReader<unknown>>;

type Readers = typeof READERS;

/** One validated row. */
export type CredentialReportRow = {
  -readonly [Column in CredentialReportColumn]: Exclude<ReturnType<Readers[Column]['parse']>, typeof REFUSED>;
};

// The readers in column order, for the loop over a row's cells.
const COLUMN_READERS = CREDENTIAL_REPORT_COLUMNS.map((column) => [column, READERS[column]] as const);

/** A cell that is not what IAM writes in its column, and why. */
export interface CellProblem {
  readonly column: CredentialReportColumn;
  readonly message: string;
}

/**
 * Reads the 22 cells of a row (in the report's column order) into a typed row, or names the first
 * column, in that order, whose cell IAM would never write there.
 */
export function readReportRow(cells: readonly string[]): CredentialReportRow | CellProblem {
  const row: Record<string, unknown> = {};
  for (let index = 0; index < COLUMN_READERS.length; index += 1) {
    const [column, reader] = COLUMN_READERS[index] as (typeof COLUMN_READERS)[number];
    const text = cells[index] as string;
    const value = (reader.parse as (text: string) => unknown)(text);
    if (value === REFUSED) return { column, message: reader.refusal(text) };
    row[column] = value;
  }
  return row as CredentialReportRow;
}

/** Whether readReportRow refused the row. */
export function isCellProblem(result: CredentialReportRow | CellProblem): result is CellProblem {
  return 'message' in result;
}

/** A combination of values within one row that IAM never writes, and the column that shows it. */
export interface RowProblem {
  readonly column: CredentialReportColumn;
  readonly message: string;
}

// The column names spelt out once: rowProblem runs on every row of every report (the hot path).
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
 * root row says not_supported, pre-2015 activity is no_information).
 */
export function rowProblem(row: CredentialReportRow): RowProblem | undefined {
  const root = row.user === ROOT_USER_NAME;
  if (root !== row.arn.endsWith(':root')) {
    return {
      column: 'user',
      message: `user ${quoted(row.user)} does not match ARN ${row.arn}: only the root ARN is ${ROOT_USER_NAME}`,
    };
  }
  if (!root) {
    const named = row.arn.slice(row.arn.lastIndexOf('/') + 1);
    if (named !== row.user) {
      return {
        column: 'user',
        message: `user ${quoted(row.user)} does not match ARN ${row.arn}, which names user ${quoted(named)}`,
      };
    }
    if (isAbsent(row.password_enabled)) {
      return {
        column: 'password_enabled',
        message: `${quoted(row.password_enabled.absent)} on an IAM user; IAM writes true or false for every user (${ROOT_USER_NAME} alone has not_supported)`,
      };
    }
  }
  for (const { key, active, rotated, uses } of KEYS) {
    const since = row[rotated];
    if (row[active] && isAbsent(since)) {
      return {
        column: rotated,
        message: `${quoted(since.absent)} for an active access key (${active} is true); IAM writes when every existing key was created or rotated`,
      };
    }
    if (isAbsent(since) && since.absent === NOT_APPLICABLE.absent) {
      // N/A: no such key. A key that does not exist has no last use either.
      for (const column of uses) {
        const value = row[column] as TimestampOrAbsent | TextOrAbsent;
        if (!isAbsent(value)) {
          return {
            column,
            message: `access key ${key} has a last use (${quoted(value instanceof Date ? value.toISOString() : value)}) but ${rotated} is N/A (no such key)`,
          };
        }
      }
    }
  }
  for (const { active, rotated } of CERTS) {
    const since = row[rotated];
    if (row[active] && isAbsent(since)) {
      return {
        column: rotated,
        message: `${quoted(since.absent)} for an active signing certificate (${active} is true); IAM writes when every existing certificate was uploaded`,
      };
    }
  }
  return undefined;
}
