import * as z from './zod.js';
import type { CredentialReportColumn } from './columns.js';
import {
  absentMarker,
  ABSENT_MARKERS,
  parseIamTimestamp,
  type BooleanOrAbsent,
  type TextOrAbsent,
  type TimestampOrAbsent,
} from './values.js';

const MARKERS_TEXT = ABSENT_MARKERS.join(', ');

const quoted = (text: string): string => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);

// zod/mini's transform has no ctx.addIssue: this puts the issue on the payload as addIssue did.
const refuse = (payload: z.core.ParsePayload, message: string): never => {
  payload.issues.push({ code: 'custom', message, input: payload.value });
  return z.NEVER;
};

const timestamp = z.pipe(
  z.string(),
  z.transform((text: string, payload): Date => {
    const instant = parseIamTimestamp(text);
    if (instant) return instant;
    return refuse(payload, `${quoted(text)} is not an ISO-8601 timestamp`);
  }),
);

const timestampOrAbsent = z.pipe(
  z.string(),
  z.transform((text: string, payload): TimestampOrAbsent => {
    const marker = absentMarker(text);
    if (marker) return { absent: marker };
    const instant = parseIamTimestamp(text);
    if (instant) return instant;
    return refuse(payload, `${quoted(text)} is neither an ISO-8601 timestamp nor one of ${MARKERS_TEXT}`);
  }),
);

const boolean = z.pipe(
  z.string(),
  z.transform((text: string, payload): boolean => {
    if (text === 'true') return true;
    if (text === 'false') return false;
    return refuse(payload, `${quoted(text)} is not a boolean (true or false)`);
  }),
);

const booleanOrAbsent = z.pipe(
  z.string(),
  z.transform((text: string, payload): BooleanOrAbsent => {
    if (text === 'true') return true;
    if (text === 'false') return false;
    const marker = absentMarker(text);
    if (marker) return { absent: marker };
    return refuse(payload, `${quoted(text)} is neither a boolean (true or false) nor one of ${MARKERS_TEXT}`);
  }),
);

const textOrAbsent = z.pipe(
  z.string(),
  z.transform((text: string, payload): TextOrAbsent => {
    const marker = absentMarker(text);
    if (marker) return { absent: marker };
    if (text.length > 0) return text;
    return refuse(payload, `is empty; expected a value or one of ${MARKERS_TEXT}`);
  }),
);

// IAM user names: 1-64 characters of [\w+=,.@-]; the root row is <root_account>.
const userName = z.string().check(
  z.regex(/^(?:[\w+=,.@-]{1,64}|<root_account>)$/, {
    error: (issue) => `${quoted(String(issue.input))} is not an IAM user name`,
  }),
);

const userArn = z.string().check(
  z.regex(/^arn:aws[a-z-]*:iam::\d{12}:(?:root|user\/(?:[\w+=,.@/-]*\/)?[\w+=,.@-]{1,64})$/, {
    error: (issue) => `${quoted(String(issue.input))} is not an IAM user or root ARN`,
  }),
);

/** One validated row. Field names are the report's own column names, so SQL and code read alike. */
export const credentialReportRowSchema = z.object({
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
  access_key_1_last_used_region: textOrAbsent,
  access_key_1_last_used_service: textOrAbsent,
  access_key_2_active: boolean,
  access_key_2_last_rotated: timestampOrAbsent,
  access_key_2_last_used_date: timestampOrAbsent,
  access_key_2_last_used_region: textOrAbsent,
  access_key_2_last_used_service: textOrAbsent,
  cert_1_active: boolean,
  cert_1_last_rotated: timestampOrAbsent,
  cert_2_active: boolean,
  cert_2_last_rotated: timestampOrAbsent,
} satisfies Record<CredentialReportColumn, z.ZodMiniType>);

export type CredentialReportRow = z.output<typeof credentialReportRowSchema>;
