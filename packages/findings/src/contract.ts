import * as z from '@credential-tracker/core/zod';

/** The columns every finding query returns, in order: one reader serves every finding. */
export const FINDING_COLUMNS = [
  'account_id',
  'user_name',
  'user_arn',
  'credential',
  'created_at',
  'last_used_at',
  'days',
] as const;

/** Most severe first: the order reports are grouped in and `--fail-on` compares against. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** One row of a finding query, as both engines return it once times are instants. */
export const findingRowSchema = z.strictObject({
  account_id: z.string().check(z.regex(/^\d{12}$/)),
  user_name: z.string().check(z.minLength(1)),
  user_arn: z.string().check(z.startsWith('arn:')),
  credential: z.string().check(z.regex(/^(?:access_key_[12]|access_keys|password|cert_[12]|mfa|root|user)$/)),
  created_at: z.nullable(z.date()),
  last_used_at: z.nullable(z.date()),
  days: z.nullable(z.number().check(z.int())),
});

export type FindingRow = z.output<typeof findingRowSchema>;

const ACCOUNT_ID = /^\d{12}$/;
const CREDENTIAL = /^(?:access_key_[12]|access_keys|password|cert_[12]|mfa|root|user)$/;
const isInstantOrNull = (value: unknown): boolean =>
  value === null || (value instanceof Date && !Number.isNaN(value.getTime()));

/**
 * findingRowSchema's check by hand, for the engine's hot path (a row of every finding). A row it
 * refuses goes through the schema, whose message names the field.
 */
export function keepsFindingContract(row: FindingRow): boolean {
  return (
    typeof row.account_id === 'string' &&
    ACCOUNT_ID.test(row.account_id) &&
    typeof row.user_name === 'string' &&
    row.user_name.length > 0 &&
    typeof row.user_arn === 'string' &&
    row.user_arn.startsWith('arn:') &&
    typeof row.credential === 'string' &&
    CREDENTIAL.test(row.credential) &&
    isInstantOrNull(row.created_at) &&
    isInstantOrNull(row.last_used_at) &&
    (row.days === null || Number.isInteger(row.days))
  );
}
