/**
 * The columns of an IAM credential report, in the order AWS writes them. Athena's OpenCSVSerde maps
 * columns by position, so the order is part of the contract, not a detail.
 */
export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

export type CredentialReportColumn = (typeof CREDENTIAL_REPORT_COLUMNS)[number];

/** The user name IAM gives the account's root user in a credential report. */
export const ROOT_USER_NAME = '<root_account>';
