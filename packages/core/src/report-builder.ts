import { ROOT_USER_NAME } from './columns.js';
import type { CredentialReportRow } from './report-row.js';
import { NOT_APPLICABLE, NOT_SUPPORTED } from './values.js';

/**
 * A user with no password, no keys and no certificates; override what a case needs. Builds the rows
 * of examples, tests and benchmarks so that each states only what matters to it.
 */
export function iamUserRow(
  accountId: string,
  userName: string,
  overrides: Partial<CredentialReportRow> = {},
): CredentialReportRow {
  return {
    user: userName,
    arn: `arn:aws:iam::${accountId}:user/${userName}`,
    user_creation_time: new Date('2020-01-01T00:00:00Z'),
    password_enabled: false,
    password_last_used: NOT_APPLICABLE,
    password_last_changed: NOT_APPLICABLE,
    password_next_rotation: NOT_APPLICABLE,
    mfa_active: false,
    access_key_1_active: false,
    access_key_1_last_rotated: NOT_APPLICABLE,
    access_key_1_last_used_date: NOT_APPLICABLE,
    access_key_1_last_used_region: NOT_APPLICABLE,
    access_key_1_last_used_service: NOT_APPLICABLE,
    access_key_2_active: false,
    access_key_2_last_rotated: NOT_APPLICABLE,
    access_key_2_last_used_date: NOT_APPLICABLE,
    access_key_2_last_used_region: NOT_APPLICABLE,
    access_key_2_last_used_service: NOT_APPLICABLE,
    cert_1_active: false,
    cert_1_last_rotated: NOT_APPLICABLE,
    cert_2_active: false,
    cert_2_last_rotated: NOT_APPLICABLE,
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
