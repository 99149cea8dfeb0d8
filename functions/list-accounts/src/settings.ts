import { accountIdSchema, commaList } from '@credential-tracker/core/aws';
import * as z from '@credential-tracker/core/zod';

/** A root (r-...) or an organizational unit (ou-...) id, as Organizations writes them. */
const parentIdSchema = z
  .string()
  .check(
    z.regex(
      /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
      'an OU id (ou-...) or a root id (r-...)',
    ),
  );

export const listAccountsSettingsSchema = z.object({
  /** The tracker's bucket: the run's accounts file goes under runs/. */
  REPORT_BUCKET: z.string().check(z.minLength(3)),
  ACCOUNT_SCOPE: z._default(z.enum(['organization', 'single']), 'organization'),
  INCLUDE_ACCOUNTS: commaList(accountIdSchema),
  EXCLUDE_ACCOUNTS: commaList(accountIdSchema),
  INCLUDE_OUS: commaList(parentIdSchema),
  EXCLUDE_OUS: commaList(parentIdSchema),
});

export type ListAccountsSettings = z.output<typeof listAccountsSettingsSchema>;
