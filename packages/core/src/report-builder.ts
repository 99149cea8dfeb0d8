import { ROOT_USER_NAME } from './columns.js';
import type { CredentialReportRow } from './report-row.js';
import { NOT_APPLICABLE, NOT_SUPPORTED, type Absent } from './values.js';

/**
 * A user with no password, no keys and no certificates; override what a case needs. Builds the rows
 * of examples, tests and benchmarks so that each states only what matters to it. A key or certificate
 * made active without its date gets the user's creation time: IAM always writes one, and the parser
 * refuses an active one without it.
 */
export function iamUserRow(
  accountId: string,
  userName: string,
  overrides: Partial<CredentialReportRow> = {},
): CredentialReportRow {
  const created = overrides.user_creation_time ?? new Date('2020-01-01T00:00:00Z');
  const since = (on: boolean | Absent | undefined): Date | Absent => (on === true ? created : NOT_APPLICABLE);
  return {
    user: userName,
    arn: `arn:aws:iam::${accountId}:user/${userName}`,
    user_creation_time: created,
    password_enabled: false,
    password_last_used: NOT_APPLICABLE,
    password_last_changed: NOT_APPLICABLE,
    password_next_rotation: NOT_APPLICABLE,
    mfa_active: false,
    access_key_1_active: false,
    access_key_1_last_rotated: since(overrides.access_key_1_active),
    access_key_1_last_used_date: NOT_APPLICABLE,
    access_key_1_last_used_region: NOT_APPLICABLE,
    access_key_1_last_used_service: NOT_APPLICABLE,
    access_key_2_active: false,
    access_key_2_last_rotated: since(overrides.access_key_2_active),
    access_key_2_last_used_date: NOT_APPLICABLE,
    access_key_2_last_used_region: NOT_APPLICABLE,
    access_key_2_last_used_service: NOT_APPLICABLE,
    cert_1_active: false,
    cert_1_last_rotated: since(overrides.cert_1_active),
    cert_2_active: false,
    cert_2_last_rotated: since(overrides.cert_2_active),
    ...overrides,
  };
}

/** The root row as IAM writes it: password fields not_supported, MFA on, no keys unless overridden. */
export function rootRow(
  accountId: string,
  overrides: Partial<CredentialReportRow> = {},
): CredentialReportRow {
  return iamUserRow(accountId, ROOT_USER_NAME, {
    arn: `arn:aws:iam::${accountId}:root`,
    password_enabled: NOT_SUPPORTED,
    password_last_changed: NOT_SUPPORTED,
    password_next_rotation: NOT_SUPPORTED,
    mfa_active: true,
    ...overrides,
  });
}
