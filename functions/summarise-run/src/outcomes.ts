import { accountIdSchema, runContextSchema } from '@credential-tracker/core/aws';
import * as z from '@credential-tracker/core/zod';

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
  Error: z.string().check(z.minLength(1)),
  Cause: z.optional(z.string()),
});

export const accountOutcomeSchema = z.discriminatedUnion('status', [
  z.strictObject({ account_id: accountIdSchema, status: z.literal('stored') }),
  z.strictObject({ account_id: accountIdSchema, status: z.literal('failed'), error: caughtErrorSchema }),
]);

/** A failed finding has no counts at all: it found nothing we know of, which is not "0 found". */
export const findingOutcomeSchema = z.discriminatedUnion('status', [
  z.strictObject({
    finding: z.string().check(z.minLength(1)),
    status: z.literal('succeeded'),
    count: z.number().check(z.int(), z.gte(0)),
    accounts: z.number().check(z.int(), z.gte(0)),
  }),
  z.strictObject({
    finding: z.string().check(z.minLength(1)),
    status: z.literal('failed'),
    error: caughtErrorSchema,
  }),
]);

/**
 * The Security Hub export (security_hub_export): off, what ExportFindings returned, or its Catch's
 * error (RecordExportFailure). Absent from a definition older than the export.
 */
export const securityHubOutcomeSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('off') }),
  z.strictObject({
    status: z.literal('exported'),
    accounts: z.number().check(z.int(), z.gte(0)),
    imported: z.number().check(z.int(), z.gte(0)),
    archived: z.number().check(z.int(), z.gte(0)),
  }),
  z.strictObject({ status: z.literal('failed'), error: caughtErrorSchema }),
]);

export const summariseRunEventSchema = z.strictObject({
  run: runContextSchema,
  accounts: z.array(accountOutcomeSchema),
  findings: z.array(findingOutcomeSchema),
  security_hub: z.optional(securityHubOutcomeSchema),
});

export type CaughtError = z.output<typeof caughtErrorSchema>;
export type AccountOutcome = z.output<typeof accountOutcomeSchema>;
export type FindingOutcome = z.output<typeof findingOutcomeSchema>;
export type SucceededFinding = Extract<FindingOutcome, { status: 'succeeded' }>;
export type SecurityHubOutcome = z.output<typeof securityHubOutcomeSchema>;
export type SummariseRunEvent = z.output<typeof summariseRunEventSchema>;
