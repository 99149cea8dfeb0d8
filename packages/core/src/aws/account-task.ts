import * as z from '../zod.js';
import { runContextSchema } from './run-context.js';
import { accountIdSchema } from './settings.js';
import type { MemberRoleSettings } from './member-role.js';

/** The event of every per-account state of the Map (GenerateReport, DownloadReport). */
export const accountTaskEventSchema = z.object({
  run: runContextSchema,
  account_id: accountIdSchema,
});

export type AccountTaskEvent = z.output<typeof accountTaskEventSchema>;

/** The settings of a function that assumes the member role: spread into its settings schema. */
export const memberRoleSettingsShape = {
  MEMBER_ROLE_NAME: z.string().check(z.regex(/^[\w+=,.@/-]{1,64}$/, 'an IAM role name')),
  MEMBER_ROLE_EXTERNAL_ID: z.pipe(
    z.optional(z.string()),
    z.transform((text: string | undefined) => (text?.trim() ? text.trim() : undefined)),
  ),
};

export const memberRoleOf = (settings: {
  MEMBER_ROLE_NAME: string;
  MEMBER_ROLE_EXTERNAL_ID?: string | undefined;
}): MemberRoleSettings => ({
  roleName: settings.MEMBER_ROLE_NAME,
  externalId: settings.MEMBER_ROLE_EXTERNAL_ID,
});
