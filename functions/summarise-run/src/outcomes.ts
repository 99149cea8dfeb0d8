import { z } from 'zod';
import { accountIdSchema, runContextSchema } from '@credential-tracker/core/aws';

/**
 * What the state machine hands to summarise-run, exactly as the definition template shapes it. Every
 * object is strict: a field this schema does not know (a failure's status or error, say) is refused
 * rather than silently dropped, so a failed step can never pass for an empty result.
 */

/**
 * A Catch's error output, handed on whole (RecordAccountFailure, RecordFindingFailure): Error is the
 * error's name; Cause, when there is one, is a Fail state's text, or for a Lambda function that threw,
 * the runtime's JSON {errorType, errorMessage, trace}.
 */
export const caughtErrorSchema = z.strictObject({
  Error: z.string().min(1),
  Cause: z.string().optional(),
});

export const accountOutcomeSchema = z.discriminatedUnion('status', [
  z.strictObject({ account_id: accountIdSchema, status: z.literal('stored') }),
  z.strictObject({ account_id: accountIdSchema, status: z.literal('failed'), error: caughtErrorSchema }),
]);

/** A failed finding has no counts at all: it found nothing we know of, which is not "0 found". */
export const findingOutcomeSchema = z.discriminatedUnion('status', [
  z.strictObject({
    finding: z.string().min(1),
    status: z.literal('succeeded'),
    count: z.number().int().min(0),
    accounts: z.number().int().min(0),
  }),
  z.strictObject({ finding: z.string().min(1), status: z.literal('failed'), error: caughtErrorSchema }),
]);

export const summariseRunEventSchema = z.strictObject({
  run: runContextSchema,
  accounts: z.array(accountOutcomeSchema),
  findings: z.array(findingOutcomeSchema),
});

export type CaughtError = z.output<typeof caughtErrorSchema>;
export type AccountOutcome = z.output<typeof accountOutcomeSchema>;
export type FindingOutcome = z.output<typeof findingOutcomeSchema>;
export type SucceededFinding = Extract<FindingOutcome, { status: 'succeeded' }>;
export type SummariseRunEvent = z.output<typeof summariseRunEventSchema>;
