import { accountIdSchema } from '@credential-tracker/core/aws';
import * as z from '@credential-tracker/core/zod';

/**
 * A manual run's choice: the inventory date to review (default: the newest within the lookback) and
 * the accounts (default: every account with an inventory that day). The schedule sends `{}`.
 */
export const reviewOverrideSchema = z.strictObject({
  date: z.optional(z.iso.date('a date, YYYY-MM-DD')),
  accounts: z.optional(
    z.array(accountIdSchema).check(
      z.minLength(1, 'at least one account id (leave accounts out for every account)'),
      z.refine((ids) => new Set(ids).size === ids.length, 'each account once'),
    ),
  ),
});

/** An EventBridge scheduled event, should a rule deliver the event itself rather than its `{}` input. */
const scheduledEventSchema = z.looseObject({
  source: z.literal('aws.events'),
  'detail-type': z.literal('Scheduled Event'),
});

export type ReviewOverride = z.output<typeof reviewOverrideSchema>;

export class ReviewEventError extends Error {
  constructor(problems: readonly string[]) {
    super(
      `generate-review: the event is not {} nor {"date": "YYYY-MM-DD", "accounts": ["123456789012", ...]} (both optional): ${problems.join('; ')}`,
    );
    this.name = 'ReviewEventError';
  }
}

/** What the invocation asks for: the schedule's event (or none) is `{}`; a manual run may choose. */
export function parseReviewEvent(event: unknown): ReviewOverride {
  if (event === undefined || event === null) return {};
  if (scheduledEventSchema.safeParse(event).success) return {};
  const parsed = reviewOverrideSchema.safeParse(event);
  if (parsed.success) return parsed.data;
  throw new ReviewEventError(
    parsed.error.issues.map((issue) =>
      issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message,
    ),
  );
}
