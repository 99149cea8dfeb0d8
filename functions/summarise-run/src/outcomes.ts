import { accountResultsSchema, caughtErrorSchema, runContextSchema } from '@credential-tracker/core/aws';
import * as z from '@credential-tracker/core/zod';

/**
 * What the state machine hands to summarise-run, exactly as the definition template shapes it. Every
 * object is strict: a field this schema does not know (a failure's status or error, say) is refused
 * rather than silently dropped, so a failed step can never pass for an empty result.
 */

// A Catch's error output and an account's outcome (its iteration's output) are the accounts Map's
// contract, defined with the reader of its ResultWriter files in core.
export { caughtErrorSchema, accountOutcomeSchema } from '@credential-tracker/core/aws';

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

/**
 * The accounts' outcomes are not in the event: it holds the accounts Map's ResultWriter manifest,
 * and summarise-run reads the outcomes from S3 (readAccountOutcomes), so the event stays the same
 * size whatever the Organization's.
 */
export const summariseRunEventSchema = z.strictObject({
  run: runContextSchema,
  account_results: accountResultsSchema,
  findings: z.array(findingOutcomeSchema),
  security_hub: z.optional(securityHubOutcomeSchema),
});

export type { AccountOutcome, CaughtError } from '@credential-tracker/core/aws';
export type FindingOutcome = z.output<typeof findingOutcomeSchema>;
export type SucceededFinding = Extract<FindingOutcome, { status: 'succeeded' }>;
export type SecurityHubOutcome = z.output<typeof securityHubOutcomeSchema>;
export type SummariseRunEvent = z.output<typeof summariseRunEventSchema>;
