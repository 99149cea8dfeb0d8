import { z } from 'zod';

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
  account_id: z.string().regex(/^\d{12}$/),
  user_name: z.string().min(1),
  user_arn: z.string().startsWith('arn:'),
  credential: z.string().regex(/^(?:access_key_[12]|access_keys|password|cert_[12]|mfa|root)$/),
  created_at: z.date().nullable(),
  last_used_at: z.date().nullable(),
  days: z.number().int().nullable(),
});

export type FindingRow = z.output<typeof findingRowSchema>;
