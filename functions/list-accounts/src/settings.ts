import { z } from 'zod';
import { accountIdSchema, commaList } from '@credential-tracker/core/aws';

/** A root (r-...) or an organizational unit (ou-...) id, as Organizations writes them. */
const parentIdSchema = z
  .string()
  .regex(/^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/, 'an OU id (ou-...) or a root id (r-...)');

export const listAccountsSettingsSchema = z.object({
  ACCOUNT_SCOPE: z.enum(['organization', 'single']).default('organization'),
  INCLUDE_ACCOUNTS: commaList(accountIdSchema),
  EXCLUDE_ACCOUNTS: commaList(accountIdSchema),
  INCLUDE_OUS: commaList(parentIdSchema),
  EXCLUDE_OUS: commaList(parentIdSchema),
});

export type ListAccountsSettings = z.output<typeof listAccountsSettingsSchema>;
