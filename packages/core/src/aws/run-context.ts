import * as z from '../zod.js';

/**
 * What identifies one daily run, passed from state to state: the execution's name and the instant
 * every finding is computed at (the execution's start, never a Lambda's own clock).
 */
export const runContextSchema = z.strictObject({
  run_id: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,80}$/, 'a Step Functions execution name')),
  as_of: z.iso.datetime({ offset: true }),
  date: z.iso.date(),
});

export type RunContext = z.output<typeof runContextSchema>;

export function runContext(runId: string, asOf: Date): RunContext {
  return runContextSchema.parse({
    run_id: runId,
    as_of: asOf.toISOString(),
    date: asOf.toISOString().slice(0, 10),
  });
}
