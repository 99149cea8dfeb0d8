import { accountIdSchema, reportBucketSettingsShape } from '@credential-tracker/core/aws';
import * as z from '@credential-tracker/core/zod';

/** Blank or unset is none. */
const optionalText = z.pipe(
  z.optional(z.string()),
  z.transform((text: string | undefined) => (text?.trim() ? text.trim() : undefined)),
);

const address = z.email('an email address');

/**
 * `account_id=address` pairs, comma-separated, as CT_FALLBACK_EMAIL_BY_ACCOUNT spells its map
 * (`111111111111=payments@example.com,222222222222=data@example.com`); blank or unset is empty.
 */
const addressesByAccount = z.pipe(
  z.pipe(
    z.optional(z.string()),
    z.transform((text: string | undefined, context) => {
      const entries: [string, string][] = [];
      for (const pair of (text ?? '').split(',').map((part) => part.trim())) {
        if (pair === '') continue;
        const [account, value, ...rest] = pair.split('=').map((part) => part.trim());
        if (value === undefined || rest.length > 0) {
          context.issues.push({
            code: 'custom',
            input: pair,
            message: `${JSON.stringify(pair)} is not account_id=address`,
          });
          continue;
        }
        if (entries.some(([earlier]) => earlier === account)) {
          context.issues.push({ code: 'custom', input: pair, message: `account ${account} is given twice` });
          continue;
        }
        entries.push([account as string, value]);
      }
      return Object.fromEntries(entries);
    }),
  ),
  z.record(accountIdSchema, address),
);

/** The deployment settings of generate-review (environment variables, set by Terraform). */
export const generateReviewSettingsSchema = z.object({
  ...reportBucketSettingsShape,
  /** The verified SES sender; unset or blank: the reviews are written and nobody is emailed. */
  NOTIFY_FROM: z.pipe(optionalText, z.optional(address)),
  /** organization: an account without a configured contact is emailed at its Organizations address. */
  ACCOUNT_SCOPE: z._default(z.enum(['organization', 'single']), 'organization'),
  /** The review contact of an account that has none of its own in REVIEW_CONTACTS_BY_ACCOUNT. */
  REVIEW_CONTACT: z.pipe(optionalText, z.optional(address)),
  REVIEW_CONTACTS_BY_ACCOUNT: addressesByAccount,
  /** How many days back from today the newest inventory is looked for. */
  INVENTORY_LOOKBACK_DAYS: z._default(
    z.pipe(
      z.pipe(
        z.string(),
        z.transform((text: string) => Number(text.trim() || Number.NaN)),
      ),
      z.int('a whole number of days').check(z.gte(1, 'at least 1 day'), z.lte(366, 'at most 366 days')),
    ),
    7,
  ),
});

export type GenerateReviewSettings = z.output<typeof generateReviewSettingsSchema>;
