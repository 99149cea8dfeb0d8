import { z } from 'zod';
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

const timestamp = z.string().transform((text, ctx): Date => {
  const instant = parseIamTimestamp(text);
  if (instant) return instant;
  ctx.addIssue({ code: 'custom', message: `${quoted(text)} is not an ISO-8601 timestamp` });
  return z.NEVER;
});

const timestampOrAbsent = z.string().transform((text, ctx): TimestampOrAbsent => {
  const marker = absentMarker(text);
  if (marker) return { absent: marker };
  const instant = parseIamTimestamp(text);
  if (instant) return instant;
  ctx.addIssue({
    code: 'custom',
    message: `${quoted(text)} is neither an ISO-8601 timestamp nor one of ${MARKERS_TEXT}`,
  });
  return z.NEVER;
});

const boolean = z.string().transform((text, ctx): boolean => {
  if (text === 'true') return true;
  if (text === 'false') return false;
  ctx.addIssue({ code: 'custom', message: `${quoted(text)} is not a boolean (true or false)` });
  return z.NEVER;
});

const booleanOrAbsent = z.string().transform((text, ctx): BooleanOrAbsent => {
  if (text === 'true') return true;
  if (text === 'false') return false;
  const marker = absentMarker(text);
  if (marker) return { absent: marker };
  ctx.addIssue({
    code: 'custom',
    message: `${quoted(text)} is neither a boolean (true or false) nor one of ${MARKERS_TEXT}`,
  });
  return z.NEVER;
});

const textOrAbsent = z.string().transform((text, ctx): TextOrAbsent => {
  const marker = absentMarker(text);
  if (marker) return { absent: marker };
  if (text.length > 0) return text;
  ctx.addIssue({ code: 'custom', message: `is empty; expected a value or one of ${MARKERS_TEXT}` });
  return z.NEVER;
});

// IAM user names: 1-64 characters of [\w+=,.@-]; the root row is <root_account>.
const userName = z.string().regex(/^(?:[\w+=,.@-]{1,64}|<root_account>)$/, {
  error: (issue) => `${quoted(String(issue.input))} is not an IAM user name`,
});

const userArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:(?:root|user\/(?:[\w+=,.@/-]*\/)?[\w+=,.@-]{1,64})$/, {
    error: (issue) => `${quoted(String(issue.input))} is not an IAM user or root ARN`,
  });

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
} satisfies Record<CredentialReportColumn, z.ZodType>);

export type CredentialReportRow = z.output<typeof credentialReportRowSchema>;
